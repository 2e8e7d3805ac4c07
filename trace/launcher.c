/* tlsguard-trace [-o FILE] [--format=text|json] [--] COMMAND [ARG]...
 *
 * The launcher: runs COMMAND with libtlsguard-trace-preload.so preloaded
 * (preload.c records every process's modules and dl calls in a trace file,
 * records.h), waits for it and, when a process loaded a module with TLS
 * late or had a dlopen fail for static TLS, hands over to the reporter
 * (reporter.c: which modules took static TLS, who had taken the surplus,
 * the variables, the stop-gap and the fix, from lint's loader model). Most
 * commands do neither; for them the launcher writes the one summary line
 * itself. It runs for every traced command, so it stays small: it maps no
 * ELF or DWARF library (the reporter does). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <link.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "records.h"
#include "report.h"
#include "tlsguard/alloc.h"
#include "tlsguard/loader_model.h"

#ifndef TLSGUARD_TRACE_RELDIR
#define TLSGUARD_TRACE_RELDIR "../lib/tlsguard"
#endif
#define PRELOAD_NAME "libtlsguard-trace-preload.so"
#define REPORTER_NAME "tlsguard-trace-report"

static const char usage_text[] =
    "usage: tlsguard-trace [-o FILE] [--format=text|json] [--] COMMAND "
    "[ARG]...\n"
    "Run COMMAND and report which modules loaded late (dlopen) took static "
    "TLS,\n"
    "and, for a dlopen that failed with \"cannot allocate memory in static "
    "TLS\n"
    "block\", who had taken the surplus, the stop-gap and the fix.\n"
    "  -o, --output=FILE     write the report to FILE (default: standard "
    "error)\n"
    "      --format=FORMAT   text (default) or json (docs/trace.md)\n"
    "      --help            this text\n"
    "      --version         the version\n"
    "COMMAND's output, exit status and signals pass through unchanged.\n";

static pid_t child_pid;
static bool exec_failed; /* the command never ran: nothing to report */

/* The library aborts on allocation failure unless told otherwise; the
 * tracer ends like on any other error of its own. */
static void exit_out_of_memory(void) {
  fputs("tlsguard-trace: out of memory\n", stderr);
  exit(2);
}

static void forward(int sig) {
  if (child_pid > 0)
    kill(child_pid, sig);
}

static char *find_in_path(const char *cmd) {
  if (strchr(cmd, '/'))
    return xstrdup(cmd);
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;;) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char *cand = xasprintf("%.*s%s%s", (int)len, p, len ? "/" : "", cmd);
    if (access(cand, X_OK) == 0)
      return cand;
    free(cand);
    if (!end)
      return NULL;
    p = end + 1;
  }
}

/* PT_INTERP of a program of this launcher's class and byte order, read
 * with pread (no ELF library: see the top of this file). Fills `interp`
 * (empty: none, a static program) and `other_class`; false when the file
 * is not ELF. */
static bool read_interp(const char *path, char *interp, size_t len,
                        bool *other_class) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  ElfW(Ehdr) eh;
  ssize_t got = pread(fd, &eh, sizeof eh, 0);
  bool ok = got >= EI_NIDENT && !memcmp(eh.e_ident, ELFMAG, SELFMAG);
  if (ok) {
    *other_class =
        eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32);
    bool native =
        !*other_class && got == (ssize_t)sizeof eh &&
        eh.e_ident[EI_DATA] == (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                                    ? ELFDATA2LSB
                                    : ELFDATA2MSB) &&
        eh.e_phentsize == sizeof(ElfW(Phdr));
    for (unsigned i = 0; native && i < eh.e_phnum; i++) {
      ElfW(Phdr) ph;
      if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) !=
          (ssize_t)sizeof ph)
        break;
      if (ph.p_type != PT_INTERP)
        continue;
      size_t n = ph.p_filesz < len - 1 ? (size_t)ph.p_filesz : len - 1;
      ssize_t r = pread(fd, interp, n, (off_t)ph.p_offset);
      interp[r > 0 ? (size_t)r : 0] = '\0';
      break;
    }
  }
  close(fd);
  return ok;
}

/* The program that will actually run: follows "#!" (and "#!/usr/bin/env X")
 * once. Fills its PT_INTERP (empty: none, a static program). False when it
 * is not an ELF file tlsguard-trace can read. */
static bool program_interp(const char *cmd, char *interp, size_t len,
                           char *prog, size_t proglen, bool *other_class) {
  interp[0] = '\0';
  *other_class = false;
  char *path = find_in_path(cmd);
  if (!path)
    return false;
  char head[256];
  FILE *f = fopen(path, "re");
  size_t got = f ? fread(head, 1, sizeof head - 1, f) : 0;
  if (f)
    fclose(f);
  head[got] = '\0';
  if (got > 2 && head[0] == '#' && head[1] == '!') {
    char *s = head + 2, *nl = strchr(s, '\n');
    if (nl)
      *nl = '\0';
    char *words[3] = {0};
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(s, " \t", &save); tok && n < 3;
         tok = strtok_r(NULL, " \t", &save))
      words[n++] = tok;
    free(path);
    path = NULL;
    if (n >= 2 && !strcmp(trace_base_name(words[0]), "env"))
      path = find_in_path(words[1]);
    else if (n >= 1)
      path = xstrdup(words[0]);
    if (!path)
      return false;
  }
  snprintf(prog, proglen, "%s", path);
  bool ok = read_interp(path, interp, len, other_class);
  free(path);
  return ok;
}

/* The preload module and the reporter: $TLSGUARD_TRACE_PRELOAD or
 * $TLSGUARD_TRACE_REPORTER, beside the installed launcher
 * (bin/../lib/tlsguard), or in the build tree (bin/../lib). */
static char *find_private(const char *env_name, const char *name) {
  const char *env = getenv(env_name);
  if (env && *env)
    return xstrdup(env);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return NULL;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (slash)
    *slash = '\0';
  const char *dirs[] = {TLSGUARD_TRACE_RELDIR, "../lib"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
    char *cand = xasprintf("%s/%s/%s", self, dirs[i], name);
    char *real = realpath(cand, NULL);
    free(cand);
    if (real)
      return real;
  }
  return NULL;
}

/* The preload module and the reporter, found before the command runs: a
 * broken installation is said first, and the command does not run. */
static bool find_tools(char **preload, char **reporter) {
  static const struct {
    const char *env, *name;
    int access;
  } tools[2] = {{"TLSGUARD_TRACE_PRELOAD", PRELOAD_NAME, R_OK},
                {"TLSGUARD_TRACE_REPORTER", REPORTER_NAME, X_OK}};
  char **found[2] = {preload, reporter};
  for (size_t i = 0; i < 2; i++) {
    char *path = *found[i] = find_private(tools[i].env, tools[i].name);
    if (!path) {
      fprintf(stderr,
              "tlsguard-trace: error: %s not found (set %s to its path)\n",
              tools[i].name, tools[i].env);
      return false;
    }
    if (access(path, tools[i].access) != 0) {
      fprintf(stderr, "tlsguard-trace: error: %s: %s\n", path, strerror(errno));
      return false;
    }
  }
  return true;
}

/* Where the trace file goes: $TMPDIR when set, else /dev/shm (memory: the
 * traced processes write it through a shared mapping, ring.h), else /tmp. */
static const char *trace_dir(void) {
  const char *tmp = getenv("TMPDIR");
  if (tmp && *tmp)
    return tmp;
  struct stat st;
  if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
      access("/dev/shm", W_OK | X_OK) == 0)
    return "/dev/shm";
  return "/tmp";
}

/* The trace file's size: ring.h's default, or $TLSGUARD_TRACE_CAPACITY
 * bytes (for tests of a full trace file; docs/trace.md). */
static uint64_t trace_capacity(void) {
  const char *v = getenv("TLSGUARD_TRACE_CAPACITY");
  return v && *v ? strtoull(v, NULL, 10) : 0;
}

/* The command's environment: this one with the preload first on
 * LD_PRELOAD and the trace file named, those two (allocated) last. Only the
 * command's: the reporter, run later from this process, must not have the
 * preload. */
static char **command_environment(const char *preload, const char *trace_file) {
  size_t n = 0;
  while (environ[n])
    n++;
  char **env = xmalloc((n + 3) * sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (strncmp(environ[i], "LD_PRELOAD=", 11) &&
        strncmp(environ[i], "TLSGUARD_TRACE_FILE=", 20))
      env[k++] = environ[i];
  const char *old = getenv("LD_PRELOAD");
  env[k++] = old && *old ? xasprintf("LD_PRELOAD=%s:%s", preload, old)
                         : xasprintf("LD_PRELOAD=%s", preload);
  env[k++] = xasprintf("TLSGUARD_TRACE_FILE=%s", trace_file);
  env[k] = NULL;
  return env;
}

/* command_environment's array: its own two strings are the last two. */
static void command_environment_free(char **env) {
  size_t n = 0;
  while (env[n])
    n++;
  free(env[n - 1]);
  free(env[n - 2]);
  free(env);
}

/* The child's side of run(): only execvpe and _exit between vfork and the
 * exec; a failed exec's errno is left in *exec_errno (shared memory). */
static pid_t spawn(char **cmd, char **env, const sigset_t *mask,
                   volatile int *exec_errno) {
  pid_t pid = vfork();
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, mask, NULL);
    execvpe(cmd[0], cmd, env);
    *exec_errno = errno;
    _exit(127);
  }
  return pid;
}

/* Run the command and wait for it: its wait status, or -1. vfork, not fork:
 * the child copies no page tables and the parent takes no copy-on-write
 * faults afterwards (tlsguard-trace runs for every traced command; see
 * docs/performance.md). The child runs only execvpe (execvp's search and
 * its /bin/sh fallback, with the environment built beforehand) and _exit;
 * it reports a failed exec through the memory it shares until then. The
 * forwarded signals are blocked across the vfork, so a handler never runs
 * in the child; exec resets them to their defaults. */
static int run(char **cmd, const char *preload, const char *trace_file) {
  struct sigaction sa = {0}, old_sa[4];
  const int fwd[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  sa.sa_handler = forward;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigset_t block, old_mask;
  sigemptyset(&block);
  for (int i = 0; i < 4; i++) {
    sigaction(fwd[i], &sa, &old_sa[i]);
    sigaddset(&block, fwd[i]);
  }
  char **env = preload ? command_environment(preload, trace_file) : environ;
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  volatile int exec_errno = 0;
  pid_t pid = spawn(cmd, env, &old_mask, &exec_errno);
  int fork_errno = errno;
  child_pid = pid;
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  if (env != environ)
    command_environment_free(env);
  int status = -1;
  if (pid < 0) {
    fprintf(stderr, "tlsguard-trace: error: fork: %s\n", strerror(fork_errno));
  } else {
    while (waitpid(pid, &status, 0) < 0)
      if (errno != EINTR) {
        fprintf(stderr, "tlsguard-trace: error: waitpid: %s\n",
                strerror(errno));
        status = -1;
        break;
      }
    if (exec_errno) {
      exec_failed = true;
      fprintf(stderr, "tlsguard-trace: error: %s: %s\n", cmd[0],
              strerror(exec_errno));
      status = W_EXITCODE(exec_errno == ENOENT ? 127 : 126, 0);
    }
  }
  for (int i = 0; i < 4; i++)
    sigaction(fwd[i], &old_sa[i], NULL);
  return status;
}

/* The report, gathered in memory and written at once: standard error is
 * unbuffered, and a line-by-line report would be a write(2) per line. */
static void write_report(struct trace *t, FILE *out, bool json,
                         const char *cmd) {
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  trace_report(t, mem ? mem : out, json, cmd, NULL);
  if (mem && fclose(mem) == 0)
    fwrite(buf, 1, len, out);
  free(buf);
}

/* Hand the report over to the reporter (it removes the trace file and exits
 * as the command did); returns only when it cannot be run. */
static void exec_reporter(const char *reporter, bool json, FILE *out,
                          const char *out_name, int status,
                          const char *trace_file, const char *cmd) {
  char fd[16], st[16];
  snprintf(fd, sizeof fd, "%d", fileno(out));
  snprintf(st, sizeof st, "%d", status);
  fflush(out);
  fflush(stderr);
  execl(reporter, REPORTER_NAME, json ? "json" : "text", fd, out_name, st,
        trace_file, cmd, (char *)NULL);
  fprintf(stderr, "tlsguard-trace: error: %s: %s\n", reporter, strerror(errno));
}

int main(int argc, char **argv) {
  lint_set_out_of_memory_handler(exit_out_of_memory);
  const char *output = NULL;
  bool json = false;
  enum { OPT_FORMAT = 256, OPT_HELP, OPT_VERSION };
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"help", no_argument, NULL, OPT_HELP},
      {"version", no_argument, NULL, OPT_VERSION},
      {NULL, 0, NULL, 0},
  };
  int c;
  while ((c = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
    switch (c) {
    case 'o':
      output = optarg;
      break;
    case OPT_FORMAT:
      if (!strcmp(optarg, "json"))
        json = true;
      else if (strcmp(optarg, "text")) {
        fprintf(stderr,
                "tlsguard-trace: error: --format=%s: expected text or json\n",
                optarg);
        return 2;
      }
      break;
    case OPT_HELP:
      fputs(usage_text, stdout);
      return 0;
    case OPT_VERSION:
      printf("tlsguard-trace %s\n", TLSGUARD_VERSION);
      return 0;
    default:
      fputs(usage_text, stderr);
      return 2;
    }
  }
  if (optind >= argc) {
    fputs(usage_text, stderr);
    return 2;
  }
  char **cmd = argv + optind;

  /* Open the report first: a bad -o is said before the command runs. */
  FILE *out = stderr;
  if (output && !(out = fopen(output, "w"))) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", output, strerror(errno));
    return 2;
  }

  char interp[4096], prog[4096];
  bool traceable = true, other_class;
  enum loader_kind kind;
  if (program_interp(cmd[0], interp, sizeof interp, prog, sizeof prog,
                     &other_class)) {
    if (other_class) {
      fprintf(stderr,
              "tlsguard-trace: %s: a %d-bit program: this tlsguard-trace is "
              "built for %d-bit ones and cannot trace it; running it "
              "untraced\n",
              prog, sizeof(void *) == 8 ? 32 : 64, (int)sizeof(void *) * 8);
      traceable = false;
    } else if (loader_kind_of_interp(interp, &kind) && kind == LOADER_MUSL) {
      fprintf(stderr,
              "tlsguard-trace: %s: linked against musl (%s): tlsguard-trace "
              "cannot trace it (musl gives late modules no static TLS at "
              "all; `tlsguard-lint --loader=musl` predicts what fails); "
              "running it untraced\n",
              prog, interp);
      traceable = false;
    } else if (!*interp) {
      fprintf(stderr,
              "tlsguard-trace: %s: statically linked: LD_PRELOAD does not "
              "apply, so tlsguard-trace cannot see its dlopen calls; running "
              "it untraced\n",
              prog);
      traceable = false;
    }
  }
  char *preload = NULL, *reporter = NULL;
  if (traceable && !find_tools(&preload, &reporter)) {
    free(preload);
    free(reporter);
    return 2;
  }
  char trace_file[4096] = "";
  if (traceable && !trace_create(trace_dir(), trace_capacity(), trace_file,
                                 sizeof trace_file)) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", trace_file,
            strerror(errno));
    free(preload);
    free(reporter);
    return 2;
  }
  int status = run(cmd, preload, trace_file);
  free(preload);
  if (traceable && exec_failed)
    unlink(trace_file);
  if (traceable && !exec_failed) {
    struct trace t = {0};
    bool read = trace_read(trace_file, &t);
    if (!read)
      fprintf(stderr, "tlsguard-trace: error: %s: %s\n", trace_file,
              trace_read_error(errno));
    /* A dlopen that failed for static TLS needs the modules' files read
     * (the failed block, the variables, the fixes): the reporter's. */
    bool hand_over = read && trace_needs_sources(&t);
    if (read && !hand_over)
      write_report(&t, out, json, cmd[0]);
    trace_free(&t);
    if (hand_over)
      exec_reporter(reporter, json, out, output ? output : "standard error",
                    status, trace_file, cmd[0]);
    unlink(trace_file);
  }
  free(reporter);
  if (out != stderr && fclose(out) != 0) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", output, strerror(errno));
    return 2;
  }
  fflush(stderr);
  return trace_pass_status(status);
}
