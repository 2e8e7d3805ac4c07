/* A malloc replacement with thread-local state, initial-exec in the source
 * as allocators write it; the plugin rewrites it. It forwards to glibc's
 * allocator, so every call also touches its own TLS. */
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread long depth __attribute__((tls_model("initial-exec")));
static __thread unsigned char counts[512] __attribute__((tls_model("initial-exec")));

static void enter(size_t n) {
  depth++;
  counts[n % sizeof counts]++;
}

void *malloc(size_t n) {
  enter(n);
  void *p = __libc_malloc(n);
  depth--;
  return p;
}
void free(void *p) {
  enter(0);
  __libc_free(p);
  depth--;
}
void *calloc(size_t a, size_t b) {
  enter(a);
  void *p = __libc_calloc(a, b);
  depth--;
  return p;
}
void *realloc(void *p, size_t n) {
  enter(n);
  p = __libc_realloc(p, n);
  depth--;
  return p;
}
void *memalign(size_t a, size_t n) {
  enter(n);
  void *p = __libc_memalign(a, n);
  depth--;
  return p;
}
