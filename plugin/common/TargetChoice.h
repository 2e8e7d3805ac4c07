//===- TargetChoice.h - the TLS model a rewrite uses, and why ---*- C++ -*-===//
//
// The rewrite makes static TLS dynamic; which dynamic model (the traditional
// general-dynamic, or TLS descriptors) depends on the C library range the
// output must run on (-fplugin-arg-tlsguard-target-libc=, default: the build
// machine's) and on how the code is used: a translation unit that defines
// the malloc family is a malloc replacement, loaded at start-up or
// preloaded. The facts come from lint's loader_caps table; here they become
// a decision and the words that explain it.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_COMMON_TARGETCHOICE_H
#define TLSGUARD_COMMON_TARGETCHOICE_H

#include "Options.h"

#include "tlsguard/loader_caps.h"

#include <string>

namespace tlsguard {

// The target range: target-libc= when given, else the C library under
// Sysroot ("" for this machine). False with Error set when neither works.
bool resolveTarget(const Options &Opts, const std::string &Sysroot,
                   libc_target &Out, std::string &Error);

// What the compiler can do here.
struct CompilerAbility {
  std::string Name;   // "clang 19", "gcc 12", for messages
  bool CanTLSDESC;    // the plugin can switch it on for this target
  bool AlwaysTLSDESC; // aarch64: general-dynamic is TLS descriptors
};

struct ModelDecision {
  bool UseTLSDESC = false; // switch the TLS dialect to descriptors
  bool SetDialect = false; // the plugin sets the dialect (either way)
  bool KeepStatic = false; // allocator=keep-ie: nothing is rewritten
  std::string Model;       // "global-dynamic", "TLS descriptors", ...
  std::string Reason;      // for the summary
  std::string Warning;     // a malloc replacement at risk; "" if none
  std::string WarningNote; // how to choose differently
};

// MallocSymbol: the malloc-family function this translation unit defines
// with default visibility ("" when none).
ModelDecision chooseModel(const Options &Opts, const libc_target &Target,
                          const std::string &ArchName,
                          const CompilerAbility &Compiler,
                          const std::string &MallocSymbol);

// Whether a function name is one of the malloc family glibc's manual lists
// for replacement (C names; C++ operator new/delete are checked by the
// compiler-specific side).
bool isMallocFamilyName(const std::string &Name);

} // namespace tlsguard

#endif
