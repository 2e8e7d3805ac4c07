/* Building a report: what the analysis stages call to record findings,
 * notes and predictions, and what report/ uses to word them. Private to the
 * library; its consumers read the results through tlsguard/report.h and
 * tlsguard/output.h. */
#ifndef TLSGUARD_REPORT_FINDINGS_H
#define TLSGUARD_REPORT_FINDINGS_H

#include "tlsguard/report.h"

const char *verdict_name(enum verdict v);

void load_prediction_free(struct load_prediction *p);

/* A computed prediction in words (report/messages.c); NULL where there is
 * nothing to say, all NULL for a prediction not computed. */
struct prediction_words {
  char *reason;  /* why it fails, naming the module and the block */
  char *stopgap; /* e.g. "GLIBC_TUNABLES=glibc.rtld.optional_static_tls=2048" */
  char *used_by; /* earlier late modules holding static TLS (load order) */
  char *host;    /* the process the prediction is for */
};
void prediction_words(const struct load_prediction *p,
                      struct prediction_words *w);
void prediction_words_free(struct prediction_words *w);

/* The reports one input yields: one for a file, one per member for an
 * archive or a package, and what they point into (kept until printed). */
struct report_list {
  struct file_report *items;
  size_t n, cap;
  void *keep;
  void (*keep_free)(void *keep);
};

struct file_report *report_list_add(struct report_list *l, const char *path);
void report_list_free(struct report_list *l);

struct finding *report_add(struct file_report *r, enum rule_id rule);
void finding_free(struct finding *f);
/* Drop the findings of the rules marked in disabled (--disable). */
void report_drop_rules(struct file_report *r, const bool *disabled);
void finding_note(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))); /* a NOTE_DETAIL */
void finding_note_as(struct finding *f, enum note_kind kind, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));
/* The first note of that kind, or NULL. */
const char *finding_note_of(const struct finding *f, enum note_kind kind);
const char *note_kind_name(enum note_kind kind); /* "where", "fix", ... */
void finding_message(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Write the messages of r's findings that carry facts, not text
 * (report/messages.c). */
void report_words(struct file_report *r);
/* Add a note of that kind, worded from the facts (tlsguard/report.h's
 * note forms). */
void finding_say(struct finding *f, enum note_kind kind, enum note_form form,
                 const struct note_facts *facts);
/* Append a module name to the finding's chain. */
void finding_chain_add(struct finding *f, const char *name);
/* Append a module name to the names its message lists. */
void finding_name_add(struct finding *f, const char *name);

struct path_in_root; /* resolve/search_path.h */
/* Why a path given with --sysroot names nothing there (--host). */
char *path_in_root_text(const struct path_in_root *p);

/* Whether list, names joined by sep ("a, b"), holds name exactly: not a
 * substring test ("malloc" is not in "je_malloc, malloc2"). */
bool name_list_has(const char *list, const char *sep, const char *name);

/* "R_X86_64_TPOFF64", or "A/B" when a group of relocations mixes types:
 * append name to the slash-separated list in buf unless it is there. */
void type_list_append(char *buf, size_t size, const char *name);

#endif
