//===- Session.h - what the AST side tells the IR side ----------*- C++ -*-===//
//
// One compile: the options, the mode, the variables that must stay as they
// are, and the counts for the summary. The AST consumer owns it; the IR pass,
// which clang runs from inside that consumer's lifetime (during code
// generation), finds it through current(). With -fpass-plugin= alone there is
// no session and the pass decides from the module.
//
// A process-wide pointer is the only channel that reaches a pass registered
// through CodeGenOptions::PassPlugins (before clang 18). clang compiles one
// translation unit at a time per process; a module it builds on the way
// nests inside, so the sessions form a stack.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_SESSION_H
#define TLSGUARD_CLANG_SESSION_H

#include "Reporter.h"
#include "common/Messages.h"
#include "common/Options.h"
#include "common/TargetChoice.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

namespace tlsguard {

class Session {
public:
  Session(const Options &Opts, ModeDecision Decision, Reporter &Report,
          const clang::SourceManager &Sources);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // The compile in progress in this process, or null.
  static Session *current();

  const Options &options() const { return Opts; }
  Mode mode() const { return Decision.Chosen; }

  // Symbols of variables kept static on purpose (allow-list, opt-out).
  void keepSymbol(llvm::StringRef Symbol) { KeptSymbols.insert(Symbol); }
  bool keepsSymbol(llvm::StringRef Symbol) const {
    return KeptSymbols.count(Symbol) != 0;
  }

  const clang::SourceManager &sources() const { return Sources; }

  // A direct read of the thread pointer, found by the AST side (calls,
  // file-scope asm) or the IR pass (inline asm): reported once per place
  // outside system headers, and counted for the summary.
  void threadPointerRead(clang::SourceLocation Loc, const std::string &What);

  // The dynamic model the rewrite uses (decided once the whole translation
  // unit is known) and whether allocator=keep-ie keeps everything static.
  void setModel(ModelDecision D) {
    Model = std::move(D);
    ModelDecided = true;
  }
  bool keepsAllStatic() const { return ModelDecided && Model.KeepStatic; }

  // The summary, once per compile: from the IR pass after it has run, or
  // from the AST side when no pass runs (mode=off).
  void finish(SummaryCounts Counts);

private:
  Options Opts;
  ModeDecision Decision;
  Reporter &Report;
  const clang::SourceManager &Sources; // the summary names the main file
  llvm::StringSet<> KeptSymbols;
  // A compile can start another inside itself (an implicit module build)
  // and must find its own session again when that one ends.
  Session *Enclosing;
  llvm::DenseSet<clang::SourceLocation> ThreadPointerReadsAt;
  unsigned ThreadPointerAccesses = 0;
  bool Finished = false;
  ModelDecision Model;
  bool ModelDecided = false;
};

} // namespace tlsguard

#endif
