#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "option_table.h"
#include "response_file.h"

/* A yes/no variable: unset, empty and "0" are no. */
static bool env_flag(const char *name) {
  const char *value = getenv(name);
  return value && *value && strcmp(value, "0") != 0;
}

static bool read_lint_mode(enum lint_mode *mode) {
  const char *value = getenv("TLSGUARD_LINT");
  if (!value || !*value || !strcmp(value, "fail"))
    *mode = LINT_FAIL;
  else if (!strcmp(value, "warn"))
    *mode = LINT_WARN;
  else if (!strcmp(value, "off"))
    *mode = LINT_OFF;
  else {
    diag_error("TLSGUARD_LINT='%s' is not one of fail, warn, off", value);
    return false;
  }
  return true;
}

/* [loader] target-libc from the project's .tlsguard, found as tlsguard-lint
 * finds it ($TLSGUARD_CONFIG, set and empty: none; else upward from the
 * working directory), for the plugin: the linter reads the file itself.
 * Returns NULL when there is none. The value is checked by the plugin. */
static char *config_target_libc(void) {
  const char *env = getenv("TLSGUARD_CONFIG");
  char *path = NULL;
  if (env) {
    if (!*env)
      return NULL;
    path = xasprintf("%s", env);
  } else {
    char *dir = getcwd(NULL, 0);
    while (dir && !path) {
      char *candidate = xasprintf("%s/.tlsguard", strcmp(dir, "/") ? dir : "");
      struct stat st;
      if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode))
        path = candidate;
      else
        free(candidate);
      char *slash = strrchr(dir, '/');
      if (!slash || !strcmp(dir, "/"))
        break;
      slash == dir ? (void)(slash[1] = '\0') : (void)(*slash = '\0');
    }
    free(dir);
  }
  FILE *f = path ? fopen(path, "r") : NULL;
  free(path);
  if (!f)
    return NULL;
  char line[512], *value = NULL;
  bool in_loader = false;
  while (!value && fgets(line, sizeof line, f)) {
    char *hash = strchr(line, '#');
    if (hash)
      *hash = '\0';
    char key[64], val[128];
    if (sscanf(line, " [%63[^]]]", key) == 1)
      in_loader = !strcmp(key, "loader");
    else if (in_loader && sscanf(line, " target-libc = %127s", val) == 1)
      value = xasprintf("%s", val);
  }
  fclose(f);
  return value;
}

static void split_env(const char *name, struct strvec *out) {
  const char *value = getenv(name);
  if (value)
    split_words(value, strlen(value), out);
}

bool driver_settings_read(struct driver_settings *s) {
  memset(s, 0, sizeof *s);
  strvec_init(&s->lint_args);
  strvec_init(&s->plugin_args);
  s->no_plugin = env_flag("TLSGUARD_NO_PLUGIN");
  s->verbose = env_flag("TLSGUARD_VERBOSE");
  split_env("TLSGUARD_LINT_ARGS", &s->lint_args);
  struct strvec words;
  strvec_init(&words);
  split_env("TLSGUARD_PLUGIN_ARGS", &words);
  static const char prefix[] = "-fplugin-arg-tlsguard-";
  for (size_t i = 0; i < words.len; i++) {
    const char *w = words.items[i];
    if (is_tlsguard_plugin_arg(w))
      strvec_push(&s->plugin_args, w);
    else
      strvec_push_owned(&s->plugin_args, xasprintf("%s%s", prefix, w));
  }
  strvec_free(&words);
  /* The oldest C library the output must run on: the plugin chooses its
   * TLS model by it and the linter judges by it (each checks the value). */
  const char *target = getenv("TLSGUARD_TARGET_LIBC");
  if (target && *target) {
    strvec_push_owned(&s->plugin_args,
                      xasprintf("%starget-libc=%s", prefix, target));
    strvec_push_owned(&s->lint_args, xasprintf("--target-libc=%s", target));
  } else {
    char *from_config = config_target_libc();
    if (from_config)
      strvec_push_owned(&s->plugin_args,
                        xasprintf("%starget-libc=%s", prefix, from_config));
    free(from_config);
  }
  return read_lint_mode(&s->lint);
}

void driver_settings_free(struct driver_settings *s) {
  strvec_free(&s->lint_args);
  strvec_free(&s->plugin_args);
}
