#include "tlsguard/known_libraries.h"

#include <gelf.h>
#include <string.h>

#include "elf/elf_module.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/elf_module.h"

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

static bool match_tls_symbol(void *ctx, const char *name, uint64_t offset,
                             uint64_t size) {
  const struct signature **found = ctx;
  (void)offset, (void)size;
  for (size_t k = 0; k < N_SIGNATURES; k++)
    if (has_suffix(name, signatures[k].tls_suffix)) {
      *found = &signatures[k];
      return true;
    }
  return false;
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
  const struct signature *found = NULL;
  elf_module_each_tls_symbol(m, match_tls_symbol, &found);
  return found ? &found->lib : NULL;
}
