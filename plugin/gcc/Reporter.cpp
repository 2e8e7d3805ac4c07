//===- Reporter.cpp - tlsguard's diagnostics through GCC's ----------------===//

#include "Reporter.h"

namespace tlsguard {

// The texts are built at run time, so every call passes them through "%s":
// a '%' in a variable name or in assembly must not be read as a format.

void reportStaticTLS(location_t Loc, Mode M, const StaticTLSVariable &Var) {
  std::string Message = staticTLSMessage(Var);
  switch (M) {
  case Mode::Error:
    error_at(Loc, "%s", Message.c_str());
    break;
  case Mode::Warn:
    if (!warning_at(Loc, 0, "%s", Message.c_str()))
      return;
    break;
  case Mode::Rewrite:
    inform(Loc, "%s", Message.c_str());
    break;
  case Mode::Off:
    return;
  }
  inform(Loc, "%s", staticTLSNote(M, Var).c_str());
}

void reportThreadPointer(location_t Loc, const std::string &What) {
  if (!warning_at(Loc, 0, "%s", threadPointerMessage(What).c_str()))
    return;
  inform(Loc, "%s", threadPointerNote().c_str());
}

void reportSummary(const std::string &Text) {
  inform(UNKNOWN_LOCATION, "%s", Text.c_str());
}

void reportAllocatorRisk(location_t Loc, const std::string &Text,
                         const std::string &Note) {
  if (!warning_at(Loc, 0, "%s", allocatorRiskMessage(Text).c_str()))
    return;
  inform(Loc, "%s", Note.c_str());
}

void reportUsageError(const std::string &Text) { error("%s", Text.c_str()); }

void reportUsageWarning(const std::string &Text) {
  warning(0, "%s", Text.c_str());
}

} // namespace tlsguard
