/* Which compiler, and which major version of it, has loaded tlsguard.so.
 * A plugin built against one LLVM major crashes inside another, so the
 * selector must know before it loads anything. */
#ifndef TLSGUARD_SELECTOR_HOST_H
#define TLSGUARD_SELECTOR_HOST_H

#include <stdbool.h>
#include <stddef.h>

enum host_compiler { HOST_UNKNOWN = 0, HOST_CLANG, HOST_GCC };

struct host {
  enum host_compiler compiler;
  unsigned major;
  char evidence[256]; /* what gave it away: "libclang-cpp.so.22.1" */
};

/* Fills *h from what is loaded in this process. Returns false when neither a
 * clang nor a gcc with a recognisable version is found. */
bool host_detect(struct host *h);

/* "clang", "gcc": the word used in build file names and messages. */
const char *host_compiler_name(enum host_compiler compiler);

/* What to install so that a build for this host can be made. */
void host_build_hint(const struct host *h, char *out, size_t outlen);

#endif
