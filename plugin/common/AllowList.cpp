//===- AllowList.cpp - thread-locals that stay initial-exec ---------------===//

#include "AllowList.h"

#include <algorithm>

namespace tlsguard {

// Identifiers, "::"-qualified names with template arguments ("Box<int>"),
// and symbols (which may contain '.' and '$', as in a C function-local
// static "f.counter"). Anything else, such as a space or a quote, is a typo
// in a build script and deserves an error.
static bool isNameChar(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
         (C >= '0' && C <= '9') || C == '_' || C == ':' || C == '.' ||
         C == '$' || C == '<' || C == '>';
}

static bool isValidEntry(const std::string &Name) {
  return !Name.empty() && std::all_of(Name.begin(), Name.end(), isNameChar);
}

static std::string withoutLeadingScope(const std::string &Name) {
  return Name.compare(0, 2, "::") == 0 ? Name.substr(2) : Name;
}

bool AllowList::addEntries(const std::string &CommaSeparated,
                           std::string &Error) {
  std::size_t Start = 0;
  while (true) {
    std::size_t Comma = CommaSeparated.find(',', Start);
    std::string Entry = CommaSeparated.substr(
        Start, Comma == std::string::npos ? std::string::npos : Comma - Start);
    if (Entry.empty()) {
      Error = "empty name in allow=" + CommaSeparated;
      return false;
    }
    if (!isValidEntry(Entry)) {
      Error = "'" + Entry + "' in allow=" + CommaSeparated +
              " is not a variable name, qualified name or symbol";
      return false;
    }
    Entries.push_back(withoutLeadingScope(Entry));
    if (Comma == std::string::npos)
      return true;
    Start = Comma + 1;
  }
}

std::string AllowList::entryFor(const VariableNames &Names) {
  if (isValidEntry(Names.QualifiedName))
    return withoutLeadingScope(Names.QualifiedName);
  if (Names.SymbolIsStable && isValidEntry(Names.Symbol))
    return Names.Symbol;
  return Names.Identifier;
}

bool AllowList::matches(const VariableNames &Names) const {
  for (const std::string &Entry : Entries) {
    if (Entry == Names.Identifier || Entry == Names.QualifiedName ||
        Entry == Names.Symbol)
      return true;
  }
  return false;
}

} // namespace tlsguard
