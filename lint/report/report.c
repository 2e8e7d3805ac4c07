#include "tlsguard/report.h"
#include "report/findings.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct rule rules[RULE_COUNT] = {
#define RULE(e, id, sev, title, help) [RULE_##e] = {id, sev, title, help},
#include "tlsguard/rules.def"
#undef RULE
};

const struct rule *rule_get(enum rule_id id) { return &rules[id]; }

bool rule_find(const char *id, enum rule_id *out) {
  for (int i = 0; i < RULE_COUNT; i++)
    if (!strcmp(rules[i].id, id)) {
      *out = (enum rule_id)i;
      return true;
    }
  return false;
}

char *rule_help_uri(enum rule_id id) {
  return xasprintf("%s%s.md", TLSGUARD_RULES_URL, rules[id].id);
}

const char *severity_name(enum severity s) {
  switch (s) {
  case SEV_ERROR:
    return "error";
  case SEV_WARNING:
    return "warning";
  case SEV_NOTE:
    break;
  }
  return "note";
}

const char *verdict_name(enum verdict v) {
  switch (v) {
  case VERDICT_FAIL:
    return "fail";
  case VERDICT_ERROR:
    return "error";
  case VERDICT_OK:
    break;
  }
  return "ok";
}

void report_init(struct file_report *r, const char *path) {
  memset(r, 0, sizeof *r);
  r->path = xstrdup(path);
}

void finding_free(struct finding *f) {
  free(f->message);
  for (size_t k = 0; k < f->n_notes; k++)
    free(f->notes[k]);
  for (size_t k = 0; k < f->chain_len; k++)
    free(f->chain[k]);
  free(f->chain);
  for (size_t k = 0; k < f->n_vars; k++) {
    free(f->vars[k].name);
    free(f->vars[k].file);
  }
  free(f->vars);
  free(f->symbol);
  free(f->block_owner);
  free(f->allowed_by);
  free(f->reloc_types);
  free(f->module);
  free(f->owner);
  free(f->symversion);
  free(f->name);
  free(f->functions);
  for (size_t k = 0; k < f->n_names; k++)
    free(f->names[k]);
  free(f->names);
}

void report_free(struct file_report *r) {
  for (size_t i = 0; i < r->n_findings; i++)
    finding_free(&r->findings[i]);
  for (int k = 0; k < LOADER_KIND_COUNT; k++)
    load_prediction_free(&r->predictions[k]);
  for (size_t i = 0; i < r->n_deps; i++) {
    free(r->deps[i].name);
    free(r->deps[i].path);
    free(r->deps[i].needed_by);
  }
  free(r->deps);
  free(r->findings);
  free(r->error);
  free(r->path);
  if (r->owned_module) {
    elf_module_close(r->owned_module);
    free(r->owned_module);
  }
  memset(r, 0, sizeof *r);
}

struct file_report *report_list_add(struct report_list *l, const char *path) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 4;
    l->items = xrealloc(l->items, l->cap * sizeof *l->items);
  }
  struct file_report *r = &l->items[l->n++];
  report_init(r, path);
  return r;
}

void report_list_free(struct report_list *l) {
  for (size_t i = 0; i < l->n; i++)
    report_free(&l->items[i]);
  free(l->items);
  if (l->keep_free)
    l->keep_free(l->keep);
  memset(l, 0, sizeof *l);
}

void report_drop_rules(struct file_report *r, const bool *disabled) {
  size_t kept = 0;
  for (size_t i = 0; i < r->n_findings; i++) {
    if (disabled[r->findings[i].rule])
      finding_free(&r->findings[i]);
    else
      r->findings[kept++] = r->findings[i];
  }
  r->n_findings = kept;
}

struct finding *report_add(struct file_report *r, enum rule_id rule) {
  if (r->n_findings == r->cap_findings) {
    r->cap_findings = r->cap_findings ? r->cap_findings * 2 : 4;
    r->findings = xrealloc(r->findings, r->cap_findings * sizeof *r->findings);
  }
  struct finding *f = &r->findings[r->n_findings++];
  memset(f, 0, sizeof *f);
  f->rule = rule;
  f->severity = rules[rule].severity;
  return f;
}

void finding_message(struct finding *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  free(f->message);
  f->message = vxasprintf(fmt, ap);
  va_end(ap);
}

void finding_note(struct finding *f, const char *fmt, ...) {
  if (f->n_notes == FINDING_MAX_NOTES)
    return;
  va_list ap;
  va_start(ap, fmt);
  f->note_kinds[f->n_notes] = NOTE_DETAIL;
  f->notes[f->n_notes++] = vxasprintf(fmt, ap);
  va_end(ap);
}

void finding_chain_add(struct finding *f, const char *name) {
  if (f->chain_len == f->chain_cap) {
    f->chain_cap = f->chain_cap ? 2 * f->chain_cap : 4;
    f->chain = xrealloc(f->chain, f->chain_cap * sizeof *f->chain);
  }
  f->chain[f->chain_len++] = xstrdup(name);
}

void finding_name_add(struct finding *f, const char *name) {
  f->names = xrealloc(f->names, (f->n_names + 1) * sizeof *f->names);
  f->names[f->n_names++] = xstrdup(name);
}

void finding_note_as(struct finding *f, enum note_kind kind, const char *fmt,
                     ...) {
  if (f->n_notes == FINDING_MAX_NOTES)
    return;
  va_list ap;
  va_start(ap, fmt);
  f->note_kinds[f->n_notes] = (unsigned char)kind;
  f->notes[f->n_notes++] = vxasprintf(fmt, ap);
  va_end(ap);
}

const char *note_kind_name(enum note_kind kind) {
  switch (kind) {
  case NOTE_WHERE:
    return "where";
  case NOTE_FIX:
    return "fix";
  case NOTE_WHY:
    return "why";
  case NOTE_ORIGIN:
    return "origin";
  case NOTE_DETAIL:
    break;
  }
  return "detail";
}

const char *finding_note_of(const struct finding *f, enum note_kind kind) {
  for (size_t i = 0; i < f->n_notes; i++)
    if (f->note_kinds[i] == kind)
      return f->notes[i];
  return NULL;
}

bool name_list_has(const char *list, const char *sep, const char *name) {
  size_t n = strlen(name), k = strlen(sep);
  for (const char *p = list; *p;) {
    const char *end = strstr(p, sep);
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && !memcmp(p, name, n))
      return true;
    if (!end)
      break;
    p = end + k;
  }
  return false;
}

void type_list_append(char *buf, size_t size, const char *name) {
  if (!name)
    name = "?";
  if (name_list_has(buf, "/", name))
    return;
  size_t len = strlen(buf);
  snprintf(buf + len, size - len, "%s%s", len ? "/" : "", name);
}
