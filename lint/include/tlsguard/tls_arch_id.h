/* The architectures tlsguard has TLS tables for, by id: tls_abi.h describes
 * each; loader_caps.h (which the compiler plugins include, and GCC's own
 * headers have an enum tls_model) needs only the ids. */
#ifndef TLSGUARD_TLS_ARCH_ID_H
#define TLSGUARD_TLS_ARCH_ID_H

enum tls_arch_id {
  TLS_ARCH_UNKNOWN = 0,
  TLS_ARCH_X86_64,
  TLS_ARCH_X32,
  TLS_ARCH_I386,
  TLS_ARCH_AARCH64,
  TLS_ARCH_AARCH64_ILP32,
  TLS_ARCH_ARM,
  TLS_ARCH_PPC64,
  TLS_ARCH_PPC,
  TLS_ARCH_S390X,
  TLS_ARCH_RISCV64,
  TLS_ARCH_RISCV32,
  TLS_ARCH_LOONGARCH64,
};

#endif
