//===- ThreadPointer.h - recognising direct thread-pointer reads -*- C++
//-*-===//
//
// Code that reads the thread pointer itself (x86 %fs/%gs, AArch64 tpidr_el0,
// RISC-V tp) rather than naming a thread_local variable assumes one libc's
// TLS layout: mimalloc's thread id on ARM64 and its macOS TLS slot are the
// known failures. tlsguard cannot rewrite such code; it points at it. The
// Clang plugin (AST and IR) and a GCC plugin use these matchers.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_COMMON_THREADPOINTER_H
#define TLSGUARD_COMMON_THREADPOINTER_H

#include <cstddef>
#include <string>
#include <vector>

namespace tlsguard {

// The assembly dialect to look for. The RISC-V register "tp" is an ordinary
// word in other assemblers, so it is only matched for RISC-V.
enum class AsmArch { X86, AArch64, ARM, RISCV, Other };

struct AsmThreadPointerRead {
  std::size_t Offset;   // where the match starts in the assembly text
  std::string Spelling; // what matched, as a user recognises it: "%fs:"
};

// Finds the first thread-pointer read in an inline assembly string. Works on
// the text as written in an extended asm ("%%fs:0") and as lowered to LLVM IR
// ("%fs:0").
bool findThreadPointerInAsm(const std::string &Asm, AsmArch Arch,
                            AsmThreadPointerRead &Found);

// How a named function reads the thread pointer.
enum class ThreadPointerCall {
  No,
  Always,            // __builtin_thread_pointer, _readfsbase_u64, ...
  IfRegisterNamesTP, // __builtin_arm_rsr64("tpidr_el0")
};

struct ThreadPointerFunction {
  const char *Name;
  ThreadPointerCall How;
};

// Every function tlsguard knows to read the thread pointer. A compiler can
// look them up by name first and skip searching code that calls none.
const std::vector<ThreadPointerFunction> &threadPointerFunctions();

ThreadPointerCall classifyThreadPointerCall(const std::string &Function);

// Whether a system register name is a thread pointer ("tpidr_el0").
bool isThreadPointerRegister(const std::string &Name);

} // namespace tlsguard

#endif
