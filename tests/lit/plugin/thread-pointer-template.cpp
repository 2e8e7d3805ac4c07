// C++: a thread-pointer read in a function template is reported once, at
// the template, however many times the template is instantiated; so is a
// static-TLS variable in it.
//
// RUN: %clang -x c++ -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn -fno-caret-diagnostics \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=warning:

// REQUIRES: host-x86_64

template <typename T> T *from_thread_pointer(unsigned long offset) {
  // CHECK-DAG: thread-pointer-template.cpp:[[@LINE+1]]:24: warning: '__builtin_thread_pointer' reads the thread pointer directly
  return (T *)((char *)__builtin_thread_pointer() + offset);
}

template <typename T> T &per_thread() {
  // CHECK-DAG: thread-pointer-template.cpp:[[@LINE+1]]:46: warning: thread-local variable 'per_thread::value' uses the initial-exec TLS model
  static thread_local T value __attribute__((tls_model("initial-exec")));
  return value;
}

long use() {
  return *from_thread_pointer<int>(8) + *from_thread_pointer<long>(16) +
         per_thread<int>() + per_thread<long>();
}
