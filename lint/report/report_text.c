/* Compiler-style text. By default, per finding: "path: error: message [rule]"
 * and at most two notes, whose block and how big (with what is left of the
 * surplus for the modelled host) and the one fix for this library; the rule's
 * general "why" once per run, on stderr beside the summary. --verbose: every
 * note, relocation, dependency and prediction, streamed. --format=short: one
 * line per finding. Input errors go to stderr from lint_run.c; ok files print
 * nothing unless --verbose.
 *
 * The default report is held until the end so that many inputs failing
 * through one block (28 Mesa drivers and libglapi.so.0) state the cause
 * once: see text_end. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf_module.h"
#include "report/findings.h"
#include "report/formats.h"
#include "tlsguard/output.h"

/* Inputs failing through the same block, from this many on, are grouped. */
#define GROUP_MIN_INPUTS 3

/* One input's default report, rendered, and the block it fails through when
 * that is its only cause. */
struct held_report {
  char *text;
  char *cause; /* block owner path, or NULL */
  char *input;
  /* The first file's rendering of the cause, for the grouped report. */
  const char *cause_rule;
  char *cause_name, *fix_line;
  uint64_t block_size, block_align;
  const char *types;
};

struct text_writer {
  FILE *out;
  struct output_options opts;
  const struct lint_policy *policy;
  char *why; /* the first finding's general reason */
  const char *why_rule;
  struct held_report *held;
  size_t n_held, cap_held;
};

struct text_writer *text_begin(FILE *out, const struct output_options *o,
                               const struct lint_policy *p) {
  struct text_writer *t = xcalloc(1, sizeof *t);
  t->out = out;
  t->opts = *o;
  t->policy = p;
  return t;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static bool shown_by_default(const struct finding *f) {
  return f->severity >= SEV_WARNING && !f->allowed_by;
}

static void remember_why(struct text_writer *t, const struct finding *f) {
  const char *why = finding_note_of(f, NOTE_WHY);
  if (why && !t->why) {
    t->why = xstrdup(why);
    t->why_rule = rule_get(f->rule)->id;
  }
}

/* ---- --verbose: everything, as found ---- */

static void print_finding_verbose(FILE *out, const char *path,
                                  const struct finding *f) {
  const struct rule *rule = rule_get(f->rule);
  if (f->allowed_by)
    fprintf(out, "%s: note: %s [%s, allowed by %s]\n", text_name(path),
            text_name(f->message), rule->id, text_name(f->allowed_by));
  else
    fprintf(out, "%s: %s: %s [%s]\n", text_name(path),
            severity_name(f->severity), text_name(f->message), rule->id);
  for (size_t i = 0; i < f->n_notes; i++)
    fprintf(out, "%s: note: %s\n", text_name(path), text_name(f->notes[i]));
}

static void print_summary_line(FILE *out, const struct file_report *r) {
  const struct elf_module *m = r->module;
  fprintf(out, "%s: %s: %s", text_name(r->path), verdict_name(r->verdict),
          module_kind_name(m->kind));
  if (m->arch)
    fprintf(out, ", %s", m->arch->name);
  if (m->soname)
    fprintf(out, ", soname %s", text_name(m->soname));
  if (m->tls.present)
    fprintf(out, ", TLS block %" PRIu64 " bytes (align %" PRIu64 ")",
            m->tls.memsz, m->tls.align);
  else
    fputs(", no TLS block", out);
  fprintf(out, ", %zu static / %zu dynamic / %zu TLSDESC TLS relocations%s\n",
          m->n_static, m->n_module + m->n_offset, m->n_desc,
          (m->dt_flags & DF_STATIC_TLS) ? ", DF_STATIC_TLS" : "");
}

/* Every TLS relocation, so the facts behind a verdict are visible. */
static void print_relocations(FILE *out, const struct file_report *r) {
  const struct elf_module *m = r->module;
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &m->tls_relocs[i];
    const char *what = rel->cls == TLS_DYN_STATIC ? "static TLS"
                       : rel->cls == TLS_DYN_DESC ? "TLSDESC"
                                                  : "dynamic TLS";
    fprintf(out,
            "%s: note: %s relocation %s (%" PRIu32 ") at %#" PRIx64 " against ",
            text_name(r->path), what, tls_reloc_name(m->arch, rel->type),
            rel->type, rel->offset);
    if (rel->symndx == 0)
      fputs("its own block (symbol 0)\n", out);
    else
      fprintf(out, "'%s%s%s' (%s)\n", text_name(rel->symname),
              rel->symversion ? "@" : "",
              rel->symversion ? text_name(rel->symversion) : "",
              rel->sym_defined ? "defined here" : "imported");
  }
}

static void print_predictions(FILE *out, const struct file_report *r) {
  for (int k = 0; k < LOADER_KIND_COUNT; k++) {
    const struct load_prediction *p = &r->predictions[k];
    if (!p->computed)
      continue;
    const char *loader = loader_kind_name(p->loader);
    struct prediction_words w;
    prediction_words(p, &w);
    if (w.host)
      fprintf(out, "%s: note: %s: the process modelled: %s\n",
              text_name(r->path), loader, text_name(w.host));
    if (p->loads)
      fprintf(out,
              "%s: note: %s: a late dlopen loads: it takes %" PRIu64
              " of the %" PRIu64 " bytes of static TLS left\n",
              text_name(r->path), loader, p->needed, p->available);
    else
      fprintf(out, "%s: note: %s: a late dlopen fails: %s\n",
              text_name(r->path), loader,
              w.reason ? text_name(w.reason) : "unknown reason");
    if (w.used_by)
      fprintf(out,
              "%s: note: %s: static TLS already taken by libraries loaded "
              "before it: %s\n",
              text_name(r->path), loader, text_name(w.used_by));
    if (w.stopgap)
      fprintf(out, "%s: note: %s: stop-gap, not a fix: %s\n",
              text_name(r->path), loader, text_name(w.stopgap));
    prediction_words_free(&w);
  }
}

static void print_dependencies(FILE *out, const struct file_report *r) {
  for (size_t i = 0; i < r->n_deps; i++) {
    const struct dependency *d = &r->deps[i];
    fprintf(out, "%s: note: dependency %s (needed by %s) is %s, %s%s\n",
            text_name(r->path), text_name(d->name), text_name(d->needed_by),
            text_name(d->path),
            d->preloaded ? "already loaded at start-up" : "found through ",
            d->preloaded ? "" : resolved_how_name(d->found_through));
  }
}

static void text_file_verbose(FILE *out, const struct file_report *r) {
  if (r->is_package)
    fprintf(out, "%s: %s: package, %zu ELF member%s\n", text_name(r->path),
            verdict_name(r->verdict), r->package_members,
            r->package_members == 1 ? "" : "s");
  if (r->module) {
    print_summary_line(out, r);
    print_relocations(out, r);
    print_dependencies(out, r);
  }
  for (size_t i = 0; i < r->n_findings; i++)
    print_finding_verbose(out, r->path, &r->findings[i]);
  print_predictions(out, r);
}

/* ---- the default: short ---- */

/* The first loader predicted to fail, else the first computed. */
static const struct load_prediction *
headline_prediction(const struct file_report *r) {
  const struct load_prediction *first = NULL;
  for (int k = 0; k < LOADER_KIND_COUNT; k++) {
    const struct load_prediction *p = &r->predictions[k];
    if (!p->computed)
      continue;
    if (!p->loads)
      return p;
    if (!first)
      first = p;
  }
  return first;
}

/* What the loader reserves for late modules, named as its users know it. */
static uint64_t loader_surplus(const struct lint_policy *policy,
                               enum loader_kind k, const char **what) {
  switch (k) {
  case LOADER_GLIBC:
    *what = "glibc's";
    return glibc_static_tls_surplus(&policy->loader);
  case LOADER_FREEBSD:
    *what = "FreeBSD rtld's";
    return policy->loader.freebsd_static_tls_extra;
  case LOADER_MUSL:
    break;
  }
  *what = "musl's";
  return 0;
}

/* "glibc: a late dlopen into HOST fails: it needs N bytes of static TLS and
 * A are left (glibc's S-byte surplus ...)": every figure with its meaning. */
static void print_prediction_note(FILE *out, const char *path,
                                  const struct lint_policy *policy,
                                  const struct load_prediction *p) {
  const char *loader = loader_kind_name(p->loader);
  struct prediction_words w;
  prediction_words(p, &w);
  const char *host = w.host ? w.host : "a program";
  const char *whose;
  uint64_t surplus = loader_surplus(policy, p->loader, &whose);
  char left[192] = "";
  if (p->available > surplus)
    snprintf(left, sizeof left,
             "%s %" PRIu64 "-byte surplus and %" PRIu64
             " bytes of alignment padding",
             whose, surplus, p->available - surplus);
  else if (p->available < surplus)
    snprintf(left, sizeof left,
             "of %s %" PRIu64 "-byte surplus; the rest is taken", whose,
             surplus);
  else
    snprintf(left, sizeof left, "%s surplus for late modules", whose);
  if (p->loads)
    fprintf(out,
            "%s: note: %s: a late dlopen into %s loads: it takes %" PRIu64
            " of the %" PRIu64 " bytes left (%s)\n",
            text_name(path), loader, text_name(host), p->needed, p->available,
            left);
  else if (p->needed > p->available && p->loader != LOADER_MUSL)
    fprintf(out,
            "%s: note: %s: a late dlopen into %s fails: it needs %" PRIu64
            " bytes of static TLS, %" PRIu64 " are left (%s)\n",
            text_name(path), loader, text_name(host), p->needed, p->available,
            left);
  else
    fprintf(out, "%s: note: %s: a late dlopen into %s fails: %s\n",
            text_name(path), loader, text_name(host),
            text_name(w.reason ? w.reason : "unknown reason"));
  prediction_words_free(&w);
}

static void print_fix_note(FILE *out, const char *path, const char *fix,
                           const struct load_prediction *p) {
  char *stopgap = p && !p->loads ? stopgap_text(&p->stopgap_facts) : NULL;
  if (fix && stopgap)
    fprintf(out, "%s: note: %s; stop-gap until then: %s\n", text_name(path),
            text_name(fix), stopgap);
  else if (fix)
    fprintf(out, "%s: note: %s\n", text_name(path), text_name(fix));
  else if (stopgap)
    fprintf(out, "%s: note: stop-gap, not a fix: %s\n", text_name(path),
            stopgap);
  free(stopgap);
}

/* One finding: the error, whose block and how big, the one fix. The first
 * finding of a file carries the file's prediction. */
static void print_finding_short(FILE *out, const struct text_writer *t,
                                const struct file_report *r,
                                const struct finding *f,
                                const struct load_prediction *p) {
  fprintf(out, "%s: %s: %s [%s]\n", text_name(r->path),
          severity_name(f->severity), text_name(f->message),
          rule_get(f->rule)->id);
  for (size_t i = 0; i < f->n_notes; i++)
    if (f->note_kinds[i] == NOTE_ORIGIN)
      fprintf(out, "%s: note: %s\n", text_name(r->path),
              text_name(f->notes[i]));
  if (f->rule == RULE_DLOPEN_WILL_FAIL) /* its message is the prediction */
    p = p && p->loads ? NULL : p;
  else if (p)
    print_prediction_note(out, r->path, t->policy, p);
  else if (finding_note_of(f, NOTE_WHERE))
    fprintf(out, "%s: note: %s\n", text_name(r->path),
            text_name(finding_note_of(f, NOTE_WHERE)));
  print_fix_note(out, r->path, finding_note_of(f, NOTE_FIX), p);
}

/* The block an input fails through, when every finding shown is about it. */
static const struct finding *single_cause(const struct file_report *r) {
  const struct finding *cause = NULL;
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    if (!shown_by_default(f))
      continue;
    if (f->rule != RULE_STATIC_TLS_DEPENDENCY || !f->block_owner ||
        (cause && strcmp(cause->block_owner, f->block_owner)))
      return NULL;
    cause = f;
  }
  return cause;
}

static void hold(struct text_writer *t, const struct file_report *r,
                 char *text) {
  if (t->n_held == t->cap_held) {
    t->cap_held = t->cap_held ? 2 * t->cap_held : 16;
    t->held = xrealloc(t->held, t->cap_held * sizeof *t->held);
  }
  struct held_report *h = &t->held[t->n_held++];
  memset(h, 0, sizeof *h);
  h->text = text;
  h->input = xstrdup(r->path);
  const struct finding *c = single_cause(r);
  if (!c)
    return;
  h->cause = xstrdup(c->block_owner);
  h->cause_rule = rule_get(c->rule)->id;
  h->cause_name = xstrdup(c->chain_len ? c->chain[c->chain_len - 1]
                                       : base_name(c->block_owner));
  h->block_size = c->block_size;
  h->block_align = c->block_align;
  h->types = c->reloc_name;
  const char *fix = finding_note_of(c, NOTE_FIX);
  h->fix_line = fix ? xstrdup(fix) : NULL;
}

static void text_file_default(struct text_writer *t,
                              const struct file_report *r) {
  const struct load_prediction *p =
      r->verdict == VERDICT_FAIL ? headline_prediction(r) : NULL;
  /* Most files have nothing to say: no stream for them (open_memstream
   * zeroes an 8 KiB buffer). */
  bool says = p != NULL;
  for (size_t i = 0; i < r->n_findings && !says; i++)
    says = shown_by_default(&r->findings[i]);
  if (!says)
    return;
  char *text = NULL;
  size_t len = 0;
  FILE *buf = open_memstream(&text, &len);
  if (!buf)
    lint_out_of_memory();
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    if (!shown_by_default(f))
      continue;
    print_finding_short(buf, t, r, f, p);
    p = NULL;
  }
  /* A failing file whose findings are all hidden: say why it fails. */
  if (p)
    print_prediction_note(buf, r->path, t->policy, p);
  fclose(buf);
  if (!len) {
    free(text);
    return;
  }
  hold(t, r, text);
}

/* ---- --format=short: path: severity: message [rule] ---- */

static void text_file_oneline(FILE *out, const struct file_report *r) {
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    if (shown_by_default(f))
      fprintf(out, "%s: %s: %s [%s]\n", text_name(r->path),
              severity_name(f->severity), text_name(f->message),
              rule_get(f->rule)->id);
  }
}

void text_file(struct text_writer *t, const struct file_report *r) {
  if (r->verdict == VERDICT_ERROR)
    return; /* lint_run.c prints "path: error: reason" on stderr */
  for (size_t i = 0; i < r->n_findings && !t->opts.verbose; i++)
    if (shown_by_default(&r->findings[i]))
      remember_why(t, &r->findings[i]);
  if (t->opts.format == FORMAT_SHORT)
    text_file_oneline(t->out, r);
  else if (t->opts.verbose)
    text_file_verbose(t->out, r);
  else
    text_file_default(t, r);
}

/* "DIR/: a.so, b.so, c.so" when the inputs share a directory. */
static void print_inputs(FILE *out, struct held_report **group, size_t n) {
  const char *first = group[0]->input;
  size_t dir = (size_t)(base_name(first) - first);
  for (size_t i = 1; i < n && dir; i++)
    if (strncmp(group[i]->input, first, dir) ||
        strchr(group[i]->input + dir, '/'))
      dir = 0;
  if (dir)
    fprintf(out, "%.*s: note: the %zu inputs in this directory: ", (int)dir - 1,
            first, n);
  else
    fprintf(out, "%s: note: the %zu inputs: ", text_name(first), n);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%s%s", i ? ", " : "", text_name(group[i]->input + dir));
  fputc('\n', out);
}

/* One cause, many inputs: the cause once, the inputs compactly. */
static void print_group(FILE *out, struct held_report **group, size_t n) {
  const struct held_report *h = group[0];
  fprintf(out,
          "%s: error: static TLS in a dependency of %zu inputs: %s's %" PRIu64
          "-byte TLS block (align %" PRIu64 ") is made static by %s [%s]\n",
          text_name(h->cause), n, text_name(h->cause_name), h->block_size,
          h->block_align, h->types ? h->types : "a static TLS relocation",
          h->cause_rule);
  print_inputs(out, group, n);
  if (h->fix_line)
    fprintf(out, "%s: note: %s\n", text_name(h->cause), text_name(h->fix_line));
}

static void held_free(struct held_report *h) {
  free(h->text);
  free(h->cause);
  free(h->input);
  free(h->cause_name);
  free(h->fix_line);
}

void text_end(struct text_writer *t, const struct run_summary *s) {
  struct held_report **group = xcalloc(t->n_held + 1, sizeof *group);
  bool *done = xcalloc(t->n_held + 1, sizeof *done);
  for (size_t i = 0; i < t->n_held; i++) {
    if (done[i])
      continue;
    size_t n = 0;
    if (t->held[i].cause)
      for (size_t k = i; k < t->n_held; k++)
        if (!done[k] && t->held[k].cause &&
            !strcmp(t->held[k].cause, t->held[i].cause))
          group[n++] = &t->held[k];
    if (n >= GROUP_MIN_INPUTS) {
      print_group(t->out, group, n);
      for (size_t k = i; k < t->n_held; k++)
        if (t->held[k].cause && !strcmp(t->held[k].cause, t->held[i].cause))
          done[k] = true;
    } else {
      fputs(t->held[i].text, t->out);
    }
    done[i] = true;
  }
  fflush(t->out);
  if (s->fail || s->error || t->opts.verbose)
    fprintf(stderr,
            "tlsguard-lint: %zu file%s checked: %zu ok, %zu failed, %zu "
            "unreadable\n",
            s->files, s->files == 1 ? "" : "s", s->ok, s->fail, s->error);
  /* The general reason, once per run, after the summary. */
  if (t->why && s->fail && t->opts.format != FORMAT_SHORT)
    fprintf(stderr, "tlsguard-lint: note: %s (tlsguard-lint --explain %s)\n",
            t->why, t->why_rule);
  for (size_t i = 0; i < t->n_held; i++)
    held_free(&t->held[i]);
  free(t->held);
  free(group);
  free(done);
  free(t->why);
  free(t);
}
