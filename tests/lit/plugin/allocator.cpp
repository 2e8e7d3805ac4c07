// A malloc replacement: a tcmalloc-style class static __thread member in a
// file that defines malloc and free. The plugin says what it chose and why,
// with clang and with gcc (docs/targets.md, "Malloc replacements").
//
// RUN: rm -rf %t && mkdir -p %t
//
// On a range with glibc 2.39 as released (the default here: 2.36 and newer)
// no model is safe both ways: global-dynamic, and a warning that names the
// releases at risk and the arguments that choose differently.
// RUN: %cxx -fPIC -O2 %no-caret -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/a236.o 2>&1 | FileCheck %s --check-prefix=G236
// RUN: %llvm-objdump -r %t/a236.o | FileCheck %s --check-prefix=GD
// G236: allocator.cpp:{{[0-9]+}}:{{[0-9]+}}: warning: this translation unit is a malloc replacement (defines '{{malloc|free}}'): its thread-locals become global-dynamic, which a late dlopen can always satisfy, but the target range (glibc 2.36 and newer) includes glibc 2.39, whose __tls_get_addr may call malloc: a malloc replacement with dynamic TLS, loaded at start-up or preloaded, recurses into itself {{.*}}[tlsguard-allocator]
// G236-NEXT: note: to choose differently: -fplugin-arg-tlsguard-allocator=keep-ie keeps initial-exec
// G236: tlsguard: {{.*}}allocator.cpp: mode=rewrite (a shared object: -fPIC): 1 thread-local variable rewritten to global-dynamic
// G236-NEXT: tlsguard: {{.*}}allocator.cpp: dynamic TLS access: global-dynamic (a malloc replacement (defines '{{malloc|free}}'): the target range (glibc 2.36 and newer) includes glibc 2.36, where a TLS descriptor of a library loaded late clobbers vector registers on x86-64 {{.*}}) [tlsguard-summary]
// GD-NOT: R_X86_64_GOTTPOFF
// GD: R_X86_64_TLSGD
//
// glibc 2.40 and newer: TLS descriptors are safe at start-up (a static
// offset, no __tls_get_addr) and with dlopen. No warning.
// RUN: %cxx -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.40 -c %s -o %t/a240.o 2>&1 | FileCheck %s --check-prefix=G240 --implicit-check-not=warning:
// RUN: %llvm-objdump -r %t/a240.o | FileCheck %s --check-prefix=DESC
// G240: dynamic TLS access: TLS descriptors (a malloc replacement (defines '{{malloc|free}}'), safe both at start-up and with dlopen: every C library in the target range (glibc 2.40 and newer) handles TLS descriptors safely on x86-64)
// DESC-NOT: R_X86_64_GOTTPOFF
// DESC-NOT: R_X86_64_TLSGD
// DESC: R_X86_64_GOTPC32_TLSDESC
//
// musl has neither hazard.
// RUN: %cxx -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-target-libc=musl-1.2 \
// RUN:   -c %s -o %t/amusl.o 2>&1 | count 0
//
// The documented ways to choose differently.
// RUN: %cxx -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allocator=keep-ie \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/keep.o 2>&1 | FileCheck %s --check-prefix=KEEP --implicit-check-not=warning:
// RUN: %llvm-objdump -r %t/keep.o | FileCheck %s --check-prefix=IE
// KEEP: 0 thread-local variables rewritten to global-dynamic, 1 kept on purpose
// KEEP-NEXT: dynamic TLS access: initial-exec, kept (a malloc replacement (defines '{{malloc|free}}'), kept by -fplugin-arg-tlsguard-allocator=keep-ie: right at start-up and with LD_PRELOAD; a late dlopen of it needs static TLS)
// IE: R_X86_64_GOTTPOFF
// RUN: %cxx -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allocator=global-dynamic \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/gd.o 2>&1 | count 0
// RUN: %llvm-objdump -r %t/gd.o | FileCheck %s --check-prefix=GD
// RUN: %cxx -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-allocator=tlsdesc \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/desc.o 2>&1 | count 0
// RUN: %llvm-objdump -r %t/desc.o | FileCheck %s --check-prefix=DESC

// REQUIRES: host-x86_64
// REQUIRES: clang-19-or-later || compiler-gcc

#include <stddef.h>

#define ATTR_INITIAL_EXEC __attribute__((tls_model("initial-exec")))

class ThreadCache {
public:
  static ThreadCache *GetCache() { return threadlocal_data_; }
  void *Allocate(size_t n) { return n ? this : nullptr; }

private:
  static __thread ThreadCache *threadlocal_data_ ATTR_INITIAL_EXEC;
};

__thread ThreadCache *ThreadCache::threadlocal_data_ ATTR_INITIAL_EXEC;

extern "C" void *malloc(size_t n) {
  ThreadCache *c = ThreadCache::GetCache();
  return c ? c->Allocate(n) : nullptr;
}
extern "C" void free(void *p) { (void)p; }
