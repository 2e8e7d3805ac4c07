/* What the environment asks of the driver and of cargo-tlsguard. Every
 * variable read here is listed in tlsguard-cc(1); a value that is not
 * understood is an error, never guessed at. */
#ifndef TLSGUARD_DRIVER_SETTINGS_H
#define TLSGUARD_DRIVER_SETTINGS_H

#include <stdbool.h>

#include "strvec.h"

enum lint_mode {
  LINT_FAIL, /* a finding fails the command (default) */
  LINT_WARN, /* the report is shown, the command's status is kept */
  LINT_OFF,  /* no lint */
};

struct driver_settings {
  enum lint_mode lint;       /* TLSGUARD_LINT */
  struct strvec lint_args;   /* TLSGUARD_LINT_ARGS, split into words */
  struct strvec plugin_args; /* TLSGUARD_PLUGIN_ARGS, as -fplugin-arg-... */
  bool no_plugin;            /* TLSGUARD_NO_PLUGIN */
  bool verbose;              /* TLSGUARD_VERBOSE */
};

/* Returns false, having said what is wrong, for a value it cannot use. */
bool driver_settings_read(struct driver_settings *s);
void driver_settings_free(struct driver_settings *s);

#endif
