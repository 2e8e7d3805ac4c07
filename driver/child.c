#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tlsguard/reraise_signal.h"

extern char **environ;

static const int forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
enum { FORWARDED_COUNT = sizeof forwarded_signals / sizeof(int) };

static volatile sig_atomic_t forward_to;     /* the running child, or 0 */
static volatile sig_atomic_t pending_signal; /* received, not yet died by */
static volatile sig_atomic_t holding;        /* child_signals_hold(true) */
static sigset_t forwarded_set;
static sigset_t original_mask;

/* A signal with a child running goes to the child, and the driver dies by
 * it once the child has ended (child_pending_signal). With none running
 * the driver dies at once, in the handler: nothing it could be blocked in
 * (an open, a read) is restarted, unless it holds an output it has to
 * remove first (child_signals_hold). */
static void forward_signal(int sig) {
  pid_t pid = (pid_t)forward_to;
  pending_signal = sig;
  if (pid > 0)
    kill(pid, sig);
  else if (!holding)
    die_by_signal(sig);
}

void child_signals_init(void) {
  sigemptyset(&forwarded_set);
  sigprocmask(SIG_SETMASK, NULL, &original_mask);
  for (int i = 0; i < FORWARDED_COUNT; i++) {
    struct sigaction old;
    if (sigaction(forwarded_signals[i], NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(forwarded_signals[i], &sa, NULL);
    sigaddset(&forwarded_set, forwarded_signals[i]);
  }
}

int child_pending_signal(void) { return (int)pending_signal; }

void child_signals_hold(bool hold) { holding = hold; }

pid_t child_start(const char *path, char *const argv[],
                  const struct child_io *io, int *out_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  int pipe_fds[2] = {-1, -1};
  if (out_fd && pipe2(pipe_fds, O_CLOEXEC) != 0)
    return -1;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  /* The child starts with the mask the driver was started with and the
   * default action for the signals the driver catches. */
  posix_spawnattr_setsigmask(&attr, &original_mask);
  posix_spawnattr_setsigdefault(&attr, &forwarded_set);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  if (io && io->quiet_stdin)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd)
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  else if (io && io->stdout_to >= 0)
    posix_spawn_file_actions_adddup2(&actions, io->stdout_to, 1);
  if (io && io->quiet_stderr)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

  /* Block the forwarded signals until the child's pid is known, so that
   * none is lost between the start and the handler knowing whom to tell. */
  sigset_t during;
  sigprocmask(SIG_BLOCK, &forwarded_set, &during);
  pid_t pid;
  int err = posix_spawn(&pid, path, &actions, &attr, argv, environ);
  if (err == 0)
    forward_to = pid;
  sigprocmask(SIG_SETMASK, &during, NULL);

  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (out_fd) {
    close(pipe_fds[1]);
    if (err == 0) {
      *out_fd = pipe_fds[0];
    } else {
      close(pipe_fds[0]);
    }
  }
  if (err != 0) {
    errno = err;
    return -1;
  }
  return pid;
}

int child_wait(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      status = 127 << 8;
      break;
    }
  }
  forward_to = 0;
  return status;
}

int child_run(const char *path, char *const argv[], const struct child_io *io) {
  pid_t pid = child_start(path, argv, io, NULL);
  if (pid < 0)
    return -1;
  return child_wait(pid);
}

void child_exec(const char *path, char *const argv[]) {
  sigprocmask(SIG_SETMASK, &original_mask, NULL);
  execv(path, argv);
}

void die_by_signal(int sig) {
  reraise_signal(sig);
  _exit(128 + sig);
}
