#include "command_line.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Options whose value is the next argument when written alone ("-o X",
 * "-x c"). Joined spellings ("-oX", "-xc", "--output=X") need no entry.
 * Taken from GCC's and Clang's option tables; an option missing here only
 * makes its value look like an input file. */
static const char *const separate_value_options[] = {
    "-o",
    "-x",
    "-D",
    "-U",
    "-I",
    "-L",
    "-l",
    "-A",
    "-B",
    "-MF",
    "-MT",
    "-MQ",
    "-MJ",
    "-T",
    "-u",
    "-e",
    "-z",
    "-G",
    "-Xlinker",
    "-Xassembler",
    "-Xpreprocessor",
    "-Xclang",
    "-Xanalyzer",
    "-Xopenmp-target",
    "-Xcuda-fatbinary",
    "-Xcuda-ptxas",
    "-mllvm",
    "-target",
    "-arch",
    "-include",
    "-imacros",
    "-iprefix",
    "-iwithprefix",
    "-iwithprefixbefore",
    "-isystem",
    "-isystem-after",
    "-idirafter",
    "-iquote",
    "-isysroot",
    "-imultilib",
    "-imultiarch",
    "-iframework",
    "-iwithsysroot",
    "-ivfsoverlay",
    "-cxx-isystem",
    "-resource-dir",
    "-aux-info",
    "-dumpbase",
    "-dumpbase-ext",
    "-dumpdir",
    "-specs",
    "-wrapper",
    "-serialize-diagnostics",
    "-working-directory",
    "-framework",
    "-install_name",
    "-exported_symbols_list",
    "-gcc-toolchain",
    "--config",
    "--param",
    "--output",
    "--include",
    "--define-macro",
    "--undefine-macro",
    "--include-directory",
    "--library-directory",
    "--language",
    "--sysroot",
    "--prefix",
    "--assert",
    "--for-linker",
    "--force-link",
    "--imacros",
    "--include-prefix",
    "--include-with-prefix",
    "--include-with-prefix-before",
    "--include-with-prefix-after",
    "--serialize-diagnostics",
    "--dependent-lib",
    "--rtlib",
    "--unwindlib",
};

/* Arguments that make the compiler print something and stop, or only
 * preprocess: it must behave exactly as without tlsguard. */
static const char *const probe_options[] = {
    "--version",
    "-dumpversion",
    "-dumpfullversion",
    "-dumpmachine",
    "-dumpspecs",
    "-###",
    "--help",
    "-help",
    "--target-help",
    "-E",
    "-M",
    "-MM",
    "--preprocess",
    "--dependencies",
    "--user-dependencies",
};
static const char *const probe_prefixes[] = {"-print-", "--print-",
                                             "--help=", "-cc1"};

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

static bool is_probe_option(const char *arg) {
  if (in_list(arg, probe_options, COUNT(probe_options)))
    return true;
  for (size_t i = 0; i < COUNT(probe_prefixes); i++)
    if (has_prefix(arg, probe_prefixes[i]))
      return true;
  return false;
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

/* The linker's own arguments, in order, from -Wl,a,b and -Xlinker a. */
static void read_linker_args(struct command_line *cl,
                             const struct strvec *largs) {
  char *linker_output = NULL;
  for (size_t i = 0; i < largs->len; i++) {
    const char *a = largs->items[i];
    const char *next = i + 1 < largs->len ? largs->items[i + 1] : NULL;
    if (!strcmp(a, "-shared") || !strcmp(a, "--shared") ||
        !strcmp(a, "-Bshareable")) {
      cl->shared = true;
    } else if (!strcmp(a, "-r") || !strcmp(a, "--relocatable") ||
               !strcmp(a, "-Ur") || !strcmp(a, "-i")) {
      cl->stops_before_link = true;
    } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && next) {
      set_string(&linker_output, next);
      i++;
    } else if (has_prefix(a, "--output=")) {
      set_string(&linker_output, a + strlen("--output="));
    } else if (has_prefix(a, "-o") && a[2]) {
      set_string(&linker_output, a + 2);
    } else if ((!strcmp(a, "-L") || !strcmp(a, "--library-path") ||
                !strcmp(a, "-rpath-link")) &&
               next) {
      strvec_push(&cl->lib_dirs, next);
      i++;
    } else if (has_prefix(a, "--library-path=")) {
      strvec_push(&cl->lib_dirs, a + strlen("--library-path="));
    } else if (has_prefix(a, "-rpath-link=") ||
               has_prefix(a, "--rpath-link=")) {
      strvec_push(&cl->lib_dirs, strchr(a, '=') + 1);
    } else if (has_prefix(a, "-L") && a[2]) {
      strvec_push(&cl->lib_dirs, a + 2);
    } else if (a[0] != '-') {
      cl->has_input = true;
      if (looks_like_shared_library(a))
        add_dir_of(&cl->lib_dirs, a);
    }
  }
  if (linker_output) {
    free(cl->output);
    cl->output = linker_output;
  }
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

void command_line_read(struct command_line *cl, char *const *args,
                       size_t count) {
  memset(cl, 0, sizeof *cl);
  strvec_init(&cl->lib_dirs);
  struct strvec largs;
  strvec_init(&largs);
  const char *language = NULL; /* from -x; NULL: by file name */
  bool operands_only = false;  /* after "--" */
  for (size_t i = 0; i < count; i++) {
    const char *a = args[i];
    const char *next = i + 1 < count ? args[i + 1] : NULL;
    if (operands_only || a[0] != '-' || !strcmp(a, "-")) {
      cl->has_input = true;
      bool c_family = language ? in_list(language, c_family_languages,
                                         COUNT(c_family_languages))
                               : is_c_family_file(a);
      cl->c_family_input |= c_family;
      if (!language && looks_like_shared_library(a))
        add_dir_of(&cl->lib_dirs, a);
      continue;
    }
    if (!strcmp(a, "--")) {
      operands_only = true;
    } else if (is_probe_option(a)) {
      cl->probe_or_preprocess = true;
    } else if (!strcmp(a, "-c") || !strcmp(a, "-S") ||
               !strcmp(a, "-fsyntax-only") || !strcmp(a, "-r") ||
               !strcmp(a, "--compile") || !strcmp(a, "--assemble")) {
      cl->stops_before_link = true;
    } else if (!strcmp(a, "-shared") || !strcmp(a, "--shared")) {
      cl->shared = true;
    } else if (has_prefix(a, "-Wl,")) {
      push_comma_list(&largs, a + 4);
    } else if (has_prefix(a, "--for-linker=")) {
      strvec_push(&largs, a + strlen("--for-linker="));
    } else if (has_prefix(a, "-fplugin=") || has_prefix(a, "-fpass-plugin=")) {
      cl->has_tlsguard_plugin |= names_tlsguard_plugin(strchr(a, '=') + 1);
    } else if (has_prefix(a, "--sysroot=")) {
      set_string(&cl->sysroot, a + strlen("--sysroot="));
    } else if (has_prefix(a, "--output=")) {
      set_string(&cl->output, a + strlen("--output="));
    } else if (has_prefix(a, "-x") && a[2]) {
      language = strcmp(a + 2, "none") ? a + 2 : NULL;
    } else if (has_prefix(a, "--language=")) {
      language = a + strlen("--language=");
      if (!strcmp(language, "none"))
        language = NULL;
    } else if (has_prefix(a, "-l") && a[2]) {
      cl->has_input = true;
    } else if (has_prefix(a, "-L") && a[2]) {
      strvec_push(&cl->lib_dirs, a + 2);
    } else if (has_prefix(a, "-o") && a[2] && !has_prefix(a, "-objcmt")) {
      set_string(&cl->output, a + 2);
    } else if (in_list(a, separate_value_options,
                       COUNT(separate_value_options)) &&
               next) {
      if (!strcmp(a, "-o") || !strcmp(a, "--output"))
        set_string(&cl->output, next);
      else if (!strcmp(a, "-x") || !strcmp(a, "--language"))
        language = strcmp(next, "none") ? next : NULL;
      else if (!strcmp(a, "-Xlinker") || !strcmp(a, "--for-linker"))
        strvec_push(&largs, next);
      else if (!strcmp(a, "-z"))
        strvec_push(&largs, "-z"), strvec_push(&largs, next);
      else if (!strcmp(a, "-L") || !strcmp(a, "--library-directory"))
        strvec_push(&cl->lib_dirs, next);
      else if (!strcmp(a, "-l"))
        cl->has_input = true;
      else if (!strcmp(a, "--sysroot"))
        set_string(&cl->sysroot, next);
      i++;
    }
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
}

bool command_line_links_shared(const struct command_line *cl) {
  return cl->shared && cl->has_input && !cl->probe_or_preprocess &&
         !cl->stops_before_link && strcmp(cl->output, "-") != 0;
}
