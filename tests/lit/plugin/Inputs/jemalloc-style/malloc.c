#include "jemalloc_style.h"

void *je_malloc(unsigned long size) {
  tsd_t *tsd = tsd_fetch();
  tsd->state++;
  return size < sizeof tsd->tcache ? tsd->tcache : 0;
}
