//===- PassRegistration.h - getting the IR pass into clang -----*- C++ -*-===//

#ifndef TLSGUARD_CLANG_PASSREGISTRATION_H
#define TLSGUARD_CLANG_PASSREGISTRATION_H

#include <string>

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace tlsguard {

// Adds RewritePass at the start of every pipeline PB builds.
void registerRewritePass(llvm::PassBuilder &PB);

// The path this plugin library was loaded from.
std::string pluginLibraryPath();

} // namespace tlsguard

#endif
