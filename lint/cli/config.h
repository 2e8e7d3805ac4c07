/* The config file users check into their repository (.tlsguard). */
#ifndef TLSGUARD_CONFIG_H
#define TLSGUARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tlsguard/policy.h"

#define TLSGUARD_CONFIG_NAME ".tlsguard"

/* Apply a config file to the policy. On failure err holds "path:line: error:
 * ...". */
bool config_load(struct lint_policy *p, const char *path, char *err,
                 size_t errlen);

/* $TLSGUARD_CONFIG (set but empty: none), else the nearest .tlsguard from the
 * working directory up; NULL when there is none. The caller frees the result.
 */
char *config_discover(void);

#endif
