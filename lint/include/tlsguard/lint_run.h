/* Lint a list of inputs on several threads; print reports in input order. */
#ifndef TLSGUARD_LINT_RUN_H
#define TLSGUARD_LINT_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "tlsguard/inputs.h"
#include "tlsguard/output.h"
#include "tlsguard/policy.h"
#include "tlsguard/search_config.h"

/* Exit statuses, documented in tlsguard-lint(1). */
enum lint_exit {
  LINT_EXIT_OK = 0,
  LINT_EXIT_FINDINGS = 1,
  LINT_EXIT_ERROR = 2
};

/* Everything one run shares across inputs: the policy, the search, the
 * modules opened so far (each file read once), the host program. */
struct lint_context;

/* A run under policy, searching as search says. search, once finished
 * (search_config_finish), is shared, not copied: it outlives the context. */
struct lint_context *lint_context_new(const struct lint_policy *policy,
                                      const struct search_config *search);
/* --host: the program that dlopens the inputs, a path inside the root when
 * there is one. NULL when it is read, else why not (malloc'd). */
char *lint_context_set_host(struct lint_context *ctx, const char *path);
/* Everything the run opened: its modules, their maps, libelf's handles.
 * A program about to exit need not (tlsguard-lint does not, unless built
 * with a leak checker): the exit frees the address space at once. */
void lint_context_free(struct lint_context *ctx);

/* A report that cannot be written (dest->error) stops the run: exit 2. */
enum lint_exit lint_run(const struct input_list *inputs,
                        struct lint_context *ctx,
                        const struct output_options *o,
                        struct output_dest *dest, unsigned jobs);

#endif
