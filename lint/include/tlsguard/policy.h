/* What the user asked tlsguard-lint to accept and to fail on: options from
 * the command line and from a config file checked into the user's repo. */
#ifndef TLSGUARD_POLICY_H
#define TLSGUARD_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "tlsguard/loader_caps.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/package.h"
#include "tlsguard/report.h"

struct allow_entry {
  char *pattern; /* fnmatch(3) glob */
  char *origin;  /* "--allow-soname" or ".tlsguard:12", for the report */
};

struct allow_list {
  struct allow_entry *entries;
  size_t n, cap;
};

/* What decides a file's verdict: any static TLS block (the default), or
 * the loader model's prediction that a late dlopen fails. */
enum gate { GATE_STRICT, GATE_PREDICT };

struct lint_policy {
  struct allow_list sonames; /* whole libraries, by DT_SONAME or file name */
  struct allow_list symbols; /* TLS symbols that may stay initial-exec */
  enum severity fail_level;  /* findings at or above it fail the file */
  bool fail_never;           /* --fail-on=never: report only */
  struct loader_options loader;
  /* --target-libc / [loader] target-libc, else the build machine's C
   * library (main.c); target_known is false when neither could be had. */
  struct libc_target target;
  bool target_known;
  char *target_origin; /* ".tlsguard:12", owned */
  bool deps;           /* follow DT_NEEDED: whose block, will it load */
  unsigned loaders;    /* bit (1 << enum loader_kind); 0: the file's own */
  enum gate gate;
  bool load_order; /* inputs are dlopened in order, into one process */
  char *host;      /* --host: the program that dlopens */
  struct package_limits limits; /* reading packages */
  char *
      debug_dirs; /* where separate debug files live (default /usr/lib/debug) */
  const char *debug_root; /* the sysroot the debug directories are under */
  const struct objects_index
      *objects; /* --objects, to name where static TLS came from */
  bool disabled_rules[RULE_COUNT]; /* --disable, [rules] disable */
};

void policy_init(struct lint_policy *p);
void policy_free(struct lint_policy *p);
/* "static-tls-flag,tlsdesc": mark each rule disabled. On an unknown id,
 * false with that id in bad (the caller names it). */
bool policy_disable_rules(struct lint_policy *p, const char *list, char *bad,
                          size_t badlen);
void allow_list_add(struct allow_list *l, const char *pattern,
                    const char *origin);

bool policy_parse_fail_on(struct lint_policy *p, const char *value);
bool policy_parse_gate(struct lint_policy *p, const char *value);
/* "glibc,musl", "all". */
bool policy_parse_loaders(struct lint_policy *p, const char *value);

#endif
