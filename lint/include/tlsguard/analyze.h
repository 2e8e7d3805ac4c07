/* The verdict: which findings a module gets under a policy. The one place
 * that decides what fails; the CLI, the driver and the fuzzers call it. */
#ifndef TLSGUARD_ANALYZE_H
#define TLSGUARD_ANALYZE_H

#include "tlsguard/policy.h"
#include "tlsguard/report.h"

struct closure;
struct lint_context;
struct process;

/* The module alone (--no-deps). r->module points at m; the caller keeps m
 * alive until r is printed (or hands it over in r->owned_module). */
void analyze_module(struct file_report *r, const struct elf_module *m,
                    const struct lint_policy *p);

/* The module with its dependency closure: whose blocks become static,
 * missing dependencies, TLSDESC support, and (predict) a fresh process's
 * verdict per loader. Without predict, the verdict is left for the caller
 * to settle after its own prediction (analyze_prediction). */
void analyze_closure(struct file_report *r, const struct cached_module *root,
                     struct lint_context *ctx, bool predict);

/* Predict a late dlopen of root into proc, which keeps the result (load
 * order: the next library sees what this one took). closure: root's closure
 * against proc's modules, when the caller has it (else NULL: it is built). */
void analyze_prediction(struct file_report *r, const struct cached_module *root,
                        struct lint_context *ctx, struct process *proc,
                        const struct closure *closure);

/* The loaders a file is judged for: --loader, else its own. */
unsigned analyze_loaders(struct lint_context *ctx,
                         const struct cached_module *root);

/* Settle r->verdict from its findings and the policy's failing level. */
void analyze_settle_verdict(struct file_report *r, const struct lint_policy *p);

#endif
