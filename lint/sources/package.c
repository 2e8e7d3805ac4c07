#include "tlsguard/package.h"
#include "sources/package.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "elf/elf_module.h"
#include "sources/libarchive_load.h"
#include "tlsguard/report.h"

#define READ_CHUNK (64 * 1024)

void package_limits_init(struct package_limits *l) {
  l->max_member = 1ull << 30; /* 1 GiB: a real .so, never a bomb's worth */
  l->max_total = 4ull << 30;
  l->max_depth = 3;
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

bool package_name(const char *path) {
  static const char *const suffixes[] = {
      ".whl", ".zip",    ".deb",     ".conda",   ".tar",    ".tar.gz",
      ".tgz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tar.lz4"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
    if (has_suffix(path, suffixes[i]))
      return true;
  return false;
}

bool package_sniff(const unsigned char *h, size_t n) {
  if (n >= 4 && h[0] == 'P' && h[1] == 'K' && (h[2] == 3 || h[2] == 5) &&
      (h[3] == 4 || h[3] == 6))
    return true; /* zip (wheel, conda v2) */
  if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
    return true; /* gzip */
  if (n >= 6 && !memcmp(h,
                        "\xfd"
                        "7zXZ\0",
                        6))
    return true; /* xz */
  if (n >= 4 && !memcmp(h, "\x28\xb5\x2f\xfd", 4))
    return true; /* zstd */
  if (n >= 3 && !memcmp(h, "BZh", 3))
    return true; /* bzip2 */
  if (n >= 262 && !memcmp(h + 257, "ustar", 5))
    return true; /* tar */
  if (n >= 8 + 16 && !memcmp(h, "!<arch>\n", 8) &&
      !memcmp(h + 8, "debian-binary", 13))
    return true; /* a .deb: an ar archive whose first member is debian-binary */
  return false;
}

static void add_problem(struct package *p, const char *where, char *message) {
  if (p->n_problems == p->cap_problems) {
    p->cap_problems = p->cap_problems ? p->cap_problems * 2 : 4;
    p->problems = xrealloc(p->problems, p->cap_problems * sizeof *p->problems);
  }
  p->problems[p->n_problems++] =
      (struct package_problem){xstrdup(where), message};
}

/* A member name as a path inside the package: "./" and "//" removed. NULL
 * when it is absolute or climbs out with "..". */
static char *normalize_member(const char *name) {
  if (!name || !*name || name[0] == '/')
    return NULL;
  char *out = xmalloc(strlen(name) + 1);
  size_t len = 0;
  const char *p = name;
  while (*p) {
    while (*p == '/')
      p++;
    if (!*p)
      break;
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 1 && p[0] == '.') {
      p += n;
      continue;
    }
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      free(out);
      return NULL; /* even "a/../b" is refused: a member name has no business
                      there */
    }
    if (len)
      out[len++] = '/';
    memcpy(out + len, p, n);
    len += n;
    p += n;
  }
  out[len] = '\0';
  if (!len) {
    free(out);
    return NULL;
  }
  return out;
}

static bool is_elf(const unsigned char *b, size_t n) {
  return n >= 4 && !memcmp(b,
                           "\x7f"
                           "ELF",
                           4);
}

/* How the installing tool writes a member (docs/sources-and-packages.md,
 * "Members as they are installed"): pip writes every wheel member whose
 * name does not end in '/' as a regular file of the member's bytes, and
 * takes nothing else from the zip's external attributes than the execute
 * bit -- a member the attributes call a symlink, a directory or nothing
 * at all is a file. libarchive would give such a member as a symlink (its
 * bytes become the link's target) or a directory, so the central
 * directory is made to say what pip does before libarchive reads it: a
 * Unix mode's type becomes S_IFREG, the MS-DOS directory bit is cleared,
 * for every member not named as a directory. */
static uint16_t le16(const unsigned char *b) { return b[0] | b[1] << 8; }
static uint32_t le32(const unsigned char *b) {
  return le16(b) | (uint32_t)le16(b + 2) << 16;
}
static uint64_t le64(const unsigned char *b) {
  return le32(b) | (uint64_t)le32(b + 4) << 32;
}

static void zip_members_as_pip_writes(unsigned char *b, size_t n) {
  if (n < 22)
    return;
  size_t eocd = n - 22, stop = n - 22 > 65535 ? n - 22 - 65535 : 0;
  while (memcmp(b + eocd, "PK\5\6", 4)) {
    if (eocd == stop)
      return;
    eocd--;
  }
  uint64_t entries = le16(b + eocd + 10), off = le32(b + eocd + 16);
  if ((entries == 0xffff || off == 0xffffffff) && eocd >= 20 &&
      !memcmp(b + eocd - 20, "PK\6\7", 4)) {
    uint64_t z64 = le64(b + eocd - 20 + 8);
    if (z64 <= n - 56 && !memcmp(b + z64, "PK\6\6", 4)) {
      entries = le64(b + z64 + 32);
      off = le64(b + z64 + 48);
    }
  }
  for (uint64_t i = 0; i < entries && off <= n && n - off >= 46 &&
                       !memcmp(b + off, "PK\1\2", 4);
       i++) {
    unsigned char *h = b + off;
    size_t name_len = le16(h + 28);
    uint64_t next = off + 46 + (uint64_t)name_len + le16(h + 30) + le16(h + 32);
    if (next > n)
      return;
    bool dir = name_len && h[46 + name_len - 1] == '/';
    uint32_t attr = le32(h + 38);
    if (!dir) {
      if (h[5] == 3) { /* made on Unix: the high half is st_mode */
        uint32_t perm = (attr >> 16) & 07777;
        attr = (attr & 0xffff) | (uint32_t)(0100000 | (perm ? perm : 0644))
                                     << 16;
      }
      attr &= ~(uint32_t)0x10; /* MS-DOS: directory */
      for (int k = 0; k < 4; k++)
        h[38 + k] = (unsigned char)(attr >> (8 * k));
    }
    off = next;
  }
}

static bool is_zip(const unsigned char *b, size_t n) {
  return n >= 4 && !memcmp(b, "PK\3\4", 4);
}

static void add_member(struct package *p, char *display, char *inner,
                       void *image, size_t size) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 8;
    p->members = xrealloc(p->members, p->cap * sizeof *p->members);
  }
  struct package_member *m = xcalloc(1, sizeof *m);
  m->display = display;
  const char *bang = strrchr(display, '!');
  m->name = bang ? bang + 1 : display;
  m->inner = inner;
  m->image = image;
  m->size = size;
  char err[512];
  m->cm.path = m->display;
  m->cm.error =
      elf_module_open_memory(&m->module, display, image, size, err, sizeof err);
  if (m->cm.error == MODULE_OK)
    m->cm.module = &m->module;
  else
    m->cm.error_message = xstrdup(err);
  p->members[p->n++] = m;
}

static bool read_archive(struct package *p, struct archive *a,
                         const char *prefix, const char *inner_prefix,
                         const struct package_limits *limits, unsigned depth,
                         char *err, size_t errlen);

static char *join_inside(const char *dir, const char *rel);

/* A symlink of the tree: its target as a tree path, relative to the link's
 * directory or, when absolute, to the tree's root (where the package is
 * installed); NULL when that climbs out. */
static void add_link(struct package *p, const char *raw, const char *target,
                     const char *inner_prefix) {
  char *inner = normalize_member(raw);
  if (!inner || !target || !*target) {
    free(inner);
    return;
  }
  const char *root = inner_prefix ? inner_prefix : "";
  char *dir = xstrdup(inner);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    dir[0] = '\0';
  char *from = target[0] == '/' ? xstrdup(root)
               : *root          ? xasprintf("%s/%s", root, dir)
                                : xstrdup(dir);
  while (*target == '/')
    target++;
  char *resolved = *target ? join_inside(from, target) : NULL;
  free(from);
  free(dir);
  /* join_inside may climb above the tree's root into a nested archive's
   * own prefix: that is outside the tree too. */
  if (resolved && *root &&
      (strncmp(resolved, root, strlen(root)) ||
       (resolved[strlen(root)] != '/' && resolved[strlen(root)] != '\0'))) {
    free(resolved);
    resolved = NULL;
  }
  if (p->n_links == p->cap_links) {
    p->cap_links = p->cap_links ? p->cap_links * 2 : 8;
    p->links = xrealloc(p->links, p->cap_links * sizeof *p->links);
  }
  char *full = *root ? xasprintf("%s/%s", root, inner) : xstrdup(inner);
  free(inner);
  p->links[p->n_links++] = (struct package_link){full, resolved};
}

/* Read one member: keep it if it is ELF, descend if it is an archive. */
static void read_member(struct package *p, struct archive *a,
                        struct archive_entry *e, const char *prefix,
                        const char *inner_prefix,
                        const struct package_limits *limits, unsigned depth) {
  const char *raw = archive_entry_pathname(e);
  /* A compressed file that is no archive (changelog.Debian.gz) is read raw:
   * its one "member" is the file itself, under the compressed member's name.
   */
  bool bare = archive_format(a) == ARCHIVE_FORMAT_RAW && inner_prefix;
  char *display =
      bare ? xstrdup(prefix) : xasprintf("%s!%s", prefix, raw ? raw : "?");
  /* dpkg-deb takes an ar member's bytes by its name, whatever its mode
   * says (a data.tar.xz of mode 644, no S_IFREG, is still the tree); tar
   * and dpkg's own tar reader go by the header's type flag, as libarchive
   * does; a zip member is a file unless its name ends in '/' (above). */
  bool ar = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_AR;
  if (!bare && !ar && archive_entry_filetype(e) == AE_IFLNK) {
    add_link(p, raw, archive_entry_symlink(e), inner_prefix);
    free(display);
    return;
  }
  if (!bare && !ar && archive_entry_filetype(e) != AE_IFREG) {
    free(display);
    return;
  }
  char *inner = bare ? xstrdup(inner_prefix) : normalize_member(raw);
  if (!inner) {
    add_problem(p, display,
                xasprintf("member name '%s' is absolute or climbs out of the "
                          "package with '..'; "
                          "not read",
                          raw ? raw : ""));
    free(display);
    return;
  }
  if (archive_entry_size_is_set(e) &&
      (uint64_t)archive_entry_size(e) > limits->max_member) {
    add_problem(p, display,
                xasprintf("member declares %" PRId64
                          " bytes, more than the %" PRIu64
                          "-byte limit (--max-member-size); not read",
                          (int64_t)archive_entry_size(e), limits->max_member));
    free(display);
    free(inner);
    return;
  }
  /* Read the first chunk, then decide whether the rest is worth keeping. */
  size_t cap = READ_CHUNK, len = 0;
  unsigned char *buf = xmalloc(cap);
  bool wanted = true, decided = false;
  for (;;) {
    if (len == cap) {
      if (!decided) {
        decided = true;
        wanted = is_elf(buf, len) || package_sniff(buf, len);
        if (!wanted)
          break;
      }
      if (cap > limits->max_member) {
        add_problem(p, display,
                    xasprintf("member decompresses to more than the %" PRIu64
                              "-byte limit (--max-member-size); not read",
                              limits->max_member));
        wanted = false;
        break;
      }
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    la_ssize_t got = archive_read_data(a, buf + len, cap - len);
    if (got < 0) {
      add_problem(
          p, display,
          xasprintf("cannot read the member: %s", archive_error_string(a)));
      wanted = false;
      break;
    }
    if (got == 0)
      break;
    len += (size_t)got;
  }
  if (wanted && is_elf(buf, len)) {
    if (p->kept + len > limits->max_total) {
      add_problem(p, display,
                  xasprintf("the package's ELF members exceed %" PRIu64
                            " bytes; not read",
                            limits->max_total));
      free(buf);
      free(display);
      free(inner);
      return;
    }
    p->kept += len;
    char *full_inner = inner_prefix && !bare
                           ? xasprintf("%s/%s", inner_prefix, inner)
                           : xstrdup(inner);
    add_member(p, display, full_inner, buf, len);
    free(inner);
    return;
  }
  if (wanted && package_sniff(buf, len)) {
    if (depth >= limits->max_depth) {
      add_problem(p, display,
                  xasprintf("archives nested deeper than %u; not read",
                            limits->max_depth));
    } else {
      struct archive *nested = archive_read_new();
      archive_read_support_filter_all(nested);
      archive_read_support_format_all(nested);
      if (!bare)
        archive_read_support_format_raw(nested); /* bids last: archives win */
      char err[512];
      /* A .deb's data.tar and a .conda's pkg-*.tar.* are the package's file
       * tree; other nested archives keep their own name as a directory. */
      const char *base = strrchr(inner, '/') ? strrchr(inner, '/') + 1 : inner;
      bool is_tree = !strncmp(base, "data.tar", 8) || !strncmp(base, "pkg-", 4);
      char *nested_inner =
          is_tree ? (inner_prefix ? xstrdup(inner_prefix) : NULL)
                  : (inner_prefix ? xasprintf("%s/%s", inner_prefix, inner)
                                  : xstrdup(inner));
      if (is_zip(buf, len))
        zip_members_as_pip_writes(buf, len);
      if (archive_read_open_memory(nested, buf, len) != ARCHIVE_OK)
        add_problem(p, display,
                    xasprintf("cannot read the nested archive: %s",
                              archive_error_string(nested)));
      else if (!read_archive(p, nested, display, nested_inner, limits,
                             depth + 1, err, sizeof err))
        add_problem(p, display, xstrdup(err));
      archive_read_free(nested);
      free(nested_inner);
    }
  }
  free(buf);
  free(display);
  free(inner);
}

static bool read_archive(struct package *p, struct archive *a,
                         const char *prefix, const char *inner_prefix,
                         const struct package_limits *limits, unsigned depth,
                         char *err, size_t errlen) {
  struct archive_entry *e;
  bool any = false;
  for (;;) {
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF)
      break;
    if (r == ARCHIVE_FATAL) {
      if (!any) {
        snprintf(err, errlen, "not a package tlsguard can read: %s",
                 archive_error_string(a));
        return false;
      }
      add_problem(p, prefix,
                  xasprintf("the archive is damaged or truncated: %s",
                            archive_error_string(a)));
      break;
    }
    any = true; /* ARCHIVE_WARN: the member is still read */
    read_member(p, a, e, prefix, inner_prefix, limits, depth);
  }
  return true;
}

static bool read_with(struct package *p, struct archive *a, int opened,
                      const char *path, const struct package_limits *limits,
                      char *err, size_t errlen) {
  if (opened != ARCHIVE_OK) {
    snprintf(err, errlen, "not a package tlsguard can read: %s",
             archive_error_string(a));
    archive_read_free(a);
    return false;
  }
  bool ok = read_archive(p, a, path, NULL, limits, 0, err, errlen);
  archive_read_free(a);
  return ok;
}

static struct archive *new_reader(void) {
  struct archive *a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  return a;
}

bool package_read(const char *path, const struct package_limits *limits,
                  struct package *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->path = xstrdup(path);
  if (!libarchive_load(err, errlen))
    return false;
  struct archive *a = new_reader();
  unsigned char head[4];
  size_t got = 0;
  if (file_head(path, head, sizeof head, &got, err, errlen) == MODULE_OK &&
      is_zip(head, got)) {
    /* A zip is read from a private (copy-on-write) mapping, its central
     * directory made to say what pip writes. */
    void *map;
    size_t size;
    if (file_map(path, &map, &size, err, errlen) != MODULE_OK) {
      archive_read_free(a);
      return false;
    }
    zip_members_as_pip_writes(map, size);
    bool ok = read_with(out, a, archive_read_open_memory(a, map, size), path,
                        limits, err, errlen);
    munmap(map, size);
    return ok;
  }
  return read_with(out, a, archive_read_open_filename(a, path, READ_CHUNK),
                   path, limits, err, errlen);
}

bool package_read_memory(const char *path, const void *data, size_t size,
                         const struct package_limits *limits,
                         struct package *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->path = xstrdup(path);
  if (!libarchive_load(err, errlen))
    return false;
  struct archive *a = new_reader();
  if (is_zip(data, size)) { /* as pip writes it: on a private copy */
    unsigned char *copy = xmalloc(size);
    memcpy(copy, data, size);
    zip_members_as_pip_writes(copy, size);
    bool ok = read_with(out, a, archive_read_open_memory(a, copy, size), path,
                        limits, err, errlen);
    free(copy);
    return ok;
  }
  return read_with(out, a, archive_read_open_memory(a, data, size), path,
                   limits, err, errlen);
}

void package_free(struct package *p) {
  for (size_t i = 0; i < p->n; i++) {
    struct package_member *m = p->members[i];
    elf_module_close(&m->module);
    free((char *)m->cm.error_message);
    free(m->image);
    free(m->display);
    free(m->inner);
    free(m);
  }
  for (size_t i = 0; i < p->n_problems; i++) {
    free(p->problems[i].where);
    free(p->problems[i].message);
  }
  for (size_t i = 0; i < p->n_links; i++) {
    free(p->links[i].inner);
    free(p->links[i].target);
  }
  free(p->links);
  free(p->members);
  free(p->problems);
  free(p->path);
  memset(p, 0, sizeof *p);
}

static const struct package_member *member_of(const struct package *p,
                                              const struct cached_module *cm) {
  for (size_t i = 0; i < p->n; i++)
    if (&p->members[i]->cm == cm)
      return p->members[i];
  return NULL;
}

/* Lexically join dir and rel inside the package; NULL when it climbs out. */
static char *join_inside(const char *dir, const char *rel) {
  char *joined = *dir ? xasprintf("%s/%s", dir, rel) : xstrdup(rel);
  char *out = xmalloc(strlen(joined) + 1);
  size_t len = 0;
  for (char *save = NULL, *t = strtok_r(joined, "/", &save); t;
       t = strtok_r(NULL, "/", &save)) {
    if (!strcmp(t, "."))
      continue;
    if (!strcmp(t, "..")) {
      if (!len) {
        free(joined);
        free(out);
        return NULL;
      }
      while (len && out[len - 1] != '/')
        len--;
      if (len)
        len--;
      continue;
    }
    if (len)
      out[len++] = '/';
    memcpy(out + len, t, strlen(t));
    len += strlen(t);
  }
  out[len] = '\0';
  free(joined);
  return out;
}

/* The member at a tree path, through the package's own symlinks (a few
 * hops: a loop ends there). */
static const struct cached_module *find_inner(const struct package *p,
                                              const char *inner) {
  for (int hops = 0; inner && hops < 16; hops++) {
    for (size_t i = 0; i < p->n; i++)
      if (!strcmp(p->members[i]->inner, inner) && p->members[i]->cm.module)
        return &p->members[i]->cm;
    const char *next = NULL;
    for (size_t i = 0; i < p->n_links && !next; i++)
      if (!strcmp(p->links[i].inner, inner)) {
        if (!p->links[i].target)
          return NULL; /* names a file outside the package */
        next = p->links[i].target;
      }
    inner = next;
  }
  return NULL;
}

const struct cached_module *
package_resolve(const struct package *p, const struct cached_module *requester,
                const char *name, const char **how) {
  const struct package_member *req = member_of(p, requester);
  if (!req || !requester->module || strchr(name, '/'))
    return NULL;
  const struct elf_module *m = requester->module;
  const char *paths = m->runpath ? m->runpath : m->rpath;
  char *dir = xstrdup(req->inner);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    dir[0] = '\0';
  if (paths) {
    char *copy = xstrdup(paths);
    for (char *save = NULL, *e = strtok_r(copy, ":", &save); e;
         e = strtok_r(NULL, ":", &save)) {
      const char *rel = NULL;
      if (!strncmp(e, "$ORIGIN", 7))
        rel = e + 7;
      else if (!strncmp(e, "${ORIGIN}", 9))
        rel = e + 9;
      if (!rel)
        continue;
      while (*rel == '/')
        rel++;
      char *base = *rel ? join_inside(dir, rel) : xstrdup(dir);
      if (!base)
        continue; /* climbs out of the package: left to the system search */
      char *candidate = *base ? xasprintf("%s/%s", base, name) : xstrdup(name);
      const struct cached_module *cm = find_inner(p, candidate);
      free(candidate);
      free(base);
      if (cm) {
        free(copy);
        free(dir);
        *how = m->runpath ? "DT_RUNPATH (in the package)"
                          : "DT_RPATH (in the package)";
        return cm;
      }
    }
    free(copy);
  }
  free(dir);
  for (size_t i = 0; i < p->n; i++) {
    const struct package_member *c = p->members[i];
    if (!c->cm.module || c == req)
      continue;
    const char *base =
        strrchr(c->inner, '/') ? strrchr(c->inner, '/') + 1 : c->inner;
    if ((c->module.soname && !strcmp(c->module.soname, name)) ||
        !strcmp(base, name)) {
      *how = "the package's own libraries";
      return &c->cm;
    }
  }
  for (size_t i = 0; i < p->n_links; i++) {
    const char *inner = p->links[i].inner;
    const char *base = strrchr(inner, '/') ? strrchr(inner, '/') + 1 : inner;
    const struct cached_module *cm =
        strcmp(base, name) ? NULL : find_inner(p, inner);
    if (cm && cm != requester) {
      *how = "the package's own libraries (through a symlink in it)";
      return cm;
    }
  }
  return NULL;
}
