/* The config file (.tlsguard) the command line applies to the policy. It is
 * INI-style so it reads well in a code review:
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
