/* libFuzzer harness for the ELF reader and everything downstream of it:
 * parse an arbitrary image as a module, judge it, look symbols up, and
 * write the report in every format. Any crash, sanitizer report or leak is
 * a bug. Seeds come from scripts/run-fuzzers (fixtures for every
 * architecture plus damaged copies). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/analyze.h"
#include "tlsguard/debuginfo.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/lint_run.h"
#include "tlsguard/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;
static struct lint_policy policy;
static struct search_config search;
static struct lint_context *ctx;

static void write_all_formats(const struct file_report *r) {
  /* Text: verbose, default (held and grouped at the end) and short; JSON
   * (with the K_bytes path) and SARIF, each a whole document. */
  static const struct output_options formats[] = {{FORMAT_TEXT, true},
                                                  {FORMAT_TEXT, false},
                                                  {FORMAT_SHORT, false},
                                                  {FORMAT_JSON, false},
                                                  {FORMAT_SARIF, false}};
  struct run_summary summary = {1, 0, 0, 0};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    struct output_dest dest = {sink, "/dev/null", "the report", 0};
    struct output_sink *s = output_begin(&dest, &formats[i], &policy);
    output_file(s, r);
    output_end(s, &summary);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!sink) {
    sink = fopen("/dev/null", "w");
    policy_init(&policy);
    allow_list_add(&policy.symbols, "counter", "fuzz");
    policy.loaders = (1u << LOADER_KIND_COUNT) - 1;
    /* A root with nothing in it: every DT_NEEDED stays unresolved, and the
     * closure, whose-block and loader-model code runs on the input alone. */
    search_config_init(&search);
    search.root = strdup("/nonexistent/tlsguard-fuzz-root");
    search_config_finish(&search);
    ctx = lint_context_new(&policy, &search);
  }
  /* libelf may convert in place: hand it a private, writable copy. */
  void *image = malloc(size ? size : 1);
  memcpy(image, data, size);
  struct elf_module *m = calloc(1, sizeof *m);
  char err[512];
  if (elf_module_open_memory(m, "fuzz.so", image, size, err, sizeof err) ==
      MODULE_OK) {
    GElf_Sym sym;
    uint64_t ndx;
    dynsym_lookup(m, "counter", NULL, &sym, &ndx);
    dynsym_lookup(m, "counter", "V1", &sym, &ndx);
    /* DWARF and symbol tables, whatever the relocations say. */
    struct tls_variables vars;
    tls_variables_find(m, NULL, NULL, NULL, NULL, &vars);
    tls_variables_free(&vars);
    /* And the narrowed reading the findings use. */
    static const uint64_t offsets[] = {0, 8};
    static const char *const names[] = {"counter"};
    struct tls_wanted want = {offsets, 2, names, 1};
    tls_variables_find(m, NULL, NULL, NULL, &want, &vars);
    tls_variables_free(&vars);
    struct cached_module root = {"fuzz.so", m, MODULE_OK, NULL};
    struct file_report rc;
    report_init(&rc, "fuzz.so");
    analyze_closure(&rc, &root, ctx, ANALYZE_AND_PREDICT);
    write_all_formats(&rc);
    report_free(&rc); /* does not own m */
    struct file_report r;
    report_init(&r, "fuzz.so");
    analyze_closure(&r, &root, ctx, ANALYZE_ALONE);
    r.owned_module = m;
    write_all_formats(&r);
    report_free(&r);
  } else {
    elf_module_close(m);
    free(m);
  }
  free(image);
  return 0;
}
