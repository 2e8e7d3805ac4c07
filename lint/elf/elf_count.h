/* How many entries a section's data holds, by the data libelf read, not by
 * the section header: a SHT_NOBITS section's d_size is the memory it takes
 * (any number a damaged file says) with no bytes behind it, and sh_entsize
 * may be anything. A loop bounded by d_size / sh_entsize ran for hours on
 * a fuzzed archive member whose symbol table was SHT_NOBITS. */
#ifndef TLSGUARD_ELF_COUNT_H
#define TLSGUARD_ELF_COUNT_H

#include <gelf.h>
#include <stddef.h>

/* Entries of type T in D: 0 when D holds no bytes or other data. */
static inline size_t elf_data_count(Elf *elf, const Elf_Data *d, Elf_Type t) {
  size_t size = gelf_fsize(elf, t, 1, EV_CURRENT);
  return d && d->d_buf && d->d_type == t && size ? d->d_size / size : 0;
}

#endif
