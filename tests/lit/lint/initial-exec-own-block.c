// An initial-exec TLS variable in a shared object makes its own block static:
// one R_X86_64_TPOFF64 against symbol index 0 (local) and DF_STATIC_TLS.
// RUN: %fixture-cc -fPIC -shared -O2 %s -o %t.so
// RUN: not %tlsguard-lint -v %t.so 2>&1 | FileCheck %s -DSO=%t.so
// RUN: %expect-exit 1 %tlsguard-lint %t.so 2>&1 | FileCheck %s --check-prefix=SHORT -DSO=%t.so

// CHECK: [[SO]]: error: static TLS: 1 R_X86_64_TPOFF64 relocation makes this library's own 64-byte TLS block (align 16) static [static-tls-relocation]
// CHECK-NEXT: [[SO]]: note: the static TLS accesses reach 'buffer' (64 bytes) (from .symtab)
// CHECK-NEXT: [[SO]]: note: the linker marked the library DF_STATIC_TLS
// CHECK-NEXT: [[SO]]: note: why: a library loaded late with dlopen
// CHECK-NEXT: [[SO]]: note: fix: rebuild {{.*}} with the tlsguard compiler plugin (CFLAGS += -fplugin=tlsguard.so)
// CHECK-NEXT: [[SO]]: note: the plugin rewrites initial-exec and local-exec TLS to global-dynamic
// CHECK: [[SO]]: note: glibc: a late dlopen loads: it takes 64 of the {{[0-9]+}} bytes of static TLS left
// CHECK: tlsguard-lint: 1 file checked: 0 ok, 1 failed, 0 unreadable

// By default: the error, whose block and what is left for this host, the
// one fix; the general reason once, after the summary.
// SHORT: [[SO]]: error: static TLS: 1 R_X86_64_TPOFF64 relocation makes this library's own 64-byte TLS block (align 16) static [static-tls-relocation]
// SHORT-NEXT: [[SO]]: note: glibc: a late dlopen into a program linked only to the C library loads: it takes 64 of the 1712 bytes left (glibc's 1664-byte surplus and 48 bytes of alignment padding)
// SHORT-NEXT: [[SO]]: note: fix: rebuild {{.*}} with the tlsguard compiler plugin (CFLAGS += -fplugin=tlsguard.so)
// SHORT-NEXT: tlsguard-lint: 1 file checked: 0 ok, 1 failed, 0 unreadable
// SHORT-NEXT: tlsguard-lint: note: why: a library loaded late with dlopen {{.*}} (tlsguard-lint --explain static-tls-relocation)
// SHORT-NOT: {{.}}

// REQUIRES: host-x86_64
static __thread __attribute__((tls_model("initial-exec"), aligned(16))) char buffer[64];

char *get_buffer(void) { return buffer; }
