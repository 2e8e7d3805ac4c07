//===- RewritePass.cpp - static TLS models become general-dynamic ---------===//

#include "RewritePass.h"
#include "AsmLocation.h"
#include "IRThreadPointerReads.h"
#include "KeptGlobals.h"
#include "Session.h"
#include "TargetArch.h"
#include "VersionShims.h"

#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

namespace tlsguard {

using llvm::GlobalValue;

// Without a frontend, the same guess the frontend makes: position-independent
// code that is not PIE is going into a shared object.
static Mode modeForModule(const llvm::Module &M) {
  if (!llvm::Triple(M.getTargetTriple()).isOSBinFormatELF())
    return Mode::Off;
  CompileTarget Target{M.getPICLevel() != llvm::PICLevel::NotPIC,
                       M.getPIELevel() != llvm::PIELevel::Default, ""};
  return decideMode(Options(), Target).Chosen;
}

// Under -fplugin= the AST side has reported calls and file-scope asm; inline
// asm is found here, in the code actually emitted, and reported through the
// frontend at its column in the source.
static void reportInlineAsm(const llvm::Module &M, Session &Compile) {
  AsmArch Arch = asmArchFor(llvm::Triple(M.getTargetTriple()));
  for (const IRThreadPointerRead &Read :
       findThreadPointerReads(M, IRReads::InlineAsmOnly))
    Compile.threadPointerRead(sourceLocationOf(Compile.sources(), Read, Arch),
                              Read.What);
}

static bool hasStaticTLSModel(const GlobalValue &Global) {
  return Global.getThreadLocalMode() == GlobalValue::InitialExecTLSModel ||
         Global.getThreadLocalMode() == GlobalValue::LocalExecTLSModel;
}

llvm::PreservedAnalyses RewritePass::run(llvm::Module &M,
                                         llvm::ModuleAnalysisManager &) {
  Session *Compile = Session::current();
  Mode Chosen = Compile ? Compile->mode() : modeForModule(M);
  SummaryCounts Counts;
  bool Changed = false;
  if (Chosen != Mode::Off) {
    KeptGlobals Kept(M, Compile);
    auto Visit = [&](GlobalValue &Global) {
      if (!hasStaticTLSModel(Global))
        return;
      if (Kept.contains(Global) || (Compile && Compile->keepsAllStatic())) {
        ++Counts.Kept;
      } else if (Chosen == Mode::Rewrite) {
        Global.setThreadLocalMode(GlobalValue::GeneralDynamicTLSModel);
        ++Counts.Rewritten;
        Changed = true;
      } else {
        ++Counts.LeftStatic;
      }
    };
    for (llvm::GlobalVariable &Variable : M.globals())
      Visit(Variable);
    for (llvm::GlobalAlias &Alias : M.aliases())
      Visit(Alias);
    if (!Compile)
      diagnoseThreadPointerReads(M.getContext(),
                                 findThreadPointerReads(M, IRReads::All));
    else if (Compile->options().ThreadPointerWarnings)
      reportInlineAsm(M, *Compile);
  }
  if (Compile)
    Compile->finish(Counts);
  return Changed ? llvm::PreservedAnalyses::none()
                 : llvm::PreservedAnalyses::all();
}

} // namespace tlsguard
