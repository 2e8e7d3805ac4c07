//===- Reporter.cpp - tlsguard's diagnostics through clang's --------------===//

#include "Reporter.h"
#include "VersionShims.h"

namespace tlsguard {

using shim::DiagKind;

Reporter::Reporter(clang::DiagnosticsEngine &Diags)
    : Diags(Diags), ErrorID(shim::customDiagID(Diags, DiagKind::Error)),
      WarningID(shim::customDiagID(Diags, DiagKind::Warning)),
      RemarkID(shim::customDiagID(Diags, DiagKind::Remark)),
      NoteID(shim::customDiagID(Diags, DiagKind::Note)) {}

bool Reporter::warningID(unsigned &ID) const {
  ID = WarningID;
  if (shim::CustomWarningsFollowFlags)
    return true;
  if (Diags.getIgnoreAllWarnings())
    return false;
  if (Diags.getWarningsAsErrors())
    ID = ErrorID;
  return true;
}

void Reporter::staticTLS(clang::SourceLocation Loc, Mode M,
                         const StaticTLSVariable &Var) {
  unsigned ID = M == Mode::Error ? ErrorID : RemarkID;
  if (M == Mode::Warn && !warningID(ID))
    return;
  Diags.Report(Loc, ID) << staticTLSMessage(Var);
  Diags.Report(Loc, NoteID) << staticTLSNote(M, Var);
}

void Reporter::threadPointer(clang::SourceLocation Loc,
                             const std::string &What) {
  unsigned ID;
  if (!warningID(ID))
    return;
  Diags.Report(Loc, ID) << threadPointerMessage(What);
  Diags.Report(Loc, NoteID) << threadPointerNote();
}

void Reporter::summary(const std::string &Text) {
  Diags.Report(RemarkID) << Text;
}

void Reporter::allocatorRisk(clang::SourceLocation Loc, const std::string &Text,
                             const std::string &Note) {
  unsigned ID;
  if (!warningID(ID))
    return;
  Diags.Report(Loc, ID) << allocatorRiskMessage(Text);
  Diags.Report(Loc, NoteID) << Note;
}

void Reporter::usageError(const std::string &Text) {
  Diags.Report(ErrorID) << Text;
}

void Reporter::usageWarning(const std::string &Text) {
  unsigned ID;
  if (warningID(ID))
    Diags.Report(ID) << Text;
}

} // namespace tlsguard
