//===- ThreadPointerPass.h - direct thread-pointer reads -------*- C++ -*-===//
//
// A GIMPLE pass right after the control-flow graph is built, which GCC runs
// at every optimisation level, before -flto writes the code out and before
// inlining copies it: calls to __builtin_thread_pointer and to the
// functions common/ThreadPointer knows (the <immintrin.h> FSGSBASE
// wrappers), and inline assembly that names the thread-pointer register.
// File-scope assembly is checked when the IPA passes start; GCC keeps no
// location for it.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_THREADPOINTERPASS_H
#define TLSGUARD_GCC_THREADPOINTERPASS_H

namespace tlsguard {

void registerThreadPointerChecks(const char *PluginName);

} // namespace tlsguard

#endif
