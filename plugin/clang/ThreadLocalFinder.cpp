//===- ThreadLocalFinder.cpp - the AST walk -------------------------------===//
//
// Not a RecursiveASTVisitor: that one visits every node, type and name of
// the translation unit, and measured at about 1% of a -O3 compile of
// jemalloc's larger files (callgrind), the whole budget tlsguard has. This
// walk goes through declaration contexts, where thread-locals (static
// locals included) and file-scope asm are. It walks function bodies only
// when the translation unit refers to one of the functions that read the
// thread pointer, and then only the bodies code generation will emit;
// inline asm is left to the IR pass.
//
//===----------------------------------------------------------------------===//

#include "ThreadLocalFinder.h"
#include "Emission.h"
#include "TargetArch.h"
#include "VersionShims.h"
#include "common/ThreadPointer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

namespace tlsguard {

namespace {

class ThreadLocalFinder {
public:
  ThreadLocalFinder(clang::ASTContext &Ctx, bool FindThreadPointerReads)
      : Ctx(Ctx), FindThreadPointerReads(FindThreadPointerReads),
        FindCalls(FindThreadPointerReads && refersToThreadPointerFunction()),
        Arch(asmArchFor(Ctx.getTargetInfo().getTriple())) {}

  void walkDeclContext(const clang::DeclContext *Context);
  void walkDecl(clang::Decl *D);

  ThreadLocalFindings Found;

private:
  bool refersToThreadPointerFunction() const;

  void walkFunction(const clang::FunctionDecl *Function);
  void walkBody(const clang::Stmt *Body);
  template <typename Template> void walkInstantiations(const Template *T);
  void checkCall(const clang::CallExpr &Call);
  void checkAsm(const clang::FileScopeAsmDecl &Asm);
  bool inSystemHeader(clang::SourceLocation Loc) const;

  clang::ASTContext &Ctx;
  bool FindThreadPointerReads;
  bool FindCalls;
  AsmArch Arch;
};

} // namespace

// Builtins are declared on first use and wrappers come from headers, so a
// translation unit that never names one has a name lookup that finds none
// referenced, and no function body needs reading.
bool ThreadLocalFinder::refersToThreadPointerFunction() const {
  const clang::TranslationUnitDecl *Unit = Ctx.getTranslationUnitDecl();
  for (const ThreadPointerFunction &Known : threadPointerFunctions()) {
    auto Entry = Ctx.Idents.find(Known.Name);
    if (Entry == Ctx.Idents.end())
      continue;
    for (const clang::NamedDecl *D : Unit->lookup(Entry->getValue()))
      if (D->isReferenced())
        return true;
  }
  return false;
}

void ThreadLocalFinder::walkDeclContext(const clang::DeclContext *Context) {
  // A template pattern is not code; its instantiations are walked from the
  // template.
  if (Context->isDependentContext())
    return;
  for (clang::Decl *D : Context->decls())
    walkDecl(D);
}

// Variable templates, class templates and function templates exist in code
// only as instantiations. Explicit specializations are walked where they
// are written.
template <typename Template>
void ThreadLocalFinder::walkInstantiations(const Template *T) {
  for (auto *Instance : T->specializations())
    if (Instance->getTemplateSpecializationKind() !=
        clang::TSK_ExplicitSpecialization)
      walkDecl(Instance);
}

void ThreadLocalFinder::walkDecl(clang::Decl *D) {
  if (auto *Var = llvm::dyn_cast<clang::VarDecl>(D)) {
    if (Var->getTLSKind() != clang::VarDecl::TLS_None && !Var->isTemplated())
      Found.ThreadLocals.push_back(Var);
  } else if (const auto *Function = llvm::dyn_cast<clang::FunctionDecl>(D)) {
    walkFunction(Function);
  } else if (const auto *T = llvm::dyn_cast<clang::FunctionTemplateDecl>(D)) {
    walkInstantiations(T);
  } else if (const auto *T = llvm::dyn_cast<clang::ClassTemplateDecl>(D)) {
    walkInstantiations(T);
  } else if (const auto *T = llvm::dyn_cast<clang::VarTemplateDecl>(D)) {
    walkInstantiations(T);
  } else if (const auto *Asm = llvm::dyn_cast<clang::FileScopeAsmDecl>(D)) {
    checkAsm(*Asm);
  } else if (const auto *Context = llvm::dyn_cast<clang::DeclContext>(D)) {
    walkDeclContext(Context); // namespaces, extern "C", C structs, ...
  }
}

void ThreadLocalFinder::walkFunction(const clang::FunctionDecl *Function) {
  // A header's unused inline functions are most of the code in a
  // translation unit and none of the object file.
  if (!Function->doesThisDeclarationHaveABody() ||
      !willBeEmitted(Ctx, Function))
    return;
  walkDeclContext(Function); // its static locals and local classes
  if (FindCalls && !inSystemHeader(Function->getLocation()))
    walkBody(Function->getBody());
}

// Iterative, because generated code nests expressions deeper than a stack
// allows; children are pushed in reverse so that reports come out in source
// order.
void ThreadLocalFinder::walkBody(const clang::Stmt *Body) {
  llvm::SmallVector<const clang::Stmt *, 64> Pending{Body};
  auto PushInReverse = [&Pending](auto Range) {
    std::size_t First = Pending.size();
    Pending.append(Range.begin(), Range.end());
    std::reverse(Pending.begin() + First, Pending.end());
  };
  while (!Pending.empty()) {
    const clang::Stmt *Node = Pending.pop_back_val();
    if (!Node)
      continue;
    if (const auto *Lambda = llvm::dyn_cast<clang::LambdaExpr>(Node)) {
      // The body belongs to the call operator, walked with the lambda's
      // class among the enclosing function's declarations; only the
      // captures' initialisers belong here.
      PushInReverse(Lambda->capture_inits());
      continue;
    }
    if (const auto *Block = llvm::dyn_cast<clang::BlockExpr>(Node)) {
      walkDeclContext(Block->getBlockDecl());
      Pending.push_back(Block->getBody());
      continue;
    }
    if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(Node))
      checkCall(*Call);
    PushInReverse(Node->children());
  }
}

// Code in system headers is not the user's to change; a libc or compiler
// header that wraps a thread-pointer builtin is reported where the user
// calls the wrapper instead.
bool ThreadLocalFinder::inSystemHeader(clang::SourceLocation Loc) const {
  const clang::SourceManager &Sources = Ctx.getSourceManager();
  return Sources.isInSystemHeader(Sources.getExpansionLoc(Loc));
}

void ThreadLocalFinder::checkCall(const clang::CallExpr &Call) {
  const clang::FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return;
  std::string Name = Callee->getName().str();
  switch (classifyThreadPointerCall(Name)) {
  case ThreadPointerCall::No:
    return;
  case ThreadPointerCall::Always:
    Found.ThreadPointerReads.push_back({Call.getBeginLoc(), "'" + Name + "'"});
    return;
  case ThreadPointerCall::IfRegisterNamesTP:
    break;
  }
  if (Call.getNumArgs() == 0)
    return;
  const auto *Register = llvm::dyn_cast<clang::StringLiteral>(
      Call.getArg(0)->IgnoreParenImpCasts());
  if (Register && Register->getCharByteWidth() == 1 &&
      isThreadPointerRegister(Register->getString().str()))
    Found.ThreadPointerReads.push_back(
        {Call.getBeginLoc(),
         "'" + Name + "(\"" + Register->getString().str() + "\")'"});
}

void ThreadLocalFinder::checkAsm(const clang::FileScopeAsmDecl &Asm) {
  if (!FindThreadPointerReads)
    return;
  AsmThreadPointerRead Read;
  if (!findThreadPointerInAsm(shim::asmText(Asm), Arch, Read))
    return;
  // Point at the register inside the string when the string is a literal
  // (it is, unless a clang 21+ constant expression built it).
  clang::SourceLocation Loc = Asm.getBeginLoc();
  if (const clang::StringLiteral *Literal = shim::asmLiteral(Asm))
    Loc = Literal->getLocationOfByte(Read.Offset, Ctx.getSourceManager(),
                                     Ctx.getLangOpts(), Ctx.getTargetInfo());
  Found.ThreadPointerReads.push_back(
      {Loc, "inline assembly ('" + Read.Spelling + "')"});
}

ThreadLocalFindings findThreadLocals(clang::ASTContext &Ctx,
                                     bool FindThreadPointerReads) {
  ThreadLocalFinder Finder(Ctx, FindThreadPointerReads);
  Finder.walkDeclContext(Ctx.getTranslationUnitDecl());
  return std::move(Finder.Found);
}

std::vector<clang::VarDecl *> threadLocalsIn(clang::ASTContext &Ctx,
                                             clang::Decl *D) {
  ThreadLocalFinder Finder(Ctx, /*FindThreadPointerReads=*/false);
  Finder.walkDecl(D);
  return std::move(Finder.Found.ThreadLocals);
}

} // namespace tlsguard
