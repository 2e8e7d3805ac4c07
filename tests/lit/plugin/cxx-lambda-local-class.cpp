// Static locals of lambdas (generic ones too) and of local classes are
// found among the declarations of the function that holds them, reported
// and rewritten. Their qualified names cannot be written in allow=
// ("f(int)::(lambda)::operator()::calls") and their symbols depend on the
// order clang numbers lambdas in, so the note suggests the plain name;
// allow= by name keeps them.
//
// RUN: %cc -x c++ -std=c++17 -fPIC %no-caret -fplugin=%plugin -fplugin-arg-tlsguard-thread-pointer=off \
// RUN:   -c %s -o %t.o 2>&1 | FileCheck %s --allow-unused-prefixes --check-prefixes=DIAG,DIAG-%compiler
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-thread-pointer=off \
// RUN:   -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR %}
// RUN: %if compiler-clang %{ %cc -x c++ -std=c++17 -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allow=calls,id \
// RUN:   -S -emit-llvm %s -o - | FileCheck %s --check-prefix=KEPT %}
// RUN: %cc -x c++ -std=c++17 -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allow=calls,id \
// RUN:   -c %s -o %t.kept.o
// RUN: %llvm-objdump -r %t.kept.o | FileCheck %s --check-prefix=KEPT-RELOC

// REQUIRES: host-x86_64
// RELOC-NOT: R_X86_64_GOTTPOFF
// RELOC-NOT: R_X86_64_TPOFF32
// KEPT-RELOC-DAG: R_X86_64_GOTTPOFF {{.*}}clEiE5calls
// KEPT-RELOC-DAG: R_X86_64_GOTTPOFF _ZZZ1fiEN5Local4nextEvE2id
// KEPT-RELOC-DAG: R_X86_64_TLS{{GD|LD}} {{.*}}4last

// IR-NOT: initialexec
// KEPT-DAG: @"_ZZZ1fiENK3$_{{[0-9]+}}clEiE5calls" = internal thread_local(initialexec) global
// KEPT-DAG: @_ZZZ1fiEN5Local4nextEvE2id = internal thread_local(initialexec) global
// KEPT-DAG: @"_ZZZ1fiENK3$_{{[0-9]+}}clIiEEDaT_E4last" = internal thread_local global


int f(int n) {
  auto count = [](int v) {
    // DIAG-clang: cxx-lambda-local-class.cpp:[[@LINE+3]]:50: remark: thread-local variable '{{.*}}calls' uses the initial-exec TLS model
    // DIAG-gcc: cxx-lambda-local-class.cpp:[[@LINE+2]]:29: note: thread-local variable '{{.*}}calls' uses the initial-exec TLS model
    // DIAG-NEXT: note: rewritten to global-dynamic, which dlopen can always satisfy; to keep initial-exec, add -fplugin-arg-tlsguard-allow=calls{{$}}
    static thread_local int calls __attribute__((tls_model("initial-exec")));
    return v + ++calls;
  };
  auto remember = [](auto v) {
    // DIAG-clang: cxx-lambda-local-class.cpp:[[@LINE+2]]:57: remark: thread-local variable '{{.*}}last' uses the initial-exec TLS model
    // DIAG-gcc: cxx-lambda-local-class.cpp:[[@LINE+1]]:37: note: thread-local variable '{{.*}}last' uses the initial-exec TLS model
    static thread_local decltype(v) last __attribute__((tls_model("initial-exec")));
    return last = v;
  };
  struct Local {
    static int next() {
      // DIAG-clang: cxx-lambda-local-class.cpp:[[@LINE+2]]:49: remark: thread-local variable '{{.*}}Local::next::id' uses the initial-exec TLS model
      // DIAG-gcc: cxx-lambda-local-class.cpp:[[@LINE+1]]:31: note: thread-local variable '{{.*}}Local::next::id' uses the initial-exec TLS model
      static thread_local int id __attribute__((tls_model("initial-exec")));
      return ++id;
    }
  };
  return count(n) + remember(n) + (int)remember(1.5) + Local::next();
}
