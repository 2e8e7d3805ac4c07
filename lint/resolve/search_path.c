#include "resolve/search_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "resolve/ldso_cache.h"
#include "resolve/sysroot.h"
#include "support/alloc.h"
#include "tlsguard/report.h"
#include "tlsguard/tls_abi.h"

void search_config_init(struct search_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
}

static void push_dir(char ***list, size_t *n, const char *dir) {
  *list = xrealloc(*list, (*n + 1) * sizeof **list);
  (*list)[(*n)++] = xstrdup(dir);
}

void search_config_set_ld_library_path(struct search_config *cfg,
                                       const char *value) {
  for (size_t i = 0; i < cfg->n_ld_library_path; i++)
    free(cfg->ld_library_path[i]);
  cfg->n_ld_library_path = 0;
  /* glibc splits on ':' and ';'; an empty entry means the working directory. */
  const char *p = value;
  while (p && *p) {
    size_t len = strcspn(p, ":;");
    char *dir = len ? strndup(p, len) : xstrdup(".");
    push_dir(&cfg->ld_library_path, &cfg->n_ld_library_path, dir);
    free(dir);
    p += len;
    if (*p)
      p++;
  }
}

void search_config_add_library_path(struct search_config *cfg,
                                    const char *dir) {
  push_dir(&cfg->library_path, &cfg->n_library_path, dir);
}

void search_config_set_preload(struct search_config *cfg, const char *list) {
  for (size_t i = 0; i < cfg->n_preload; i++)
    free(cfg->preload[i]);
  cfg->n_preload = 0;
  char *copy = xstrdup(list), *save = NULL;
  for (char *name = strtok_r(copy, " \t\n:", &save); name;
       name = strtok_r(NULL, " \t\n:", &save))
    push_dir(&cfg->preload, &cfg->n_preload, name);
  free(copy);
}

void search_config_set_hwcaps(struct search_config *cfg, const char *list) {
  for (size_t i = 0; i < cfg->n_hwcaps; i++)
    free(cfg->hwcaps[i]);
  cfg->n_hwcaps = 0;
  cfg->hwcaps_set = true;
  if (!strcmp(list, "none"))
    return;
  char *copy = xstrdup(list), *save = NULL;
  for (char *sub = strtok_r(copy, ",:", &save); sub;
       sub = strtok_r(NULL, ",:", &save))
    push_dir(&cfg->hwcaps, &cfg->n_hwcaps, sub);
  free(copy);
}

#if defined(__x86_64__)
/* The x86-64 ISA level glibc's ld.so reports for this CPU
 * (sysdeps/x86/get-isa-level.h): 1 baseline, 2, 3 or 4. */
static int x86_64_isa_level(void) {
  unsigned a, b, c, d, c8 = 0, b7 = 0, unused;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return 1;
  __get_cpuid(0x80000001, &unused, &unused, &c8, &unused);
  __get_cpuid_count(7, 0, &unused, &b7, &unused, &unused);
  unsigned xcr0 = 0;
  if (c & bit_OSXSAVE) {
    unsigned hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(hi) : "c"(0));
  }
  bool v2 = (c & bit_CMPXCHG16B) && (c & bit_POPCNT) && (c & bit_SSE3) &&
            (c & bit_SSE4_1) && (c & bit_SSE4_2) && (c & bit_SSSE3) &&
            (c8 & bit_LAHF_LM);
  bool v3 = v2 && (xcr0 & 6) == 6 && (c & bit_AVX) && (b7 & bit_AVX2) &&
            (b7 & bit_BMI) && (b7 & bit_BMI2) && (c & bit_F16C) &&
            (c & bit_FMA) && (c8 & bit_ABM) && (c & bit_MOVBE);
  bool v4 = v3 && (xcr0 & 0xe6) == 0xe6 && (b7 & bit_AVX512F) &&
            (b7 & bit_AVX512BW) && (b7 & bit_AVX512CD) && (b7 & bit_AVX512DQ) &&
            (b7 & bit_AVX512VL);
  return v4 ? 4 : v3 ? 3 : v2 ? 2 : 1;
}
#endif

/* This machine's supported levels, best first, when linting for this very
 * machine; none for a --sysroot (its CPU is not known). */
static void default_hwcaps(struct search_config *cfg) {
  if (cfg->hwcaps_set || (cfg->root && strcmp(cfg->root, "/")))
    return;
#if defined(__x86_64__)
  for (int level = x86_64_isa_level(); level >= 2; level--) {
    char sub[16];
    snprintf(sub, sizeof sub, "x86-64-v%d", level);
    push_dir(&cfg->hwcaps, &cfg->n_hwcaps, sub);
  }
#endif
}

void search_config_finish(struct search_config *cfg) {
  default_hwcaps(cfg);
  if (!cfg->cache)
    cfg->cache = ldso_cache_load(cfg->root);
}

void search_config_free(struct search_config *cfg) {
  for (size_t i = 0; i < cfg->n_preload; i++)
    free(cfg->preload[i]);
  free(cfg->preload);
  for (size_t i = 0; i < cfg->n_hwcaps; i++)
    free(cfg->hwcaps[i]);
  free(cfg->hwcaps);
  for (size_t i = 0; i < cfg->n_library_path; i++)
    free(cfg->library_path[i]);
  for (size_t i = 0; i < cfg->n_ld_library_path; i++)
    free(cfg->ld_library_path[i]);
  free(cfg->library_path);
  free(cfg->ld_library_path);
  free(cfg->root);
  free(cfg->platform);
  ldso_cache_free(cfg->cache);
  memset(cfg, 0, sizeof *cfg);
}

struct search_config search_config_for(const struct search_config *cfg,
                                       enum loader_kind loader) {
  struct search_config copy = *cfg;
  copy.loader = loader;
  return copy;
}

const char *resolved_how_name(enum resolved_how how) {
  switch (how) {
  case RESOLVED_PATHNAME:
    return "path name";
  case RESOLVED_RPATH:
    return "DT_RPATH";
  case RESOLVED_LD_LIBRARY_PATH:
    return "LD_LIBRARY_PATH";
  case RESOLVED_LIBRARY_PATH:
    return "--library-path";
  case RESOLVED_RUNPATH:
    return "DT_RUNPATH";
  case RESOLVED_CACHE:
    return "ld.so.cache";
  case RESOLVED_CONF:
    return "ld.so.conf";
  case RESOLVED_DEFAULT:
    return "default directories";
  case RESOLVED_PACKAGE:
    return "the package";
  case RESOLVED_LOADER:
    return "the loader itself";
  case RESOLVED_MUSL_PATH:
    return "musl path file";
  case RESOLVED_PRELOAD:
    return "LD_PRELOAD";
  }
  return "?";
}

/* Debian's multiarch directory names: what $LIB expands to after "lib/" and
 * where the default directories are. */
static const char *multiarch_triplet(const struct elf_module *m) {
  if (!m->arch)
    return NULL;
  bool big = m->byte_order == ELFDATA2MSB;
  switch (m->arch->id) {
  case TLS_ARCH_X86_64:
    return "x86_64-linux-gnu";
  case TLS_ARCH_X32:
    return "x86_64-linux-gnux32";
  case TLS_ARCH_I386:
    return "i386-linux-gnu";
  case TLS_ARCH_AARCH64:
    return big ? "aarch64_be-linux-gnu" : "aarch64-linux-gnu";
  case TLS_ARCH_AARCH64_ILP32:
    return "aarch64_ilp32-linux-gnu";
  case TLS_ARCH_ARM:
    return "arm-linux-gnueabihf";
  case TLS_ARCH_PPC64:
    return big ? "powerpc64-linux-gnu" : "powerpc64le-linux-gnu";
  case TLS_ARCH_PPC:
    return "powerpc-linux-gnu";
  case TLS_ARCH_S390X:
    return "s390x-linux-gnu";
  case TLS_ARCH_RISCV64:
    return "riscv64-linux-gnu";
  case TLS_ARCH_RISCV32:
    return "riscv32-linux-gnu";
  case TLS_ARCH_LOONGARCH64:
    return "loongarch64-linux-gnu";
  case TLS_ARCH_UNKNOWN:
    break;
  }
  return NULL;
}

/* $PLATFORM: the kernel's AT_PLATFORM when linting for this very machine,
 * else the name that architecture's kernels usually report. */
static const char *platform_of(const struct search_config *cfg,
                               const struct elf_module *m) {
  if (cfg->platform)
    return cfg->platform;
  bool host_root = !cfg->root || !strcmp(cfg->root, "/");
#if defined(__x86_64__)
  bool host_arch = m->arch && m->arch->id == TLS_ARCH_X86_64;
#elif defined(__aarch64__)
  bool host_arch = m->arch && m->arch->id == TLS_ARCH_AARCH64;
#else
  bool host_arch = false;
#endif
  if (host_root && host_arch) {
    const char *p = (const char *)getauxval(AT_PLATFORM);
    if (p)
      return p;
  }
  if (!m->arch)
    return "unknown";
  switch (m->arch->id) {
  case TLS_ARCH_I386:
    return "i686";
  case TLS_ARCH_ARM:
    return "v7l";
  case TLS_ARCH_PPC64:
    return m->byte_order == ELFDATA2MSB ? "power8" : "power9";
  default:
    return m->arch->name;
  }
}

static bool compatible(const struct elf_module *want,
                       const struct elf_module *got) {
  return got->elf_class == want->elf_class && got->machine == want->machine &&
         got->byte_order == want->byte_order;
}

/* Expand $ORIGIN/$LIB/$PLATFORM (and ${...}) in one search-path entry.
 * *on_host: the result is a host path ($ORIGIN of a module that lives
 * outside the root), not a path inside the root. */
static char *expand_dst(const struct search_config *cfg,
                        const struct requester *req, const char *entry,
                        bool *on_host) {
  *on_host = false;
  size_t cap = strlen(entry) + 4096;
  char *out = xmalloc(cap);
  size_t len = 0;
  for (const char *p = entry; *p;) {
    const char *name = NULL, *value = NULL;
    size_t skip = 0;
    if (p[0] == '$') {
      static const char *const dsts[] = {"ORIGIN", "LIB", "PLATFORM"};
      for (size_t i = 0; i < 3 && !name; i++) {
        size_t n = strlen(dsts[i]);
        if (!strncmp(p + 1, dsts[i], n) &&
            !(p[1 + n] == '_' || (p[1 + n] >= 'A' && p[1 + n] <= 'Z') ||
              (p[1 + n] >= 'a' && p[1 + n] <= 'z') ||
              (p[1 + n] >= '0' && p[1 + n] <= '9')))
          name = dsts[i], skip = 1 + n;
        else if (p[1] == '{' && !strncmp(p + 2, dsts[i], n) && p[2 + n] == '}')
          name = dsts[i], skip = 3 + n;
      }
    }
    char origin[4096];
    if (name && !strcmp(name, "ORIGIN")) {
      snprintf(origin, sizeof origin, "%s", req->path);
      char *slash = strrchr(origin, '/');
      if (slash && slash != origin)
        *slash = '\0';
      else if (slash)
        slash[1] = '\0';
      const char *inside = root_relative(cfg->root, origin);
      if (inside && cfg->root && strcmp(cfg->root, "/"))
        value = inside;
      else {
        value = origin;
        if (cfg->root && strcmp(cfg->root, "/"))
          *on_host = true;
      }
    } else if (name && !strcmp(name, "LIB")) {
      const char *triplet = multiarch_triplet(req->module);
      snprintf(origin, sizeof origin, "lib%s%s", triplet ? "/" : "",
               triplet ? triplet : "");
      value = origin;
    } else if (name && !strcmp(name, "PLATFORM")) {
      value = platform_of(cfg, req->module);
    }
    if (value) {
      size_t vlen = strlen(value);
      if (len + vlen + 1 >= cap)
        out = xrealloc(out, cap = (len + vlen + 1) * 2);
      memcpy(out + len, value, vlen);
      len += vlen;
      p += skip;
    } else {
      if (len + 2 >= cap)
        out = xrealloc(out, cap *= 2);
      out[len++] = *p++;
    }
  }
  out[len] = '\0';
  return out;
}

/* Where a candidate came from (struct search_problem's via, dir, of and
 * path_file). */
struct candidate_origin {
  enum resolved_how via;
  const char *dir, *of, *path_file;
};

static size_t packed_size(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *pack(char **at, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  memcpy(*at, s, n);
  const char *copy = *at;
  *at += n;
  return copy;
}

struct search_problem *search_problem_copy(const struct search_problem *p) {
  const char *const strings[] = {p->path_file, p->dir,      p->of,
                                 p->path,      p->root,     p->reason,
                                 p->machine,   p->requester};
  size_t size = sizeof *p;
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
    size += packed_size(strings[i]);
  struct search_problem *copy = xmalloc(size);
  char *at = (char *)(copy + 1);
  *copy = *p;
  copy->path_file = pack(&at, p->path_file);
  copy->dir = pack(&at, p->dir);
  copy->of = pack(&at, p->of);
  copy->path = pack(&at, p->path);
  copy->root = pack(&at, p->root);
  copy->reason = pack(&at, p->reason);
  copy->machine = pack(&at, p->machine);
  copy->requester = pack(&at, p->requester);
  return copy;
}

/* Keep the first problem met: p's strings are copied. */
static void note_problem(struct resolve_result *out, enum loader_kind loader,
                         const struct candidate_origin *from,
                         struct search_problem p) {
  if (out->problem)
    return;
  p.via = from->via;
  p.loader = loader;
  p.dir = from->dir;
  p.of = from->dir ? from->of : NULL;
  p.path_file = from->path_file;
  out->problem = search_problem_copy(&p);
}

/* Try one file; true when it is the library. */
static bool try_file(const struct search_config *cfg, struct module_cache *mc,
                     const struct requester *req, const char *path,
                     bool on_host, const struct candidate_origin *from,
                     struct resolve_result *out) {
  const char *host = NULL;
  enum root_resolve r =
      module_cache_resolve(mc, on_host ? NULL : cfg->root, path, &host);
  if (r == ROOT_RESOLVE_ESCAPES) {
    note_problem(out, cfg->loader, from,
                 (struct search_problem){.kind = SEARCH_LEAVES_ROOT,
                                         .path = path,
                                         .root = cfg->root});
    return false;
  }
  if (r != ROOT_RESOLVE_OK)
    return false;
  const struct cached_module *cm = module_cache_get(mc, host);
  if (!cm->module) {
    if (cm->error != MODULE_ERR_IO)
      note_problem(out, cfg->loader, from,
                   (struct search_problem){.kind = SEARCH_UNUSABLE,
                                           .path = cm->path,
                                           .reason = cm->error_message});
    return false;
  }
  if (!compatible(req->module, cm->module)) {
    const struct tls_arch *arch = cm->module->arch;
    note_problem(
        out, cfg->loader, from,
        (struct search_problem){.kind = SEARCH_WRONG_MACHINE,
                                .path = cm->path,
                                .elf64 = cm->module->elf_class == ELFCLASS64,
                                .machine = arch ? arch->name : NULL,
                                .requester = req->path});
    return false;
  }
  out->found = cm;
  return true;
}

/* glibc (elf/dl-load.c open_path with _dl_important_hwcaps): in each
 * directory, DIR/glibc-hwcaps/SUB/NAME for every supported SUB in priority
 * order, then DIR/NAME. path is DIR/NAME. */
static bool try_with_hwcaps(const struct search_config *cfg,
                            struct module_cache *mc,
                            const struct requester *req, const char *path,
                            bool on_host, const struct candidate_origin *from,
                            struct resolve_result *out) {
  const char *slash = strrchr(path, '/');
  bool x86_64 = req->module->arch && req->module->arch->id == TLS_ARCH_X86_64;
  if (slash && cfg->loader == LOADER_GLIBC && cfg->n_hwcaps) {
    /* Most directories have no glibc-hwcaps: asked once, not per level. */
    char *hwcaps = xasprintf("%.*s/glibc-hwcaps", (int)(slash - path), path);
    const char *host;
    if (module_cache_resolve(mc, on_host ? NULL : cfg->root, hwcaps, &host) !=
        ROOT_RESOLVE_OK)
      slash = NULL;
    free(hwcaps);
  }
  for (size_t i = 0; slash && cfg->loader == LOADER_GLIBC && i < cfg->n_hwcaps;
       i++) {
    if (!strncmp(cfg->hwcaps[i], "x86-64-", 7) && !x86_64)
      continue;
    char *sub = xasprintf("%.*s/glibc-hwcaps/%s%s", (int)(slash - path), path,
                          cfg->hwcaps[i], slash);
    const char *host;
    bool there = module_cache_resolve(mc, on_host ? NULL : cfg->root, sub,
                                      &host) == ROOT_RESOLVE_OK;
    bool found = there && try_file(cfg, mc, req, sub, on_host, from, out);
    free(sub);
    if (found)
      return true;
  }
  return try_file(cfg, mc, req, path, on_host, from, out);
}

/* Search a colon-separated DT_RPATH/DT_RUNPATH (or a list of dirs). */
static bool try_dirs(const struct search_config *cfg, struct module_cache *mc,
                     const struct requester *req, const char *list,
                     const char *name, enum resolved_how how,
                     struct resolve_result *out) {
  char *copy = xstrdup(list);
  bool found = false;
  char *save = NULL;
  for (char *dir = strtok_r(copy, ":", &save); dir && !found;
       dir = strtok_r(NULL, ":", &save)) {
    bool on_host;
    char *expanded = expand_dst(cfg, req, dir, &on_host);
    char *path = xjoin(expanded, '/', name);
    struct candidate_origin from = {how, dir, req->path, NULL};
    found = try_with_hwcaps(cfg, mc, req, path, on_host, &from, out);
    free(path);
    free(expanded);
  }
  free(copy);
  if (found)
    out->how = how;
  return found;
}

static bool try_dir_array(const struct search_config *cfg,
                          struct module_cache *mc, const struct requester *req,
                          char *const *dirs, size_t n, const char *name,
                          enum resolved_how how, struct resolve_result *out) {
  for (size_t i = 0; i < n; i++) {
    char *path = xjoin(dirs[i], '/', name);
    struct candidate_origin from = {how, NULL, NULL, NULL};
    bool found = try_with_hwcaps(cfg, mc, req, path, false, &from, out);
    free(path);
    if (found) {
      out->how = how;
      return true;
    }
  }
  return false;
}

/* musl's LDSO_ARCH (arch/<arch>/reloc.h): the loader is
 * /lib/ld-musl-ARCH.so.1, its path file /etc/ld-musl-ARCH.path. */
static const char *musl_arch(const struct elf_module *m) {
  if (!m->arch)
    return NULL;
  bool big = m->byte_order == ELFDATA2MSB;
  switch (m->arch->id) {
  case TLS_ARCH_X86_64:
    return "x86_64";
  case TLS_ARCH_X32:
    return "x32";
  case TLS_ARCH_I386:
    return "i386";
  case TLS_ARCH_AARCH64:
    return big ? "aarch64_be" : "aarch64";
  case TLS_ARCH_ARM:
    return big ? "armebhf" : "armhf";
  case TLS_ARCH_PPC64:
    return big ? "powerpc64" : "powerpc64le";
  case TLS_ARCH_PPC:
    return "powerpc";
  case TLS_ARCH_S390X:
    return "s390x";
  case TLS_ARCH_RISCV64:
    return "riscv64";
  case TLS_ARCH_RISCV32:
    return "riscv32";
  case TLS_ARCH_LOONGARCH64:
    return "loongarch64";
  default:
    return NULL;
  }
}

/* musl: names that are the loader itself (its libc.so also provides
 * libpthread, librt, libm, libdl, libutil, libxnet). */
static bool musl_is_loader_name(const char *name) {
  /* ldso/dynlink.c load_library: "Catch and block attempts to reload the
   * implementation itself". */
  static const char *const reserved[] = {"c.",  "pthread.", "rt.",  "m.",
                                         "dl.", "util.",    "xnet."};
  if (!strncmp(name, "ld-musl-", 8))
    return true;
  if (strncmp(name, "lib", 3))
    return false;
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (!strncmp(name + 3, reserved[i], strlen(reserved[i])))
      return true;
  return false;
}

/* musl's path_open: the first file that exists in the list wins, usable or
 * not. *stop: a file was there (found, or unusable and so the end). */
static bool musl_try_list(const struct search_config *cfg,
                          struct module_cache *mc, const struct requester *req,
                          const char *list, const char *seps, const char *name,
                          const struct candidate_origin *from, bool dst,
                          struct resolve_result *out, bool *stop) {
  char *copy = xstrdup(list);
  bool found = false;
  char *save = NULL;
  for (char *dir = strtok_r(copy, seps, &save); dir && !*stop;
       dir = strtok_r(NULL, seps, &save)) {
    bool on_host = false;
    char *expanded = dst ? expand_dst(cfg, req, dir, &on_host) : xstrdup(dir);
    char *path = xjoin(expanded, '/', name);
    const char *host;
    if (module_cache_resolve(mc, on_host ? NULL : cfg->root, path, &host) ==
        ROOT_RESOLVE_OK) {
      struct candidate_origin here = *from;
      if (here.dir)
        here.dir = dir;
      found = try_file(cfg, mc, req, path, on_host, &here, out);
      *stop = true;
    }
    free(path);
    free(expanded);
  }
  free(copy);
  return found;
}

/* musl ldso/dynlink.c load_library: LD_LIBRARY_PATH, then DT_RUNPATH (or
 * DT_RPATH) of the requester and of each module that loaded it, then the
 * lines of /etc/ld-musl-ARCH.path, else /lib:/usr/local/lib:/usr/lib.
 * Only $ORIGIN is expanded; no cache, no multiarch defaults. */
static bool resolve_needed_musl(const struct search_config *cfg,
                                struct module_cache *mc,
                                const struct requester *req, const char *name,
                                struct resolve_result *out) {
  const char *arch = musl_arch(req->module);
  if (musl_is_loader_name(name)) {
    /* The loader itself: the process has it already. */
    char *ldso = xasprintf("/lib/ld-musl-%s.so.1", arch ? arch : "unknown");
    struct candidate_origin from = {RESOLVED_LOADER, NULL, NULL, NULL};
    bool found = try_file(cfg, mc, req, ldso, false, &from, out);
    free(ldso);
    out->how = RESOLVED_LOADER;
    return found;
  }
  bool stop = false;
  struct candidate_origin from_env = {RESOLVED_LD_LIBRARY_PATH, NULL, NULL,
                                      NULL};
  for (size_t i = 0; i < cfg->n_ld_library_path && !stop; i++)
    if (musl_try_list(cfg, mc, req, cfg->ld_library_path[i], "", name,
                      &from_env, false, out, &stop)) {
      out->how = RESOLVED_LD_LIBRARY_PATH;
      return true;
    }
  struct candidate_origin from_l = {RESOLVED_LIBRARY_PATH, NULL, NULL, NULL};
  for (size_t i = 0; i < cfg->n_library_path && !stop; i++)
    if (musl_try_list(cfg, mc, req, cfg->library_path[i], "", name, &from_l,
                      false, out, &stop)) {
      out->how = RESOLVED_LIBRARY_PATH;
      return true;
    }
  for (const struct requester *r = req; r && !stop; r = r->loader) {
    const struct elf_module *rm = r->module;
    const char *list = rm->runpath ? rm->runpath : rm->rpath;
    if (!list)
      continue;
    struct candidate_origin from = {
        rm->runpath ? RESOLVED_RUNPATH : RESOLVED_RPATH, list, r->path, NULL};
    if (musl_try_list(cfg, mc, r, list, ":", name, &from, true, out, &stop)) {
      out->how = rm->runpath ? RESOLVED_RUNPATH : RESOLVED_RPATH;
      return true;
    }
  }
  if (stop)
    return false;
  char *conf = xasprintf("/etc/ld-musl-%s.path", arch ? arch : "unknown");
  const char *host;
  char *sys_path = NULL;
  if (module_cache_resolve(mc, cfg->root, conf, &host) == ROOT_RESOLVE_OK) {
    FILE *f = fopen(host, "r");
    if (f) {
      char buf[4096];
      size_t n = fread(buf, 1, sizeof buf - 1, f);
      buf[n] = '\0';
      fclose(f);
      sys_path = xstrdup(buf);
    }
  }
  struct candidate_origin from = {
      sys_path ? RESOLVED_MUSL_PATH : RESOLVED_DEFAULT, NULL, NULL, conf};
  bool found = musl_try_list(
      cfg, mc, req, sys_path ? sys_path : "/lib:/usr/local/lib:/usr/lib", ":\n",
      name, &from, false, out, &stop);
  if (found)
    out->how = sys_path ? RESOLVED_MUSL_PATH : RESOLVED_DEFAULT;
  free(sys_path);
  free(conf);
  return found;
}

bool resolve_needed(const struct search_config *cfg, struct module_cache *mc,
                    const struct requester *req, const char *name,
                    struct resolve_result *out) {
  memset(out, 0, sizeof *out);
  const struct elf_module *m = req->module;
  if (cfg->loader == LOADER_MUSL && !strchr(name, '/'))
    return resolve_needed_musl(cfg, mc, req, name, out);

  if (strchr(name, '/')) {
    bool on_host;
    char *expanded = expand_dst(cfg, req, name, &on_host);
    /* A relative name is relative to the working directory, as for the loader.
     */
    struct candidate_origin from = {RESOLVED_PATHNAME, NULL, NULL, NULL};
    bool found = try_file(cfg, mc, req, expanded, on_host || expanded[0] != '/',
                          &from, out);
    free(expanded);
    out->how = RESOLVED_PATHNAME;
    return found;
  }

  if (!m->runpath) {
    for (const struct requester *r = req; r; r = r->loader)
      if (r->module->rpath &&
          try_dirs(cfg, mc, r, r->module->rpath, name, RESOLVED_RPATH, out))
        return true;
  }
  if (try_dir_array(cfg, mc, req, cfg->ld_library_path, cfg->n_ld_library_path,
                    name, RESOLVED_LD_LIBRARY_PATH, out))
    return true;
  if (try_dir_array(cfg, mc, req, cfg->library_path, cfg->n_library_path, name,
                    RESOLVED_LIBRARY_PATH, out))
    return true;
  if (m->runpath &&
      try_dirs(cfg, mc, req, m->runpath, name, RESOLVED_RUNPATH, out))
    return true;
  if (m->dt_flags_1 & DF_1_NODEFLIB)
    return false;

  size_t n;
  const char *const *cached = ldso_cache_lookup(cfg->cache, name, &n);
  struct candidate_origin from_cache = {RESOLVED_CACHE, NULL, NULL, NULL};
  for (size_t i = 0; i < n; i++)
    if (try_with_hwcaps(cfg, mc, req, cached[i], false, &from_cache, out)) {
      out->how = RESOLVED_CACHE;
      return true;
    }
  if (!ldso_cache_present(cfg->cache)) {
    const char *const *conf = ldso_conf_dirs(cfg->cache, &n);
    if (try_dir_array(cfg, mc, req, (char *const *)conf, n, name, RESOLVED_CONF,
                      out))
      return true;
  }

  /* Debian's multiarch directories first, then lib64 layouts, then plain. */
  const char *triplet = multiarch_triplet(m);
  char *defaults[6];
  size_t nd = 0;
  if (triplet) {
    defaults[nd++] = xasprintf("/lib/%s", triplet);
    defaults[nd++] = xasprintf("/usr/lib/%s", triplet);
  }
  if (m->elf_class == ELFCLASS64) {
    defaults[nd++] = xstrdup("/lib64");
    defaults[nd++] = xstrdup("/usr/lib64");
  }
  defaults[nd++] = xstrdup("/lib");
  defaults[nd++] = xstrdup("/usr/lib");
  bool found =
      try_dir_array(cfg, mc, req, defaults, nd, name, RESOLVED_DEFAULT, out);
  for (size_t i = 0; i < nd; i++)
    free(defaults[i]);
  return found;
}

const struct cached_module *resolve_input(const struct search_config *cfg,
                                          struct module_cache *mc,
                                          const char *path, bool inside_root) {
  const char *host;
  if (module_cache_resolve(mc, inside_root ? cfg->root : NULL, path, &host) !=
      ROOT_RESOLVE_OK)
    return NULL;
  return module_cache_get(mc, host);
}

bool explain_path_in_root(const struct search_config *cfg, const char *path,
                          struct path_in_root *out) {
  bool in_root = cfg->root && strcmp(cfg->root, "/");
  char *host = NULL;
  *out = (struct path_in_root){
      root_resolve(in_root ? cfg->root : NULL, path, &host),
      in_root ? cfg->root : NULL, path, false};
  free(host);
  if (out->result == ROOT_RESOLVE_OK)
    return false;
  if (in_root) {
    char *real = realpath(path, NULL);
    out->on_host = real != NULL;
    free(real);
  }
  return true;
}
