//===- Session.cpp - what the AST side tells the IR side ------------------===//

#include "Session.h"

namespace tlsguard {

static Session *CurrentSession = nullptr;

Session::Session(const Options &Opts, ModeDecision Decision, Reporter &Report,
                 const clang::SourceManager &Sources)
    : Opts(Opts), Decision(std::move(Decision)), Report(Report),
      Sources(Sources), Enclosing(CurrentSession) {
  CurrentSession = this;
}

Session::~Session() {
  if (CurrentSession == this)
    CurrentSession = Enclosing;
}

Session *Session::current() { return CurrentSession; }

void Session::threadPointerRead(clang::SourceLocation Loc,
                                const std::string &What) {
  // Not the user's code to change; a function template read in each of its
  // instantiations.
  if (Loc.isValid() && Sources.isInSystemHeader(Sources.getExpansionLoc(Loc)))
    return;
  if (!ThreadPointerReadsAt.insert(Loc).second)
    return;
  ++ThreadPointerAccesses;
  Report.threadPointer(Loc, What);
}

void Session::finish(SummaryCounts Counts) {
  if (Finished || !Opts.Summary)
    return;
  Finished = true;
  Counts.ThreadPointer = ThreadPointerAccesses;
  clang::PresumedLoc MainFile = Sources.getPresumedLoc(
      Sources.getLocForStartOfFile(Sources.getMainFileID()));
  std::string File = MainFile.isValid() ? MainFile.getFilename() : "";
  Report.summary(summaryMessage(File, Decision, Counts));
  if (ModelDecided && Decision.Chosen == Mode::Rewrite)
    Report.summary(modelSummaryMessage(File, Model.Model, Model.Reason));
}

} // namespace tlsguard
