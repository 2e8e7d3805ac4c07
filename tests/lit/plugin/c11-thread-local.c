// C11 _Thread_local behaves like __thread: an attribute on it is reported
// at the attribute and the variable becomes global-dynamic.
//
// RUN: %cc -std=c11 -fPIC -O2 %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC: R_X86_64_TLSGD depth

// DIAG-clang: c11-thread-local.c:[[@LINE+2]]:45: remark: thread-local variable 'depth' uses the initial-exec TLS model
// DIAG-gcc: c11-thread-local.c:[[@LINE+1]]:24: note: thread-local variable 'depth' uses the initial-exec TLS model
_Thread_local unsigned depth __attribute__((tls_model("initial-exec")));

unsigned enter(void) { return ++depth; }
