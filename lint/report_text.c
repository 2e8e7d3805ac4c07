/* Compiler-style text: "path: error: message [rule]" then "path: note: ..."
 * lines that say why it matters and what to do. Input errors go to stderr
 * from main.c; ok files print nothing unless --verbose. */
#include <inttypes.h>

#include "output.h"

static void print_finding(FILE *out, const char *path, const struct finding *f,
                          bool verbose) {
  const struct rule *rule = rule_get(f->rule);
  if (f->allowed_by)
    fprintf(out, "%s: note: %s [%s, allowed by %s]\n", text_name(path),
            text_name(f->message), rule->id, text_name(f->allowed_by));
  else
    fprintf(out, "%s: %s: %s [%s]\n", text_name(path),
            severity_name(f->severity), text_name(f->message), rule->id);
  if (f->allowed_by && !verbose)
    return;
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

/* --verbose: every TLS relocation, so the facts behind a verdict are visible.
 */
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

static void print_predictions(FILE *out, const struct file_report *r,
                              bool verbose) {
  for (int k = 0; k < LOADER_KIND_COUNT; k++) {
    const struct load_prediction *p = &r->predictions[k];
    if (!p->computed)
      continue;
    const char *loader = loader_kind_name(p->loader);
    if (verbose && p->host)
      fprintf(out, "%s: note: %s: the process modelled: %s\n",
              text_name(r->path), loader, text_name(p->host));
    if (p->loads)
      fprintf(out,
              "%s: note: %s: a late dlopen loads: it takes %" PRIu64
              " of the %" PRIu64 " bytes of static TLS left\n",
              text_name(r->path), loader, p->needed, p->available);
    else
      fprintf(out, "%s: note: %s: a late dlopen fails: %s\n",
              text_name(r->path), loader,
              p->reason ? text_name(p->reason) : "unknown reason");
    if (p->used_by)
      fprintf(out,
              "%s: note: %s: static TLS already taken by libraries loaded "
              "before it: %s\n",
              text_name(r->path), loader, text_name(p->used_by));
    if (p->stopgap)
      fprintf(out, "%s: note: %s: stop-gap, not a fix: %s\n",
              text_name(r->path), loader, text_name(p->stopgap));
  }
}

static void print_dependencies(FILE *out, const struct file_report *r) {
  for (size_t i = 0; i < r->n_deps; i++) {
    const struct dependency *d = &r->deps[i];
    fprintf(out, "%s: note: dependency %s (needed by %s) is %s, %s%s\n",
            text_name(r->path), text_name(d->name), text_name(d->needed_by),
            text_name(d->path),
            d->preloaded ? "already loaded at start-up" : "found through ",
            d->preloaded ? "" : d->found_through);
  }
}

void text_file(FILE *out, const struct output_options *o,
               const struct file_report *r) {
  if (r->verdict == VERDICT_ERROR)
    return; /* main.c prints "path: error: reason" on stderr */
  if (o->verbose && r->is_package)
    fprintf(out, "%s: %s: package, %zu ELF member%s\n", text_name(r->path),
            verdict_name(r->verdict), r->package_members,
            r->package_members == 1 ? "" : "s");
  if (o->verbose && r->module) {
    print_summary_line(out, r);
    print_relocations(out, r);
    print_dependencies(out, r);
  }
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    if (!o->verbose && (f->severity < SEV_WARNING || f->allowed_by))
      continue;
    print_finding(out, r->path, f, o->verbose);
  }
  if (o->verbose || r->verdict == VERDICT_FAIL)
    print_predictions(out, r, o->verbose);
}
