// mode=warn reports and changes nothing: the expectations sit next to the
// lines they are about (clang's -verify), and FileCheck pins the columns.
//
// RUN: %if compiler-clang %{ %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fsyntax-only -Xclang -verify %s %}
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn %no-caret \
// RUN:   -S -o /dev/null %s 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=CHECK-%compiler
// RUN: %if compiler-clang %{ %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -S -emit-llvm %s -o - 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=IR %}
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -c %s -o %t.o 2>/dev/null
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64
// RELOC-DAG: R_X86_64_GOTTPOFF slab
// RELOC-DAG: R_X86_64_TPOFF32 bytes

// IR-DAG: @slab = thread_local(initialexec) global
// IR-DAG: @bytes = internal thread_local(localexec) global

// CHECK-clang: warn-mode.c:[[@LINE+4]]:36: warning: thread-local variable 'slab' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-clang-NEXT: warn-mode.c:[[@LINE+3]]:36: note: left as initial-exec (mode=warn); -fplugin-arg-tlsguard-mode=rewrite makes it global-dynamic
// CHECK-gcc: warn-mode.c:[[@LINE+2]]:16: warning: thread-local variable 'slab' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-gcc-NEXT: warn-mode.c:[[@LINE+1]]:16: note: left as initial-exec (mode=warn); -fplugin-arg-tlsguard-mode=rewrite makes it global-dynamic
__thread void *slab __attribute__((tls_model("initial-exec"))); // expected-warning {{thread-local variable 'slab' uses the initial-exec TLS model}} expected-note {{left as initial-exec (mode=warn)}}

// CHECK-clang: warn-mode.c:[[@LINE+2]]:43: warning: thread-local variable 'bytes' uses the local-exec TLS model
// CHECK-gcc: warn-mode.c:[[@LINE+1]]:22: warning: thread-local variable 'bytes' uses the local-exec TLS model
static __thread long bytes __attribute__((tls_model("local-exec"))); // expected-warning {{'bytes' uses the local-exec TLS model}} expected-note {{left as local-exec}}

long allocated(void) { return bytes + (long)slab; }
