#include "tlsguard/objects_index.h"
#include "sources/objects_index.h"

#include <fts.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "elf/elf_module.h"
#include "report/findings.h"
#include "tlsguard/object_scan.h"
#include "tlsguard/report.h"

static void add_error(struct objects_index *ix, char *msg) {
  ix->errors = xrealloc(ix->errors, (ix->n_errors + 1) * sizeof *ix->errors);
  ix->errors[ix->n_errors++] = msg;
}

/* One origin per object, symbol and model: counts and functions merged. */
static void index_object(struct objects_index *ix, const struct elf_module *m) {
  struct object_scan scan;
  char err[512];
  if (!object_scan(m, &scan, err, sizeof err)) {
    add_error(ix, xasprintf("%s: %s", m->path, err));
    return;
  }
  ix->objects_read++;
  for (size_t i = 0; i < scan.n; i++) {
    const struct tls_access *a = &scan.accesses[i];
    if (!tls_model_is_static(a->model))
      continue;
    struct object_origin *o = NULL;
    for (size_t k = 0; k < ix->n && !o; k++)
      if (!strcmp(ix->items[k].object, m->path) &&
          !strcmp(ix->items[k].symbol, a->symbol) &&
          ix->items[k].model == a->model)
        o = &ix->items[k];
    if (!o) {
      if (ix->n == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 16;
        ix->items = xrealloc(ix->items, ix->cap * sizeof *ix->items);
      }
      o = &ix->items[ix->n++];
      *o =
          (struct object_origin){xstrdup(m->path), xstrdup(a->symbol), a->model,
                                 a->type_name,     xstrdup(""),        0};
    }
    o->count++;
    if (a->function && !name_list_has(o->functions, ", ", a->function) &&
        strlen(o->functions) < 200) {
      char *f = xasprintf("%s%s%s", o->functions, *o->functions ? ", " : "",
                          a->function);
      free(o->functions);
      o->functions = f;
    }
  }
  object_scan_free(&scan);
}

static void index_member(void *arg, const char *member, struct elf_module *m,
                         enum module_error e, const char *err) {
  struct objects_index *ix = arg;
  (void)member;
  if (e == MODULE_OK && m->kind == MODULE_RELOCATABLE)
    index_object(ix, m);
  else if (e != MODULE_OK)
    add_error(ix, xasprintf("%s: %s", m->path ? m->path : member, err));
  elf_module_close(m);
  free(m);
}

static void index_file(struct objects_index *ix, const char *path,
                       bool from_walk) {
  void *map;
  size_t size;
  char err[512];
  if (file_map(path, &map, &size, err, sizeof err) != MODULE_OK) {
    if (!from_walk)
      add_error(ix, xasprintf("%s: %s", path, err));
    return;
  }
  if (size >= 8 && !memcmp(map, "!<arch>\n", 8)) {
    Elf *ar = NULL;
    if (!ar_archive_each(path, map, size, index_member, ix, &ar, err,
                         sizeof err))
      add_error(ix, xasprintf("%s: %s", path, err));
    if (ar)
      elf_end(ar);
  } else if (size >= 4 && !memcmp(map,
                                  "\x7f"
                                  "ELF",
                                  4)) {
    struct elf_module m;
    if (elf_module_open_memory(&m, path, map, size, err, sizeof err) ==
            MODULE_OK &&
        m.kind == MODULE_RELOCATABLE)
      index_object(ix, &m);
    elf_module_close(&m);
  } else if (!from_walk) {
    add_error(ix, xasprintf("%s: not an object file or an ar archive", path));
  }
  munmap(map, size);
}

static int by_name(const FTSENT **a, const FTSENT **b) {
  return strcmp((*a)->fts_name, (*b)->fts_name);
}

void objects_index_add(struct objects_index *ix, const char *path) {
  char *roots[] = {(char *)path, NULL};
  FTS *fts =
      fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR | FTS_COMFOLLOW, by_name);
  if (!fts) {
    add_error(ix, xasprintf("%s: cannot read", path));
    return;
  }
  FTSENT *e;
  while ((e = fts_read(fts)))
    if (e->fts_info == FTS_F)
      index_file(ix, e->fts_path, e->fts_level > 0);
    else if (e->fts_info == FTS_NS && e->fts_level == 0)
      add_error(ix, xasprintf("%s: no such file or directory", path));
  fts_close(fts);
}

void objects_index_free(struct objects_index *ix) {
  for (size_t i = 0; i < ix->n; i++) {
    free(ix->items[i].object);
    free(ix->items[i].symbol);
    free(ix->items[i].functions);
  }
  for (size_t i = 0; i < ix->n_errors; i++)
    free(ix->errors[i]);
  free(ix->items);
  free(ix->errors);
  memset(ix, 0, sizeof *ix);
}

size_t objects_index_lookup(const struct objects_index *ix, const char *symbol,
                            object_origin_fn fn, void *ctx) {
  size_t n = 0;
  for (size_t i = 0; ix && i < ix->n; i++)
    if (!strcmp(ix->items[i].symbol, symbol)) {
      fn(ctx, &ix->items[i]);
      n++;
    }
  return n;
}
