// C __thread with tls_model attributes, in a shared object (-fPIC): every
// initial-exec and local-exec variable is reported at its attribute (clang,
// as a remark) or its declaration (gcc, which keeps no attribute locations,
// as a note), with a note saying it was rewritten, and the object file uses
// only dynamic TLS relocations, at -O0 and at -O2.
//
// RUN: %cc -fPIC -O0 %no-caret -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -S -emit-llvm %s -o - \
// RUN:   | FileCheck %s --check-prefix=IR %}
//
// Without the plugin the same object has static TLS relocations:
// RUN: %cc -fPIC -O2 -c %s -o %t.plain.o
// RUN: %llvm-objdump -r %t.plain.o | FileCheck %s --check-prefix=PLAIN

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC-DAG: R_X86_64_TLS{{LD|GD}} counter
// RELOC-DAG: R_X86_64_TLSGD exported
// RELOC-DAG: R_X86_64_TLSGD fast_path
// PLAIN-DAG: R_X86_64_TPOFF32 counter
// PLAIN-DAG: R_X86_64_GOTTPOFF exported
// IR-NOT: initialexec
// IR-NOT: localexec

// DIAG-clang: rewrite-gnu-thread.c:[[@LINE+4]]:44: remark: thread-local variable 'counter' uses the local-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-clang-NEXT: rewrite-gnu-thread.c:[[@LINE+3]]:44: note: rewritten to global-dynamic, which dlopen can always satisfy; to keep local-exec, add -fplugin-arg-tlsguard-allow=counter
// DIAG-gcc: rewrite-gnu-thread.c:[[@LINE+2]]:21: note: thread-local variable 'counter' uses the local-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-gcc-NEXT: rewrite-gnu-thread.c:[[@LINE+1]]:21: note: rewritten to global-dynamic, which dlopen can always satisfy; to keep local-exec, add -fplugin-arg-tlsguard-allow=counter
static __thread int counter __attribute__((tls_model("local-exec")));

// DIAG-clang: rewrite-gnu-thread.c:[[@LINE+2]]:39: remark: thread-local variable 'exported' uses the initial-exec TLS model
// DIAG-gcc: rewrite-gnu-thread.c:[[@LINE+1]]:15: note: thread-local variable 'exported' uses the initial-exec TLS model
__thread long exported __attribute__((tls_model("initial-exec"))) = 7;

// A global-dynamic variable needs nothing:
// DIAG-clang-NOT: 'already_dynamic'
// DIAG-gcc-NOT: 'already_dynamic'
__thread int already_dynamic __attribute__((tls_model("global-dynamic")));

// DIAG-clang: rewrite-gnu-thread.c:[[@LINE+2]]:46: remark: thread-local variable 'fast_path' uses the initial-exec TLS model
// DIAG-gcc: rewrite-gnu-thread.c:[[@LINE+1]]:21: note: thread-local variable 'fast_path' uses the initial-exec TLS model
extern __thread int fast_path __attribute__((tls_model("initial-exec")));

long sum(void) { return ++counter + exported + already_dynamic + fast_path; }
