/* Static TLS budgets of glibc, musl and FreeBSD rtld. The glibc part follows
 * elf/dl-tls.c and elf/dl-reloc.c of glibc step by step (the release this
 * machine has; loader_caps.c says what differs between releases), because the
 * point is to predict the exact byte at which dlopen starts failing. */
#include "tlsguard/loader_model.h"
#include "tlsguard/loader_caps.h"
#include "tlsguard/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void loader_options_init(struct loader_options *opts) {
  opts->glibc_optional_static_tls = GLIBC_DEFAULT_OPTIONAL_STATIC_TLS;
  opts->glibc_nns = GLIBC_DEFAULT_NNS;
  opts->glibc_audit_modules = 0;
  opts->freebsd_static_tls_extra = FREEBSD_RTLD_STATIC_TLS_EXTRA;
}

static bool parse_u64(const char *s, size_t len, uint64_t *out) {
  char buf[32];
  if (len == 0 || len >= sizeof buf)
    return false;
  memcpy(buf, s, len);
  buf[len] = '\0';
  if (buf[0] == '-' || buf[0] == '+')
    return false;
  char *end;
  errno = 0;
  /* glibc tunables accept decimal and 0x-prefixed hex, like strtoull base 0. */
  unsigned long long v = strtoull(buf, &end, 0);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

bool loader_options_apply_glibc_tunables(struct loader_options *opts,
                                         const char *value, char *err,
                                         size_t errlen) {
  const char *p = value;
  while (*p) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (eq) {
      size_t klen = (size_t)(eq - p);
      const char *v = eq + 1;
      size_t vlen = len - klen - 1;
      uint64_t *target = NULL;
      if (klen == strlen("glibc.rtld.optional_static_tls") &&
          !memcmp(p, "glibc.rtld.optional_static_tls", klen))
        target = &opts->glibc_optional_static_tls;
      else if (klen == strlen("glibc.rtld.nns") &&
               !memcmp(p, "glibc.rtld.nns", klen))
        target = &opts->glibc_nns;
      if (target && !parse_u64(v, vlen, target)) {
        snprintf(err, errlen, "GLIBC_TUNABLES: '%.*s' is not a number",
                 (int)len, p);
        return false;
      }
    }
    if (!end)
      break;
    p = end + 1;
  }
  return true;
}

uint64_t glibc_static_tls_surplus(const struct loader_options *opts) {
  uint64_t nns = opts->glibc_nns;
  if (nns > GLIBC_DL_NNS)
    nns = GLIBC_DL_NNS;
  if (nns == 0)
    nns = 1; /* glibc's tunable range is 1..16 */
  nns += opts->glibc_audit_modules;
  return (nns - 1) * GLIBC_LIBC_IE_TLS + nns * GLIBC_OTHER_IE_TLS +
         opts->glibc_optional_static_tls + GLIBC_LEGACY_TLS;
}

bool loader_kind_parse(const char *name, enum loader_kind *kind) {
  for (int k = 0; k < LOADER_KIND_COUNT; k++)
    if (!strcmp(name, loader_kind_name((enum loader_kind)k))) {
      *kind = (enum loader_kind)k;
      return true;
    }
  return false;
}

static uint64_t round_up(uint64_t v, uint64_t align) {
  if (align <= 1)
    return v;
  return (v + align - 1) / align * align;
}

/* glibc TCB_ALIGNMENT: 64 on x86 (sysdeps/x86/nptl/pthreaddef.h), 32
 * elsewhere (nptl/descr.h). */
static uint64_t glibc_tcb_alignment(const struct tls_arch *arch) {
  if (arch && (arch->id == TLS_ARCH_X86_64 || arch->id == TLS_ARCH_X32 ||
               arch->id == TLS_ARCH_I386))
    return 64;
  return 32;
}

/* glibc TLS_TCB_SIZE for variant I, where the blocks start after the TCB:
 * sizeof(tcbhead_t) on aarch64 and arm, 0 where the TCB sits before tp. */
static uint64_t glibc_variant1_tcb_size(const struct tls_arch *arch) {
  if (!arch)
    return 0;
  switch (arch->id) {
  case TLS_ARCH_AARCH64:
    return 16;
  case TLS_ARCH_AARCH64_ILP32:
  case TLS_ARCH_ARM:
    return 8;
  default:
    return 0;
  }
}

static struct tls_block_req normalized(const struct tls_block_req *req) {
  struct tls_block_req r = *req;
  if (r.align == 0)
    r.align = 1;
  return r;
}

/* dl_tls_static_size from the start-up layout and the surplus. Variant II
 * adds TLS_TCB_SIZE on top; it cancels out of every free-space
 * computation, so it is left out here. */
static void glibc_size_area(struct static_tls *st,
                            const struct loader_options *opts) {
  uint64_t surplus = glibc_static_tls_surplus(opts);
  bool variant2 = !st->arch || st->arch->variant == TLS_VARIANT_2;
  st->size = variant2 ? round_up(st->startup_used + surplus, st->align)
                      : round_up(st->startup_used + surplus,
                                 glibc_tcb_alignment(st->arch));
}

/* _dl_determine_tlsoffset, both variants. */
static void glibc_layout_startup(struct static_tls *st,
                                 const struct loader_options *opts,
                                 const struct tls_block_req *blocks, size_t n) {
  uint64_t max_align = glibc_tcb_alignment(st->arch);
  uint64_t freetop = 0, freebottom = 0;
  bool variant2 = !st->arch || st->arch->variant == TLS_VARIANT_2;
  uint64_t offset = variant2 ? 0 : glibc_variant1_tcb_size(st->arch);

  for (size_t i = 0; i < n; i++) {
    struct tls_block_req b = normalized(&blocks[i]);
    if (b.size == 0)
      continue; /* glibc gives an empty PT_TLS no slot */
    uint64_t firstbyte = (-b.firstbyte_offset) & (b.align - 1);
    if (b.align > max_align)
      max_align = b.align;
    uint64_t off;
    if (variant2) {
      if (freebottom - freetop >= b.size) {
        off = round_up(freetop + b.size - firstbyte, b.align) + firstbyte;
        if (off <= freebottom) {
          freetop = off;
          continue;
        }
      }
      off = round_up(offset + b.size - firstbyte, b.align) + firstbyte;
      if (off > offset + b.size + (freebottom - freetop)) {
        freetop = offset;
        freebottom = off - b.size;
      }
      offset = off;
    } else {
      if (b.size <= freetop - freebottom) {
        off = round_up(freebottom, b.align);
        if (off - freebottom < firstbyte)
          off += b.align;
        if (off + b.size - firstbyte <= freetop) {
          freebottom = off + b.size - firstbyte;
          continue;
        }
      }
      off = round_up(offset, b.align);
      if (off - offset < firstbyte)
        off += b.align;
      if (off - firstbyte - offset > freetop - freebottom) {
        freebottom = offset;
        freetop = off - firstbyte;
      }
      offset = off + b.size - firstbyte;
    }
  }
  st->used = st->startup_used = offset;
  st->align = max_align;
  glibc_size_area(st, opts);
  st->optional_left = st->optional_total = opts->glibc_optional_static_tls;
}

/* _dl_try_allocate_static_tls. */
static enum static_tls_result glibc_allocate(struct static_tls *st,
                                             const struct tls_block_req *in,
                                             bool optional,
                                             uint64_t *consumed) {
  struct tls_block_req b = normalized(in);
  if (b.align > st->align)
    return STATIC_TLS_ALIGNMENT;
  bool variant2 = !st->arch || st->arch->variant == TLS_VARIANT_2;
  uint64_t use, new_used;
  if (variant2) {
    uint64_t freebytes = st->size - st->used;
    uint64_t blsize = b.size + b.firstbyte_offset;
    if (freebytes < blsize)
      return STATIC_TLS_NO_SPACE;
    uint64_t n = (freebytes - blsize) / b.align;
    use = freebytes - n * b.align - b.firstbyte_offset;
    new_used = st->used + use;
  } else {
    uint64_t offset =
        round_up(st->used - b.firstbyte_offset, b.align) + b.firstbyte_offset;
    new_used = offset + b.size;
    if (new_used > st->size)
      return STATIC_TLS_NO_SPACE;
    use = new_used - st->used;
  }
  if (optional) {
    if (use > st->optional_left)
      return STATIC_TLS_NO_SPACE;
    st->optional_left -= use;
  }
  st->used = new_used;
  if (consumed)
    *consumed = use;
  return STATIC_TLS_FITS;
}

/* FreeBSD rtld: blocks are packed after the start-up ones; after start-up the
 * area is fixed at the last offset plus RTLD_STATIC_TLS_EXTRA (or
 * LD_STATIC_TLS_EXTRA). */
static void freebsd_layout_startup(struct static_tls *st,
                                   const struct loader_options *opts,
                                   const struct tls_block_req *blocks,
                                   size_t n) {
  uint64_t offset = 0;
  uint64_t max_align = 1;
  for (size_t i = 0; i < n; i++) {
    struct tls_block_req b = normalized(&blocks[i]);
    if (b.size == 0)
      continue;
    offset = round_up(offset + b.size, b.align);
    if (b.align > max_align)
      max_align = b.align;
  }
  uint64_t extra = opts->freebsd_static_tls_extra;
  if (extra < FREEBSD_RTLD_STATIC_TLS_EXTRA)
    extra = FREEBSD_RTLD_STATIC_TLS_EXTRA; /* rtld ignores smaller values */
  st->used = st->startup_used = offset;
  st->size = offset + extra;
  st->align = max_align;
  st->optional_left = 0;
}

void static_tls_retune(struct static_tls *st,
                       const struct loader_options *opts) {
  switch (st->kind) {
  case LOADER_GLIBC: {
    glibc_size_area(st, opts);
    uint64_t taken = st->optional_total - st->optional_left;
    st->optional_total = opts->glibc_optional_static_tls;
    st->optional_left =
        st->optional_total > taken ? st->optional_total - taken : 0;
    break;
  }
  case LOADER_FREEBSD: {
    uint64_t extra = opts->freebsd_static_tls_extra;
    if (extra < FREEBSD_RTLD_STATIC_TLS_EXTRA)
      extra = FREEBSD_RTLD_STATIC_TLS_EXTRA;
    st->size = st->startup_used + extra;
    break;
  }
  case LOADER_MUSL:
    break;
  }
}

static enum static_tls_result freebsd_allocate(struct static_tls *st,
                                               const struct tls_block_req *in,
                                               uint64_t *consumed) {
  struct tls_block_req b = normalized(in);
  uint64_t off = round_up(st->used + b.size, b.align);
  if (off > st->size)
    return STATIC_TLS_NO_SPACE;
  if (consumed)
    *consumed = off - st->used;
  st->used = off;
  return STATIC_TLS_FITS;
}

void static_tls_init(struct static_tls *st, enum loader_kind kind,
                     const struct tls_arch *arch,
                     const struct loader_options *opts,
                     const struct tls_block_req *startup, size_t n_startup) {
  memset(st, 0, sizeof *st);
  st->kind = kind;
  st->arch = arch;
  switch (kind) {
  case LOADER_GLIBC:
    glibc_layout_startup(st, opts, startup, n_startup);
    break;
  case LOADER_FREEBSD:
    freebsd_layout_startup(st, opts, startup, n_startup);
    break;
  case LOADER_MUSL:
    break;
  }
}

enum static_tls_result static_tls_allocate(struct static_tls *st,
                                           const struct tls_block_req *req,
                                           bool optional, uint64_t *consumed) {
  if (consumed)
    *consumed = 0;
  if (req->size == 0)
    return STATIC_TLS_FITS;
  switch (st->kind) {
  case LOADER_GLIBC:
    return glibc_allocate(st, req, optional, consumed);
  case LOADER_FREEBSD:
    /* FreeBSD's TLSDESC never takes static space opportunistically. */
    if (optional)
      return STATIC_TLS_NO_SPACE;
    return freebsd_allocate(st, req, consumed);
  case LOADER_MUSL:
    return STATIC_TLS_REFUSED;
  }
  return STATIC_TLS_REFUSED;
}

uint64_t static_tls_available(const struct static_tls *st, uint64_t align) {
  if (st->kind == LOADER_MUSL || st->size <= st->used)
    return 0;
  if (st->kind == LOADER_GLIBC && align > st->align)
    return 0;
  return st->size - st->used;
}

/* The C libraries, each loader's own first. */
static const struct {
  enum loader_kind kind;
  const char *soname;
  bool prefix; /* soname is a prefix: libc.musl-ARCH.so.1 */
} c_libraries[] = {
    {LOADER_GLIBC, "libc.so.6", false},
    {LOADER_GLIBC, "libc.so.6.1", false}, /* alpha, ia64 */
    {LOADER_MUSL, "libc.so", false},
    {LOADER_MUSL, "libc.musl-", true},
    {LOADER_FREEBSD, "libc.so.7", false},
};

const char *loader_libc_soname(enum loader_kind kind) {
  for (size_t i = 0; i < sizeof c_libraries / sizeof c_libraries[0]; i++)
    if (c_libraries[i].kind == kind)
      return c_libraries[i].soname;
  return "libc.so.6";
}

static bool c_library_matches(size_t i, const char *soname) {
  const char *name = c_libraries[i].soname;
  return c_libraries[i].prefix ? !strncmp(soname, name, strlen(name))
                               : !strcmp(soname, name);
}

bool soname_is_c_library(const char *soname) {
  if (!soname)
    return false;
  for (size_t i = 0; i < sizeof c_libraries / sizeof c_libraries[0]; i++)
    if (c_library_matches(i, soname))
      return true;
  return false;
}

bool soname_is_musl_libc(const char *soname) {
  return soname && !strncmp(soname, "libc.musl-", strlen("libc.musl-"));
}

/* glibc's installed libraries (Debian libc6, multiarch names), besides the
 * dynamic loader (ld-linux*). */
static const char *const glibc_startup_sonames[] = {
    "libc.so.6",
    "libm.so.6",
    "libresolv.so.2",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libutil.so.1",
    "libanl.so.1",
    "libnsl.so.1",
    "libBrokenLocale.so.1",
    "libmvec.so.1",
    "libthread_db.so.1",
    "libc_malloc_debug.so.0",
    "libmemusage.so",
    "libpcprofile.so",
    "libnss_files.so.2",
    "libnss_dns.so.2",
    "libnss_compat.so.2",
    "libnss_db.so.2",
    "libnss_hesiod.so.2",
    "libc.so.6.1",
    "libm.so.6.1",
    "ld64.so.1",
    "ld64.so.2",
    "ld.so.1",
};

bool soname_is_glibc_startup_module(const char *soname) {
  if (!soname)
    return false;
  if (!strncmp(soname, "ld-linux", 8))
    return true;
  for (size_t i = 0;
       i < sizeof glibc_startup_sonames / sizeof glibc_startup_sonames[0]; i++)
    if (!strcmp(soname, glibc_startup_sonames[i]))
      return true;
  return false;
}

bool soname_is_glibc_libc(const char *soname) {
  if (!soname_is_glibc_startup_module(soname))
    return false;
  if (!strncmp(soname, "ld", 2)) /* ld-linux*, ld64.so.N, ld.so.1 */
    return true;
  for (size_t i = 0; i < sizeof c_libraries / sizeof c_libraries[0]; i++)
    if (c_libraries[i].kind == LOADER_GLIBC && c_library_matches(i, soname))
      return true;
  return false;
}

void load_failure_free(struct load_failure *f) {
  free(f->block_module);
  free(f->referrer);
  free(f->symbol);
  free(f->version);
  free(f->library);
  free(f->requirer);
  memset(f, 0, sizeof *f);
}

/* The loaders' installed names: glibc's (the start-up list above), musl's
 * ld-musl-ARCH.so.1 (its Makefile), FreeBSD's ld-elf.so.1 and ld-elf32.so.1
 * (libexec/rtld-elf). */
bool loader_kind_of_interp(const char *interp, enum loader_kind *kind) {
  const char *slash = interp ? strrchr(interp, '/') : NULL;
  const char *name = slash ? slash + 1 : interp;
  if (!name || !*name)
    return false;
  if (!strncmp(name, "ld-musl-", 8))
    *kind = LOADER_MUSL;
  else if (!strncmp(name, "ld-elf", 6))
    *kind = LOADER_FREEBSD;
  else if (!strncmp(name, "ld", 2) && soname_is_glibc_startup_module(name))
    *kind = LOADER_GLIBC;
  else
    return false;
  return true;
}

/* glibc elf/dl-reloc.c _dl_allocate_static_tls, FreeBSD rtld
 * allocate_tls_offset's caller, musl ldso/dynlink.c do_relocs. */
const char *loader_static_tls_error(enum loader_kind kind) {
  switch (kind) {
  case LOADER_GLIBC:
    return "cannot allocate memory in static TLS block";
  case LOADER_FREEBSD:
    return "No space available for static Thread Local Storage";
  case LOADER_MUSL:
    return "initial-exec TLS resolves to dynamic definition";
  }
  return "";
}

/* glibc elf/dl-version.c match_symbol; FreeBSD rtld
 * check_object_provided_version. */
char *loader_version_error(enum loader_kind kind, const char *library,
                           const char *version, const char *requirer) {
  if (kind == LOADER_FREEBSD)
    return xasprintf("%s: version %s required by %s not defined", library,
                     version, requirer);
  return xasprintf("%s: version `%s' not found (required by %s)", library,
                   version, requirer);
}

/* glibc elf/dl-lookup.c _dl_lookup_symbol_x (the same words are used for
 * every loader). */
char *loader_undefined_symbol_error(enum loader_kind kind, const char *symbol) {
  (void)kind;
  return xasprintf("undefined symbol: %s", symbol);
}
