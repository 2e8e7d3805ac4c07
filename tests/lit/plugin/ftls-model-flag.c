// A build system that appends -ftls-model=initial-exec after the user's own
// flags (mimalloc, libmimalloc-sys with old cc crates) wins over the user's
// -ftls-model=global-dynamic, but not over the plugin. With no attribute to
// point at, the report is at the declaration and names the flag.
//
// RUN: %clang -fPIC -O2 -ftls-model=global-dynamic -ftls-model=initial-exec \
// RUN:   -fno-caret-diagnostics -fplugin=%plugin -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=DIAG
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
//
// local-exec from the command line too:
// RUN: %clang -fPIC -O2 -ftls-model=local-exec -fno-caret-diagnostics -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-mode=warn -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=LE

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF
// RELOC-DAG: R_X86_64_TLSLD heap_owner
// RELOC-DAG: R_X86_64_TLSGD thread_heap

// DIAG: ftls-model-flag.c:[[@LINE+3]]:26: remark: thread-local variable 'heap_owner' gets the initial-exec TLS model from -ftls-model=initial-exec: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-NEXT: ftls-model-flag.c:[[@LINE+2]]:26: note: rewritten to global-dynamic
// LE: ftls-model-flag.c:[[@LINE+1]]:26: warning: thread-local variable 'heap_owner' gets the local-exec TLS model from -ftls-model=local-exec
static __thread unsigned heap_owner;

// DIAG: ftls-model-flag.c:[[@LINE+1]]:16: remark: thread-local variable 'thread_heap' gets the initial-exec TLS model from -ftls-model=initial-exec
__thread void *thread_heap;

// An attribute still beats the flag:
// DIAG-NOT: 'dynamic_on_purpose'
__thread int dynamic_on_purpose __attribute__((tls_model("global-dynamic")));

void *current(void) { return (char *)thread_heap + ++heap_owner + dynamic_on_purpose; }
