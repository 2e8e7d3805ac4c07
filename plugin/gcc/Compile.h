//===- Compile.h - one GCC compile, as tlsguard sees it --------*- C++ -*-===//
//
// The options, the mode, and what has been reported and counted so far. GCC
// compiles one translation unit per process (cc1, cc1plus) or links one
// program (lto1), and calls the plugin back through plain function pointers,
// so there is one Compile per process, made in plugin_init.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_COMPILE_H
#define TLSGUARD_GCC_COMPILE_H

#include "GCCHeaders.h"
#include "common/Messages.h"
#include "common/Options.h"
#include "common/ThreadPointer.h"

#include <set>
#include <string>

namespace tlsguard {

struct Compile {
  Options Opts;
  ModeDecision Decision;
  AsmArch Arch;
  // The model -ftls-model= gave, before a rewrite sets GCC's default to
  // global-dynamic: a variable without an attribute got it from there.
  tls_model CommandLineModel;
  SummaryCounts Counts;
  // Places reported once: a thread-pointer read in an inline function is
  // seen in every copy GCC makes of it.
  std::set<location_t> ThreadPointerReadsAt;

  Mode mode() const { return Decision.Chosen; }
  void threadPointerRead(location_t Loc, const std::string &What);
};

// The compile in progress; set by plugin_init.
Compile &currentCompile();

} // namespace tlsguard

#endif
