// mode=warn reports and changes nothing: the expectations sit next to the
// lines they are about (-verify), and FileCheck pins the columns.
//
// RUN: %clang -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fsyntax-only -Xclang -verify %s
// RUN: %clang -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fno-caret-diagnostics \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: %clang -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -S -emit-llvm %s -o - 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=IR

// IR-DAG: @slab = thread_local(initialexec) global
// IR-DAG: @bytes = internal thread_local(localexec) global

// CHECK: warn-mode.c:[[@LINE+2]]:36: warning: thread-local variable 'slab' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-NEXT: warn-mode.c:[[@LINE+1]]:36: note: left as initial-exec (mode=warn); -fplugin-arg-tlsguard-mode=rewrite makes it global-dynamic
__thread void *slab __attribute__((tls_model("initial-exec"))); // expected-warning {{thread-local variable 'slab' uses the initial-exec TLS model}} expected-note {{left as initial-exec (mode=warn)}}

// CHECK: warn-mode.c:[[@LINE+1]]:43: warning: thread-local variable 'bytes' uses the local-exec TLS model
static __thread long bytes __attribute__((tls_model("local-exec"))); // expected-warning {{'bytes' uses the local-exec TLS model}} expected-note {{left as local-exec}}

long allocated(void) { return bytes + (long)slab; }
