#include "closure.h"

#include "needed_memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/dynsym.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/package.h"
#include "tlsguard/report.h"

#define MAX_DEPTH 256

const char *module_display_name(const struct cached_module *cm) {
  if (cm->module && cm->module->soname)
    return cm->module->soname;
  const char *slash = strrchr(cm->path, '/');
  return slash ? slash + 1 : cm->path;
}

static void add_node(struct closure *c, const struct cached_module *cm,
                     int parent, const char *needed, enum resolved_how how,
                     bool preloaded) {
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 16;
    c->nodes = xrealloc(c->nodes, c->cap * sizeof *c->nodes);
  }
  int at = (int)c->n;
  c->nodes[c->n++] = (struct closure_node){cm, parent, needed, how, preloaded};
  /* The names name_matches accepts, and the DT_NEEDED string itself. */
  if (cm->module && cm->module->soname)
    hmap_put_first(&c->by_name, cm->module->soname, at);
  const char *slash = strrchr(cm->path, '/');
  if (slash) {
    hmap_put_first(&c->by_name, slash + 1, at);
    hmap_put_first(&c->by_name, cm->path, at);
  }
  if (needed)
    hmap_put_first(&c->by_name, needed, at);
  hmap_put_first(&c->by_module, cm, at);
}

static void add_issue(struct closure *c, enum closure_issue_kind kind,
                      int requester, const char *name,
                      struct search_problem *search_problem) {
  if (c->n_issues == c->cap_issues) {
    c->cap_issues = c->cap_issues ? c->cap_issues * 2 : 4;
    c->issues = xrealloc(c->issues, c->cap_issues * sizeof *c->issues);
  }
  c->issues[c->n_issues++] =
      (struct closure_issue){kind, requester, xstrdup(name), search_problem};
}

/* ld.so reuses a loaded object whose soname (or requested name) matches. */
bool module_name_matches(const struct cached_module *cm, const char *name) {
  if (cm->module && cm->module->soname && !strcmp(cm->module->soname, name))
    return true;
  const char *slash = strrchr(cm->path, '/');
  return strchr(name, '/') ? !strcmp(cm->path, name)
                           : (slash && !strcmp(slash + 1, name));
}

static int find_loaded(const struct closure *c,
                       const struct loaded_set *already, const char *name,
                       const struct cached_module *by_path) {
  int at =
      by_path ? hmap_get(&c->by_module, by_path) : hmap_get(&c->by_name, name);
  if (at >= 0)
    return at;
  if (already)
    for (size_t i = 0; i < already->n; i++)
      if (by_path ? already->mods[i] == by_path
                  : module_name_matches(already->mods[i], name))
        return -2 - (int)i; /* encodes a preloaded module */
  return -1;
}

static bool is_ancestor(const struct closure *c, int node,
                        const struct cached_module *cm) {
  for (int i = node; i >= 0; i = c->nodes[i].parent)
    if (c->nodes[i].cm == cm)
      return true;
  return false;
}

/* Nothing is added to it, so it needs none of the name indexes closure_build
 * keeps (building them was 1% of a --no-deps run). */
void closure_of_root(struct closure *c, const struct cached_module *root) {
  memset(c, 0, sizeof *c);
  c->nodes = xmalloc(sizeof *c->nodes);
  c->n = c->cap = 1;
  c->nodes[0] = (struct closure_node){root, -1, NULL, RESOLVED_PATHNAME, false};
}

void closure_build(struct closure *c, const struct search_config *cfg,
                   struct module_cache *mc, const struct cached_module *root,
                   const struct loaded_set *already) {
  closure_build_in(c, cfg, mc, root, already, NULL);
}

/* Whether node i's search depends on the modules above it: glibc searches
 * the DT_RPATH of every loader above a module without DT_RUNPATH, musl the
 * DT_RUNPATH or DT_RPATH of every one. */
struct inherited {
  bool rpath;    /* some module above has DT_RPATH */
  bool any_path; /* some module above has DT_RPATH or DT_RUNPATH */
};

static bool search_inherits(const struct search_config *cfg,
                            const struct elf_module *m, struct inherited in) {
  if (cfg->loader == LOADER_MUSL)
    return in.any_path;
  return !m->runpath && in.rpath;
}

/* What makes requesters search alike, and the name, as a string key:
 * written by hand, not by xasprintf (a format run per DT_NEEDED was 2% of a
 * corpus run). Fields in hex, each ended by a space. */
static char *search_key(const struct elf_module *m, const char *name) {
  uint64_t fields[] = {(uint64_t)(uintptr_t)m->arch, m->elf_class, m->machine,
                       m->byte_order, (m->dt_flags_1 & DF_1_NODEFLIB) != 0};
  size_t nfields = sizeof fields / sizeof fields[0];
  size_t len = strlen(name);
  char *key = xmalloc(nfields * 17 + len + 1), *p = key;
  for (size_t i = 0; i < nfields; i++) {
    uint64_t v = fields[i];
    char digits[16];
    size_t n = 0;
    do
      digits[n++] = "0123456789abcdef"[v & 15];
    while ((v >>= 4) && n < sizeof digits);
    while (n)
      *p++ = digits[--n];
    *p++ = ' ';
  }
  memcpy(p, name, len + 1);
  return key;
}

/* resolve_needed, shared between requesters that search alike (see
 * module_cache_name_get): libc.so.6 is looked for once, not once for each
 * library that needs it. */
static bool resolve_shared(const struct search_config *cfg,
                           struct module_cache *mc, const struct requester *req,
                           const char *name, struct resolve_result *rr) {
  const struct elf_module *m = req->module;
  if (m->rpath || m->runpath || strchr(name, '/'))
    return resolve_needed(cfg, mc, req, name, rr);
  char *key = search_key(m, name);
  bool found;
  if (module_cache_name_get(mc, cfg, key, &found, rr)) {
    free(key);
    return found;
  }
  found = resolve_needed(cfg, mc, req, name, rr);
  if (!rr->problem)
    module_cache_name_put(mc, cfg, key, found, rr);
  free(key);
  return found;
}

/* The memo of node i's DT_NEEDED resolutions (made now if need be). */
static const struct needed_memo *memo_for(const struct search_config *cfg,
                                          struct module_cache *mc,
                                          const struct cached_module *cm) {
  const struct needed_memo *memo = module_cache_memo(cm, cfg);
  if (memo)
    return memo;
  const struct elf_module *m = cm->module;
  struct needed_memo *made =
      xcalloc(1, sizeof *made + m->n_needed * sizeof made->edges[0]);
  made->search = *cfg;
  made->n = m->n_needed;
  struct requester req = {m, cm->path, NULL};
  for (size_t j = 0; j < m->n_needed; j++)
    made->edges[j].found =
        resolve_shared(cfg, mc, &req, m->needed[j], &made->edges[j].rr);
  return module_cache_memo_add(cm, made);
}

void closure_build_in(struct closure *c, const struct search_config *cfg,
                      struct module_cache *mc, const struct cached_module *root,
                      const struct loaded_set *already,
                      const struct package *pkg) {
  memset(c, 0, sizeof *c);
  c->by_module.by_pointer = true;
  add_node(c, root, -1, NULL, RESOLVED_PATHNAME, false);
  /* Memos are kept for the module cache's entries; a package's members
   * are not, and their dependencies are looked for in the package first. */
  bool memo_ok = !pkg && module_cache_owns(mc, root);
  struct inherited *inherits = NULL;
  size_t n_inherits = 0;
  for (size_t i = 0; i < c->n; i++) {
    const struct elf_module *m = c->nodes[i].cm->module;
    if (n_inherits < c->n) {
      inherits = xrealloc(inherits, c->cap * sizeof *inherits);
      for (; n_inherits < c->n; n_inherits++) {
        int p = c->nodes[n_inherits].parent;
        const struct elf_module *pm = p >= 0 ? c->nodes[p].cm->module : NULL;
        inherits[n_inherits] =
            p < 0 ? (struct inherited){false, false}
                  : (struct inherited){inherits[p].rpath || (pm && pm->rpath),
                                       inherits[p].any_path ||
                                           (pm && (pm->rpath || pm->runpath))};
      }
    }
    if (!m || c->nodes[i].preloaded)
      continue;
    const struct needed_memo *memo =
        memo_ok && !search_inherits(cfg, m, inherits[i])
            ? memo_for(cfg, mc, c->nodes[i].cm)
            : NULL;
    /* The requester chain for DT_RPATH inheritance, this node up to the root.
     */
    struct requester chain[MAX_DEPTH];
    size_t depth = 0;
    for (int k = (int)i; !memo && k >= 0 && depth < MAX_DEPTH;
         k = c->nodes[k].parent, depth++)
      chain[depth] = (struct requester){c->nodes[k].cm->module,
                                        c->nodes[k].cm->path, NULL};
    for (size_t k = 0; k + 1 < depth; k++)
      chain[k].loader = &chain[k + 1];

    for (size_t j = 0; j < m->n_needed; j++) {
      const char *name = m->needed[j];
      int at = find_loaded(c, already, name, NULL);
      if (at <= -2) {
        /* Already in the process: part of this library's scope, not loaded
         * again. */
        add_node(c, already->mods[-2 - at], (int)i, name, RESOLVED_PATHNAME,
                 true);
        continue;
      }
      if (at != -1) {
        if (is_ancestor(c, (int)i, c->nodes[at].cm))
          add_issue(c, CLOSURE_LOOP, (int)i, name, NULL);
        continue;
      }
      const char *in_package;
      const struct cached_module *hit =
          pkg ? package_resolve(pkg, c->nodes[i].cm, name, &in_package) : NULL;
      if (hit) {
        if (find_loaded(c, already, NULL, hit) == -1)
          add_node(c, hit, (int)i, name, RESOLVED_PACKAGE, false);
        continue;
      }
      struct resolve_result rr;
      bool found;
      if (memo) {
        found = memo->edges[j].found;
        rr = memo->edges[j].rr;
        rr.problem =
            rr.problem && !found ? search_problem_copy(rr.problem) : NULL;
      } else {
        found = resolve_needed(cfg, mc, &chain[0], name, &rr);
      }
      if (!found) {
        add_issue(c, CLOSURE_UNRESOLVED, (int)i, name, rr.problem);
        continue;
      }
      if (rr.problem)
        free(rr.problem); /* found in the end: skipped candidates are normal */
      at = find_loaded(c, already, NULL, rr.found);
      if (at <= -2) {
        add_node(c, rr.found, (int)i, name, rr.how, true);
        continue;
      }
      if (at >= 0 && is_ancestor(c, (int)i, rr.found)) {
        add_issue(c, CLOSURE_LOOP, (int)i, name, NULL);
        continue;
      }
      if (at != -1)
        continue;
      add_node(c, rr.found, (int)i, name, rr.how, false);
    }
  }
  free(inherits);
}

void closure_free(struct closure *c) {
  for (size_t i = 0; i < c->n_issues; i++) {
    free(c->issues[i].name);
    free(c->issues[i].search_problem);
  }
  free(c->issues);
  free(c->nodes);
  hmap_free(&c->by_name);
  hmap_free(&c->by_module);
  memset(c, 0, sizeof *c);
}

size_t closure_chain(const struct closure *c, size_t i, const char **names,
                     size_t max) {
  size_t n = 0;
  for (int k = (int)i; k >= 0; k = c->nodes[k].parent)
    n++;
  size_t at = n;
  for (int k = (int)i; k >= 0; k = c->nodes[k].parent)
    if (--at < max)
      names[at] = module_display_name(c->nodes[k].cm);
  return n;
}

static bool defines(const struct cached_module *cm, const char *name,
                    const char *version, enum loader_kind loader) {
  GElf_Sym sym;
  uint64_t ndx;
  if (!cm->module)
    return false;
  return loader == LOADER_MUSL
             ? dynsym_lookup_musl(cm->module, name, &sym, &ndx)
             : dynsym_lookup(cm->module, name, version, &sym, &ndx);
}

/* glibc elf/dl-reloc.c RESOLVE_MAP with dl_symbol_visibility_binds_local_p;
 * musl's do_relocs looks only at the binding. */
static bool binds_to_itself(const struct elf_module *m, uint64_t symndx,
                            enum loader_kind loader) {
  GElf_Sym sym;
  if (!dynsym_get(m, symndx, &sym, NULL))
    return false;
  if (GELF_ST_BIND(sym.st_info) == STB_LOCAL)
    return true;
  return loader != LOADER_MUSL &&
         GELF_ST_VISIBILITY(sym.st_other) != STV_DEFAULT;
}

const struct cached_module *
closure_find_definer(const struct closure *c, const struct loaded_set *global,
                     const struct cached_module *referrer,
                     const struct tls_reloc *rel, enum loader_kind loader) {
  const struct elf_module *rm = referrer ? referrer->module : NULL;
  if (rel->symndx == 0)
    return referrer;
  if (rm && binds_to_itself(rm, rel->symndx, loader))
    return referrer;
  const char *name = rel->symname, *version = rel->symversion;
  if (rm && loader != LOADER_MUSL &&
      (rm->dt_symbolic || (rm->dt_flags & DF_SYMBOLIC)) &&
      defines(referrer, name, version, loader))
    return referrer;
  if (global)
    for (size_t i = 0; i < global->n; i++)
      if (defines(global->mods[i], name, version, loader))
        return global->mods[i];
  for (size_t i = 0; i < c->n; i++)
    if (defines(c->nodes[i].cm, name, version, loader))
      return c->nodes[i].cm;
  return NULL;
}
