/* Relocatable objects (.o, and the members of .a and Rust .rlib archives):
 * the TLS access model each relocation implies, before anything is linked.
 * An initial-exec or local-exec access here is what makes a shared object
 * it is linked into need static TLS. */
#ifndef TLSGUARD_OBJECT_SCAN_H
#define TLSGUARD_OBJECT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlsguard/elf_module.h"
#include "tlsguard/tls_abi.h"

struct tls_access {
  enum tls_model model;
  uint32_t type;
  const char *type_name;
  char *symbol; /* the TLS symbol (a section symbol is named by its section) */
  char *function; /* the function holding the access, when known */
  char *section;  /* the section the relocation applies to */
  uint64_t offset;
};

struct object_scan {
  struct tls_access *accesses;
  size_t n, cap;
  size_t n_static; /* initial-exec + local-exec */
};

/* Scan an ET_REL module's relocation sections (allocated targets only:
 * debug sections hold DTPOFF for variable locations, not accesses). */
bool object_scan(const struct elf_module *m, struct object_scan *out, char *err,
                 size_t errlen);
void object_scan_free(struct object_scan *s);

/* Walk an ar archive (.a, .rlib) in memory: fn gets each ELF member in
 * order, with its name, parsed (or the reason it could not be), and takes
 * ownership of m. Non-ELF members (lib.rmeta, symbol tables) are skipped.
 * *archive receives the archive's own handle: elf_end it, and unmap the
 * image, only after every member module is closed. Returns false with err
 * set when the archive is unreadable or ends early. */
typedef void (*archive_member_fn)(void *ctx, const char *member,
                                  struct elf_module *m, enum module_error e,
                                  const char *err);
bool ar_archive_each(const char *path, void *image, size_t size,
                     archive_member_fn fn, void *ctx, Elf **archive, char *err,
                     size_t errlen);

#endif
