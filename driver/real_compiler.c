#include "real_compiler.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "response_file.h"

static const char *const launchers[] = {"ccache", "sccache",    "distcc",
                                        "icecc",  "buildcache", "cachepot"};

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* Launchers that take the compiler as their first argument. */
static bool is_compiler_launcher(const char *word) {
  const char *base = base_name(word);
  for (size_t i = 0; i < sizeof launchers / sizeof launchers[0]; i++)
    if (!strcmp(base, launchers[i]))
      return true;
  return false;
}

static bool is_executable_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *find_program(const char *name, const struct install_layout *self,
                   bool *skipped_self) {
  if (skipped_self)
    *skipped_self = false;
  if (strchr(name, '/'))
    return is_executable_file(name) ? xstrdup(name) : NULL;
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;;) {
    const char *colon = strchr(p, ':');
    size_t len = colon ? (size_t)(colon - p) : strlen(p);
    /* An empty PATH entry is the working directory. */
    char *candidate =
        len ? xasprintf("%.*s/%s", (int)len, p, name) : xasprintf("./%s", name);
    if (is_executable_file(candidate)) {
      if (!install_layout_is_self(self, candidate))
        return candidate;
      if (skipped_self)
        *skipped_self = true;
    }
    free(candidate);
    if (!colon)
      return NULL;
    p = colon + 1;
  }
}

const char *compiler_variable(enum driver_language lang) {
  return lang == DRIVER_CXX ? "TLSGUARD_CXX" : "TLSGUARD_CC";
}

const char *driver_name(enum driver_language lang) {
  return lang == DRIVER_CXX ? "tlsguard-c++" : "tlsguard-cc";
}

static bool resolve_default(struct real_compiler *rc, enum driver_language lang,
                            const struct install_layout *self) {
  static const char *const c_names[] = {"cc", "clang", "gcc"};
  static const char *const cxx_names[] = {"c++", "clang++", "g++"};
  const char *const *names = lang == DRIVER_CXX ? cxx_names : c_names;
  for (size_t i = 0; i < 3; i++) {
    bool skipped_self;
    char *found = find_program(names[i], self, &skipped_self);
    if (found) {
      /* Run it by the name the shell would use; but GCC finds its own
       * programs (cc1) through argv[0] and PATH, and would find this
       * program first: then by its path. */
      strvec_push(&rc->command, skipped_self ? found : names[i]);
      rc->exec_path = found;
      rc->compiler_path = xstrdup(found);
      rc->origin = xstrdup("PATH");
      return true;
    }
  }
  diag_error("cannot find the real compiler: none of %s, %s, %s is on PATH "
             "(other than %s itself)",
             names[0], names[1], names[2], driver_name(lang));
  diag_note("name it: %s=/path/to/compiler, or --tlsguard-cc=COMPILER",
            compiler_variable(lang));
  return false;
}

static bool refuse_self(const char *origin, const char *word,
                        enum driver_language lang) {
  diag_error("%s names %s itself ('%s'): it would run itself forever", origin,
             driver_name(lang), word);
  diag_note("set %s to the real compiler, e.g. %s=%s", compiler_variable(lang),
            compiler_variable(lang), lang == DRIVER_CXX ? "clang++" : "clang");
  return false;
}

static bool resolve_choice(struct real_compiler *rc, enum driver_language lang,
                           const char *value, const char *origin,
                           const struct install_layout *self) {
  split_words(value, strlen(value), &rc->command);
  rc->origin = xstrdup(origin);
  if (rc->command.len == 0) {
    diag_error("%s is empty", origin);
    return false;
  }
  if (is_compiler_launcher(rc->command.items[0])) {
    if (rc->command.len < 2) {
      diag_error("%s names the launcher '%s' but no compiler after it", origin,
                 rc->command.items[0]);
      diag_note("write the compiler after the launcher: '%s clang'",
                rc->command.items[0]);
      return false;
    }
    rc->compiler_word = 1;
  }
  for (size_t i = 0; i <= rc->compiler_word; i++) {
    const char *word = rc->command.items[i];
    if (strchr(word, '/') && install_layout_is_self(self, word))
      return refuse_self(origin, word, lang);
    bool skipped_self;
    char *found = find_program(word, self, &skipped_self);
    if (!found) {
      bool is_self_name =
          !strchr(word, '/') && !strcmp(word, driver_name(lang));
      if (is_self_name)
        return refuse_self(origin, word, lang);
      diag_error("%s: cannot find '%s'%s", origin, word,
                 strchr(word, '/') ? "" : " on PATH");
      diag_note("%s names the real compiler (with an optional launcher "
                "before it: 'ccache clang')",
                origin);
      return false;
    }
    if (i == 0)
      rc->exec_path = xstrdup(found);
    if (i == rc->compiler_word)
      rc->compiler_path = xstrdup(found);
    /* A launcher searches PATH for the compiler itself, and GCC for its
     * own programs through argv[0]: either could find this program. */
    if (skipped_self || i > 0) {
      free(rc->command.items[i]);
      rc->command.items[i] = xstrdup(found);
    }
    free(found);
  }
  return true;
}

bool real_compiler_resolve(struct real_compiler *rc, enum driver_language lang,
                           const char *choice,
                           const struct install_layout *self) {
  memset(rc, 0, sizeof *rc);
  rc->lang = lang;
  strvec_init(&rc->command);
  if (choice)
    return resolve_choice(rc, lang, choice, "--tlsguard-cc", self);
  const char *var = compiler_variable(lang);
  const char *value = getenv(var);
  if (value && *value)
    return resolve_choice(rc, lang, value, var, self);
  return resolve_default(rc, lang, self);
}

void real_compiler_free(struct real_compiler *rc) {
  strvec_free(&rc->command);
  free(rc->exec_path);
  free(rc->compiler_path);
  free(rc->origin);
}
