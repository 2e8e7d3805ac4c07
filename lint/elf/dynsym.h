/* The rest of elf/dynsym.c, for the library's own stages: reading a
 * dynamic symbol and its version, musl's lookup, and the module's version
 * needs and definitions. The public part is tlsguard/dynsym.h. */
#ifndef TLSGUARD_ELF_DYNSYM_H
#define TLSGUARD_ELF_DYNSYM_H

#include "tlsguard/dynsym.h"

bool dynsym_get(const struct elf_module *m, uint64_t symndx, GElf_Sym *sym,
                const char **name);

/* The version a symbol defines (defined symbols) or requires (undefined
 * ones); NULL when it has none. *hidden is set for non-default versions. */
const char *dynsym_version_name(const struct elf_module *m, uint64_t symndx,
                                bool *hidden);

/* The same as musl finds it: versions are not compared; a symbol of a
 * hidden (non-default) version is not bound. */
bool dynsym_lookup_musl(const struct elf_module *m, const char *name,
                        GElf_Sym *sym, uint64_t *symndx);

/* Each version a module needs (DT_VERNEED): the library's name as linked
 * (vn_file), the version, and whether the need is weak (VER_FLG_WEAK). Stops
 * when fn returns true; returns whether it did. */
typedef bool (*verneed_fn)(void *ctx, const char *file, const char *version,
                           bool weak);
bool dynsym_each_verneed(const struct elf_module *m, verneed_fn fn, void *ctx);

/* Whether a module has DT_VERDEF, and whether it defines a version. */
bool dynsym_has_verdef(const struct elf_module *m);
bool dynsym_defines_version(const struct elf_module *m, const char *version);

#endif
