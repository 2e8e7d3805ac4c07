/* Whether the real compiler gets the plugin: it must compile C-family code,
 * be clang or gcc, and have its own build (tlsguard-clang-22.so,
 * tlsguard-gcc-12.so) beside tlsguard.so. And, after a failed lint, why the
 * code was not rewritten, in words a user can act on. */
#ifndef TLSGUARD_DRIVER_PLUGIN_CHOICE_H
#define TLSGUARD_DRIVER_PLUGIN_CHOICE_H

#include <stdbool.h>

#include "command_line.h"
#include "host.h"
#include "install_layout.h"
#include "real_compiler.h"
#include "settings.h"

struct plugin_choice {
  char *dir;      /* the plugin directory, or NULL */
  struct host id; /* the real compiler, once asked */
  bool identified;
  char *selector; /* DIR/tlsguard.so when it is added, else NULL */
};

/* Decides for one command line; p->selector is set when the plugin goes
 * in. The compiler is only asked who it is when the answer matters. */
void plugin_choose(const struct real_compiler *rc,
                   const struct install_layout *self,
                   const struct driver_settings *s,
                   const struct command_line *cl, struct plugin_choice *p);

/* Notes on why code compiled with rc was not (or was) rewritten. */
void plugin_explain(const struct real_compiler *rc,
                    const struct install_layout *self,
                    const struct driver_settings *s, struct plugin_choice *p);

void plugin_choice_free(struct plugin_choice *p);

#endif
