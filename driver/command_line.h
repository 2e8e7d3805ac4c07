/* What a compiler command line will do, read from the arguments the way a
 * GCC or Clang driver reads them: does it only probe or preprocess, does it
 * compile C-family code, does it link a shared object, and where to. */
#ifndef TLSGUARD_DRIVER_COMMAND_LINE_H
#define TLSGUARD_DRIVER_COMMAND_LINE_H

#include <stdbool.h>

#include "strvec.h"

struct command_line {
  /* --version, -###, -dumpversion, -print-*, --help, -cc1, -E, -M, -MM:
   * the compiler runs exactly as asked, nothing added. */
  bool probe_or_preprocess;
  bool has_input;         /* an operand, -l, or an input handed to the linker */
  bool c_family_input;    /* C, C++, Objective-C source (or preprocessed) */
  bool stops_before_link; /* -c, -S, -fsyntax-only, -r */
  bool shared;            /* -shared, --shared, -Wl,-shared, -Xlinker -shared */
  bool has_tlsguard_plugin; /* the user already names tlsguard*.so */
  /* The file a link writes: the linker's own -o when one is passed through
   * (-Wl,-o,X: it comes after the driver's), else -o, else "a.out". */
  char *output;
  char *sysroot;          /* --sysroot, for the linter's dependency search */
  struct strvec lib_dirs; /* -L, -rpath-link, dirs of *.so inputs */
  /* The files the command reads, in order: its operands and those of the
   * linker (-Wl,x.o), not the values of options (-o x.o, -MF x.d). */
  struct strvec operands;
};

/* Reads args (response files already expanded). */
void command_line_read(struct command_line *cl, char *const *args,
                       size_t count);
void command_line_free(struct command_line *cl);

/* A link that writes a shared object the linter should see. */
bool command_line_links_shared(const struct command_line *cl);

#endif
