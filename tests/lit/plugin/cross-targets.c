// Cross-compiles (-c only, no sysroot needed): the rewrite is target
// independent. AArch64 general-dynamic becomes TLS descriptors, RISC-V uses
// the GD sequence; neither keeps initial-exec or local-exec relocations.
//
// RUN: %clang --target=aarch64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -c %s -o %t.a64.o
// RUN: %llvm-objdump -r %t.a64.o | FileCheck %s --check-prefix=AARCH64
// RUN: %clang --target=aarch64-linux-gnu -fPIC -O2 -c %s -o %t.a64.plain.o
// RUN: %llvm-objdump -r %t.a64.plain.o | FileCheck %s --check-prefix=AARCH64-PLAIN
// AARCH64-NOT: R_AARCH64_TLSIE
// AARCH64-NOT: R_AARCH64_TLSLE
// AARCH64-DAG: R_AARCH64_TLSDESC_ADR_PAGE21 initial
// AARCH64-DAG: R_AARCH64_TLSDESC_ADR_PAGE21 local
// AARCH64-PLAIN-DAG: R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 initial
// AARCH64-PLAIN-DAG: R_AARCH64_TLSLE_ADD_TPREL_HI12 local
//
// RUN: %clang --target=riscv64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -c %s -o %t.rv.o
// RUN: %llvm-objdump -r %t.rv.o | FileCheck %s --check-prefix=RISCV
// RUN: %clang --target=riscv64-linux-gnu -fPIC -O2 -c %s -o %t.rv.plain.o
// RUN: %llvm-objdump -r %t.rv.plain.o | FileCheck %s --check-prefix=RISCV-PLAIN
// RISCV-NOT: R_RISCV_TLS_GOT_HI20
// RISCV-NOT: R_RISCV_TPREL
// RISCV-DAG: R_RISCV_TLS_GD_HI20 initial
// RISCV-DAG: R_RISCV_TLS_GD_HI20 local
// RISCV-PLAIN-DAG: R_RISCV_TLS_GOT_HI20 initial
// RISCV-PLAIN-DAG: R_RISCV_TPREL_HI20 local

__thread int initial __attribute__((tls_model("initial-exec")));
static __thread int local __attribute__((tls_model("local-exec")));

int bump(void) { return ++initial + ++local; }

// Clang only: one gcc compiles for one target; the GCC plugin is built per target.
// UNSUPPORTED: compiler-gcc
