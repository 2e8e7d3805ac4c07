//===- GCCHeaders.h - GCC's plugin API, in the order it needs --*- C++ -*-===//
//
// gcc-plugin.h must come first and the rest depend on each other's
// declarations, so every file of the GCC plugin includes GCC through here.
//
//===----------------------------------------------------------------------===//

#ifndef TLSGUARD_GCC_GCCHEADERS_H
#define TLSGUARD_GCC_GCCHEADERS_H

// clang-format off
#include "gcc-plugin.h"
#include "plugin-version.h"
#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "cgraph.h"
#include "varasm.h"
#include "stringpool.h"
#include "attribs.h"
#include "langhooks.h"
#include "diagnostic-core.h"
#include "builtins.h"
// clang-format on

#endif
