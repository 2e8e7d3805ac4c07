#include "cargo_env.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "response_file.h"

char *cargo_target_name(const char *target) {
  size_t len = strlen(target);
  if (len > 5 && !strcmp(target + len - 5, ".json")) {
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    return xstrndup(base, strlen(base) - 5);
  }
  return xstrdup(target);
}

static char *underscored(const char *target, bool upper) {
  char *s = xstrdup(target);
  for (char *p = s; *p; p++) {
    if (*p == '-' || *p == '.')
      *p = '_';
    else if (upper)
      *p = (char)toupper((unsigned char)*p);
  }
  return s;
}

/* Whether a compiler setting is already one of ours (the user ran cargo
 * tlsguard inside an environment it set up before). */
static bool is_tlsguard_driver(const char *value,
                               const struct install_layout *self) {
  struct strvec words;
  strvec_init(&words);
  split_words(value, strlen(value), &words);
  bool ours = false;
  if (words.len > 0) {
    const char *slash = strrchr(words.items[0], '/');
    const char *base = slash ? slash + 1 : words.items[0];
    ours = !strncmp(base, "tlsguard-c", 10) ||
           !strncmp(words.items[0], self->bin_dir, strlen(self->bin_dir));
  }
  strvec_free(&words);
  return ours;
}

/* The first set variable of the cc crate's search for a tool (CC or CXX):
 * TOOL_<target>, TOOL_<target_u>, HOST_TOOL or TARGET_TOOL, TOOL. */
static const char *cc_crate_choice(const char *tool, const char *target,
                                   bool native,
                                   const struct install_layout *self,
                                   char **from) {
  char *target_u = underscored(target, false);
  char *names[4] = {
      xasprintf("%s_%s", tool, target),
      xasprintf("%s_%s", tool, target_u),
      xasprintf("%s_%s", native ? "HOST" : "TARGET", tool),
      xstrdup(tool),
  };
  const char *found = NULL;
  for (size_t i = 0; i < 4 && !found; i++) {
    const char *value = getenv(names[i]);
    if (value && *value && !is_tlsguard_driver(value, self)) {
      found = value;
      *from = xstrdup(names[i]);
    }
  }
  for (size_t i = 0; i < 4; i++)
    free(names[i]);
  free(target_u);
  return found;
}

static void set(const char *name, const char *value, bool verbose) {
  setenv(name, value, 1);
  if (verbose)
    diag_trace("env: %s=%s", name, value);
}

/* One real compiler for the driver to run: TLSGUARD_CC as the user set it,
 * else the compiler cargo would have used. Two different choices (per
 * target, or CC against the linker) cannot both be honoured. */
struct choice {
  const char *value;
  char *from;
};

static bool agree(struct choice *c, const char *value, char *from,
                  const char *driver_var) {
  if (!value) {
    free(from);
    return true;
  }
  if (!c->value) {
    c->value = value;
    c->from = from;
    return true;
  }
  if (!strcmp(c->value, value)) {
    free(from);
    return true;
  }
  diag_error("%s='%s' and %s='%s' name different compilers, and tlsguard-cc "
             "runs one",
             c->from, c->value, from, value);
  diag_note("set %s to the compiler that both compiles and links for the "
            "target; cargo-tlsguard then leaves the others alone",
            driver_var);
  free(from);
  return false;
}

static bool choose_real(const char *tool, const char *driver_var,
                        const char *host, const struct strvec *targets,
                        const struct install_layout *self, bool with_linker,
                        bool verbose) {
  const char *already = getenv(driver_var);
  if (already && *already)
    return true;
  struct choice c = {NULL, NULL};
  bool ok = true;
  for (size_t i = 0; ok && i < targets->len; i++) {
    const char *t = targets->items[i];
    char *from = NULL;
    const char *value = cc_crate_choice(tool, t, !strcmp(t, host), self, &from);
    ok = agree(&c, value, from, driver_var);
    if (ok && with_linker) {
      char *upper = underscored(t, true);
      char *var = xasprintf("CARGO_TARGET_%s_LINKER", upper);
      const char *linker = getenv(var);
      if (linker && *linker && !is_tlsguard_driver(linker, self))
        ok = agree(&c, linker, xstrdup(var), driver_var);
      free(var);
      free(upper);
    }
  }
  if (ok && c.value)
    set(driver_var, c.value, verbose);
  free(c.from);
  return ok;
}

bool cargo_env_apply(const char *host, const struct strvec *targets,
                     const struct install_layout *self, bool verbose) {
  if (!choose_real("CC", "TLSGUARD_CC", host, targets, self, true, verbose) ||
      !choose_real("CXX", "TLSGUARD_CXX", host, targets, self, false, verbose))
    return false;
  char *cc = install_layout_program(self, "tlsguard-cc");
  char *cxx = install_layout_program(self, "tlsguard-c++");
  for (size_t i = 0; i < targets->len; i++) {
    const char *t = targets->items[i];
    char *u = underscored(t, false), *upper = underscored(t, true);
    char *names[] = {xasprintf("CC_%s", t), xasprintf("CC_%s", u),
                     xasprintf("CXX_%s", t), xasprintf("CXX_%s", u),
                     xasprintf("CARGO_TARGET_%s_LINKER", upper)};
    set(names[0], cc, verbose);
    set(names[1], cc, verbose);
    set(names[2], cxx, verbose);
    set(names[3], cxx, verbose);
    set(names[4], cc, verbose);
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++)
      free(names[n]);
    free(u);
    free(upper);
    if (!strcmp(t, host)) {
      set("CC", cc, verbose);
      set("CXX", cxx, verbose);
      set("HOST_CC", cc, verbose);
      set("HOST_CXX", cxx, verbose);
    } else {
      set("TARGET_CC", cc, verbose);
      set("TARGET_CXX", cxx, verbose);
    }
  }
  set("TLSGUARD_LINT", "off", verbose);
  free(cc);
  free(cxx);
  return true;
}
