/* dlopen LIB (late: its TLS is dynamic), then make the first TLS access in
 * a new thread (its DTV slot is unallocated: the descriptor's slow path
 * calls __tls_get_addr, which calls malloc and copies the block) through
 * one of the probes, and say whether values held in xmm registers across
 * that access survived. Exit 0 preserved, 1 clobbered, 2 cannot run. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* probe.S: xmm0-xmm15 loaded from in, stored to out after the access. */
static void (*probe_xmm)(const unsigned long *in, unsigned long *out);
/* probe_c.c: how many of eight doubles the compiler kept in xmm registers
 * came back changed. */
static int (*probe_c)(const double *in);
static int changed;

static void *first_access(void *arg) {
  (void)arg;
  if (probe_xmm) {
    unsigned long in[32], out[32];
    for (int i = 0; i < 32; i++)
      in[i] = 0x0101010101010101ul * (unsigned long)(i + 1);
    probe_xmm(in, out);
    for (int r = 0; r < 16; r++)
      changed += memcmp(&in[2 * r], &out[2 * r], 16) != 0;
  } else {
    static const double in[8] = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5};
    changed = probe_c(in);
  }
  return NULL;
}

int main(int argc, char **argv) {
  void *h = argc == 2 ? dlopen(argv[1], RTLD_NOW) : NULL;
  if (!h) {
    fprintf(stderr, "usage: main LIB (%s)\n", argc == 2 ? dlerror() : "");
    return 2;
  }
  probe_xmm =
      (void (*)(const unsigned long *, unsigned long *))dlsym(h, "probe_xmm");
  probe_c = (int (*)(const double *))dlsym(h, "probe_c");
  if (!probe_xmm && !probe_c) {
    fprintf(stderr, "%s: no probe_xmm or probe_c\n", argv[1]);
    return 2;
  }
  pthread_t t;
  if (pthread_create(&t, NULL, first_access, NULL) || pthread_join(t, NULL))
    return 2;
  printf("%s: %d %s held in xmm registers across the first TLS access "
         "changed\n",
         changed ? "clobbered" : "preserved", changed,
         probe_xmm ? "of 16 registers" : "of 8 values");
  return changed ? 1 : 0;
}
