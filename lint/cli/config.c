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
 *
 * The sections and keys are the Section and Key columns of options.def; a
 * key's value is checked and applied by the same code as its option's.
 */
#include "config.h"
#include "options.h"

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
      if (!lint_config_section_known(section)) {
        snprintf(err, errlen, "%s:%u: error: unknown section [%s]; expected %s",
                 path, lineno, section, lint_config_sections_text());
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
    enum lint_option_id id = lint_option_from_config(section, key);
    if (id == OPT_COUNT) {
      snprintf(err, errlen, "%s:%u: error: unknown key '%s'%s%s%s", path,
               lineno, key, *section ? " in [" : " outside any section",
               section, *section ? "]" : "");
      ok = false;
      break;
    }
    struct option_site site = {origin, true};
    struct option_targets t = {.policy = p};
    char why[4096];
    switch (option_apply(id, value, &site, &t, why, sizeof why)) {
    case OPTION_APPLIED:
      break;
    case OPTION_BAD_VALUE:
      snprintf(err, errlen, "%s: error: %s must be %s, not '%s'", origin, key,
               lint_options[id].expects, value);
      ok = false;
      break;
    case OPTION_ERROR:
      snprintf(err, errlen, "%s: error: %s", origin, why);
      ok = false;
      break;
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
