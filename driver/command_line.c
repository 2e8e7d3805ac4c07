#include "command_line.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "option_table.h"

/* -x values whose code reaches the compiler proper (and the plugin). */
static const char *const c_family_languages[] = {
    "c",
    "c++",
    "objective-c",
    "objective-c++",
    "cpp-output",
    "c-cpp-output",
    "c++-cpp-output",
    "objective-c-cpp-output",
    "objc-cpp-output",
    "objective-c++-cpp-output",
    "objc++-cpp-output",
};
static const char *const c_family_suffixes[] = {
    ".c", ".i",  ".cc", ".cp", ".cxx", ".cpp", ".CPP", ".c++",
    ".C", ".ii", ".m",  ".mi", ".mm",  ".M",   ".mii",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s, list[i]))
      return true;
  return false;
}

static bool has_prefix(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_c_family_file(const char *path) {
  for (size_t i = 0; i < COUNT(c_family_suffixes); i++)
    if (has_suffix(path, c_family_suffixes[i]))
      return true;
  return false;
}

/* libfoo.so, libfoo.so.1.2: a library named by path on the link line. */
static bool looks_like_shared_library(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return has_suffix(base, ".so") || strstr(base, ".so.") != NULL;
}

static void set_string(char **slot, const char *value) {
  free(*slot);
  *slot = xstrdup(value);
}

static void add_dir_of(struct strvec *dirs, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    strvec_push(dirs, ".");
  else if (slash == path)
    strvec_push(dirs, "/");
  else
    strvec_push_owned(dirs, xstrndup(path, (size_t)(slash - path)));
}

/* "-Wl,-shared,-o,x.so" -> "-shared", "-o", "x.so". */
static void push_comma_list(struct strvec *out, const char *list) {
  for (;;) {
    const char *comma = strchr(list, ',');
    if (!comma) {
      strvec_push(out, list);
      return;
    }
    strvec_push_owned(out, xstrndup(list, (size_t)(comma - list)));
    list = comma + 1;
  }
}

static bool names_tlsguard_plugin(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return has_prefix(base, "tlsguard") && has_suffix(base, ".so");
}

/* Where what an option says goes: the compiler's command line and the
 * linker's arguments in it are read by the same rows' roles. */
struct reader {
  struct command_line *cl;
  char **output;              /* the compiler's -o, or the linker's */
  const char *language;       /* from -x; NULL: by file name */
  struct strvec *linker_args; /* -Wl, -Xlinker, -z; NULL in those */
};

static void read_option(struct reader *r, const struct option_spec *o,
                        const char *value) {
  struct command_line *cl = r->cl;
  switch (o->role) {
  case ROLE_NONE:
  case ROLE_END_OF_OPTIONS:
  case ROLE_TLSGUARD_PLUGIN_ARG: /* kept or dropped by the command's builder */
    break;
  case ROLE_PROBE:
    cl->probe_or_preprocess = true;
    break;
  case ROLE_STOPS_BEFORE_LINK:
    cl->stops_before_link = true;
    break;
  case ROLE_SHARED:
    cl->shared = true;
    break;
  case ROLE_OUTPUT:
    set_string(r->output, value);
    break;
  case ROLE_LANGUAGE:
    r->language = strcmp(value, "none") ? value : NULL;
    break;
  case ROLE_LIBRARY:
    cl->has_input = true;
    break;
  case ROLE_LIBRARY_DIR:
    strvec_push(&cl->lib_dirs, value);
    break;
  case ROLE_SYSROOT:
    set_string(&cl->sysroot, value);
    break;
  case ROLE_PLUGIN:
    cl->has_tlsguard_plugin |= names_tlsguard_plugin(value);
    break;
  case ROLE_LINKER_ARG:
    strvec_push(r->linker_args, value);
    break;
  case ROLE_LINKER_ARGS:
    push_comma_list(r->linker_args, value);
    break;
  case ROLE_LINKER_OPTION:
    strvec_push(r->linker_args, o->name);
    strvec_push(r->linker_args, value);
    break;
  }
}

/* Completes *value, the option's value written in args[*i]: when the
 * option's value is the next argument, that one (and *i moves past it).
 * False when that argument is missing: the compiler or linker says so. */
static bool take_value(const struct option_spec *o, char *const *args,
                       size_t count, size_t *i, const char **value) {
  if (*value || !(o->forms & OPTION_SEPARATE))
    return true;
  if (*i + 1 == count)
    return false;
  *value = args[++*i];
  return true;
}

/* A file the link reads, named on the command line or handed to the
 * linker. After -x its name does not say what it is. */
static void read_link_operand(struct command_line *cl, const char *path,
                              bool after_language) {
  cl->has_input = true;
  strvec_push(&cl->operands, path);
  if (!after_language && looks_like_shared_library(path))
    add_dir_of(&cl->lib_dirs, path);
}

/* The linker's own arguments, in order, from -Wl,a,b and -Xlinker a. */
static void read_linker_args(struct command_line *cl,
                             const struct strvec *largs) {
  char *linker_output = NULL;
  struct reader r = {cl, &linker_output, NULL, NULL};
  for (size_t i = 0; i < largs->len; i++) {
    const char *a = largs->items[i];
    if (a[0] != '-') {
      read_link_operand(cl, a, false);
      continue;
    }
    const char *value;
    const struct option_spec *o = linker_option_find(a, &value);
    if (o && take_value(o, largs->items, largs->len, &i, &value))
      read_option(&r, o, value);
  }
  if (linker_output) {
    free(cl->output);
    cl->output = linker_output;
  }
}

void command_line_read(struct command_line *cl, char *const *args,
                       size_t count) {
  memset(cl, 0, sizeof *cl);
  strvec_init(&cl->lib_dirs);
  strvec_init(&cl->operands);
  struct strvec largs;
  strvec_init(&largs);
  struct reader r = {cl, &cl->output, NULL, &largs};
  bool operands_only = false; /* after "--" */
  for (size_t i = 0; i < count; i++) {
    const char *a = args[i];
    if (operands_only || a[0] != '-' || !strcmp(a, "-")) {
      cl->c_family_input |= r.language ? in_list(r.language, c_family_languages,
                                                 COUNT(c_family_languages))
                                       : is_c_family_file(a);
      read_link_operand(cl, a, r.language != NULL);
      continue;
    }
    const char *value;
    const struct option_spec *o = compiler_option_find(a, &value);
    if (!o)
      continue;
    if (o->role == ROLE_END_OF_OPTIONS)
      operands_only = true;
    else if (take_value(o, args, count, &i, &value))
      read_option(&r, o, value);
  }
  if (!cl->output)
    cl->output = xstrdup("a.out");
  read_linker_args(cl, &largs);
  strvec_free(&largs);
}

void command_line_free(struct command_line *cl) {
  free(cl->output);
  free(cl->sysroot);
  strvec_free(&cl->lib_dirs);
  strvec_free(&cl->operands);
}

bool command_line_links_shared(const struct command_line *cl) {
  return cl->shared && cl->has_input && !cl->probe_or_preprocess &&
         !cl->stops_before_link && strcmp(cl->output, "-") != 0;
}
