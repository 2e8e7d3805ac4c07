//===- Options.h - the plugin arguments, parsed ----------------*- C++ -*-===//
//
// What -fplugin-arg-tlsguard-... asked for, and the mode that follows from it
// and from what the code is compiled for. No compiler API here: the Clang
// plugin and a GCC plugin parse the same arguments the same way.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_COMMON_OPTIONS_H
#define TLSGUARD_COMMON_OPTIONS_H

#include "AllowList.h"

#include <string>
#include <vector>

namespace tlsguard {

enum class Argument {
#define TLSGUARD_ARGUMENT(Id, Name, ValueSyntax, Help) Id,
#include "Arguments.def"
};

struct ArgumentInfo {
  Argument Id;
  const char *Name;
  const char *ValueSyntax; // "" for a flag
  const char *Help;
};

// Every argument, in the order of Arguments.def.
const std::vector<ArgumentInfo> &argumentTable();

enum class Mode {
  Rewrite, // make every initial-exec / local-exec thread-local global-dynamic
  Warn,    // report them, change nothing
  Error,   // report them as errors: the compile fails
  Off,     // do nothing
};

const char *modeName(Mode M);

enum class OutputKind { Auto, SharedObject, Executable };

// A setting the compiler has its own default for.
enum class Switch { CompilerDefault, On, Off };

// The model for a malloc replacement when no model is safe both at start-up
// and with dlopen on the whole target range.
enum class AllocatorPolicy { Auto, KeepIE, TLSDesc, GlobalDynamic };

struct Options {
  Mode RequestedMode = Mode::Rewrite;
  bool ModeGiven = false;
  OutputKind Output = OutputKind::Auto;
  Switch TLSDesc = Switch::CompilerDefault;
  std::string TargetLibc; // as given; "" for this machine's C library
  AllocatorPolicy Allocator = AllocatorPolicy::Auto;
  bool ThreadPointerWarnings = true;
  bool Summary = false;
  bool Quiet = false;
  bool Help = false;
  AllowList Allow;
};

// Parses the arguments as the compiler hands them over: the text after
// -fplugin-arg-tlsguard-, e.g. "mode=warn". A later argument overrides an
// earlier one; allow= adds to the list. On a bad argument, returns false and
// sets Error to a message that names it and says what is valid.
bool parseArguments(const std::vector<std::string> &Args, Options &Out,
                    std::string &Error);

// "mode=rewrite|warn|error|off, output=auto|shared|executable, ..."
std::string validArgumentsList();

// The table for `help`, one argument per line.
std::string argumentHelp();

// What the compiler knows about the code it is generating.
struct CompileTarget {
  bool PositionIndependent; // -fpic / -fPIC (PIE implies it)
  bool PIE;                 // -fpie / -fPIE
  std::string PICFlag;      // how the user spelled it, for messages: "-fPIC"
};

// The mode for this compile, and why: the summary shows the reason, so a
// user who sees nothing rewritten can tell that tlsguard guessed
// "executable".
struct ModeDecision {
  Mode Chosen;
  std::string Reason; // "a shared object: -fPIC", "set by mode=warn", ...
};

ModeDecision decideMode(const Options &Opts, const CompileTarget &Target);

} // namespace tlsguard

#endif
