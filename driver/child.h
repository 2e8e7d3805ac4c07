/* Running the real compiler and the linter as child processes, as
 * transparently as running them directly: the child gets the standard
 * streams, the environment and the signal mask as they were; SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT sent to the driver are passed on to it; and a
 * child killed by a signal makes the driver die by that signal. */
#ifndef TLSGUARD_DRIVER_CHILD_H
#define TLSGUARD_DRIVER_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

/* Install the forwarding handlers. A signal the driver was started with
 * ignored stays ignored, so the child inherits that too. */
void child_signals_init(void);

struct child_io {
  int stdout_to;     /* -1: inherit; else dup2'd onto the child's stdout */
  bool quiet_stdin;  /* stdin from /dev/null */
  bool quiet_stderr; /* stderr to /dev/null */
};

/* Runs path with argv (argv[0] is what the child sees as its name) and
 * waits for it, forwarding signals meanwhile. Returns the wait status, or
 * -1 with errno set when it could not be started. */
int child_run(const char *path, char *const argv[], const struct child_io *io);

/* Like child_run, but the caller reads the child's stdout from *out_fd
 * and then calls child_wait. */
pid_t child_start(const char *path, char *const argv[],
                  const struct child_io *io, int *out_fd);
int child_wait(pid_t pid);

/* Replaces the driver with the program: nothing of the driver is left
 * between the caller and the compiler. Returns only on failure (errno). */
void child_exec(const char *path, char *const argv[]);

/* A signal that arrived while no child was running, or 0. The driver dies
 * by it before starting the next step. */
int child_pending_signal(void);

/* Ends the driver the way the child ended: its exit status, or its
 * terminating signal (without a core dump of the driver's own). */
__attribute__((noreturn)) void exit_like(int wait_status);
__attribute__((noreturn)) void die_by_signal(int sig);

#endif
