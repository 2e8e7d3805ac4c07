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

#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
void setTLSDialect(bool On) {
  auto Dialect = On ? TLS_DIALECT_GNU2 : TLS_DIALECT_GNU;
  global_options.x_ix86_tls_dialect = Dialect;
  global_options_set.x_ix86_tls_dialect = TLS_DIALECT_GNU2;
  if (target_option_default_node)
    TREE_TARGET_OPTION(target_option_default_node)->x_ix86_tls_dialect =
        Dialect;
}
#endif

} // namespace tlsguard
