/* Findings for relocatable objects: initial-exec and local-exec accesses,
 * grouped by TLS symbol, naming the functions that make them. */
#ifndef TLSGUARD_OBJECT_FINDINGS_H
#define TLSGUARD_OBJECT_FINDINGS_H

#include "tlsguard/object_scan.h"
#include "tlsguard/policy.h"
#include "tlsguard/report.h"

/* r->module points at m, which the caller keeps alive until r is printed. */
void analyze_object(struct file_report *r, const struct elf_module *m,
                    const struct lint_policy *p);

#endif
