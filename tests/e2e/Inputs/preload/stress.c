/* Threads doing malloc/free while the main thread dlopens and dlcloses TLS
 * modules: each dlopen moves glibc's TLS generation, so the next TLS access
 * of every thread may update its DTV (and call malloc to do it). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int stop;

static void *churn(void *arg) {
  (void)arg;
  unsigned long n = 0;
  while (!stop) {
    void *p = malloc(16 + n % 4096);
    free(p);
    n++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int rounds = atoi(argv[1]);
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, churn, NULL);
  for (int r = 0; r < rounds; r++) {
    const char *path = argv[2 + r % (argc - 2)];
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      fprintf(stderr, "%s\n", dlerror());
      return 1;
    }
    int (*touch)(int) = (int (*)(int))dlsym(h, "touch");
    touch(r);
    dlclose(h);
  }
  stop = 1;
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("done: %d rounds\n", rounds);
  return 0;
}
