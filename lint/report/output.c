#include "tlsguard/output.h"
#include "report/formats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/json_writer.h"
#include "utf8.h"

struct output_sink {
  struct output_dest *dest;
  FILE *out;
  struct output_options opts;
  struct json_writer jw;
  struct text_writer *text;
  struct cause_list causes; /* JSON */
  struct input_error *errors;
  size_t n_errors, cap_errors;
};

/* Length of the sequence at s when it may reach a terminal as it is, else
 * 0: a control character or a byte that is not UTF-8. */
static size_t printable_length(const char *s) {
  size_t len = utf8_sequence_length(s);
  if (len == 0)
    return 0;
  unsigned cp = utf8_decode(s, len);
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
    return 0;
  return len;
}

const char *text_name(const char *s) {
  static char *slots[TEXT_NAME_SLOTS];
  static unsigned next;
  if (!s)
    return s;
  const char *p = s;
  size_t len;
  while (*p && (len = printable_length(p)))
    p += len;
  if (!*p)
    return s;
  char *copy = xmalloc(strlen(s) * 4 + 1), *o = copy;
  for (p = s; *p;) {
    if ((len = printable_length(p))) {
      memcpy(o, p, len);
      o += len;
      p += len;
      continue;
    }
    /* Each byte of a control character, or one stray byte. */
    len = utf8_sequence_length(p) ? utf8_sequence_length(p) : 1;
    for (; len > 0; len--, p++)
      o += sprintf(o, "\\x%02x", (unsigned char)*p);
  }
  *o = '\0';
  char **slot = &slots[next++ % TEXT_NAME_SLOTS];
  free(*slot);
  *slot = copy;
  return copy;
}

const char *reloc_target_name(const struct tls_reloc *rel) {
  if (rel->symndx == 0)
    return "own-block";
  return rel->sym_defined ? "defined-here" : "imported";
}

static void cause_list_add(struct cause_list *l, const struct file_report *r) {
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

static void cause_list_free(struct cause_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    for (size_t k = 0; k < l->items[i].n_files; k++)
      free(l->items[i].files[k]);
    free(l->items[i].files);
    free(l->items[i].block_owner);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

/* Flush and check: false (and d->error set) once any write has failed. */
static bool output_dest_check(struct output_dest *d) {
  if (d->error)
    return false;
  if (fflush(d->f) == 0 && !ferror(d->f))
    return true;
  /* The failed write set errno, and nothing since has touched this
   * thread's errno but stdio itself. */
  d->error = errno ? errno : EIO;
  return false;
}

bool output_dest_close(struct output_dest *d) {
  output_dest_check(d);
  if (fclose(d->f) != 0 && !d->error)
    d->error = errno ? errno : EIO;
  d->f = NULL;
  if (!d->error)
    return true;
  fprintf(stderr, "tlsguard-lint: error: cannot write %s to %s: %s\n", d->what,
          d->name, strerror(d->error));
  return false;
}

struct output_sink *output_begin(struct output_dest *dest,
                                 const struct output_options *o,
                                 const struct lint_policy *p) {
  FILE *out = dest->f;
  struct output_sink *s = xcalloc(1, sizeof *s);
  s->dest = dest;
  s->out = out;
  s->opts = *o;
  jw_init(&s->jw, out);
  /* SARIF's objects take no extra members; its URIs are percent-encoded
   * bytes, lossless already. */
  s->jw.original_bytes = o->format == FORMAT_JSON;
  if (o->format == FORMAT_JSON)
    json_begin(&s->jw);
  else if (o->format == FORMAT_SARIF)
    sarif_begin(&s->jw);
  else
    s->text = text_begin(out, o, p);
  return s;
}

bool output_file(struct output_sink *s, const struct file_report *r) {
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
  return output_dest_check(s->dest);
}

bool output_end(struct output_sink *s, const struct run_summary *summary) {
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
  bool ok = output_dest_check(s->dest);
  free(s);
  return ok;
}
