/* One input of a run (lint_input.c), for the threads of lint_run.c. */
#ifndef TLSGUARD_RUN_LINT_INPUT_H
#define TLSGUARD_RUN_LINT_INPUT_H

#include <stdbool.h>

#include "report/findings.h"
#include "tlsguard/inputs.h"
#include "tlsguard/report.h"

struct lint_context;

/* Lint one input into out: one report for a file, one per member for an
 * archive or a package. Returns false when the input is to be skipped
 * silently (a file a directory walk does not lint). */
bool lint_one(const struct input *in, struct lint_context *ctx,
              struct report_list *out);

#endif
