/* Dynamic symbols of a module: look one up by name the way the loader does
 * (DT_GNU_HASH, else DT_HASH). Reading one, its version and the version
 * needs are the library's own (elf/dynsym.h). */
#ifndef TLSGUARD_DYNSYM_H
#define TLSGUARD_DYNSYM_H

#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>

struct elf_module;

/* A defined symbol named name, as glibc's do_lookup_x finds it in one
 * module: version NULL is an unversioned reference (the base version, or a
 * lone visible version). Returns false when the module does not define it. */
bool dynsym_lookup(const struct elf_module *m, const char *name,
                   const char *version, GElf_Sym *sym, uint64_t *symndx);

#endif
