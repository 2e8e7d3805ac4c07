// The model the rewrite uses, chosen from the target C library range
// (docs/targets.md has the table): TLS descriptors where every loader in the
// range resolves them safely and clang can emit them, global-dynamic
// otherwise. Cross-compiles with -c need no sysroot. Every cell of the
// "ordinary library" half this machine can build.
//
// RUN: rm -rf %t && mkdir -p %t
//
// x86-64. glibc 2.36 and 2.39 as released have BZ 31372: global-dynamic.
// RUN: %clang --target=x86_64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/x236.o 2>&1 | FileCheck %s --check-prefix=X236
// RUN: %llvm-objdump -r %t/x236.o | FileCheck %s --check-prefix=GD64
// X236: remark: tlsguard: {{.*}}target-libc.c: dynamic TLS access: global-dynamic (the target range (glibc 2.36 and newer) includes glibc 2.36, where a TLS descriptor of a library loaded late clobbers vector registers on x86-64 (BZ 31372: glibc 2.39 and older; fixed later on the 2.38 and 2.39 branches)) [tlsguard-summary]
// RUN: %clang --target=x86_64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.39 -c %s -o %t/x239.o
// RUN: %llvm-objdump -r %t/x239.o | FileCheck %s --check-prefix=GD64
// GD64-NOT: R_X86_64_GOTTPOFF
// GD64-NOT: R_X86_64_TPOFF
// GD64-NOT: TLSDESC
// GD64: R_X86_64_TLSGD
//
// glibc 2.40 and newer, and musl: TLS descriptors (clang 19 and newer).
// RUN: %clang --target=x86_64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.40 -c %s -o %t/x240.o 2>&1 | FileCheck %s --check-prefix=X240
// RUN: %llvm-objdump -r %t/x240.o | FileCheck %s --check-prefix=DESC64
// X240: dynamic TLS access: TLS descriptors (every C library in the target range (glibc 2.40 and newer) handles TLS descriptors safely on x86-64)
// RUN: %clang --target=x86_64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=musllinux_1_2 -c %s -o %t/xmusl.o
// RUN: %llvm-objdump -r %t/xmusl.o | FileCheck %s --check-prefix=DESC64
// DESC64-NOT: R_X86_64_GOTTPOFF
// DESC64-NOT: R_X86_64_TLSGD
// DESC64: R_X86_64_GOTPC32_TLSDESC
//
// The explicit override still wins.
// RUN: %clang --target=x86_64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-tlsdesc=off \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.40 -c %s -o %t/xoff.o
// RUN: %llvm-objdump -r %t/xoff.o | FileCheck %s --check-prefix=GD64
//
// aarch64: general-dynamic is TLS descriptors on every target.
// RUN: %clang --target=aarch64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.36 -c %s -o %t/a236.o 2>&1 | FileCheck %s --check-prefix=A64
// RUN: %llvm-objdump -r %t/a236.o | FileCheck %s --check-prefix=DESCA64
// A64: dynamic TLS access: TLS descriptors (general-dynamic access is TLS descriptors on aarch64)
// DESCA64-NOT: R_AARCH64_TLSIE
// DESCA64: R_AARCH64_TLSDESC
//
// riscv64: glibc has no TLS descriptors there; musl does.
// RUN: %clang --target=riscv64-linux-gnu -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=glibc-2.40 -c %s -o %t/r240.o 2>&1 | FileCheck %s --check-prefix=RV
// RUN: %llvm-objdump -r %t/r240.o | FileCheck %s --check-prefix=GDRV
// RV: dynamic TLS access: global-dynamic (the target range (glibc 2.40 and newer) includes glibc 2.40, which has no TLS descriptors on riscv64)
// GDRV-NOT: R_RISCV_TLSDESC
// GDRV: R_RISCV_TLS_GD_HI20
// RUN: %clang --target=riscv64-linux-musl -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-target-libc=musl-1.2 -c %s -o %t/rmusl.o
// RUN: %llvm-objdump -r %t/rmusl.o | FileCheck %s --check-prefix=DESCRV
// DESCRV-NOT: R_RISCV_TLS_GD_HI20
// DESCRV: R_RISCV_TLSDESC
//
// The default: this machine's C library (Debian 12: glibc 2.36).
// RUN: %clang -fPIC -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet -c %s -o %t/host.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HOST
// HOST: dynamic TLS access: {{.*}}(glibc 2.{{[0-9]+}} and newer)

// REQUIRES: host-x86_64, clang-19-or-later
// UNSUPPORTED: compiler-gcc

__thread int initial __attribute__((tls_model("initial-exec")));

int bump(void) { return ++initial; }
