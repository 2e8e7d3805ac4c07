/* tlsguard-dlopen-probe LIB...: dlopen each library in order in one process,
 * as late modules, and say whether each loaded. Linked only against libc so
 * its start-up static TLS is exactly libc's block: the process the loader
 * model assumes by default. Exit 0 when every library loaded. Each answer
 * is flushed as it is known, so scripts/oracle still reads it when a
 * library's destructor crashes the process on the way out. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    void *h = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    if (h) {
      printf("%s: loaded\n", argv[i]);
    } else {
      printf("%s: failed: %s\n", argv[i], dlerror());
      failed = 1;
    }
    fflush(stdout);
  }
  return failed;
}
