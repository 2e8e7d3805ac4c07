// tlsdesc=on asks for TLS descriptors (-mtls-dialect=gnu2 semantics) for
// general-dynamic access, tlsdesc=off for the traditional __tls_get_addr
// sequence. Both are explicit choices: some loaders lack TLSDESC.
//
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-tlsdesc=on \
// RUN:   -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=X86-DESC
// X86-DESC-NOT: R_X86_64_GOTTPOFF
// X86-DESC-NOT: R_X86_64_TLSGD
// X86-DESC: R_X86_64_GOTPC32_TLSDESC table
// X86-DESC: R_X86_64_TLSDESC_CALL table
//
// RUN: %clang -fPIC -O2 -mtls-dialect=gnu2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=off -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=X86-TRAD
// X86-TRAD-NOT: TLSDESC
// X86-TRAD: R_X86_64_TLSGD table
//
// RUN: %clang --target=riscv64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=on -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RISCV
// RISCV-NOT: R_RISCV_TLS_GOT_HI20
// RISCV: R_RISCV_TLSDESC_HI20 table
//
// AArch64 general-dynamic is always TLSDESC; asking for off says so:
// RUN: %clang --target=aarch64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=off -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=AARCH64-WARN
// AARCH64-WARN: warning: tlsguard: tlsdesc=off has no effect on aarch64, where general-dynamic access always uses TLS descriptors
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=AARCH64
// AARCH64: R_AARCH64_TLSDESC_ADR_PAGE21 table
//
// With -flto the choice is made again at link time, where the plugin is not:
// RUN: %clang -fPIC -flto -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-tlsdesc=on \
// RUN:   -c %s -o %t.bc 2>&1 | FileCheck %s --check-prefix=LTO
// LTO: warning: tlsguard: tlsdesc= does not reach link-time code generation with -flto; pass -mtls-dialect=gnu2 (or -Wl,-plugin-opt=-enable-tlsdesc) on the link command as well

// TLS descriptors on x86-64 need clang 19 (CodeGenOptions::EnableTLSDESC).
// REQUIRES: clang-19-or-later, host-x86_64

__thread char table[64] __attribute__((tls_model("initial-exec")));
char *get(void) { return table; }
