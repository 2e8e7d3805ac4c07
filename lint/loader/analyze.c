#include "tlsguard/analyze.h"
#include "loader/analyze.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf_module.h"
#include "elf/version_needs.h"
#include "loader/policy.h"
#include "loader/target_findings.h"
#include "predict.h"
#include "report/findings.h"
#include "resolve/closure.h"
#include "run/lint_context.h"
#include "sources/debuginfo.h"
#include "sources/objects_index.h"
#include "tlsguard/debuginfo.h"
#include "tlsguard/known_libraries.h"
#include "tlsguard/loader_caps.h"
#include "tlsguard/objects_index.h"
#include "tlsguard/tls_abi.h"

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
  if (!soname_is_glibc_startup_module(m->soname))
    return false;
  bool is_libc = soname_is_glibc_libc(m->soname);
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *r = &m->tls_relocs[i];
    if (r->cls == TLS_DYN_STATIC && (r->symndx == 0 || r->sym_defined) &&
        !is_libc)
      return false;
  }
  return true;
}

/* The offset in its own block a relocation against symbol 0 reaches: the
 * RELA addend, or for REL the addend stored at r_offset. */
static bool block_offset(const struct elf_module *m,
                         const struct tls_reloc *rel, uint64_t *off) {
  if (rel->has_addend) {
    *off = (uint64_t)rel->addend;
    return true;
  }
  uint64_t file_off;
  size_t width = m->elf_class == ELFCLASS64 ? 8 : 4;
  if (!elf_module_vaddr_to_offset(m, rel->offset, width, &file_off) ||
      file_off + width > m->size)
    return false;
  const unsigned char *p = (const unsigned char *)m->map + file_off;
  uint64_t v = 0;
  bool big = m->byte_order == ELFDATA2MSB;
  for (size_t i = 0; i < width; i++)
    v |= (uint64_t)p[big ? i : width - 1 - i] << (8 * (width - 1 - i));
  *off = v;
  return true;
}

/* Name the variables of the block: which ones the static relocations reach
 * (from the symbol, or from the offset for symbol 0), with sizes and, given
 * DWARF, where they are declared. */
struct origin_note {
  struct finding *f;
  size_t noted;
};

static void note_origin(void *arg, const struct object_origin *o) {
  struct origin_note *n = arg;
  if (n->noted++ >= 6)
    return;
  finding_say(n->f, NOTE_ORIGIN, SAY_ORIGIN_OBJECT,
              &(struct note_facts){.name = o->object,
                                   .count = o->count,
                                   .text = o->type_name,
                                   .symbol = o->symbol,
                                   .text2 = o->functions,
                                   .text3 = tls_model_name(o->model)});
}

/* --objects: the members whose initial-exec/local-exec accesses reach these
 * variables; with no names to go by, every member with such accesses. */
static void note_origins(struct finding *f, const struct tls_variables *v,
                         const bool *reached, const struct lint_policy *p) {
  if (!p->objects)
    return;
  struct origin_note n = {f, 0};
  for (size_t i = 0; v && i < v->n; i++) {
    if (!reached[i])
      continue;
    objects_index_lookup(p->objects, v->vars[i].name, note_origin, &n);
    if (v->vars[i].linkage)
      objects_index_lookup(p->objects, v->vars[i].linkage, note_origin, &n);
  }
  if (!v || !v->n)
    for (size_t i = 0; i < p->objects->n; i++)
      note_origin(&n, &p->objects->items[i]);
  if (!n.noted)
    finding_say(f, NOTE_ORIGIN, SAY_ORIGIN_NONE,
                &(struct note_facts){.count = p->objects->objects_read,
                                     .flag = v && v->n});
}

/* Returns whether it could name the variables the accesses reach. */
static bool note_variables(struct finding *f, const struct elf_module *owner,
                           const char *owner_path,
                           const struct elf_module *referrer,
                           const char *const *symbols, size_t nsymbols,
                           const struct lint_policy *p) {
  struct tls_variables v;
  /* What the static accesses reach: offsets (symbol 0) and names. */
  uint64_t *offsets = xcalloc(owner->n_tls_relocs + 1, sizeof *offsets);
  const char **names =
      xcalloc(owner->n_tls_relocs + nsymbols + 1, sizeof *names);
  struct tls_wanted want = {offsets, 0, names, 0};
  for (size_t i = 0; referrer == owner && i < owner->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &owner->tls_relocs[i];
    uint64_t off;
    if (rel->cls != TLS_DYN_STATIC)
      continue;
    if (rel->symndx == 0 && block_offset(owner, rel, &off))
      offsets[want.n_offsets++] = off;
    else if (rel->symndx && rel->sym_defined)
      names[want.n_names++] = rel->symname;
  }
  for (size_t i = 0; i < nsymbols; i++)
    names[want.n_names++] = symbols[i];
  tls_variables_find(owner, owner_path, p->debug_root, p->debug_dirs, &want,
                     &v);
  free(offsets);
  free(names);
  if (!v.n) {
    finding_say(f, NOTE_DETAIL, SAY_VARIABLES_UNKNOWN,
                &(struct note_facts){.name = owner->soname});
    if (v.problem)
      finding_say(f, NOTE_DETAIL, SAY_DEBUGINFO_PROBLEM,
                  &(struct note_facts){.debuginfo = &v});
    note_origins(f, NULL, NULL, p);
    tls_variables_free(&v);
    return false;
  }
  bool *reached = xcalloc(v.n, sizeof *reached);
  if (referrer == owner)
    for (size_t i = 0; i < owner->n_tls_relocs; i++) {
      const struct tls_reloc *rel = &owner->tls_relocs[i];
      uint64_t off;
      const struct tls_variable *t = NULL;
      if (rel->cls != TLS_DYN_STATIC)
        continue;
      if (rel->symndx == 0 && block_offset(owner, rel, &off))
        t = tls_variable_at(&v, off);
      else if (rel->symndx && rel->sym_defined)
        t = tls_variable_named(&v, rel->symname);
      if (t)
        reached[t - v.vars] = true;
    }
  for (size_t i = 0; i < nsymbols; i++) {
    const struct tls_variable *t = tls_variable_named(&v, symbols[i]);
    if (t)
      reached[t - v.vars] = true;
  }
  f->vars = xcalloc(v.n, sizeof *f->vars);
  f->vars_source = tls_var_source_name(v.source);
  size_t n_reached = 0;
  for (size_t i = 0; i < v.n; i++) {
    const struct tls_variable *t = &v.vars[i];
    f->vars[f->n_vars++] = (struct finding_var){
        xstrdup(t->name), t->size, t->file ? xstrdup(t->file) : NULL, t->line,
        reached[i]};
    n_reached += reached[i];
  }
  const char *source =
      v.debug_file ? v.debug_file : tls_var_source_name(v.source);
  if (n_reached)
    finding_say(f, NOTE_DETAIL, SAY_VARIABLES_REACHED,
                &(struct note_facts){.name = source});
  if (n_reached < v.n)
    finding_say(f, NOTE_DETAIL, SAY_VARIABLES_OTHERS,
                &(struct note_facts){.flag = v.source == TLS_VARS_DWARF});
  if (v.problem) /* a debug file not read, damaged DWARF */
    finding_say(f, NOTE_DETAIL, SAY_DEBUGINFO_PROBLEM,
                &(struct note_facts){.debuginfo = &v});
  note_origins(f, &v, reached, p);
  free(reached);
  tls_variables_free(&v);
  return n_reached > 0;
}

static void note_why(struct finding *f, const struct lint_policy *p) {
  finding_say(
      f, NOTE_WHY, SAY_WHY_SURPLUS,
      &(struct note_facts){.number = glibc_static_tls_surplus(&p->loader),
                           .number2 = p->loader.freebsd_static_tls_extra});
}

static void note_fix(struct finding *f, const struct elf_module *owner) {
  const struct known_library *lib =
      owner ? known_library_identify(owner) : NULL;
  /* One fix shown by default: the library's own switch, else the plugin. */
  if (lib)
    finding_say(f, NOTE_FIX, SAY_FIX_KNOWN_LIBRARY,
                &(struct note_facts){.name = lib->name, .text = lib->fix});
  finding_say(f, lib ? NOTE_DETAIL : NOTE_FIX, SAY_FIX_PLUGIN,
              &(struct note_facts){.name = owner ? module_name(owner) : NULL});
  finding_say(f, NOTE_DETAIL, SAY_PLUGIN_REWRITES, NULL);
}

/* One TLS block that a module's static relocations make static. */
struct block_use {
  const struct elf_module *referrer;    /* the module holding the relocations */
  size_t referrer_node;                 /* its closure node (0: the root) */
  const struct cached_module *owner_cm; /* the block's module, when resolved */
  const struct elf_module *owner; /* same, or the referrer for its own block */
  const char *symbol;             /* imported symbol (when owner unknown) */
  const char *symversion;
  uint64_t count;
  uint32_t first_type;
  char types[160];
  const char *symbols[8]; /* the first symbols it goes through */
  size_t nsyms;
  const struct allow_entry *allowed;
  bool all_allowed;
};

/* Whose block a static relocation with a symbol reaches (symbol 0: always
 * the referrer's own). */
struct definer_ctx {
  const struct closure *c;
  const struct loaded_set *global;
  const struct cached_module *referrer;
  enum loader_kind loader;
};
typedef const struct cached_module *(*definer_fn)(const struct definer_ctx *ctx,
                                                  const struct tls_reloc *rel);

/* With the dependency closure: as the loader binds it. */
static const struct cached_module *find_definer(const struct definer_ctx *d,
                                                const struct tls_reloc *rel) {
  return closure_find_definer(d->c, d->global, d->referrer, rel, d->loader);
}

/* With the module alone: its own block for a symbol it defines, unknown for
 * one it imports (no scope to look it up in). */
static const struct cached_module *own_definer(const struct definer_ctx *d,
                                               const struct tls_reloc *rel) {
  return rel->sym_defined ? d->referrer : NULL;
}

static bool same_target(const struct block_use *u,
                        const struct elf_module *owner, const char *symbol) {
  if (owner || u->owner)
    return u->owner == owner;
  return !strcmp(u->symbol, symbol);
}

static size_t collect_block_uses(size_t node, const struct lint_policy *p,
                                 definer_fn definer,
                                 const struct definer_ctx *ctx,
                                 struct block_use **uses) {
  const struct cached_module *self = ctx->referrer;
  const struct elf_module *m = self->module;
  size_t n = 0, cap = 0;
  *uses = NULL;
  for (size_t i = 0; i < m->n_tls_relocs; i++) {
    const struct tls_reloc *rel = &m->tls_relocs[i];
    if (rel->cls != TLS_DYN_STATIC)
      continue;
    const struct cached_module *owner_cm =
        rel->symndx == 0 ? self : definer(ctx, rel);
    const struct elf_module *owner = owner_cm ? owner_cm->module : NULL;
    struct block_use *u = NULL;
    for (size_t k = 0; k < n && !u; k++)
      if (same_target(&(*uses)[k], owner, rel->symname))
        u = &(*uses)[k];
    if (!u) {
      if (n == cap)
        *uses = xrealloc(*uses, (cap = cap ? cap * 2 : 4) * sizeof **uses);
      u = &(*uses)[n++];
      memset(u, 0, sizeof *u);
      u->referrer = m;
      u->referrer_node = node;
      u->owner_cm = owner_cm;
      u->owner = owner;
      u->symbol = rel->symname;
      u->symversion = rel->symversion;
      u->first_type = rel->type;
      u->all_allowed = true;
    }
    u->count++;
    type_list_append(u->types, sizeof u->types,
                     tls_reloc_name(m->arch, rel->type));
    if (rel->symndx == 0) {
      u->all_allowed = false;
      continue;
    }
    const struct allow_entry *a = allow_list_match(&p->symbols, rel->symname);
    if (a)
      u->allowed = a;
    else
      u->all_allowed = false;
    size_t k = 0;
    while (k < u->nsyms && strcmp(u->symbols[k], rel->symname))
      k++;
    if (k == u->nsyms && u->nsyms < sizeof u->symbols / sizeof *u->symbols)
      u->symbols[u->nsyms++] = rel->symname;
  }
  return n;
}

static void fill_block_facts(struct finding *f, const struct block_use *u) {
  f->reloc_name = tls_reloc_name(u->referrer->arch, u->first_type);
  f->reloc_count = u->count;
  f->count = u->count;
  f->reloc_types = xstrdup(u->types);
  f->module = xstrdup(module_name(u->referrer));
  if (u->owner)
    f->owner = xstrdup(module_name(u->owner));
  if (u->symversion)
    f->symversion = xstrdup(u->symversion);
  if (u->owner) {
    f->block_owner = xstrdup(u->owner_cm ? u->owner_cm->path : u->owner->path);
    f->block_size = u->owner->tls.memsz;
    f->block_align = u->owner->tls.align;
  }
  if (u->symbol && !(u->owner && u->owner == u->referrer))
    f->symbol = xstrdup(u->symbol);
  if (u->all_allowed)
    f->allowed = u->allowed;
}

static void set_chain(struct finding *f, const struct closure *c, size_t node,
                      const struct elf_module *owner) {
  size_t n = closure_chain(c, node, NULL, 0);
  const char **names = xmalloc(n * sizeof *names);
  closure_chain(c, node, names, n);
  for (size_t i = 0; i < n; i++)
    finding_chain_add(f, names[i]);
  free(names);
  if (owner && owner != c->nodes[node].cm->module)
    finding_chain_add(f, module_name(owner));
}

/* The root's own block, and blocks reached through imported symbols that
 * no module in reach defines. */
static void report_root_use(struct file_report *r, const struct block_use *u,
                            const struct lint_policy *p, bool deps_resolved,
                            const char *root_path) {
  const struct elf_module *m = u->referrer;
  struct finding *f = report_add(r, RULE_STATIC_TLS_RELOCATION);
  fill_block_facts(f, u);
  finding_chain_add(f, module_name(m));
  if (u->owner == m) {
    f->form = m->tls.present ? MESSAGE_OWN_BLOCK : MESSAGE_OWN_NO_PT_TLS;
    if (!note_variables(f, m, root_path, m, NULL, 0, p)) {
      if (u->nsyms)
        finding_say(
            f, NOTE_DETAIL, SAY_REACHED_THROUGH,
            &(struct note_facts){.names = u->symbols, .n_names = u->nsyms});
      else
        finding_say(f, NOTE_DETAIL, SAY_REACHED_LOCAL, NULL);
    }
    if (m->dt_flags & DF_STATIC_TLS)
      finding_say(f, NOTE_DETAIL, SAY_MARKED_STATIC_TLS, NULL);
    note_why(f, p);
    note_fix(f, m);
    return;
  }
  f->form = MESSAGE_IMPORTED_UNKNOWN;
  if (deps_resolved)
    finding_say(f, NOTE_WHERE, SAY_UNDEFINED_IN_CLOSURE,
                &(struct note_facts){.symbol = u->symbol});
  else /* alone: --no-deps, or (the closure on) a member of an ar archive */
    finding_say(f, NOTE_WHERE, SAY_NO_DEPS,
                &(struct note_facts){.flag = !p->deps});
  note_why(f, p);
}

/* A block of another module (a dependency, or a start-up module) made static.
 */
static void report_dependency_use(struct file_report *r,
                                  const struct block_use *u,
                                  const struct closure *c,
                                  const struct lint_policy *p) {
  const struct elf_module *owner = u->owner;
  if (soname_is_glibc_libc(owner->soname)) {
    if (u->referrer != c->nodes[0].cm->module)
      return; /* a dependency reaching libc's block: harmless, not news */
    struct finding *f = report_add(r, RULE_STARTUP_MODULE);
    fill_block_facts(f, u);
    set_chain(f, c, 0, owner);
    f->form = MESSAGE_REACHES_LIBC;
    return;
  }
  struct finding *f = report_add(r, RULE_STATIC_TLS_DEPENDENCY);
  fill_block_facts(f, u);
  set_chain(f, c, u->referrer_node, owner);
  f->form = u->referrer == owner ? MESSAGE_DEPENDENCY_OWN : MESSAGE_DEPENDENCY;
  const char *owner_path = u->owner_cm ? u->owner_cm->path : owner->path;
  finding_say(
      f, NOTE_WHERE, SAY_OWNER_IS,
      &(struct note_facts){.name = module_name(owner), .path = owner_path});
  const char *sym = u->symbol;
  note_variables(f, owner, owner_path, u->referrer,
                 u->referrer == owner ? NULL : &sym,
                 u->referrer == owner ? 0 : 1, p);
  note_why(f, p);
  note_fix(f, owner);
  if (!f->allowed)
    f->allowed = allow_list_match(&p->sonames, module_name(owner));
}

static void report_flag_only(struct file_report *r, const struct elf_module *m,
                             const struct closure *c, size_t node,
                             const struct lint_policy *p) {
  struct finding *f = report_add(r, RULE_STATIC_TLS_FLAG);
  set_chain(f, c, node, NULL);
  if (m->tls.present) {
    f->block_owner = xstrdup(m->path);
    f->block_size = m->tls.memsz;
    f->block_align = m->tls.align;
  }
  if (node == 0)
    f->form = MESSAGE_FLAG_ONLY;
  else {
    f->form = MESSAGE_FLAG_ONLY_DEPENDENCY;
    f->allowed = allow_list_match(&p->sonames, module_name(m));
  }
  finding_say(f, NOTE_DETAIL, SAY_FLAG_ONLY, NULL);
  note_fix(f, m);
}

static void report_tlsdesc(struct file_report *r, const struct elf_module *m) {
  struct finding *f = report_add(r, RULE_TLSDESC);
  f->reloc_count = m->n_desc;
  for (size_t i = 0; i < m->n_tls_relocs; i++)
    if (m->tls_relocs[i].cls == TLS_DYN_DESC) {
      f->reloc_name = tls_reloc_name(m->arch, m->tls_relocs[i].type);
      break;
    }
  finding_chain_add(f, module_name(m));
  f->form = MESSAGE_TLSDESC;
  f->count = m->n_desc;
  f->arch_name = m->arch->name;
}

/* Findings every mode shares about the root module itself. */
static bool report_preamble(struct file_report *r, const struct elf_module *m) {
  if (!m->arch && m->has_dynamic) {
    struct finding *f = report_add(r, RULE_UNKNOWN_MACHINE);
    f->form = MESSAGE_UNKNOWN_MACHINE;
    f->machine = m->machine;
    f->elf64 = m->elf_class == ELFCLASS64;
  }
  if ((m->n_static || (m->dt_flags & DF_STATIC_TLS)) &&
      glibc_exception_applies(m)) {
    struct finding *f = report_add(r, RULE_STARTUP_MODULE);
    finding_chain_add(f, m->soname);
    f->form = MESSAGE_STARTUP_MODULE;
    f->module = xstrdup(m->soname);
    f->count = m->n_static;
    return true;
  }
  return false;
}

void analyze_settle_verdict(struct file_report *r,
                            const struct lint_policy *p) {
  if (r->verdict == VERDICT_ERROR)
    return;
  report_drop_rules(r, p->disabled_rules); /* --disable */
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
    if (whole && !f->allowed && f->severity > SEV_NOTE)
      f->allowed = whole;
    if (f->allowed) {
      f->severity = SEV_NOTE;
      continue;
    }
    /* Gating on the prediction: static TLS that loads is a warning. */
    if (p->gate == GATE_PREDICT && f->rule != RULE_DLOPEN_WILL_FAIL &&
        f->severity == SEV_ERROR)
      f->severity = SEV_WARNING;
    if (!p->fail_never && f->severity >= p->fail_level)
      r->verdict = VERDICT_FAIL;
  }
  report_words(r); /* the facts settled, the words (report/messages.c) */
}

/* Loaders to predict for: the ones asked for, else the file's own. */
static unsigned loaders_for(const struct lint_policy *p,
                            const struct closure *c) {
  if (p->loaders)
    return p->loaders;
  const struct elf_module *root = c->nodes[0].cm->module;
  if (root->osabi == ELFOSABI_FREEBSD)
    return 1u << LOADER_FREEBSD;
  for (size_t i = 0; i < c->n; i++) {
    const char *s =
        c->nodes[i].cm->module ? c->nodes[i].cm->module->soname : NULL;
    if (soname_is_musl_libc(s))
      return 1u << LOADER_MUSL;
  }
  for (size_t i = 0; i < root->n_needed; i++)
    if (soname_is_musl_libc(root->needed[i]) ||
        !strcmp(root->needed[i], loader_libc_soname(LOADER_MUSL)))
      return 1u << LOADER_MUSL;
  return 1u << LOADER_GLIBC;
}

static void report_closure_issues(struct file_report *r,
                                  const struct closure *c) {
  for (size_t i = 0; i < c->n_issues; i++) {
    const struct closure_issue *is = &c->issues[i];
    struct finding *f =
        report_add(r, is->kind == CLOSURE_LOOP ? RULE_DEPENDENCY_LOOP
                                               : RULE_UNRESOLVED_DEPENDENCY);
    set_chain(f, c, (size_t)is->requester, NULL);
    finding_chain_add(f, is->name);
    const char *requester = module_display_name(c->nodes[is->requester].cm);
    if (is->kind == CLOSURE_LOOP) {
      f->form = MESSAGE_DEPENDENCY_LOOP;
      f->module = xstrdup(requester);
      finding_name_add(f, is->name);
    } else {
      f->form = MESSAGE_NOT_FOUND;
      if (is->search_problem)
        finding_say(f, NOTE_WHERE, SAY_SEARCH_PROBLEM,
                    &(struct note_facts){.search = is->search_problem});
      else
        finding_say(f, NOTE_WHERE, SAY_NOT_FOUND_WHERE,
                    &(struct note_facts){.name = requester, .text = is->name});
      finding_say(f, NOTE_FIX, SAY_FIX_NOT_FOUND, NULL);
    }
  }
}

static void record_prediction(struct file_report *r, const struct process *p,
                              struct dlopen_outcome *o) {
  struct load_prediction *lp = &r->predictions[p->loader];
  lp->computed = true;
  lp->loader = p->loader;
  lp->loads = o->loads;
  lp->needed = o->needed;
  lp->available = o->available;
  lp->failure = o->failure;
  lp->stopgap_facts = o->stopgap;
  lp->users = o->used_by;
  lp->n_users = o->n_used_by;
  memset(&o->failure, 0, sizeof o->failure);
  memset(&o->stopgap, 0, sizeof o->stopgap);
  o->used_by = NULL;
  o->n_used_by = 0;
  lp->host_kind = p->host_kind;
  lp->host_path = p->host_path ? xstrdup(p->host_path) : NULL;
  lp->preloads = xcalloc(p->n_preloads + 1, sizeof *lp->preloads);
  for (size_t i = 0; i < p->n_preloads; i++)
    lp->preloads[lp->n_preloads++] = (struct preload_fact){
        xstrdup(p->preloads[i].name), p->preloads[i].found};
}

void analyze_prediction(struct file_report *r, const struct cached_module *root,
                        struct lint_context *ctx, struct process *proc,
                        const struct closure *closure) {
  struct closure c;
  struct search_config search = search_config_for(&ctx->search, proc->loader);
  if (!closure)
    closure_build_in(&c, &search, ctx->modules, root, &proc->all_set,
                     ctx->package);
  struct dlopen_outcome o;
  process_dlopen(proc, closure ? closure : &c, module_display_name(root), &o);
  record_prediction(r, proc, &o);
  if (!o.loads && ctx->policy->gate == GATE_PREDICT) {
    struct finding *f = report_add(r, RULE_DLOPEN_WILL_FAIL);
    finding_chain_add(f, module_display_name(root));
    f->form = MESSAGE_DLOPEN_WILL_FAIL;
    f->loader = proc->loader;
  }
  dlopen_outcome_free(&o);
  if (!closure)
    closure_free(&c);
}

unsigned analyze_loaders(struct lint_context *ctx,
                         const struct cached_module *root) {
  struct closure c;
  closure_build_in(&c, &ctx->search, ctx->modules, root, NULL, ctx->package);
  unsigned l = loaders_for(ctx->policy, &c);
  closure_free(&c);
  return l;
}

/* The findings on a closure: whose blocks its modules' static relocations
 * make static (bound by definer), the DF_STATIC_TLS flags, what could not be
 * resolved. */
static void report_static_tls(struct file_report *r, const struct closure *c,
                              definer_fn definer, struct definer_ctx *dctx,
                              bool deps_resolved, const struct lint_policy *p) {
  const struct elf_module *m = c->nodes[0].cm->module;
  if (!report_preamble(r, m)) {
    for (size_t i = 0; i < c->n; i++) {
      const struct closure_node *node = &c->nodes[i];
      const struct elf_module *nm = node->cm->module;
      if (node->preloaded || !nm)
        continue;
      if (i > 0 && glibc_exception_applies(nm))
        continue;
      struct block_use *uses;
      dctx->referrer = node->cm;
      size_t n = collect_block_uses(i, p, definer, dctx, &uses);
      for (size_t k = 0; k < n; k++) {
        const struct block_use *u = &uses[k];
        if (i == 0 && (u->owner == m || !u->owner))
          report_root_use(r, u, p, deps_resolved, node->cm->path);
        else if (u->owner)
          report_dependency_use(r, u, c, p);
      }
      free(uses);
      if ((nm->dt_flags & DF_STATIC_TLS) && nm->n_static == 0 &&
          !glibc_exception_applies(nm))
        report_flag_only(r, nm, c, i, p);
    }
  }
  report_closure_issues(r, c);
}

/* The closure's libraries, as --verbose and JSON list them. */
static void record_dependencies(struct file_report *r,
                                const struct closure *c) {
  r->deps_checked = true;
  r->deps = xcalloc(c->n, sizeof *r->deps);
  for (size_t i = 1; i < c->n; i++) {
    const struct closure_node *node = &c->nodes[i];
    struct dependency *d = &r->deps[r->n_deps++];
    d->name = xstrdup(node->needed_name);
    d->path = xstrdup(node->cm->path);
    d->needed_by = xstrdup(module_display_name(c->nodes[node->parent].cm));
    d->found_through = node->how;
    d->preloaded = node->preloaded;
  }
}

/* The first module of the closure with TLS descriptors that the loader, in
 * the target range, does not support. */
static void report_tlsdesc_unsupported(struct file_report *r,
                                       const struct closure *c,
                                       enum loader_kind loader,
                                       const struct lint_policy *p) {
  for (size_t i = 0; i < c->n; i++) {
    const struct elf_module *nm = c->nodes[i].cm->module;
    struct libc_release gap;
    const struct loader_caps_row *row;
    if (!nm || c->nodes[i].preloaded || !nm->n_desc || !nm->arch ||
        !loader_tlsdesc_gap(p->target_known ? &p->target : NULL, loader,
                            nm->arch->id, &gap, &row))
      continue;
    struct finding *f = report_add(r, RULE_TLSDESC_UNSUPPORTED);
    set_chain(f, c, i, NULL);
    f->form = MESSAGE_TLSDESC_UNSUPPORTED;
    f->loader = loader;
    f->arch_name = nm->arch->name;
    f->module = xstrdup(module_name(nm));
    f->count = nm->n_desc;
    if (gap.major) { /* a release of the target range, not "none" */
      f->target = p->target;
      f->release = gap;
    }
    if (row)
      finding_say(f, NOTE_DETAIL, SAY_LOADER_CAPS_ROW,
                  &(struct note_facts){.row = row});
    finding_say(f, NOTE_FIX, SAY_FIX_TLSDESC_UNSUPPORTED, NULL);
    return;
  }
}

void analyze_closure(struct file_report *r, const struct cached_module *root,
                     struct lint_context *ctx, enum analysis_scope scope) {
  const struct lint_policy *p = ctx->policy;
  const struct elf_module *m = root->module;
  r->module = m;
  r->verdict = VERDICT_OK;
  /* Executables own the static TLS area: their IE/LE access is what it is
   * for. */
  if (m->kind != MODULE_SHARED_OBJECT)
    return;

  /* The module alone: its dependencies are not followed, so no loader is
   * modelled (the closure's C library says which) and a symbol it imports
   * binds nowhere known. Otherwise the process findings are judged against
   * is the first loader asked for. */
  bool deps = scope != ANALYZE_ALONE;
  struct closure alone, c;
  unsigned loaders = 0;
  enum loader_kind primary = LOADER_GLIBC;
  struct process procs[LOADER_KIND_COUNT];
  struct definer_ctx dctx = {&c, NULL, NULL, primary};
  if (deps) {
    /* Built once each: root's closure alone (its loaders, its C library)
     * and against the first process (findings, and that process's
     * prediction). */
    closure_build_in(&alone, &ctx->search, ctx->modules, root, NULL,
                     ctx->package);
    loaders = loaders_for(p, &alone);
    for (int k = LOADER_KIND_COUNT - 1; k >= 0; k--)
      if (loaders & (1u << k))
        primary = (enum loader_kind)k;
    /* Dependencies are found the way the primary loader finds them. */
    struct search_config search = search_config_for(&ctx->search, primary);
    if (primary != ctx->search.loader) {
      closure_free(&alone);
      closure_build_in(&alone, &search, ctx->modules, root, NULL, ctx->package);
    }
    process_start(&procs[primary], primary, &p->loader, &search, ctx->modules,
                  ctx->host, root, &alone);
    closure_build_in(&c, &search, ctx->modules, root, &procs[primary].all_set,
                     ctx->package);
    dctx.global = &procs[primary].startup_set;
    dctx.loader = primary;
  } else {
    closure_of_root(&c, root);
  }

  report_static_tls(r, &c, deps ? find_definer : own_definer, &dctx, deps, p);
  if (loaders & ~(1u << LOADER_MUSL))
    version_needs_report(r, &c, &procs[primary].all_set);
  if (deps)
    record_dependencies(r, &c);
  if (m->n_desc)
    report_tlsdesc(r, m);
  for (int k = 0; k < LOADER_KIND_COUNT && m->arch; k++)
    if (loaders & (1u << k))
      report_tlsdesc_unsupported(r, &c, (enum loader_kind)k, p);

  if (scope == ANALYZE_AND_PREDICT) {
    for (int k = 0; k < LOADER_KIND_COUNT; k++) {
      if (!(loaders & (1u << k)))
        continue;
      struct search_config ks = search_config_for(&ctx->search, k);
      if (k != (int)primary)
        process_start(&procs[k], (enum loader_kind)k, &p->loader, &ks,
                      ctx->modules, ctx->host, root, &alone);
      analyze_prediction(r, root, ctx, &procs[k],
                         k == (int)primary ? &c : NULL);
      process_free(&procs[k]);
    }
  } else if (deps) {
    process_free(&procs[primary]);
  }
  closure_free(&c);
  if (deps)
    closure_free(&alone);
  analyze_target(r, m, p);
  /* In the load order, the caller predicts and then settles. */
  if (scope != ANALYZE_CLOSURE)
    analyze_settle_verdict(r, p);
}
