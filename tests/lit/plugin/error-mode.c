// mode=error makes the compile fail, for a CI gate: each static-TLS
// variable is an error at its attribute, with a note on how to fix it.
//
// RUN: not %clang -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=error -fno-caret-diagnostics \
// RUN:   -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %expect-exit 1 %clang -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=error -c %s -o %t.o
//
// -ftls-model= gets a note that names the flag:
// RUN: not %clang -fPIC -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-mode=error \
// RUN:   -fno-caret-diagnostics -DFROM_FLAG -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=FLAG

#ifndef FROM_FLAG
// CHECK: error-mode.c:[[@LINE+2]]:42: error: thread-local variable 'arena' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-NEXT: error-mode.c:[[@LINE+1]]:42: note: remove the tls_model attribute, compile with -fplugin-arg-tlsguard-mode=rewrite, or keep it with -fplugin-arg-tlsguard-allow=arena
static __thread int arena __attribute__((tls_model("initial-exec")));
int get(void) { return arena; }
#else
// FLAG: error-mode.c:[[@LINE+2]]:14: error: thread-local variable 'depth' gets the initial-exec TLS model from -ftls-model=initial-exec
// FLAG-NEXT: note: drop -ftls-model=initial-exec, compile with -fplugin-arg-tlsguard-mode=rewrite, or keep it with -fplugin-arg-tlsguard-allow=depth
__thread int depth;
#endif
