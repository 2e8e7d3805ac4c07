//===- AllowList.h - thread-locals that stay initial-exec ------*- C++ -*-===//
//
// -fplugin-arg-tlsguard-allow=NAME[,NAME...] names variables whose static
// TLS model is wanted (a hot path in a library that is never dlopen'ed late).
// An entry matches a variable when it equals one of the variable's names:
//
//   counter            its identifier, in any scope
//   ns::Cache::slot    its qualified C++ name (a leading "::" is ignored)
//   _ZN2ns5Cache4slotE its symbol, as `nm` shows it (mangled in C++)
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_COMMON_ALLOWLIST_H
#define TLSGUARD_COMMON_ALLOWLIST_H

#include <string>
#include <vector>

namespace tlsguard {

// The source-level opt-out for one variable, for code that wants its static
// TLS model and knows the library is never loaded late:
//   __thread int hot __attribute__((annotate("tlsguard:keep")));
constexpr char KeepAnnotation[] = "tlsguard:keep";

// The names one variable is known by; empty strings never match.
struct VariableNames {
  std::string Identifier;
  std::string QualifiedName;
  std::string Symbol;
  // False when the compiler numbers the symbol in an order a plugin cannot
  // repeat (Clang: statics inside lambdas, same-named statics in one
  // function); then it is not suggested.
  bool SymbolIsStable = true;
};

class AllowList {
public:
  // Adds the entries of one "a,b,c" value. Returns false and sets Error for
  // an empty entry ("a,,b") or one that cannot be a name.
  bool addEntries(const std::string &CommaSeparated, std::string &Error);

  bool empty() const { return Entries.empty(); }
  bool matches(const VariableNames &Names) const;

  // The entry to suggest for a variable: its qualified name when that can
  // be written as one (not "f(int)::(lambda)::operator()::n"), else its
  // symbol when that is stable, else its identifier.
  static std::string entryFor(const VariableNames &Names);

private:
  std::vector<std::string> Entries;
};

} // namespace tlsguard

#endif
