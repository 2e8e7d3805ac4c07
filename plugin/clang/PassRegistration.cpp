//===- PassRegistration.cpp - getting the IR pass into clang --------------===//
//
// Three routes lead here: the frontend action's PassBuilderCallbacks (clang
// 18 and later), clang loading this library from CodeGenOptions::PassPlugins
// (before 18, where the frontend action lists it), and -fpass-plugin= (the
// selector forwards llvmGetPassPluginInfo to the one below). When two routes
// meet in one compile the pass runs twice; the second run finds nothing left
// to rewrite and the summary is printed once.
//
//===----------------------------------------------------------------------===//

#include "PassRegistration.h"
#include "RewritePass.h"
#include "VersionShims.h"

#include "llvm/Passes/PassBuilder.h"

#include <dlfcn.h>

namespace tlsguard {

void registerRewritePass(llvm::PassBuilder &PB) {
  // The pipeline start runs at every optimisation level, -O0 included, and
  // before -flto and -flto=thin write bitcode.
  PB.registerPipelineStartEPCallback(
      [](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        MPM.addPass(RewritePass());
      });
}

std::string pluginLibraryPath() {
  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&registerRewritePass), &Self) ||
      !Self.dli_fname)
    return std::string();
  return Self.dli_fname;
}

} // namespace tlsguard

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "tlsguard", TLSGUARD_VERSION,
          tlsguard::registerRewritePass};
}
