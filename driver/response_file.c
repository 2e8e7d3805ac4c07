#include "response_file.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

enum { MAX_RESPONSE_DEPTH = 32, MAX_RESPONSE_FILES = 2000 };

void split_words(const char *text, size_t len, struct strvec *out) {
  size_t i = 0;
  char *word = xmalloc(len + 1);
  for (;;) {
    while (i < len && isspace((unsigned char)text[i]))
      i++;
    if (i >= len)
      break;
    size_t n = 0;
    char quote = 0;
    for (; i < len; i++) {
      char c = text[i];
      if (c == '\\' && i + 1 < len) {
        word[n++] = text[++i];
      } else if (quote) {
        if (c == quote)
          quote = 0;
        else
          word[n++] = c;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (isspace((unsigned char)c)) {
        break;
      } else {
        word[n++] = c;
      }
    }
    strvec_push_owned(out, xstrndup(word, n));
  }
  free(word);
}

/* The whole file, or NULL when it is not a readable regular file. It is
 * opened O_NONBLOCK: a FIFO (or a device) named as a response file is not
 * waited on, or read, as reading would take its words from the compiler;
 * it is passed on unread, with a warning. */
static char *read_small_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size > 64 * 1024 * 1024) {
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
      diag_warning("@%s is not a regular file: not read, passed on to the "
                   "compiler as it is; an option in it (-shared) is not seen "
                   "here, and a library it links is not checked",
                   path);
    close(fd);
    return NULL;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  size_t size = (size_t)st.st_size, got = 0;
  char *text = xmalloc(size + 1);
  while (got < size) {
    ssize_t n = read(fd, text + got, size - got);
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  close(fd);
  text[got] = '\0';
  *len = got;
  return text;
}

struct expansion {
  struct strvec *out;
  unsigned files;
};

static void expand(struct expansion *e, char *const *args, size_t count,
                   const char *from_dir, unsigned depth);

static void expand_one(struct expansion *e, const char *arg,
                       const char *from_dir, unsigned depth) {
  if (arg[0] != '@' || arg[1] == '\0' || depth >= MAX_RESPONSE_DEPTH ||
      e->files >= MAX_RESPONSE_FILES) {
    strvec_push(e->out, arg);
    return;
  }
  const char *name = arg + 1;
  size_t len;
  char *text = read_small_file(name, &len);
  char *path = NULL;
  if (!text && from_dir && name[0] != '/') {
    path = xasprintf("%s/%s", from_dir, name);
    text = read_small_file(path, &len);
  }
  if (!text) {
    free(path);
    strvec_push(e->out, arg);
    return;
  }
  e->files++;
  const char *used = path ? path : name;
  const char *slash = strrchr(used, '/');
  char *dir = slash ? xstrndup(used, (size_t)(slash - used)) : NULL;
  struct strvec words;
  strvec_init(&words);
  split_words(text, len, &words);
  expand(e, words.items, words.len, dir, depth + 1);
  strvec_free(&words);
  free(dir);
  free(path);
  free(text);
}

static void expand(struct expansion *e, char *const *args, size_t count,
                   const char *from_dir, unsigned depth) {
  for (size_t i = 0; i < count; i++)
    expand_one(e, args[i], from_dir, depth);
}

void expand_response_files(char *const *args, size_t count,
                           struct strvec *out) {
  struct expansion e = {out, 0};
  expand(&e, args, count, NULL, 0);
}
