//===- RewritePass.h - static TLS models become general-dynamic -*- C++ -*-===//
//
// The authoritative rewrite: every thread-local global (and alias) whose
// model is initial-exec or local-exec becomes general-dynamic, whatever set
// it (a tls_model attribute, -ftls-model=, or clang's own guard variables).
// LLVM then picks general- or local-dynamic, both of which load with dlopen
// at any time; for an executable the linker relaxes them back.
//
// It runs at the start of the pipeline, so before -flto writes bitcode and
// also at -O0 (isRequired). Under -fplugin= the frontend's Session says what
// to do; under -fpass-plugin= alone the module's PIC and PIE levels do.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_REWRITEPASS_H
#define TLSGUARD_CLANG_REWRITEPASS_H

#include "llvm/IR/PassManager.h"

namespace tlsguard {

class RewritePass : public llvm::PassInfoMixin<RewritePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

  static bool isRequired() { return true; }
};

} // namespace tlsguard

#endif
