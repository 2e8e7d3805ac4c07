#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "json_writer.h"

struct output_sink {
  FILE *out;
  struct output_options opts;
  struct json_writer jw;
  struct text_writer *text;
  struct cause_list causes; /* JSON */
  struct input_error *errors;
  size_t n_errors, cap_errors;
};

const char *reloc_target_name(const struct tls_reloc *rel) {
  if (rel->symndx == 0)
    return "own-block";
  return rel->sym_defined ? "defined-here" : "imported";
}

void cause_list_add(struct cause_list *l, const struct file_report *r) {
  for (size_t i = 0; i < r->n_findings; i++) {
    const struct finding *f = &r->findings[i];
    if (!f->block_owner || f->allowed_by || f->severity < SEV_WARNING)
      continue;
    struct cause *c = NULL;
    for (size_t k = 0; k < l->n && !c; k++)
      if (!strcmp(l->items[k].block_owner, f->block_owner))
        c = &l->items[k];
    if (!c) {
      if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
      }
      c = &l->items[l->n++];
      *c = (struct cause){f->rule,       xstrdup(f->block_owner),
                          f->block_size, f->block_align,
                          NULL,          0};
    }
    if (c->n_files && !strcmp(c->files[c->n_files - 1], r->path))
      continue;
    c->files = xrealloc(c->files, (c->n_files + 1) * sizeof *c->files);
    c->files[c->n_files++] = xstrdup(r->path);
  }
}

void cause_list_free(struct cause_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    for (size_t k = 0; k < l->items[i].n_files; k++)
      free(l->items[i].files[k]);
    free(l->items[i].files);
    free(l->items[i].block_owner);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

struct output_sink *output_begin(FILE *out, const struct output_options *o,
                                 const struct lint_policy *p) {
  struct output_sink *s = xcalloc(1, sizeof *s);
  s->out = out;
  s->opts = *o;
  jw_init(&s->jw, out);
  if (o->format == FORMAT_JSON)
    json_begin(&s->jw);
  else if (o->format == FORMAT_SARIF)
    sarif_begin(&s->jw);
  else
    s->text = text_begin(out, o, p);
  return s;
}

void output_file(struct output_sink *s, const struct file_report *r) {
  switch (s->opts.format) {
  case FORMAT_TEXT:
  case FORMAT_SHORT:
    text_file(s->text, r);
    break;
  case FORMAT_JSON:
    json_file(&s->jw, r);
    cause_list_add(&s->causes, r);
    break;
  case FORMAT_SARIF:
    if (r->verdict == VERDICT_ERROR) {
      if (s->n_errors == s->cap_errors) {
        s->cap_errors = s->cap_errors ? 2 * s->cap_errors : 8;
        s->errors = xrealloc(s->errors, s->cap_errors * sizeof *s->errors);
      }
      s->errors[s->n_errors].path = xstrdup(r->path);
      s->errors[s->n_errors].message =
          xstrdup(r->error ? r->error : "unreadable");
      s->n_errors++;
    }
    sarif_file(&s->jw, r);
    break;
  }
  fflush(s->out);
}

void output_end(struct output_sink *s, const struct run_summary *summary) {
  if (s->opts.format == FORMAT_JSON)
    json_end(&s->jw, summary, &s->causes);
  else if (s->opts.format == FORMAT_SARIF)
    sarif_end(&s->jw, summary, s->errors, s->n_errors);
  else
    text_end(s->text, summary);
  for (size_t i = 0; i < s->n_errors; i++) {
    free(s->errors[i].path);
    free(s->errors[i].message);
  }
  free(s->errors);
  cause_list_free(&s->causes);
  fflush(s->out);
  free(s);
}
