/* What each dynamic loader leaves for a module loaded late with dlopen that
 * needs static TLS, modelled on the loader's own code:
 *   glibc   elf/dl-tls.c _dl_tls_static_surplus_init (the tunable surplus
 *           since 2.32, ffb17e7ba3 and 07ed32f920; before, the fixed
 *           TLS_STATIC_SURPLUS = 64 + DL_NNS * 100, also 1664 bytes),
 *           _dl_determine_tlsoffset; elf/dl-reloc.c _dl_try_allocate_static_tls
 *   musl    ldso/dynlink.c: no surplus; IE against a late module is refused
 *   FreeBSD libexec/rtld-elf/rtld.c allocate_tls_offset, RTLD_STATIC_TLS_EXTRA
 * This is the one place that knows those budgets. */
#ifndef TLSGUARD_LOADER_MODEL_H
#define TLSGUARD_LOADER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlsguard/tls_abi.h"

#include "tlsguard/loader_kind.h"

/* glibc defaults (elf/dl-tls.c) and limits (DL_NNS). */
#define GLIBC_DEFAULT_OPTIONAL_STATIC_TLS 512
#define GLIBC_DEFAULT_NNS 4
#define GLIBC_DL_NNS 16
#define GLIBC_LIBC_IE_TLS 144
#define GLIBC_OTHER_IE_TLS 144
#define GLIBC_LEGACY_TLS 144
/* FreeBSD libexec/rtld-elf/rtld.h */
#define FREEBSD_RTLD_STATIC_TLS_EXTRA 128

struct loader_options {
  uint64_t glibc_optional_static_tls; /* glibc.rtld.optional_static_tls */
  uint64_t glibc_nns;                 /* glibc.rtld.nns */
  uint64_t glibc_audit_modules; /* LD_AUDIT modules: each adds a namespace */
  uint64_t freebsd_static_tls_extra; /* LD_STATIC_TLS_EXTRA (FreeBSD 14+) */
};

void loader_options_init(struct loader_options *opts);

/* Apply a GLIBC_TUNABLES value
 * ("glibc.rtld.optional_static_tls=4096:glibc.rtld.nns=2"). Tunables tlsguard
 * does not model are ignored, as glibc ignores unknown ones. Returns false with
 * a message in err for a malformed number. */
bool loader_options_apply_glibc_tunables(struct loader_options *opts,
                                         const char *value, char *err,
                                         size_t errlen);

/* glibc's dl_tls_static_surplus: 1664 bytes with the defaults. */
uint64_t glibc_static_tls_surplus(const struct loader_options *opts);

bool loader_kind_parse(const char *name, enum loader_kind *kind);

/* A module's PT_TLS block as the loader sizes it. */
struct tls_block_req {
  uint64_t size;             /* p_memsz */
  uint64_t align;            /* p_align (0 treated as 1) */
  uint64_t firstbyte_offset; /* p_vaddr & (p_align - 1) */
};

/* One process's static TLS area, after start-up. */
struct static_tls {
  enum loader_kind kind;
  const struct tls_arch *arch;
  uint64_t size;           /* glibc dl_tls_static_size (TCB excluded) / FreeBSD
                              tls_static_space */
  uint64_t used;           /* glibc dl_tls_static_used / FreeBSD last offset */
  uint64_t align;          /* glibc dl_tls_static_align */
  uint64_t optional_left;  /* glibc dl_tls_static_optional: what TLSDESC may
                              still take */
  uint64_t optional_total; /* glibc.rtld.optional_static_tls it started with */
  uint64_t startup_used;   /* used after start-up, before any late allocation */
};

/* Lay out the start-up modules' blocks (in module-id order: the executable
 * first, then its libraries in load order) as the loader does. */
void static_tls_init(struct static_tls *st, enum loader_kind kind,
                     const struct tls_arch *arch,
                     const struct loader_options *opts,
                     const struct tls_block_req *startup, size_t n_startup);

enum static_tls_result {
  STATIC_TLS_FITS,
  STATIC_TLS_NO_SPACE,  /* the surplus is used up */
  STATIC_TLS_ALIGNMENT, /* glibc: the block needs more alignment than the static
                           area has */
  STATIC_TLS_REFUSED,   /* musl: no static TLS for late modules at all */
};

/* Try to place a late module's block. "optional" is glibc's TLSDESC case: it
 * may only take from the optional part and falls back to dynamic TLS
 * instead of failing. *consumed receives the bytes taken on success. */
enum static_tls_result static_tls_allocate(struct static_tls *st,
                                           const struct tls_block_req *req,
                                           bool optional, uint64_t *consumed);

/* Re-size the area for other loader options, keeping every allocation made
 * so far (what a stop-gap setting would have given this process). */
void static_tls_retune(struct static_tls *st,
                       const struct loader_options *opts);

/* Bytes a late block of the given alignment could still use (for reports). */
uint64_t static_tls_available(const struct static_tls *st, uint64_t align);

/* What a late dlopen comes to, as the model predicts it. */
enum load_result {
  LOAD_OK,
  LOAD_NO_STATIC_TLS_SPACE,  /* a block does not fit the bytes left */
  LOAD_STATIC_TLS_ALIGNMENT, /* a block needs more alignment than the area */
  LOAD_STATIC_TLS_REFUSED,   /* musl: no static TLS for late modules at all */
  LOAD_VERSION_MISSING,      /* a needed symbol version is not defined */
  LOAD_UNDEFINED_SYMBOL,     /* a TLS symbol no module defines */
};

/* Why a dlopen fails: the facts, worded by the report layer. */
struct load_failure {
  enum load_result result;
  /* Static TLS: the block's module and the one whose relocation (or
   * DF_STATIC_TLS flag, reloc_name NULL) makes it static. */
  char *block_module, *referrer;
  bool own_block; /* the block is the referrer's own */
  const char *reloc_name;
  uint64_t block_size, block_align;
  uint64_t area_align; /* LOAD_STATIC_TLS_ALIGNMENT */
  uint64_t left;       /* LOAD_NO_STATIC_TLS_SPACE: bytes the loader had */
  /* LOAD_UNDEFINED_SYMBOL: referrer needs symbol. LOAD_VERSION_MISSING:
   * requirer (a path) needs version from library (a path). */
  char *symbol, *version, *library, *requirer;
};

void load_failure_free(struct load_failure *f);

/* The smallest loader setting that makes a failing dlopen load. */
enum stopgap_kind {
  STOPGAP_NONE,
  STOPGAP_GLIBC_OPTIONAL_STATIC_TLS, /* GLIBC_TUNABLES=...=value */
  STOPGAP_FREEBSD_STATIC_TLS_EXTRA,  /* LD_STATIC_TLS_EXTRA=value */
  STOPGAP_PRELOAD_NO_SURPLUS,        /* musl: only loading at start-up helps */
  STOPGAP_PRELOAD_ALIGNMENT,         /* no setting helps: only start-up does */
};

struct stopgap {
  enum stopgap_kind kind;
  uint64_t value;
  char *preload; /* the library to LD_PRELOAD */
};

/* An earlier late module holding static TLS: who used the space. */
struct static_tls_user {
  char *module;
  uint64_t bytes;
};

/* Which loader a program's PT_INTERP names ("/lib64/ld-linux-x86-64.so.2"
 * glibc, "/lib/ld-musl-x86_64.so.1" musl, "/libexec/ld-elf.so.1" FreeBSD);
 * false for a name none of them uses. */
bool loader_kind_of_interp(const char *interp, enum loader_kind *kind);

/* The loader's own error texts, as dlerror() gives them: the one place
 * tlsguard keeps them. */
const char *loader_static_tls_error(enum loader_kind kind);
/* "LIB: version `V' not found (required by REQ)" (malloc'd). */
char *loader_version_error(enum loader_kind kind, const char *library,
                           const char *version, const char *requirer);
/* "undefined symbol: SYM" (malloc'd). */
char *loader_undefined_symbol_error(enum loader_kind kind, const char *symbol);

/* The C libraries and glibc's own libraries, by soname: the one list the
 * analysis and the prediction ask. */

/* The C library a program on that loader links: "libc.so.6", musl's
 * "libc.so", FreeBSD's "libc.so.7". */
const char *loader_libc_soname(enum loader_kind kind);
/* Whether soname is a C library: glibc's (libc.so.6, libc.so.6.1), musl's
 * (libc.so, Alpine's libc.musl-ARCH.so.1) or FreeBSD's (libc.so.7). */
bool soname_is_c_library(const char *soname);
/* Alpine's name for musl's C library, libc.musl-ARCH.so.1. */
bool soname_is_musl_libc(const char *soname);
/* glibc's installed libraries (libc, libm, libpthread, the NSS modules, the
 * dynamic loader, ...): loaded at start-up, or reaching only libc's block,
 * which always sits in static TLS. */
bool soname_is_glibc_startup_module(const char *soname);
/* Of those, libc itself and the dynamic loader, whose own TLS blocks those
 * modules reach. */
bool soname_is_glibc_libc(const char *soname);

#endif
