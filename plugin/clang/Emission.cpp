//===- Emission.cpp - what code generation will put in the object ---------===//

#include "Emission.h"

namespace tlsguard {

bool willBeEmitted(clang::ASTContext &Ctx,
                   const clang::FunctionDecl *Function) {
  if (Function->isDependentContext())
    return false;
  return Function->isUsed() || Ctx.DeclMustBeEmitted(Function);
}

bool willBeEmitted(clang::ASTContext &Ctx, const clang::VarDecl *Var) {
  if (Var->isStaticLocal()) {
    const auto *Function = llvm::dyn_cast_or_null<clang::FunctionDecl>(
        Var->getParentFunctionOrMethod());
    // Statics of blocks and Objective-C methods: assume they are.
    return !Function || willBeEmitted(Ctx, Function);
  }
  if (Var->isUsed())
    return true;
  const clang::VarDecl *Definition = Var->getDefinition();
  if (!Definition)
    Definition = Var->getActingDefinition();
  return Definition && Ctx.DeclMustBeEmitted(Definition);
}

} // namespace tlsguard
