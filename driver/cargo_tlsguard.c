/* cargo-tlsguard: `cargo tlsguard build [ARGS]` (and `rustc`). Runs cargo
 * with every C compile and link of the build going through tlsguard-cc
 * (cargo_env.h), reads cargo's JSON messages for the cdylib and dylib
 * artifacts, and lints them all once cargo has finished. Rendered
 * diagnostics reach standard error as cargo prints them. Documented in
 * docs/man/cargo-tlsguard.1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cargo_env.h"
#include "cargo_messages.h"
#include "child.h"
#include "diag.h"
#include "install_layout.h"
#include "lint_step.h"
#include "plugin_choice.h"
#include "real_compiler.h"
#include "settings.h"

#ifndef TLSGUARD_VERSION
#define TLSGUARD_VERSION "unknown"
#endif

static const char help_text[] =
    "Usage: cargo tlsguard build [CARGO BUILD ARGUMENTS]...\n"
    "       cargo tlsguard rustc [CARGO RUSTC ARGUMENTS]...\n"
    "Build with every C compile and link going through tlsguard-cc (the\n"
    "tlsguard plugin rewrites initial-exec thread-locals where the compiler\n"
    "has a build of it), then check every cdylib and dylib the build\n"
    "produced with tlsguard-lint; fail when one needs static TLS.\n"
    "\n"
    "Environment: TLSGUARD_CC, TLSGUARD_CXX (else CC, CXX and the cc\n"
    "crate's CC_<target> are run through tlsguard-cc), TLSGUARD_LINT\n"
    "(fail, warn, off), TLSGUARD_LINT_ARGS, TLSGUARD_PLUGIN_ARGS,\n"
    "TLSGUARD_NO_PLUGIN, TLSGUARD_VERBOSE, CARGO, RUSTC.\n"
    "\n"
    "Exit status: cargo's; 1 when a library needs static TLS, 2 when the\n"
    "libraries could not be checked or the command line is wrong.\n";

struct cargo_run {
  struct install_layout self;
  struct driver_settings settings;
  struct strvec cargo_args; /* after the subcommand, --message-format out */
  struct strvec formats;    /* the user's --message-format values */
  struct strvec targets;
  struct cargo_outputs outputs;
  struct strvec argv;
  char *host;
  char *cargo;
};

static void cargo_run_free(struct cargo_run *r) {
  install_layout_free(&r->self);
  driver_settings_free(&r->settings);
  strvec_free(&r->cargo_args);
  strvec_free(&r->formats);
  strvec_free(&r->targets);
  cargo_outputs_free(&r->outputs);
  strvec_free(&r->argv);
  free(r->host);
  free(r->cargo);
}

/* Splits the user's arguments: --message-format values are taken out (the
 * subcommand chooses the JSON format it needs), --target values noted.
 * Everything after "--" is rustc's and is not looked at. */
static void read_cargo_args(struct cargo_run *r, char **args, int count) {
  bool rest = false;
  for (int i = 0; i < count; i++) {
    const char *a = args[i];
    const char *next = i + 1 < count ? args[i + 1] : NULL;
    if (rest) {
      strvec_push(&r->cargo_args, a);
    } else if (!strcmp(a, "--")) {
      rest = true;
      strvec_push(&r->cargo_args, a);
    } else if (!strcmp(a, "--message-format") && next) {
      strvec_push(&r->formats, next);
      i++;
    } else if (!strncmp(a, "--message-format=", 17)) {
      strvec_push(&r->formats, a + 17);
    } else {
      if (!strcmp(a, "--target") && next)
        strvec_push_owned(&r->targets, cargo_target_name(next));
      else if (!strncmp(a, "--target=", 9))
        strvec_push_owned(&r->targets, cargo_target_name(a + 9));
      strvec_push(&r->cargo_args, a);
    }
  }
}

/* The format cargo is run with, and whether its JSON is the user's to see
 * (they asked for JSON) or only cargo-tlsguard's. */
static char *message_format(const struct strvec *formats, bool *user_json) {
  *user_json = false;
  bool short_diagnostics = false;
  for (size_t i = 0; i < formats->len; i++) {
    if (strstr(formats->items[i], "json"))
      *user_json = true;
    if (strstr(formats->items[i], "short"))
      short_diagnostics = true;
  }
  if (*user_json)
    return strvec_join_with(formats, ',');
  return xstrdup(short_diagnostics
                     ? "json-render-diagnostics,json-diagnostic-short"
                     : "json-render-diagnostics");
}

/* rustc's host triple, from `rustc -vV`. */
static char *host_triple(const struct install_layout *self) {
  const char *rustc_env = getenv("RUSTC");
  const char *rustc_name = rustc_env && *rustc_env ? rustc_env : "rustc";
  char *rustc = find_program(rustc_name, self, NULL);
  if (!rustc) {
    diag_error("cannot find rustc ('%s') to ask for the host target",
               rustc_name);
    diag_note("put rustc on PATH, or name it in RUSTC");
    return NULL;
  }
  char *argv[] = {rustc, "-vV", NULL};
  struct child_io io = {-1, true, false};
  int fd;
  pid_t pid = child_start(rustc, argv, &io, &fd);
  char *host = NULL;
  if (pid > 0) {
    FILE *in = fdopen(fd, "r");
    char *line = NULL;
    size_t cap = 0;
    while (in && getline(&line, &cap, in) > 0) {
      if (!strncmp(line, "host: ", 6) && !host) {
        line[strcspn(line, "\r\n")] = '\0';
        host = xstrdup(line + 6);
      }
    }
    free(line);
    if (in)
      fclose(in);
    else
      close(fd);
    int status = child_wait(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      free(host);
      host = NULL;
    }
  }
  if (!host)
    diag_error("'%s -vV' did not name the host target", rustc);
  free(rustc);
  return host;
}

/* Runs cargo, passing its output through and collecting artifacts.
 * Returns cargo's wait status, or -1 when it could not be started. */
static int run_cargo(struct cargo_run *r, bool user_json) {
  if (r->settings.verbose) {
    char *line = strvec_join(&r->argv);
    diag_trace("run: %s", line);
    free(line);
  }
  int fd;
  pid_t pid = child_start(r->cargo, r->argv.items, NULL, &fd);
  if (pid < 0)
    return -1;
  FILE *in = fdopen(fd, "r");
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while (in && (len = getline(&line, &cap, in)) > 0) {
    bool message = cargo_message_read(line, &r->outputs);
    if (!message || user_json) {
      fwrite(line, 1, (size_t)len, stdout);
      fflush(stdout);
    }
  }
  free(line);
  if (in)
    fclose(in);
  else
    close(fd);
  return child_wait(pid);
}

static int lint_libraries(struct cargo_run *r) {
  const struct driver_settings *s = &r->settings;
  if (r->outputs.libraries.len == 0) {
    if (s->verbose)
      diag_trace("lint: the build produced no cdylib or dylib");
    return 0;
  }
  struct lint_target t = {.lib_dirs = &r->outputs.native_dirs};
  strvec_init(&t.files);
  strvec_push_all(&t.files, &r->outputs.libraries);
  enum lint_verdict verdict = lint_run_linter(&r->self, s, &t);
  strvec_free(&t.files);
  if (verdict == LINT_PASSED)
    return 0;
  bool fail = s->lint == LINT_FAIL;
  if (verdict == LINT_BROKEN) {
    diag(fail ? DIAG_ERROR : DIAG_WARNING,
         "tlsguard-lint could not check the libraries (its message is above)");
  } else {
    diag(fail ? DIAG_ERROR : DIAG_WARNING,
         "a library this build produced needs static TLS, which a late dlopen "
         "cannot be sure to get (tlsguard-lint's report is above)");
    /* The compiler the C code of the build went through. */
    struct real_compiler rc;
    if (real_compiler_resolve(&rc, DRIVER_C, NULL, &r->self)) {
      struct plugin_choice p;
      memset(&p, 0, sizeof p);
      plugin_explain(&rc, &r->self, s, &p);
      plugin_choice_free(&p);
    }
    real_compiler_free(&rc);
    diag_note("cargo does not run a build script again when only the "
              "compiler or the TLSGUARD_* settings change: after changing "
              "them, 'cargo clean -p <crate>' rebuilds its C code");
  }
  if (!fail) {
    diag_note("TLSGUARD_LINT=warn: the build's status is kept");
    return 0;
  }
  diag_note("TLSGUARD_LINT=warn only reports; a library that may keep static "
            "TLS is accepted in the project's .tlsguard ([allow] soname = "
            "...)");
  return verdict == LINT_FINDINGS ? 1 : 2;
}

static int usage_error(const char *what) {
  diag_error("%s", what);
  diag_note("usage: cargo tlsguard build [ARGS] (or rustc); cargo tlsguard "
            "--help says more");
  return 2;
}

static int cargo_tlsguard(struct cargo_run *r, int argc, char **argv) {
  /* cargo runs `cargo-tlsguard tlsguard ARGS`; by hand it is
   * `cargo-tlsguard ARGS`. */
  int first = 1;
  if (first < argc && !strcmp(argv[first], "tlsguard"))
    first++;
  if (first >= argc)
    return usage_error("no cargo command given");
  const char *command = argv[first];
  if (!strcmp(command, "--help") || !strcmp(command, "-h") ||
      !strcmp(command, "help")) {
    fputs(help_text, stdout);
    return 0;
  }
  if (!strcmp(command, "--version") || !strcmp(command, "-V")) {
    printf("cargo-tlsguard (tlsguard) %s\n", TLSGUARD_VERSION);
    return 0;
  }
  if (strcmp(command, "build") && strcmp(command, "rustc")) {
    char *msg = xasprintf("'cargo tlsguard %s' is not supported: only build "
                          "and rustc produce the libraries it checks",
                          command);
    int status = usage_error(msg);
    free(msg);
    return status;
  }
  if (!install_layout_init(&r->self)) {
    diag_error("cannot find this program's own path (/proc/self/exe)");
    return 2;
  }
  if (!driver_settings_read(&r->settings))
    return 2;
  read_cargo_args(r, argv + first + 1, argc - first - 1);
  const char *cargo_env = getenv("CARGO");
  r->cargo = find_program(cargo_env && *cargo_env ? cargo_env : "cargo",
                          &r->self, NULL);
  if (!r->cargo) {
    diag_error("cannot find cargo ('%s')", cargo_env ? cargo_env : "cargo");
    diag_note("put cargo on PATH, or name it in CARGO");
    return 2;
  }
  r->host = host_triple(&r->self);
  if (!r->host)
    return 2;
  if (r->targets.len == 0) {
    const char *t = getenv("CARGO_BUILD_TARGET");
    strvec_push_owned(&r->targets, cargo_target_name(t && *t ? t : r->host));
  }
  if (!cargo_env_apply(r->host, &r->targets, &r->self, r->settings.verbose))
    return 2;

  bool user_json;
  char *format = message_format(&r->formats, &user_json);
  strvec_push(&r->argv, r->cargo);
  strvec_push(&r->argv, command);
  strvec_push_owned(&r->argv, xasprintf("--message-format=%s", format));
  free(format);
  strvec_push_all(&r->argv, &r->cargo_args);

  child_signals_init();
  int status = run_cargo(r, user_json);
  if (status == -1) {
    diag_error("cannot run %s: %s", r->cargo, strerror(errno));
    return 2;
  }
  if (WIFSIGNALED(status))
    die_by_signal(WTERMSIG(status));
  if (WEXITSTATUS(status) != 0)
    return WEXITSTATUS(status);
  if (r->settings.lint == LINT_OFF)
    return 0;
  int result = lint_libraries(r);
  if (child_pending_signal())
    die_by_signal(child_pending_signal());
  return result;
}

int main(int argc, char **argv) {
  diag_program = "cargo-tlsguard";
  struct cargo_run r;
  memset(&r, 0, sizeof r);
  strvec_init(&r.cargo_args);
  strvec_init(&r.formats);
  strvec_init(&r.targets);
  strvec_init(&r.argv);
  cargo_outputs_init(&r.outputs);
  int result = cargo_tlsguard(&r, argc, argv);
  cargo_run_free(&r);
  return result;
}
