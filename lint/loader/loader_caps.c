/* The loader capability and hazard table, and the questions asked of it.
 * Every row was checked against glibc's git history (bminor/glibc mirror:
 * the commit, the first release tag that contains it, and the release
 * branches that took it later). */
#include "tlsguard/loader_caps.h"
#include "tlsguard/loader_model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVERY_LATER                                                            \
  { LOADER_GLIBC, 0, 0 }
#define GLIBC(a, b)                                                            \
  { LOADER_GLIBC, a, b }
#define MUSL(a, b)                                                             \
  { LOADER_MUSL, a, b }
#define FREEBSD(a)                                                             \
  { LOADER_FREEBSD, a, 0 }

static const struct loader_caps_row caps_table[] = {
    /* TLSDESC resolvers. glibc: sysdeps/<arch>/dl-tlsdesc.S. */
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_X86_64,
     GLIBC(2, 9),
     EVERY_LATER,
     {0},
     "glibc c9ff0187a6 (TLS descriptors for i386, x86_64)"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_X32,
     GLIBC(2, 16),
     EVERY_LATER,
     {0},
     "glibc sysdeps/x86_64/dl-tlsdesc.S (x32 port, 2.16)"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_I386,
     GLIBC(2, 9),
     EVERY_LATER,
     {0},
     "glibc c9ff0187a6 (TLS descriptors for i386, x86_64)"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_AARCH64,
     GLIBC(2, 17),
     EVERY_LATER,
     {0},
     "glibc 554066b83b (ports/sysdeps/aarch64/dl-tlsdesc.S)"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_AARCH64_ILP32,
     GLIBC(2, 17),
     EVERY_LATER,
     {0},
     "glibc sysdeps/aarch64/dl-tlsdesc.S"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_ARM,
     GLIBC(2, 17),
     EVERY_LATER,
     {0},
     "glibc e64ac02c24 (ports/sysdeps/arm/dl-tlsdesc.S)"},
    {LOADER_CAN_TLSDESC,
     LOADER_GLIBC,
     TLS_ARCH_LOONGARCH64,
     GLIBC(2, 40),
     EVERY_LATER,
     {0},
     "glibc 1dbf2bef79 (LoongArch: TLS descriptors)"},
    /* glibc has no TLSDESC for riscv, ppc, s390 (no dl-tlsdesc.S, master of
     * 2026-01): no row. musl: ldso/dynlink.c handles REL_TLSDESC on every
     * arch whose reloc.h defines it. */
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_X86_64,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/x86_64/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_X32,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/x32/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_I386,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/i386/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_AARCH64,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/aarch64/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_ARM,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/arm/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_RISCV64,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/riscv64/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_RISCV32,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/riscv32/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_MUSL,
     TLS_ARCH_LOONGARCH64,
     MUSL(1, 0),
     EVERY_LATER,
     {0},
     "musl arch/loongarch64/reloc.h REL_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_FREEBSD,
     TLS_ARCH_X86_64,
     FREEBSD(1),
     EVERY_LATER,
     {0},
     "FreeBSD libexec/rtld-elf/amd64/reloc.c R_X86_64_TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_FREEBSD,
     TLS_ARCH_I386,
     FREEBSD(1),
     EVERY_LATER,
     {0},
     "FreeBSD libexec/rtld-elf/i386/reloc.c R_386_TLS_DESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_FREEBSD,
     TLS_ARCH_AARCH64,
     FREEBSD(1),
     EVERY_LATER,
     {0},
     "FreeBSD libexec/rtld-elf/aarch64/reloc.c TLSDESC"},
    {LOADER_CAN_TLSDESC,
     LOADER_FREEBSD,
     TLS_ARCH_ARM,
     FREEBSD(1),
     EVERY_LATER,
     {0},
     "FreeBSD libexec/rtld-elf/arm/reloc.c R_ARM_TLS_DESC"},

    /* BZ 31372. x86 (i386, x86_64, x32 share sysdeps/x86): fixed by
     * 0aac205a81 in 2.40; the 2.39 branch took it as a364304718
     * (2024-04), the 2.38 branch as 88866d885c (2025-08); 2.37 and older
     * branches never did. arm had the same bug: 64c7e34428 in 2.40, the 2.39
     * branch a8ba52bde5; no older branch. aarch64 has always saved q0-q31
     * in its slow path (sysdeps/aarch64/dl-tlsdesc.S): no row. */
    {LOADER_TLSDESC_CLOBBERS_VECTORS,
     LOADER_GLIBC,
     TLS_ARCH_X86_64,
     GLIBC(2, 9),
     GLIBC(2, 39),
     {38, 39},
     "glibc BZ 31372, 0aac205a81"},
    {LOADER_TLSDESC_CLOBBERS_VECTORS,
     LOADER_GLIBC,
     TLS_ARCH_X32,
     GLIBC(2, 16),
     GLIBC(2, 39),
     {38, 39},
     "glibc BZ 31372, 0aac205a81"},
    {LOADER_TLSDESC_CLOBBERS_VECTORS,
     LOADER_GLIBC,
     TLS_ARCH_I386,
     GLIBC(2, 9),
     GLIBC(2, 39),
     {38, 39},
     "glibc BZ 31372, 0aac205a81"},
    {LOADER_TLSDESC_CLOBBERS_VECTORS,
     LOADER_GLIBC,
     TLS_ARCH_ARM,
     GLIBC(2, 17),
     GLIBC(2, 39),
     {39},
     "glibc BZ 31372, 64c7e34428 (arm)"},

    /* The recursion: BZ 19924's d2123d6827 (2.39) made __tls_get_addr
     * update the whole DTV, calling malloc; 018f0fc3b8 (2.40) made that
     * re-entrant (_dl_tls_threads_in_update). The 2.39 branch took the fix
     * as 28c4f32f71 (2024-09). The 2.34-2.38 branches took BZ 19924 and the
     * fix together (2025-01), so no release of theirs has the one without
     * the other: only 2.39 as released is in the window. */
    {LOADER_MALLOC_TLS_RECURSES,
     LOADER_GLIBC,
     TLS_ARCH_UNKNOWN,
     GLIBC(2, 39),
     GLIBC(2, 39),
     {39},
     "glibc d2123d6827 (BZ 19924), fix 018f0fc3b8"},

    /* GLIBC_ABI_GNU2_TLS (BZ 33129), in libc.so.6 on x86: 9df8fa397d on
     * master (first release 2.43); the 2.38-2.42 branches took it in
     * 2025-08 (2.42: 3970785beb, 2.41: dd87fcda43, 2.40: 6916013ce9, 2.39:
     * 62ff85fd09, 2.38: 3f0dd818e5). i386 followed (bd4628f3f1). */
    {LOADER_DEFINES_GNU2_TLS_VERSION,
     LOADER_GLIBC,
     TLS_ARCH_X86_64,
     GLIBC(2, 43),
     EVERY_LATER,
     {38, 39, 40, 41, 42},
     "glibc BZ 33129, 9df8fa397d"},
    {LOADER_DEFINES_GNU2_TLS_VERSION,
     LOADER_GLIBC,
     TLS_ARCH_X32,
     GLIBC(2, 43),
     EVERY_LATER,
     {38, 39, 40, 41, 42},
     "glibc BZ 33129, 9df8fa397d"},
    {LOADER_DEFINES_GNU2_TLS_VERSION,
     LOADER_GLIBC,
     TLS_ARCH_I386,
     GLIBC(2, 43),
     EVERY_LATER,
     {38, 39, 40, 41, 42},
     "glibc BZ 33129, bd4628f3f1 (i386)"},
};

const struct loader_caps_row *loader_caps_table(size_t *count) {
  *count = sizeof caps_table / sizeof caps_table[0];
  return caps_table;
}

const struct loader_caps_row *loader_caps_row_of(enum loader_fact fact,
                                                 enum loader_kind kind,
                                                 enum tls_arch_id arch) {
  for (size_t i = 0; i < sizeof caps_table / sizeof caps_table[0]; i++)
    if (caps_table[i].fact == fact && caps_table[i].kind == kind &&
        (caps_table[i].arch == TLS_ARCH_UNKNOWN || caps_table[i].arch == arch))
      return &caps_table[i];
  return NULL;
}

static int release_cmp(const struct libc_release *a,
                       const struct libc_release *b) {
  if (a->major != b->major)
    return a->major < b->major ? -1 : 1;
  if (a->minor != b->minor)
    return a->minor < b->minor ? -1 : 1;
  return 0;
}

static bool open_ended(const struct loader_caps_row *row) {
  return row->last.major == 0;
}

static bool branch_changed(const struct loader_caps_row *row,
                           const struct libc_release *r) {
  if (r->major != row->first.major)
    return false;
  for (size_t i = 0; i < 6 && row->branch_changed[i]; i++)
    if (row->branch_changed[i] == r->minor)
      return true;
  return false;
}

/* Whether a row covers r. A hazard row ("first..last") is closed on the
 * branches listed; a capability row ("first.. every later") is opened on
 * them. */
static bool row_covers(const struct loader_caps_row *row,
                       const struct libc_release *r, bool branch_fixes) {
  if (row->kind != r->kind)
    return false;
  bool in_range = release_cmp(r, &row->first) >= 0 &&
                  (open_ended(row) || release_cmp(r, &row->last) <= 0);
  if (!branch_fixes || !branch_changed(row, r))
    return in_range;
  return open_ended(row);
}

/* Whether the fact holds for this release as released (or, with
 * branch_fixes, as current on its stable branch). The row that says so is
 * stored in *row when not NULL. */
static bool loader_fact_holds(enum loader_fact fact,
                              const struct libc_release *r,
                              enum tls_arch_id arch, bool branch_fixes,
                              const struct loader_caps_row **row) {
  size_t n;
  const struct loader_caps_row *t = loader_caps_table(&n);
  for (size_t i = 0; i < n; i++) {
    if (t[i].fact != fact ||
        (t[i].arch != TLS_ARCH_UNKNOWN && t[i].arch != arch))
      continue;
    if (row_covers(&t[i], r, branch_fixes)) {
      if (row)
        *row = &t[i];
      return true;
    }
  }
  return false;
}

/* The releases a question has to look at: the target's oldest, every minor
 * after it up to the newest one any row names, and one past that (which
 * stands for every later release). FreeBSD counts majors. */
static unsigned newest_named(enum loader_kind kind, bool majors) {
  size_t n;
  const struct loader_caps_row *t = loader_caps_table(&n);
  unsigned newest = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i].kind != kind)
      continue;
    unsigned a = majors ? t[i].first.major : t[i].first.minor;
    unsigned b = majors ? t[i].last.major : t[i].last.minor;
    if (a > newest)
      newest = a;
    if (!open_ended(&t[i]) && b > newest)
      newest = b;
  }
  return newest + 1;
}

static bool walk_range(enum loader_fact fact, const struct libc_target *t,
                       enum tls_arch_id arch, bool want,
                       const struct loader_caps_row **row,
                       struct libc_release *at) {
  struct libc_release r = t->oldest;
  bool majors = r.kind == LOADER_FREEBSD;
  unsigned end = newest_named(r.kind, majors);
  for (;;) {
    const struct loader_caps_row *hit = NULL;
    if (loader_fact_holds(fact, &r, arch, t->branch_fixes, &hit) == want) {
      if (row)
        *row = hit;
      if (at)
        *at = r;
      return true;
    }
    unsigned *step = majors ? &r.major : &r.minor;
    if (*step >= end)
      return false;
    ++*step;
  }
}

bool loader_fact_somewhere(enum loader_fact fact, const struct libc_target *t,
                           enum tls_arch_id arch,
                           const struct loader_caps_row **row,
                           struct libc_release *at) {
  return walk_range(fact, t, arch, true, row, at);
}

bool loader_fact_everywhere(enum loader_fact fact, const struct libc_target *t,
                            enum tls_arch_id arch) {
  return !walk_range(fact, t, arch, false, NULL, NULL);
}

bool loader_tlsdesc_gap(const struct libc_target *t, enum loader_kind kind,
                        enum tls_arch_id arch, struct libc_release *at,
                        const struct loader_caps_row **row) {
  *at = (struct libc_release){0};
  *row = loader_caps_row_of(LOADER_CAN_TLSDESC, kind, arch);
  if (!*row)
    return true;
  return t && t->oldest.kind == kind &&
         walk_range(LOADER_CAN_TLSDESC, t, arch, false, NULL, at);
}

static const char *libc_display_name(enum loader_kind kind) {
  switch (kind) {
  case LOADER_GLIBC:
    return "glibc";
  case LOADER_MUSL:
    return "musl";
  case LOADER_FREEBSD:
    return "FreeBSD";
  }
  return "?";
}

/* Here, not in loader_model.c: the plugins compile this file alone. */
const char *loader_kind_name(enum loader_kind kind) {
  switch (kind) {
  case LOADER_GLIBC:
    return "glibc";
  case LOADER_MUSL:
    return "musl";
  case LOADER_FREEBSD:
    return "freebsd";
  }
  return "?";
}

static void release_text(const struct libc_release *r, char *buf, size_t len) {
  if (r->kind == LOADER_FREEBSD)
    snprintf(buf, len, "%s %u", libc_display_name(r->kind), r->major);
  else
    snprintf(buf, len, "%s %u.%u", libc_display_name(r->kind), r->major,
             r->minor);
}

void libc_release_describe(const struct libc_release *r, char *buf,
                           size_t len) {
  release_text(r, buf, len);
}

void libc_target_describe(const struct libc_target *t, char *buf, size_t len) {
  char rel[48];
  release_text(&t->oldest, rel, sizeof rel);
  snprintf(buf, len, "%s and newer%s", rel,
           t->branch_fixes ? " with stable-branch fixes" : "");
}

const char *loader_caps_arch_name(enum tls_arch_id arch) {
  switch (arch) {
  case TLS_ARCH_X86_64:
    return "x86-64";
  case TLS_ARCH_X32:
    return "x32";
  case TLS_ARCH_I386:
    return "i386";
  case TLS_ARCH_AARCH64:
    return "aarch64";
  case TLS_ARCH_AARCH64_ILP32:
    return "aarch64_ilp32";
  case TLS_ARCH_ARM:
    return "arm";
  case TLS_ARCH_PPC64:
    return "ppc64";
  case TLS_ARCH_PPC:
    return "ppc";
  case TLS_ARCH_S390X:
    return "s390x";
  case TLS_ARCH_RISCV64:
    return "riscv64";
  case TLS_ARCH_RISCV32:
    return "riscv32";
  case TLS_ARCH_LOONGARCH64:
    return "loongarch64";
  case TLS_ARCH_UNKNOWN:
    break;
  }
  return "every architecture";
}

static const char *fact_subject(enum loader_fact fact) {
  switch (fact) {
  case LOADER_CAN_TLSDESC:
    return "TLS descriptors";
  case LOADER_TLSDESC_CLOBBERS_VECTORS:
    return "TLSDESC slow path clobbers vector registers";
  case LOADER_MALLOC_TLS_RECURSES:
    return "__tls_get_addr recurses into a malloc with dynamic TLS";
  case LOADER_DEFINES_GNU2_TLS_VERSION:
    return "GLIBC_ABI_GNU2_TLS";
  }
  return "?";
}

void loader_caps_row_describe(const struct loader_caps_row *row, char *buf,
                              size_t len) {
  char first[48], last[48], branches[64] = "";
  release_text(&row->first, first, sizeof first);
  release_text(&row->last, last, sizeof last);
  size_t used = 0;
  for (size_t i = 0; i < 6 && row->branch_changed[i]; i++) {
    int k = snprintf(branches + used, sizeof branches - used, "%s%u.%u",
                     i ? ", " : "", row->first.major, row->branch_changed[i]);
    if (k < 0 || (size_t)k >= sizeof branches - used)
      break;
    used += (size_t)k;
  }
  bool one = row->branch_changed[0] && !row->branch_changed[1];
  const char *branch_word =
      open_ended(row)
          ? (one ? "; also on the branch of " : "; also on the branches of ")
          : (one ? "; fixed on the branch of " : "; fixed on the branches of ");
  char range[112];
  if (open_ended(row))
    snprintf(range, sizeof range, "%s and newer", first);
  else if (!release_cmp(&row->first, &row->last))
    snprintf(range, sizeof range, "%s", first);
  else
    snprintf(range, sizeof range, "%s to %u.%u", first, row->last.major,
             row->last.minor);
  snprintf(buf, len, "%s: %s on %s (%s%s%s)", fact_subject(row->fact), range,
           loader_caps_arch_name(row->arch), row->source,
           *branches ? branch_word : "", branches);
}

/* ---- targets ------------------------------------------------------------ */

static bool parse_uint(const char **p, unsigned *out) {
  if (!isdigit((unsigned char)**p))
    return false;
  char *end;
  unsigned long v = strtoul(*p, &end, 10);
  if (v > 9999)
    return false;
  *out = (unsigned)v;
  *p = end;
  return true;
}

/* manylinux / musllinux policy names (PEP 600, PEP 656, and the legacy
 * aliases of PEP 513/571/599). */
static bool parse_policy(const char *s, struct libc_release *r) {
  static const struct {
    const char *name;
    unsigned major, minor;
  } legacy[] = {
      {"manylinux1", 2, 5}, {"manylinux2010", 2, 12}, {"manylinux2014", 2, 17}};
  for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
    if (!strncmp(s, legacy[i].name, strlen(legacy[i].name)) &&
        (s[strlen(legacy[i].name)] == '\0' ||
         s[strlen(legacy[i].name)] == '_')) {
      /* "manylinux2014_x86_64": the arch suffix is allowed and ignored. */
      *r =
          (struct libc_release){LOADER_GLIBC, legacy[i].major, legacy[i].minor};
      return true;
    }
  const char *p;
  if (!strncmp(s, "manylinux_", 10)) {
    r->kind = LOADER_GLIBC;
    p = s + 10;
  } else if (!strncmp(s, "musllinux_", 10)) {
    r->kind = LOADER_MUSL;
    p = s + 10;
  } else
    return false;
  if (!parse_uint(&p, &r->major) || *p++ != '_' || !parse_uint(&p, &r->minor))
    return false;
  return *p == '\0' || *p == '_';
}

bool libc_target_parse(const char *text, struct libc_target *out, char *err,
                       size_t errlen) {
  struct libc_target t = {.origin = "--target-libc"};
  char buf[64];
  size_t len = strlen(text);
  if (len == 0 || len >= sizeof buf)
    goto bad;
  memcpy(buf, text, len + 1);
  static const char fixes[] = "+branch-fixes";
  if (len > sizeof fixes - 1 &&
      !strcmp(buf + len - (sizeof fixes - 1), fixes)) {
    t.branch_fixes = true;
    buf[len - (sizeof fixes - 1)] = '\0';
  }
  if (parse_policy(buf, &t.oldest)) {
    *out = t;
    return true;
  }
  static const struct {
    const char *prefix;
    enum loader_kind kind;
    bool minor_required;
  } libcs[] = {{"glibc-", LOADER_GLIBC, true},
               {"musl-", LOADER_MUSL, true},
               {"freebsd-", LOADER_FREEBSD, false}};
  for (size_t i = 0; i < sizeof libcs / sizeof libcs[0]; i++) {
    size_t plen = strlen(libcs[i].prefix);
    if (strncmp(buf, libcs[i].prefix, plen))
      continue;
    const char *p = buf + plen;
    t.oldest.kind = libcs[i].kind;
    if (!parse_uint(&p, &t.oldest.major))
      goto bad;
    if (*p == '.') {
      p++;
      if (!parse_uint(&p, &t.oldest.minor))
        goto bad;
    } else if (libcs[i].minor_required)
      goto bad;
    if (*p || t.oldest.major == 0)
      goto bad;
    *out = t;
    return true;
  }
bad:
  snprintf(err, errlen,
           "invalid C library target '%s'; expected glibc-MAJOR.MINOR, "
           "musl-MAJOR.MINOR, freebsd-MAJOR (each optionally with "
           "+branch-fixes), manylinux_2_N, manylinux1, manylinux2010, "
           "manylinux2014 or musllinux_1_N",
           text);
  return false;
}

/* ---- choosing the rewrite ---------------------------------------------- */

void rewrite_choose(const struct libc_target *t, enum tls_arch_id arch,
                    bool compiler_can_tlsdesc, bool malloc_replacement,
                    struct rewrite_choice *out) {
  memset(out, 0, sizeof *out);
  out->model = REWRITE_GLOBAL_DYNAMIC;
  if (malloc_replacement)
    out->malloc_recursion = loader_fact_somewhere(
        LOADER_MALLOC_TLS_RECURSES, t, arch, &out->recursion_row, NULL);
  if (arch == TLS_ARCH_AARCH64 || arch == TLS_ARCH_AARCH64_ILP32) {
    out->model = REWRITE_TLSDESC;
    out->reason = REASON_ALWAYS_TLSDESC;
    return;
  }
  if (walk_range(LOADER_CAN_TLSDESC, t, arch, false, NULL, &out->at)) {
    out->reason = REASON_NO_LOADER_TLSDESC;
    return;
  }
  if (loader_fact_somewhere(LOADER_TLSDESC_CLOBBERS_VECTORS, t, arch, &out->row,
                            &out->at)) {
    out->reason = REASON_TLSDESC_CLOBBERS;
    return;
  }
  if (!compiler_can_tlsdesc) {
    out->reason = REASON_COMPILER_NO_TLSDESC;
    return;
  }
  out->model = REWRITE_TLSDESC;
  out->reason = REASON_TLSDESC_SAFE;
}

const char *rewrite_model_name(enum rewrite_model m) {
  return m == REWRITE_TLSDESC ? "TLS descriptors" : "global-dynamic";
}

enum tls_arch_id loader_caps_arch_from_name(const char *name) {
  static const struct {
    const char *name;
    enum tls_arch_id id;
  } names[] = {
      {"x86_64", TLS_ARCH_X86_64},   {"x86-64", TLS_ARCH_X86_64},
      {"amd64", TLS_ARCH_X86_64},    {"x32", TLS_ARCH_X32},
      {"i386", TLS_ARCH_I386},       {"i486", TLS_ARCH_I386},
      {"i586", TLS_ARCH_I386},       {"i686", TLS_ARCH_I386},
      {"aarch64", TLS_ARCH_AARCH64}, {"arm64", TLS_ARCH_AARCH64},
      {"arm", TLS_ARCH_ARM},         {"armv7", TLS_ARCH_ARM},
      {"ppc64", TLS_ARCH_PPC64},     {"ppc64le", TLS_ARCH_PPC64},
      {"powerpc64", TLS_ARCH_PPC64}, {"powerpc64le", TLS_ARCH_PPC64},
      {"s390x", TLS_ARCH_S390X},     {"riscv64", TLS_ARCH_RISCV64},
      {"riscv32", TLS_ARCH_RISCV32}, {"loongarch64", TLS_ARCH_LOONGARCH64}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i].name))
      return names[i].id;
  return TLS_ARCH_UNKNOWN;
}

/* The releases of a hazard row as a list a user reads: "glibc 2.39 and
 * older" or "glibc 2.39". */
static void loader_caps_row_releases(const struct loader_caps_row *row,
                                     char *buf, size_t len) {
  char first[48];
  release_text(&row->first, first, sizeof first);
  if (open_ended(row))
    snprintf(buf, len, "%s and newer", first);
  else if (!release_cmp(&row->first, &row->last))
    snprintf(buf, len, "%s", first);
  else
    snprintf(buf, len, "%s %u.%u and older", libc_display_name(row->kind),
             row->last.major, row->last.minor);
}

void rewrite_choice_explain(const struct rewrite_choice *c,
                            const struct libc_target *t, enum tls_arch_id arch,
                            char *buf, size_t len) {
  char range[96], at[48], releases[64] = "";
  libc_target_describe(t, range, sizeof range);
  release_text(&c->at, at, sizeof at);
  if (c->row)
    loader_caps_row_releases(c->row, releases, sizeof releases);
  const char *a = loader_caps_arch_name(arch);
  switch (c->reason) {
  case REASON_TLSDESC_SAFE:
    snprintf(buf, len,
             "every C library in the target range (%s) handles TLS "
             "descriptors safely on %s",
             range, a);
    return;
  case REASON_NO_LOADER_TLSDESC:
    snprintf(buf, len,
             "the target range (%s) includes %s, which has no TLS descriptors "
             "on %s",
             range, at, a);
    return;
  case REASON_TLSDESC_CLOBBERS: {
    char branches[96] = "";
    size_t used = 0, n_branches = 0;
    bool at_on_fixed_branch = false;
    for (size_t i = 0; c->row && i < 6 && c->row->branch_changed[i]; i++) {
      unsigned minor = c->row->branch_changed[i];
      at_on_fixed_branch |= c->at.minor == minor;
      int k = snprintf(branches + used, sizeof branches - used, "%s%u.%u",
                       i ? " and " : "; fixed later on the ",
                       c->row->first.major, minor);
      if (k < 0 || (size_t)k >= sizeof branches - used)
        break;
      used += (size_t)k;
      n_branches++;
    }
    snprintf(buf, len,
             "the target range (%s) includes %s, where a TLS descriptor of a "
             "library loaded late clobbers vector registers on %s (BZ 31372: "
             "%s%s%s)",
             range, at, a, releases, branches,
             n_branches > 1 ? " branches"
             : n_branches   ? " branch"
                            : "");
    if (at_on_fixed_branch) {
      size_t l = strlen(buf);
      snprintf(buf + l, len - l,
               "; %s is taken as released: add +branch-fixes to the target "
               "if every system has its branch's fixes",
               at);
    }
    return;
  }
  case REASON_COMPILER_NO_TLSDESC:
    snprintf(buf, len,
             "the target range (%s) allows TLS descriptors on %s, but this "
             "compiler cannot emit them here",
             range, a);
    return;
  case REASON_ALWAYS_TLSDESC:
    snprintf(buf, len, "general-dynamic access is TLS descriptors on %s", a);
    return;
  }
  snprintf(buf, len, "?");
}

void rewrite_choice_explain_recursion(const struct rewrite_choice *c,
                                      const struct libc_target *t, char *buf,
                                      size_t len) {
  char range[96], releases[64] = "";
  libc_target_describe(t, range, sizeof range);
  if (c->recursion_row)
    loader_caps_row_releases(c->recursion_row, releases, sizeof releases);
  snprintf(buf, len,
           "the target range (%s) includes %s, whose __tls_get_addr may call "
           "malloc: a malloc replacement with dynamic TLS, loaded at start-up "
           "or preloaded, recurses into itself%s",
           range, releases,
           c->recursion_row && c->recursion_row->branch_changed[0]
               ? " (as released; its stable branch was fixed later: "
                 "+branch-fixes on the target says every system has that)"
               : "");
}
