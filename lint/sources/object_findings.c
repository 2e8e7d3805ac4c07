#include "tlsguard/object_findings.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "loader/analyze.h"
#include "loader/policy.h"
#include "report/findings.h"
#include "tlsguard/analyze.h"

void analyze_object(struct file_report *r, const struct elf_module *m,
                    const struct lint_policy *p) {
  r->module = m;
  r->verdict = VERDICT_OK;
  if (!m->arch) {
    struct finding *f = report_add(r, RULE_UNKNOWN_MACHINE);
    f->form = MESSAGE_OBJECT_UNKNOWN_MACHINE;
    f->machine = m->machine;
    analyze_settle_verdict(r, p);
    return;
  }
  struct object_scan scan;
  char err[512];
  if (!object_scan(m, &scan, err, sizeof err)) {
    r->verdict = VERDICT_ERROR;
    r->error = xstrdup(err);
    return;
  }
  /* One finding per symbol and model; its functions listed. */
  bool *done = xcalloc(scan.n ? scan.n : 1, sizeof *done);
  for (size_t i = 0; i < scan.n; i++) {
    const struct tls_access *a = &scan.accesses[i];
    if (done[i] || !tls_model_is_static(a->model))
      continue;
    uint64_t count = 0;
    char functions[512] = "", types[256] = "";
    size_t nfn = 0;
    for (size_t k = i; k < scan.n; k++) {
      const struct tls_access *b = &scan.accesses[k];
      if (done[k] || b->model != a->model || strcmp(b->symbol, a->symbol))
        continue;
      done[k] = true;
      count++;
      type_list_append(types, sizeof types, b->type_name);
      const char *fn = b->function ? b->function : NULL;
      if (fn && nfn < 6 && !name_list_has(functions, ", ", fn)) {
        size_t len = strlen(functions);
        snprintf(functions + len, sizeof functions - len, "%s%s",
                 nfn ? ", " : "", fn);
        nfn++;
      }
    }
    struct finding *f = report_add(r, RULE_STATIC_TLS_OBJECT);
    f->symbol = xstrdup(a->symbol);
    f->reloc_name = a->type_name;
    f->reloc_count = count;
    finding_chain_add(f, m->path);
    f->form = MESSAGE_OBJECT_STATIC_TLS;
    f->tls_model = tls_model_name(a->model);
    f->count = count;
    f->reloc_types = xstrdup(types);
    f->functions = xstrdup(functions);
    struct note_facts facts = {.symbol = a->symbol};
    finding_say(f, NOTE_DETAIL, SAY_OBJECT_NEEDS_STATIC_TLS, &facts);
    finding_say(f, NOTE_DETAIL, SAY_FIX_OBJECT, &facts);
    f->allowed = allow_list_match(&p->symbols, a->symbol);
  }
  free(done);
  object_scan_free(&scan);
  analyze_settle_verdict(r, p);
}
