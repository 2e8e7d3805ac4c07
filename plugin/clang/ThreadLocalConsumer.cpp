//===- ThreadLocalConsumer.cpp - decisions and diagnostics ----------------===//

#include "ThreadLocalConsumer.h"
#include "Emission.h"
#include "SymbolNames.h"
#include "ThreadLocalFinder.h"
#include "VersionShims.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace tlsguard {

using clang::CodeGenOptions;
using clang::VarDecl;

ThreadLocalConsumer::ThreadLocalConsumer(clang::CompilerInstance &CI,
                                         const Options &Opts,
                                         ModeDecision Decision,
                                         ModelInputs Inputs)
    : DefaultModel(CI.getCodeGenOpts().getDefaultTLSModel()),
      Report(CI.getDiagnostics()),
      Compile(Opts, std::move(Decision), Report, CI.getSourceManager()),
      CodeGen(CI.getCodeGenOpts()), Inputs(std::move(Inputs)) {}

static const char *modelName(CodeGenOptions::TLSModel Model) {
  switch (Model) {
  case CodeGenOptions::GeneralDynamicTLSModel:
    return "global-dynamic";
  case CodeGenOptions::LocalDynamicTLSModel:
    return "local-dynamic";
  case CodeGenOptions::InitialExecTLSModel:
    return "initial-exec";
  case CodeGenOptions::LocalExecTLSModel:
    return "local-exec";
  }
  return "global-dynamic";
}

struct ModelChoice {
  std::string Model;
  ModelOrigin Origin;
  clang::SourceLocation Loc; // the attribute, or the declaration
};

// The model clang's code generator gives the variable
// (CodeGenModule::setTLSMode): the tls_model attribute, which later
// redeclarations inherit, wins over -ftls-model=.
static ModelChoice modelOf(const VarDecl *Var,
                           CodeGenOptions::TLSModel Default) {
  const VarDecl *Latest = Var->getMostRecentDecl();
  if (const auto *Attr = Latest->getAttr<clang::TLSModelAttr>())
    return {Attr->getModel().str(), ModelOrigin::Attribute,
            Attr->getLocation()};
  const VarDecl *Definition = Var->getDefinition();
  return {modelName(Default), ModelOrigin::CommandLine,
          (Definition ? Definition : Latest)->getLocation()};
}

static bool isStaticModel(const std::string &Model) {
  return Model == "initial-exec" || Model == "local-exec";
}

// The documented per-variable opt-out:
// __attribute__((annotate("tlsguard:keep"))) on any declaration.
static bool hasKeepAnnotation(const VarDecl *Var) {
  for (const VarDecl *Redecl : Var->redecls()) {
    for (const auto *Annotation : Redecl->specific_attrs<clang::AnnotateAttr>())
      if (Annotation->getAnnotation() == KeepAnnotation)
        return true;
  }
  return false;
}

void ThreadLocalConsumer::Initialize(clang::ASTContext &Context) {
  Ctx = &Context;
  Mangler.reset(Context.createMangleContext());
}

// Whether the variable keeps its static model, and if so, sees that the IR
// pass will know it (see the header).
bool ThreadLocalConsumer::isKept(VarDecl *Var, const VariableNames &Names) {
  bool Annotated = hasKeepAnnotation(Var);
  if (!Annotated && !Compile.options().Allow.matches(Names))
    return false;
  // A static local is a definition in this translation unit, and clang
  // records the annotations of definitions for the IR pass.
  if (!Var->isStaticLocal())
    Compile.keepSymbol(Names.Symbol);
  else if (!Annotated)
    Var->addAttr(
        clang::AnnotateAttr::CreateImplicit(*Ctx, KeepAnnotation, nullptr, 0));
  return true;
}

// A function that is not inline is emitted as soon as it is parsed, right
// after this: its allow-listed static locals must be marked now. Other code
// is emitted at the end of the translation unit, after
// HandleTranslationUnit below has seen it.
bool ThreadLocalConsumer::HandleTopLevelDecl(clang::DeclGroupRef Group) {
  if (Compile.mode() == Mode::Off || Compile.options().Allow.empty())
    return true;
  for (clang::Decl *D : Group)
    if (llvm::isa<clang::FunctionDecl>(D))
      for (VarDecl *Var : threadLocalsIn(*Ctx, D))
        if (Var->isStaticLocal())
          isKept(Var, namesOf(*Mangler, Var));
  return true;
}

void ThreadLocalConsumer::reportStaticTLS(const std::vector<VarDecl *> &Vars) {
  Mode M = Compile.mode();
  llvm::SmallPtrSet<const VarDecl *, 16> Seen;
  // Instantiations of one template share the attribute: one report each.
  llvm::DenseSet<clang::SourceLocation> ReportedAt;
  for (VarDecl *Var : Vars) {
    if (!Seen.insert(Var->getCanonicalDecl()).second ||
        !willBeEmitted(*Ctx, Var))
      continue;
    ModelChoice Choice = modelOf(Var, DefaultModel);
    if (!isStaticModel(Choice.Model))
      continue;
    VariableNames Names = namesOf(*Mangler, Var);
    if (isKept(Var, Names) || (M == Mode::Rewrite && Compile.options().Quiet) ||
        !ReportedAt.insert(Choice.Loc).second)
      continue;
    Report.staticTLS(Choice.Loc, M,
                     {displayName(Names, Ctx->getLangOpts()),
                      AllowList::entryFor(Names), Choice.Model, Choice.Origin});
  }
}

// The first function of the malloc family (or a replaceable operator new
// or delete) this translation unit defines with default visibility.
static const clang::FunctionDecl *
mallocDefinitionIn(const clang::DeclContext *DC) {
  for (const clang::Decl *D : DC->decls()) {
    if (const auto *Spec = llvm::dyn_cast<clang::LinkageSpecDecl>(D)) {
      if (const clang::FunctionDecl *F = mallocDefinitionIn(Spec))
        return F;
      continue;
    }
    const auto *F = llvm::dyn_cast<clang::FunctionDecl>(D);
    if (!F || !F->doesThisDeclarationHaveABody() || !F->isExternallyVisible() ||
        F->getVisibility() != clang::DefaultVisibility)
      continue;
    if (F->isReplaceableGlobalAllocationFunction())
      return F;
    if (F->getIdentifier() && F->isExternC() &&
        isMallocFamilyName(F->getName().str()))
      return F;
  }
  return nullptr;
}

// Runs before clang's code generator reads CodeGenOptions for the back end,
// so the TLS dialect set here is the one the object file gets.
void ThreadLocalConsumer::chooseDynamicModel(clang::ASTContext &Context) {
  const clang::FunctionDecl *Malloc =
      mallocDefinitionIn(Context.getTranslationUnitDecl());
  std::string MallocName = Malloc ? Malloc->getNameAsString() : "";
  ModelDecision D;
  if (!Inputs.TargetKnown) {
    D.Model = "global-dynamic";
    D.Reason = "no target C library: " + Inputs.TargetProblem;
  } else {
    D = chooseModel(Compile.options(), Inputs.Target, Inputs.ArchName,
                    Inputs.Compiler, MallocName);
  }
  if (D.SetDialect)
    shim::setTLSDESC(CodeGen, D.UseTLSDESC);
  if (!D.Warning.empty())
    Report.allocatorRisk(Malloc ? Malloc->getLocation()
                                : clang::SourceLocation(),
                         D.Warning, D.WarningNote);
  Compile.setModel(std::move(D));
}

void ThreadLocalConsumer::HandleTranslationUnit(clang::ASTContext &Context) {
  if (Compile.mode() == Mode::Off) {
    Compile.finish(SummaryCounts());
    return;
  }
  if (Compile.mode() == Mode::Rewrite)
    chooseDynamicModel(Context);
  ThreadLocalFindings Found =
      findThreadLocals(Context, Compile.options().ThreadPointerWarnings);
  reportStaticTLS(Found.ThreadLocals);
  // Inline asm is found by the IR pass, in the code actually emitted.
  for (const ThreadPointerRead &Read : Found.ThreadPointerReads)
    Compile.threadPointerRead(Read.Loc, Read.What);
}

} // namespace tlsguard
