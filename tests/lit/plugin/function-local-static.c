// Function-local statics: reported at the attribute and rewritten, under the
// symbol C gives them (clang: "function.variable", gcc: "variable.N"). A
// static in an inline function that nothing calls puts nothing in the
// object and is not reported.
//
// RUN: %cc -fPIC -O0 %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -fPIC -O0 -fplugin=%plugin -S -emit-llvm %s -o - 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=IR %}

// REQUIRES: host-x86_64
// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC: R_X86_64_TLS{{GD|LD}} {{next_id\.last|last\.[0-9]+}}

// IR-NOT: initialexec
// IR: @next_id.last = internal thread_local global i32 0

int next_id(void) {
  // DIAG-clang: function-local-static.c:[[@LINE+2]]:43: remark: thread-local variable 'last' uses the initial-exec TLS model
  // DIAG-gcc: function-local-static.c:[[@LINE+1]]:23: note: thread-local variable 'last' uses the initial-exec TLS model
  static __thread int last __attribute__((tls_model("initial-exec")));
  return ++last;
}

// DIAG-NOT: 'never_emitted'
static inline int unused_helper(void) {
  static __thread int never_emitted __attribute__((tls_model("initial-exec")));
  return never_emitted;
}
