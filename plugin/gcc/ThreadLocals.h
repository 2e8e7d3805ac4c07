//===- ThreadLocals.h - static TLS models found and rewritten --*- C++ -*-===//
//
// GCC gives a thread-local its TLS model in the front end, from a
// tls_model attribute or -ftls-model=. The front end shows each declaration
// as it finishes it (PLUGIN_FINISH_DECL): that is where the attribute was
// written, and remembered for the report. The variables the object needs
// are the symbol table's (varpool) once parsing is over; those with a static
// model are reported and rewritten when the IPA passes start, which is
// before -flto writes them out, and again when they end, because the
// visibility pass re-derives models in between. The unit's default model
// becomes global-dynamic so that GCC's own re-derivation agrees.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_THREADLOCALS_H
#define TLSGUARD_GCC_THREADLOCALS_H

namespace tlsguard {

// Registers the callbacks for the current compile's mode.
void registerThreadLocalCallbacks(const char *PluginName);

} // namespace tlsguard

#endif
