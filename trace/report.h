/* The tracer's report: what the launcher (for processes without a failed
 * dlopen) and the reporter (for the others) both write. */
#ifndef TLSGUARD_TRACE_REPORT_H
#define TLSGUARD_TRACE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "records.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/report.h"

/* What the report reads from the modules' files: asked only about the
 * modules of a dlopen that failed for static TLS (reporter.c, with libelf
 * and libdw). */
struct trace_sources {
  /* The module's TLS block; false when it has none or cannot be read. */
  bool (*tls_block)(const char *path, struct tls_block_req *req);
  /* "a.so -> b.so" when `module` came in as a dependency of `requested`
   * (malloc'd), or NULL. */
  char *(*chain)(const char *requested, const char *module);
  /* The variables in the module's TLS block as a list, "" when unknown. */
  void (*variables)(const char *path, char *buf, size_t len);
  /* The well-known library it is (its name into `name`) and its fix, or
   * NULL. */
  const char *(*known_fix)(const char *path, char *name, size_t len);
  /* A note's sentence in tlsguard-lint's words (note_words), malloc'd;
   * `name` the module's file name or NULL. */
  char *(*say)(enum note_form form, const char *name);
};

/* Whether some process had a dlopen fail for static TLS: the report then
 * needs the sources. */
bool trace_needs_sources(const struct trace *t);

/* The whole report: every process worth it, then the summary line.
 * `sources` may be NULL when trace_needs_sources() says no. */
void trace_report(struct trace *t, FILE *out, bool json, const char *cmd,
                  const struct trace_sources *sources);

#endif
