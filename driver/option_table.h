/* The compiler and linker options the driver reads, as data: one sorted
 * table per program (compiler_options.def, linker_options.def), each row an
 * option's name, the spellings of its value and what it means to the
 * driver, in the manner of ccache's compopt table. An option in no row is
 * one word that means nothing to the driver. */
#ifndef TLSGUARD_DRIVER_OPTION_TABLE_H
#define TLSGUARD_DRIVER_OPTION_TABLE_H

#include <stdbool.h>
#include <stddef.h>

/* How an option's value is written; a row without either is a flag. */
enum option_form {
  OPTION_SEPARATE = 1 << 0, /* the next argument: "-o X", "-Xlinker X" */
  OPTION_JOINED = 1 << 1,   /* the rest of the argument: "-oX", "-Wl,a,b",
                               "--output=X" (the row's name ends in '=') */
};

/* What the option means to the driver. */
enum option_role {
  ROLE_NONE,              /* nothing: its value is skipped, not an input */
  ROLE_PROBE,             /* prints something or preprocesses: no wrapping */
  ROLE_STOPS_BEFORE_LINK, /* -c, -S, -r */
  ROLE_SHARED,            /* links a shared object */
  ROLE_OUTPUT,            /* the value is the file written */
  ROLE_LANGUAGE,          /* -x: the language of the operands after it */
  ROLE_LIBRARY,           /* -lfoo: an input of the link */
  ROLE_LIBRARY_DIR,       /* -L: where the link's libraries are */
  ROLE_SYSROOT,
  ROLE_PLUGIN,         /* -fplugin=PATH */
  ROLE_LINKER_ARG,     /* the value is one linker argument: -Xlinker X */
  ROLE_LINKER_ARGS,    /* the value is linker arguments, comma-separated */
  ROLE_LINKER_OPTION,  /* the option and its value go to the linker: -z X */
  ROLE_END_OF_OPTIONS, /* "--": every later argument is an operand */
  ROLE_TLSGUARD_PLUGIN_ARG, /* -fplugin-arg-tlsguard-NAME[=VALUE] */
};

struct option_spec {
  const char *name;
  unsigned forms; /* enum option_form bits */
  enum option_role role;
};

/* The row arg is spelt by, or NULL: the row named arg exactly, else the
 * longest row with a joined value whose name starts arg. *joined is the
 * value written in arg itself ("" for a joined row named exactly), NULL
 * when there is none (a flag, or a value that is the next argument). */
const struct option_spec *compiler_option_find(const char *arg,
                                               const char **joined);
const struct option_spec *linker_option_find(const char *arg,
                                             const char **joined);

/* -fplugin-arg-tlsguard-...: an argument for the tlsguard plugin. */
bool is_tlsguard_plugin_arg(const char *arg);

#endif
