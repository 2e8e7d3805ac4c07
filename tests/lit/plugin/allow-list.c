// allow=: variables that keep their static model, by name; the rest is
// rewritten. A C function-local static is matched by its name or by its
// symbol as clang gives it ("function.variable"; gcc accepts that too).
//
// RUN: %cc -fPIC -O2 %no-caret -fplugin=%plugin -fplugin-arg-tlsguard-allow=hot_counter \
// RUN:   -fplugin-arg-tlsguard-allow=next_id.last,unused_entry -c %s -o %t.o 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
//
// An entry is a name, not a pattern:
// RUN: %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-allow=hot -fplugin-arg-tlsguard-quiet \
// RUN:   -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=NONE

// REQUIRES: host-x86_64

// Kept variables are not reported and keep their static relocations:
// DIAG-NOT: 'hot_counter'
// DIAG-NOT: 'last'
// DIAG-clang: allow-list.c:[[@LINE+10]]:34: remark: thread-local variable 'cold' uses the initial-exec TLS model
// DIAG-gcc: allow-list.c:[[@LINE+9]]:14: note: thread-local variable 'cold' uses the initial-exec TLS model
// DIAG-NOT: 'hot_counter'
// DIAG-NOT: 'last'
// RELOC-DAG: R_X86_64_TPOFF32 hot_counter
// RELOC-DAG: R_X86_64_TPOFF32 {{next_id\.last|last\.[0-9]+}}
// RELOC-DAG: R_X86_64_TLSGD cold
// NONE-NOT: R_X86_64_TPOFF32

__thread int hot_counter __attribute__((tls_model("local-exec")));
__thread int cold __attribute__((tls_model("initial-exec")));

int next_id(void) {
  static __thread int last __attribute__((tls_model("local-exec")));
  return ++last + ++hot_counter + ++cold;
}
