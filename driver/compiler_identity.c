#include "compiler_identity.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "diag.h"

/* Bump when the file format or the meaning of an answer changes. */
#define CACHE_FORMAT "tlsguard compiler identity 1"

struct compiler_file {
  char path[PATH_MAX]; /* symlinks resolved */
  struct stat st;
};

static bool compiler_file_init(struct compiler_file *f, const char *path) {
  return realpath(path, f->path) && stat(f->path, &f->st) == 0;
}

static char *cache_dir(void) {
  const char *dir = getenv("TLSGUARD_CACHE_DIR");
  if (dir)
    return *dir ? xstrdup(dir) : NULL;
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/')
    return xasprintf("%s/tlsguard", xdg);
  const char *home = getenv("HOME");
  if (home && home[0] == '/')
    return xasprintf("%s/.cache/tlsguard", home);
  return NULL;
}

static uint64_t fnv1a(const char *s) {
  uint64_t h = 0xcbf29ce484222325u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3u;
  return h;
}

static char *cache_file_for(const struct compiler_file *f) {
  char *dir = cache_dir();
  if (!dir)
    return NULL;
  char *file = xasprintf("%s/compiler-%016" PRIx64, dir, fnv1a(f->path));
  free(dir);
  return file;
}

static void format_stamp(const struct compiler_file *f, char *out,
                         size_t outlen) {
  snprintf(out, outlen, "%ju %ju %jd %jd %ld", (uintmax_t)f->st.st_dev,
           (uintmax_t)f->st.st_ino, (intmax_t)f->st.st_size,
           (intmax_t)f->st.st_mtim.tv_sec, (long)f->st.st_mtim.tv_nsec);
}

static bool parse_compiler_name(const char *name, enum host_compiler *c) {
  if (!strcmp(name, host_compiler_name(HOST_CLANG)))
    *c = HOST_CLANG;
  else if (!strcmp(name, host_compiler_name(HOST_GCC)))
    *c = HOST_GCC;
  else if (!strcmp(name, "unknown"))
    *c = HOST_UNKNOWN;
  else
    return false;
  return true;
}

/* The cached answer, if the cache file is for this very compiler file. */
static bool cache_read(const char *file, const struct compiler_file *f,
                       struct host *id) {
  FILE *in = fopen(file, "re");
  if (!in)
    return false;
  char format[64], path[PATH_MAX + 2], stamp[128], want[128], name[32];
  unsigned major;
  bool ok = fgets(format, sizeof format, in) && fgets(path, sizeof path, in) &&
            fgets(stamp, sizeof stamp, in) &&
            fscanf(in, "%31s %u", name, &major) == 2;
  fclose(in);
  if (!ok)
    return false;
  format[strcspn(format, "\n")] = '\0';
  path[strcspn(path, "\n")] = '\0';
  stamp[strcspn(stamp, "\n")] = '\0';
  format_stamp(f, want, sizeof want);
  if (strcmp(format, CACHE_FORMAT) || strcmp(path, f->path) ||
      strcmp(stamp, want) || !parse_compiler_name(name, &id->compiler))
    return false;
  id->major = major;
  snprintf(id->evidence, sizeof id->evidence, "cached in %s", file);
  return true;
}

/* The cache directory, and its parent (~/.cache) if need be; never more:
 * a build with HOME=/nonexistent (Debian's builders) must not create it. */
static void make_cache_dir(const char *file) {
  char *dir = xstrdup(file);
  char *slash = strrchr(dir, '/');
  if (slash && slash != dir) {
    *slash = '\0';
    if (mkdir(dir, 0755) != 0 && errno == ENOENT) {
      char *parent_end = strrchr(dir, '/');
      if (parent_end && parent_end != dir) {
        *parent_end = '\0';
        mkdir(dir, 0755);
        *parent_end = '/';
        mkdir(dir, 0755);
      }
    }
  }
  free(dir);
}

/* Written to a private file and renamed, so that parallel compiles never
 * read half an answer. */
static void cache_write(const char *file, const struct compiler_file *f,
                        const struct host *id) {
  make_cache_dir(file);
  char *tmp = xasprintf("%s.%ld.tmp", file, (long)getpid());
  FILE *out = fopen(tmp, "we");
  if (!out) {
    free(tmp);
    return;
  }
  char stamp[128];
  format_stamp(f, stamp, sizeof stamp);
  fprintf(out, "%s\n%s\n%s\n%s %u\n", CACHE_FORMAT, f->path, stamp,
          host_compiler_name(id->compiler), id->major);
  bool ok = fclose(out) == 0;
  if (!ok || rename(tmp, file) != 0)
    unlink(tmp);
  free(tmp);
}

/* The value of "#define NAME VALUE" in the macro dump, or NULL. */
static const char *macro_value(const char *dump, const char *name) {
  size_t len = strlen(name);
  for (const char *line = dump; line && *line;) {
    if (!strncmp(line, "#define ", 8) && !strncmp(line + 8, name, len) &&
        (line[8 + len] == ' ' || line[8 + len] == '\n'))
      return line + 8 + len;
    line = strchr(line, '\n');
    if (line)
      line++;
  }
  return NULL;
}

static unsigned macro_number(const char *dump, const char *name) {
  const char *value = macro_value(dump, name);
  return value ? (unsigned)strtoul(value, NULL, 10) : 0;
}

/* Clang-based compilers with an LLVM of their own (Intel's) cannot load a
 * plugin built for the clang of the same major. */
static void identify_from_macros(const char *dump, struct host *id) {
  bool clang = macro_value(dump, "__clang__") != NULL;
  bool foreign = macro_value(dump, "__INTEL_LLVM_COMPILER") ||
                 macro_value(dump, "__INTEL_COMPILER");
  if (clang && !foreign && macro_number(dump, "__clang_major__")) {
    id->compiler = HOST_CLANG;
    id->major = macro_number(dump, "__clang_major__");
  } else if (!clang && !foreign && macro_number(dump, "__GNUC__")) {
    id->compiler = HOST_GCC;
    id->major = macro_number(dump, "__GNUC__");
  }
}

static bool probe(const char *compiler_path, struct host *id) {
  char *argv[] = {(char *)compiler_path, "-dM", "-E", "-x", "c",
                  "/dev/null",           NULL};
  struct child_io io = {-1, true, true};
  int fd;
  pid_t pid = child_start(compiler_path, argv, &io, &fd);
  if (pid < 0)
    return false;
  size_t cap = 64 * 1024, len = 0;
  char *dump = xmalloc(cap + 1);
  for (;;) {
    if (len == cap) {
      cap *= 2;
      dump = xrealloc(dump, cap + 1);
    }
    ssize_t n = read(fd, dump + len, cap - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    len += (size_t)n;
  }
  close(fd);
  dump[len] = '\0';
  int status = child_wait(pid);
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ok)
    identify_from_macros(dump, id);
  free(dump);
  snprintf(id->evidence, sizeof id->evidence, "asked %s -dM -E", compiler_path);
  return ok;
}

void compiler_identity(const char *compiler_path, struct host *id,
                       enum identity_source *source) {
  memset(id, 0, sizeof *id);
  *source = IDENTITY_PROBED;
  struct compiler_file f;
  char *file = NULL;
  if (compiler_file_init(&f, compiler_path)) {
    file = cache_file_for(&f);
    if (file && cache_read(file, &f, id)) {
      *source = IDENTITY_CACHED;
      free(file);
      return;
    }
  }
  /* Only an answer from a compiler that ran cleanly is kept. */
  if (probe(compiler_path, id) && file)
    cache_write(file, &f, id);
  free(file);
}
