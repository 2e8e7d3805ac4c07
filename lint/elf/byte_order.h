/* Integers of an ELF file in its byte order. Plain C and <elf.h>, no libelf:
 * the compiler plugins read libc.so.6 with it too (loader/libc_version.c). */
#ifndef TLSGUARD_ELF_BYTE_ORDER_H
#define TLSGUARD_ELF_BYTE_ORDER_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Whether a file of byte order ei_data (e_ident[EI_DATA]) has the other
 * order from this host's; an invalid value reads as this host's. */
static inline bool elf_order_swapped(unsigned char ei_data) {
  return ei_data == (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2MSB
                                                               : ELFDATA2LSB);
}

/* An unsigned integer of width bytes (1, 2, 4 or 8) at p. */
static inline uint64_t elf_uint(const unsigned char *p, size_t width,
                                bool swap) {
  if (width == 1)
    return *p;
  if (width == 2) {
    uint16_t v;
    memcpy(&v, p, 2);
    return swap ? __builtin_bswap16(v) : v;
  }
  if (width == 4) {
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
  }
  uint64_t v;
  memcpy(&v, p, 8);
  return swap ? __builtin_bswap64(v) : v;
}

#endif
