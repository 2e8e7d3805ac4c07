#include "option_table.h"

#include <stdlib.h>
#include <string.h>

#define FLAG 0
#define SEP OPTION_SEPARATE
#define JOINED OPTION_JOINED
#define JOINED_OR_SEP (OPTION_JOINED | OPTION_SEPARATE)
#define OPTION(name, form, role) {name, form, ROLE_##role},

static const struct option_spec compiler_options[] = {
#include "compiler_options.def"
};

static const struct option_spec linker_options[] = {
#include "linker_options.def"
};

#undef OPTION

/* The first len bytes of an argument, as a key to search a table by. */
struct option_key {
  const char *text;
  size_t len;
};

/* strcmp of the key's text against a row's name, the order the rows are
 * sorted in. */
static int compare_key(const void *key, const void *row) {
  const struct option_key *k = key;
  const char *name = ((const struct option_spec *)row)->name;
  int c = strncmp(k->text, name, k->len);
  if (c)
    return c;
  return name[k->len] ? -1 : 0;
}

static const struct option_spec *find_row(const struct option_spec *table,
                                          size_t rows, const char *text,
                                          size_t len) {
  struct option_key key = {text, len};
  return bsearch(&key, table, rows, sizeof *table, compare_key);
}

/* No row's name is longer (the test of the tables checks it): a longer
 * argument can only start with one. */
enum { LONGEST_NAME = 32 };

static const struct option_spec *find(const struct option_spec *table,
                                      size_t rows, const char *arg,
                                      const char **joined) {
  size_t len = strlen(arg);
  const struct option_spec *row = find_row(table, rows, arg, len);
  if (row) {
    /* Named exactly, a row with a separate value takes the next argument;
     * one with only a joined value has an empty one ("-Wl,"). */
    *joined = row->forms == OPTION_JOINED ? arg + len : NULL;
    return row;
  }
  for (size_t n = len > LONGEST_NAME ? LONGEST_NAME + 1 : len; n-- > 1;) {
    row = find_row(table, rows, arg, n);
    if (row && (row->forms & OPTION_JOINED)) {
      *joined = arg + n;
      return row;
    }
  }
  *joined = NULL;
  return NULL;
}

#define ROWS(t) (sizeof(t) / sizeof((t)[0]))

const struct option_spec *compiler_option_find(const char *arg,
                                               const char **joined) {
  return find(compiler_options, ROWS(compiler_options), arg, joined);
}

const struct option_spec *linker_option_find(const char *arg,
                                             const char **joined) {
  return find(linker_options, ROWS(linker_options), arg, joined);
}

bool is_tlsguard_plugin_arg(const char *arg) {
  const char *joined;
  const struct option_spec *row = compiler_option_find(arg, &joined);
  return row && row->role == ROLE_TLSGUARD_PLUGIN_ARG;
}
