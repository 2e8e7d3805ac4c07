//===- ThreadLocalConsumer.h - decisions and diagnostics --------*- C++ -*-===//
//
// Runs before clang's code generator sees the translation unit. It decides,
// for each thread-local variable that will be emitted, which TLS model code
// generation will give it and whether that model is static (initial-exec,
// local-exec); reports those at the attribute or the declaration; tells the
// IR pass which ones to keep; and reports thread-pointer reads. The IR pass
// (RewritePass) changes the models.
//
// A kept variable is passed on by its symbol, except a function-local
// static: the symbols of those inside lambdas and of same-named ones in one
// function are numbered in the order the code generator mangles them, which
// the plugin cannot repeat. Those get the tlsguard:keep annotation instead,
// before the code generator emits their function, and reach the IR pass
// the way the source-level opt-out does.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_THREADLOCALCONSUMER_H
#define TLSGUARD_CLANG_THREADLOCALCONSUMER_H

#include "Reporter.h"
#include "Session.h"
#include "common/AllowList.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/CodeGenOptions.h"

#include <memory>

namespace clang {
class CompilerInstance;
class VarDecl;
} // namespace clang

namespace tlsguard {

// What the model choice needs from the action: the target range (or why
// there is none) and what this compiler can emit.
struct ModelInputs {
  bool TargetKnown = false;
  libc_target Target{};
  std::string TargetProblem;
  std::string ArchName;
  CompilerAbility Compiler;
};

class ThreadLocalConsumer : public clang::ASTConsumer {
public:
  ThreadLocalConsumer(clang::CompilerInstance &CI, const Options &Opts,
                      ModeDecision Decision, ModelInputs Inputs);

  void Initialize(clang::ASTContext &Context) override;
  bool HandleTopLevelDecl(clang::DeclGroupRef Group) override;
  void HandleTranslationUnit(clang::ASTContext &Context) override;

private:
  bool isKept(clang::VarDecl *Var, const VariableNames &Names);
  void reportStaticTLS(const std::vector<clang::VarDecl *> &Vars);
  void chooseDynamicModel(clang::ASTContext &Context);

  clang::ASTContext *Ctx = nullptr;
  std::unique_ptr<clang::MangleContext> Mangler;
  clang::CodeGenOptions::TLSModel DefaultModel;
  Reporter Report;
  Session Compile;
  clang::CodeGenOptions &CodeGen;
  ModelInputs Inputs;
};

} // namespace tlsguard

#endif
