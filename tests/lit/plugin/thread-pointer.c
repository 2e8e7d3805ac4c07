// Code that reads the thread pointer directly cannot be rewritten; tlsguard
// points at it: the builtin, the <immintrin.h> FSGSBASE wrappers, and inline
// assembly (extended asm, where the text says %%fs:, basic asm, asm split
// over several literals, and file-scope asm), at the exact column of the
// register. Calls and file-scope asm are found in the AST; inline asm in
// the code generated, so it is reported after them and only for functions
// that are emitted. gcc reports inline asm at the asm statement (it keeps no
// locations inside the string) and file-scope asm without a line.
//
// RUN: %cc -fPIC -mfsgsbase -isystem %plugin-inputs/sys %no-caret -fplugin=%plugin \
// RUN:   -S -o /dev/null %s 2>&1 | FileCheck %s --implicit-check-not=warning: \
// RUN:   --allow-unused-prefixes --check-prefixes=CHECK,CHECK-%compiler
// RUN: %cc -fPIC -mfsgsbase -isystem %plugin-inputs/sys -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-thread-pointer=off -S -o /dev/null %s 2>&1 | count 0
//
// The same checks run in mode=warn, and not in mode=off:
// RUN: %cc -fPIC -mfsgsbase -isystem %plugin-inputs/sys -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn \
// RUN:   -S -o /dev/null %s 2>&1 | grep -c ': warning: ' | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}6{{$}}
// RUN: %cc -fPIC -mfsgsbase -isystem %plugin-inputs/sys -fplugin=%plugin -fplugin-arg-tlsguard-mode=off \
// RUN:   -S -o /dev/null %s 2>&1 | count 0

// REQUIRES: host-x86_64

#include <immintrin.h>
#include <thread_id.h>

// CHECK: thread-pointer.c:[[@LINE+2]]:37: warning: '__builtin_thread_pointer' reads the thread pointer directly: code that uses it as a thread id or reads fixed offsets from it assumes one libc's TLS layout [tlsguard-thread-pointer]
// CHECK-NEXT: thread-pointer.c:[[@LINE+1]]:37: note: tlsguard cannot rewrite this; use a thread_local variable instead, or silence this with -fplugin-arg-tlsguard-thread-pointer=off
void *thread_pointer(void) { return __builtin_thread_pointer(); }

unsigned long thread_id(void) {
  unsigned long id;
  // CHECK-clang-DAG: thread-pointer.c:[[@LINE+2]]:26: warning: inline assembly ('%fs:') reads the thread pointer directly
  // CHECK-gcc-DAG: thread-pointer.c:[[@LINE+1]]:3: warning: inline assembly ('%fs:') reads the thread pointer directly
  __asm__ volatile("movq %%fs:0, %0" : "=r"(id));
  return id + system_thread_id();
}

// CHECK-DAG: thread-pointer.c:[[@LINE+1]]:43: warning: '_readfsbase_u64' reads the thread pointer directly
unsigned long long fs_base(void) { return _readfsbase_u64(); }

void slot(void) {
  // CHECK-clang-DAG: thread-pointer.c:[[@LINE+2]]:17: warning: inline assembly ('%gs:') reads the thread pointer directly
  // CHECK-gcc-DAG: thread-pointer.c:[[@LINE+1]]:3: warning: inline assembly ('%gs:') reads the thread pointer directly
  __asm__("movq %gs:0x30, %rax");
}

// CHECK-clang-DAG: thread-pointer.c:[[@LINE+2]]:53: warning: inline assembly ('fs:') reads the thread pointer directly
// CHECK-gcc-DAG: cc1: warning: file-scope inline assembly ('fs:') reads the thread pointer directly
__asm__(".intel_syntax noprefix\nmov rax, qword ptr fs:[0]\n.att_syntax");

void split_literal(void) {
  // CHECK-clang-DAG: thread-pointer.c:[[@LINE+3]]:26: warning: inline assembly ('%fs:')
  // CHECK-gcc-DAG: thread-pointer.c:[[@LINE+1]]:3: warning: inline assembly ('%fs:')
  __asm__ volatile("nop\n\t"
                   "movq %%fs:0x10, %%rax" ::: "rax");
}

// An inline function nobody calls is not in the object:
static inline unsigned long unused(void) {
  unsigned long v;
  __asm__("movq %%fs:0x28, %0" : "=r"(v));
  return v;
}

// Reading %fs itself (the selector, not through it) is fine:
void selector(void) { __asm__("movw %fs, %ax"); }
