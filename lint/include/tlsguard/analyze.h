/* The verdict: which findings a module gets under a policy. The one place
 * that decides what fails; the CLI, the driver and the fuzzers call it. */
#ifndef TLSGUARD_ANALYZE_H
#define TLSGUARD_ANALYZE_H

#include "tlsguard/policy.h"
#include "tlsguard/report.h"

struct lint_context;

/* How much of a module's world it is judged with. */
enum analysis_scope {
  /* The closure of the module alone, its dependencies not followed
   * (--no-deps, archive members): its own block, no loader modelled. */
  ANALYZE_ALONE,
  /* The dependency closure: whose blocks become static, missing
   * dependencies and symbol versions, TLSDESC support. The verdict is left
   * for the caller to settle after its own prediction (load order: the
   * run's analyze_prediction, loader/analyze.h). */
  ANALYZE_CLOSURE,
  /* The same, and a fresh process's prediction per loader. */
  ANALYZE_AND_PREDICT,
};

/* Judge root (a module the caller keeps alive until r is printed, or hands
 * over in r->owned_module) and, but for ANALYZE_CLOSURE, settle the
 * verdict. */
void analyze_closure(struct file_report *r, const struct cached_module *root,
                     struct lint_context *ctx, enum analysis_scope scope);

#endif
