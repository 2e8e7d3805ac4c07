/* cargo's JSON messages (--message-format=json...), one per line on its
 * standard output: what a build produced that tlsguard-lint should see. */
#ifndef TLSGUARD_DRIVER_CARGO_MESSAGES_H
#define TLSGUARD_DRIVER_CARGO_MESSAGES_H

#include <stdbool.h>

#include "strvec.h"

struct cargo_outputs {
  /* Shared objects of cdylib and dylib artifacts (target.crate_types, so
   * that `cargo rustc --crate-type cdylib`, maturin's command, counts). */
  struct strvec libraries;
  /* linked_paths of build-script-executed messages: where the libraries
   * that build scripts link are, for the linter's dependency search. */
  struct strvec native_dirs;
};

void cargo_outputs_init(struct cargo_outputs *o);
void cargo_outputs_free(struct cargo_outputs *o);

/* Takes in one line of cargo's output. Returns false when it is not a
 * JSON message, so it belongs on the user's standard output. */
bool cargo_message_read(const char *line, struct cargo_outputs *o);

#endif
