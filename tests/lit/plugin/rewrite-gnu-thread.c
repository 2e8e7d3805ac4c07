// C __thread with tls_model attributes, in a shared object (-fPIC): every
// initial-exec and local-exec variable is reported at its attribute as a
// remark, with a note saying it was rewritten, and the object file uses only
// dynamic TLS relocations, at -O0 and at -O2.
//
// RUN: %clang -fPIC -O0 -fno-caret-diagnostics -fplugin=%plugin -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIAG
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -S -emit-llvm %s -o - \
// RUN:   | FileCheck %s --check-prefix=IR
//
// Without the plugin the same object has static TLS relocations:
// RUN: %clang -fPIC -O2 -c %s -o %t.plain.o
// RUN: %llvm-objdump -r %t.plain.o | FileCheck %s --check-prefix=PLAIN

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC-DAG: R_X86_64_TLSLD counter
// RELOC-DAG: R_X86_64_TLSGD exported
// RELOC-DAG: R_X86_64_TLSGD fast_path
// PLAIN-DAG: R_X86_64_TPOFF32 counter
// PLAIN-DAG: R_X86_64_GOTTPOFF exported
// IR-NOT: initialexec
// IR-NOT: localexec

// DIAG: rewrite-gnu-thread.c:[[@LINE+2]]:44: remark: thread-local variable 'counter' uses the local-exec TLS model: a shared library that contains it needs static TLS and can fail to load with dlopen [tlsguard-static-tls]
// DIAG-NEXT: rewrite-gnu-thread.c:[[@LINE+1]]:44: note: rewritten to global-dynamic, which dlopen can always satisfy; to keep local-exec, add -fplugin-arg-tlsguard-allow=counter
static __thread int counter __attribute__((tls_model("local-exec")));

// DIAG: rewrite-gnu-thread.c:[[@LINE+1]]:39: remark: thread-local variable 'exported' uses the initial-exec TLS model
__thread long exported __attribute__((tls_model("initial-exec"))) = 7;

// A global-dynamic variable needs nothing:
// DIAG-NOT: 'already_dynamic'
__thread int already_dynamic __attribute__((tls_model("global-dynamic")));

// DIAG: rewrite-gnu-thread.c:[[@LINE+1]]:46: remark: thread-local variable 'fast_path' uses the initial-exec TLS model
extern __thread int fast_path __attribute__((tls_model("initial-exec")));

long sum(void) { return ++counter + exported + already_dynamic + fast_path; }
