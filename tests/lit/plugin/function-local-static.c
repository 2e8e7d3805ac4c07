// Function-local statics: reported at the attribute and rewritten, under the
// symbol C gives them ("function.variable"). A static in an inline function
// that nothing calls puts nothing in the object and is not reported.
//
// RUN: %clang -fPIC -O0 -fno-caret-diagnostics -fplugin=%plugin -S -emit-llvm %s -o %t.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=IR < %t.ll

// IR-NOT: initialexec
// IR: @next_id.last = internal thread_local global i32 0

int next_id(void) {
  // DIAG: function-local-static.c:[[@LINE+1]]:43: remark: thread-local variable 'last' uses the initial-exec TLS model
  static __thread int last __attribute__((tls_model("initial-exec")));
  return ++last;
}

// DIAG-NOT: 'never_emitted'
static inline int unused_helper(void) {
  static __thread int never_emitted __attribute__((tls_model("initial-exec")));
  return never_emitted;
}
