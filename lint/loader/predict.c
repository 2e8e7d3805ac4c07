#include "predict.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "elf/version_needs.h"
#include "tlsguard/report.h"

/* The C libraries a minimal host links: glibc, musl, FreeBSD libc. */
static bool is_c_library(const struct cached_module *cm) {
  return cm->module && soname_is_c_library(cm->module->soname);
}

static struct process_module *
add_module(struct process *p, const struct cached_module *cm, bool startup) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    p->mods = xrealloc(p->mods, p->cap * sizeof *p->mods);
  }
  struct process_module *pm = &p->mods[p->n++];
  *pm = (struct process_module){
      cm, startup, startup ? BLOCK_STATIC : BLOCK_NOT_ALLOCATED, 0};
  return pm;
}

/* The views closure_build and the definer lookup take; rebuilt after every
 * change to the module list. */
static void refresh_sets(struct process *p) {
  free(p->all_set.mods);
  p->all_set.mods = xcalloc(p->n ? p->n : 1, sizeof *p->all_set.mods);
  p->all_set.n = p->n;
  for (size_t i = 0; i < p->n; i++)
    p->all_set.mods[i] = p->mods[i].cm;
  p->startup_set.mods = p->all_set.mods;
  p->startup_set.n = p->n_startup;
}

static struct process_module *find_module(struct process *p,
                                          const struct cached_module *cm) {
  for (size_t i = 0; i < p->n; i++)
    if (p->mods[i].cm == cm)
      return &p->mods[i];
  return NULL;
}

/* Start-up modules: cm alone, or (deps) its whole breadth-first closure;
 * a module already there is not added again. */
static void add_startup_closure(struct process *p,
                                const struct search_config *cfg,
                                struct module_cache *mc,
                                const struct cached_module *cm, bool deps) {
  if (!deps) {
    if (!find_module(p, cm))
      add_module(p, cm, true);
    return;
  }
  struct closure c;
  closure_build(&c, cfg, mc, cm, NULL);
  for (size_t i = 0; i < c.n; i++)
    if (c.nodes[i].cm->module && !find_module(p, c.nodes[i].cm))
      add_module(p, c.nodes[i].cm, true);
  closure_free(&c);
}

void process_start(struct process *p, enum loader_kind loader,
                   const struct loader_options *opts,
                   const struct search_config *cfg, struct module_cache *mc,
                   const struct cached_module *host,
                   const struct cached_module *like,
                   const struct closure *like_closure) {
  memset(p, 0, sizeof *p);
  p->loader = loader;
  p->opts = *opts;
  p->arch = like && like->module ? like->module->arch : NULL;

  /* LD_PRELOAD: found as the program's own dependencies are (a name with a
   * slash as given); one not found is ignored, as ld.so ignores it. */
  const struct cached_module *requester = host && host->module   ? host
                                          : like && like->module ? like
                                                                 : NULL;
  const struct cached_module **preloads =
      xcalloc(cfg->n_preload + 1, sizeof *preloads);
  size_t n_preloads = 0;
  p->preloads = xcalloc(cfg->n_preload + 1, sizeof *p->preloads);
  for (size_t i = 0; requester && i < cfg->n_preload; i++) {
    struct requester req = {requester->module, requester->path, NULL};
    struct resolve_result rr;
    bool found = resolve_needed(cfg, mc, &req, cfg->preload[i], &rr);
    free(rr.problem);
    found = found && rr.found->module;
    if (found)
      preloads[n_preloads++] = rr.found;
    p->preloads[p->n_preloads++] =
        (struct preload_fact){xstrdup(cfg->preload[i]), found};
  }

  if (host && host->module) {
    /* The executable, the preloaded modules, then everything they need,
     * breadth-first: module-id order, the order _dl_determine_tlsoffset
     * lays blocks out in. */
    add_module(p, host, true);
    for (size_t i = 0; i < n_preloads; i++)
      add_startup_closure(p, cfg, mc, preloads[i], false);
    add_startup_closure(p, cfg, mc, host, true);
    for (size_t i = 0; i < n_preloads; i++)
      add_startup_closure(p, cfg, mc, preloads[i], true);
    p->host_kind = HOST_PROGRAM;
    p->host_path = host->path;
    p->arch = host->module->arch;
  } else if (like && like->module) {
    for (size_t i = 0; i < n_preloads; i++)
      add_startup_closure(p, cfg, mc, preloads[i], true);
    /* A program linked only to the C library: the one "like" itself needs
     * (its closure names it), else the usual one for the loader. */
    const struct cached_module *libc = NULL;
    struct closure lc;
    if (!like_closure)
      closure_build(&lc, cfg, mc, like, NULL);
    const struct closure *cl = like_closure ? like_closure : &lc;
    for (size_t i = 1; i < cl->n && !libc; i++)
      if (is_c_library(cl->nodes[i].cm) ||
          (loader == LOADER_MUSL && cl->nodes[i].how == RESOLVED_LOADER))
        libc = cl->nodes[i].cm;
    if (!like_closure)
      closure_free(&lc);
    if (!libc) {
      struct requester req = {like->module, like->path, NULL};
      struct resolve_result rr;
      const char *name = loader_libc_soname(loader);
      struct search_config lcfg = search_config_for(cfg, loader);
      if (resolve_needed(&lcfg, mc, &req, name, &rr) &&
          (is_c_library(rr.found) || rr.how == RESOLVED_LOADER))
        libc = rr.found;
      free(rr.problem);
    }
    if (libc)
      add_startup_closure(p, cfg, mc, libc, true);
    p->host_kind = libc ? HOST_LIBC_ONLY : HOST_LIBC_NOT_FOUND;
  }
  free(preloads);
  p->n_startup = p->n;

  struct tls_block_req *blocks = xcalloc(p->n ? p->n : 1, sizeof *blocks);
  size_t nb = 0;
  for (size_t i = 0; i < p->n; i++)
    if (p->mods[i].cm->module->tls.present)
      elf_module_tls_block(p->mods[i].cm->module, &blocks[nb++]);
  static_tls_init(&p->st, loader, p->arch, opts, blocks, nb);
  free(blocks);
  refresh_sets(p);
}

void process_free(struct process *p) {
  for (size_t i = 0; i < p->n_preloads; i++)
    free(p->preloads[i].name);
  free(p->preloads);
  free(p->mods);
  free(p->all_set.mods);
  memset(p, 0, sizeof *p);
}

void dlopen_outcome_free(struct dlopen_outcome *o) {
  load_failure_free(&o->failure);
  free(o->stopgap.preload);
  for (size_t i = 0; i < o->n_used_by; i++)
    free(o->used_by[i].module);
  free(o->used_by);
  memset(o, 0, sizeof *o);
}

/* Place D's block, as the relocation of M against it demands. */
static bool allocate_block(struct process *p, struct process_module *d,
                           const struct process_module *m,
                           const char *reloc_name, struct dlopen_outcome *out) {
  struct tls_block_req req;
  elf_module_tls_block(d->cm->module, &req);
  uint64_t consumed = 0;
  enum static_tls_result r =
      static_tls_allocate(&p->st, &req, false, &consumed);
  if (r == STATIC_TLS_FITS) {
    d->block = BLOCK_STATIC;
    d->static_bytes = consumed;
    out->needed += consumed;
    return true;
  }
  struct load_failure *why = &out->failure;
  why->block_module = xstrdup(module_display_name(d->cm));
  why->referrer = xstrdup(module_display_name(m->cm));
  why->own_block = d == m;
  why->reloc_name = reloc_name;
  why->block_size = req.size;
  why->block_align = req.align;
  switch (r) {
  case STATIC_TLS_ALIGNMENT:
    why->result = LOAD_STATIC_TLS_ALIGNMENT;
    why->area_align = p->st.align;
    break;
  case STATIC_TLS_REFUSED:
    why->result = LOAD_STATIC_TLS_REFUSED;
    break;
  default:
    why->result = LOAD_NO_STATIC_TLS_SPACE;
    why->left = p->st.size > p->st.used ? p->st.size - p->st.used : 0;
    out->needed += req.size + (req.align > 1 ? req.align - 1 : 0);
    break;
  }
  return false;
}

/* The whole dlopen, without the stop-gap search. */
static void simulate(struct process *p, const struct closure *c,
                     const char *name, struct dlopen_outcome *out) {
  memset(out, 0, sizeof *out);
  out->available = p->st.size > p->st.used ? p->st.size - p->st.used : 0;

  /* Earlier late modules that hold static TLS: who used the space. */
  for (size_t i = p->n_startup; i < p->n; i++) {
    if (!p->mods[i].static_bytes)
      continue;
    if (!out->used_by)
      out->used_by = xcalloc(p->n - i, sizeof *out->used_by);
    out->used_by[out->n_used_by++] = (struct static_tls_user){
        xstrdup(module_display_name(p->mods[i].cm)), p->mods[i].static_bytes};
  }

  size_t first_new = p->n;
  for (size_t i = 0; i < c->n; i++)
    if (!c->nodes[i].preloaded && c->nodes[i].cm->module &&
        !find_module(p, c->nodes[i].cm))
      add_module(p, c->nodes[i].cm, false);
  refresh_sets(p);
  bool ok = true;

  /* glibc and FreeBSD check symbol versions as they map the new modules,
   * before any relocation; musl does not. */
  if (first_new < p->n && p->loader != LOADER_MUSL) {
    struct verneed_scope loaded;
    verneed_scope_init(&loaded, &p->all_set);
    for (size_t i = first_new; i < p->n && ok; i++) {
      struct version_miss miss;
      if (version_needs_first_miss(p->mods[i].cm, &loaded, &miss)) {
        out->failure.result = LOAD_VERSION_MISSING;
        out->failure.library = xstrdup(miss.library->path);
        out->failure.version = xstrdup(miss.version);
        out->failure.requirer = xstrdup(p->mods[i].cm->path);
        ok = false;
      }
    }
    verneed_scope_free(&loaded);
  }

  /* FreeBSD rtld allocates static TLS at load time for DF_STATIC_TLS objects.
   */
  if (p->loader == LOADER_FREEBSD)
    for (size_t i = first_new; i < p->n && ok; i++) {
      struct process_module *m = &p->mods[i];
      if ((m->cm->module->dt_flags & DF_STATIC_TLS) &&
          m->cm->module->tls.present && m->block == BLOCK_NOT_ALLOCATED)
        ok = allocate_block(p, m, m, NULL, out);
    }

  /* Relocate dependencies before dependents: reverse breadth-first order. */
  for (size_t k = p->n; ok && k-- > first_new;) {
    struct process_module *m = &p->mods[k];
    const struct elf_module *em = m->cm->module;
    for (size_t r = 0; ok && r < em->n_tls_relocs; r++) {
      const struct tls_reloc *rel = &em->tls_relocs[r];
      /* Every relocation with a symbol is bound, module/offset ones too
       * (glibc and musl fail a non-weak one that binds nowhere); only
       * static and descriptor ones place a block. */
      if (rel->cls == TLS_DYN_NONE ||
          (rel->symndx == 0 && rel->cls != TLS_DYN_STATIC &&
           rel->cls != TLS_DYN_DESC))
        continue;
      const struct cached_module *def =
          closure_find_definer(c, &p->startup_set, m->cm, rel, p->loader);
      if (!def) {
        if (rel->sym_weak)
          continue;
        out->failure.result = LOAD_UNDEFINED_SYMBOL;
        out->failure.referrer = xstrdup(module_display_name(m->cm));
        out->failure.symbol = xstrdup(rel->symname);
        ok = false;
        break;
      }
      if (rel->cls != TLS_DYN_STATIC && rel->cls != TLS_DYN_DESC)
        continue;
      struct process_module *d = find_module(p, def);
      if (!d || d->startup || d->block == BLOCK_STATIC ||
          !d->cm->module->tls.present)
        continue;
      const char *rname = tls_reloc_name(em->arch, rel->type);
      if (rel->cls == TLS_DYN_STATIC) {
        if (p->loader == LOADER_MUSL) {
          allocate_block(p, d, m, rname, out); /* fills the refusal reason */
          ok = false;
        } else {
          ok = allocate_block(p, d, m, rname, out);
        }
      } else if (d->block == BLOCK_NOT_ALLOCATED) {
        /* TLSDESC: glibc tries the optional pool, else goes dynamic. */
        uint64_t consumed = 0;
        struct tls_block_req req;
        elf_module_tls_block(d->cm->module, &req);
        if (p->loader == LOADER_GLIBC &&
            static_tls_allocate(&p->st, &req, true, &consumed) ==
                STATIC_TLS_FITS) {
          d->block = BLOCK_STATIC;
          d->static_bytes = consumed;
          out->needed += consumed;
        } else {
          d->block = BLOCK_DYNAMIC;
        }
      }
    }
  }
  out->loads = ok;
  if (!ok) {
    /* A failed dlopen unmaps what it loaded; static TLS it had already
     * taken stays taken (glibc rarely gives it back). */
    p->n = first_new;
    refresh_sets(p);
  }
}

/* The dlopen again, on a copy of p with the loader's knob raised until it
 * loads: fills out->stopgap. */
static void process_find_stopgap(const struct process *p,
                                 const struct closure *c,
                                 struct dlopen_outcome *out);

void process_dlopen(struct process *p, const struct closure *c,
                    const char *name, struct dlopen_outcome *out) {
  struct process before = *p;
  before.mods = xcalloc(p->cap ? p->cap : 1, sizeof *before.mods);
  if (p->n)
    memcpy(before.mods, p->mods, p->n * sizeof *p->mods);
  before.all_set.mods = NULL;
  simulate(p, c, name, out);
  if (!out->loads)
    process_find_stopgap(&before, c, out);
  free(before.mods);
  free(before.all_set.mods);
}

/* Try the dlopen on a copy of p with other loader options. */
static bool loads_with(const struct process *p, const struct closure *c,
                       const struct loader_options *opts, uint64_t *needed) {
  struct process q = *p;
  q.mods = xcalloc(p->cap ? p->cap : 1, sizeof *q.mods);
  if (p->n)
    memcpy(q.mods, p->mods, p->n * sizeof *p->mods);
  q.all_set.mods = NULL;
  q.opts = *opts;
  static_tls_retune(&q.st, opts);
  struct dlopen_outcome o;
  simulate(&q, c, "", &o);
  bool ok = o.loads;
  if (needed)
    *needed = o.needed;
  dlopen_outcome_free(&o);
  free(q.mods);
  free(q.all_set.mods);
  return ok;
}

#define STOPGAP_LIMIT                                                          \
  (1ull << 26) /* 64 MiB of static TLS: beyond any real setting */

static void process_find_stopgap(const struct process *p,
                                 const struct closure *c,
                                 struct dlopen_outcome *out) {
  const char *root = c->n ? c->nodes[0].cm->path : "the library";
  struct loader_options opts = p->opts;
  uint64_t *knob = NULL;
  switch (p->loader) {
  case LOADER_GLIBC:
    knob = &opts.glibc_optional_static_tls;
    break;
  case LOADER_FREEBSD:
    knob = &opts.freebsd_static_tls_extra;
    break;
  case LOADER_MUSL:
    out->stopgap =
        (struct stopgap){STOPGAP_PRELOAD_NO_SURPLUS, 0, xstrdup(root)};
    return;
  }
  uint64_t lo = *knob, hi = STOPGAP_LIMIT;
  *knob = hi;
  uint64_t needed = 0;
  if (!loads_with(p, c, &opts, &needed)) {
    /* No amount of surplus helps: alignment, or a missing symbol. */
    if (out->failure.result == LOAD_STATIC_TLS_ALIGNMENT)
      out->stopgap =
          (struct stopgap){STOPGAP_PRELOAD_ALIGNMENT, 0, xstrdup(root)};
    return;
  }
  out->needed = needed; /* exact: what it takes when it fits */
  /* The smallest knob value that loads: loading is monotonic in it. */
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    *knob = mid;
    if (loads_with(p, c, &opts, NULL))
      hi = mid;
    else
      lo = mid + 1;
  }
  out->stopgap = (struct stopgap){p->loader == LOADER_GLIBC
                                      ? STOPGAP_GLIBC_OPTIONAL_STATIC_TLS
                                      : STOPGAP_FREEBSD_STATIC_TLS_EXTRA,
                                  lo, NULL};
}
