#include "tlsguard/ldso_cache.h"
#include "resolve/ldso_cache.h"

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve/sysroot.h"
#include "tlsguard/report.h"

#define CACHE_MAGIC_NEW "glibc-ld.so.cache1.1"
#define CACHE_MAGIC_OLD "ld.so-1.7.0"
#define CACHE_HEADER_NEW 48 /* sizeof(struct cache_file_new) */
#define CACHE_ENTRY_NEW 24  /* sizeof(struct file_entry_new) */
#define CACHE_ENTRY_OLD 12  /* sizeof(struct file_entry) */
#define HWCAP_EXTENSION (1ull << 62)
#define MAX_CACHE_SIZE (64u << 20)

struct cache_entry {
  const char *name, *path;
  size_t order;
};

struct ldso_cache {
  char *data; /* the cache file; names and paths point into it */
  struct cache_entry *entries;
  size_t n;
  const char **paths; /* entries[i].path, so a lookup can return a slice */
  char **conf_dirs;
  size_t n_conf, cap_conf;
};

static char *read_file(const char *path, size_t *size) {
  const char *why;
  FILE *f = file_open_stream(path, false, &why); /* a FIFO is not waited on */
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      if (cap >= MAX_CACHE_SIZE)
        break;
      cap = cap ? cap * 2 : 65536;
      buf = xrealloc(buf, cap + 1);
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  fclose(f);
  if (buf)
    buf[len] = '\0';
  *size = len;
  return buf;
}

static uint32_t u32(const char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static int by_name(const void *a, const void *b) {
  const struct cache_entry *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (c)
    return c;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Parse the new format, which follows the old one in caches written for
 * both. String offsets are relative to the new header. */
static void parse_cache(struct ldso_cache *c, size_t size) {
  const char *d = c->data;
  size_t off = 0;
  if (size >= sizeof CACHE_MAGIC_OLD - 1 + 4 &&
      !memcmp(d, CACHE_MAGIC_OLD, sizeof CACHE_MAGIC_OLD - 1)) {
    uint32_t nold = u32(d + 12);
    if (nold > size / CACHE_ENTRY_OLD)
      return;
    off = 16 + (size_t)nold * CACHE_ENTRY_OLD;
    off = (off + 7) & ~(size_t)7;
  }
  if (off > size || size - off < CACHE_HEADER_NEW ||
      memcmp(d + off, CACHE_MAGIC_NEW, sizeof CACHE_MAGIC_NEW - 1))
    return;
  const char *h = d + off;
  size_t avail = size - off;
  uint32_t nlibs = u32(h + 20);
  if (nlibs > (avail - CACHE_HEADER_NEW) / CACHE_ENTRY_NEW)
    return;
  /* Byte-order flag (glibc elf/cache.c; 0 in caches written before it
   * existed): 2 little, 3 big; a foreign cache is ignored. */
  uint8_t endian = (uint8_t)h[28] & 3;
  uint8_t native = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 2 : 3;
  if (endian != 0 && endian != native)
    return;
  c->entries = xcalloc(nlibs, sizeof *c->entries);
  for (uint32_t i = 0; i < nlibs; i++) {
    const char *e = h + CACHE_HEADER_NEW + (size_t)i * CACHE_ENTRY_NEW;
    uint32_t key = u32(e + 4), value = u32(e + 8);
    uint64_t hwcap;
    memcpy(&hwcap, e + 16, 8);
    if ((hwcap >> 32) & (HWCAP_EXTENSION >> 32))
      continue; /* a glibc-hwcaps variant: the generic entry is linted */
    if (key >= avail || value >= avail || !memchr(h + key, '\0', avail - key) ||
        !memchr(h + value, '\0', avail - value))
      continue;
    c->entries[c->n++] = (struct cache_entry){h + key, h + value, i};
  }
  qsort(c->entries, c->n, sizeof *c->entries, by_name);
  c->paths = xcalloc(c->n, sizeof *c->paths);
  for (size_t i = 0; i < c->n; i++)
    c->paths[i] = c->entries[i].path;
}

static void add_conf_dir(struct ldso_cache *c, const char *dir) {
  for (size_t i = 0; i < c->n_conf; i++)
    if (!strcmp(c->conf_dirs[i], dir))
      return;
  if (c->n_conf == c->cap_conf) {
    c->cap_conf = c->cap_conf ? c->cap_conf * 2 : 16;
    c->conf_dirs = xrealloc(c->conf_dirs, c->cap_conf * sizeof *c->conf_dirs);
  }
  c->conf_dirs[c->n_conf++] = xstrdup(dir);
}

/* ld.so.conf: directories, "include GLOB" (relative to the including
 * file's directory), comments. Depth-limited against include loops. */
static void parse_conf(struct ldso_cache *c, const char *root, const char *path,
                       int depth) {
  if (depth > 8)
    return;
  char *host = xasprintf("%s%s", root && strcmp(root, "/") ? root : "", path);
  size_t size;
  char *text = read_file(host, &size);
  free(host);
  if (!text)
    return;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    char *hash = strchr(line, '#');
    if (hash)
      *hash = '\0';
    while (*line == ' ' || *line == '\t')
      line++;
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
                   line[len - 1] == '\r'))
      line[--len] = '\0';
    if (!len)
      continue;
    if (!strncmp(line, "include", 7) && (line[7] == ' ' || line[7] == '\t')) {
      char *pattern = line + 8;
      while (*pattern == ' ' || *pattern == '\t')
        pattern++;
      char *dir = xstrdup(path);
      char *slash = strrchr(dir, '/');
      if (slash)
        slash[1] = '\0';
      char *abs = pattern[0] == '/' ? xstrdup(pattern)
                                    : xasprintf("%s%s", dir, pattern);
      char *host_pattern =
          xasprintf("%s%s", root && strcmp(root, "/") ? root : "", abs);
      glob_t g;
      if (glob(host_pattern, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
          const char *inside = root_relative(root, g.gl_pathv[i]);
          if (inside)
            parse_conf(c, root, inside, depth + 1);
        }
        globfree(&g);
      }
      free(host_pattern);
      free(abs);
      free(dir);
      continue;
    }
    if (!strncmp(line, "hwcap", 5) && (line[5] == ' ' || line[5] == '\t'))
      continue;
    char *eq = strchr(line, '='); /* old "dir=TYPE" syntax */
    if (eq)
      *eq = '\0';
    if (line[0] == '/')
      add_conf_dir(c, line);
  }
  free(text);
}

struct ldso_cache *ldso_cache_parse(char *data, size_t size) {
  struct ldso_cache *c = xcalloc(1, sizeof *c);
  c->data = data;
  if (data)
    parse_cache(c, size);
  return c;
}

struct ldso_cache *ldso_cache_load(const char *root) {
  struct ldso_cache *c = xcalloc(1, sizeof *c);
  char *path =
      xasprintf("%s/etc/ld.so.cache", root && strcmp(root, "/") ? root : "");
  size_t size = 0;
  c->data = read_file(path, &size);
  free(path);
  if (c->data)
    parse_cache(c, size);
  parse_conf(c, root, "/etc/ld.so.conf", 0);
  return c;
}

void ldso_cache_free(struct ldso_cache *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n_conf; i++)
    free(c->conf_dirs[i]);
  free(c->conf_dirs);
  free(c->entries);
  free(c->paths);
  free(c->data);
  free(c);
}

bool ldso_cache_present(const struct ldso_cache *c) { return c->n > 0; }

/* Entries for one name sit together after sorting; the result is a slice
 * of the path table, so a lookup allocates nothing. */
const char *const *ldso_cache_lookup(const struct ldso_cache *c,
                                     const char *soname, size_t *n) {
  *n = 0;
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(c->entries[mid].name, soname) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t end = lo;
  while (end < c->n && !strcmp(c->entries[end].name, soname))
    end++;
  *n = end - lo;
  return *n ? &c->paths[lo] : NULL;
}

const char *const *ldso_conf_dirs(const struct ldso_cache *c, size_t *n) {
  *n = c->n_conf;
  return (const char *const *)c->conf_dirs;
}
