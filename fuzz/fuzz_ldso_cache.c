/* libFuzzer harness for the ld.so.cache reader: any bytes, then lookups. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/ldso_cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *copy = malloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = '\0';
  struct ldso_cache *c = ldso_cache_parse(copy, size);
  size_t n;
  static const char *const names[] = {"libc.so.6", "libm.so.6", "",
                                      "libz.so.1"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *const *paths = ldso_cache_lookup(c, names[i], &n);
    for (size_t k = 0; k < n; k++)
      if (!paths[k])
        abort();
  }
  ldso_cache_free(c);
  return 0;
}
