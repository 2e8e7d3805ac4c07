/* threads LIB [LAST]: four threads each dlopen, use and dlclose LIB fifty
 * times; then LAST (if given) is dlopened and kept. Exit 0 when all went. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static const char *lib;

static void *worker(void *arg) {
  for (int i = 0; i < 50; i++) {
    void *h = dlopen(lib, RTLD_NOW);
    if (!h) {
      fprintf(stderr, "dlopen: %s\n", dlerror());
      exit(3);
    }
    char *(*touch)(int) = (char *(*)(int))dlsym(h, "touch");
    if (touch)
      touch((int)(long)arg);
    dlclose(h);
  }
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t t[4];
  lib = argv[1];
  for (long i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  if (argc > 2 && !dlopen(argv[2], RTLD_NOW)) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 4;
  }
  puts("done");
  return 0;
}
