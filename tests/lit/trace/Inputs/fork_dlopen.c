/* fork_dlopen CHURN KEPT CHILD: a thread dlopens and dlcloses CHURN a
 * hundred times; then the program dlopens KEPT and forks three children,
 * each of which dlopens CHILD and ends with exit() -- which runs the preload
 * module's destructor, as a shell's command substitution does. Exit 0 when
 * every child did. (Not while the thread is inside dlopen: glibc does not
 * support a fork then, traced or not.) */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *churn(void *lib) {
  for (int i = 0; i < 100; i++) {
    void *h = dlopen(lib, RTLD_NOW);
    if (h)
      dlclose(h);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  pthread_t t;
  pthread_create(&t, NULL, churn, argv[1]);
  pthread_join(t, NULL);
  if (!dlopen(argv[2], RTLD_NOW))
    return 3;
  for (int i = 0; i < 3; i++) {
    pid_t pid = fork();
    if (pid == 0)
      exit(dlopen(argv[3], RTLD_NOW) ? 0 : 4);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status))
      return 1;
  }
  return 0;
}
