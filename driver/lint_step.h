/* The linter run on what a link produced: tlsguard-lint from the driver's
 * own bin directory, with TLSGUARD_LINT_ARGS, in the working directory of
 * the link (so the project's .tlsguard is found as the linter finds it),
 * its report on standard error (standard output belongs to the build). */
#ifndef TLSGUARD_DRIVER_LINT_STEP_H
#define TLSGUARD_DRIVER_LINT_STEP_H

#include "install_layout.h"
#include "settings.h"
#include "strvec.h"

enum lint_verdict {
  LINT_PASSED,   /* exit 0 */
  LINT_FINDINGS, /* exit 1 */
  LINT_BROKEN,   /* exit 2, or it could not be run */
};

struct lint_target {
  struct strvec files;           /* what to lint */
  const struct strvec *lib_dirs; /* the link's -L: dependencies are found */
  const char *sysroot;           /* as the link found them */
  /* The link's own objects and archives (response files expanded): passed
   * as --objects, so a rejection names the member and the symbol. */
  const struct strvec *objects;
};

/* Runs the linter. Anything but exit 0 or 1 is LINT_BROKEN: exit 2 (the
 * linter's message is above), another status, a signal, a linter that
 * cannot be run (each said here). A signal the driver passed on to the
 * linter is child_pending_signal(): the caller dies by it. */
enum lint_verdict lint_run_linter(const struct install_layout *self,
                                  const struct driver_settings *s,
                                  const struct lint_target *t);

#endif
