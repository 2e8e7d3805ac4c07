#include "output.h"

#include <stdlib.h>

#include "json_writer.h"

struct output_sink {
  FILE *out;
  struct output_options opts;
  struct json_writer jw;
  struct input_error *errors;
  size_t n_errors, cap_errors;
};

const char *reloc_target_name(const struct tls_reloc *rel) {
  if (rel->symndx == 0)
    return "own-block";
  return rel->sym_defined ? "defined-here" : "imported";
}

struct output_sink *output_begin(FILE *out, const struct output_options *o,
                                 const struct lint_policy *p) {
  (void)p;
  struct output_sink *s = xcalloc(1, sizeof *s);
  s->out = out;
  s->opts = *o;
  jw_init(&s->jw, out);
  if (o->format == FORMAT_JSON)
    json_begin(&s->jw);
  else if (o->format == FORMAT_SARIF)
    sarif_begin(&s->jw);
  return s;
}

void output_file(struct output_sink *s, const struct file_report *r) {
  switch (s->opts.format) {
  case FORMAT_TEXT:
    text_file(s->out, &s->opts, r);
    break;
  case FORMAT_JSON:
    json_file(&s->jw, r);
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
    json_end(&s->jw, summary);
  else if (s->opts.format == FORMAT_SARIF)
    sarif_end(&s->jw, summary, s->errors, s->n_errors);
  for (size_t i = 0; i < s->n_errors; i++) {
    free(s->errors[i].path);
    free(s->errors[i].message);
  }
  free(s->errors);
  fflush(s->out);
  free(s);
}
