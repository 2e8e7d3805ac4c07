// allow= in C++: a qualified name picks one variable, a plain name matches
// the identifier in any scope, and a mangled symbol works as nm shows it.
// The guard variable of a kept function-local static stays with it.
//
// The IR (clang) and the relocations (clang and gcc) show the models:
// initial-exec stays GOTTPOFF, the rest becomes TLSGD.
//
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=fast::slot,_ZZ6bufferiE7scratch -S -emit-llvm %s -o - | FileCheck %s %}
// RUN: %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=fast::slot,_ZZ6bufferiE7scratch -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=slot -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLAIN %}
// RUN: %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=slot -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=PLAIN-RELOC
//
// A function-local static by function::name, a template instantiation with
// its arguments:
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   '-fplugin-arg-tlsguard-allow=buffer::scratch,Box<int>::value' -S -emit-llvm %s -o - \
// RUN:   | FileCheck %s --check-prefix=QUALIFIED %}
// RUN: %cc -x c++ -std=c++17 -fPIC -O0 -ftls-model=initial-exec -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   '-fplugin-arg-tlsguard-allow=buffer::scratch,Box<int>::value' -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=QUALIFIED-RELOC

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

// RELOC-DAG: R_X86_64_GOTTPOFF _ZN4fast4slotE
// RELOC-DAG: R_X86_64_TLSGD _ZN4slow4slotE
// RELOC-DAG: R_X86_64_GOTTPOFF _ZZ6bufferiE7scratch
// RELOC-DAG: R_X86_64_GOTTPOFF _ZGVZ6bufferiE7scratch
// PLAIN-RELOC-DAG: R_X86_64_GOTTPOFF _ZN4fast4slotE
// PLAIN-RELOC-DAG: R_X86_64_GOTTPOFF _ZN4slow4slotE
// PLAIN-RELOC-DAG: R_X86_64_TLS{{GD|LD}} _ZZ6bufferiE7scratch
// QUALIFIED-RELOC-DAG: R_X86_64_GOTTPOFF _ZZ6bufferiE7scratch
// QUALIFIED-RELOC-DAG: R_X86_64_GOTTPOFF _ZN3BoxIiE5valueE
// QUALIFIED-RELOC-DAG: R_X86_64_TLSGD _ZN3BoxIlE5valueE
// QUALIFIED-RELOC-DAG: R_X86_64_TLSGD _ZN4fast4slotE
// REQUIRES: host-x86_64
