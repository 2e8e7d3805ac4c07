//===- KeptGlobals.h - thread-locals that stay as they are -----*- C++ -*-===//
//
// The IR pass leaves a static-TLS global alone when it is
//  - a variable the frontend was told to keep (allow=, or the tlsguard:keep
//    annotation on any declaration), known by its symbol;
//  - annotated "tlsguard:keep" in llvm.global.annotations, where clang
//    records the annotations of definitions: the user's, and the ones the
//    frontend adds to allow-listed function-local statics, whose symbols it
//    cannot predict; under -fpass-plugin= alone this is all there is;
//  - the C++ guard variable of one of those (Itanium ABI: "_ZGV" followed by
//    the variable's symbol without its "_Z").
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_KEPTGLOBALS_H
#define TLSGUARD_CLANG_KEPTGLOBALS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Module.h"

namespace tlsguard {

class Session;

class KeptGlobals {
public:
  KeptGlobals(const llvm::Module &M, const Session *Compile);

  bool contains(const llvm::GlobalValue &Global) const;

private:
  bool keepsSymbol(llvm::StringRef Symbol) const;

  const Session *Compile; // null under -fpass-plugin= alone
  llvm::StringSet<> Annotated;
};

} // namespace tlsguard

#endif
