// An extern declaration that the code uses becomes an IR declaration with
// the static model, and the object gets GOTTPOFF against it: it is reported
// and rewritten like a definition. One that nothing uses puts nothing in the
// object and is not reported (headers are full of them).
//
// RUN: %cc -fPIC -O2 %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -S -emit-llvm %s -o - \
// RUN:   | FileCheck %s --check-prefix=IR %}

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC: R_X86_64_TLSGD tsd_state
// IR: @tsd_state = external thread_local {{(local_unnamed_addr )?}}global i32
// IR-NOT: initialexec

// DIAG-clang: extern-declarations.c:[[@LINE+2]]:46: remark: thread-local variable 'tsd_state' uses the initial-exec TLS model
// DIAG-gcc: extern-declarations.c:[[@LINE+1]]:21: note: thread-local variable 'tsd_state' uses the initial-exec TLS model
extern __thread int tsd_state __attribute__((tls_model("initial-exec")));

// DIAG-NOT: 'declared_only'
extern __thread int declared_only __attribute__((tls_model("initial-exec")));

int state(void) { return tsd_state; }
