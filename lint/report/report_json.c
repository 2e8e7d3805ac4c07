/* --format=json. The schema is documented in docs/json-schema.md; bump
 * schema_version when a field changes meaning or disappears. */
#include "elf/elf_module.h"
#include "report/findings.h"
#include "report/formats.h"
#include "tlsguard/json_writer.h"
#include "tlsguard/output.h"

#define JSON_SCHEMA_VERSION 1

void json_begin(struct json_writer *w) {
  jw_object(w);
  jw_kstring(w, "tool", "tlsguard-lint");
  jw_kstring(w, "version", TLSGUARD_VERSION);
  jw_kuint(w, "schema_version", JSON_SCHEMA_VERSION);
  jw_key(w, "files");
  jw_array(w);
}

static void json_tls_block(struct json_writer *w, const struct elf_module *m) {
  jw_key(w, "tls_block");
  if (!m->tls.present) {
    jw_null(w);
    return;
  }
  jw_object(w);
  jw_kuint(w, "size", m->tls.memsz);
  jw_kuint(w, "init_size", m->tls.filesz);
  jw_kuint(w, "align", m->tls.align);
  jw_object_end(w);
}

static void json_relocations(struct json_writer *w,
                             const struct elf_module *m) {
  jw_key(w, "tls_relocations");
  jw_array(w);
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &m->tls_relocs[i];
    jw_object(w);
    jw_kstring(w, "type", tls_reloc_name(m->arch, rel->type));
    jw_kuint(w, "type_number", rel->type);
    jw_kstring(w, "class", tls_dyn_class_name(rel->cls));
    jw_kuint(w, "offset", rel->offset);
    jw_kuint(w, "symbol_index", rel->symndx);
    jw_kstring(w, "symbol", rel->symname);
    jw_kstring(w, "symbol_version", rel->symversion);
    jw_kstring(w, "target", reloc_target_name(rel));
    jw_object_end(w);
  }
  jw_array_end(w);
}

static void json_finding(struct json_writer *w, const struct finding *f) {
  jw_object(w);
  jw_kstring(w, "rule", rule_get(f->rule)->id);
  jw_kstring(w, "severity", severity_name(f->severity));
  jw_kstring(w, "message", f->message);
  jw_kstring_array(w, "notes", (const char *const *)f->notes, f->n_notes);
  jw_key(w, "note_kinds");
  jw_array(w);
  for (size_t i = 0; i < f->n_notes; i++)
    jw_string(w, note_kind_name((enum note_kind)f->note_kinds[i]));
  jw_array_end(w);
  jw_kstring(w, "symbol", f->symbol);
  jw_kstring(w, "relocation", f->reloc_name);
  jw_kuint(w, "relocation_count", f->reloc_count);
  jw_kstring(w, "block_owner", f->block_owner);
  jw_kuint(w, "block_size", f->block_size);
  jw_kuint(w, "block_align", f->block_align);
  jw_kstring_array(w, "chain", (const char *const *)f->chain, f->chain_len);
  jw_kstring(w, "allowed_by", f->allowed_by);
  jw_key(w, "variables");
  jw_array(w);
  for (size_t i = 0; i < f->n_vars; i++) {
    const struct finding_var *v = &f->vars[i];
    jw_object(w);
    jw_kstring(w, "name", v->name);
    jw_kuint(w, "size", v->size);
    jw_kstring(w, "file", v->file);
    jw_key(w, "line");
    if (v->file)
      jw_uint(w, v->line);
    else
      jw_null(w);
    jw_kbool(w, "reached", v->reached);
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_kstring(w, "variables_from", f->vars_source);
  jw_object_end(w);
}

static void json_predictions(struct json_writer *w,
                             const struct file_report *r) {
  jw_key(w, "predictions");
  jw_array(w);
  for (int k = 0; k < LOADER_KIND_COUNT; k++) {
    const struct load_prediction *p = &r->predictions[k];
    if (!p->computed)
      continue;
    jw_object(w);
    jw_kstring(w, "loader", loader_kind_name(p->loader));
    jw_kbool(w, "loads", p->loads);
    jw_kuint(w, "static_tls_needed", p->needed);
    jw_kuint(w, "static_tls_available", p->available);
    struct prediction_words words;
    prediction_words(p, &words);
    jw_kstring(w, "reason", words.reason);
    jw_kstring(w, "stopgap", words.stopgap);
    jw_kstring(w, "used_by", words.used_by);
    jw_kstring(w, "host", words.host);
    prediction_words_free(&words);
    jw_object_end(w);
  }
  jw_array_end(w);
}

void json_file(struct json_writer *w, const struct file_report *r) {
  jw_object(w);
  jw_kstring(w, "path", r->path);
  jw_kstring(w, "verdict", verdict_name(r->verdict));
  jw_kstring(w, "error", r->error);
  const struct elf_module *m = r->module;
  if (r->is_package) {
    jw_kstring(w, "kind", "package");
    jw_kuint(w, "elf_members", r->package_members);
  }
  if (m) {
    jw_kstring(w, "kind", module_kind_name(m->kind));
    jw_kstring(w, "machine", m->arch ? m->arch->name : NULL);
    jw_kuint(w, "e_machine", m->machine);
    jw_kuint(w, "class", m->elf_class == ELFCLASS64 ? 64 : 32);
    jw_kstring(w, "byte_order",
               m->byte_order == ELFDATA2MSB ? "big" : "little");
    jw_kstring(w, "soname", m->soname);
    jw_kstring_array(w, "needed", m->needed, m->n_needed);
    jw_kbool(w, "df_static_tls", (m->dt_flags & DF_STATIC_TLS) != 0);
    json_tls_block(w, m);
    json_relocations(w, m);
  }
  if (r->deps_checked) {
    jw_key(w, "dependencies");
    jw_array(w);
    for (size_t i = 0; i < r->n_deps; i++) {
      const struct dependency *d = &r->deps[i];
      jw_object(w);
      jw_kstring(w, "name", d->name);
      jw_kstring(w, "path", d->path);
      jw_kstring(w, "needed_by", d->needed_by);
      jw_kstring(w, "found_through",
                 d->preloaded ? "already loaded"
                              : resolved_how_name(d->found_through));
      jw_kbool(w, "preloaded", d->preloaded);
      jw_object_end(w);
    }
    jw_array_end(w);
  }
  jw_key(w, "findings");
  jw_array(w);
  for (size_t i = 0; i < r->n_findings; i++)
    json_finding(w, &r->findings[i]);
  jw_array_end(w);
  json_predictions(w, r);
  jw_object_end(w);
}

/* "causes": each block made static, once, with the inputs it fails. */
static void json_causes(struct json_writer *w, const struct cause_list *l) {
  jw_key(w, "causes");
  jw_array(w);
  for (size_t i = 0; i < l->n; i++) {
    const struct cause *c = &l->items[i];
    jw_object(w);
    jw_kstring(w, "rule", rule_get(c->rule)->id);
    jw_kstring(w, "block_owner", c->block_owner);
    jw_kuint(w, "block_size", c->block_size);
    jw_kuint(w, "block_align", c->block_align);
    jw_kstring_array(w, "files", (const char *const *)c->files, c->n_files);
    jw_object_end(w);
  }
  jw_array_end(w);
}

void json_end(struct json_writer *w, const struct run_summary *s,
              const struct cause_list *causes) {
  jw_array_end(w); /* files */
  json_causes(w, causes);
  jw_key(w, "summary");
  jw_object(w);
  jw_kuint(w, "files", s->files);
  jw_kuint(w, "ok", s->ok);
  jw_kuint(w, "fail", s->fail);
  jw_kuint(w, "error", s->error);
  jw_object_end(w);
  jw_object_end(w);
}
