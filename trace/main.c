/* tlsguard-trace [-o FILE] [--format=text|json] [--] COMMAND [ARG]...
 *
 * Runs COMMAND with libtlsguard-trace-preload.so preloaded, waits for it,
 * and reports which modules loaded late took static TLS, measured in the
 * process, and for each dlopen that failed for static TLS, who had taken the
 * surplus, the variables, the stop-gap and the fix. The figures come from
 * lint's loader model (tlsguard/loader_model.h), fed with the blocks the
 * process had: the same model and words as tlsguard-lint --load-order. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tlsguard/debuginfo.h"
#include "tlsguard/elf_module.h"
#include "tlsguard/json_writer.h"
#include "tlsguard/known_libraries.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/report.h"
#include "tlsguard/reraise_signal.h"

#ifndef TLSGUARD_TRACE_RELDIR
#define TLSGUARD_TRACE_RELDIR "../lib/tlsguard"
#endif
#define PRELOAD_NAME "libtlsguard-trace-preload.so"
#define STOPGAP_LIMIT (1ull << 26)

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

/* ---- the records ---- */

struct module_rec {
  unsigned long seq;
  uint64_t modid, size, align, filesz, firstbyte;
  bool off_known;
  uint64_t off; /* l_tls_offset as the loader stored it (ptrdiff_t) */
  uint64_t tp, data;
  char *name;
  /* filled by the analysis */
  int state; /* 0 none, 1 static, 2 dynamic (no offset), 3 unknown */
  uint64_t consumed, left;
  bool model_agrees;
};

enum call_kind { CALL_DLOPEN, CALL_DLCLOSE };

struct call_rec {
  unsigned long seq;
  enum call_kind kind;
  bool failed, passed_through, outcome_known;
  char *file;
  char *message;
  size_t first_mod, n_mods; /* into proc.late */
  char **gone;
  size_t n_gone;
};

struct proc {
  long pid, ppid;
  unsigned bits;
  char *exe;
  struct module_rec *startup;
  size_t n_startup;
  struct module_rec *late;
  size_t n_late;
  struct call_rec *calls;
  size_t n_calls;
  bool ended;
};

struct trace {
  struct proc *procs;
  size_t n;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return p;
  *cap = *cap ? *cap * 2 : 16;
  return xrealloc(p, *cap * size);
}

/* The library aborts on allocation failure unless told otherwise; the
 * tracer ends like on any other error of its own. */
static void exit_out_of_memory(void) {
  fputs("tlsguard-trace: out of memory\n", stderr);
  exit(2);
}

static char *unescape(const char *s) {
  char *out = xmalloc(strlen(s) + 1), *o = out;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      *o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
    } else {
      *o++ = *s;
    }
  }
  *o = '\0';
  return out;
}

/* Split a record line at tabs (in place). */
static size_t split(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == '\t') {
      *p = '\0';
      f[n++] = p + 1;
    }
  return n;
}

static uint64_t num(const char *s) { return strtoull(s, NULL, 10); }

static struct proc *proc_for(struct trace *t, long pid) {
  for (size_t i = t->n; i-- > 0;)
    if (t->procs[i].pid == pid)
      return &t->procs[i];
  return NULL;
}

static bool read_trace(const char *path, struct trace *t) {
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  size_t cap_procs = 0;
  char *line = NULL;
  size_t linecap = 0;
  ssize_t len;
  /* Records of one process are in order; processes interleave. Every
   * record carries its writer's pid and belongs to the latest P of that pid
   * (an exec starts a new one). */
  struct proc *cur = NULL;
  while ((len = getline(&line, &linecap, f)) > 0) {
    if (line[len - 1] == '\n')
      line[--len] = '\0';
    char *fld[16];
    size_t n = split(line, fld, 16);
    if (n >= 2 && !strcmp(fld[0], "P") && n >= 5) {
      t->procs = grow(t->procs, &cap_procs, t->n, sizeof *t->procs);
      cur = &t->procs[t->n++];
      memset(cur, 0, sizeof *cur);
      cur->pid = (long)num(fld[1]);
      cur->ppid = (long)num(fld[2]);
      cur->bits = (unsigned)num(fld[3]);
      cur->exe = unescape(fld[4]);
      continue;
    }
    /* Every other record starts with the writer's pid after its tag. */
    if (n < 2)
      continue;
    struct proc *p = proc_for(t, (long)num(fld[1]));
    if (!p)
      p = cur;
    if (!p)
      continue;
    if ((!strcmp(fld[0], "S") || !strcmp(fld[0], "L")) && n >= 13) {
      struct module_rec m = {
          .seq = (unsigned long)num(fld[2]),
          .modid = num(fld[3]),
          .size = num(fld[4]),
          .align = num(fld[5]),
          .filesz = num(fld[6]),
          .firstbyte = num(fld[7]),
          .off_known = num(fld[8]) != 0,
          .off = num(fld[9]),
          .tp = num(fld[10]),
          .data = num(fld[11]),
          .name = unescape(fld[12]),
      };
      if (fld[0][0] == 'S') {
        size_t cap = p->n_startup;
        p->startup = grow(p->startup, &cap, p->n_startup, sizeof m);
        p->startup[p->n_startup++] = m;
      } else {
        size_t cap = p->n_late;
        p->late = grow(p->late, &cap, p->n_late, sizeof m);
        p->late[p->n_late++] = m;
        if (p->n_calls && p->calls[p->n_calls - 1].seq == m.seq)
          p->calls[p->n_calls - 1].n_mods++;
      }
    } else if ((!strcmp(fld[0], "D") || !strcmp(fld[0], "C")) && n >= 4) {
      size_t cap = p->n_calls;
      p->calls = grow(p->calls, &cap, p->n_calls, sizeof *p->calls);
      struct call_rec *c = &p->calls[p->n_calls++];
      memset(c, 0, sizeof *c);
      c->seq = (unsigned long)num(fld[2]);
      c->kind = fld[0][0] == 'D' ? CALL_DLOPEN : CALL_DLCLOSE;
      c->first_mod = p->n_late;
      if (c->kind == CALL_DLOPEN && n >= 7) {
        c->passed_through = !strncmp(fld[3], "passed-through", 14);
        c->failed = !strcmp(fld[3], "failed");
        c->outcome_known = !c->passed_through;
        c->file = unescape(fld[5]);
        if (*fld[6])
          c->message = unescape(fld[6]);
      }
    } else if (!strcmp(fld[0], "E") && n >= 4) {
      for (size_t i = p->n_calls; i-- > 0;)
        if (p->calls[i].seq == (unsigned long)num(fld[2])) {
          struct call_rec *c = &p->calls[i];
          c->failed = true;
          c->outcome_known = true;
          free(c->message);
          c->message = unescape(fld[3]);
          break;
        }
    } else if (!strcmp(fld[0], "X") && n >= 4) {
      for (size_t i = p->n_calls; i-- > 0;)
        if (p->calls[i].seq == (unsigned long)num(fld[2])) {
          struct call_rec *c = &p->calls[i];
          size_t cap = c->n_gone;
          c->gone = grow(c->gone, &cap, c->n_gone, sizeof *c->gone);
          c->gone[c->n_gone++] = unescape(fld[3]);
          break;
        }
    } else if (!strcmp(fld[0], "Z")) {
      p->ended = true;
    }
  }
  free(line);
  fclose(f);
  return true;
}

/* ---- the analysis ---- */

/* Open a module for reading; false (and nothing to close) when it cannot
 * be read: the report then says less about it, never fails for it. */
static bool open_module(struct elf_module *m, const char *path) {
  char err[256];
  if (elf_module_open_file(m, path, err, sizeof err) == MODULE_OK)
    return true;
  elf_module_close(m);
  return false;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static struct tls_block_req req_of(const struct module_rec *m) {
  struct tls_block_req r = {m->size, m->align ? m->align : 1, m->firstbyte};
  return r;
}

/* The loader's "no offset" and "forced dynamic" values (elf/dl-tls.c). */
static bool offset_is_static(const struct tls_arch *arch, uint64_t off) {
  int64_t o = (int64_t)off;
  if (!arch || arch->variant == TLS_VARIANT_2)
    return o != 0 && o != -1;
  return o != -1 && o != -2;
}

struct failure {
  struct call_rec *call;
  char *module; /* the module the loader named */
  struct tls_block_req req;
  bool have_req;
  uint64_t needed, available;
  char *chain; /* "libtest.so -> libjemalloc.so.2" when it was a dependency */
  char *stopgap;
  size_t n_before; /* late static modules before it */
};

struct analysis {
  const struct tls_arch *arch;
  struct loader_options opts;
  struct static_tls st0; /* after start-up */
  struct static_tls st;
  uint64_t startup_measured;
  bool startup_agrees;
  struct failure *failures;
  size_t n_failures;
  bool interesting; /* late TLS or a failure */
  size_t late_without_tls;
};

static void options_from_environment(struct loader_options *o) {
  loader_options_init(o);
  const char *t = getenv("GLIBC_TUNABLES");
  char err[256];
  if (t)
    loader_options_apply_glibc_tunables(o, t, err, sizeof err);
  const char *audit = getenv("LD_AUDIT");
  if (audit && *audit) {
    uint64_t n = 0;
    bool in = false;
    for (const char *s = audit; *s; s++) {
      bool sep = *s == ':' || *s == ' ';
      if (!sep && !in)
        n++;
      in = !sep;
    }
    o->glibc_audit_modules = n;
  }
}

/* Replay the run's static blocks on a copy with optional_static_tls = knob:
 * true when every block up to and including failure k fits. */
static bool replay_fits(const struct analysis *a, const struct proc *p,
                        size_t k, uint64_t knob, uint64_t *needed) {
  struct static_tls st = a->st0;
  struct loader_options o = a->opts;
  o.glibc_optional_static_tls = knob;
  static_tls_retune(&st, &o);
  size_t fi = 0;
  for (size_t c = 0; c < p->n_calls; c++) {
    const struct call_rec *call = &p->calls[c];
    for (size_t i = call->first_mod; i < call->first_mod + call->n_mods; i++)
      if (p->late[i].state == 1) {
        struct tls_block_req r = req_of(&p->late[i]);
        if (static_tls_allocate(&st, &r, false, NULL) != STATIC_TLS_FITS)
          return false;
      }
    if (fi < a->n_failures && a->failures[fi].call == call) {
      const struct failure *f = &a->failures[fi];
      if (f->have_req) {
        uint64_t used = 0;
        if (static_tls_allocate(&st, &f->req, false, &used) != STATIC_TLS_FITS)
          return false;
        if (fi == k && needed)
          *needed = used;
      }
      if (fi == k)
        return true;
      fi++;
    }
  }
  return true;
}

static char *dependency_chain(const char *requested, const char *module) {
  if (!requested || !strcmp(base_name(requested), base_name(module)))
    return NULL;
  struct elf_module m;
  const char *direct = NULL;
  if (strchr(requested, '/') && open_module(&m, requested)) {
    for (size_t i = 0; i < m.n_needed; i++)
      if (!strcmp(base_name(m.needed[i]), base_name(module)))
        direct = module;
    elf_module_close(&m);
  }
  if (direct)
    return xasprintf("%s -> %s", base_name(requested), base_name(module));
  return xasprintf("%s -> ... -> %s", base_name(requested), base_name(module));
}

/* Where "MODULE: <glibc's static TLS error>" continues after MODULE in a
 * dlerror message (the loader model's text), or NULL for another failure. */
static const char *static_tls_failure(const char *message) {
  const char *text = loader_static_tls_error(LOADER_GLIBC);
  for (const char *at = strstr(message, text); at; at = strstr(at + 1, text))
    if (at - message >= 2 && at[-2] == ':' && at[-1] == ' ')
      return at - 2;
  return NULL;
}

static void analyze(struct proc *p, struct analysis *a) {
  memset(a, 0, sizeof *a);
  struct elf_module exe;
  if (open_module(&exe, p->exe)) {
    a->arch = exe.arch;
    elf_module_close(&exe);
  }
  options_from_environment(&a->opts);

  /* Start-up blocks in module-id order, as _dl_determine_tlsoffset. */
  struct tls_block_req *blocks = xcalloc(p->n_startup + 1, sizeof *blocks);
  size_t nb = 0;
  for (uint64_t id = 1; nb < p->n_startup; id++) {
    bool any = false;
    for (size_t i = 0; i < p->n_startup; i++)
      if (p->startup[i].modid == id && p->startup[i].size) {
        blocks[nb++] = req_of(&p->startup[i]);
        uint64_t off = p->startup[i].off;
        if (p->startup[i].off_known && off > a->startup_measured &&
            offset_is_static(a->arch, off))
          a->startup_measured = off;
        any = true;
      }
    if (!any && id > 4096)
      break;
    if (!any) {
      bool more = false;
      for (size_t i = 0; i < p->n_startup; i++)
        if (p->startup[i].modid > id)
          more = true;
      if (!more)
        break;
    }
  }
  static_tls_init(&a->st0, LOADER_GLIBC, a->arch, &a->opts, blocks, nb);
  free(blocks);
  a->startup_agrees = a->st0.used == a->startup_measured ||
                      (a->arch && a->arch->variant == TLS_VARIANT_1);
  a->st = a->st0;

  size_t cap_f = 0;
  for (size_t c = 0; c < p->n_calls; c++) {
    struct call_rec *call = &p->calls[c];
    for (size_t i = call->first_mod; i < call->first_mod + call->n_mods; i++) {
      struct module_rec *m = &p->late[i];
      if (!m->size) {
        a->late_without_tls++;
        continue;
      }
      a->interesting = true;
      if (!m->off_known) {
        m->state = 3;
        continue;
      }
      if (!offset_is_static(a->arch, m->off)) {
        m->state = 2;
        continue;
      }
      m->state = 1;
      struct tls_block_req r = req_of(m);
      static_tls_allocate(&a->st, &r, false, &m->consumed);
      m->model_agrees =
          !a->arch || a->arch->variant != TLS_VARIANT_2 || a->st.used == m->off;
      m->left = static_tls_available(&a->st, 1);
    }
    if (call->kind != CALL_DLOPEN || !call->failed || !call->message)
      continue;
    const char *at = static_tls_failure(call->message);
    if (!at)
      continue;
    a->interesting = true;
    a->failures = grow(a->failures, &cap_f, a->n_failures, sizeof *a->failures);
    struct failure *f = &a->failures[a->n_failures++];
    memset(f, 0, sizeof *f);
    f->call = call;
    f->module = xmalloc((size_t)(at - call->message) + 1);
    memcpy(f->module, call->message, (size_t)(at - call->message));
    f->module[at - call->message] = '\0';
    for (size_t i = 0; i < p->n_late; i++)
      if (p->late[i].state == 1 && i < call->first_mod)
        f->n_before++;
    struct elf_module m;
    if (open_module(&m, f->module)) {
      elf_module_tls_block(&m, &f->req);
      f->have_req = m.tls.present;
      elf_module_close(&m);
    }
    f->available = static_tls_available(&a->st, f->req.align);
    f->chain = dependency_chain(call->file, f->module);
  }
  /* The stop-gaps: the smallest optional_static_tls with which the run, as
   * it happened, gets through failure k. */
  for (size_t k = 0; k < a->n_failures; k++) {
    struct failure *f = &a->failures[k];
    if (!f->have_req)
      continue;
    uint64_t lo = a->opts.glibc_optional_static_tls, hi = STOPGAP_LIMIT;
    if (!replay_fits(a, p, k, hi, &f->needed))
      continue; /* alignment: no setting helps */
    while (lo < hi) {
      uint64_t mid = lo + (hi - lo) / 2;
      if (replay_fits(a, p, k, mid, NULL))
        hi = mid;
      else
        lo = mid + 1;
    }
    f->stopgap = stopgap_text(&(struct stopgap){
        .kind = STOPGAP_GLIBC_OPTIONAL_STATIC_TLS, .value = lo});
  }
}

/* ---- the report ---- */

static void variables_text(const char *path, char *buf, size_t len) {
  buf[0] = '\0';
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

static void text_fix(FILE *out, const char *path) {
  char name[64];
  const char *fix = known_fix(path, name, sizeof name);
  if (fix)
    fprintf(out, "%s: note: fix: this is %s: %s\n", path, name, fix);
  fprintf(out,
          "%s: note: fix: rebuild %s with the tlsguard compiler plugin "
          "(CFLAGS += -fplugin=tlsguard.so), which rewrites initial-exec and "
          "local-exec TLS to global-dynamic; `tlsguard-lint %s` names the "
          "relocations\n",
          path, base_name(path), path);
}

static const char *state_name(int s) {
  switch (s) {
  case 1:
    return "static";
  case 2:
    return "dynamic";
  case 3:
    return "unknown";
  default:
    return "none";
  }
}

static void text_process(FILE *out, struct proc *p, struct analysis *a) {
  fprintf(out,
          "tlsguard-trace: process %ld (%s): glibc static TLS: %" PRIu64
          " bytes after start-up, surplus %" PRIu64
          " bytes for modules loaded late (%" PRIu64 " left to them)\n",
          p->pid, p->exe, a->st0.used, glibc_static_tls_surplus(&a->opts),
          static_tls_available(&a->st0, 1));
  for (size_t i = 0; i < p->n_startup; i++) {
    struct module_rec *m = &p->startup[i];
    if (!m->size)
      continue;
    fprintf(out,
            "%s: note: start-up module: %" PRIu64
            "-byte TLS block (align %" PRIu64
            "), static at thread pointer - %" PRIu64 "\n",
            m->name, m->size, m->align ? m->align : 1, m->off);
  }
  if (!a->startup_agrees)
    fprintf(out,
            "tlsguard-trace: warning: the loader placed the start-up blocks "
            "up to %" PRIu64 " bytes, the model says %" PRIu64 "\n",
            a->startup_measured, a->st0.used);
  size_t f = 0;
  for (size_t c = 0; c < p->n_calls; c++) {
    struct call_rec *call = &p->calls[c];
    for (size_t i = call->first_mod; i < call->first_mod + call->n_mods; i++) {
      struct module_rec *m = &p->late[i];
      if (!m->size)
        continue;
      /* A block that is not static takes nothing: once per module is
       * enough (a plugin opened and closed in a loop). Static ones are
       * all shown: each load takes its bytes again. */
      size_t times = 0;
      bool repeat = false;
      if (m->state != 1)
        for (size_t j = 0; j < p->n_late; j++)
          if (p->late[j].state == m->state &&
              !strcmp(p->late[j].name, m->name)) {
            if (j < i)
              repeat = true;
            times++;
          }
      if (repeat)
        continue;
      if (times > 1)
        fprintf(out,
                "%s: note: loaded late %zu times (closed in between); each "
                "time:\n",
                m->name, times);
      if (m->state == 1)
        fprintf(out,
                "%s: note: loaded late: %" PRIu64
                "-byte TLS block (align %" PRIu64
                ") went into static TLS (measured: thread pointer - %" PRIu64
                "): it takes %" PRIu64 " bytes, %" PRIu64 " left\n",
                m->name, m->size, m->align ? m->align : 1, m->off, m->consumed,
                m->left);
      else if (m->state == 2)
        fprintf(out,
                "%s: note: loaded late: %" PRIu64
                "-byte TLS block (align %" PRIu64
                ") is dynamic (allocated per thread on first use, not from "
                "the surplus)\n",
                m->name, m->size, m->align ? m->align : 1);
      else
        fprintf(out,
                "%s: note: loaded late: %" PRIu64
                "-byte TLS block (align %" PRIu64
                "): static or dynamic could not be measured (this glibc's "
                "link_map layout is not recognised)\n",
                m->name, m->size, m->align ? m->align : 1);
      if (m->state == 1 && !m->model_agrees)
        fprintf(out,
                "%s: warning: the loader placed this block at %" PRIu64
                ", the model at %" PRIu64 "\n",
                m->name, m->off, a->st.used);
    }
    if (f < a->n_failures && a->failures[f].call == call) {
      struct failure *fl = &a->failures[f++];
      const char *req = call->file ? call->file : fl->module;
      if (fl->have_req)
        fprintf(out,
                "%s: error: dlopen(\"%s\") failed: %s's %" PRIu64
                "-byte TLS block (align %" PRIu64 ") does not fit the %" PRIu64
                " bytes of static TLS left: \"%s\"\n",
                fl->module, req, base_name(fl->module), fl->req.size,
                fl->req.align ? fl->req.align : 1, fl->available,
                loader_static_tls_error(LOADER_GLIBC));
      else
        fprintf(out, "%s: error: dlopen(\"%s\") failed: \"%s\"\n", fl->module,
                req, call->message);
      if (fl->chain)
        fprintf(out, "%s: note: loaded as a dependency: %s\n", fl->module,
                fl->chain);
      if (fl->n_before) {
        fprintf(out,
                "%s: note: static TLS already taken by libraries loaded "
                "before it: ",
                fl->module);
        size_t k = 0;
        for (size_t i = 0; i < call->first_mod; i++)
          if (p->late[i].state == 1)
            fprintf(out, "%s%s (%" PRIu64 " bytes)", k++ ? ", " : "",
                    base_name(p->late[i].name), p->late[i].consumed);
        fputc('\n', out);
        for (size_t i = 0; i < call->first_mod; i++)
          if (p->late[i].state == 1) {
            char vars[1024];
            variables_text(p->late[i].name, vars, sizeof vars);
            if (*vars)
              fprintf(out, "%s: note: its static TLS holds %s\n",
                      p->late[i].name, vars);
            text_fix(out, p->late[i].name);
          }
      } else if (fl->have_req) {
        fprintf(out,
                "%s: note: no library loaded before it took static TLS: the "
                "block alone is larger than the surplus\n",
                fl->module);
      }
      if (fl->have_req) {
        char vars[1024];
        variables_text(fl->module, vars, sizeof vars);
        if (*vars)
          fprintf(out, "%s: note: its static TLS holds %s\n", fl->module, vars);
      }
      if (fl->stopgap)
        fprintf(out,
                "%s: note: stop-gap, not a fix: %s (the smallest value with "
                "which this run gets past this dlopen)\n",
                fl->module, fl->stopgap);
      text_fix(out, fl->module);
    }
  }
  if (a->late_without_tls)
    fprintf(out,
            "tlsguard-trace: process %ld: %zu other module%s loaded late "
            "without TLS\n",
            p->pid, a->late_without_tls, a->late_without_tls == 1 ? "" : "s");
}

static void json_module(struct json_writer *w, const struct module_rec *m,
                        bool late) {
  jw_object(w);
  jw_kstring(w, "path", m->name);
  jw_kuint(w, "tls_size", m->size);
  jw_kuint(w, "tls_align", m->align ? m->align : 1);
  jw_kuint(w, "tls_modid", m->modid);
  jw_kstring(w, "block", late ? state_name(m->state) : "static");
  if (late ? m->state == 1 : m->off_known) {
    jw_kuint(w, "tp_offset", m->off);
    if (late) {
      jw_kuint(w, "static_bytes", m->consumed);
      jw_kuint(w, "surplus_left", m->left);
    }
  }
  jw_object_end(w);
}

static void json_process(struct json_writer *w, struct proc *p,
                         struct analysis *a) {
  jw_object(w);
  jw_kuint(w, "pid", (uint64_t)p->pid);
  jw_kstring(w, "executable", p->exe);
  jw_kstring(w, "loader", "glibc");
  jw_kuint(w, "static_tls_startup", a->st0.used);
  jw_kuint(w, "surplus", glibc_static_tls_surplus(&a->opts));
  jw_kuint(w, "surplus_left_at_startup", static_tls_available(&a->st0, 1));
  jw_key(w, "startup_modules");
  jw_array(w);
  for (size_t i = 0; i < p->n_startup; i++)
    if (p->startup[i].size)
      json_module(w, &p->startup[i], false);
  jw_array_end(w);
  jw_key(w, "events");
  jw_array(w);
  size_t f = 0;
  for (size_t c = 0; c < p->n_calls; c++) {
    struct call_rec *call = &p->calls[c];
    jw_object(w);
    jw_kstring(w, "call", call->kind == CALL_DLOPEN ? "dlopen" : "dlclose");
    if (call->kind == CALL_DLOPEN) {
      jw_kstring(w, "file", call->file);
      jw_kstring(w, "result",
                 call->failed          ? "failed"
                 : call->outcome_known ? "loaded"
                                       : "passed-through");
      if (call->message)
        jw_kstring(w, "error", call->message);
    }
    jw_key(w, "modules");
    jw_array(w);
    for (size_t i = call->first_mod; i < call->first_mod + call->n_mods; i++)
      json_module(w, &p->late[i], true);
    jw_array_end(w);
    if (call->n_gone) {
      jw_key(w, "unloaded");
      jw_array(w);
      for (size_t i = 0; i < call->n_gone; i++)
        jw_string(w, call->gone[i]);
      jw_array_end(w);
    }
    if (f < a->n_failures && a->failures[f].call == call) {
      struct failure *fl = &a->failures[f++];
      jw_key(w, "static_tls_failure");
      jw_object(w);
      jw_kstring(w, "module", fl->module);
      if (fl->have_req) {
        jw_kuint(w, "tls_size", fl->req.size);
        jw_kuint(w, "tls_align", fl->req.align ? fl->req.align : 1);
        jw_kuint(w, "needed", fl->needed);
      }
      jw_kuint(w, "available", fl->available);
      jw_kstring(w, "chain", fl->chain);
      jw_key(w, "taken_before");
      jw_array(w);
      for (size_t i = 0; i < call->first_mod; i++)
        if (p->late[i].state == 1) {
          jw_object(w);
          jw_kstring(w, "path", p->late[i].name);
          jw_kuint(w, "static_bytes", p->late[i].consumed);
          char vars[1024];
          variables_text(p->late[i].name, vars, sizeof vars);
          jw_kstring(w, "variables", *vars ? vars : NULL);
          char name[64];
          const char *fix = known_fix(p->late[i].name, name, sizeof name);
          jw_kstring(w, "known_library", fix ? name : NULL);
          jw_kstring(w, "known_fix", fix);
          jw_object_end(w);
        }
      jw_array_end(w);
      char name[64];
      const char *fix = known_fix(fl->module, name, sizeof name);
      jw_kstring(w, "known_library", fix ? name : NULL);
      jw_kstring(w, "known_fix", fix);
      jw_kstring(w, "stopgap", fl->stopgap);
      jw_object_end(w);
    }
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_kuint(w, "late_modules_without_tls", a->late_without_tls);
  jw_object_end(w);
}

/* ---- running the command ---- */

static pid_t child_pid;
static bool exec_failed; /* the command never ran: nothing to report */

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
  FILE *f = fopen(path, "r");
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
    if (n >= 2 && !strcmp(base_name(words[0]), "env"))
      path = find_in_path(words[1]);
    else if (n >= 1)
      path = xstrdup(words[0]);
    if (!path)
      return false;
  }
  snprintf(prog, proglen, "%s", path);
  struct elf_module m;
  bool ok = false;
  if (open_module(&m, path)) {
    ok = true;
    *other_class =
        m.elf_class != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32);
    size_t n = 0;
    if (elf_getphdrnum(m.elf, &n) == 0)
      for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(m.elf, (int)i, &ph) && ph.p_type == PT_INTERP &&
            ph.p_offset < m.size && ph.p_filesz <= m.size - ph.p_offset)
          snprintf(interp, len, "%.*s", (int)ph.p_filesz,
                   (const char *)m.map + ph.p_offset);
      }
    elf_module_close(&m);
  }
  free(path);
  return ok;
}

/* The preload module: $TLSGUARD_TRACE_PRELOAD, beside the installed
 * launcher (bin/../lib/tlsguard), or in the build tree (bin/../lib). */
static char *find_preload(void) {
  const char *env = getenv("TLSGUARD_TRACE_PRELOAD");
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
    char *cand = xasprintf("%s/%s/%s", self, dirs[i], PRELOAD_NAME);
    char *real = realpath(cand, NULL);
    free(cand);
    if (real)
      return real;
  }
  return NULL;
}

static int run(char **cmd, const char *preload, const char *trace_file) {
  if (preload) {
    const char *old = getenv("LD_PRELOAD");
    char *v = old && *old ? xasprintf("%s:%s", preload, old) : xstrdup(preload);
    setenv("LD_PRELOAD", v, 1);
    free(v);
    setenv("TLSGUARD_TRACE_FILE", trace_file, 1);
  }
  struct sigaction sa = {0}, old_sa[4];
  const int fwd[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  sa.sa_handler = forward;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int i = 0; i < 4; i++)
    sigaction(fwd[i], &sa, &old_sa[i]);
  int report_exec[2];
  if (pipe2(report_exec, O_CLOEXEC) != 0) {
    fprintf(stderr, "tlsguard-trace: error: pipe: %s\n", strerror(errno));
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "tlsguard-trace: error: fork: %s\n", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    for (int i = 0; i < 4; i++)
      sigaction(fwd[i], &old_sa[i], NULL);
    close(report_exec[0]);
    execvp(cmd[0], cmd);
    int e = errno;
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", cmd[0], strerror(e));
    ssize_t w = write(report_exec[1], "x", 1);
    (void)w;
    _exit(e == ENOENT ? 127 : 126);
  }
  child_pid = pid;
  close(report_exec[1]);
  char byte;
  ssize_t r;
  do
    r = read(report_exec[0], &byte, 1);
  while (r < 0 && errno == EINTR);
  exec_failed = r == 1;
  close(report_exec[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      fprintf(stderr, "tlsguard-trace: error: waitpid: %s\n", strerror(errno));
      return -1;
    }
  for (int i = 0; i < 4; i++)
    sigaction(fwd[i], &old_sa[i], NULL);
  return status;
}

/* Exit as the command did: its status, or its signal re-raised. */
static int pass_status(int status) {
  if (status < 0)
    return 2;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    reraise_signal(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return 2;
}

/* Whether a process loaded a module with TLS late or had a dlopen fail for
 * static TLS (most processes did neither: nothing to open or model). */
static bool worth_analyzing(const struct proc *p) {
  for (size_t i = 0; i < p->n_late; i++)
    if (p->late[i].size)
      return true;
  for (size_t i = 0; i < p->n_calls; i++)
    if (p->calls[i].message && static_tls_failure(p->calls[i].message))
      return true;
  return false;
}

static void report(struct trace *t, FILE *out, bool json, const char *cmd) {
  struct json_writer w;
  if (json) {
    jw_init(&w, out);
    jw_object(&w);
    jw_kstring(&w, "tool", "tlsguard-trace");
    jw_kuint(&w, "schema_version", 1);
    jw_kstring(&w, "version", TLSGUARD_VERSION);
    jw_kstring(&w, "command", cmd);
    jw_key(&w, "processes");
    jw_array(&w);
  }
  size_t quiet = 0;
  for (size_t i = 0; i < t->n; i++) {
    struct analysis a;
    if (!worth_analyzing(&t->procs[i])) {
      quiet++;
      continue;
    }
    analyze(&t->procs[i], &a);
    if (!a.interesting) {
      quiet++;
    } else if (json) {
      json_process(&w, &t->procs[i], &a);
    } else {
      text_process(out, &t->procs[i], &a);
    }
    for (size_t k = 0; k < a.n_failures; k++) {
      free(a.failures[k].module);
      free(a.failures[k].chain);
      free(a.failures[k].stopgap);
    }
    free(a.failures);
  }
  if (json) {
    jw_array_end(&w);
    jw_kuint(&w, "processes_without_late_tls", quiet);
    jw_object_end(&w);
    fputc('\n', out);
  } else if (!t->n) {
    fprintf(out,
            "tlsguard-trace: %s: no traced process reported (it may "
            "have cleared LD_PRELOAD, or be statically linked)\n",
            cmd);
  } else {
    fprintf(out,
            "tlsguard-trace: %zu process%s traced, %zu with modules loaded "
            "late that have TLS or a dlopen that failed for static TLS\n",
            t->n, t->n == 1 ? "" : "es", t->n - quiet);
  }
}

static void trace_free(struct trace *t) {
  for (size_t i = 0; i < t->n; i++) {
    struct proc *p = &t->procs[i];
    free(p->exe);
    for (size_t k = 0; k < p->n_startup; k++)
      free(p->startup[k].name);
    for (size_t k = 0; k < p->n_late; k++)
      free(p->late[k].name);
    for (size_t k = 0; k < p->n_calls; k++) {
      free(p->calls[k].file);
      free(p->calls[k].message);
      for (size_t g = 0; g < p->calls[k].n_gone; g++)
        free(p->calls[k].gone[g]);
      free(p->calls[k].gone);
    }
    free(p->startup);
    free(p->late);
    free(p->calls);
  }
  free(t->procs);
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
  if (program_interp(cmd[0], interp, sizeof interp, prog, sizeof prog,
                     &other_class)) {
    if (other_class) {
      fprintf(stderr,
              "tlsguard-trace: %s: a %d-bit program: this tlsguard-trace is "
              "built for %d-bit ones and cannot trace it; running it "
              "untraced\n",
              prog, sizeof(void *) == 8 ? 32 : 64, (int)sizeof(void *) * 8);
      traceable = false;
    } else if (strstr(interp, "ld-musl")) {
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
  char *preload = NULL;
  if (traceable && !(preload = find_preload())) {
    fprintf(stderr,
            "tlsguard-trace: error: %s not found (set TLSGUARD_TRACE_PRELOAD "
            "to its path)\n",
            PRELOAD_NAME);
    return 2;
  }
  char trace_file[4096] = "";
  if (traceable) {
    const char *tmp = getenv("TMPDIR");
    snprintf(trace_file, sizeof trace_file, "%s/tlsguard-trace.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(trace_file);
    if (fd < 0) {
      fprintf(stderr, "tlsguard-trace: error: %s: %s\n", trace_file,
              strerror(errno));
      return 2;
    }
    close(fd);
  }
  int status = run(cmd, preload, trace_file);
  free(preload);
  if (traceable && exec_failed)
    unlink(trace_file);
  if (traceable && !exec_failed) {
    struct trace t = {0};
    if (!read_trace(trace_file, &t))
      fprintf(stderr, "tlsguard-trace: error: %s: %s\n", trace_file,
              strerror(errno));
    else
      report(&t, out, json, cmd[0]);
    unlink(trace_file);
    trace_free(&t);
  }
  if (out != stderr && fclose(out) != 0) {
    fprintf(stderr, "tlsguard-trace: error: %s: %s\n", output, strerror(errno));
    return 2;
  }
  fflush(stderr);
  return pass_status(status);
}
