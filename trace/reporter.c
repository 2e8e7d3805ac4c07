/* tlsguard-trace-report text|json OUT-FD OUT-NAME STATUS TRACE-FILE COMMAND
 *
 * The tracer's reporter, run by the launcher (launcher.c) in its own place
 * (exec) once the traced command has ended and some process of it loaded a
 * module with TLS late or had a dlopen fail for static TLS: it reads the
 * trace file, models each such process with lint's loader model
 * (tlsguard/loader_model.h) fed with the blocks the process had -- the same
 * model and words as tlsguard-lint --load-order -- names the variables and
 * the fixes, writes the report to OUT-FD (OUT-NAME in messages), removes the
 * trace file and exits as the command did (STATUS, a waitpid status). It is a
 * program of its own so that the launcher, which runs for every traced command,
 * maps neither libelf nor libdw. Not for users: its arguments are the
 * launcher's. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records.h"
#include "report.h"
#include "tlsguard/debuginfo.h"
#include "tlsguard/elf_module.h"
#include "tlsguard/known_libraries.h"
#include "tlsguard/report.h"

/* The library aborts on allocation failure unless told otherwise; the
 * tracer ends like on any other error of its own. */
static void exit_out_of_memory(void) {
  fputs("tlsguard-trace: out of memory\n", stderr);
  exit(2);
}

/* ---- the sources: what the report reads from the modules' files ---- */

/* Open a module for reading; false (and nothing to close) when it cannot
 * be read: the report then says less about it, never fails for it. */
static bool open_module(struct elf_module *m, const char *path) {
  char err[256];
  if (elf_module_open_file(m, path, err, sizeof err) == MODULE_OK)
    return true;
  elf_module_close(m);
  return false;
}

static bool tls_block(const char *path, struct tls_block_req *req) {
  struct elf_module m;
  if (!open_module(&m, path))
    return false;
  elf_module_tls_block(&m, req);
  bool present = m.tls.present;
  elf_module_close(&m);
  return present;
}

static char *dependency_chain(const char *requested, const char *module) {
  if (!requested ||
      !strcmp(trace_base_name(requested), trace_base_name(module)))
    return NULL;
  struct elf_module m;
  const char *direct = NULL;
  if (strchr(requested, '/') && open_module(&m, requested)) {
    for (size_t i = 0; i < m.n_needed; i++)
      if (!strcmp(trace_base_name(m.needed[i]), trace_base_name(module)))
        direct = module;
    elf_module_close(&m);
  }
  if (direct)
    return xasprintf("%s -> %s", trace_base_name(requested),
                     trace_base_name(module));
  return xasprintf("%s -> ... -> %s", trace_base_name(requested),
                   trace_base_name(module));
}

static void variables_text(const char *path, char *buf, size_t len) {
  struct elf_module m;
  if (!open_module(&m, path))
    return;
  struct tls_variables v = {0};
  tls_variables_find(&m, path, NULL, NULL, NULL, &v);
  size_t used = 0;
  for (size_t i = 0; i < v.n && used + 1 < len; i++) {
    int w = snprintf(buf + used, len - used, "%s'%s' (%" PRIu64 " bytes)",
                     i ? ", " : "", v.vars[i].name, v.vars[i].size);
    if (w < 0 || (size_t)w >= len - used) {
      snprintf(buf + used, len - used, ", ...");
      break;
    }
    used += (size_t)w;
    if (i == 7 && v.n > 8) {
      snprintf(buf + used, len - used, ", and %zu more", v.n - 8);
      break;
    }
  }
  if (v.n)
    snprintf(buf + strlen(buf), len - strlen(buf), " (from %s)",
             tls_var_source_name(v.source));
  tls_variables_free(&v);
  elf_module_close(&m);
}

static const char *known_fix(const char *path, char *name, size_t len) {
  struct elf_module m;
  const char *fix = NULL;
  if (open_module(&m, path)) {
    const struct known_library *k = known_library_identify(&m);
    if (k) {
      snprintf(name, len, "%s", k->name);
      fix = k->fix;
    }
    elf_module_close(&m);
  }
  return fix;
}

static char *say(enum note_form form, const char *name) {
  return note_words(form, &(struct note_facts){.name = name});
}

static const struct trace_sources sources = {tls_block, dependency_chain,
                                             variables_text, known_fix, say};

int main(int argc, char **argv) {
  lint_set_out_of_memory_handler(exit_out_of_memory);
  char *end = NULL;
  long fd = argc == 7 ? strtol(argv[2], &end, 10) : -1;
  bool json = argc == 7 && !strcmp(argv[1], "json");
  if (argc != 7 || (!json && strcmp(argv[1], "text")) || !end || *end ||
      fd < 0) {
    fputs("tlsguard-trace-report: run by tlsguard-trace, not by hand\n",
          stderr);
    return 2;
  }
  const char *out_name = argv[3];
  int status = atoi(argv[4]);
  const char *trace_file = argv[5], *cmd = argv[6];
  FILE *out = fd == 2 ? stderr : fdopen((int)fd, "w");
  if (!out) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", out_name,
            strerror(errno));
    unlink(trace_file);
    return 2;
  }
  struct trace t = {0};
  if (!trace_read(trace_file, &t))
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", trace_file,
            trace_read_error(errno));
  else
    trace_report(&t, out, json, cmd, &sources);
  unlink(trace_file);
  trace_free(&t);
  if (out != stderr && fclose(out) != 0) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", out_name,
            strerror(errno));
    return 2;
  }
  fflush(stderr);
  return trace_pass_status(status);
}
