// C++: a thread-pointer read in a function template is reported once, at
// the template, however many times the template is instantiated; so is a
// static-TLS variable in it.
//
// RUN: %cc -x c++ -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-mode=warn %no-caret \
// RUN:   -S -o /dev/null %s 2>&1 | FileCheck %s --implicit-check-not=warning: \
// RUN:   --allow-unused-prefixes --check-prefixes=CHECK-%compiler

// REQUIRES: host-x86_64

template <typename T> T *from_thread_pointer(unsigned long offset) {
  // CHECK-clang-DAG: thread-pointer-template.cpp:[[@LINE+2]]:24: warning: '__builtin_thread_pointer' reads the thread pointer directly
  // CHECK-gcc-DAG: thread-pointer-template.cpp:[[@LINE+1]]:48: warning: '__builtin_thread_pointer' reads the thread pointer directly
  return (T *)((char *)__builtin_thread_pointer() + offset);
}

template <typename T> T &per_thread() {
  // CHECK-clang-DAG: thread-pointer-template.cpp:[[@LINE+3]]:46: warning: thread-local variable 'per_thread::value' uses the initial-exec TLS model
  // gcc names the function by its first instantiation:
  // CHECK-gcc-DAG: thread-pointer-template.cpp:[[@LINE+1]]:25: warning: thread-local variable 'per_thread<int>::value' uses the initial-exec TLS model
  static thread_local T value __attribute__((tls_model("initial-exec")));
  return value;
}

long use() {
  return *from_thread_pointer<int>(8) + *from_thread_pointer<long>(16) +
         per_thread<int>() + per_thread<long>();
}
