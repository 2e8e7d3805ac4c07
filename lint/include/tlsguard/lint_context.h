/* Everything one run shares across inputs: the policy, where libraries are
 * searched for, the modules opened so far, and the host program. */
#ifndef TLSGUARD_LINT_CONTEXT_H
#define TLSGUARD_LINT_CONTEXT_H

#include "tlsguard/module_cache.h"
#include "tlsguard/package.h"
#include "tlsguard/policy.h"
#include "tlsguard/search_path.h"

struct lint_context {
  const struct lint_policy *policy;
  struct search_config search;
  struct module_cache *modules;
  const struct cached_module
      *host;                     /* --host, or NULL: a minimal libc program */
  const struct package *package; /* set on a worker's copy while it lints one */
};

#endif
