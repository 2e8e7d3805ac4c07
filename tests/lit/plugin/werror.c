// How tlsguard's diagnostics meet -Werror and -w, on every clang major:
// rewrite-mode remarks never fail a -Werror build; warnings (mode=warn,
// thread-pointer reads) become errors under -Werror and disappear under -w.
// Before clang 20 clang does not apply either flag to a plugin's own
// diagnostics, so tlsguard does; from clang 20 they are in -Wbackend-plugin.
//
// RUN: %clang -fPIC -Werror -fplugin=%plugin -fplugin-arg-tlsguard-thread-pointer=off -c %s -o %t.o
// RUN: not %clang -fPIC -Werror -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WERROR
// RUN: %clang -fPIC -w -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fsyntax-only %s 2>&1 \
// RUN:   | count 0

// WERROR-DAG: werror.c:[[@LINE+1]]:40: error: thread-local variable 'hot' uses the initial-exec TLS model
static __thread int hot __attribute__((tls_model("initial-exec")));
// WERROR-DAG: werror.c:[[@LINE+1]]:35: error: '__builtin_thread_pointer' reads the thread pointer directly
void *self(void) { return (char *)__builtin_thread_pointer() + hot; }
