//===- TargetArch.h - what GCC generates code for --------------*- C++ -*-===//
//
// A GCC plugin is built against one GCC's headers, which are those of one
// target; CMake passes that target's triple (gcc -dumpmachine) as
// TLSGUARD_GCC_TARGET.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_TARGETARCH_H
#define TLSGUARD_GCC_TARGETARCH_H

#include "common/ThreadPointer.h"

#include <cstring>

namespace tlsguard {

constexpr const char *TargetTriple = TLSGUARD_GCC_TARGET;

inline bool tripleStartsWith(const char *Prefix) {
  return std::strncmp(TargetTriple, Prefix, std::strlen(Prefix)) == 0;
}

inline bool targetIsX86() {
  return tripleStartsWith("x86_64") || tripleStartsWith("i386") ||
         tripleStartsWith("i486") || tripleStartsWith("i586") ||
         tripleStartsWith("i686");
}

inline bool targetIsAArch64() { return tripleStartsWith("aarch64"); }

// Which thread-pointer spellings to look for in this target's inline asm.
inline AsmArch targetAsmArch() {
  if (targetIsX86())
    return AsmArch::X86;
  if (targetIsAArch64())
    return AsmArch::AArch64;
  if (tripleStartsWith("arm"))
    return AsmArch::ARM;
  if (tripleStartsWith("riscv"))
    return AsmArch::RISCV;
  return AsmArch::Other;
}

} // namespace tlsguard

#endif
