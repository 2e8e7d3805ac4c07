#include "lint_step.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child.h"
#include "diag.h"

enum lint_verdict lint_run_linter(const struct install_layout *self,
                                  const struct driver_settings *s,
                                  const struct lint_target *t) {
  char *lint = install_layout_program(self, "tlsguard-lint");
  struct strvec argv;
  strvec_init(&argv);
  strvec_push(&argv, lint);
  for (size_t i = 0; t->lib_dirs && i < t->lib_dirs->len; i++) {
    strvec_push(&argv, "-L");
    strvec_push(&argv, t->lib_dirs->items[i]);
  }
  if (t->sysroot)
    strvec_push_owned(&argv, xasprintf("--sysroot=%s", t->sysroot));
  for (size_t i = 0; t->objects && i < t->objects->len; i++)
    strvec_push_owned(&argv, xasprintf("--objects=%s", t->objects->items[i]));
  strvec_push_all(&argv, &s->lint_args);
  strvec_push(&argv, "--");
  strvec_push_all(&argv, &t->files);
  if (s->verbose) {
    char *line = strvec_join(&argv);
    diag_trace("lint: %s", line);
    free(line);
  }
  struct child_io io = {2, false, false};
  int status = child_run(lint, argv.items, &io);
  enum lint_verdict verdict = LINT_BROKEN;
  if (status == -1) {
    diag_error("cannot run %s: %s", lint, strerror(errno));
    diag_note("tlsguard-lint is installed beside %s; TLSGUARD_LINT=off links "
              "without the check",
              diag_program);
  } else if (WIFSIGNALED(status)) {
    /* Not a verdict: the caller removes the output (and dies by the
     * signal when it was the driver's own, passed on). */
    if (!child_pending_signal())
      diag_error("tlsguard-lint was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
  } else if (WEXITSTATUS(status) == 0) {
    verdict = LINT_PASSED;
  } else if (WEXITSTATUS(status) == 1) {
    verdict = LINT_FINDINGS;
  } else if (WEXITSTATUS(status) != 2) {
    diag_error("tlsguard-lint exited with status %d, which is neither a "
               "verdict nor its 'cannot check' (2)",
               WEXITSTATUS(status));
  }
  strvec_free(&argv);
  free(lint);
  return verdict;
}
