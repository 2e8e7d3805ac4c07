//===- SymbolNames.cpp - the names a thread-local variable goes by --------===//

#include "SymbolNames.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/Support/raw_ostream.h"

namespace tlsguard {

static std::string symbolOf(clang::MangleContext &Mangler,
                            const clang::NamedDecl *Decl) {
  if (!Mangler.shouldMangleDeclName(Decl))
    return Decl->getName().str();
  std::string Symbol;
  llvm::raw_string_ostream Out(Symbol);
  if (const auto *Function = llvm::dyn_cast<clang::FunctionDecl>(Decl))
    Mangler.mangleName(clang::GlobalDecl(Function), Out);
  else
    Mangler.mangleName(clang::GlobalDecl(llvm::cast<clang::VarDecl>(Decl)),
                       Out);
  Out.flush();
  // "\01" marks an asm label that must not get a global prefix; the IR name
  // has it too, but nm and the allow-list do not.
  if (!Symbol.empty() && Symbol[0] == '\01')
    Symbol.erase(0, 1);
  return Symbol;
}

// The function a static local belongs to, if it is a plain function.
static const clang::FunctionDecl *owningFunction(const clang::VarDecl *Var) {
  return llvm::dyn_cast_or_null<clang::FunctionDecl>(
      Var->getParentFunctionOrMethod());
}

VariableNames namesOf(clang::MangleContext &Mangler,
                      const clang::VarDecl *Var) {
  VariableNames Names;
  // getNameAsString, not getName: a C++ structured binding has no
  // identifier of its own.
  Names.Identifier = Var->getNameAsString();
  const clang::FunctionDecl *Function =
      Var->isStaticLocal() ? owningFunction(Var) : nullptr;
  if (Function) {
    Names.QualifiedName =
        Function->getQualifiedNameAsString() + "::" + Names.Identifier;
    // Lambdas in a function and same-named statics in one are numbered in
    // the order the code generator mangles them.
    Names.SymbolIsStable = false;
    // C gives a static local the symbol "function.variable"
    // (CodeGenFunction's getStaticDeclName); C++ mangles it.
    Names.Symbol = Mangler.shouldMangleDeclName(Var)
                       ? symbolOf(Mangler, Var)
                       : symbolOf(Mangler, Function) + "." + Names.Identifier;
  } else if (!Var->isStaticLocal()) {
    Names.QualifiedName = Var->getQualifiedNameAsString();
    Names.Symbol = symbolOf(Mangler, Var);
  }
  return Names;
}

std::string displayName(const VariableNames &Names,
                        const clang::LangOptions &Lang) {
  if (Lang.CPlusPlus && !Names.QualifiedName.empty())
    return Names.QualifiedName;
  return Names.Identifier;
}

} // namespace tlsguard
