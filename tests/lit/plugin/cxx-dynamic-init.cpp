// C++ thread_local with dynamic initialisation: besides the variables,
// the compiler emits a guard (__tls_guard) and, for a function-local static, a
// guard variable (_ZGV...), all with the model from -ftls-model=. The IR
// pass rewrites those compiler-generated globals too; the summary counts
// them.
//
// RUN: %cc -x c++ -std=c++17 -fPIC -O2 -ftls-model=initial-exec %no-caret \
// RUN:   -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.o 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-quiet -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR %}
// RUN: %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-quiet -c %s -o %t.O0.o
// RUN: %llvm-objdump -r %t.O0.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// IR-NOT: initialexec
// IR-DAG: @_ZN2ns7sessionE = thread_local global
// IR-DAG: @__tls_guard = internal thread_local global
// IR-DAG: @_ZGVZ7scratchvE6buffer = internal thread_local global
// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// RELOC-DAG: R_X86_64_TLS{{GD|LD}} _ZN2ns7sessionE
// RELOC-DAG: R_X86_64_TLS{{GD|LD}} __tls_guard
// RELOC-DAG: R_X86_64_TLS{{GD|LD}} _ZGVZ7scratchvE6buffer

int make_id();

struct Session {
  Session() : id(make_id()) {}
  ~Session();
  int id;
};

namespace ns {
// DIAG-clang: cxx-dynamic-init.cpp:[[@LINE+2]]:22: remark: thread-local variable 'ns::session' gets the initial-exec TLS model from -ftls-model=initial-exec
// DIAG-gcc: cxx-dynamic-init.cpp:[[@LINE+1]]:22: note: thread-local variable 'ns::session' gets the initial-exec TLS model from -ftls-model=initial-exec
thread_local Session session;
} // namespace ns

int *scratch() {
  // DIAG-clang: cxx-dynamic-init.cpp:[[@LINE+2]]:27: remark: thread-local variable 'scratch::buffer' gets the initial-exec TLS model
  // DIAG-gcc: cxx-dynamic-init.cpp:[[@LINE+1]]:27: note: thread-local variable 'scratch::buffer' gets the initial-exec TLS model
  static thread_local int buffer[16] = {make_id()};
  return buffer;
}

int current() { return ns::session.id + scratch()[0]; }

// Four globals: ns::session, scratch()::buffer, its guard and __tls_guard.
// DIAG: {{remark|note}}: tlsguard: {{.*}}cxx-dynamic-init.cpp: mode=rewrite (a shared object: -fPIC): 4 thread-local variables rewritten to global-dynamic, 0 kept on purpose, 0 thread-pointer accesses [tlsguard-summary]
