// mode=error makes the compile fail, for a CI gate: each static-TLS
// variable is an error at its attribute, with a note on how to fix it.
//
// RUN: not %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=error %no-caret \
// RUN:   -c %s -o %t.o 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=CHECK-%compiler
// RUN: %expect-exit 1 %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=error -c %s -o %t.o
//
// -ftls-model= gets a note that names the flag:
// RUN: not %cc -fPIC -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-mode=error \
// RUN:   %no-caret -DFROM_FLAG -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=FLAG

#ifndef FROM_FLAG
// CHECK-clang: error-mode.c:[[@LINE+4]]:42: error: thread-local variable 'arena' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-clang-NEXT: error-mode.c:[[@LINE+3]]:42: note: remove the tls_model attribute, compile with -fplugin-arg-tlsguard-mode=rewrite, or keep it with -fplugin-arg-tlsguard-allow=arena
// CHECK-gcc: error-mode.c:[[@LINE+2]]:21: error: thread-local variable 'arena' uses the initial-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// CHECK-gcc-NEXT: error-mode.c:[[@LINE+1]]:21: note: remove the tls_model attribute, compile with -fplugin-arg-tlsguard-mode=rewrite, or keep it with -fplugin-arg-tlsguard-allow=arena
static __thread int arena __attribute__((tls_model("initial-exec")));
int get(void) { return arena; }
#else
// FLAG: error-mode.c:[[@LINE+2]]:14: error: thread-local variable 'depth' gets the initial-exec TLS model from -ftls-model=initial-exec
// FLAG-NEXT: note: drop -ftls-model=initial-exec, compile with -fplugin-arg-tlsguard-mode=rewrite, or keep it with -fplugin-arg-tlsguard-allow=depth
__thread int depth;
#endif
