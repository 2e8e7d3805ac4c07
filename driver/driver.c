/* tlsguard-cc / tlsguard-c++: run the real compiler with the tlsguard
 * plugin added when that compiler has a build of it, and lint every shared
 * object a link writes. Everything else about the compiler is left alone:
 * a command that does not link a shared object becomes the compiler
 * (execv), so its output, status and signals are the compiler's own. The
 * options and variables are documented in docs/man/tlsguard-cc.1. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "command_line.h"
#include "diag.h"
#include "install_layout.h"
#include "lint_step.h"
#include "option_table.h"
#include "plugin_choice.h"
#include "response_file.h"
#include "settings.h"

#ifndef TLSGUARD_VERSION
#define TLSGUARD_VERSION "unknown"
#endif

/* Set in the real compiler's environment: a driver that finds it set was
 * started by a driver as its compiler, which can only be a loop. */
#define ACTIVE_MARKER "TLSGUARD_DRIVER_ACTIVE"

static const char help_text[] =
    "Usage: %s [--tlsguard-OPTION]... [COMPILER ARGUMENT]...\n"
    "Run the real compiler, adding the tlsguard plugin (which rewrites\n"
    "initial-exec and local-exec thread-locals to global-dynamic) when that\n"
    "compiler has a build of it, and check every shared object a link\n"
    "writes with tlsguard-lint. Everything else is the real compiler's.\n"
    "\n"
    "Options (removed before the compiler sees the command line):\n"
    "  --tlsguard-cc=CMD    the real compiler, as a command: 'clang-22',\n"
    "                       'ccache clang', 'gcc -m32'\n"
    "  --tlsguard-verbose   say what is run and why (TLSGUARD_VERBOSE=1)\n"
    "  --tlsguard-help      show this help and exit\n"
    "  --tlsguard-version   show the version and exit\n"
    "\n"
    "Environment:\n"
    "  TLSGUARD_CC, TLSGUARD_CXX  the real compiler (default: cc, clang, gcc\n"
    "                       or c++, clang++, g++ on PATH, never this program)\n"
    "  TLSGUARD_LINT        fail (default), warn (report, keep the status),\n"
    "                       off\n"
    "  TLSGUARD_LINT_ARGS   more tlsguard-lint arguments, e.g.\n"
    "                       '--gate=predict --fail-on=warning'\n"
    "  TLSGUARD_NO_PLUGIN   1: never add the plugin\n"
    "  TLSGUARD_PLUGIN_ARGS plugin arguments: 'mode=warn quiet' adds\n"
    "                       -fplugin-arg-tlsguard-mode=warn ...-quiet\n"
    "  TLSGUARD_PLUGIN_DIR  where tlsguard.so and its builds are\n"
    "  TLSGUARD_CACHE_DIR   where compiler identities are cached ('' : none)\n"
    "  TLSGUARD_CONFIG      the policy file tlsguard-lint reads (.tlsguard)\n"
    "  TLSGUARD_TARGET_LIBC the oldest C library to run on (glibc-2.36,\n"
    "                       musl-1.2, manylinux_2_17, ...): plugin and lint\n"
    "  TLSGUARD_VERBOSE     1: as --tlsguard-verbose\n"
    "\n"
    "Exit status: the compiler's; 1 when the lint finds static TLS, 2 when\n"
    "it cannot check, 126 or 127 when the real compiler cannot be run or\n"
    "found.\n";

struct own_options {
  const char *compiler; /* --tlsguard-cc= */
  bool verbose;
  bool help;
  bool version;
};

/* Takes the --tlsguard-* options out of argv; the rest is the compiler's. */
static bool read_own_options(int argc, char **argv, struct own_options *o,
                             struct strvec *user_args) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--tlsguard-", 11) != 0) {
      strvec_push(user_args, a);
    } else if (!strncmp(a, "--tlsguard-cc=", 14)) {
      o->compiler = a + 14;
    } else if (!strcmp(a, "--tlsguard-verbose")) {
      o->verbose = true;
    } else if (!strcmp(a, "--tlsguard-help")) {
      o->help = true;
    } else if (!strcmp(a, "--tlsguard-version")) {
      o->version = true;
    } else {
      diag_error("unknown option '%s'", a);
      diag_note("%s's own options are --tlsguard-cc=CMD, --tlsguard-verbose, "
                "--tlsguard-help and --tlsguard-version; every other argument "
                "goes to the compiler",
                diag_program);
      return false;
    }
  }
  return true;
}

static bool refuse_nested_run(enum driver_language lang) {
  const char *active = getenv(ACTIVE_MARKER);
  if (!active || !*active)
    return false;
  diag_error("started as the real compiler of another tlsguard driver (%s): "
             "the two would run each other forever",
             active);
  diag_note("set %s (or --tlsguard-cc=) to the real compiler, e.g. %s=%s; "
            "a directory whose cc is a tlsguard driver must not come before "
            "the real compiler's on PATH",
            compiler_variable(lang), compiler_variable(lang),
            lang == DRIVER_CXX ? "clang++" : "clang");
  return true;
}

/* The real compiler's command: its own words, the plugin when it goes in,
 * the user's arguments. -fplugin-arg-tlsguard-* arguments (in CFLAGS, for
 * the driver's plugin) are dropped when no tlsguard plugin is loaded: GCC
 * refuses plugin arguments for a plugin it was not given. */
static void build_command(const struct real_compiler *rc,
                          const struct plugin_choice *p,
                          const struct driver_settings *s,
                          const struct command_line *cl,
                          const struct strvec *user_args, struct strvec *cmd) {
  bool with_plugin = p && p->selector;
  strvec_push_all(cmd, &rc->command);
  if (with_plugin) {
    strvec_push_owned(cmd, xasprintf("-fplugin=%s", p->selector));
    strvec_push_all(cmd, &s->plugin_args);
  }
  bool keep_plugin_args = with_plugin || cl->has_tlsguard_plugin;
  for (size_t i = 0; i < user_args->len; i++) {
    const char *a = user_args->items[i];
    if (keep_plugin_args || !is_tlsguard_plugin_arg(a))
      strvec_push(cmd, a);
    else if (s->verbose)
      diag_trace("dropped %s: no tlsguard plugin in this command", a);
  }
}

/* Returns only when the compiler could not be started: the exit status. */
static int exec_compiler(const struct real_compiler *rc, struct strvec *cmd,
                         bool verbose) {
  if (verbose) {
    char *line = strvec_join(cmd);
    diag_trace("exec: %s", line);
    free(line);
  }
  child_exec(rc->exec_path, cmd->items);
  int err = errno;
  diag_error("cannot run %s: %s", rc->exec_path, strerror(err));
  return err == ENOENT ? 127 : 126;
}

/* The objects and archives a link reads, for the linter's --objects: the
 * operands named like them that are regular files. */
static bool is_object_name(const char *a) {
  static const char *const suffixes[] = {".o", ".a", ".rlib", ".lo", ".obj"};
  size_t n = strlen(a);
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    size_t k = strlen(suffixes[i]);
    if (n > k && !strcmp(a + n - k, suffixes[i]))
      return true;
  }
  return false;
}

static void collect_link_objects(const struct strvec *operands,
                                 struct strvec *objects) {
  for (size_t i = 0; i < operands->len; i++) {
    const char *a = operands->items[i];
    struct stat st;
    if (is_object_name(a) && stat(a, &st) == 0 && S_ISREG(st.st_mode))
      strvec_push(objects, a);
  }
}

static int finish_link(const struct real_compiler *rc,
                       const struct install_layout *self,
                       const struct driver_settings *s,
                       const struct command_line *cl, struct plugin_choice *p,
                       const struct strvec *objects) {
  struct stat st;
  if (stat(cl->output, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (s->verbose)
      diag_trace("lint: skipped, %s is not a regular file", cl->output);
    return 0;
  }
  struct lint_target t = {
      .lib_dirs = &cl->lib_dirs, .sysroot = cl->sysroot, .objects = objects};
  strvec_init(&t.files);
  strvec_push(&t.files, cl->output);
  enum lint_verdict verdict = lint_run_linter(self, s, &t);
  strvec_free(&t.files);
  if (verdict == LINT_PASSED)
    return 0;
  bool fail = s->lint == LINT_FAIL;
  enum diag_kind kind = fail ? DIAG_ERROR : DIAG_WARNING;
  if (verdict == LINT_FINDINGS) {
    diag(kind,
         "%s needs static TLS, which a late dlopen cannot be sure to get%s "
         "(tlsguard-lint's report is above)",
         cl->output, fail ? ": rejected" : "");
    plugin_explain(rc, self, s, p);
    /* The plugin leaves no mark in an object; but in rewrite mode it leaves
     * no initial-exec access either, so an object the report names was not
     * rewritten by it. */
    if (objects->len)
      diag_note("the objects the report names as bringing static TLS in were "
                "not rewritten by the tlsguard plugin: compiled without "
                "%s or the plugin, or kept on purpose",
                driver_name(rc->lang));
  } else if (child_pending_signal()) {
    diag(kind, "the check of %s was interrupted by signal %d (%s)", cl->output,
         child_pending_signal(), strsignal(child_pending_signal()));
  } else {
    diag(kind, "tlsguard-lint could not check %s (its message is above)",
         cl->output);
  }
  if (!fail) {
    diag_note("TLSGUARD_LINT=warn: the link's status is kept");
    return 0;
  }
  /* As a failed link leaves no output, so that make does not take it
   * for up to date next time. */
  if (unlink(cl->output) == 0)
    diag_note("%s was removed; TLSGUARD_LINT=warn keeps it and only reports",
              cl->output);
  else if (errno != ENOENT)
    diag_error("cannot remove %s: %s; it is %s and must not be used",
               cl->output, strerror(errno),
               verdict == LINT_FINDINGS ? "rejected" : "not checked");
  if (verdict == LINT_FINDINGS)
    diag_note("a library that may keep static TLS is accepted in the "
              "project's .tlsguard ([allow] soname = ...)");
  return verdict == LINT_FINDINGS ? 1 : 2;
}

/* What the output was before the link, to tell a file the compiler
 * wrote from one that was there already. */
struct output_state {
  bool existed;
  struct stat st;
};

static void output_state_read(const char *path, struct output_state *o) {
  o->existed = path && stat(path, &o->st) == 0;
}

/* A compiler killed by a signal may leave a partial output: removed, as
 * make's .DELETE_ON_ERROR would, when the link wrote or replaced it. */
static void remove_partial_output(const char *path,
                                  const struct output_state *before, int sig) {
  struct stat now;
  if (!path || stat(path, &now) != 0 || !S_ISREG(now.st_mode))
    return;
  if (before->existed && before->st.st_ino == now.st_ino &&
      before->st.st_dev == now.st_dev && before->st.st_size == now.st_size &&
      before->st.st_mtim.tv_sec == now.st_mtim.tv_sec &&
      before->st.st_mtim.tv_nsec == now.st_mtim.tv_nsec)
    return;
  if (unlink(path) == 0)
    diag_note("%s was removed: the compiler was killed by signal %d (%s) "
              "while writing it",
              path, sig, strsignal(sig));
  else
    diag_error("cannot remove %s, which the compiler was killed by signal "
               "%d while writing: %s; it is incomplete",
               path, sig, strerror(errno));
}

/* Everything a run holds, freed in one place (the sanitizer build checks
 * for leaks on every exit). */
struct driver_run {
  struct strvec user_args;
  struct install_layout self;
  struct driver_settings settings;
  struct real_compiler rc;
  struct command_line cl;
  struct plugin_choice plugin;
  struct strvec cmd;
  struct strvec link_objects; /* for the linter's --objects */
};

static void driver_run_free(struct driver_run *d) {
  plugin_choice_free(&d->plugin);
  strvec_free(&d->cmd);
  strvec_free(&d->link_objects);
  command_line_free(&d->cl);
  real_compiler_free(&d->rc);
  driver_settings_free(&d->settings);
  install_layout_free(&d->self);
  strvec_free(&d->user_args);
}

/* Links a shared object: the compiler runs as a child, then the linter. */
static int run_and_lint(struct driver_run *d) {
  const struct driver_settings *s = &d->settings;
  if (s->verbose) {
    char *line = strvec_join(&d->cmd);
    diag_trace("run: %s", line);
    free(line);
  }
  /* From the link's start to the lint's verdict the output is not known
   * to be good: a signal then removes it before the driver dies by it. */
  struct output_state before;
  output_state_read(d->cl.output, &before);
  child_signals_hold(true);
  int status = child_run(d->rc.exec_path, d->cmd.items, NULL);
  if (status == -1) {
    int err = errno;
    diag_error("cannot run %s: %s", d->rc.exec_path, strerror(err));
    return err == ENOENT ? 127 : 126;
  }
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : child_pending_signal();
  if (sig) {
    remove_partial_output(d->cl.output, &before, sig);
    die_by_signal(sig);
  }
  if (WEXITSTATUS(status) != 0)
    return WEXITSTATUS(status);
  int result =
      finish_link(&d->rc, &d->self, s, &d->cl, &d->plugin, &d->link_objects);
  child_signals_hold(false); /* checked or removed: a signal now ends it */
  if (child_pending_signal())
    die_by_signal(child_pending_signal());
  return result;
}

static int drive(struct driver_run *d, int argc, char **argv,
                 enum driver_language lang) {
  struct own_options own;
  if (!read_own_options(argc, argv, &own, &d->user_args))
    return 2;
  if (own.help) {
    printf(help_text, diag_program);
    return 0;
  }
  if (own.version) {
    printf("%s (tlsguard) %s\n", diag_program, TLSGUARD_VERSION);
    return 0;
  }
  if (refuse_nested_run(lang))
    return 127;
  if (!install_layout_init(&d->self)) {
    diag_error("cannot find this program's own path (/proc/self/exe): %s",
               strerror(errno));
    return 127;
  }
  if (!driver_settings_read(&d->settings))
    return 2;
  struct driver_settings *s = &d->settings;
  s->verbose |= own.verbose;
  if (!real_compiler_resolve(&d->rc, lang, own.compiler, &d->self))
    return 127;
  setenv(ACTIVE_MARKER, d->self.exe, 1);
  child_signals_init();

  struct strvec expanded;
  strvec_init(&expanded);
  expand_response_files(d->user_args.items, d->user_args.len, &expanded);
  command_line_read(&d->cl, expanded.items, expanded.len);
  collect_link_objects(&d->cl.operands, &d->link_objects);
  strvec_free(&expanded);

  if (d->cl.probe_or_preprocess || !d->cl.has_input) {
    build_command(&d->rc, NULL, s, &d->cl, &d->user_args, &d->cmd);
    return exec_compiler(&d->rc, &d->cmd, s->verbose);
  }
  plugin_choose(&d->rc, &d->self, s, &d->cl, &d->plugin);
  build_command(&d->rc, &d->plugin, s, &d->cl, &d->user_args, &d->cmd);
  if (!command_line_links_shared(&d->cl) || s->lint == LINT_OFF)
    return exec_compiler(&d->rc, &d->cmd, s->verbose);
  return run_and_lint(d);
}

int driver_main(int argc, char **argv, enum driver_language lang) {
  diag_program = driver_name(lang);
  struct driver_run d;
  memset(&d, 0, sizeof d);
  strvec_init(&d.user_args);
  strvec_init(&d.cmd);
  strvec_init(&d.link_objects);
  int result = drive(&d, argc, argv, lang);
  driver_run_free(&d);
  return result;
}
