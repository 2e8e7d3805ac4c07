// -fplugin= and -fpass-plugin= together (a build that sets both): the pass
// may run twice, but every report, the rewrite and the summary happen once.
//
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fpass-plugin=%plugin -fplugin-arg-tlsguard-summary \
// RUN:   -fno-caret-diagnostics -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// CHECK: both-plugin-flags.c:[[@LINE+5]]:{{[0-9]+}}: remark: thread-local variable 'slot'
// CHECK-NOT: remark: thread-local variable
// CHECK: 1 thread-local variable rewritten to global-dynamic
// CHECK-NEXT: remark: tlsguard: {{.*}}dynamic TLS access:
// CHECK-NOT: remark: tlsguard:
__thread int slot __attribute__((tls_model("initial-exec")));
int get(void) { return slot; }

// RELOC-NOT: R_X86_64_GOTTPOFF

// Clang only: -fpass-plugin= is clang's.
// UNSUPPORTED: compiler-gcc
