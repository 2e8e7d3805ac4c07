//===- Reporter.h - tlsguard's diagnostics through clang's ------*- C++ -*-===//
//
// The texts come from common/Messages; this class decides their level and
// location and hands them to clang, so they look and sort like clang's own.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_CLANG_REPORTER_H
#define TLSGUARD_CLANG_REPORTER_H

#include "common/Messages.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"

#include <string>

namespace tlsguard {

class Reporter {
public:
  explicit Reporter(clang::DiagnosticsEngine &Diags);

  // A thread-local with a static TLS model: a remark when rewritten, a
  // warning or an error in those modes; then a note saying what was done.
  void staticTLS(clang::SourceLocation Loc, Mode M,
                 const StaticTLSVariable &Var);
  void threadPointer(clang::SourceLocation Loc, const std::string &What);
  void summary(const std::string &Text);
  // A malloc replacement whose TLS model is a risk on part of the target
  // range: a warning at the function, then how to choose differently.
  void allocatorRisk(clang::SourceLocation Loc, const std::string &Text,
                     const std::string &Note);

  // Problems with the plugin arguments; they have no source location.
  void usageError(const std::string &Text);
  void usageWarning(const std::string &Text);

private:
  // The ID a warning goes out with (an error under -Werror); false when -w
  // silences it.
  bool warningID(unsigned &ID) const;

  clang::DiagnosticsEngine &Diags;
  unsigned ErrorID, WarningID, RemarkID, NoteID;
};

} // namespace tlsguard

#endif
