/* Buffers for small files read whole (elf_module.c's open path), carved
 * from chunks that are reused, never unmapped: an unmap per file in a
 * process with a second thread costs a cross-CPU TLB flush, and a fresh
 * buffer a page fault per page. */
#ifndef TLSGUARD_FILE_BUFFER_H
#define TLSGUARD_FILE_BUFFER_H

#include <stddef.h>

/* The largest buffer file_buffer_get hands out. */
#define FILE_BUFFER_MAX (128 * 1024)

/* size bytes (at most FILE_BUFFER_MAX), 16-byte aligned; NULL when out of
 * memory. Any thread may free it. */
void *file_buffer_get(size_t size);
void file_buffer_free(void *buf);

#endif
