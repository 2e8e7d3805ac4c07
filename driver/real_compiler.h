/* The compiler the driver stands in for. Chosen by --tlsguard-cc=CMD, else
 * $TLSGUARD_CC ($TLSGUARD_CXX for tlsguard-c++), else the first of cc,
 * clang, gcc (c++, clang++, g++) on PATH. CMD is split into words like a
 * response file, so it may carry a launcher and arguments:
 * "ccache clang-22 --target=aarch64-linux-gnu". Never $CC: that is usually
 * the driver itself. A PATH entry that is this very program is skipped;
 * naming it explicitly is an error, never a loop. */
#ifndef TLSGUARD_DRIVER_REAL_COMPILER_H
#define TLSGUARD_DRIVER_REAL_COMPILER_H

#include <stdbool.h>
#include <stddef.h>

#include "install_layout.h"
#include "strvec.h"

enum driver_language { DRIVER_C, DRIVER_CXX };

struct real_compiler {
  enum driver_language lang;
  struct strvec command; /* launcher words, the compiler, its own args */
  size_t compiler_word;  /* index of the compiler in command */
  char *exec_path;       /* command.items[0], found on PATH */
  char *compiler_path;   /* the compiler, found on PATH */
  char *origin;          /* "TLSGUARD_CC", "--tlsguard-cc", "PATH" */
};

/* "TLSGUARD_CC" or "TLSGUARD_CXX"; "tlsguard-cc" or "tlsguard-c++". */
const char *compiler_variable(enum driver_language lang);
const char *driver_name(enum driver_language lang);

/* Fills *rc. choice is --tlsguard-cc's value or NULL. On failure prints
 * why and what to change, and returns false. */
bool real_compiler_resolve(struct real_compiler *rc, enum driver_language lang,
                           const char *choice,
                           const struct install_layout *self);
void real_compiler_free(struct real_compiler *rc);

/* name looked up on PATH (a name with a '/' is taken as it is), skipping
 * this program. NULL when not found. *skipped_self (may be NULL) tells
 * whether an entry was skipped for being this program. */
char *find_program(const char *name, const struct install_layout *self,
                   bool *skipped_self);

#endif
