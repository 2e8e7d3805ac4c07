/* A multi-threaded malloc/free workload for bench/allocator_runtime.py:
 * each thread keeps a small live set and replaces a random slot per step,
 * with sizes from 16 bytes to 4 KiB, so every step goes through the
 * allocator's thread-local cache (the TLS access the rewrite changes).
 * Prints operations per second. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SLOTS 256

static long steps;

static void *run(void *arg) {
  uint64_t state = (uint64_t)(uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
  void *slot[SLOTS] = {0};
  for (long i = 0; i < steps; i++) {
    state ^= state << 13, state ^= state >> 7,
        state ^= state << 17; /* xorshift */
    unsigned k = (unsigned)(state % SLOTS);
    size_t size = 16 + (size_t)((state >> 16) % 4081);
    free(slot[k]);
    slot[k] = malloc(size);
    if (!slot[k])
      abort();
    ((volatile char *)slot[k])[0] = (char)i;
  }
  for (unsigned k = 0; k < SLOTS; k++)
    free(slot[k]);
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  steps = argc > 2 ? atol(argv[2]) : 5000000;
  pthread_t t[64];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < threads && i < 64; i++)
    pthread_create(&t[i], NULL, run, (void *)(uintptr_t)(i + 1));
  for (int i = 0; i < threads && i < 64; i++)
    pthread_join(t[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double secs =
      (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  printf("%.0f\n", (double)threads * (double)steps / secs);
  return 0;
}
