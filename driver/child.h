/* Running the real compiler and the linter as child processes, as
 * transparently as running them directly: the child gets the standard
 * streams, the environment and the signal mask as they were; SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT sent to the driver are passed on to it; and a
 * child killed by a signal makes the driver die by that signal (the
 * signal is raised again, so the shell sees 128+N, as without tlsguard).
 * With no child running, those signals end the driver at once. */
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

/* A signal the driver received and has not died by yet, or 0: one passed
 * on to a running child, or one that arrived while the driver held its
 * signals. The driver dies by it when the step ends. */
int child_pending_signal(void);

/* While held, a signal that arrives with no child running is recorded
 * (child_pending_signal) instead of ending the driver at once: the driver
 * holds an output that is not checked yet and removes it before dying. */
void child_signals_hold(bool hold);

__attribute__((noreturn)) void die_by_signal(int sig);

#endif
