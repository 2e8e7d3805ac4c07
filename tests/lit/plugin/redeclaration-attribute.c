// The attribute may sit on a redeclaration rather than on the first
// declaration or the definition; the definition inherits it, and the report
// points at it, wherever it is.
//
// RUN: %clang -fPIC -O2 -fno-caret-diagnostics -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIAG
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC: R_X86_64_TLSGD arena_index

extern __thread int arena_index;

// DIAG: redeclaration-attribute.c:[[@LINE+1]]:48: remark: thread-local variable 'arena_index' uses the initial-exec TLS model
extern __thread int arena_index __attribute__((tls_model("initial-exec")));
// DIAG-NOT: remark: thread-local

__thread int arena_index = 1;

int arena(void) { return ++arena_index; }
