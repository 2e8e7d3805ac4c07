/* Findings that depend on the target C library range (--target-libc):
 * TLSDESC hazards and malloc replacements. */
#ifndef TLSGUARD_LOADER_TARGET_FINDINGS_H
#define TLSGUARD_LOADER_TARGET_FINDINGS_H

#include "tlsguard/elf_module.h"
#include "tlsguard/policy.h"
#include "tlsguard/report.h"

/* Adds the root module's target findings to r (before the verdict is
 * settled). Does nothing when the target is unknown. */
void analyze_target(struct file_report *r, const struct elf_module *m,
                    const struct lint_policy *p);

#endif
