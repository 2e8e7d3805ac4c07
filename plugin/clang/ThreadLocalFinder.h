//===- ThreadLocalFinder.h - the AST walk ----------------------*- C++ -*-===//
//
// Collects, from a whole translation unit (template instantiations
// included), every thread-local variable and every direct read of the
// thread pointer. What to do with them is the consumer's business.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_THREADLOCALFINDER_H
#define TLSGUARD_CLANG_THREADLOCALFINDER_H

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceLocation.h"

#include <string>
#include <vector>

namespace tlsguard {

struct ThreadPointerRead {
  clang::SourceLocation Loc;
  std::string What; // "'__builtin_thread_pointer'", "inline assembly ('%fs:')"
};

struct ThreadLocalFindings {
  std::vector<clang::VarDecl *> ThreadLocals;
  std::vector<ThreadPointerRead> ThreadPointerReads;
};

ThreadLocalFindings findThreadLocals(clang::ASTContext &Ctx,
                                     bool FindThreadPointerReads);

// The thread-locals in one declaration (a function's static locals, those
// of its lambdas and local classes), as the code generator is about to see
// it.
std::vector<clang::VarDecl *> threadLocalsIn(clang::ASTContext &Ctx,
                                             clang::Decl *D);

} // namespace tlsguard

#endif
