/* One input, whatever it is: an ELF file (a shared object, an executable, a
 * relocatable object), an ar archive (.a, .rlib), or a package (wheel,
 * tarball, .deb, conda). Recognised by content; a directory walk takes ELF
 * files, and packages whose names say so, and leaves objects and static
 * archives alone (name them, or pass --objects, to lint those). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "elf/elf_module.h"
#include "elf/held_file.h"
#include "loader/analyze.h"
#include "report/findings.h"
#include "run/lint_context.h"
#include "run/lint_input.h"
#include "sources/package.h"
#include "tlsguard/analyze.h"
#include "tlsguard/lint_run.h"
#include "tlsguard/object_findings.h"
#include "tlsguard/package.h"

static bool skip_or_error(const struct input *in, struct report_list *out,
                          enum module_error e, const char *err) {
  if (in->from_walk && (e == MODULE_ERR_NOT_ELF || e == MODULE_ERR_ARCHIVE ||
                        e == MODULE_ERR_DEBUG_ONLY))
    return false;
  struct file_report *r = report_list_add(out, in->path);
  r->verdict = VERDICT_ERROR;
  r->error = xstrdup(err);
  return true;
}

static void input_error(struct report_list *out, const char *path,
                        const char *message) {
  struct file_report *r = report_list_add(out, path);
  r->verdict = VERDICT_ERROR;
  r->error = xstrdup(message);
}

/* A module judged with nothing but itself (--no-deps, an archive member):
 * the closure of the module alone. An object is judged as an object. */
static void analyze_alone(struct file_report *r, const struct elf_module *m,
                          struct lint_context *ctx) {
  if (m->kind == MODULE_RELOCATABLE) {
    analyze_object(r, m, ctx->policy);
    return;
  }
  struct cached_module self = {m->path, m, MODULE_OK, NULL};
  analyze_closure(r, &self, ctx, ANALYZE_ALONE);
}

/* A linked ELF file (or any ELF, with --no-deps). */
static void lint_elf(const struct input *in, struct lint_context *ctx,
                     struct report_list *out) {
  const struct lint_policy *p = ctx->policy;
  char err[512];
  if (p->deps) {
    /* Through the module cache: an input another input needs is read once. */
    const struct cached_module *cm =
        resolve_input(&ctx->search, ctx->modules, in->path, false);
    if (!cm) {
      skip_or_error(in, out, MODULE_ERR_IO, "cannot resolve the path");
      return;
    }
    if (!cm->module) {
      skip_or_error(in, out, cm->error, cm->error_message);
      return;
    }
    if (cm->module->kind == MODULE_RELOCATABLE) {
      if (!in->from_walk)
        analyze_object(report_list_add(out, in->path), cm->module, p);
      return;
    }
    struct file_report *r = report_list_add(out, in->path);
    r->cached = cm;
    /* In the load order, lint_run predicts (after the inputs before it)
     * and settles the verdict. */
    analyze_closure(r, cm, ctx,
                    in->load_order ? ANALYZE_CLOSURE : ANALYZE_AND_PREDICT);
    return;
  }
  /* Nothing is shared between inputs: the file is opened on its own, not
   * kept in the module cache, and closed with its report. */
  struct elf_module *m = xcalloc(1, sizeof *m);
  enum module_error e = elf_module_open_file(m, in->path, err, sizeof err);
  if (e != MODULE_OK || (m->kind == MODULE_RELOCATABLE && in->from_walk)) {
    elf_module_close(m);
    free(m);
    if (e != MODULE_OK)
      skip_or_error(in, out, e, err);
    return;
  }
  struct file_report *r = report_list_add(out, in->path);
  analyze_alone(r, m, ctx);
  r->owned_module = m;
}

/* .a and .rlib: every ELF member, judged as the object it is. */
struct archive_run {
  struct report_list *out;
  struct lint_context *ctx;
};

static void lint_archive_member(void *arg, const char *member,
                                struct elf_module *m, enum module_error e,
                                const char *err) {
  struct archive_run *run = arg;
  (void)member;
  struct file_report *r = report_list_add(run->out, m->path ? m->path : member);
  r->owned_module = m;
  if (e != MODULE_OK) {
    r->verdict = VERDICT_ERROR;
    r->error = xstrdup(err);
    return;
  }
  analyze_alone(r, m, run->ctx);
}

struct archive_keep {
  void *image;
  size_t size;
  Elf *elf;
};

static void archive_keep_free(void *arg) {
  struct archive_keep *k = arg;
  if (k->elf)
    elf_end(k->elf);
  if (k->image)
    munmap(k->image, k->size);
  free(k);
}

static void lint_archive(const char *path, void *image, size_t size,
                         struct lint_context *ctx, struct report_list *out) {
  struct archive_keep *keep = xcalloc(1, sizeof *keep);
  keep->image = image;
  keep->size = size;
  out->keep = keep;
  out->keep_free = archive_keep_free;
  struct archive_run run = {out, ctx};
  char err[512];
  if (!ar_archive_each(path, image, size, lint_archive_member, &run, &keep->elf,
                       err, sizeof err))
    input_error(out, path, err);
}

static void package_keep_free(void *arg) {
  package_free(arg);
  free(arg);
}

/* A dependency a package neither ships nor finds on this machine is said
 * once, on the package: which, who needs it, and that its TLS was not
 * checked; not once per member that needs it. */
static void gather_missing_dependencies(struct report_list *out, size_t top,
                                        const struct lint_policy *p) {
  struct missing {
    const char *name, *first_member;
    size_t members;
  } *miss = NULL;
  size_t n = 0;
  char **owned = NULL; /* the moved chains' strings, freed at the end */
  size_t n_owned = 0;
  for (size_t i = top + 1; i < out->n; i++) {
    struct file_report *r = &out->items[i];
    size_t kept = 0;
    bool moved = false;
    for (size_t k = 0; k < r->n_findings; k++) {
      struct finding *f = &r->findings[k];
      if (f->rule != RULE_UNRESOLVED_DEPENDENCY || f->chain_len < 2) {
        r->findings[kept++] = *f;
        continue;
      }
      const char *name = f->chain[f->chain_len - 1];
      size_t j = 0;
      while (j < n && strcmp(miss[j].name, name))
        j++;
      if (j == n) {
        miss = xrealloc(miss, (n + 1) * sizeof *miss);
        miss[n++] = (struct missing){name, r->member ? r->member : r->path, 0};
      }
      miss[j].members++;
      /* Keep the name alive past finding_free. */
      owned = xrealloc(owned, (n_owned + 1) * sizeof *owned);
      owned[n_owned++] = f->chain[f->chain_len - 1];
      f->chain_len--;
      finding_free(f);
      moved = true;
    }
    r->n_findings = kept;
    if (moved)
      analyze_settle_verdict(r, p);
  }
  if (n) {
    struct file_report *t = &out->items[top];
    struct finding *f = report_add(t, RULE_UNRESOLVED_DEPENDENCY);
    f->form = MESSAGE_PACKAGE_NOT_FOUND;
    for (size_t j = 0; j < n; j++) {
      finding_name_add(f, miss[j].name);
      finding_say(f, NOTE_DETAIL, SAY_NEEDED_BY_MEMBERS,
                  &(struct note_facts){.name = miss[j].name,
                                       .count = miss[j].members,
                                       .text = miss[j].first_member});
    }
    finding_say(f, NOTE_DETAIL, SAY_FIX_PACKAGE_NOT_FOUND,
                &(struct note_facts){.count = n});
    analyze_settle_verdict(t, p);
  }
  for (size_t j = 0; j < n_owned; j++)
    free(owned[j]);
  free(owned);
  free(miss);
}

static void lint_package(const char *path, struct lint_context *ctx,
                         struct report_list *out) {
  struct package *pkg = xcalloc(1, sizeof *pkg);
  out->keep = pkg;
  out->keep_free = package_keep_free;
  char err[512];
  if (!package_read(path, &ctx->policy->limits, pkg, err, sizeof err)) {
    input_error(out, path, err);
    return;
  }
  size_t top_index = out->n;
  struct file_report *top = report_list_add(out, path);
  top->package_members = pkg->n;
  top->is_package = true;
  for (size_t i = 0; i < pkg->n_problems; i++)
    input_error(out, pkg->problems[i].where, pkg->problems[i].message);

  /* Members' dependencies are looked for in the package first. */
  struct lint_context local = *ctx;
  local.package = pkg;
  for (size_t i = 0; i < pkg->n; i++) {
    struct package_member *m = pkg->members[i];
    if (!m->cm.module) {
      input_error(out, m->display, m->cm.error_message);
      continue;
    }
    struct file_report *r = report_list_add(out, m->display);
    r->member = m->name;
    if (m->module.kind == MODULE_RELOCATABLE)
      analyze_object(r, &m->module, ctx->policy);
    else
      analyze_closure(r, &m->cm, &local,
                      ctx->policy->deps ? ANALYZE_AND_PREDICT : ANALYZE_ALONE);
  }
  gather_missing_dependencies(out, top_index, ctx->policy);
}

static bool is_elf_head(const unsigned char *h, size_t n) {
  return n >= 4 && !memcmp(h,
                           "\x7f"
                           "ELF",
                           4);
}

static bool is_ar_head(const unsigned char *h, size_t n) {
  return n >= 8 && (!memcmp(h, "!<arch>\n", 8) || !memcmp(h, "!<thin>\n", 8));
}

static bool lint_one_read(const struct input *in, struct lint_context *ctx,
                          struct report_list *out);

/* A file that shrank while it was read (elf_module.h, file_map) gave zeros
 * where its bytes were: what was found in it is dropped for one error. */
bool lint_one(const struct input *in, struct lint_context *ctx,
              struct report_list *out) {
  unsigned long faults = file_read_faults();
  size_t first = out->n;
  bool included = lint_one_read(in, ctx, out);
  if (file_read_faults() == faults)
    return included;
  for (size_t i = first; i < out->n; i++)
    report_free(&out->items[i]);
  out->n = first;
  input_error(out, in->path, FILE_CHANGED_MESSAGE);
  return true;
}

static bool lint_one_read(const struct input *in, struct lint_context *ctx,
                          struct report_list *out) {
  if (in->error) {
    input_error(out, in->path, in->error);
    return true;
  }
  /* What the file is, from its first bytes (a tar header ends at 512): read,
   * not mapped, since the ELF path maps it again and a map/unmap pair per
   * file was a fifth of a corpus scan's time. */
  unsigned char head[512];
  size_t size;
  char err[512];
  if (in->regular)
    file_head_expect_regular(in->path, in->link);
  enum module_error e =
      file_head(in->path, head, sizeof head, &size, err, sizeof err);
  if (e != MODULE_OK)
    return skip_or_error(in, out, e, err);
  if (is_elf_head(head, size)) {
    lint_elf(in, ctx, out);
    return out->n > 0;
  }
  if (package_sniff(head, size)) {
    if (in->from_walk && !package_name(in->path))
      return false;
    lint_package(in->path, ctx, out);
    return true;
  }
  if (is_ar_head(head, size)) {
    if (in->from_walk)
      return false;
    void *map;
    e = file_map(in->path, &map, &size, err, sizeof err);
    if (e != MODULE_OK)
      return skip_or_error(in, out, e, err);
    lint_archive(in->path, map, size, ctx, out); /* keeps the mapping */
    return true;
  }
  return skip_or_error(
      in, out, MODULE_ERR_NOT_ELF,
      "not an ELF file, an ar archive or a package (no known magic)");
}
