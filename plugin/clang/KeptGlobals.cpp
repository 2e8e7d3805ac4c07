//===- KeptGlobals.cpp - thread-locals that stay as they are --------------===//

#include "KeptGlobals.h"
#include "Session.h"
#include "common/AllowList.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

namespace tlsguard {

// llvm.global.annotations holds one { annotated global, annotation string,
// file, line, args } per annotate attribute on a definition.
static void collectAnnotated(const llvm::Module &M, llvm::StringSet<> &Out) {
  const llvm::GlobalVariable *Table =
      M.getNamedGlobal("llvm.global.annotations");
  if (!Table || !Table->hasInitializer())
    return;
  const auto *Entries =
      llvm::dyn_cast<llvm::ConstantArray>(Table->getInitializer());
  if (!Entries)
    return;
  for (const llvm::Use &Entry : Entries->operands()) {
    const auto *Fields = llvm::dyn_cast<llvm::ConstantStruct>(Entry.get());
    if (!Fields || Fields->getNumOperands() < 2)
      continue;
    const auto *Annotated = llvm::dyn_cast<llvm::GlobalValue>(
        Fields->getOperand(0)->stripPointerCasts());
    const auto *Text = llvm::dyn_cast<llvm::GlobalVariable>(
        Fields->getOperand(1)->stripPointerCasts());
    if (!Annotated || !Text || !Text->hasInitializer())
      continue;
    const auto *Chars =
        llvm::dyn_cast<llvm::ConstantDataSequential>(Text->getInitializer());
    if (Chars && Chars->isCString() && Chars->getAsCString() == KeepAnnotation)
      Out.insert(Annotated->getName());
  }
}

KeptGlobals::KeptGlobals(const llvm::Module &M, const Session *Compile)
    : Compile(Compile) {
  collectAnnotated(M, Annotated);
}

bool KeptGlobals::keepsSymbol(llvm::StringRef Symbol) const {
  return Annotated.count(Symbol) || (Compile && Compile->keepsSymbol(Symbol));
}

bool KeptGlobals::contains(const llvm::GlobalValue &Global) const {
  llvm::StringRef Name = Global.getName();
  if (keepsSymbol(Name))
    return true;
  llvm::StringRef Guarded = Name;
  return Guarded.consume_front("_ZGV") && keepsSymbol(("_Z" + Guarded).str());
}

} // namespace tlsguard
