/* Which thread-local variables live in a module's TLS block: name, size,
 * offset in the block, and — with DWARF — the declaring file and line.
 * DWARF comes from the module itself or from its separate debug file, found
 * by build-id or .gnu_debuglink under the debug directories (libdwfl's
 * standard search). Without DWARF, .symtab or .dynsym STT_TLS symbols give
 * names and sizes. */
#ifndef TLSGUARD_DEBUGINFO_H
#define TLSGUARD_DEBUGINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tlsguard/elf_module.h"

enum tls_var_source {
  TLS_VARS_NONE,
  TLS_VARS_DWARF,
  TLS_VARS_SYMTAB,
  TLS_VARS_DYNSYM
};

struct tls_variable {
  char *name;
  char *linkage; /* DW_AT_linkage_name (C++), or NULL */
  uint64_t size;
  uint64_t offset; /* within the module's TLS block */
  bool offset_known;
  char *file; /* DWARF only; see tls_variables_find for which have it */
  unsigned line;
  uint64_t die; /* DWARF: the DIE's offset, while the file is resolved */
};

/* Debug information that was there but could not be read (the report
 * layer words it: messages.c). */
enum debuginfo_problem {
  DEBUGINFO_NO_PROBLEM,
  DEBUGINFO_DAMAGED,     /* libdw stopped reading: problem_detail says why */
  DEBUGINFO_NOT_REGULAR, /* a place the debug file would be is a FIFO, a
                            device, ... (problem_path, problem_mode): no
                            separate debug file was looked for */
};

struct tls_variables {
  enum tls_var_source source;
  struct tls_variable *vars;
  size_t n, cap;
  char *debug_file;               /* the separate debug file used, if any */
  enum debuginfo_problem problem; /* the first one met */
  char *problem_path;             /* DEBUGINFO_NOT_REGULAR: the file */
  mode_t problem_mode;            /* DEBUGINFO_NOT_REGULAR: its st_mode */
  char *problem_detail;           /* DEBUGINFO_DAMAGED: libdw's message */
};

/* What the caller needs found: the block offsets and the symbol names the
 * static accesses reach. Variables in the scopes where they are usually
 * declared (units, namespaces, classes) are read first; function bodies,
 * where most of the DWARF is, only when something wanted is still missing
 * (a function-local static thread_local). */
struct tls_wanted {
  const uint64_t *offsets;
  size_t n_offsets;
  const char *const *names;
  size_t n_names;
};

/* debug_dirs: colon-separated directories holding .build-id/ trees and
 * debuglink targets (default /usr/lib/debug, under root when given).
 * want may be NULL: then every scope is read and every variable gets its
 * declaring file. With want, the wanted variables do, and the others in
 * the same units: naming a file means decoding the unit's whole line table,
 * which was two thirds of the time for a library with thread-locals in
 * many units (libasan). */
void tls_variables_find(const struct elf_module *m, const char *on_disk_path,
                        const char *root, const char *debug_dirs,
                        const struct tls_wanted *want,
                        struct tls_variables *out);
void tls_variables_free(struct tls_variables *v);

const char *tls_var_source_name(enum tls_var_source s);

#endif
