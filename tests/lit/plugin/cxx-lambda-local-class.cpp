// Static locals of lambdas (generic ones too) and of local classes are
// found among the declarations of the function that holds them, reported
// and rewritten. Their qualified names cannot be written in allow=
// ("f(int)::(lambda)::operator()::calls") and their symbols depend on the
// order clang numbers lambdas in, so the note suggests the plain name;
// allow= by name keeps them.
//
// RUN: %clang -x c++ -std=c++17 -fPIC -fno-caret-diagnostics -fplugin=%plugin -fplugin-arg-tlsguard-thread-pointer=off \
// RUN:   -S -emit-llvm %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// RUN: %clang -x c++ -std=c++17 -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allow=calls,id \
// RUN:   -S -emit-llvm %s -o - | FileCheck %s --check-prefix=KEPT

// IR-NOT: initialexec
// KEPT-DAG: @"_ZZZ1fiENK3$_{{[0-9]+}}clEiE5calls" = internal thread_local(initialexec) global
// KEPT-DAG: @_ZZZ1fiEN5Local4nextEvE2id = internal thread_local(initialexec) global
// KEPT-DAG: @"_ZZZ1fiENK3$_{{[0-9]+}}clIiEEDaT_E4last" = internal thread_local global


int f(int n) {
  auto count = [](int v) {
    // DIAG: cxx-lambda-local-class.cpp:[[@LINE+2]]:50: remark: thread-local variable '{{.*}}calls' uses the initial-exec TLS model
    // DIAG-NEXT: note: rewritten to global-dynamic, which dlopen can always satisfy; to keep initial-exec, add -fplugin-arg-tlsguard-allow=calls{{$}}
    static thread_local int calls __attribute__((tls_model("initial-exec")));
    return v + ++calls;
  };
  auto remember = [](auto v) {
    // DIAG: cxx-lambda-local-class.cpp:[[@LINE+1]]:57: remark: thread-local variable '{{.*}}last' uses the initial-exec TLS model
    static thread_local decltype(v) last __attribute__((tls_model("initial-exec")));
    return last = v;
  };
  struct Local {
    static int next() {
      // DIAG: cxx-lambda-local-class.cpp:[[@LINE+1]]:49: remark: thread-local variable '{{.*}}Local::next::id' uses the initial-exec TLS model
      static thread_local int id __attribute__((tls_model("initial-exec")));
      return ++id;
    }
  };
  return count(n) + remember(n) + (int)remember(1.5) + Local::next();
}
