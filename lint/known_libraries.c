#include "known_libraries.h"

#include <gelf.h>
#include <string.h>

#include "dynsym.h"
#include "elf_module.h"

struct signature {
  struct known_library lib;
  const char *soname_prefix;
  const char
      *symbols[6]; /* any one defined in .dynsym identifies the library */
};

static const struct signature signatures[] = {
    {{"jemalloc", "configure jemalloc with --disable-initial-exec-tls (Rust: "
                  "the jemalloc-sys / "
                  "tikv-jemalloc-sys feature \"disable_initial_exec_tls\")"},
     "libjemalloc.so",
     {"mallctl", "je_mallctl", "_rjem_mallctl", "_rjem_je_mallctl", NULL}},
    {{"mimalloc", "build mimalloc with -DMI_LOCAL_DYNAMIC_TLS=ON (Rust: the "
                  "libmimalloc-sys feature "
                  "\"local_dynamic_tls\")"},
     "libmimalloc.so",
     {"mi_malloc", "mi_version", NULL}},
};

const struct known_library *known_library_identify(const struct elf_module *m) {
  for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
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
  return NULL;
}
