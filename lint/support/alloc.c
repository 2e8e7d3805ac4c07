/* Allocation that fails one way (tlsguard/alloc.h). Its own file so that a
 * program taking only small parts of the library (the tracer's launcher)
 * does not link the report layer, and with it libelf, for xmalloc. */
#include "tlsguard/alloc.h"
#include "support/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*out_of_memory_handler)(void);

void lint_set_out_of_memory_handler(void (*handler)(void)) {
  out_of_memory_handler = handler;
}

void lint_out_of_memory(void) {
  if (out_of_memory_handler)
    out_of_memory_handler();
  fputs("tlsguard: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    lint_out_of_memory();
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    lint_out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    lint_out_of_memory();
  return p;
}

char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (!p)
    lint_out_of_memory();
  return p;
}

char *vxasprintf(const char *fmt, va_list ap) {
  char *s;
  if (vasprintf(&s, fmt, ap) < 0)
    lint_out_of_memory();
  return s;
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = vxasprintf(fmt, ap);
  va_end(ap);
  return s;
}

char *xjoin(const char *a, char sep, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *s = xmalloc(la + lb + 2);
  memcpy(s, a, la);
  s[la] = sep;
  memcpy(s + la + 1, b, lb + 1);
  return s;
}
