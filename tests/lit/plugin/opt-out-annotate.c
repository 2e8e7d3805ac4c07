// The source-level opt-out for one variable: annotate("tlsguard:keep") on
// any declaration. The frontend honours it on declarations (so every file
// that includes the header keeps the fast access) and the IR pass honours
// it on definitions, which is all that -fpass-plugin= alone can see. The
// GCC plugin registers the annotate attribute (gcc has none) and honours it
// on any declaration too.
//
// RUN: %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIAG
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -fPIC -O2 -fpass-plugin=%plugin -c %s -o %t.pass.o %}
// RUN: %if compiler-clang %{ %llvm-objdump -r %t.pass.o | FileCheck %s --check-prefix=PASS %}

// REQUIRES: host-x86_64

// DIAG-NOT: 'hot'
// DIAG-NOT: 'shared_hot'
// DIAG: {{remark|note}}: thread-local variable 'cold'
// DIAG: 1 thread-local variable rewritten to global-dynamic, 2 kept on purpose
// RELOC-DAG: R_X86_64_GOTTPOFF hot
// RELOC-DAG: R_X86_64_GOTTPOFF shared_hot
// RELOC-DAG: R_X86_64_TLSGD cold
// PASS-DAG: R_X86_64_GOTTPOFF hot
// PASS-DAG: R_X86_64_TLSGD shared_hot
// PASS-DAG: R_X86_64_TLSGD cold

#define TLSGUARD_KEEP __attribute__((annotate("tlsguard:keep")))
#define IE __attribute__((tls_model("initial-exec")))

static __thread int hot IE TLSGUARD_KEEP;
// As a header would declare it; defined in another file.
extern __thread int shared_hot IE TLSGUARD_KEEP;
__thread int cold IE;

int touch(void) { return ++hot + shared_hot + cold; }
