/* What the target C library range says about a library's TLS: TLS
 * descriptors on a glibc with BZ 31372, a GLIBC_ABI_GNU2_TLS need the
 * oldest target lacks, and malloc replacements (dynamic TLS on a glibc
 * whose __tls_get_addr recurses into malloc; initial-exec, which is right
 * at start-up only). The versions come from the table in loader_caps.c. */
#include "loader/target_findings.h"

#include <string.h>

#include "elf/dynsym.h"
#include "report/findings.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/loader_caps.h"
#include "tlsguard/loader_model.h"

/* The malloc family glibc's manual ("Replacing malloc") lists, and C++'s
 * replaceable allocation functions (Itanium mangling). */
static const char *const malloc_family[] = {
    "malloc",        "free",
    "calloc",        "realloc",
    "memalign",      "posix_memalign",
    "aligned_alloc", "valloc",
    "pvalloc",       "malloc_usable_size",
    "_Znwm",         "_Znam",
    "_Znwj",         "_Znaj",
    "_ZdlPv",        "_ZdaPv",
};

/* The first malloc-family function (in the table's order) the module
 * defines with default visibility, or NULL. Looked up through the module's
 * hash table, as the loader would bind it: a scan of every dynamic symbol
 * was a third of a corpus run's time (libLLVM has 100,000 of them). */
static const char *malloc_replacement_symbol(const struct elf_module *m) {
  for (size_t i = 0; i < sizeof malloc_family / sizeof malloc_family[0]; i++) {
    GElf_Sym sym;
    uint64_t ndx;
    if (dynsym_lookup(m, malloc_family[i], NULL, &sym, &ndx) &&
        sym.st_shndx != SHN_UNDEF && GELF_ST_TYPE(sym.st_info) == STT_FUNC &&
        GELF_ST_BIND(sym.st_info) != STB_LOCAL &&
        GELF_ST_VISIBILITY(sym.st_other) == STV_DEFAULT)
      return malloc_family[i];
  }
  return NULL;
}

/* Whether DT_VERNEED names the version (from any file). */
static bool version_matches(void *ctx, const char *file, const char *version,
                            bool weak) {
  (void)file;
  (void)weak;
  return !strcmp(version, ctx);
}

static bool needs_version(const struct elf_module *m, const char *version) {
  return dynsym_each_verneed(m, version_matches, (void *)version);
}

static const char *module_label(const struct elf_module *m) {
  if (m->soname)
    return m->soname;
  const char *s = strrchr(m->path, '/');
  return s ? s + 1 : m->path;
}

static void add_chain(struct finding *f, const struct elf_module *m) {
  finding_chain_add(f, module_label(m));
}

static void report_tlsdesc_hazard(struct file_report *r,
                                  const struct elf_module *m,
                                  const struct lint_policy *p) {
  const struct loader_caps_row *row;
  struct libc_release at;
  if (!loader_fact_somewhere(LOADER_TLSDESC_CLOBBERS_VECTORS, &p->target,
                             m->arch->id, &row, &at))
    return;
  struct finding *f = report_add(r, RULE_TLSDESC_VECTOR_HAZARD);
  add_chain(f, m);
  f->reloc_count = m->n_desc;
  f->form = MESSAGE_TLSDESC_VECTOR_HAZARD;
  f->target = p->target;
  f->release = at;
  finding_say(f, NOTE_DETAIL, SAY_LOADER_CAPS_ROW,
              &(struct note_facts){.row = row});
  finding_say(f, NOTE_DETAIL, SAY_FIX_TLSDESC_HAZARD, NULL);
}

static void report_gnu2_need(struct file_report *r, const struct elf_module *m,
                             const struct lint_policy *p) {
  static const char version[] = "GLIBC_ABI_GNU2_TLS";
  if (p->target.oldest.kind != LOADER_GLIBC || !needs_version(m, version))
    return;
  if (loader_fact_everywhere(LOADER_DEFINES_GNU2_TLS_VERSION, &p->target,
                             m->arch->id))
    return;
  struct finding *f = report_add(r, RULE_GNU2_TLS_VERSION_NEED);
  add_chain(f, m);
  f->form = MESSAGE_GNU2_TLS_VERSION_NEED;
  f->name = xstrdup(version);
  f->target = p->target;
  f->release = p->target.oldest;
  size_t n;
  const struct loader_caps_row *rows = loader_caps_table(&n);
  for (size_t i = 0; i < n; i++)
    if (rows[i].fact == LOADER_DEFINES_GNU2_TLS_VERSION &&
        rows[i].arch == m->arch->id)
      finding_say(f, NOTE_DETAIL, SAY_LOADER_CAPS_ROW,
                  &(struct note_facts){.row = &rows[i]});
  finding_say(f, NOTE_DETAIL, SAY_FIX_GNU2_TLS_NEED, NULL);
}

static void report_malloc(struct file_report *r, const struct elf_module *m,
                          const struct lint_policy *p) {
  /* The C library's malloc is the one being replaced, not a replacement. */
  if (!m->tls.present || m->tls.memsz == 0 || soname_is_c_library(m->soname))
    return;
  const char *sym = malloc_replacement_symbol(m);
  if (!sym)
    return;
  /* A TLS descriptor of a module loaded at start-up resolves to a static
   * offset (_dl_tlsdesc_return) and never calls __tls_get_addr: only
   * __tls_get_addr users (DTPMOD) recurse. */
  bool dynamic = m->n_module > 0;
  if (dynamic) {
    const struct loader_caps_row *row;
    struct libc_release at;
    if (!loader_fact_somewhere(LOADER_MALLOC_TLS_RECURSES, &p->target,
                               m->arch->id, &row, &at))
      return;
    struct finding *f = report_add(r, RULE_MALLOC_DYNAMIC_TLS);
    add_chain(f, m);
    f->form = MESSAGE_MALLOC_DYNAMIC_TLS;
    f->name = xstrdup(sym);
    f->target = p->target;
    f->release = at;
    finding_say(f, NOTE_DETAIL, SAY_LOADER_CAPS_ROW,
                &(struct note_facts){.row = row});
    finding_say(f, NOTE_DETAIL, SAY_FIX_MALLOC_DYNAMIC_TLS, NULL);
    return;
  }
  if (m->n_static == 0)
    return;
  struct finding *f = report_add(r, RULE_MALLOC_STATIC_TLS);
  add_chain(f, m);
  f->form = MESSAGE_MALLOC_STATIC_TLS;
  f->name = xstrdup(sym);
}

void analyze_target(struct file_report *r, const struct elf_module *m,
                    const struct lint_policy *p) {
  if (!p->target_known || !m->arch || m->kind != MODULE_SHARED_OBJECT)
    return;
  if (m->n_desc) {
    report_tlsdesc_hazard(r, m, p);
    report_gnu2_need(r, m, p);
  }
  report_malloc(r, m, p);
}
