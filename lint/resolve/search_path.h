/* Finding a DT_NEEDED library the way glibc's ld.so does (elf/dl-load.c
 * _dl_map_object): a name with a slash as given; else DT_RPATH of the
 * requester and of each module up its loader chain (only when the requester
 * has no DT_RUNPATH), LD_LIBRARY_PATH, the requester's DT_RUNPATH, the
 * ld.so cache, the default directories. $ORIGIN, $LIB and $PLATFORM are
 * expanded. A candidate with the wrong ELF class or machine is skipped, as
 * the loader skips it. */
#ifndef TLSGUARD_RESOLVE_SEARCH_PATH_H
#define TLSGUARD_RESOLVE_SEARCH_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "resolve/module_cache.h"
#include "resolve/sysroot.h"
#include "tlsguard/ldso_cache.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/search_config.h"

/* The same config searching the way another loader does (shares cfg's
 * lists: never freed on its own). */
struct search_config search_config_for(const struct search_config *cfg,
                                       enum loader_kind loader);

/* The module that asks for a library, and the ones that loaded it: DT_RPATH
 * is inherited up this chain. */
struct requester {
  const struct elf_module *module;
  const char *path; /* canonical host path */
  const struct requester *loader;
};

/* Why the search passed over a candidate (report/messages.c words it). */
enum search_problem_kind {
  SEARCH_LEAVES_ROOT,   /* path: the entry, root: the root; not searched */
  SEARCH_UNUSABLE,      /* path: the file, reason: why it cannot be used */
  SEARCH_WRONG_MACHINE, /* path: the file (elf64, machine), not what
                           requester needs; skipped */
};

/* The first candidate the search met and could not use: facts, not words.
 * One allocation holding its strings too: free() frees it. */
struct search_problem {
  enum search_problem_kind kind;
  /* Where the candidate came from: the step of loader's search (via;
   * RESOLVED_PATHNAME is the DT_NEEDED name itself, RESOLVED_LOADER musl's
   * loader); for an entry of a module's own search path, the entry as
   * written (dir) and that module's path (of), else NULL; musl's path file
   * (path_file, RESOLVED_MUSL_PATH), else NULL. */
  enum resolved_how via;
  enum loader_kind loader;
  const char *dir, *of, *path_file;
  const char *path;
  const char *root;      /* SEARCH_LEAVES_ROOT */
  const char *reason;    /* SEARCH_UNUSABLE: the module cache's error */
  bool elf64;            /* SEARCH_WRONG_MACHINE: the candidate's class, */
  const char *machine;   /* its architecture (NULL: not known), */
  const char *requester; /* and the module that needs the library */
};
struct search_problem *search_problem_copy(const struct search_problem *p);

struct resolve_result {
  const struct cached_module *found; /* NULL when not found */
  enum resolved_how how;
  /* a candidate passed over on the way (malloc'd: free()), or NULL */
  struct search_problem *problem;
};

bool resolve_needed(const struct search_config *cfg, struct module_cache *mc,
                    const struct requester *req, const char *name,
                    struct resolve_result *out);

/* Open a path the user gave: an input (a host path) or, with inside_root,
 * a path inside the root (--host=/usr/bin/python3 with --sysroot). */
const struct cached_module *resolve_input(const struct search_config *cfg,
                                          struct module_cache *mc,
                                          const char *path, bool inside_root);

/* Why resolve_input(cfg, mc, path, true) finds nothing: the facts
 * (report/messages.c words them, path_in_root_text). */
struct path_in_root {
  enum root_resolve result; /* ROOT_RESOLVE_OK: it does resolve */
  const char *root;         /* the sysroot; NULL when there is none */
  const char *path;
  bool on_host; /* with a sysroot: the path names a file on this machine */
};
/* False when the path resolves (nothing to explain). */
bool explain_path_in_root(const struct search_config *cfg, const char *path,
                          struct path_in_root *out);

#endif
