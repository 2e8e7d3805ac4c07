// The attribute may sit on a redeclaration rather than on the first
// declaration or the definition; the definition inherits it, and the report
// points at it, wherever it is.
//
// RUN: %cc -fPIC -O2 %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC: R_X86_64_TLSGD arena_index

extern __thread int arena_index;

// gcc gives the definition below its own default model: the attribute on
// the redeclaration is lost (gcc 12), the code is general-dynamic already
// and there is nothing to report.
// DIAG-gcc-NOT: thread-local variable
// DIAG-clang: redeclaration-attribute.c:[[@LINE+1]]:48: remark: thread-local variable 'arena_index' uses the initial-exec TLS model
extern __thread int arena_index __attribute__((tls_model("initial-exec")));
// DIAG-NOT: {{remark|note}}: thread-local

__thread int arena_index = 1;

int arena(void) { return ++arena_index; }
