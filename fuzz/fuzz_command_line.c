/* libFuzzer harness for what the driver reads from others: compiler
 * command lines (the words of a response file, split and read as an
 * argument vector) and cargo's JSON messages. A crash, a sanitizer report
 * or a leak is a bug. Nothing here runs a compiler or touches files: the
 * words are read, never expanded from disk. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cargo_messages.h"
#include "command_line.h"
#include "response_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct strvec words;
  strvec_init(&words);
  split_words((const char *)data, size, &words);
  struct command_line cl;
  command_line_read(&cl, words.items, words.len);
  (void)command_line_links_shared(&cl);
  command_line_free(&cl);
  strvec_free(&words);

  /* One cargo message per line, as cargo writes them. */
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  struct cargo_outputs outputs;
  cargo_outputs_init(&outputs);
  for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save))
    cargo_message_read(line, &outputs);
  cargo_outputs_free(&outputs);
  free(text);
  return 0;
}
