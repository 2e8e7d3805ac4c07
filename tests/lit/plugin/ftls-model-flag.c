// A build system that appends -ftls-model=initial-exec after the user's own
// flags (mimalloc, libmimalloc-sys with old cc crates) wins over the user's
// -ftls-model=global-dynamic, but not over the plugin. With no attribute to
// point at, the report is at the declaration and names the flag.
//
// RUN: %cc -fPIC -O2 -ftls-model=global-dynamic -ftls-model=initial-exec \
// RUN:   %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
//
// local-exec from the command line too:
// RUN: %cc -fPIC -O2 -ftls-model=local-exec %no-caret -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-mode=warn -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=LE

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF
// RELOC-DAG: R_X86_64_TLS{{LD|GD}} heap_owner
// RELOC-DAG: R_X86_64_TLSGD thread_heap

// DIAG-clang: ftls-model-flag.c:[[@LINE+5]]:26: remark: thread-local variable 'heap_owner' gets the initial-exec TLS model from -ftls-model=initial-exec: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-clang-NEXT: ftls-model-flag.c:[[@LINE+4]]:26: note: rewritten to global-dynamic
// DIAG-gcc: ftls-model-flag.c:[[@LINE+3]]:26: note: thread-local variable 'heap_owner' gets the initial-exec TLS model from -ftls-model=initial-exec: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-gcc-NEXT: ftls-model-flag.c:[[@LINE+2]]:26: note: rewritten to global-dynamic
// LE: ftls-model-flag.c:[[@LINE+1]]:26: warning: thread-local variable 'heap_owner' gets the local-exec TLS model from -ftls-model=local-exec
static __thread unsigned heap_owner;

// DIAG-clang: ftls-model-flag.c:[[@LINE+2]]:16: remark: thread-local variable 'thread_heap' gets the initial-exec TLS model from -ftls-model=initial-exec
// DIAG-gcc: ftls-model-flag.c:[[@LINE+1]]:16: note: thread-local variable 'thread_heap' gets the initial-exec TLS model from -ftls-model=initial-exec
__thread void *thread_heap;

// An attribute still beats the flag:
// DIAG-clang-NOT: 'dynamic_on_purpose'
// DIAG-gcc-NOT: 'dynamic_on_purpose'
__thread int dynamic_on_purpose __attribute__((tls_model("global-dynamic")));

void *current(void) { return (char *)thread_heap + ++heap_owner + dynamic_on_purpose; }
