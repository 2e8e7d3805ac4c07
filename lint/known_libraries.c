#include "known_libraries.h"

#include <gelf.h>
#include <string.h>

#include "dynsym.h"
#include "elf_module.h"

struct signature {
  struct known_library lib;
  const char *soname_prefix;
  /* Any one of these defined in .dynsym identifies the library. */
  const char *symbols[6];
  /* A TLS variable in .symtab whose name ends so identifies a copy linked
   * into something else (a Rust cdylib's "_rjem_je_tsd_tls"). */
  const char *tls_suffix;
};

static const struct signature signatures[] = {
    {{"jemalloc", "configure jemalloc with --disable-initial-exec-tls (Rust: "
                  "the jemalloc-sys / tikv-jemalloc-sys feature "
                  "\"disable_initial_exec_tls\")"},
     "libjemalloc.so",
     {"mallctl", "je_mallctl", "_rjem_mallctl", "_rjem_je_mallctl", NULL},
     "je_tsd_tls"},
    {{"mimalloc", "build mimalloc with -DMI_LOCAL_DYNAMIC_TLS=ON (Rust: the "
                  "libmimalloc-sys feature \"local_dynamic_tls\")"},
     "libmimalloc.so",
     {"mi_malloc", "mi_version", NULL},
     "_mi_heap_default"},
};

#define N_SIGNATURES (sizeof signatures / sizeof signatures[0])

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

/* The signature whose TLS variable .symtab names, if any. */
static const struct signature *by_tls_symbol(const struct elf_module *m) {
  Elf_Scn *scn = NULL;
  while ((scn = elf_nextscn(m->elf, scn))) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
      continue;
    Elf_Data *d = elf_getdata(scn, NULL);
    for (size_t i = 0; d && i < d->d_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_TLS)
        continue;
      const char *name = elf_strptr(m->elf, sh.sh_link, sym.st_name);
      for (size_t k = 0; name && k < N_SIGNATURES; k++)
        if (has_suffix(name, signatures[k].tls_suffix))
          return &signatures[k];
    }
  }
  return NULL;
}

const struct known_library *known_library_identify(const struct elf_module *m) {
  for (size_t i = 0; i < N_SIGNATURES; i++) {
    const struct signature *s = &signatures[i];
    if (m->soname &&
        !strncmp(m->soname, s->soname_prefix, strlen(s->soname_prefix)))
      return &s->lib;
    for (const char *const *sym = s->symbols; *sym; sym++) {
      GElf_Sym found;
      uint64_t ndx;
      if (dynsym_lookup(m, *sym, NULL, &found, &ndx))
        return &s->lib;
    }
  }
  const struct signature *s = by_tls_symbol(m);
  return s ? &s->lib : NULL;
}
