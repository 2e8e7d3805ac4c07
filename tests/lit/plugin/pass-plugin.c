// -fpass-plugin=tlsguard.so alone: the IR pass without the frontend, on
// every major (clang 22 loads pass plugins before the frontend, and the
// frontend part stays out unless -fplugin= names it). It rewrites position-
// independent non-PIE code, honours annotate("tlsguard:keep") on
// definitions, and reports the thread-pointer reads it finds in the IR
// (inline asm at its statement, through clang's !srcloc; intrinsics by
// function).
//
// RUN: %clang -fPIC -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o %t.ll 2> %t.err
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// RUN: FileCheck %s --check-prefix=WARN --implicit-check-not=remark: --implicit-check-not=warning: < %t.err
//
// The version-suffixed build works the same way:
// RUN: %clang -fPIC -O2 -fpass-plugin=%plugin-for-major -S -emit-llvm %s -o - 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=IR
//
// PIE code is left alone, and so are its thread-pointer reads:
// RUN: %clang -fPIE -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o - 2>&1 | FileCheck %s --check-prefix=PIE

// REQUIRES: host-x86_64

// IR-DAG: @counter = internal thread_local {{(unnamed_addr )?}}global i32 0
// IR-DAG: @kept = internal thread_local(initialexec) global i32 0
// PIE-NOT: warning:
// PIE: @counter = internal thread_local(initialexec) {{(unnamed_addr )?}}global i32 0

static __thread int counter __attribute__((tls_model("initial-exec")));
static __thread int kept __attribute__((tls_model("initial-exec"), annotate("tlsguard:keep")));

// WARN-DAG: pass-plugin.c:[[@LINE+3]]:20: warning: inline assembly ('%fs:') reads the thread pointer directly: code that uses it as a thread id or reads fixed offsets from it assumes one libc's TLS layout [tlsguard-thread-pointer]
unsigned long thread_id(void) {
  unsigned long id;
  __asm__ volatile("movq %%fs:0, %0" : "=r"(id));
  return id + ++counter + ++kept;
}

// WARN-DAG: warning: 'llvm.thread.pointer' in function 'thread_pointer' reads the thread pointer directly
void *thread_pointer(void) { return __builtin_thread_pointer(); }

// Clang only: -fpass-plugin= is clang's.
// UNSUPPORTED: compiler-gcc
