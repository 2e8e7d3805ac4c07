/* The verdict: which findings a module gets under a policy. The one place
 * that decides what fails; the CLI, the driver and the fuzzers call it. */
#ifndef TLSGUARD_ANALYZE_H
#define TLSGUARD_ANALYZE_H

#include "policy.h"
#include "report.h"

/* Fill r's findings and verdict for a parsed module (r takes ownership). */
void analyze_module(struct file_report *r, struct elf_module *m,
                    const struct lint_policy *p);

/* Settle r->verdict from its findings and the policy's failing level. */
void analyze_settle_verdict(struct file_report *r, const struct lint_policy *p);

/* glibc's own libraries whose static TLS reaches libc's always-static block. */
bool is_glibc_startup_soname(const char *soname);

#endif
