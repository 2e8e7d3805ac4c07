//===- TargetArch.h - the assembly dialect of a target triple --*- C++ -*-===//

#ifndef TLSGUARD_CLANG_TARGETARCH_H
#define TLSGUARD_CLANG_TARGETARCH_H

#include "VersionShims.h"
#include "common/ThreadPointer.h"

namespace tlsguard {

// Which thread-pointer spellings to look for in this target's inline asm.
inline AsmArch asmArchFor(const llvm::Triple &Target) {
  switch (Target.getArch()) {
  case llvm::Triple::x86:
  case llvm::Triple::x86_64:
    return AsmArch::X86;
  case llvm::Triple::aarch64:
  case llvm::Triple::aarch64_be:
  case llvm::Triple::aarch64_32:
    return AsmArch::AArch64;
  case llvm::Triple::arm:
  case llvm::Triple::armeb:
  case llvm::Triple::thumb:
  case llvm::Triple::thumbeb:
    return AsmArch::ARM;
  case llvm::Triple::riscv32:
  case llvm::Triple::riscv64:
    return AsmArch::RISCV;
  default:
    return AsmArch::Other;
  }
}

} // namespace tlsguard

#endif
