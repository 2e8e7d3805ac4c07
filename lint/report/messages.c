/* The words: every sentence the analysis's facts are reported in. The
 * analysis records what it found (a result, modules, sizes, a relocation);
 * this file says it. */
#include "report/findings.h"
#include "tlsguard/report.h"

#include "resolve/search_path.h"
#include "tlsguard/debuginfo.h"
#include "tlsguard/policy.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tlsguard/policy.h"

/* ---- predictions ---- */

/* "libfoo.so's own 4096-byte TLS block ... (reached by R_X86_64_TPOFF64 in
 * libbar.so)": whose block, and what makes it static. */
static char *failure_reason(enum loader_kind loader,
                            const struct load_failure *f) {
  const char *error = loader_static_tls_error(loader);
  char owner[512], how[512];
  snprintf(owner, sizeof owner, f->own_block ? "%s's own" : "%s's",
           f->block_module);
  if (f->reloc_name)
    snprintf(how, sizeof how, "reached by %s in %s", f->reloc_name,
             f->referrer);
  else
    snprintf(how, sizeof how, "%s is marked DF_STATIC_TLS", f->referrer);
  switch (f->result) {
  case LOAD_STATIC_TLS_ALIGNMENT:
    return xasprintf("%s %" PRIu64 "-byte TLS block needs %" PRIu64
                     "-byte alignment, more than the static TLS area's %" PRIu64
                     " (%s): \"%s\"",
                     owner, f->block_size, f->block_align, f->area_align, how,
                     error);
  case LOAD_STATIC_TLS_REFUSED:
    return xasprintf("%s TLS block is static (%s), and %s reserves no static "
                     "TLS for late modules: \"%s\"",
                     owner, how, loader_kind_name(loader), error);
  case LOAD_NO_STATIC_TLS_SPACE:
    return xasprintf("%s %" PRIu64 "-byte TLS block (align %" PRIu64
                     ") does not fit the %" PRIu64 " bytes left (%s): \"%s\"",
                     owner, f->block_size, f->block_align, f->left, how, error);
  default:
    return NULL;
  }
}

static char *prediction_reason(const struct load_prediction *p) {
  const struct load_failure *f = &p->failure;
  switch (f->result) {
  case LOAD_OK:
    return NULL;
  case LOAD_VERSION_MISSING:
    return loader_version_error(p->loader, f->library, f->version, f->requirer);
  case LOAD_UNDEFINED_SYMBOL: {
    char *error = loader_undefined_symbol_error(p->loader, f->symbol);
    char *s = xasprintf("%s needs TLS symbol '%s', which no module in its "
                        "closure defines: \"%s\"",
                        f->referrer, f->symbol, error);
    free(error);
    return s;
  }
  default:
    return failure_reason(p->loader, f);
  }
}

/* "liba.so (600 bytes), libb.so (600 bytes)" */
static char *users_text(const struct load_prediction *p) {
  size_t len = 0;
  char used[1024] = "";
  for (size_t i = 0; i < p->n_users; i++)
    if (len < sizeof used - 64)
      len += (size_t)snprintf(used + len, sizeof used - len,
                              "%s%s (%" PRIu64 " bytes)", len ? ", " : "",
                              p->users[i].module, p->users[i].bytes);
  return len ? xstrdup(used) : NULL;
}

static char *host_text(const struct load_prediction *p) {
  const char *host;
  switch (p->host_kind) {
  case HOST_PROGRAM:
    host = p->host_path;
    break;
  case HOST_LIBC_ONLY:
    host = "a program linked only to the C library";
    break;
  case HOST_LIBC_NOT_FOUND:
    host = "a program linked only to the C library, which was not found: "
           "no start-up TLS assumed";
    break;
  case HOST_NO_C_LIBRARY:
  default:
    return xstrdup("a program with no C library");
  }
  if (!p->n_preloads)
    return xstrdup(host);
  char said[1024] = "";
  size_t said_len = 0;
  for (size_t i = 0; i < p->n_preloads; i++)
    if (said_len < sizeof said - 1)
      said_len +=
          (size_t)snprintf(said + said_len, sizeof said - said_len, "%s%s%s",
                           said_len ? " " : "", p->preloads[i].name,
                           p->preloads[i].found ? "" : " (not found: ignored)");
  return xasprintf("%s, with LD_PRELOAD=%s", host, said);
}

void prediction_words(const struct load_prediction *p,
                      struct prediction_words *w) {
  memset(w, 0, sizeof *w);
  if (!p->computed)
    return;
  w->reason = p->loads ? NULL : prediction_reason(p);
  w->stopgap = stopgap_text(&p->stopgap_facts);
  w->used_by = users_text(p);
  w->host = host_text(p);
}

void prediction_words_free(struct prediction_words *w) {
  free(w->reason);
  free(w->stopgap);
  free(w->used_by);
  free(w->host);
  memset(w, 0, sizeof *w);
}

void load_prediction_free(struct load_prediction *p) {
  load_failure_free(&p->failure);
  free(p->stopgap_facts.preload);
  for (size_t i = 0; i < p->n_users; i++)
    free(p->users[i].module);
  free(p->users);
  free(p->host_path);
  for (size_t i = 0; i < p->n_preloads; i++)
    free(p->preloads[i].name);
  free(p->preloads);
  memset(p, 0, sizeof *p);
}

/* ---- findings ---- */

static const char *plural(uint64_t n) { return n == 1 ? "" : "s"; }
/* The verb's third person: "1 relocation makes", "2 relocations make". */
static const char *verb_s(uint64_t n) { return n == 1 ? "s" : ""; }

/* "libtest.so → libjemalloc.so.2", the middle elided past CHAIN_SHOWN. */
static char *finding_chain_text(const struct finding *f) {
  size_t n = f->chain_len, keep = CHAIN_SHOWN / 2;
  /* Eliding one name would save nothing: it is shown instead. */
  size_t elided = n > CHAIN_SHOWN + 1 ? n - 2 * keep : 0;
  char more[48] = "";
  if (elided)
    snprintf(more, sizeof more, "\u2026 %zu more \u2026", elided);
  size_t len = strlen(more) + 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(f->chain[i]) + 5;
  char *s = xmalloc(len);
  s[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (elided && i >= keep && i < n - keep) {
      if (i == keep) {
        strcat(s, " \u2192 ");
        strcat(s, more);
      }
      continue;
    }
    if (i)
      strcat(s, " \u2192 ");
    strcat(s, f->chain[i]);
  }
  return s;
}

static char *finding_text(const struct file_report *r,
                          const struct finding *f) {
  uint64_t n = f->count;
  const char *types = f->reloc_types;
  switch (f->form) {
  case MESSAGE_TEXT:
    break;
  case MESSAGE_OWN_BLOCK:
    return xasprintf("static TLS: %" PRIu64
                     " %s relocation%s make%s this library's own %" PRIu64
                     "-byte TLS block (align %" PRIu64 ") static",
                     n, types, plural(n), verb_s(n), f->block_size,
                     f->block_align);
  case MESSAGE_OWN_NO_PT_TLS:
    return xasprintf("static TLS: %" PRIu64
                     " %s relocation%s against this library's own TLS, "
                     "which has no PT_TLS segment",
                     n, types, plural(n));
  case MESSAGE_IMPORTED_UNKNOWN:
    return xasprintf("static TLS: %" PRIu64
                     " %s relocation%s against '%s'%s%s (imported) make%s "
                     "the TLS block of the library that defines it static",
                     n, types, plural(n), f->symbol, f->symversion ? "@" : "",
                     f->symversion ? f->symversion : "", verb_s(n));
  case MESSAGE_REACHES_LIBC:
    return xasprintf(
        "%" PRIu64 " %s relocation%s against '%s' reach%s %s's TLS block, "
        "which is always in static TLS",
        n, types, plural(n), f->symbol, n == 1 ? "es" : "", f->owner);
  case MESSAGE_DEPENDENCY_OWN:
  case MESSAGE_DEPENDENCY: {
    char *chain = finding_chain_text(f), *s;
    if (f->form == MESSAGE_DEPENDENCY_OWN)
      s = xasprintf("static TLS in a dependency: %s: %" PRIu64
                    " %s relocation%s in %s make%s its own %" PRIu64
                    "-byte TLS block (align %" PRIu64 ") static",
                    chain, n, types, plural(n), f->owner, verb_s(n),
                    f->block_size, f->block_align);
    else
      s = xasprintf("static TLS in a dependency: %s: %" PRIu64
                    " %s relocation%s in %s against '%s' make%s %s's %" PRIu64
                    "-byte TLS block (align %" PRIu64 ") static",
                    chain, n, types, plural(n), f->module, f->symbol, verb_s(n),
                    f->owner, f->block_size, f->block_align);
    free(chain);
    return s;
  }
  case MESSAGE_DEPENDENCY_LOOP:
    return xasprintf("dependency loop: %s needs %s, which is already on the "
                     "path from the root",
                     f->module, f->n_names ? f->names[0] : "?");
  case MESSAGE_FLAG_ONLY:
    return xstrdup(
        "DF_STATIC_TLS is set, though no static TLS relocation was found");
  case MESSAGE_FLAG_ONLY_DEPENDENCY:
  case MESSAGE_NOT_FOUND: {
    char *chain = finding_chain_text(f), *s;
    if (f->form == MESSAGE_NOT_FOUND)
      s = xasprintf("dependency not found: %s", chain);
    else
      s = xasprintf("DF_STATIC_TLS is set in a dependency: %s, though it has "
                    "no static TLS relocation",
                    chain);
    free(chain);
    return s;
  }
  case MESSAGE_TLSDESC:
    return xasprintf("uses TLS descriptors: %" PRIu64
                     " %s relocation%s (dynamic TLS, dlopen-safe; needs a "
                     "loader with TLSDESC support for %s)",
                     n, f->reloc_name, plural(n), f->arch_name);
  case MESSAGE_UNKNOWN_MACHINE:
    return xasprintf("no TLS relocation table for ELF machine %" PRIu32
                     " (%s); only DF_STATIC_TLS was checked",
                     f->machine, f->elf64 ? "64-bit" : "32-bit");
  case MESSAGE_STARTUP_MODULE:
    return xasprintf("%s is a glibc start-up module; its %" PRIu64
                     " static TLS relocation%s reach%s libc's block, which is "
                     "always in static TLS",
                     f->module, n, plural(n), n == 1 ? "es" : "");
  case MESSAGE_TLSDESC_UNSUPPORTED: {
    /* No release of the loader has a resolver (no release named), or the
     * first release of the target range without one. */
    char who[192];
    if (f->release.major) {
      char at[48], range[96];
      libc_release_describe(&f->release, at, sizeof at);
      libc_target_describe(&f->target, range, sizeof range);
      snprintf(who, sizeof who, "%s (in the target range, %s)", at, range);
    } else {
      snprintf(who, sizeof who, "%s", loader_kind_name(f->loader));
    }
    return xasprintf("%s has no TLSDESC resolver for %s: %s uses %" PRIu64
                     " TLSDESC relocation%s and will not load there",
                     who, f->arch_name, f->module, n, plural(n));
  }
  case MESSAGE_TLSDESC_VECTOR_HAZARD:
  case MESSAGE_GNU2_TLS_VERSION_NEED:
  case MESSAGE_MALLOC_DYNAMIC_TLS: {
    char target[96], at[64];
    libc_target_describe(&f->target, target, sizeof target);
    libc_release_describe(&f->release, at, sizeof at);
    if (f->form == MESSAGE_TLSDESC_VECTOR_HAZARD)
      return xasprintf("uses TLS descriptors, and the target range (%s) "
                       "includes %s, whose TLSDESC slow path for a library "
                       "loaded late does not preserve vector registers",
                       target, at);
    if (f->form == MESSAGE_GNU2_TLS_VERSION_NEED)
      return xasprintf("needs version %s, which %s does not define: it will "
                       "not load on the oldest target (%s)",
                       f->name, at, target);
    return xasprintf("is a malloc replacement (defines '%s') whose TLS is "
                     "dynamic: on %s, in the target range (%s), "
                     "__tls_get_addr can call malloc and recurse forever when "
                     "it is loaded at start-up or preloaded",
                     f->name, at, target);
  }
  case MESSAGE_MALLOC_STATIC_TLS:
    return xasprintf("is a malloc replacement (defines '%s') with initial-exec "
                     "TLS: right when it is loaded at start-up or with "
                     "LD_PRELOAD; a late dlopen of it needs static TLS",
                     f->name);
  case MESSAGE_OBJECT_STATIC_TLS:
    return xasprintf("%s TLS: %" PRIu64 " %s relocation%s against '%s'%s%s",
                     f->tls_model, n, types, plural(n), f->symbol,
                     *f->functions ? " in " : "", f->functions);
  case MESSAGE_OBJECT_UNKNOWN_MACHINE:
    return xasprintf("no TLS relocation table for ELF machine %" PRIu32
                     "; not checked",
                     f->machine);
  case MESSAGE_VERSION_NOT_FOUND:
    return xasprintf("version '%s' not found: %s needs it from %s, which does "
                     "not define it; the loader refuses to load %s",
                     f->name, f->module, f->owner, f->module);
  case MESSAGE_DLOPEN_WILL_FAIL: {
    struct prediction_words w;
    prediction_words(&r->predictions[f->loader], &w);
    char *s = xasprintf("%s: a late dlopen into %s is predicted to fail: %s",
                        loader_kind_name(f->loader), w.host, w.reason);
    prediction_words_free(&w);
    return s;
  }
  case MESSAGE_PACKAGE_NOT_FOUND: {
    char list[1024] = "";
    for (size_t j = 0, len = 0; j < f->n_names && len < sizeof list; j++)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                              j ? ", " : "", f->names[j]);
    return xasprintf("dependenc%s neither in the package nor found: %s",
                     f->n_names == 1 ? "y" : "ies", list);
  }
  }
  return NULL;
}

void report_words(struct file_report *r) {
  for (size_t i = 0; i < r->n_findings; i++) {
    struct finding *f = &r->findings[i];
    if (f->form != MESSAGE_TEXT && !f->message)
      f->message = finding_text(r, f);
    if (f->allowed && !f->allowed_by)
      f->allowed_by =
          xasprintf("%s (%s)", f->allowed->pattern, f->allowed->origin);
  }
}

/* ---- notes ---- */

/* "'a' (8 bytes, a.c:3), 'b' (4 bytes)": the first six of the block's
 * variables reached (or not) by the static accesses. */
static void vars_text(const struct finding *f, bool reached, char *buf,
                      size_t size) {
  size_t count = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < f->n_vars; i++) {
    const struct finding_var *t = &f->vars[i];
    if (t->reached != reached)
      continue;
    char one[512];
    if (t->file)
      snprintf(one, sizeof one, "'%s' (%" PRIu64 " bytes, %s:%u)", t->name,
               t->size, t->file, t->line);
    else
      snprintf(one, sizeof one, "'%s' (%" PRIu64 " bytes)", t->name, t->size);
    size_t len = strlen(buf);
    if (count < 6 && len + strlen(one) + 3 < size)
      snprintf(buf + len, size - len, "%s%s", count ? ", " : "", one);
    else if (count == 6)
      snprintf(buf + len, size - len, ", ...");
    count++;
  }
}

/* "debug information is damaged: ...", "the separate debug file ... is not
 * a regular file (a FIFO): ..." */
static char *debuginfo_problem_text(const struct tls_variables *v) {
  mode_t mode = v->problem_mode;
  switch (v->problem) {
  case DEBUGINFO_NO_PROBLEM:
    break;
  case DEBUGINFO_DAMAGED:
    return xasprintf("debug information is damaged: %s", v->problem_detail);
  case DEBUGINFO_NOT_REGULAR:
    return xasprintf("the separate debug file %s is not a regular file (%s): "
                     "not read, nor any other",
                     v->problem_path,
                     S_ISFIFO(mode)   ? "a FIFO"
                     : S_ISCHR(mode)  ? "a character device"
                     : S_ISBLK(mode)  ? "a block device"
                     : S_ISSOCK(mode) ? "a socket"
                                      : "not a regular file");
  }
  return NULL;
}

/* "DT_RUNPATH '$ORIGIN' of /x/libfoo.so", or just "ld.so.cache". */
static char *search_origin_text(const struct search_problem *p) {
  const char *what = resolved_how_name(p->via);
  if (p->via == RESOLVED_PATHNAME)
    what = "DT_NEEDED";
  else if (p->via == RESOLVED_LOADER)
    what = "the musl loader";
  else if (p->via == RESOLVED_MUSL_PATH && p->path_file)
    what = p->path_file;
  else if (p->via == RESOLVED_DEFAULT && p->loader == LOADER_MUSL)
    what = "musl's default path";
  return p->dir ? xasprintf("%s '%s' of %s", what, p->dir, p->of)
                : xstrdup(what);
}

static char *search_problem_text(const struct search_problem *p) {
  char *what = search_origin_text(p), *s = NULL;
  switch (p->kind) {
  case SEARCH_LEAVES_ROOT:
    s = xasprintf("%s entry %s leaves the root %s; not searched", what, p->path,
                  p->root);
    break;
  case SEARCH_UNUSABLE:
    s = xasprintf("%s (found through %s) cannot be used: %s", p->path, what,
                  p->reason);
    break;
  case SEARCH_WRONG_MACHINE:
    s = xasprintf("%s (found through %s) is %s-bit %s, not what %s needs; "
                  "skipped",
                  p->path, what, p->elf64 ? "64" : "32",
                  p->machine ? p->machine : "unknown machine", p->requester);
    break;
  }
  free(what);
  return s;
}

char *path_in_root_text(const struct path_in_root *p) {
  if (!p->root)
    return xstrdup(p->result == ROOT_RESOLVE_LOOP
                       ? "too many levels of symbolic links"
                       : "no such file");
  const char *why = p->result == ROOT_RESOLVE_ESCAPES
                        ? "its path (or a symbolic link on the way) leaves "
                          "the sysroot"
                    : p->result == ROOT_RESOLVE_LOOP
                        ? "too many levels of symbolic links"
                        : "no such file there";
  const char *slash = p->path[0] == '/' ? "" : "/";
  if (p->on_host)
    return xasprintf(
        "not in the sysroot: looked for %s%s%s (%s), because with --sysroot "
        "this path names a file inside %s, as the loader there would see "
        "it; %s exists on this machine, outside the sysroot: copy it into "
        "the sysroot or name the copy that is there",
        p->root, slash, p->path, why, p->root, p->path);
  return xasprintf("not in the sysroot: looked for %s%s%s (%s), because with "
                   "--sysroot this path names a file inside %s",
                   p->root, slash, p->path, why, p->root);
}

static char *note_text(const struct finding *f, enum note_form form,
                       const struct note_facts *n) {
  char list[768];
  switch (form) {
  case SAY_ORIGIN_OBJECT:
    return xasprintf("brought in by %s: %" PRIu64
                     " %s relocation%s against '%s'%s%s (%s)",
                     n->name, n->count, n->text, plural(n->count), n->symbol,
                     *n->text2 ? " in " : "", n->text2, n->text3);
  case SAY_ORIGIN_NONE:
    return xasprintf("none of the %" PRIu64
                     " objects given with --objects reaches %s with "
                     "initial-exec or local-exec TLS",
                     n->count, n->flag ? "these variables" : "TLS");
  case SAY_VARIABLES_UNKNOWN:
    return xasprintf("which variables these are, and where they are declared, "
                     "needs symbols or debug information (build with -g, or "
                     "install %s's debug file)",
                     n->name ? n->name : "the library");
  case SAY_VARIABLES_REACHED:
    vars_text(f, true, list, sizeof list);
    return xasprintf("the static TLS accesses reach %s (from %s)", list,
                     n->name);
  case SAY_VARIABLES_OTHERS:
    vars_text(f, false, list, sizeof list);
    return xasprintf("the block also holds %s%s", list,
                     n->flag ? "" : "; source lines need -g");
  case SAY_WHY_SURPLUS:
    return xasprintf(
        "why: a library loaded late with dlopen (a Python extension, ctypes, "
        "a plugin) gets static TLS only from a surplus shared by every late "
        "module: %" PRIu64 " bytes on glibc, none on musl, %" PRIu64
        " on FreeBSD; when it does not fit, dlopen fails with \"%s\"",
        n->number, n->number2, loader_static_tls_error(LOADER_GLIBC));
  case SAY_FIX_KNOWN_LIBRARY:
    return xasprintf("fix: this is %s: %s", n->name, n->text);
  case SAY_FIX_PLUGIN:
    return xasprintf("fix: rebuild %s with the tlsguard compiler plugin "
                     "(CFLAGS += -fplugin=tlsguard.so)",
                     n->name ? n->name : "the library");
  case SAY_PLUGIN_REWRITES:
    return xstrdup("the plugin rewrites initial-exec and local-exec TLS to "
                   "global-dynamic; -ftls-model=global-dynamic alone does not "
                   "override tls_model(\"initial-exec\") attributes in the "
                   "source");
  case SAY_REACHED_THROUGH: {
    char quoted[256] = ""; /* "'a', 'b'" */
    for (size_t i = 0; i < n->n_names; i++) {
      size_t len = strlen(quoted);
      snprintf(quoted + len, sizeof quoted - len, "%s'%s'", i ? ", " : "",
               n->names[i]);
    }
    return xasprintf("reached through %s, defined in this library", quoted);
  }
  case SAY_REACHED_LOCAL:
    return xstrdup("reached through local symbols (symbol index 0: the "
                   "module's own block)");
  case SAY_MARKED_STATIC_TLS:
    return xstrdup("the linker marked the library DF_STATIC_TLS");
  case SAY_UNDEFINED_IN_CLOSURE:
    return xasprintf("no library in the dependency closure defines '%s'; "
                     "ld.so would also refuse the library with \"undefined "
                     "symbol\"",
                     n->symbol);
  case SAY_NO_DEPS:
    return xasprintf("checked without dependencies (%s): which library "
                     "defines it, and how big its block is, is not known",
                     n->flag ? "--no-deps"
                             : "a shared object in an ar archive is "
                               "checked alone");
  case SAY_OWNER_IS:
    return xasprintf("%s is %s", n->name, n->path);
  case SAY_FLAG_ONLY:
    return xstrdup("the linker sets the flag when an input object used "
                   "initial-exec or local-exec TLS; FreeBSD rtld then "
                   "allocates static TLS for the whole block at dlopen, glibc "
                   "and musl go by the relocations");
  case SAY_NOT_FOUND_WHERE:
    return xasprintf("%s needs %s, which was not found", n->name, n->text);
  case SAY_FIX_NOT_FOUND:
    return xstrdup("its TLS was not checked; point the search at it with "
                   "--library-path=DIR or --sysroot=DIR");
  case SAY_FIX_TLSDESC_HAZARD: {
    char at[64];
    libc_release_describe(&f->release, at, sizeof at);
    return xasprintf("build it without TLS descriptors (-mtls-dialect=gnu; the "
                     "tlsguard plugin does so for this target by default), or "
                     "raise the target with --target-libc= if %s is not among "
                     "the systems it must run on",
                     at);
  }
  case SAY_FIX_GNU2_TLS_NEED:
    return xstrdup("link with -Wl,--no-gnu2-tls-tag, or build without TLS "
                   "descriptors (-mtls-dialect=gnu)");
  case SAY_FIX_MALLOC_DYNAMIC_TLS:
    return xstrdup("keep its TLS initial-exec (the tlsguard plugin: "
                   "-fplugin-arg-tlsguard-allocator=keep-ie), or raise the "
                   "target with --target-libc=");
  case SAY_LOADER_REFUSES_VERSION: {
    char *error = loader_version_error(n->loader, n->name, n->text, n->path);
    char *s = xasprintf("%s's dlopen fails with \"%s\"",
                        loader_kind_name(n->loader), error);
    free(error);
    return s;
  }
  case SAY_OBJECT_NEEDS_STATIC_TLS:
    return xasprintf("a shared object this object is linked into needs static "
                     "TLS for the block holding '%s'; a late dlopen of it can "
                     "fail",
                     n->symbol);
  case SAY_FIX_OBJECT:
    return xasprintf("fix: compile with the tlsguard plugin "
                     "(-fplugin=tlsguard.so) or with -fPIC and no tls_model "
                     "attribute; for an executable-only object this is fine "
                     "(--allow-symbol=%s)",
                     n->symbol);
  case SAY_FIX_TLSDESC_UNSUPPORTED:
    return xstrdup("build it with the traditional TLS dialect (no "
                   "-mtls-dialect=gnu2/desc, no tlsguard tlsdesc=on) for that "
                   "target");
  case SAY_LOADER_CAPS_ROW: {
    char row[256];
    loader_caps_row_describe(n->row, row, sizeof row);
    return xstrdup(row);
  }
  case SAY_GNU2_TLS_STAMPED:
    return xstrdup("GLIBC_ABI_GNU2_TLS is stamped by GNU ld (binutils 2.46 and "
                   "later, x86 option --gnu2-tls-tag, on by default in some "
                   "builds) on outputs that keep TLS descriptors (TLSDESC); "
                   "glibc defines it where BZ 31372 (_dl_tlsdesc_dynamic "
                   "clobbering vector registers) is fixed");
  case SAY_FIX_GNU2_TLS_MISSING:
    return xasprintf("fix: link with --no-gnu2-tls-tag (or without TLS "
                     "descriptors: -mtls-dialect=gnu) when %s must load on "
                     "an older glibc, or require a glibc that defines it",
                     n->name);
  case SAY_FIX_VERSION_NOT_FOUND:
    return xasprintf("fix: build against the %s the target has, or ship "
                     "one that defines '%s'",
                     n->name, n->text);
  case SAY_DEBUGINFO_PROBLEM:
    return debuginfo_problem_text(n->debuginfo);
  case SAY_SEARCH_PROBLEM:
    return search_problem_text(n->search);
  case SAY_NEEDED_BY_MEMBERS:
    return xasprintf("%s is needed by %" PRIu64 " member%s (the first: %s)",
                     n->name, n->count, plural(n->count), n->text);
  case SAY_FIX_PACKAGE_NOT_FOUND:
    return xasprintf("%s TLS was not checked; point the search at %s with "
                     "--library-path=DIR or --sysroot=DIR",
                     n->count == 1 ? "its" : "their",
                     n->count == 1 ? "it" : "them");
  }
  return xstrdup("");
}

char *note_words(enum note_form form, const struct note_facts *facts) {
  static const struct finding none_found;
  static const struct note_facts none;
  return note_text(&none_found, form, facts ? facts : &none);
}

void finding_say(struct finding *f, enum note_kind kind, enum note_form form,
                 const struct note_facts *facts) {
  static const struct note_facts none;
  char *text = note_text(f, form, facts ? facts : &none);
  if (text) /* NULL: nothing to say (no debug information problem) */
    finding_note_as(f, kind, "%s", text);
  free(text);
}

/* ---- the target ---- */

void print_target(FILE *out, const struct lint_policy *p) {
  char target[96];
  libc_target_describe(&p->target, target, sizeof target);
  fprintf(out, "target: %s (from %s)\n", target,
          p->target.origin ? p->target.origin : "?");
  static const enum tls_arch_id archs[] = {
      TLS_ARCH_X86_64, TLS_ARCH_I386,    TLS_ARCH_AARCH64,
      TLS_ARCH_ARM,    TLS_ARCH_RISCV64, TLS_ARCH_LOONGARCH64};
  for (size_t i = 0; i < sizeof archs / sizeof archs[0]; i++) {
    for (int alloc = 0; alloc < 2; alloc++) {
      struct rewrite_choice c;
      rewrite_choose(&p->target, archs[i], true, alloc, &c);
      char why[512];
      rewrite_choice_explain(&c, &p->target, archs[i], why, sizeof why);
      const char *model = rewrite_model_name(c.model);
      if (!alloc) {
        fprintf(out, "%s: %s: %s\n", loader_caps_arch_name(archs[i]), model,
                why);
        continue;
      }
      if (!c.malloc_recursion)
        continue;
      rewrite_choice_explain_recursion(&c, &p->target, why, sizeof why);
      fprintf(out, "%s: malloc replacement: %s\n",
              loader_caps_arch_name(archs[i]), why);
    }
  }
}
