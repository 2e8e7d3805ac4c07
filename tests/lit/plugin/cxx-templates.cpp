// Templates: a variable template, a static data member of a class template
// and a static local in a function template exist only as instantiations.
// Each template is reported once, at its attribute; every instantiation is
// rewritten.
//
// RUN: %cc -x c++ -std=c++17 -fPIC -O2 %no-caret -fplugin=%plugin \
// RUN:   -fplugin-arg-tlsguard-summary -c %s -o %t.o 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC

// REQUIRES: host-x86_64

// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32

#define IE __attribute__((tls_model("initial-exec")))

// DIAG-clang: cxx-templates.cpp:[[@LINE+2]]:47: remark: thread-local variable 'per_type' uses the initial-exec TLS model
// DIAG-gcc: cxx-templates.cpp:[[@LINE+1]]:38: note: thread-local variable 'per_type' uses the initial-exec TLS model
template <typename T> thread_local T per_type IE = T();
// DIAG-NOT: 'per_type'

template <typename T> struct Box {
  // DIAG-clang: cxx-templates.cpp:[[@LINE+1]]:31: remark: thread-local variable 'Box<int>::value' uses the initial-exec TLS model
  static thread_local T value IE;
};
// gcc points at the definition, where the instantiation is made:
// DIAG-gcc: cxx-templates.cpp:[[@LINE+1]]:38: note: thread-local variable 'Box<int>::value' uses the initial-exec TLS model
template <typename T> thread_local T Box<T>::value;

template <typename T> T &slot() {
  // DIAG-clang: cxx-templates.cpp:[[@LINE+2]]:27: remark: thread-local variable 'slot::v' uses the initial-exec TLS model
  // DIAG-gcc: cxx-templates.cpp:[[@LINE+1]]:25: note: thread-local variable 'slot<int>::v' uses the initial-exec TLS model
  static thread_local T v IE;
  return v;
}

// A template nobody instantiates puts nothing in the object:
// DIAG-NOT: 'unused_template'
template <typename T> thread_local T unused_template IE;

long use() {
  return per_type<int> + per_type<long> + Box<int>::value + slot<int>() +
         slot<short>();
}

// per_type<int>, per_type<long>, Box<int>::value, slot<int>()::v, slot<short>()::v
// DIAG: {{remark|note}}: tlsguard: {{.*}}: 5 thread-local variables rewritten to global-dynamic
