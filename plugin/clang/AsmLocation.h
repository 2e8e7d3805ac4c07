//===- AsmLocation.h - back from IR inline asm to the source ----*- C++ -*-===//
//
// clang marks every inline asm call with !srcloc: the location of the
// string literal and of the start of each line of it. With that and the
// source text, a thread-pointer read the IR pass finds is reported at the
// exact column of the register, as the frontend would.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_ASMLOCATION_H
#define TLSGUARD_CLANG_ASMLOCATION_H

#include "IRThreadPointerReads.h"

#include "clang/Basic/SourceManager.h"

namespace tlsguard {

// The source location of Read (inline asm), or an invalid location when
// the call carries none.
clang::SourceLocation sourceLocationOf(const clang::SourceManager &Sources,
                                       const IRThreadPointerRead &Read,
                                       AsmArch Arch);

} // namespace tlsguard

#endif
