//===- Reporter.h - tlsguard's diagnostics through GCC's -------*- C++ -*-===//
//
// The texts come from common/Messages, as in the Clang plugin; this decides
// their kind and location. GCC 12 has no remarks: what the Clang plugin
// says as a remark (a rewrite, the summary) is a note here, which neither
// -Werror nor -w changes. Warnings are GCC warnings without a -W option of
// their own (plugins cannot add one): -w silences them and -Werror makes
// them errors.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_REPORTER_H
#define TLSGUARD_GCC_REPORTER_H

#include "GCCHeaders.h"
#include "common/Messages.h"

#include <string>

namespace tlsguard {

// A thread-local with a static TLS model: a note when rewritten, a warning
// or an error in those modes; then a note saying what was done.
void reportStaticTLS(location_t Loc, Mode M, const StaticTLSVariable &Var);
void reportThreadPointer(location_t Loc, const std::string &What);
void reportSummary(const std::string &Text);

// Problems with the plugin arguments; they have no source location.
void reportAllocatorRisk(location_t Loc, const std::string &Text,
                         const std::string &Note);
void reportUsageError(const std::string &Text);
void reportUsageWarning(const std::string &Text);

} // namespace tlsguard

#endif
