/* What the library's own stages use of the ELF reader beyond the public
 * tlsguard/elf_module.h: mapping and sniffing files, the module cache's
 * and the archive walker's ways of opening a module, and lookups inside
 * one. */
#ifndef TLSGUARD_ELF_ELF_MODULE_H
#define TLSGUARD_ELF_ELF_MODULE_H

#include "tlsguard/elf_module.h"

/* Map a regular file privately (read, copy-on-write). Special files are
 * refused without being opened for reading; munmap(*map, *size) when done.
 *
 * A mapped file that shrinks while it is read (a build still writing it, a
 * concurrent strip) would end the run with SIGBUS on the first page past
 * its new end. The first file_map installs a SIGBUS handler that puts a
 * page of zeros there instead and counts the fault for the thread that
 * read it: the parse goes on over zeros (as over any hostile bytes), and
 * file_read_faults() tells the caller that what it read is not the file.
 * The same holds for the files libelf and libdwfl map themselves (separate
 * debug files). Other SIGBUS (not a read past the end of a mapped file)
 * are left to the handler that was there before. */
enum module_error file_map(const char *path, void **map, size_t *size,
                           char *err, size_t errlen);

/* This thread's count of reads that hit a page past the end of a mapped
 * file: compare it before and after reading something. */
unsigned long file_read_faults(void);

/* The message for a file whose count moved. */
#define FILE_CHANGED_MESSAGE                                                   \
  "changed while being read (it became shorter while it was mapped: a "        \
  "build still writing it, or a concurrent strip?); lint it again when it "    \
  "is complete"

/* The first bytes of a regular file (up to cap; *got says how many), with
 * file_map's checks: enough to tell what a file is without mapping it. */
enum module_error file_head(const char *path, unsigned char *buf, size_t cap,
                            size_t *got, char *err, size_t errlen);

/* The same for a module kept until the end of the run (the module cache's
 * entries): a small file is mapped too. A buffer kept that long is fresh
 * pages, zeroed and copied into; a mapping shares the page cache's, and
 * what makes a mapping dear for a file closed after its input (an unmap,
 * with a second thread a cross-CPU TLB flush) does not happen until the
 * end. */
enum module_error elf_module_open_kept(struct elf_module *m, const char *path,
                                       char *err, size_t errlen);

/* Parse an Elf handle libelf has already opened (an archive member). */
enum module_error elf_module_open_elf(struct elf_module *m, const char *name,
                                      Elf *elf, char *err, size_t errlen);

/* Map a virtual address range to a file offset through PT_LOAD. */
bool elf_module_vaddr_to_offset(const struct elf_module *m, uint64_t vaddr,
                                uint64_t len, uint64_t *offset);

const char *module_kind_name(enum module_kind kind);

/* Call fn for each defined STT_TLS symbol of .symtab (st_value is its
 * offset in the TLS segment) until fn returns true. Returns false when the
 * module has no .symtab. */
typedef bool (*tls_symbol_fn)(void *ctx, const char *name, uint64_t offset,
                              uint64_t size);
bool elf_module_each_tls_symbol(const struct elf_module *m, tls_symbol_fn fn,
                                void *ctx);

#endif
