/* One ELF file as the dynamic loader sees it: program headers, the dynamic
 * section, dynamic relocations and dynamic symbols. The headers, the
 * dynamic section and the relocations are read through libelf while
 * parsing; what the module keeps (its TLS relocations, names, the dynamic
 * symbol and version tables) is its own or the file's bytes. Every table is
 * located through PT_LOAD, as the loader locates it, so section headers may
 * be missing or lie. */
#ifndef TLSGUARD_ELF_MODULE_H
#define TLSGUARD_ELF_MODULE_H

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tlsguard/tls_abi.h"

enum module_kind {
  MODULE_SHARED_OBJECT,
  MODULE_PIE_EXECUTABLE,
  MODULE_EXECUTABLE,
  MODULE_RELOCATABLE,
  MODULE_OTHER, /* core files and the like */
};

struct tls_segment {
  bool present;
  uint64_t vaddr, memsz, filesz, align;
};

/* A dynamic relocation that reaches TLS. */
struct tls_reloc {
  uint64_t offset; /* r_offset */
  int64_t addend;
  uint32_t type;
  uint32_t symndx;
  enum tls_dyn_class cls;
  const char *symname;    /* NULL for index 0: the module's own block */
  const char *symversion; /* required/defined version, or NULL */
  bool sym_defined;       /* st_shndx != SHN_UNDEF */
  bool sym_weak;
  bool has_addend; /* RELA; for REL the addend sits at r_offset */
};

/* Bytes of the file's image, in the file's byte order, bounds already
 * checked; p is NULL when the table is absent. */
struct image_bytes {
  const unsigned char *p;
  uint64_t size;
};

/* The dynamic symbol table and what reads it, as the file has them: no
 * libelf handle is needed to read them (dynsym.c decodes the entries). */
struct dynsym_view {
  struct image_bytes syms; /* nsyms Elf32_Sym or Elf64_Sym */
  uint64_t nsyms;
  const char *strtab;
  uint64_t strsz;
  struct image_bytes versym; /* Elf_Versym halves */
  struct image_bytes verdef;
  uint64_t verdefnum;
  struct image_bytes verneed;
  uint64_t verneednum;
  struct image_bytes gnu_hash;
  struct image_bytes sysv_hash;
  /* The Verdef names as a hash table, made by dynsym.c on the first
   * dynsym_defines_version; freed with the module. */
  struct verdef_index *verdef_index;
  /* The libraries its Verneeds were last all met by, made by
   * version_needs.c; freed with the module. */
  struct verneed_memo *verneed_memo;
};

struct elf_module {
  char *path; /* as the user named it (or archive!member) */
  int fd;
  void *map;
  size_t size;
  bool owns_map;    /* unmapped on close; false for in-memory members */
  bool owns_buffer; /* a small file read into a buffer: freed on close */
  /* The program header table (a linked file). The module keeps no libelf
   * handle: what it keeps is its own or the file's bytes, and the few
   * readers of sections make their own (elf_module_sections). */
  struct image_bytes phdrs;

  uint8_t elf_class;  /* ELFCLASS32/64 */
  uint8_t byte_order; /* ELFDATA2LSB/MSB */
  uint8_t osabi;      /* e_ident[EI_OSABI]: FreeBSD objects say so */
  uint16_t machine;
  uint16_t type;
  const struct tls_arch *arch; /* NULL: machine tlsguard has no table for */
  enum module_kind kind;

  bool has_dynamic;
  uint64_t dt_flags, dt_flags_1;
  bool dt_symbolic; /* DT_SYMBOLIC: its own definitions come first */
  const char *soname, *rpath, *runpath;
  const char **needed;
  size_t n_needed;

  struct tls_segment tls;
  struct tls_reloc *tls_relocs;
  size_t n_tls_relocs;
  size_t n_static, n_module, n_offset, n_desc;

  struct dynsym_view dynsym;
};

/* Error reasons a caller can tell apart (all map to exit status 2). */
enum module_error {
  MODULE_OK = 0,
  MODULE_ERR_IO,         /* cannot open, read or map */
  MODULE_ERR_NOT_ELF,    /* wrong magic, empty, special file */
  MODULE_ERR_ARCHIVE,    /* an ar archive: the caller walks its members */
  MODULE_ERR_DEBUG_ONLY, /* a separate debug-info file: no loadable bytes */
  MODULE_ERR_MALFORMED,  /* ELF, but a header or table is broken */
  MODULE_ERR_NOMEM,
};

/* A module as a run knows it: opened (module) or not, and why. The run's
 * module cache hands these out; a package holds one per member. */
struct cached_module {
  const char *path;                /* canonical host path, the key */
  const struct elf_module *module; /* NULL when it could not be read */
  enum module_error error;
  const char *error_message;
};

/* A text file the linter reads on its own account (a config file, an
 * @LIST file, ld.so.cache), opened for reading without ever waiting in
 * open(): O_NONBLOCK, cleared once it is known to be a regular file -- or,
 * when pipes is true, a FIFO or pipe (@<(find ...)), read as far as its
 * writer writes; a FIFO no one has opened for writing reads as empty. NULL
 * with *why ("No such file or directory", "not a regular file (a FIFO)")
 * otherwise. */
FILE *file_open_stream(const char *path, bool pipes, const char **why);

/* Open a regular file. Special files are refused without being opened for
 * reading. */
enum module_error elf_module_open_file(struct elf_module *m, const char *path,
                                       char *err, size_t errlen);

/* Parse an image already in memory (archive members, wheel members, fuzzing).
 * The memory must be writable (libelf may convert byte order in place) and
 * outlive the module. */
enum module_error elf_module_open_memory(struct elf_module *m, const char *name,
                                         void *image, size_t size, char *err,
                                         size_t errlen);

void elf_module_close(struct elf_module *m);

/* A libelf handle of the caller's own on the module's image, for reading
 * its sections (DWARF, .symtab, notes, an object file's sections); elf_end
 * it when done. NULL when libelf cannot read the image. Not one handle
 * kept with the module: libelf as Debian builds it (0.188, without
 * --enable-thread-safety) takes no locks, and a run's modules are read by
 * several threads at once. */
Elf *elf_module_sections(const struct elf_module *m);

/* The PT_TLS block as the loader sizes it. */
struct tls_block_req;
void elf_module_tls_block(const struct elf_module *m,
                          struct tls_block_req *req);

#endif
