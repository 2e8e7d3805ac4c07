/* Which glibc a libc.so.6 is, from the versions it defines (DT_VERDEF): the
 * highest GLIBC_2.N. A distribution's own revision (Debian's 2.N-R+debXuY)
 * is not in the file; the target says so (branch_fixes off).
 *
 * Plain <elf.h> and stdio rather than libelf: the compiler plugins link this
 * file, and they must not need libelf. Every read is bounds-checked. */
#include "tlsguard/loader_caps.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/byte_order.h"

/* The bytes [base, base + len) of a file of size bytes: the whole file
 * (read_whole), or one table of it (read_window). */
struct elf_image {
  unsigned char *data;
  size_t size;
  uint64_t base, len;
  bool is64, swap;
};

static uint16_t rd16(const struct elf_image *e, size_t off) {
  return (uint16_t)elf_uint(e->data + (off - e->base), 2, e->swap);
}
static uint32_t rd32(const struct elf_image *e, size_t off) {
  return (uint32_t)elf_uint(e->data + (off - e->base), 4, e->swap);
}
static uint64_t rd64(const struct elf_image *e, size_t off) {
  return elf_uint(e->data + (off - e->base), 8, e->swap);
}
static uint64_t rdword(const struct elf_image *e, size_t off) {
  return e->is64 ? rd64(e, off) : rd32(e, off);
}
static bool fits(const struct elf_image *e, uint64_t off, uint64_t len) {
  return off <= e->size && len <= e->size - off;
}

static bool read_whole(const char *path, struct elf_image *e, char *err,
                       size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return false;
  }
  size_t cap = 1 << 20, len = 0;
  unsigned char *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      fclose(f);
      snprintf(err, errlen, "%s: out of memory", path);
      return false;
    }
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap || cap >= (64u << 20))
      break;
    cap *= 2;
    unsigned char *grown = realloc(buf, cap);
    if (!grown)
      free(buf);
    buf = grown;
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    snprintf(err, errlen, "%s: read error", path);
    return false;
  }
  e->data = buf;
  e->size = e->len = len;
  return true;
}

/* len bytes from off of the file open as fd, which fits(e, off, len)
 * checked (a libc.so.6 is 2 MiB: only its headers and version tables are
 * read, not the whole of it). */
static bool read_window(int fd, const struct elf_image *file, uint64_t off,
                        uint64_t len, struct elf_image *w) {
  *w = *file;
  w->base = off;
  w->len = len;
  w->data = malloc(len ? len : 1);
  if (!w->data)
    return false;
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, w->data + got, len - got, (off_t)(off + got));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      free(w->data);
      w->data = NULL;
      return false;
    }
    got += (size_t)n;
  }
  return true;
}

/* "GLIBC_2.N" -> N; other names -> false. */
static bool glibc_minor(const char *name, unsigned *minor) {
  if (strncmp(name, "GLIBC_2.", 8))
    return false;
  char *end;
  unsigned long v = strtoul(name + 8, &end, 10);
  if (end == name + 8 || (*end && *end != '.'))
    return false;
  *minor = (unsigned)v;
  return true;
}

/* The bytes [off, off + len) of e's file as a window: e itself when e is
 * the whole file (fd < 0), else read from fd. free_window after. */
static bool window(int fd, const struct elf_image *e, uint64_t off,
                   uint64_t len, struct elf_image *w) {
  if (fd < 0) {
    *w = *e;
    return true;
  }
  return read_window(fd, e, off, len, w);
}

static void free_window(int fd, struct elf_image *w) {
  if (fd >= 0)
    free(w->data);
}

/* e: the file's size, class and byte order; its bytes are e's own (fd < 0)
 * or read from fd as they are needed. */
static bool scan_verdefs(int fd, const struct elf_image *e, const char *path,
                         struct libc_release *out, char *err, size_t errlen) {
  size_t ehsize = e->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
  if (!fits(e, 0, ehsize)) {
    snprintf(err, errlen, "%s: truncated ELF header", path);
    return false;
  }
  struct elf_image eh, sht, vdt, strt;
  if (!window(fd, e, 0, ehsize, &eh)) {
    snprintf(err, errlen, "%s: read error", path);
    return false;
  }
  uint64_t shoff = rdword(&eh, e->is64 ? 0x28 : 0x20);
  uint16_t shentsize = rd16(&eh, e->is64 ? 0x3a : 0x2e);
  uint16_t shnum = rd16(&eh, e->is64 ? 0x3c : 0x30);
  free_window(fd, &eh);
  size_t want = e->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
  if (shentsize < want || !fits(e, shoff, (uint64_t)shnum * shentsize)) {
    snprintf(err, errlen, "%s: bad section header table", path);
    return false;
  }
  if (!window(fd, e, shoff, (uint64_t)shnum * shentsize, &sht)) {
    snprintf(err, errlen, "%s: read error", path);
    return false;
  }
  unsigned best = 0;
  bool found = false, read_failed = false;
  for (uint16_t i = 0; i < shnum; i++) {
    size_t sh = shoff + (size_t)i * shentsize;
    uint32_t type = rd32(&sht, sh + 4);
    if (type != SHT_GNU_verdef)
      continue;
    uint64_t off = rdword(&sht, sh + (e->is64 ? 0x18 : 0x10));
    uint64_t size = rdword(&sht, sh + (e->is64 ? 0x20 : 0x14));
    uint32_t link = rd32(&sht, sh + (e->is64 ? 0x28 : 0x18));
    if (link >= shnum || !fits(e, off, size))
      break;
    size_t str_sh = shoff + (size_t)link * shentsize;
    uint64_t str_off = rdword(&sht, str_sh + (e->is64 ? 0x18 : 0x10));
    uint64_t str_size = rdword(&sht, str_sh + (e->is64 ? 0x20 : 0x14));
    if (!fits(e, str_off, str_size))
      break;
    if (!window(fd, e, off, size, &vdt)) {
      read_failed = true;
      break;
    }
    if (!window(fd, e, str_off, str_size, &strt)) {
      free_window(fd, &vdt);
      read_failed = true;
      break;
    }
    /* Elf32_Verdef and Elf64_Verdef are the same 20 bytes. */
    uint64_t at = 0;
    for (unsigned n = 0; n < 4096 && at + 20 <= size; n++) {
      size_t vd = off + at;
      uint32_t aux = rd32(&vdt, vd + 12), next = rd32(&vdt, vd + 16);
      if (aux + 8 <= size - at) {
        uint32_t name = rd32(&vdt, vd + aux);
        if (name < str_size) {
          const char *s =
              (const char *)strt.data + (str_off - strt.base) + name;
          unsigned minor;
          if (memchr(s, '\0', str_size - name) && glibc_minor(s, &minor)) {
            found = true;
            if (minor > best)
              best = minor;
          }
        }
      }
      if (next == 0)
        break;
      at += next;
    }
    free_window(fd, &vdt);
    free_window(fd, &strt);
    break;
  }
  free_window(fd, &sht);
  if (read_failed) {
    snprintf(err, errlen, "%s: read error", path);
    return false;
  }
  if (!found) {
    snprintf(err, errlen, "%s defines no GLIBC_2.N version", path);
    return false;
  }
  *out = (struct libc_release){LOADER_GLIBC, 2, best};
  return true;
}

/* The highest GLIBC_2.x version definition of one libc.so.6: a regular
 * file is read a table at a time, anything else whole. */
static bool glibc_release_of_file(const char *path, struct libc_release *out,
                                  char *err, size_t errlen) {
  struct elf_image e = {0};
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return false;
  }
  struct stat st;
  unsigned char ident[EI_NIDENT];
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    /* As much as read_whole would read. */
    e.size = (uint64_t)st.st_size < (64u << 20) ? (size_t)st.st_size
                                                : (size_t)(64u << 20);
    struct elf_image head;
    if (e.size >= EI_NIDENT) {
      if (!read_window(fd, &e, 0, EI_NIDENT, &head)) {
        close(fd);
        snprintf(err, errlen, "%s: read error", path);
        return false;
      }
      memcpy(ident, head.data, EI_NIDENT);
      free(head.data);
    }
  } else {
    close(fd);
    fd = -1;
    if (!read_whole(path, &e, err, errlen))
      return false;
    if (e.size >= EI_NIDENT)
      memcpy(ident, e.data, EI_NIDENT);
  }
  bool ok = false;
  if (e.size < EI_NIDENT || memcmp(ident, ELFMAG, SELFMAG)) {
    snprintf(err, errlen, "%s: not an ELF file", path);
  } else {
    e.is64 = ident[EI_CLASS] == ELFCLASS64;
    e.swap = elf_order_swapped(ident[EI_DATA]);
    ok = scan_verdefs(fd, &e, path, out, err, errlen);
  }
  if (fd >= 0)
    close(fd);
  free(e.data);
  return ok;
}

static bool first_match(const char *root, const char *const *patterns,
                        char *path, size_t len) {
  for (size_t i = 0; patterns[i]; i++) {
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s%s", root, patterns[i]);
    glob_t g;
    if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
      snprintf(path, len, "%s", g.gl_pathv[0]);
      globfree(&g);
      return true;
    }
    globfree(&g);
  }
  return false;
}

bool libc_target_default(const char *sysroot, struct libc_target *out,
                         char *err, size_t errlen) {
  static char origin[4096];
  const char *root = sysroot && *sysroot ? sysroot : "";
  static const char *const glibc_paths[] = {"/lib/*-linux-gnu*/libc.so.6",
                                            "/usr/lib/*-linux-gnu*/libc.so.6",
                                            "/lib64/libc.so.6",
                                            "/usr/lib64/libc.so.6",
                                            "/lib/libc.so.6",
                                            "/usr/lib/libc.so.6",
                                            NULL};
  static const char *const musl_paths[] = {"/lib/ld-musl-*.so.1", NULL};
  static const char *const freebsd_paths[] = {"/lib/libc.so.7", NULL};
  char path[4096];
  memset(out, 0, sizeof *out);
  if (first_match(root, glibc_paths, path, sizeof path)) {
    if (!glibc_release_of_file(path, &out->oldest, err, errlen))
      return false;
  } else if (first_match(root, musl_paths, path, sizeof path)) {
    /* musl's loader carries no version a file can show; 1.2 (2020) is
     * the oldest musllinux policy. */
    out->oldest = (struct libc_release){LOADER_MUSL, 1, 2};
  } else if (first_match(root, freebsd_paths, path, sizeof path)) {
    out->oldest = (struct libc_release){LOADER_FREEBSD, 14, 0};
  } else {
    snprintf(err, errlen,
             "no C library found under %s (libc.so.6, ld-musl-*.so.1 or "
             "libc.so.7); name the target with --target-libc=",
             *root ? root : "/");
    return false;
  }
  snprintf(origin, sizeof origin, "%s", path);
  out->origin = origin;
  return true;
}
