/* libFuzzer harness for packages and archives: any bytes as a package
 * (zip, tar with any compression, .deb, conda) read in memory with tight
 * limits, and as an ar archive (.a, .rlib); every ELF member found is
 * judged. A crash, a sanitizer report, a leak, or memory beyond the limits
 * is a bug. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/analyze.h"
#include "tlsguard/lint_run.h"
#include "tlsguard/object_findings.h"
#include "tlsguard/object_scan.h"
#include "tlsguard/package.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lint_policy policy;
static struct search_config search;
static struct lint_context *judge_ctx;
static bool ready;

/* Every member alone, as --no-deps judges a file. */
static void judge(const struct elf_module *m) {
  struct file_report r;
  report_init(&r, "fuzz");
  struct cached_module self = {m->path, m, MODULE_OK, NULL};
  if (m->kind == MODULE_RELOCATABLE)
    analyze_object(&r, m, &policy);
  else
    analyze_closure(&r, &self, judge_ctx, ANALYZE_ALONE);
  report_free(&r);
}

static void member(void *ctx, const char *name, struct elf_module *m,
                   enum module_error e, const char *err) {
  (void)ctx, (void)name, (void)err;
  if (e == MODULE_OK)
    judge(m);
  elf_module_close(m);
  free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready) {
    policy_init(&policy);
    policy.limits.max_member = 1 << 20;
    policy.limits.max_total = 8 << 20;
    /* Members are judged alone: the search is never used. */
    search_config_init(&search);
    search_config_finish(&search);
    judge_ctx = lint_context_new(&policy, &search);
    ready = true;
  }
  struct package pkg;
  char err[512];
  if (package_read_memory("fuzz.whl", data, size, &policy.limits, &pkg, err,
                          sizeof err))
    for (size_t i = 0; i < pkg.n; i++)
      if (pkg.members[i]->cm.module) {
        judge(pkg.members[i]->cm.module);
        /* Dependencies inside the package, through its symlinks. */
        const char *how;
        package_resolve(&pkg, &pkg.members[i]->cm, "libdep.so", &how);
        package_resolve(&pkg, &pkg.members[i]->cm, "libfuzz.so.1", &how);
      }
  package_free(&pkg);

  void *image = malloc(size ? size : 1);
  memcpy(image, data, size);
  Elf *ar = NULL;
  ar_archive_each("fuzz.a", image, size, member, NULL, &ar, err, sizeof err);
  if (ar)
    elf_end(ar);
  free(image);
  return 0;
}
