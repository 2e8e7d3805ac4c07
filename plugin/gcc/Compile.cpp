//===- Compile.cpp - one GCC compile, as tlsguard sees it -----------------===//

#include "Compile.h"
#include "Reporter.h"

namespace tlsguard {

Compile &currentCompile() {
  static Compile TheCompile;
  return TheCompile;
}

void Compile::threadPointerRead(location_t Loc, const std::string &What) {
  // A statement's location also names its lexical block, which differs
  // between the instantiations of a template; the place in the source
  // does not.
  Loc = LOCATION_LOCUS(Loc);
  // Not the user's code to change.
  if (Loc != UNKNOWN_LOCATION && in_system_header_at(Loc))
    return;
  if (!ThreadPointerReadsAt.insert(Loc).second)
    return;
  ++Counts.ThreadPointer;
  reportThreadPointer(Loc, What);
}

} // namespace tlsguard
