#ifndef TLSGUARD_ALLOC_H
#define TLSGUARD_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Memory helpers. Library code never calls exit(): allocation failure is
 * the one error it does not return, since a path back from each of its
 * allocations would be untested code. It calls lint_out_of_memory(), which
 * runs the handler the program installed (the command line's prints its
 * error and exits 2) and, when there is none or it returns, prints one line
 * and abort()s, as glib and LLVM do: a library must not run its host's
 * atexit handlers from inside a call. Install the handler before any run. */
void lint_set_out_of_memory_handler(void (*handler)(void));
_Noreturn void lint_out_of_memory(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *vxasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

#ifdef __cplusplus
}
#endif

#endif
