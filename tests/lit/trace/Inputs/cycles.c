/* cycles LIB N: dlopen and dlclose LIB N times. Exit 0 when all went. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 2 ? atoi(argv[2]) : 0;
  for (int i = 0; i < n; i++) {
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) {
      fprintf(stderr, "dlopen: %s\n", dlerror());
      return 3;
    }
    dlclose(h);
  }
  puts("done");
  return 0;
}
