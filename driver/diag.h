/* Messages in the compiler's shape: "tlsguard-cc: error: ...", then
 * "tlsguard-cc: note: ..." lines that say why and what to change. Every
 * program in driver/ names itself once, at the start of main. */
#ifndef TLSGUARD_DRIVER_DIAG_H
#define TLSGUARD_DRIVER_DIAG_H

#include <stddef.h>

extern const char *diag_program;

enum diag_kind { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE, DIAG_TRACE };

/* "tlsguard-cc: error: TEXT" (a trace has no kind: "tlsguard-cc: TEXT"),
 * one line on standard error. */
void diag(enum diag_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define diag_error(...) diag(DIAG_ERROR, __VA_ARGS__)
#define diag_warning(...) diag(DIAG_WARNING, __VA_ARGS__)
#define diag_note(...) diag(DIAG_NOTE, __VA_ARGS__)
/* For TLSGUARD_VERBOSE. */
#define diag_trace(...) diag(DIAG_TRACE, __VA_ARGS__)

/* Allocation that cannot fail: out of memory ends the program with a
 * message (exit 2), as nothing here can go on without it. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
