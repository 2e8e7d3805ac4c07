// tlsdesc=on asks for TLS descriptors (-mtls-dialect=gnu2 semantics) for
// general-dynamic access, tlsdesc=off for the traditional __tls_get_addr
// sequence. Both are explicit choices: some loaders lack TLSDESC.
//
// RUN: %cc -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-tlsdesc=on \
// RUN:   -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=X86-DESC
// X86-DESC-NOT: R_X86_64_GOTTPOFF
// X86-DESC-NOT: R_X86_64_TLSGD
// X86-DESC: R_X86_64_GOTPC32_TLSDESC table
// X86-DESC: R_X86_64_TLSDESC_CALL table
//
// RUN: %cc -fPIC -O2 -mtls-dialect=gnu2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=off -c %s -o %t.o
// RUN: %llvm-objdump -r %t.o | FileCheck %s --check-prefix=X86-TRAD
// X86-TRAD-NOT: TLSDESC
// X86-TRAD: R_X86_64_TLSGD table
//
// Other targets (clang; a gcc compiles for one):
// RUN: %if compiler-clang %{ %cc --target=riscv64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=on -c %s -o %t.o %}
// RUN: %if compiler-clang %{ %llvm-objdump -r %t.o | FileCheck %s --check-prefix=RISCV %}
// RISCV-NOT: R_RISCV_TLS_GOT_HI20
// RISCV: R_RISCV_TLSDESC_HI20 table
//
// AArch64 general-dynamic is always TLSDESC; asking for off says so:
// RUN: %if compiler-clang %{ %cc --target=aarch64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=off -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=AARCH64-WARN %}
// AARCH64-WARN: warning: tlsguard: tlsdesc=off has no effect on aarch64, where general-dynamic access always uses TLS descriptors
// RUN: %if compiler-clang %{ %llvm-objdump -r %t.o | FileCheck %s --check-prefix=AARCH64 %}
// AARCH64: R_AARCH64_TLSDESC_ADR_PAGE21 table
//
// With -flto clang makes the choice again at link time, where the plugin is
// not:
// RUN: %if compiler-clang %{ %cc -fPIC -flto -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-tlsdesc=on \
// RUN:   -c %s -o %t.bc 2>&1 | FileCheck %s --check-prefix=LTO %}
// LTO: warning: tlsguard: tlsdesc= does not reach link-time code generation with -flto; pass -mtls-dialect=gnu2 (or -Wl,-plugin-opt=-enable-tlsdesc) on the link command as well

// gcc records -mtls-dialect= in each function's target options, so the
// link-time code generator keeps TLS descriptors without being told:
// RUN: %if compiler-gcc %{ %cc -fPIC -O2 -flto -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-tlsdesc=on -c %s -o %t.lto.o %}
// RUN: %if compiler-gcc %{ %cc -shared -O2 -flto %t.lto.o -o %t.so %}
// RUN: %if compiler-gcc %{ %llvm-readelf -r %t.so | FileCheck %s --check-prefix=GCC-LTO %}
// GCC-LTO: R_X86_64_TLSDESC {{.*}} table

// TLS descriptors on x86-64 need clang 19 (CodeGenOptions::EnableTLSDESC);
// gcc has -mtls-dialect=gnu2.
// REQUIRES: host-x86_64
// REQUIRES: clang-19-or-later || compiler-gcc

__thread char table[64] __attribute__((tls_model("initial-exec")));
char *get(void) { return table; }
