// Thread-pointer reads on other architectures: AArch64 tpidr_el0 (by name,
// in lowercase or upper case, and through __builtin_arm_rsr64), RISC-V tp,
// and 32-bit Arm's CP15 thread-id register. (-emit-llvm: the assembler is
// not needed to find them.)
//
// RUN: %clang --target=aarch64-linux-gnu -fPIC -fplugin=%plugin -fno-caret-diagnostics -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=AARCH64 --implicit-check-not=warning:
// RUN: %clang --target=riscv64-linux-gnu -fPIC -fplugin=%plugin -fno-caret-diagnostics -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RISCV --implicit-check-not=warning:
// RUN: %clang --target=armv7a-linux-gnueabihf -fPIC -fplugin=%plugin -fno-caret-diagnostics -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ARM --implicit-check-not=warning:

#if defined(__aarch64__)
unsigned long tid(void) {
  unsigned long tp;
  // AARCH64-DAG: thread-pointer-targets.c:[[@LINE+1]]:29: warning: inline assembly ('tpidr_el0') reads the thread pointer directly
  __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
  // AARCH64-DAG: thread-pointer-targets.c:[[@LINE+1]]:29: warning: inline assembly ('tpidrro_el0') reads the thread pointer directly
  __asm__ volatile("mrs %0, TPIDRRO_EL0" : "=r"(tp));
  // AARCH64-DAG: thread-pointer-targets.c:[[@LINE+1]]:10: warning: '__builtin_arm_rsr64("tpidr_el0")' reads the thread pointer directly
  return __builtin_arm_rsr64("tpidr_el0") + tp;
}
// Other system registers are not the thread pointer:
unsigned long counter(void) { return __builtin_arm_rsr64("cntvct_el0"); }
#elif defined(__riscv)
unsigned long tid(void) {
  unsigned long tp;
  // RISCV: thread-pointer-targets.c:[[@LINE+1]]:28: warning: inline assembly ('tp') reads the thread pointer directly
  __asm__ volatile("mv %0, tp" : "=r"(tp));
  // A symbol that merely contains "tp" is not the register:
  __asm__ volatile("la %0, stp_table" : "=r"(tp));
  return tp;
}
#elif defined(__arm__)
unsigned tid(void) {
  unsigned tp;
  // ARM: thread-pointer-targets.c:[[@LINE+1]]:37: warning: inline assembly ('c13, c0, 3') reads the thread pointer directly
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
  return tp;
}
#endif

// Clang only: one gcc compiles for one target (cross-target checks need clang --target=).
// UNSUPPORTED: compiler-gcc
