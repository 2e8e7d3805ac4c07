/* Policy: allow-lists, rules switched off, the failing level and the loaders
 * to judge for. The command line (cli/) fills it from options and from the
 * config file; the analysis reads it. */
#include "tlsguard/policy.h"
#include "loader/policy.h"
#include "sources/package.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void policy_init(struct lint_policy *p) {
  memset(p, 0, sizeof *p);
  p->fail_level = SEV_ERROR;
  p->deps = true;
  loader_options_init(&p->loader);
  package_limits_init(&p->limits);
}

static void allow_list_free(struct allow_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->entries[i].pattern);
    free(l->entries[i].origin);
  }
  free(l->entries);
  memset(l, 0, sizeof *l);
}

void policy_free(struct lint_policy *p) {
  allow_list_free(&p->sonames);
  allow_list_free(&p->symbols);
  free(p->host);
  free(p->debug_dirs);
  free(p->target_origin);
}

void allow_list_add(struct allow_list *l, const char *pattern,
                    const char *origin) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->entries = xrealloc(l->entries, l->cap * sizeof *l->entries);
  }
  l->entries[l->n].pattern = xstrdup(pattern);
  l->entries[l->n].origin = xstrdup(origin);
  l->n++;
}

const struct allow_entry *allow_list_match(const struct allow_list *l,
                                           const char *name) {
  if (!name)
    return NULL;
  for (size_t i = 0; i < l->n; i++)
    if (fnmatch(l->entries[i].pattern, name, 0) == 0)
      return &l->entries[i];
  return NULL;
}

bool policy_disable_rules(struct lint_policy *p, const char *list, char *bad,
                          size_t badlen) {
  char *copy = xstrdup(list), *save = NULL;
  bool ok = true;
  for (char *t = strtok_r(copy, ",", &save); t && ok;
       t = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*t))
      t++;
    char *e = t + strlen(t);
    while (e > t && isspace((unsigned char)e[-1]))
      *--e = '\0';
    enum rule_id id;
    if (rule_find(t, &id))
      p->disabled_rules[id] = true;
    else if (*t) {
      snprintf(bad, badlen, "%s", t);
      ok = false;
    }
  }
  free(copy);
  return ok;
}

bool policy_parse_fail_on(struct lint_policy *p, const char *value) {
  if (!strcmp(value, "error"))
    p->fail_level = SEV_ERROR, p->fail_never = false;
  else if (!strcmp(value, "warning"))
    p->fail_level = SEV_WARNING, p->fail_never = false;
  else if (!strcmp(value, "note"))
    p->fail_level = SEV_NOTE, p->fail_never = false;
  else if (!strcmp(value, "never"))
    p->fail_never = true;
  else
    return false;
  return true;
}

bool policy_parse_gate(struct lint_policy *p, const char *value) {
  if (!strcmp(value, "strict"))
    p->gate = GATE_STRICT;
  else if (!strcmp(value, "predict"))
    p->gate = GATE_PREDICT;
  else
    return false;
  return true;
}

bool policy_parse_loaders(struct lint_policy *p, const char *value) {
  unsigned mask = 0;
  char *copy = xstrdup(value), *save = NULL;
  bool ok = true;
  for (char *t = strtok_r(copy, ",", &save); t && ok;
       t = strtok_r(NULL, ",", &save)) {
    enum loader_kind k;
    if (!strcmp(t, "all"))
      mask |= (1u << LOADER_KIND_COUNT) - 1;
    else if (loader_kind_parse(t, &k))
      mask |= 1u << k;
    else
      ok = false;
  }
  free(copy);
  if (ok && mask)
    p->loaders = mask;
  return ok && mask;
}
