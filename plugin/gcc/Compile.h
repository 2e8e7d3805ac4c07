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
#include "common/TargetChoice.h"
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
  // The target range and the dynamic model (TargetChoice): decided for an
  // ordinary translation unit in plugin_init, where GCC still takes a TLS
  // dialect, and again once the unit is known to define malloc.
  bool TargetKnown = false;
  libc_target Target{};
  std::string TargetProblem;
  CompilerAbility Ability;
  ModelDecision Model;
  bool ModelDecided = false;
  bool MallocChecked = false;
  // Places reported once: a thread-pointer read in an inline function is
  // seen in every copy GCC makes of it.
  std::set<location_t> ThreadPointerReadsAt;

  Mode mode() const { return Decision.Chosen; }
  void threadPointerRead(location_t Loc, const std::string &What);
};

// The compile in progress; set by plugin_init.
Compile &currentCompile();

#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
// x86: -mtls-dialect=gnu2 (On) or gnu. In plugin_init it is recorded in each
// function's target options, so -flto gets it too; later (a unit found to
// define malloc) the default target options are updated as well, which
// covers the functions without a target attribute of their own.
void setTLSDialect(bool On);
#endif

} // namespace tlsguard

#endif
