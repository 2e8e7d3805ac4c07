/* Policy: allow-lists and failing level, from options and from a config
 * file. The file is INI-style so it reads well in a code review:
 *
 *   # .tlsguard
 *   [allow]
 *   soname = libjemalloc.so.2      # a library that may keep static TLS
 *   symbol = my_fast_tls_*         # TLS symbols that may stay initial-exec
 *   [lint]
 *   fail-on = warning
 *   [loader]
 *   glibc-tunables = glibc.rtld.optional_static_tls=4096
 *   target-libc = glibc-2.36           # the oldest C library to run on
 *   [rules]
 *   disable = static-tls-flag, tlsdesc  # rule ids, tlsguard-lint --list-rules
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static char *trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

/* Strip a trailing comment: '#' at the start or after whitespace. */
static void strip_comment(char *s) {
  for (char *c = s; *c; c++)
    if (*c == '#' && (c == s || isspace((unsigned char)c[-1]))) {
      *c = '\0';
      return;
    }
}

bool config_load(struct lint_policy *p, const char *path, char *err,
                 size_t errlen) {
  const char *why_not;
  FILE *f = file_open_stream(path, false, &why_not);
  if (!f) {
    snprintf(err, errlen, "%s: error: cannot read config file: %s", path,
             why_not);
    return false;
  }
  char *line = NULL;
  size_t cap = 0;
  unsigned lineno = 0;
  char section[32] = "";
  bool ok = true;
  while (ok && getline(&line, &cap, f) >= 0) {
    lineno++;
    strip_comment(line);
    char *s = trim(line);
    if (!*s)
      continue;
    if (*s == '[') {
      char *end = strchr(s, ']');
      if (!end || end[1] != '\0' || (size_t)(end - s - 1) >= sizeof section) {
        snprintf(err, errlen, "%s:%u: error: malformed section header '%s'",
                 path, lineno, s);
        ok = false;
        break;
      }
      *end = '\0';
      snprintf(section, sizeof section, "%s", trim(s + 1));
      if (strcmp(section, "allow") && strcmp(section, "lint") &&
          strcmp(section, "loader") && strcmp(section, "rules")) {
        snprintf(
            err, errlen,
            "%s:%u: error: unknown section [%s]; expected [allow], [lint], "
            "[loader] or [rules]",
            path, lineno, section);
        ok = false;
      }
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, errlen, "%s:%u: error: expected 'key = value', got '%s'",
               path, lineno, s);
      ok = false;
      break;
    }
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!*value) {
      snprintf(err, errlen, "%s:%u: error: '%s' has no value", path, lineno,
               key);
      ok = false;
      break;
    }
    char origin[4096 + 16];
    snprintf(origin, sizeof origin, "%s:%u", path, lineno);
    if (!strcmp(section, "allow") && !strcmp(key, "soname")) {
      allow_list_add(&p->sonames, value, origin);
    } else if (!strcmp(section, "allow") && !strcmp(key, "symbol")) {
      allow_list_add(&p->symbols, value, origin);
    } else if (!strcmp(section, "lint") && !strcmp(key, "fail-on")) {
      if (!policy_parse_fail_on(p, value)) {
        snprintf(err, errlen,
                 "%s:%u: error: fail-on must be error, warning, note or never, "
                 "not '%s'",
                 path, lineno, value);
        ok = false;
      }
    } else if (!strcmp(section, "lint") && !strcmp(key, "gate")) {
      if (!policy_parse_gate(p, value)) {
        snprintf(err, errlen,
                 "%s:%u: error: gate must be strict or predict, not '%s'", path,
                 lineno, value);
        ok = false;
      }
    } else if (!strcmp(section, "loader") && !strcmp(key, "loaders")) {
      if (!policy_parse_loaders(p, value)) {
        snprintf(err, errlen,
                 "%s:%u: error: loaders must list glibc, musl, freebsd or all, "
                 "not '%s'",
                 path, lineno, value);
        ok = false;
      }
    } else if (!strcmp(section, "loader") && !strcmp(key, "target-libc")) {
      char why[512];
      if (!libc_target_parse(value, &p->target, why, sizeof why)) {
        snprintf(err, errlen, "%s:%u: error: %s", path, lineno, why);
        ok = false;
      } else {
        free(p->target_origin);
        p->target_origin = xasprintf("%s:%u", path, lineno);
        p->target.origin = p->target_origin;
        p->target_known = true;
      }
    } else if (!strcmp(section, "rules") && !strcmp(key, "disable")) {
      char bad[128];
      if (!policy_disable_rules(p, value, bad, sizeof bad)) {
        snprintf(err, errlen,
                 "%s:%u: error: unknown rule '%s' (tlsguard-lint --list-rules "
                 "lists them)",
                 path, lineno, bad);
        ok = false;
      }
    } else if (!strcmp(section, "loader") && !strcmp(key, "glibc-tunables")) {
      char why[256];
      if (!loader_options_apply_glibc_tunables(&p->loader, value, why,
                                               sizeof why)) {
        snprintf(err, errlen, "%s:%u: error: %s", path, lineno, why);
        ok = false;
      }
    } else {
      snprintf(err, errlen, "%s:%u: error: unknown key '%s'%s%s%s", path,
               lineno, key, *section ? " in [" : " outside any section",
               section, *section ? "]" : "");
      ok = false;
    }
  }
  free(line);
  fclose(f);
  return ok;
}

char *config_discover(void) {
  /* Set and empty: no config file at all (tests, reproducible CI runs). */
  const char *env = getenv("TLSGUARD_CONFIG");
  if (env)
    return *env ? xstrdup(env) : NULL;
  char *dir = getcwd(NULL, 0);
  if (!dir)
    return NULL;
  for (;;) {
    char *candidate =
        xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", TLSGUARD_CONFIG_NAME);
    struct stat st;
    if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) {
      free(dir);
      return candidate;
    }
    free(candidate);
    char *slash = strrchr(dir, '/');
    if (!slash || !strcmp(dir, "/"))
      break;
    if (slash == dir)
      slash[1] = '\0';
    else
      *slash = '\0';
  }
  free(dir);
  return NULL;
}
