/* Lint a list of inputs on several threads; print reports in input order. */
#ifndef TLSGUARD_LINT_RUN_H
#define TLSGUARD_LINT_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "tlsguard/inputs.h"
#include "tlsguard/lint_context.h"
#include "tlsguard/output.h"

/* Exit statuses, documented in tlsguard-lint(1). */
enum lint_exit {
  LINT_EXIT_OK = 0,
  LINT_EXIT_FINDINGS = 1,
  LINT_EXIT_ERROR = 2
};

/* Lint one input into out: one report for a file, one per member for an
 * archive or a package. Returns false when the input is to be skipped
 * silently (a file a directory walk does not lint). */
bool lint_one(const struct input *in, struct lint_context *ctx,
              struct report_list *out);

/* A report that cannot be written (dest->error) stops the run: exit 2. */
enum lint_exit lint_run(const struct input_list *inputs,
                        struct lint_context *ctx,
                        const struct output_options *o,
                        struct output_dest *dest, unsigned jobs);

#endif
