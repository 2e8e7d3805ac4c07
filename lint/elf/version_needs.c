#include "version_needs.h"

#include <stdlib.h>
#include <string.h>

#include "elf/dynsym.h"
#include "report/findings.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/loader_caps.h"
#include "tlsguard/report.h"

/* A module's Verneed files and the modules that met every version it needs
 * of them, from a check that found nothing missing. Another scope that maps
 * each file to the same module would find nothing missing either: the
 * answer depends on nothing else (the modules' bytes do not change), so the
 * walk over the Verneeds and the version lookups are not done again for
 * each closure the module is in. Immutable once published. */
struct verneed_memo {
  size_t n;
  struct verneed_met {
    const char *file; /* in the module's string table */
    const struct cached_module *lib;
  } met[];
};

struct miss_search {
  struct verneed_scope *loaded;
  struct version_miss *out;
  /* A Verneed's versions come one after another: its library is looked up
   * once for all of them. */
  const char *last_file;
  const struct cached_module *last_lib;
  /* Each file and the module it named, for the memo. */
  struct verneed_met *met;
  size_t n_met, cap_met;
};

void verneed_scope_init(struct verneed_scope *ix,
                        const struct loaded_set *set) {
  *ix = (struct verneed_scope){set, NULL, 0, 0};
}

void verneed_scope_free(struct verneed_scope *ix) {
  free(ix->answers);
  ix->answers = NULL;
  ix->n = ix->cap = 0;
}

/* The first module of the set that module_name_matches file. */
static const struct cached_module *find_needed(struct verneed_scope *ix,
                                               const char *file) {
  for (size_t i = 0; i < ix->n; i++)
    if (!strcmp(ix->answers[i].file, file))
      return ix->answers[i].lib;
  const struct cached_module *lib = NULL;
  for (size_t i = 0; i < ix->set->n && !lib; i++)
    if (module_name_matches(ix->set->mods[i], file))
      lib = ix->set->mods[i];
  if (ix->n == ix->cap) {
    ix->cap = ix->cap ? ix->cap * 2 : 8;
    ix->answers = xrealloc(ix->answers, ix->cap * sizeof *ix->answers);
  }
  ix->answers[ix->n++] = (struct verneed_answer){file, lib};
  return lib;
}

static bool check_one(void *ctx, const char *file, const char *version,
                      bool weak) {
  struct miss_search *s = ctx;
  if (file != s->last_file) {
    s->last_file = file;
    s->last_lib = find_needed(s->loaded, file);
    if (s->n_met == s->cap_met) {
      s->cap_met = s->cap_met ? s->cap_met * 2 : 8;
      s->met = xrealloc(s->met, s->cap_met * sizeof *s->met);
    }
    s->met[s->n_met++] = (struct verneed_met){file, s->last_lib};
  }
  const struct cached_module *lib = s->last_lib;
  if (weak || !lib || !lib->module || !dynsym_has_verdef(lib->module) ||
      dynsym_defines_version(lib->module, version))
    return false;
  s->out->library = lib;
  s->out->version = version;
  return true;
}

static bool memo_holds(const struct verneed_memo *memo,
                       struct verneed_scope *loaded) {
  for (size_t i = 0; i < memo->n; i++)
    if (find_needed(loaded, memo->met[i].file) != memo->met[i].lib)
      return false;
  return true;
}

/* Publish s's files as m's memo unless m has one (the first kept wins). */
static void memo_publish(const struct elf_module *m,
                         const struct miss_search *s) {
  struct verneed_memo *memo =
      malloc(sizeof *memo + s->n_met * sizeof memo->met[0]);
  if (!memo)
    return; /* no memo: the next check walks again */
  memo->n = s->n_met;
  if (s->n_met)
    memcpy(memo->met, s->met, s->n_met * sizeof memo->met[0]);
  struct verneed_memo *none = NULL;
  struct dynsym_view *view = (struct dynsym_view *)&m->dynsym;
  if (!__atomic_compare_exchange_n(&view->verneed_memo, &none, memo, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    free(memo);
}

bool version_needs_first_miss(const struct cached_module *requirer,
                              struct verneed_scope *loaded,
                              struct version_miss *out) {
  const struct elf_module *m = requirer->module;
  if (!m)
    return false;
  const struct verneed_memo *memo =
      __atomic_load_n(&m->dynsym.verneed_memo, __ATOMIC_ACQUIRE);
  if (memo && memo_holds(memo, loaded))
    return false;
  struct miss_search s = {loaded, out, NULL, NULL, NULL, 0, 0};
  bool missing = dynsym_each_verneed(m, check_one, &s);
  if (!missing && !memo)
    memo_publish(m, &s);
  free(s.met);
  return missing;
}

/* The closure's modules and the process's, as one list to look names up in:
 * closure nodes first (they are what the new modules' names resolved to). */
static struct loaded_set scope_of(const struct closure *c,
                                  const struct loaded_set *process) {
  size_t n = c->n + (process ? process->n : 0);
  struct loaded_set s = {xcalloc(n ? n : 1, sizeof *s.mods), 0};
  for (size_t i = 0; i < c->n; i++)
    s.mods[s.n++] = c->nodes[i].cm;
  for (size_t i = 0; process && i < process->n; i++)
    s.mods[s.n++] = process->mods[i];
  return s;
}

/* Where GLIBC_ABI_GNU2_TLS comes from and which glibc releases define it:
 * the row of the loader capability table (loader_caps.c). */
static void note_gnu2_tls_releases(struct finding *f,
                                   const struct elf_module *m) {
  finding_say(f, NOTE_DETAIL, SAY_GNU2_TLS_STAMPED, NULL);
  const struct loader_caps_row *row =
      m && m->arch ? loader_caps_row_of(LOADER_DEFINES_GNU2_TLS_VERSION,
                                        LOADER_GLIBC, m->arch->id)
                   : NULL;
  if (row)
    finding_say(f, NOTE_DETAIL, SAY_LOADER_CAPS_ROW,
                &(struct note_facts){.row = row});
}

void version_needs_report(struct file_report *r, const struct closure *c,
                          const struct loaded_set *process) {
  struct loaded_set scope = scope_of(c, process);
  struct verneed_scope scope_names;
  verneed_scope_init(&scope_names, &scope);
  for (size_t i = 0; i < c->n; i++) {
    struct version_miss miss;
    if (c->nodes[i].preloaded ||
        !version_needs_first_miss(c->nodes[i].cm, &scope_names, &miss))
      continue;
    const char *requirer = module_display_name(c->nodes[i].cm);
    const char *library = module_display_name(miss.library);
    struct finding *f = report_add(r, RULE_MISSING_SYMBOL_VERSION);
    size_t n = closure_chain(c, i, NULL, 0);
    const char **names = xcalloc(n, sizeof *names);
    closure_chain(c, i, names, n);
    for (size_t k = 0; k < n; k++)
      finding_chain_add(f, names[k]);
    free(names);
    finding_chain_add(f, library);
    f->form = MESSAGE_VERSION_NOT_FOUND;
    f->name = xstrdup(miss.version);
    f->module = xstrdup(requirer);
    f->owner = xstrdup(library);
    finding_say(
        f, NOTE_DETAIL, SAY_OWNER_IS,
        &(struct note_facts){.name = library, .path = miss.library->path});
    finding_say(f, NOTE_DETAIL, SAY_LOADER_REFUSES_VERSION,
                &(struct note_facts){.loader = LOADER_GLIBC,
                                     .name = miss.library->path,
                                     .text = miss.version,
                                     .path = c->nodes[i].cm->path});
    if (!strcmp(miss.version, "GLIBC_ABI_GNU2_TLS")) {
      note_gnu2_tls_releases(f, c->nodes[i].cm->module);
      finding_say(f, NOTE_DETAIL, SAY_FIX_GNU2_TLS_MISSING,
                  &(struct note_facts){.name = requirer});
    } else {
      finding_say(f, NOTE_DETAIL, SAY_FIX_VERSION_NOT_FOUND,
                  &(struct note_facts){.name = library, .text = miss.version});
    }
  }
  verneed_scope_free(&scope_names);
  free(scope.mods);
}
