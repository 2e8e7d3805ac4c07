/* ELF structures read as the file has them -- its class, its byte order --
 * straight from the image, without a libelf handle: what the loader does
 * with the headers and tables it maps. ELF_FIELD names a member of an
 * <elf.h> structure, so no offset or width is written by hand. */
#ifndef TLSGUARD_ELF_ELF_FIELDS_H
#define TLSGUARD_ELF_ELF_FIELDS_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/byte_order.h"
#include "tlsguard/elf_module.h"

/* An unsigned integer of width bytes (1, 2, 4 or 8) at p, in m's order. */
static inline uint64_t elf_read_uint(const struct elf_module *m,
                                     const unsigned char *p, size_t width) {
  return elf_uint(p, width, elf_order_swapped(m->byte_order));
}

static inline uint16_t elf_read_u16(const struct elf_module *m,
                                    const unsigned char *p) {
  return (uint16_t)elf_read_uint(m, p, 2);
}

static inline uint32_t elf_read_u32(const struct elf_module *m,
                                    const unsigned char *p) {
  return (uint32_t)elf_read_uint(m, p, 4);
}

#define ELF_MEMBER_(type, p, member)                                           \
  (const unsigned char *)(p) + offsetof(type, member),                         \
      sizeof(((type *)0)->member)

/* Member member of the Elf32_T or Elf64_T at p, by the module's class
 * (T: Ehdr, Phdr, Shdr, Dyn, Rel, Rela, Sym). Signed members (d_tag,
 * r_addend) read as unsigned: cast to the signed type of their width. */
#define ELF_FIELD(m, p, T, member)                                             \
  ((m)->elf_class == ELFCLASS64                                                \
       ? elf_read_uint(m, ELF_MEMBER_(Elf64_##T, p, member))                   \
       : elf_read_uint(m, ELF_MEMBER_(Elf32_##T, p, member)))

/* The file size of one Elf32_T or Elf64_T. */
#define ELF_SIZE(m, T)                                                         \
  ((m)->elf_class == ELFCLASS64 ? sizeof(Elf64_##T) : sizeof(Elf32_##T))

#endif
