// How tlsguard's diagnostics meet -Werror and -w, on every clang major and
// on gcc: rewrite-mode remarks (gcc: notes) never fail a -Werror build; warnings (mode=warn,
// thread-pointer reads) become errors under -Werror and disappear under -w.
// Before clang 20 clang does not apply either flag to a plugin's own
// diagnostics, so tlsguard does; from clang 20 they are in -Wbackend-plugin.
//
// RUN: %cc -fPIC -Werror -fplugin=%plugin -fplugin-arg-tlsguard-thread-pointer=off -c %s -o %t.o
// RUN: not %cc -fPIC -Werror -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -S -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=WERROR-%compiler
// RUN: %cc -fPIC -w -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -S -o /dev/null %s 2>&1 \
// RUN:   | count 0

// WERROR-clang-DAG: werror.c:[[@LINE+2]]:40: error: thread-local variable 'hot' uses the initial-exec TLS model
// WERROR-gcc-DAG: werror.c:[[@LINE+1]]:21: error: thread-local variable 'hot' uses the initial-exec TLS model
static __thread int hot __attribute__((tls_model("initial-exec")));
// WERROR-clang-DAG: werror.c:[[@LINE+2]]:35: error: '__builtin_thread_pointer' reads the thread pointer directly
// WERROR-gcc-DAG: werror.c:[[@LINE+1]]:35: error: '__builtin_thread_pointer' reads the thread pointer directly
void *self(void) { return (char *)__builtin_thread_pointer() + hot; }
