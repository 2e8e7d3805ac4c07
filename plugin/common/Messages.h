//===- Messages.h - what the plugin says -----------------------*- C++ -*-===//
//
// Every diagnostic text, built here so the Clang and GCC plugins word things
// the same way and the tests pin one spelling. Each message ends with a
// stable category tag in brackets ("[tlsguard-static-tls]"): a build log can
// be searched for it, and before clang 20 a plugin diagnostic cannot carry a
// -W flag of its own.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_COMMON_MESSAGES_H
#define TLSGUARD_COMMON_MESSAGES_H

#include "Options.h"

#include <string>

namespace tlsguard {

enum class Category { StaticTLS, ThreadPointer, Summary, Allocator };

// "tlsguard-static-tls"
const char *categoryName(Category C);

// Where a variable's TLS model came from.
enum class ModelOrigin {
  Attribute,   // __attribute__((tls_model("initial-exec")))
  CommandLine, // -ftls-model=initial-exec
};

struct StaticTLSVariable {
  std::string Name;       // as the user would write it (qualified in C++)
  std::string AllowEntry; // what -fplugin-arg-tlsguard-allow= would take
  std::string Model;      // "initial-exec" or "local-exec"
  ModelOrigin Origin;
};

// thread-local variable 'x' uses the initial-exec TLS model: ...
std::string staticTLSMessage(const StaticTLSVariable &Var);
// What was done about it, and what the user can do instead.
std::string staticTLSNote(Mode M, const StaticTLSVariable &Var);

// What reads the thread pointer: "'__builtin_thread_pointer'",
// "inline assembly ('%fs:')".
std::string threadPointerMessage(const std::string &What);
std::string threadPointerNote();

struct SummaryCounts {
  unsigned Rewritten = 0;     // static-TLS variables made global-dynamic
  unsigned Kept = 0;          // left static on purpose (allow-list, opt-out)
  unsigned LeftStatic = 0;    // left static because of mode=warn or error
  unsigned ThreadPointer = 0; // direct thread-pointer reads
};

// One line per translation unit, named by its file: the summary has no
// source location of its own.
std::string summaryMessage(const std::string &File,
                           const ModeDecision &Decision,
                           const SummaryCounts &Counts);

// The dynamic TLS access a rewrite uses and why, one line after the summary:
// "tlsguard: x.c: dynamic TLS access: TLS descriptors (every C library ...)"
std::string modelSummaryMessage(const std::string &File,
                                const std::string &Model,
                                const std::string &Reason);

// A malloc replacement whose model is not safe both ways (TargetChoice).
std::string allocatorRiskMessage(const std::string &Text);

// Messages about the arguments themselves; the compile stops after an error.
std::string usageError(const std::string &Problem);
std::string tlsdescUnsupported(const std::string &Compiler,
                               const std::string &Needed);
std::string tlsdescNotForLTO();
std::string tlsdescAlwaysOn(const std::string &Arch);

} // namespace tlsguard

#endif
