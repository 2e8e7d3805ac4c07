//===- SymbolNames.h - the names a thread-local variable goes by -*- C++
//-*-===//
//
// The allow-list matches a variable by identifier, qualified name or symbol,
// and the IR pass recognises a kept variable by its symbol: the name clang's
// code generator gives its global.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_SYMBOLNAMES_H
#define TLSGUARD_CLANG_SYMBOLNAMES_H

#include "common/AllowList.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Mangle.h"

#include <string>

namespace tlsguard {

// The identifier, the qualified name (C++: "ns::var"; a function-local
// static: "function::var") and the symbol of Var.
VariableNames namesOf(clang::MangleContext &Mangler, const clang::VarDecl *Var);

// The name to show the user and to suggest in allow=: the qualified name in
// C++, the identifier in C.
std::string displayName(const VariableNames &Names,
                        const clang::LangOptions &Lang);

} // namespace tlsguard

#endif
