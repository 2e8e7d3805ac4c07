/* The run's shared state behind tlsguard/lint_run.h's opaque pointer. */
#include "tlsguard/lint_run.h"

#include <stdlib.h>

#include "report/findings.h"
#include "run/lint_context.h"

struct lint_context *lint_context_new(const struct lint_policy *policy,
                                      const struct search_config *search) {
  struct lint_context *ctx = xcalloc(1, sizeof *ctx);
  ctx->policy = policy;
  ctx->search = *search;
  ctx->modules = module_cache_new();
  return ctx;
}

char *lint_context_set_host(struct lint_context *ctx, const char *path) {
  ctx->host =
      resolve_input(&ctx->search, ctx->modules, path, ctx->search.root != NULL);
  if (ctx->host && ctx->host->module)
    return NULL;
  if (ctx->host)
    return xstrdup(ctx->host->error_message);
  struct path_in_root why;
  return explain_path_in_root(&ctx->search, path, &why)
             ? path_in_root_text(&why)
             : xstrdup("no such file");
}

void lint_context_free(struct lint_context *ctx) {
  if (!ctx)
    return;
  module_cache_free(ctx->modules);
  free(ctx);
}
