/* Output formats: compiler-style text, JSON (docs/json-schema.md) and SARIF
 * 2.1.0. Each streams one file report at a time, in input order. */
#ifndef TLSGUARD_OUTPUT_H
#define TLSGUARD_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "tlsguard/policy.h"
#include "tlsguard/report.h"

/* FORMAT_SHORT: the text writer, one line per finding. */
enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_SHORT };

struct output_options {
  enum output_format format;
  bool verbose; /* text: also ok files, notes and allowed findings */
};

/* Where output goes, and the first write to it that failed: a full disk or
 * a closed stdout must end the run with exit 2, never pass it. */
struct output_dest {
  FILE *f;
  const char *name; /* for messages: "standard output" or the -o path */
  const char *what; /* "the report", "the help", ... */
  int error;        /* errno of the first failed write; 0 while all is well */
};

/* Check and close the stream; on failure say once "cannot write WHAT to
 * NAME: reason" on stderr. Returns false on failure. */
bool output_dest_close(struct output_dest *d);

struct run_summary {
  size_t files, ok, fail, error;
};

struct output_sink;
struct output_sink *output_begin(struct output_dest *dest,
                                 const struct output_options *o,
                                 const struct lint_policy *p);
/* Both return false once the destination cannot be written (dest->error). */
bool output_file(struct output_sink *s, const struct file_report *r);
bool output_end(struct output_sink *s, const struct run_summary *summary);

/* A name (a path, soname, symbol, or a message that holds them) as the text
 * report prints it: control characters (C0, DEL, C1), and bytes that are not
 * well-formed UTF-8, become \xNN, so a terminal shows them rather than
 * obeys them. Returns s itself when nothing needs escaping, else an escaped
 * copy that lives until TEXT_NAME_SLOTS more copies are made: enough for the
 * names of one printed line. Only the printing thread calls it. */
#define TEXT_NAME_SLOTS 16
const char *text_name(const char *s);

#endif
