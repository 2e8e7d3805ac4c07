/* The trace file's layout: a header, then the records (records.h) as text.
 *
 * The launcher creates the file sparse, `capacity` bytes long, and reserves
 * its first `allocated` bytes on the file system. Every traced process maps
 * its header and a window onto its records shared (preload.c) and appends the
 * records of a call by reserving their bytes with one atomic add on `end` and
 * copying them in: no system call per record (a write(2) per dlopen was most of
 * the tracer's cost), and what a process wrote is in the file however the
 * process ends. A process whose records would pass `allocated` reserves more on
 * the file system first (fallocate): a full file system drops records --
 * counted in `dropped` -- rather than fault the traced program with SIGBUS.
 * Records past `capacity` are dropped and counted the same way.
 *
 * A process killed while copying leaves zeros in the bytes it reserved: the
 * reader skips every line that holds a NUL. Header-only: the preload module
 * links nothing of the tracer's. */
#ifndef TLSGUARD_TRACE_RING_H
#define TLSGUARD_TRACE_RING_H

#include <stdint.h>

#define TRACE_RING_MAGIC "TLSGTRC1"
/* The records start on the second page: the header's page is never shared
 * with record bytes. */
#define TRACE_RING_HEAD_SIZE 4096u
/* What the launcher reserves up front (a Python start-up of 50 imports
 * writes ~15 KiB), and the step a process reserves more by. */
#define TRACE_RING_ALLOCATE_STEP (64u * 1024u)
/* The file's size. Sparse: only what is written takes memory or disk. */
#define TRACE_RING_CAPACITY ((uint64_t)1 << 30)
/* A process maps the header and a window of twice this onto the records,
 * moved when its next records fall outside: never the whole file. */
#define TRACE_RING_WINDOW ((uint64_t)1 << 20)

struct trace_ring_head {
  char magic[8];
  uint32_t head_size; /* where the records start */
  uint32_t unused;
  uint64_t capacity;  /* the file's size: no record goes past it */
  uint64_t end;       /* atomic: the next free byte */
  uint64_t allocated; /* atomic: bytes reserved on the file system */
  uint64_t dropped;   /* atomic: bytes of records that did not fit */
};

#endif
