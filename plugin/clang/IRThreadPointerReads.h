//===- IRThreadPointerReads.h - thread-pointer reads seen in IR -*- C++ -*-===//
//
// Finds direct thread-pointer reads in a module: inline assembly, and (for
// -fpass-plugin= alone, where there is no AST) the llvm.thread.pointer
// intrinsic, the x86 FSGSBASE intrinsics, llvm.read_register of an AArch64
// thread-pointer register, calls to the <immintrin.h> wrappers and
// module-level assembly. Looking at the IR costs almost nothing next to
// walking every statement of the AST, and sees only emitted code.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_IRTHREADPOINTERREADS_H
#define TLSGUARD_CLANG_IRTHREADPOINTERREADS_H

#include "common/ThreadPointer.h"

#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace tlsguard {

struct IRThreadPointerRead {
  const llvm::CallBase *Call; // null for module-level assembly
  bool InlineAsm;
  std::string AsmText;        // the asm string as the IR has it
  AsmThreadPointerRead Match; // where in AsmText (inline asm)
  std::string What;           // "inline assembly ('%fs:')", ...
};

enum class IRReads { InlineAsmOnly, All };

std::vector<IRThreadPointerRead> findThreadPointerReads(const llvm::Module &M,
                                                        IRReads Which);

// Reports them through the module's LLVMContext, for -fpass-plugin= alone:
// inline asm at clang's location for the statement, anything else by
// function (and line, with debug information).
void diagnoseThreadPointerReads(llvm::LLVMContext &Context,
                                const std::vector<IRThreadPointerRead> &Reads);

} // namespace tlsguard

#endif
