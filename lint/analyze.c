#include "analyze.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "known_libraries.h"
#include "tlsguard/tls_abi.h"

/* glibc 2.36's installed libraries (Debian libc6, multiarch names). They are
 * loaded at start-up or reach only libc's block, which always sits in
 * static TLS. */
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

bool is_glibc_startup_soname(const char *soname) {
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

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static const char *module_name(const struct elf_module *m) {
  return m->soname ? m->soname : base_name(m->path);
}

/* libc itself reaches its own block; the other glibc libraries reach libc's
 * through imported symbols. Anything else in them is not the known case. */
static bool glibc_exception_applies(const struct elf_module *m) {
  if (!is_glibc_startup_soname(m->soname))
    return false;
  bool is_libc = !strcmp(m->soname, "libc.so.6") ||
                 !strcmp(m->soname, "libc.so.6.1") ||
                 !strncmp(m->soname, "ld", 2);
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *r = &m->tls_relocs[i];
    if (r->cls != TLS_DYN_STATIC)
      continue;
    bool own = r->symndx == 0 || r->sym_defined;
    if (own && !is_libc)
      return false;
  }
  return true;
}

static void note_why(struct finding *f, const struct lint_policy *p) {
  finding_note(f,
               "why: a library loaded late with dlopen (a Python extension, "
               "ctypes, a plugin) "
               "gets static TLS only from a surplus shared by every late "
               "module: %" PRIu64 " bytes on glibc, none on musl, %" PRIu64
               " on FreeBSD; when it does not fit, dlopen fails with \"cannot "
               "allocate memory "
               "in static TLS block\"",
               glibc_static_tls_surplus(&p->loader),
               p->loader.freebsd_static_tls_extra);
}

static void note_fix(struct finding *f, const struct elf_module *m) {
  const struct known_library *lib = known_library_identify(m);
  if (lib)
    finding_note(f, "fix: this is %s: %s", lib->name, lib->fix);
  finding_note(
      f, "fix: rebuild with the tlsguard compiler plugin (CFLAGS += "
         "-fplugin=tlsguard.so), which rewrites initial-exec and local-exec "
         "TLS to "
         "global-dynamic; -ftls-model=global-dynamic alone does not override "
         "tls_model(\"initial-exec\") attributes in the source");
}

static const char *plural(uint64_t n) { return n == 1 ? "" : "s"; }

/* "R_X86_64_TPOFF64" or "R_PPC64_TPREL16_HA/R_PPC64_TPREL16_LO_DS" when a
 * group of relocations mixes types. */
static void append_type_name(char *buf, size_t size, const char *name) {
  if (!name)
    name = "?";
  for (const char *p = buf; (p = strstr(p, name)); p += strlen(name)) {
    size_t n = strlen(name);
    if ((p == buf || p[-1] == '/') && (p[n] == '\0' || p[n] == '/'))
      return;
  }
  size_t len = strlen(buf);
  snprintf(buf + len, size - len, "%s%s", len ? "/" : "", name);
}

/* Relocations against the module's own block: index 0, or a symbol it defines.
 */
static void report_own_block(struct file_report *r, const struct elf_module *m,
                             const struct lint_policy *p) {
  uint64_t count = 0;
  const struct tls_reloc *first = NULL;
  bool all_symbols_allowed = true;
  const struct allow_entry *allowed = NULL;
  char symbols[256] = "", types[160] = "";
  size_t nsyms = 0;
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &m->tls_relocs[i];
    if (rel->cls != TLS_DYN_STATIC || !(rel->symndx == 0 || rel->sym_defined))
      continue;
    count++;
    if (!first)
      first = rel;
    append_type_name(types, sizeof types, tls_reloc_name(m->arch, rel->type));
    if (rel->symndx == 0) {
      all_symbols_allowed = false;
      continue;
    }
    const struct allow_entry *a = allow_list_match(&p->symbols, rel->symname);
    if (!a)
      all_symbols_allowed = false;
    else
      allowed = a;
    if (!strstr(symbols, rel->symname) && nsyms < 8) {
      size_t len = strlen(symbols);
      snprintf(symbols + len, sizeof symbols - len, "%s'%s'", nsyms ? ", " : "",
               rel->symname);
      nsyms++;
    }
  }
  if (!count)
    return;
  struct finding *f = report_add(r, RULE_STATIC_TLS_RELOCATION);
  f->reloc_name = tls_reloc_name(m->arch, first->type);
  f->reloc_type = first->type;
  f->reloc_count = count;
  f->block_owner = xstrdup(m->path);
  f->block_size = m->tls.memsz;
  f->block_align = m->tls.align;
  f->chain[f->chain_len++] = xstrdup(module_name(m));
  if (m->tls.present)
    finding_message(f,
                    "static TLS: %" PRIu64
                    " %s relocation%s make%s this library's own %" PRIu64
                    "-byte TLS block (align %" PRIu64 ") static",
                    count, types, plural(count), count == 1 ? "s" : "",
                    m->tls.memsz, m->tls.align);
  else
    finding_message(f,
                    "static TLS: %" PRIu64
                    " %s relocation%s against this library's own TLS, "
                    "which has no PT_TLS segment",
                    count, types, plural(count));
  if (nsyms)
    finding_note(f, "reached through %s, defined in this library", symbols);
  else
    finding_note(f, "reached through local symbols (symbol index 0: the "
                    "module's own block)");
  if (m->dt_flags & DF_STATIC_TLS)
    finding_note(f, "the linker marked the library DF_STATIC_TLS");
  note_why(f, p);
  note_fix(f, m);
  if (all_symbols_allowed && allowed)
    f->allowed_by = xasprintf("%s (%s)", allowed->pattern, allowed->origin);
}

/* Relocations against TLS another module defines: grouped by symbol. */
static void report_imported(struct file_report *r, const struct elf_module *m,
                            const struct lint_policy *p) {
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &m->tls_relocs[i];
    if (rel->cls != TLS_DYN_STATIC || rel->symndx == 0 || rel->sym_defined)
      continue;
    bool seen = false;
    uint64_t count = 0;
    char types[160] = "";
    for (size_t k = 0; k < m->n_tls_relocs; k++) {
      const struct tls_reloc *o = &m->tls_relocs[k];
      if (o->cls != TLS_DYN_STATIC || o->symndx == 0 || o->sym_defined)
        continue;
      if (strcmp(o->symname, rel->symname))
        continue;
      if (k < i)
        seen = true;
      count++;
      append_type_name(types, sizeof types, tls_reloc_name(m->arch, o->type));
    }
    if (seen)
      continue;
    struct finding *f = report_add(r, RULE_STATIC_TLS_RELOCATION);
    f->symbol = xstrdup(rel->symname);
    f->reloc_name = tls_reloc_name(m->arch, rel->type);
    f->reloc_type = rel->type;
    f->reloc_count = count;
    f->chain[f->chain_len++] = xstrdup(module_name(m));
    finding_message(
        f,
        "static TLS: %" PRIu64 " %s relocation%s against '%s'%s%s (imported) "
        "make%s the TLS block of the library that defines it static",
        count, types, plural(count), rel->symname, rel->symversion ? "@" : "",
        rel->symversion ? rel->symversion : "", count == 1 ? "s" : "");
    finding_note(f, "run with --deps to find the defining library, the size of "
                    "its block and "
                    "whether it will load");
    note_why(f, p);
    const struct allow_entry *a = allow_list_match(&p->symbols, rel->symname);
    if (a)
      f->allowed_by = xasprintf("%s (%s)", a->pattern, a->origin);
  }
}

void analyze_settle_verdict(struct file_report *r,
                            const struct lint_policy *p) {
  if (r->verdict == VERDICT_ERROR)
    return;
  const struct allow_entry *whole = NULL;
  if (r->module) {
    const struct elf_module *m = r->module;
    whole = allow_list_match(&p->sonames, module_name(m));
    if (!whole && m->soname)
      whole = allow_list_match(&p->sonames, base_name(m->path));
  }
  r->verdict = VERDICT_OK;
  for (size_t i = 0; i < r->n_findings; i++) {
    struct finding *f = &r->findings[i];
    if (whole && !f->allowed_by && f->severity > SEV_NOTE)
      f->allowed_by = xasprintf("%s (%s)", whole->pattern, whole->origin);
    if (f->allowed_by) {
      f->severity = SEV_NOTE;
      continue;
    }
    if (!p->fail_never && f->severity >= p->fail_level)
      r->verdict = VERDICT_FAIL;
  }
}

void analyze_module(struct file_report *r, struct elf_module *m,
                    const struct lint_policy *p) {
  r->module = m;
  r->verdict = VERDICT_OK;
  /* Executables own the static TLS area: their IE/LE access is what it is for.
   */
  if (m->kind != MODULE_SHARED_OBJECT)
    return;

  if (!m->arch && m->has_dynamic) {
    struct finding *f = report_add(r, RULE_UNKNOWN_MACHINE);
    finding_message(f,
                    "no TLS relocation table for ELF machine %u (%s); only "
                    "DF_STATIC_TLS was "
                    "checked",
                    m->machine,
                    m->elf_class == ELFCLASS64 ? "64-bit" : "32-bit");
  }

  if ((m->n_static || (m->dt_flags & DF_STATIC_TLS)) &&
      glibc_exception_applies(m)) {
    struct finding *f = report_add(r, RULE_STARTUP_MODULE);
    f->chain[f->chain_len++] = xstrdup(m->soname);
    finding_message(f,
                    "%s is a glibc start-up module; its %zu static TLS "
                    "relocation%s reach%s "
                    "libc's block, which is always in static TLS",
                    m->soname, m->n_static, plural(m->n_static),
                    m->n_static == 1 ? "es" : "");
  } else {
    report_own_block(r, m, p);
    report_imported(r, m, p);
    if ((m->dt_flags & DF_STATIC_TLS) && m->n_static == 0) {
      struct finding *f = report_add(r, RULE_STATIC_TLS_FLAG);
      f->chain[f->chain_len++] = xstrdup(module_name(m));
      f->block_owner = m->tls.present ? xstrdup(m->path) : NULL;
      f->block_size = m->tls.memsz;
      f->block_align = m->tls.align;
      finding_message(
          f, "DF_STATIC_TLS is set, though no static TLS relocation was found");
      finding_note(
          f,
          "the linker sets the flag when an input object used initial-exec or "
          "local-exec TLS; FreeBSD rtld then allocates static TLS for the "
          "whole "
          "block at dlopen, glibc and musl go by the relocations");
      note_fix(f, m);
    }
  }

  if (m->n_desc) {
    struct finding *f = report_add(r, RULE_TLSDESC);
    f->reloc_count = m->n_desc;
    for (size_t i = 0; i < m->n_tls_relocs; i++)
      if (m->tls_relocs[i].cls == TLS_DYN_DESC) {
        f->reloc_name = tls_reloc_name(m->arch, m->tls_relocs[i].type);
        f->reloc_type = m->tls_relocs[i].type;
        break;
      }
    finding_message(
        f,
        "uses TLS descriptors: %zu %s relocation%s (dynamic TLS, dlopen-safe; "
        "needs a loader with TLSDESC support for %s)",
        m->n_desc, f->reloc_name, plural(m->n_desc), m->arch->name);
  }
  analyze_settle_verdict(r, p);
}
