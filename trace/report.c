/* The tracer's report (report.h): each process's static TLS, replayed
 * through lint's loader model (tlsguard/loader_model.h) with the blocks the
 * process had -- the same model and words as tlsguard-lint --load-order --
 * in text or JSON. What it needs from the modules' files (a failed module's
 * block, its variables, the fixes) comes from the sources the reporter
 * passes (reporter.c); the launcher, which reads no ELF file, reports the
 * processes without a failed dlopen itself. */
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/json_writer.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/report.h"

#define STOPGAP_LIMIT (1ull << 26)

/* ---- the analysis ---- */

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
  const struct trace_sources *src;
  const struct tls_arch *arch;
  struct loader_options opts;
  struct static_tls st0; /* after start-up */
  struct static_tls st;
  uint64_t startup_measured;
  bool startup_agrees;
  struct failure *failures;
  size_t n_failures;
  /* failures[own_failures..]: the process's own calls' (a forked child's
   * inherited ones are in its parent's report). */
  size_t own_failures;
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

static void analyze(struct proc *p, struct analysis *a,
                    const struct trace_sources *src) {
  memset(a, 0, sizeof *a);
  a->src = src;
  /* Every traced process has this program's machine and class: the
   * preload module loads into no other. */
  a->arch = trace_host_arch();
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
        a->late_without_tls += i >= p->inherited_late;
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
    const char *at = trace_static_tls_failure(call->message);
    if (!at)
      continue;
    a->interesting = true;
    a->failures =
        trace_grow(a->failures, &cap_f, a->n_failures, sizeof *a->failures);
    struct failure *f = &a->failures[a->n_failures++];
    memset(f, 0, sizeof *f);
    f->call = call;
    f->module = xmalloc((size_t)(at - call->message) + 1);
    memcpy(f->module, call->message, (size_t)(at - call->message));
    f->module[at - call->message] = '\0';
    for (size_t i = 0; i < p->n_late; i++)
      if (p->late[i].state == 1 && i < call->first_mod)
        f->n_before++;
    f->have_req = src && src->tls_block(f->module, &f->req);
    f->available = static_tls_available(&a->st, f->req.align);
    f->chain = src ? src->chain(call->file, f->module) : NULL;
  }
  while (a->own_failures < a->n_failures &&
         a->failures[a->own_failures].call < p->calls + p->inherited_calls)
    a->own_failures++;
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

static void variables_text(const struct analysis *a, const char *path,
                           char *buf, size_t len) {
  buf[0] = '\0';
  if (a->src)
    a->src->variables(path, buf, len);
}

static const char *known_fix(const struct analysis *a, const char *path,
                             char *name, size_t len) {
  return a->src ? a->src->known_fix(path, name, len) : NULL;
}

/* The fixes for a module; what the plugin does is said once per report
 * (*why_said). */
static void text_fix(FILE *out, const struct analysis *a, const char *path,
                     bool *why_said) {
  char name[64];
  const char *fix = known_fix(a, path, name, sizeof name);
  if (fix)
    fprintf(out, "%s: note: fix: this is %s: %s\n", path, name, fix);
  if (!a->src)
    return;
  char *plugin = a->src->say(SAY_FIX_PLUGIN, trace_base_name(path));
  char *why = *why_said ? NULL : a->src->say(SAY_PLUGIN_REWRITES, NULL);
  if (plugin)
    fprintf(out, "%s: note: %s; `tlsguard-lint %s` names the relocations\n",
            path, plugin, path);
  if (why)
    fprintf(out, "%s: note: %s\n", path, why);
  *why_said = *why_said || why;
  free(plugin);
  free(why);
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
  bool why_said = false;
  char forked[64] = "";
  if (p->forked_from)
    snprintf(forked, sizeof forked, ", forked from %ld", p->forked_from);
  fprintf(out,
          "tlsguard-trace: process %ld (%s%s): glibc static TLS: %" PRIu64
          " bytes after start-up, surplus %" PRIu64
          " bytes for modules loaded late (%" PRIu64 " left to them)\n",
          p->pid, p->exe, forked, a->st0.used,
          glibc_static_tls_surplus(&a->opts), static_tls_available(&a->st0, 1));
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
  size_t f = a->own_failures;
  for (size_t c = p->inherited_calls; c < p->n_calls; c++) {
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
        for (size_t j = p->inherited_late; j < p->n_late; j++)
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
                fl->module, req, trace_base_name(fl->module), fl->req.size,
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
                    trace_base_name(p->late[i].name), p->late[i].consumed);
        fputc('\n', out);
        for (size_t i = 0; i < call->first_mod; i++)
          if (p->late[i].state == 1) {
            char vars[1024];
            variables_text(a, p->late[i].name, vars, sizeof vars);
            if (*vars)
              fprintf(out, "%s: note: its static TLS holds %s\n",
                      p->late[i].name, vars);
            text_fix(out, a, p->late[i].name, &why_said);
          }
      } else if (fl->have_req) {
        fprintf(out,
                "%s: note: no library loaded before it took static TLS: the "
                "block alone is larger than the surplus\n",
                fl->module);
      }
      if (fl->have_req) {
        char vars[1024];
        variables_text(a, fl->module, vars, sizeof vars);
        if (*vars)
          fprintf(out, "%s: note: its static TLS holds %s\n", fl->module, vars);
      }
      if (fl->stopgap)
        fprintf(out,
                "%s: note: stop-gap, not a fix: %s (the smallest value with "
                "which this run gets past this dlopen)\n",
                fl->module, fl->stopgap);
      text_fix(out, a, fl->module, &why_said);
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
  if (p->forked_from)
    jw_kuint(w, "forked_from", (uint64_t)p->forked_from);
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
  size_t f = a->own_failures;
  for (size_t c = p->inherited_calls; c < p->n_calls; c++) {
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
    if (call->n_gone)
      jw_kstring_array(w, "unloaded", (const char *const *)call->gone,
                       call->n_gone);
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
          variables_text(a, p->late[i].name, vars, sizeof vars);
          jw_kstring(w, "variables", *vars ? vars : NULL);
          char name[64];
          const char *fix = known_fix(a, p->late[i].name, name, sizeof name);
          jw_kstring(w, "known_library", fix ? name : NULL);
          jw_kstring(w, "known_fix", fix);
          jw_object_end(w);
        }
      jw_array_end(w);
      char name[64];
      const char *fix = known_fix(a, fl->module, name, sizeof name);
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

bool trace_needs_sources(const struct trace *t) {
  for (size_t i = 0; i < t->n; i++)
    for (size_t k = 0; k < t->procs[i].n_calls; k++) {
      const struct call_rec *c = &t->procs[i].calls[k];
      if (c->message && trace_static_tls_failure(c->message))
        return true;
    }
  return false;
}

void trace_report(struct trace *t, FILE *out, bool json, const char *cmd,
                  const struct trace_sources *src) {
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
    if (!trace_proc_worth_analyzing(&t->procs[i])) {
      quiet++;
      continue;
    }
    analyze(&t->procs[i], &a, src);
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
    jw_kuint(&w, "records_dropped_bytes", t->dropped);
    jw_object_end(&w);
    fputc('\n', out);
  } else {
    trace_summary(out, t, quiet, cmd);
  }
}
