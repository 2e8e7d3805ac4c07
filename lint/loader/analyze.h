/* The steps of the verdict that only the library's own run takes (load
 * order: lint_run predicts each library after the ones before it, then
 * settles). The public part is tlsguard/analyze.h. */
#ifndef TLSGUARD_LOADER_ANALYZE_H
#define TLSGUARD_LOADER_ANALYZE_H

#include "tlsguard/analyze.h"

struct closure;
struct process;

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
