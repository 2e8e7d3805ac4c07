/* The formats behind output.c (tlsguard/output.h): compiler-style text,
 * JSON and SARIF, each streaming one file report at a time. */
#ifndef TLSGUARD_REPORT_FORMATS_H
#define TLSGUARD_REPORT_FORMATS_H

#include <stdint.h>
#include <stdio.h>

#include "tlsguard/output.h"

struct text_writer;
struct text_writer *text_begin(FILE *out, const struct output_options *o,
                               const struct lint_policy *p);
void text_file(struct text_writer *t, const struct file_report *r);
void text_end(struct text_writer *t, const struct run_summary *s);

/* The blocks made static across the run, each with the inputs it fails:
 * JSON's "causes" (text groups its own; SARIF uses related locations). */
struct cause {
  enum rule_id rule;
  char *block_owner;
  uint64_t block_size, block_align;
  char **files;
  size_t n_files;
};
struct cause_list {
  struct cause *items;
  size_t n, cap;
};

struct json_writer;
void json_begin(struct json_writer *w);
void json_file(struct json_writer *w, const struct file_report *r);
void json_end(struct json_writer *w, const struct run_summary *s,
              const struct cause_list *causes);

void sarif_begin(struct json_writer *w);
void sarif_file(struct json_writer *w, const struct file_report *r);
/* Inputs that could not be read become tool execution notifications. */
struct input_error {
  char *path, *message;
};
void sarif_end(struct json_writer *w, const struct run_summary *s,
               const struct input_error *errors, size_t n_errors);

/* Facts shared by the formats. */
const char *
reloc_target_name(const struct tls_reloc *rel); /* "own-block", ... */

#endif
