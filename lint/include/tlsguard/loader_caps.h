/* What each C library's dynamic loader can do with thread-local storage, and
 * the versions in which it does it wrong: one table (loader_caps.c), read by
 * the linter, the compiler plugins and the driver. This header and that file
 * are the only places in tlsguard that name a glibc version.
 *
 * A *target* is the oldest C library the output must run on; every newer
 * release of the same library is in its range. A question about a target is
 * "does any loader in the range ...".
 *
 * Plain C, no libelf: the C++ plugins compile loader_caps.c and
 * libc_version.c into themselves. */
#ifndef TLSGUARD_LOADER_CAPS_H
#define TLSGUARD_LOADER_CAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "tlsguard/loader_kind.h"
#include "tlsguard/tls_arch_id.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A C library release: glibc 2.36 is {LOADER_GLIBC, 2, 36}, musl 1.2 is
 * {LOADER_MUSL, 1, 2}, FreeBSD 14 is {LOADER_FREEBSD, 14, 0}. */
struct libc_release {
  enum loader_kind kind;
  unsigned major, minor;
};

struct libc_target {
  struct libc_release oldest; /* and every newer release of the same libc */
  /* Each release in the range is taken as current on its stable branch (the
   * fixes a distribution backports), not as first released. Off by default:
   * a version number cannot say which backports a system has. */
  bool branch_fixes;
  /* Where the target came from, for messages: "--target-libc",
   * "/lib/x86_64-linux-gnu/libc.so.6", ... (static storage or the caller's) */
  const char *origin;
};

/* Parses "glibc-2.36", "glibc-2.39+branch-fixes", "musl-1.2", "freebsd-14",
 * "manylinux_2_17", "manylinux2014", "manylinux2010", "manylinux1",
 * "musllinux_1_2". On failure writes a message naming the text and the
 * accepted forms into err. */
bool libc_target_parse(const char *text, struct libc_target *out, char *err,
                       size_t errlen);

/* "glibc 2.36 and newer", "glibc 2.39 and newer (with stable-branch
 * fixes)", "musl 1.2 and newer", "FreeBSD 14 and newer". */
void libc_target_describe(const struct libc_target *t, char *buf, size_t len);
/* One release: "glibc 2.39", "musl 1.2", "FreeBSD 14". */
void libc_release_describe(const struct libc_release *r, char *buf, size_t len);

/* The build machine's own C library, as the default target: the highest
 * GLIBC_2.x version libc.so.6 defines (DT_VERDEF), looked for under sysroot
 * (NULL or "" for the running system) in the usual library directories;
 * else musl's loader (ld-musl-*.so.1, taken as musl 1.2); else FreeBSD's
 * libc.so.7 (taken as FreeBSD 14). Returns false with a message when none is
 * found. */
bool libc_target_default(const char *sysroot, struct libc_target *out,
                         char *err, size_t errlen);

/* ---- capabilities and hazards ------------------------------------------ */

enum loader_fact {
  /* The loader resolves TLSDESC relocations for the architecture. */
  LOADER_CAN_TLSDESC,
  /* BZ 31372: the TLSDESC slow path (_dl_tlsdesc_dynamic, taken for a module
   * loaded late) calls __tls_get_addr, and through it malloc, without
   * saving the caller's vector registers: a caller that keeps a value in an
   * xmm/ymm register across a TLS access sees it corrupted. */
  LOADER_TLSDESC_CLOBBERS_VECTORS,
  /* From glibc 2.39 (BZ 19924), __tls_get_addr brings a thread's DTV up to
   * date on any access and may call malloc/free to do so: a malloc
   * replacement whose own TLS is dynamic re-enters itself and recurses
   * forever (glibc manual, "Replacing malloc"). */
  LOADER_MALLOC_TLS_RECURSES,
  /* libc.so.6 defines the GLIBC_ABI_GNU2_TLS version that binutils >= 2.46
   * (ld --gnu2-tls-tag) may require of a TLSDESC user. */
  LOADER_DEFINES_GNU2_TLS_VERSION,
};

/* One row of the table: a fact holds for one loader on an architecture
 * (TLS_ARCH_UNKNOWN: every architecture) from release `first` through
 * `last` (last.major == 0: every later release). Stable branches that
 * changed it later are listed in branch_changed (up to 6 minors of the same
 * major as first; 0 ends the list). */
struct loader_caps_row {
  enum loader_fact fact;
  enum loader_kind kind;
  enum tls_arch_id arch;
  struct libc_release first, last;
  unsigned branch_changed[6];
  const char *source; /* the commit or bug report */
};

/* Every row, for the docs test and `--explain`. */
const struct loader_caps_row *loader_caps_table(size_t *count);

/* The first row of a fact for one loader and architecture (rows for every
 * architecture included), or NULL: what a message cites. */
const struct loader_caps_row *loader_caps_row_of(enum loader_fact fact,
                                                 enum loader_kind kind,
                                                 enum tls_arch_id arch);

/* Whether the fact holds for *some* release in the target's range (the
 * first such release in *at), or for *every* release in it. */
bool loader_fact_somewhere(enum loader_fact fact, const struct libc_target *t,
                           enum tls_arch_id arch,
                           const struct loader_caps_row **row,
                           struct libc_release *at);
bool loader_fact_everywhere(enum loader_fact fact, const struct libc_target *t,
                            enum tls_arch_id arch);

/* Whether a loader of this kind cannot resolve TLSDESC relocations on arch
 * where the output must run: no release of it can (*row NULL, *at zero), or
 * -- when t is a target of that loader (t may be NULL) -- some release in
 * t's range cannot: *at is the first such release (major 0: none), *row the
 * capability row to cite. */
bool loader_tlsdesc_gap(const struct libc_target *t, enum loader_kind kind,
                        enum tls_arch_id arch, struct libc_release *at,
                        const struct loader_caps_row **row);

/* "glibc 2.39 and older on x86-64 and i386 and x32 (BZ 31372; fixed in 2.40,
 * on the 2.38 and 2.39 branches)" */
void loader_caps_row_describe(const struct loader_caps_row *row, char *buf,
                              size_t len);

/* ---- the model a rewrite uses ------------------------------------------ */

enum rewrite_model { REWRITE_GLOBAL_DYNAMIC, REWRITE_TLSDESC };

enum rewrite_reason {
  REASON_TLSDESC_SAFE,        /* every loader in range handles TLSDESC */
  REASON_NO_LOADER_TLSDESC,   /* a loader in range cannot resolve it */
  REASON_TLSDESC_CLOBBERS,    /* a loader in range has BZ 31372 */
  REASON_COMPILER_NO_TLSDESC, /* the compiler cannot emit it here */
  REASON_ALWAYS_TLSDESC,      /* aarch64: general-dynamic is TLSDESC */
};

struct rewrite_choice {
  enum rewrite_model model;
  enum rewrite_reason reason;
  const struct loader_caps_row *row; /* the hazard or gap behind it, or NULL */
  struct libc_release at;            /* the first release it applies to */
  /* For a malloc replacement: the range has a glibc whose __tls_get_addr
   * recurses into malloc (with the row and the first release). */
  bool malloc_recursion;
  const struct loader_caps_row *recursion_row;
};

/* The cheapest model safe on the whole target range: TLSDESC where every
 * loader in the range resolves it without BZ 31372 and the compiler can
 * emit it (compiler_can_tlsdesc), general-dynamic otherwise. */
void rewrite_choose(const struct libc_target *t, enum tls_arch_id arch,
                    bool compiler_can_tlsdesc, bool malloc_replacement,
                    struct rewrite_choice *out);

/* Why, in one clause: "glibc 2.36 in the target range (glibc 2.36 and
 * newer) has BZ 31372 on x86-64: its TLSDESC slow path clobbers vector
 * registers". */
void rewrite_choice_explain(const struct rewrite_choice *c,
                            const struct libc_target *t, enum tls_arch_id arch,
                            char *buf, size_t len);

/* For a malloc replacement with c->malloc_recursion: "glibc 2.39 in the
 * target range (...) may call malloc from __tls_get_addr (d2123d6827 ...)" */
void rewrite_choice_explain_recursion(const struct rewrite_choice *c,
                                      const struct libc_target *t, char *buf,
                                      size_t len);

/* "x86-64", "aarch64", ... */
const char *loader_caps_arch_name(enum tls_arch_id arch);

/* "global-dynamic", "TLS descriptors" */
const char *rewrite_model_name(enum rewrite_model m);

/* The arch ids a target triple's or ELF file's architecture maps to, for
 * the plugins: "x86_64", "aarch64", "riscv64", ... (tls_arch names). */
enum tls_arch_id loader_caps_arch_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
