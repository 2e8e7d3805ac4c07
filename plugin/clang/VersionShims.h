//===- VersionShims.h - every LLVM-major difference, in one place -*- C++
//-*-===//
//
// tlsguard builds one plugin per LLVM major from the same sources. Every
// place where the Clang or LLVM API differs between the supported majors
// (14, 15, 16, 19, 22) is a function here; the rest of the plugin never
// tests LLVM_VERSION_MAJOR.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_VERSIONSHIMS_H
#define TLSGUARD_CLANG_VERSIONSHIMS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/CodeGenOptions.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif
#if LLVM_VERSION_MAJOR >= 16
#include "llvm/TargetParser/Triple.h"
#else
#include "llvm/ADT/Triple.h"
#endif

#include <algorithm>
#include <string>

namespace tlsguard {
namespace shim {

// The kinds of diagnostic the plugin emits.
enum class DiagKind { Error, Warning, Remark, Note };

// A diagnostic ID with the format "%0". Before clang 20 a plugin diagnostic
// has no warning group: -W flags, -Werror and -w do not reach it. From clang
// 20 it may join an existing group, though not create one; tlsguard's
// warnings join -Wbackend-plugin, clang's group for plugin diagnostics, so
// -Wno-backend-plugin and -Werror=backend-plugin work on them.
inline unsigned customDiagID(clang::DiagnosticsEngine &Diags, DiagKind Kind) {
  using clang::DiagnosticIDs;
#if LLVM_VERSION_MAJOR >= 20
  namespace diag = clang::diag;
  switch (Kind) {
  case DiagKind::Error:
    return Diags.getDiagnosticIDs()->getCustomDiagID(
        {diag::Severity::Error, "%0", DiagnosticIDs::CLASS_ERROR,
         /*ShowInSystemHeader=*/true, /*ShowInSystemMacro=*/true});
  case DiagKind::Warning:
    return Diags.getDiagnosticIDs()->getCustomDiagID(
        {diag::Severity::Warning, "%0", DiagnosticIDs::CLASS_WARNING,
         /*ShowInSystemHeader=*/true, /*ShowInSystemMacro=*/true,
         DiagnosticIDs::getGroupForWarningOption("backend-plugin")});
  case DiagKind::Remark:
    return Diags.getDiagnosticIDs()->getCustomDiagID(
        {diag::Severity::Remark, "%0", DiagnosticIDs::CLASS_REMARK,
         /*ShowInSystemHeader=*/true, /*ShowInSystemMacro=*/true});
  case DiagKind::Note:
    break;
  }
  return Diags.getDiagnosticIDs()->getCustomDiagID(
      {diag::Severity::Fatal, "%0", DiagnosticIDs::CLASS_NOTE,
       /*ShowInSystemHeader=*/true, /*ShowInSystemMacro=*/true});
#else
  DiagnosticIDs::Level Level = DiagnosticIDs::Note;
  switch (Kind) {
  case DiagKind::Error:
    Level = DiagnosticIDs::Error;
    break;
  case DiagKind::Warning:
    Level = DiagnosticIDs::Warning;
    break;
  case DiagKind::Remark:
    Level = DiagnosticIDs::Remark;
    break;
  case DiagKind::Note:
    break;
  }
  return Diags.getDiagnosticIDs()->getCustomDiagID(Level, "%0");
#endif
}

// Whether clang applies -w and -Werror to a custom warning itself. Before
// clang 20 it does not, and the Reporter applies them by hand.
constexpr bool CustomWarningsFollowFlags = LLVM_VERSION_MAJOR >= 20;

// The string literal an asm statement was written with. From clang 21 the
// string may be a constant expression instead; then there is no literal and
// no exact column inside it.
inline const clang::StringLiteral *asmLiteral(const clang::GCCAsmStmt &Asm) {
#if LLVM_VERSION_MAJOR >= 21
  return llvm::dyn_cast<clang::StringLiteral>(Asm.getAsmStringExpr());
#else
  return Asm.getAsmString();
#endif
}

inline const clang::StringLiteral *
asmLiteral(const clang::FileScopeAsmDecl &Asm) {
#if LLVM_VERSION_MAJOR >= 21
  return llvm::dyn_cast<clang::StringLiteral>(Asm.getAsmStringExpr());
#else
  return Asm.getAsmString();
#endif
}

template <typename AsmNode> std::string asmText(const AsmNode &Asm) {
#if LLVM_VERSION_MAJOR >= 21
  return Asm.getAsmString();
#else
  return Asm.getAsmString()->getString().str();
#endif
}

// Puts the IR pass into the optimisation pipeline of this compile.
// RegisterPass adds the pass to a PassBuilder; OwnPath is this plugin
// library, for majors where clang must load it again as a pass plugin.
inline void scheduleIRPass(clang::CodeGenOptions &CodeGen,
                           void (*RegisterPass)(llvm::PassBuilder &),
                           const std::string &OwnPath) {
#if LLVM_VERSION_MAJOR >= 18
  (void)OwnPath;
  CodeGen.PassBuilderCallbacks.push_back(RegisterPass);
#else
  // Before clang 18 a frontend plugin cannot reach the pipeline directly,
  // but clang loads every library in PassPlugins when it builds the pipeline
  // and calls its llvmGetPassPluginInfo: list this library there.
  (void)RegisterPass;
  std::vector<std::string> &Plugins = CodeGen.PassPlugins;
  if (std::find(Plugins.begin(), Plugins.end(), OwnPath) == Plugins.end())
    Plugins.push_back(OwnPath);
#endif
}

// TLS descriptors for general-dynamic access (-mtls-dialect=gnu2 on x86-64).
// CodeGenOptions::EnableTLSDESC exists from clang 18; x86-64 honours it from
// clang 19, so 19 is the first major tlsguard offers it on.
constexpr unsigned FirstMajorWithTLSDESC = 19;

inline bool setTLSDESC(clang::CodeGenOptions &CodeGen, bool On) {
#if LLVM_VERSION_MAJOR >= 19
  CodeGen.EnableTLSDESC = On;
  return true;
#else
  (void)CodeGen;
  (void)On;
  return false;
#endif
}

} // namespace shim
} // namespace tlsguard

#endif
