/* The shape of jemalloc's thread-specific data: the TLS model comes from a
 * source attribute behind a macro (JEMALLOC_TLS_MODEL), so
 * -ftls-model=global-dynamic on the command line does not change it, and an
 * extern declaration in a header makes every file that uses it reach the
 * block with initial-exec. The block is about as big as Debian's
 * libjemalloc.so.2 (2632 bytes): more than glibc's whole surplus. */
#ifndef JEMALLOC_STYLE_H
#define JEMALLOC_STYLE_H

#define JEMALLOC_TLS_MODEL __attribute__((tls_model("initial-exec")))

typedef struct tsd_s {
  int state;
  char tcache[2600];
} tsd_t;

extern __thread tsd_t je_tsd_tls JEMALLOC_TLS_MODEL;

static inline tsd_t *tsd_fetch(void) { return &je_tsd_tls; }

void *je_malloc(unsigned long size);

#endif
