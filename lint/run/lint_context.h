/* Everything one run shares across inputs: the policy, where libraries are
 * searched for, the modules opened so far, and the host program. Consumers
 * hold it as an opaque pointer (tlsguard/lint_run.h). */
#ifndef TLSGUARD_RUN_LINT_CONTEXT_H
#define TLSGUARD_RUN_LINT_CONTEXT_H

#include "resolve/module_cache.h"
#include "resolve/search_path.h"
#include "tlsguard/package.h"
#include "tlsguard/policy.h"

struct lint_context {
  const struct lint_policy *policy;
  struct search_config search; /* the caller's, shared (lint_context_new) */
  struct module_cache *modules;
  const struct cached_module
      *host;                     /* --host, or NULL: a minimal libc program */
  const struct package *package; /* set on a worker's copy while it lints one */
};

#endif
