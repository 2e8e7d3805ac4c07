/* The one place that knows, per architecture, which relocations reach
 * thread-local storage and how. Everything else asks here; nothing matches
 * relocation names as text. Sources: glibc elf/elf.h and
 * sysdeps/<arch>/dl-machine.h, musl arch/<arch>/reloc.h, binutils
 * include/elf/<arch>.h, LLVM BinaryFormat/ELFRelocs/<arch>.def. */
#ifndef TLSGUARD_TLS_ABI_H
#define TLSGUARD_TLS_ABI_H

#include <stdbool.h>
#include <stdint.h>

#include "tlsguard/tls_arch_id.h"

/* What a dynamic relocation (applied by the loader) does with TLS. */
enum tls_dyn_class {
  TLS_DYN_NONE = 0,
  TLS_DYN_STATIC, /* TPOFF/TPREL: thread-pointer offset; the block must be in
                     static TLS */
  TLS_DYN_MODULE, /* DTPMOD: module id for __tls_get_addr
                     (general/local-dynamic) */
  TLS_DYN_OFFSET, /* DTPOFF/DTPREL: offset inside a module's block */
  TLS_DYN_DESC, /* TLSDESC: a descriptor the loader resolves (dynamic, or static
                   when it fits) */
};

/* The access model a relocation in a relocatable object (.o) implies. */
enum tls_model {
  TLS_MODEL_NONE = 0,
  TLS_MODEL_GENERAL_DYNAMIC,
  TLS_MODEL_LOCAL_DYNAMIC,
  TLS_MODEL_DESC,
  TLS_MODEL_INITIAL_EXEC,
  TLS_MODEL_LOCAL_EXEC,
};

/* Where the thread pointer sits relative to the TLS blocks (Drepper, "ELF
 * Handling For Thread-Local Storage"): variant I puts the TCB first and the
 * blocks above it (aarch64, arm, ppc, riscv, loongarch); variant II puts the
 * blocks below the TCB (x86, s390). The loader model needs this. */
enum tls_variant { TLS_VARIANT_1 = 1, TLS_VARIANT_2 = 2 };

struct tls_arch {
  enum tls_arch_id id;
  const char *name; /* "x86_64", "aarch64", ... as users and SARIF see it */
  uint16_t e_machine;
  uint8_t elf_class; /* ELFCLASS32 or ELFCLASS64 */
  enum tls_variant variant;
};

/* The architecture of an ELF file, or NULL when tlsguard has no table for it.
 */
const struct tls_arch *tls_arch_for(uint16_t e_machine, uint8_t elf_class);

/* Every architecture tlsguard knows, for --help and the docs. */
const struct tls_arch *tls_arch_list(unsigned *count);

enum tls_dyn_class tls_dyn_reloc_class(const struct tls_arch *arch,
                                       uint32_t r_type);
enum tls_model tls_obj_reloc_model(const struct tls_arch *arch,
                                   uint32_t r_type);

/* "R_X86_64_TPOFF64"; NULL for a relocation that has nothing to do with TLS. */
const char *tls_reloc_name(const struct tls_arch *arch, uint32_t r_type);

const char *
tls_dyn_class_name(enum tls_dyn_class cls);       /* "static", "module", ... */
const char *tls_model_name(enum tls_model model); /* "initial-exec", ... */
bool tls_model_is_static(enum tls_model model);

#endif
