/* Ending a wrapper the way the command it ran ended, by the command's
 * terminating signal, so that the shell sees 128+N and make names the
 * signal: tlsguard-cc (driver/child.c) and tlsguard-trace (trace/records.c)
 * both run a command in the user's place. Header-only, as the two programs
 * share no library. */
#ifndef TLSGUARD_RERAISE_SIGNAL_H
#define TLSGUARD_RERAISE_SIGNAL_H

#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>

/* Raises sig with its default action, unblocked, and with core dumps off
 * (the command dumped its own; the wrapper's would hide it). Returns only
 * when that action does not end the process: the caller then exits with
 * 128 + sig. */
static inline void reraise_signal(int sig) {
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
}

#endif
