//===- Emission.h - what code generation will put in the object -*- C++ -*-===//
//
// A header's unused inline functions and unused extern declarations put
// nothing in the object file. tlsguard neither reports nor walks them: a
// report would repeat in every file that includes the header, and the walk
// would cost compile time for nothing.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_EMISSION_H
#define TLSGUARD_CLANG_EMISSION_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace tlsguard {

// A function definition the code generator will emit (or may: a function
// the code uses). Template patterns are not code; their instantiations are.
bool willBeEmitted(clang::ASTContext &Ctx, const clang::FunctionDecl *Function);

// A thread-local the code generator will give a global: a definition it
// must emit, a declaration the code uses, a static local of a function it
// emits.
bool willBeEmitted(clang::ASTContext &Ctx, const clang::VarDecl *Var);

} // namespace tlsguard

#endif
