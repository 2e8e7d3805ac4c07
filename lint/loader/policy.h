/* Matching a name against an allow-list (the findings' downgrades). The
 * public part, building the policy, is tlsguard/policy.h. */
#ifndef TLSGUARD_LOADER_POLICY_H
#define TLSGUARD_LOADER_POLICY_H

#include "tlsguard/policy.h"

/* The entry that matches name, or NULL. */
const struct allow_entry *allow_list_match(const struct allow_list *l,
                                           const char *name);

#endif
