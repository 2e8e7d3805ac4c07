// An initial-exec TLS variable in a shared object makes its own block static:
// one R_X86_64_TPOFF64 against symbol index 0 (local) and DF_STATIC_TLS.
// RUN: %fixture-cc -fPIC -shared -O2 %s -o %t.so
// RUN: not %tlsguard-lint %t.so 2>&1 | FileCheck %s -DSO=%t.so
// RUN: %expect-exit 1 %tlsguard-lint %t.so

// CHECK: [[SO]]: error: static TLS: 1 R_X86_64_TPOFF64 relocation makes this library's own 64-byte TLS block (align 16) static [static-tls-relocation]
// CHECK-NEXT: [[SO]]: note: the static TLS accesses reach 'buffer' (64 bytes) (from .symtab)
// CHECK-NEXT: [[SO]]: note: the linker marked the library DF_STATIC_TLS
// CHECK-NEXT: [[SO]]: note: why: a library loaded late with dlopen
// CHECK-NEXT: [[SO]]: note: fix: rebuild {{.*}} with the tlsguard compiler plugin
// CHECK-NEXT: [[SO]]: note: glibc: a late dlopen loads: it takes 64 of the {{[0-9]+}} bytes of static TLS left
// CHECK: tlsguard-lint: 1 file checked: 0 ok, 1 failed, 0 unreadable

// REQUIRES: host-x86_64
static __thread __attribute__((tls_model("initial-exec"), aligned(16))) char buffer[64];

char *get_buffer(void) { return buffer; }
