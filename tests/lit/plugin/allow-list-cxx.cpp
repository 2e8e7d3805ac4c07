// allow= in C++: a qualified name picks one variable, a plain name matches
// the identifier in any scope, and a mangled symbol works as nm shows it.
// The guard variable of a kept function-local static stays with it.
//
// RUN: %clang -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=fast::slot,_ZZ6bufferiE7scratch -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=slot -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLAIN
//
// A function-local static by function::name, a template instantiation with
// its arguments:
// RUN: %clang -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   '-fplugin-arg-tlsguard-allow=buffer::scratch,Box<int>::value' -S -emit-llvm %s -o - \
// RUN:   | FileCheck %s --check-prefix=QUALIFIED

int compute(int);

namespace fast {
thread_local int slot;
}
namespace slow {
thread_local int slot;
}

int *buffer(int n) {
  static thread_local int scratch[8] = {compute(n)};
  return scratch;
}

template <typename T> struct Box {
  static thread_local T value;
};
template <typename T> thread_local T Box<T>::value;

int use(int n) {
  return fast::slot + slow::slot + buffer(n)[0] + Box<int>::value +
         (int)Box<long>::value;
}

// CHECK-DAG: @_ZN4fast4slotE = thread_local(initialexec) global i32 0
// CHECK-DAG: @_ZN4slow4slotE = thread_local global i32 0
// CHECK-DAG: @_ZZ6bufferiE7scratch = internal thread_local(initialexec) global
// CHECK-DAG: @_ZGVZ6bufferiE7scratch = internal thread_local(initialexec) global
// PLAIN-DAG: @_ZN4fast4slotE = thread_local(initialexec) global i32 0
// PLAIN-DAG: @_ZN4slow4slotE = thread_local(initialexec) global i32 0
// PLAIN-DAG: @_ZZ6bufferiE7scratch = internal thread_local global
// QUALIFIED-DAG: @_ZZ6bufferiE7scratch = internal thread_local(initialexec) global
// QUALIFIED-DAG: @_ZN3BoxIiE5valueE = linkonce_odr thread_local(initialexec) global
// QUALIFIED-DAG: @_ZN3BoxIlE5valueE = linkonce_odr thread_local global
// QUALIFIED-DAG: @_ZN4fast4slotE = thread_local global
