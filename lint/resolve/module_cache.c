#include "resolve/module_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/elf_module.h"
#include "elf/held_file.h"
#include "hmap.h"
#include "needed_memo.h"
#include "support/alloc.h"
#include "tlsguard/report.h"

struct cache_slot {
  struct cached_module entry; /* first: a cached_module is its slot */
  struct elf_module module;
  bool opening; /* a thread is reading it; the others wait for it */
  struct cache_slot *next;
  _Atomic(struct needed_memo *) memos; /* one per search config */
};

struct resolve_slot {
  char *key; /* root, '\n', path */
  enum root_resolve result;
  char *canonical;
  struct resolve_slot *next;
};

#define RESOLVE_BUCKETS 4096

struct name_slot {
  char *key;
  struct search_config search;
  bool found;
  struct resolve_result rr; /* rr.problem is always NULL */
  struct name_slot *next;
};

#define NAME_BUCKETS 1024

struct module_cache {
  pthread_mutex_t lock;
  pthread_cond_t opened; /* some slot's opening became false */
  struct cache_slot **buckets;
  size_t nbuckets, count;
  struct resolve_slot **resolved; /* RESOLVE_BUCKETS chains */
  struct name_slot **names;       /* NAME_BUCKETS chains */
};

#define hash_path hash_string

struct module_cache *module_cache_new(void) {
  struct module_cache *c = xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->opened, NULL);
  c->nbuckets = 1024;
  c->buckets = xcalloc(c->nbuckets, sizeof *c->buckets);
  c->resolved = xcalloc(RESOLVE_BUCKETS, sizeof *c->resolved);
  c->names = xcalloc(NAME_BUCKETS, sizeof *c->names);
  return c;
}

void module_cache_free(struct module_cache *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->nbuckets; i++) {
    struct cache_slot *s = c->buckets[i];
    while (s) {
      struct cache_slot *next = s->next;
      if (s->entry.module)
        elf_module_close(&s->module);
      for (struct needed_memo *m = atomic_load(&s->memos), *after; m;
           m = after) {
        after = m->next;
        needed_memo_free(m);
      }
      free((char *)s->entry.path);
      free((char *)s->entry.error_message);
      free(s);
      s = next;
    }
  }
  free(c->buckets);
  for (size_t i = 0; i < RESOLVE_BUCKETS; i++)
    for (struct resolve_slot *s = c->resolved[i], *next; s; s = next) {
      next = s->next;
      free(s->key);
      free(s->canonical);
      free(s);
    }
  free(c->resolved);
  for (size_t i = 0; i < NAME_BUCKETS; i++)
    for (struct name_slot *s = c->names[i], *next; s; s = next) {
      next = s->next;
      free(s->key);
      free(s);
    }
  free(c->names);
  pthread_cond_destroy(&c->opened);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static void grow(struct module_cache *c) {
  size_t n = c->nbuckets * 2;
  struct cache_slot **b = xcalloc(n, sizeof *b);
  for (size_t i = 0; i < c->nbuckets; i++)
    for (struct cache_slot *s = c->buckets[i], *next; s; s = next) {
      next = s->next;
      size_t h = hash_path(s->entry.path) & (n - 1);
      s->next = b[h];
      b[h] = s;
    }
  free(c->buckets);
  c->buckets = b;
  c->nbuckets = n;
}

const struct cached_module *module_cache_get(struct module_cache *c,
                                             const char *path) {
  pthread_mutex_lock(&c->lock);
  size_t h = hash_path(path) & (c->nbuckets - 1);
  struct cache_slot *s = c->buckets[h];
  while (s && strcmp(s->entry.path, path))
    s = s->next;
  if (s) {
    while (s->opening)
      pthread_cond_wait(&c->opened, &c->lock);
    pthread_mutex_unlock(&c->lock);
    return &s->entry;
  }
  /* One reader per file, and it reads outside the lock: the other threads
   * look up (and open) other files meanwhile, and wait only for this one. */
  s = xcalloc(1, sizeof *s);
  s->entry.path = xstrdup(path);
  s->opening = true;
  s->next = c->buckets[h];
  c->buckets[h] = s;
  if (++c->count > c->nbuckets)
    grow(c);
  pthread_mutex_unlock(&c->lock);

  char err[512];
  enum module_error e = elf_module_open_kept(&s->module, path, err, sizeof err);
  const char *message = e == MODULE_OK ? NULL : xstrdup(err);
  if (e != MODULE_OK)
    elf_module_close(&s->module);

  pthread_mutex_lock(&c->lock);
  s->entry.error = e;
  s->entry.error_message = message;
  s->entry.module = e == MODULE_OK ? &s->module : NULL;
  s->opening = false;
  pthread_cond_broadcast(&c->opened);
  pthread_mutex_unlock(&c->lock);
  return &s->entry;
}

/* NAME in the canonical directory DIR ("/" ends with its slash already). */
static char *in_dir(const char *dir, const char *name) {
  size_t n = strlen(dir);
  return n && dir[n - 1] == '/' ? xasprintf("%s%s", dir, name)
                                : xjoin(dir, '/', name);
}

/* root_resolve, with the directory's resolution remembered: realpath
 * reads every component of every path as a link (a readlink each), and a
 * corpus's paths share a few directories. Only the last component is
 * looked at here; a link there, ".", ".." or a path without a directory go
 * the long way. */
static enum root_resolve resolve_in_dir(struct module_cache *c,
                                        const char *root, const char *path,
                                        char **out) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : "";
  if (!slash || slash == path || !*base || !strcmp(base, ".") ||
      !strcmp(base, ".."))
    return root_resolve(root, path, out);
  char *dir = xmalloc((size_t)(slash - path) + 1);
  memcpy(dir, path, (size_t)(slash - path));
  dir[slash - path] = '\0';
  const char *canonical_dir;
  enum root_resolve r = module_cache_resolve(c, root, dir, &canonical_dir);
  free(dir);
  if (r != ROOT_RESOLVE_OK)
    return r;
  char *host = in_dir(canonical_dir, base);
  /* An input's file_head has just looked at path on the host: a regular
   * file, not a link (the same file as host, whose directory is path's). */
  bool host_root = !root || !*root || !strcmp(root, "/");
  if (host_root && file_head_held_regular(path)) {
    *out = host;
    return ROOT_RESOLVE_OK;
  }
  struct stat st;
  if (lstat(host, &st) != 0) {
    free(host);
    return ROOT_RESOLVE_MISSING;
  }
  /* A link to a file of the same directory (libz.so.1 -> libz.so.1.2.13,
   * as most sonames are): one readlink, where realpath would read every
   * component of the path again. Anything else, a dangling link among them,
   * goes the long way. */
  for (int hops = 0; host_root && S_ISLNK(st.st_mode) && hops < 8; hops++) {
    char target[256];
    ssize_t len = readlink(host, target, sizeof target - 1);
    if (len <= 0 || (size_t)len >= sizeof target - 1)
      break;
    target[len] = '\0';
    if (strchr(target, '/') || !strcmp(target, ".") || !strcmp(target, ".."))
      break;
    char *next = in_dir(canonical_dir, target);
    struct stat next_st;
    if (lstat(next, &next_st) != 0) {
      free(next);
      break;
    }
    free(host);
    host = next;
    st = next_st;
  }
  if (S_ISLNK(st.st_mode)) {
    free(host);
    return root_resolve(root, path, out);
  }
  *out = host;
  return ROOT_RESOLVE_OK;
}

enum root_resolve module_cache_resolve(struct module_cache *c, const char *root,
                                       const char *path,
                                       const char **canonical) {
  char *key = xjoin(root ? root : "/", '\n', path);
  size_t h = hash_string(key) & (RESOLVE_BUCKETS - 1);
  pthread_mutex_lock(&c->lock);
  struct resolve_slot *s = c->resolved[h];
  while (s && strcmp(s->key, key))
    s = s->next;
  pthread_mutex_unlock(&c->lock);
  if (!s) {
    /* Resolved outside the lock; two threads may both do it, and the
     * second entry is then never found, which is harmless. */
    s = xcalloc(1, sizeof *s);
    s->key = key;
    key = NULL;
    s->result = resolve_in_dir(c, root, path, &s->canonical);
    pthread_mutex_lock(&c->lock);
    s->next = c->resolved[h];
    c->resolved[h] = s;
    pthread_mutex_unlock(&c->lock);
  }
  free(key);
  *canonical = s->canonical;
  return s->result;
}

bool search_config_same(const struct search_config *a,
                        const struct search_config *b) {
  return a->loader == b->loader && a->cache == b->cache && a->root == b->root &&
         a->platform == b->platform && a->library_path == b->library_path &&
         a->n_library_path == b->n_library_path &&
         a->ld_library_path == b->ld_library_path &&
         a->n_ld_library_path == b->n_ld_library_path &&
         a->hwcaps == b->hwcaps && a->n_hwcaps == b->n_hwcaps;
}

bool module_cache_owns(struct module_cache *c, const struct cached_module *cm) {
  pthread_mutex_lock(&c->lock);
  struct cache_slot *s = c->buckets[hash_path(cm->path) & (c->nbuckets - 1)];
  while (s && &s->entry != cm)
    s = s->next;
  pthread_mutex_unlock(&c->lock);
  return s != NULL;
}

static struct cache_slot *slot_of(const struct cached_module *cm) {
  return (struct cache_slot *)cm;
}

const struct needed_memo *module_cache_memo(const struct cached_module *cm,
                                            const struct search_config *cfg) {
  for (const struct needed_memo *m = atomic_load(&slot_of(cm)->memos); m;
       m = m->next)
    if (search_config_same(&m->search, cfg))
      return m;
  return NULL;
}

const struct needed_memo *module_cache_memo_add(const struct cached_module *cm,
                                                struct needed_memo *memo) {
  struct cache_slot *s = slot_of(cm);
  struct needed_memo *head = atomic_load(&s->memos);
  for (;;) {
    for (struct needed_memo *m = head; m; m = m->next)
      if (search_config_same(&m->search, &memo->search)) {
        needed_memo_free(memo);
        return m;
      }
    memo->next = head;
    if (atomic_compare_exchange_weak(&s->memos, &head, memo))
      return memo;
  }
}

void needed_memo_free(struct needed_memo *memo) {
  for (size_t i = 0; i < memo->n; i++)
    free(memo->edges[i].rr.problem);
  free(memo);
}

bool module_cache_name_get(struct module_cache *c,
                           const struct search_config *cfg, const char *key,
                           bool *found, struct resolve_result *rr) {
  size_t h = hash_string(key) & (NAME_BUCKETS - 1);
  pthread_mutex_lock(&c->lock);
  struct name_slot *s = c->names[h];
  while (s && (strcmp(s->key, key) || !search_config_same(&s->search, cfg)))
    s = s->next;
  if (s) {
    *found = s->found;
    *rr = s->rr;
  }
  pthread_mutex_unlock(&c->lock);
  return s != NULL;
}

void module_cache_name_put(struct module_cache *c,
                           const struct search_config *cfg, const char *key,
                           bool found, const struct resolve_result *rr) {
  /* Two threads may both put one (the same): the second is never found. */
  struct name_slot *s = xcalloc(1, sizeof *s);
  s->key = xstrdup(key);
  s->search = *cfg;
  s->found = found;
  s->rr = *rr;
  s->rr.problem = NULL;
  size_t h = hash_string(key) & (NAME_BUCKETS - 1);
  pthread_mutex_lock(&c->lock);
  s->next = c->names[h];
  c->names[h] = s;
  pthread_mutex_unlock(&c->lock);
}
