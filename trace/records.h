/* The trace file: what libtlsguard-trace-preload.so (preload.c) records in
 * the traced processes, read back by the launcher (launcher.c) and the
 * reporter (reporter.c). After a header (ring.h: how processes append
 * without a system call), one record per line, fields separated by tabs, a
 * tag first and the writing process's id second:
 *
 *   P pid ppid bits exe                    a process started (or exec'd)
 *   S pid seq modid size align filesz firstbyte off-known off tp data name
 *                                          a start-up module
 *   L ... as S                             a module loaded late by call seq
 *   D pid seq ok|failed|passed-through[-dlmopen] mode file message
 *   C pid seq result                       dlclose
 *   E pid seq message                      a passed-through call's error
 *   X pid seq name                         a module gone at call seq
 *   F pid ppid                             a process forked: it starts
 *                                          with its parent's modules
 *   Z pid                                  the process ended normally
 *
 * Names and messages escape tab, newline and backslash. The reader takes
 * what the report uses: ppid, bits and Z are for a person reading the file. */
#ifndef TLSGUARD_TRACE_RECORDS_H
#define TLSGUARD_TRACE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct module_rec {
  unsigned long seq;
  uint64_t modid, size, align, filesz, firstbyte;
  bool off_known;
  uint64_t off; /* l_tls_offset as the loader stored it (ptrdiff_t) */
  uint64_t tp, data;
  char *name;
  /* filled by the analysis */
  int state; /* 0 none, 1 static, 2 dynamic (no offset), 3 unknown */
  uint64_t consumed, left;
  bool model_agrees;
};

enum call_kind { CALL_DLOPEN, CALL_DLCLOSE };

struct call_rec {
  unsigned long seq;
  enum call_kind kind;
  bool failed, passed_through, outcome_known;
  char *file;
  char *message;
  size_t first_mod, n_mods; /* into proc.late */
  char **gone;
  size_t n_gone;
};

struct proc {
  long pid;
  long forked_from; /* the parent's pid, or 0: started by exec */
  /* A forked process starts with copies of its parent's modules and calls;
   * its own begin at these indexes. */
  size_t inherited_calls, inherited_late;
  char *exe;
  struct module_rec *startup;
  size_t n_startup;
  struct module_rec *late;
  size_t n_late;
  struct call_rec *calls;
  size_t n_calls;
};

struct trace {
  struct proc *procs;
  size_t n;
  uint64_t dropped; /* bytes of records that did not fit in the file */
};

/* Create the (empty) trace file in DIR, its path in PATH; false with errno
 * set, PATH naming the file that could not be made. CAPACITY 0: the
 * default. */
bool trace_create(const char *dir, uint64_t capacity, char *path,
                  size_t path_len);

void *trace_grow(void *p, size_t *cap, size_t n, size_t size);
/* Read the trace file; false (errno set; EBADMSG: not a trace file) when it
 * cannot be read. */
bool trace_read(const char *path, struct trace *t);
/* The same from the file's bytes in memory (the fuzzer's entry). */
bool trace_parse(const void *data, size_t len, struct trace *t);
/* What went wrong, for errno E after trace_read. */
const char *trace_read_error(int e);
void trace_free(struct trace *t);

/* This program's machine and class, as the loader model knows them: every
 * traced process has them (the preload module loads into no other). NULL
 * when not in the model. */
struct tls_arch;
const struct tls_arch *trace_host_arch(void);

/* The last path component. */
const char *trace_base_name(const char *path);

/* Where "MODULE: <glibc's static TLS error>" continues after MODULE in a
 * dlerror message (the loader model's text), or NULL for another failure. */
const char *trace_static_tls_failure(const char *message);

/* Whether a process loaded a module with TLS late or had a dlopen fail for
 * static TLS (most processes did neither: nothing to open or model). */
bool trace_proc_worth_analyzing(const struct proc *p);

/* The report's last line (text): how many processes were traced, and how
 * many of them are worth a look (the others are `quiet`). */
void trace_summary(FILE *out, const struct trace *t, size_t quiet,
                   const char *cmd);

/* Exit as the command did (`status` from waitpid; negative: it could not be
 * run or waited for): its exit status, or its signal re-raised. */
int trace_pass_status(int status);

#endif
