//===- ThreadLocals.cpp - static TLS models found and rewritten -----------===//

#include "ThreadLocals.h"
#include "Compile.h"
#include "Reporter.h"
#include "TargetArch.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <vector>

namespace tlsguard {

namespace {

// Where each variable's tls_model attribute was last written: GCC merges
// the attributes of redeclarations into one list and keeps no location for
// them, so the declaration that brought a new attribute node is the place
// to point at, as the Clang plugin points at the attribute of the most
// recent declaration.
struct AttributeSite {
  tree Attribute;
  location_t Loc;
};
std::map<tree, AttributeSite> AttributeSites;

// Reported and counted once, though visited at the start and the end of
// the IPA passes.
std::set<tree> Handled;
// The instantiations of one template share the declaration: one report.
std::set<location_t> ReportedAt;

bool isThreadLocalVariable(tree Decl) {
  return Decl && TREE_CODE(Decl) == VAR_DECL && DECL_THREAD_LOCAL_P(Decl);
}

bool isStaticModel(tls_model Model) {
  return Model == TLS_MODEL_INITIAL_EXEC || Model == TLS_MODEL_LOCAL_EXEC;
}

const char *modelName(tls_model Model) {
  return Model == TLS_MODEL_LOCAL_EXEC ? "local-exec" : "initial-exec";
}

tree tlsModelAttribute(tree Decl) {
  return lookup_attribute("tls_model", DECL_ATTRIBUTES(Decl));
}

void recordDeclaration(void *GCCData, void *) {
  tree Decl = static_cast<tree>(GCCData);
  if (!isThreadLocalVariable(Decl))
    return;
  tree Attribute = tlsModelAttribute(Decl);
  if (!Attribute)
    return;
  auto Site = AttributeSites.find(Decl);
  if (Site == AttributeSites.end())
    AttributeSites[Decl] = {Attribute, DECL_SOURCE_LOCATION(Decl)};
  else if (Site->second.Attribute != Attribute)
    Site->second = {Attribute, DECL_SOURCE_LOCATION(Decl)};
}

std::string identifierOf(tree Decl) {
  return DECL_NAME(Decl) ? IDENTIFIER_POINTER(DECL_NAME(Decl)) : "";
}

// GCC marks an asm label ("int x asm("y")") with a leading '*'; nm does not
// show it.
std::string symbolOf(tree Decl) {
  const char *Name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(Decl));
  return Name[0] == '*' ? Name + 1 : Name;
}

bool isFunctionLocal(tree Decl) {
  return DECL_CONTEXT(Decl) && TREE_CODE(DECL_CONTEXT(Decl)) == FUNCTION_DECL;
}

// The names of the allow-list (common/AllowList.h). The qualified name of a
// function-local static is "function::variable", as in the Clang plugin.
// GCC numbers the symbols of C function-local statics ("last.0") in an
// order the user cannot predict; they go by the symbol clang gives them,
// "function.variable", so one allow= works with either compiler.
VariableNames namesOf(tree Decl) {
  VariableNames Names;
  Names.Identifier = identifierOf(Decl);
  Names.Symbol = symbolOf(Decl);
  if (isFunctionLocal(Decl)) {
    std::string Function =
        lang_hooks.decl_printable_name(DECL_CONTEXT(Decl), 1);
    Names.QualifiedName = Function + "::" + Names.Identifier;
    if (!lang_GNU_CXX())
      Names.Symbol = Function + "." + Names.Identifier;
    // Lambdas in a function and same-named statics in one are numbered in
    // the order GCC mangles them.
    Names.SymbolIsStable = !lang_GNU_CXX();
  } else {
    Names.QualifiedName = lang_hooks.decl_printable_name(Decl, 1);
  }
  return Names;
}

std::string displayName(const VariableNames &Names) {
  if (lang_GNU_CXX() && !Names.QualifiedName.empty())
    return Names.QualifiedName;
  return Names.Identifier;
}

// __attribute__((annotate("tlsguard:keep"))) on any declaration: GCC merges
// the attributes of all of them.
bool hasKeepAnnotation(tree Decl) {
  for (tree A = lookup_attribute("annotate", DECL_ATTRIBUTES(Decl)); A;
       A = lookup_attribute("annotate", TREE_CHAIN(A))) {
    tree Args = TREE_VALUE(A);
    if (Args && TREE_CODE(TREE_VALUE(Args)) == STRING_CST &&
        std::string(TREE_STRING_POINTER(TREE_VALUE(Args))) == KeepAnnotation)
      return true;
  }
  return false;
}

struct Candidate {
  tree Decl;
  tls_model Model;
};

// Where a declaration is in the file: a tls_model attribute in a macro
// (jemalloc's JEMALLOC_TLS_MODEL) sorts where the macro is used.
location_t sourceOrder(tree Decl) {
  return linemap_resolve_location(line_table, DECL_SOURCE_LOCATION(Decl),
                                  LRK_MACRO_EXPANSION_POINT, nullptr);
}

// The static-TLS variables of the unit, in source order (GCC numbers
// locations as it reads the files), so reports come out as GCC's own do.
std::vector<Candidate> staticTLSVariables() {
  std::vector<Candidate> Found;
  varpool_node *Node;
  FOR_EACH_VARIABLE(Node) {
    tree Decl = Node->decl;
    if (isThreadLocalVariable(Decl) && isStaticModel(DECL_TLS_MODEL(Decl)))
      Found.push_back({Decl, DECL_TLS_MODEL(Decl)});
  }
  std::sort(Found.begin(), Found.end(),
            [](const Candidate &A, const Candidate &B) {
              location_t LocA = sourceOrder(A.Decl), LocB = sourceOrder(B.Decl);
              if (LocA != LocB)
                return LocA < LocB;
              return DECL_UID(A.Decl) < DECL_UID(B.Decl);
            });
  return Found;
}

// A C++ guard variable ("_ZGV" and the variable's symbol without "_Z")
// follows the variable it guards: GCC gives it the same model.
std::string guardedSymbol(tree Decl) {
  std::string Symbol = symbolOf(Decl);
  if (!DECL_ARTIFICIAL(Decl) || Symbol.compare(0, 4, "_ZGV") != 0)
    return "";
  return "_Z" + Symbol.substr(4);
}

// Why the variable has its model, or false when GCC chose it by itself:
// that happens only for code that is not for a shared object (it picks
// initial-exec and local-exec there), and is not the user's to change.
bool originOf(tree Decl, ModelOrigin &Origin, location_t &Loc) {
  if (tlsModelAttribute(Decl)) {
    Origin = ModelOrigin::Attribute;
    auto Site = AttributeSites.find(Decl);
    Loc = Site != AttributeSites.end() ? Site->second.Loc
                                       : DECL_SOURCE_LOCATION(Decl);
    return true;
  }
  if (!isStaticModel(currentCompile().CommandLineModel))
    return false;
  Origin = ModelOrigin::CommandLine;
  Loc = DECL_SOURCE_LOCATION(Decl);
  return true;
}

void report(tree Decl, tls_model Model, const VariableNames &Names) {
  Compile &C = currentCompile();
  ModelOrigin Origin;
  location_t Loc;
  // GCC's own variables (guards, __tls_guard) have no declaration to point
  // at; they are counted in the summary.
  if (DECL_ARTIFICIAL(Decl) || !originOf(Decl, Origin, Loc))
    return;
  if ((C.mode() == Mode::Rewrite && C.Opts.Quiet) ||
      !ReportedAt.insert(Loc).second)
    return;
  reportStaticTLS(Loc, C.mode(),
                  {displayName(Names), AllowList::entryFor(Names),
                   modelName(Model), Origin});
}

// Global-dynamic, or local-dynamic where GCC would pick it for a shared
// object (optimising, and the variable binds locally): both are
// dlopen-safe, and local-dynamic shares one __tls_get_addr call.
tls_model dynamicModelFor(tree Decl) {
  tls_model Model = decl_default_tls_model(Decl);
  return isStaticModel(Model) ? TLS_MODEL_GLOBAL_DYNAMIC : Model;
}

// Both ends of the IPA passes: the first rewrite is what -flto writes out;
// the visibility pass in between may have given a variable a static model
// again (it re-derives models of variables that bind locally).
// A function of the malloc family (C names, or C++'s replaceable operator
// new and delete by their mangled names) defined here with default
// visibility.
tree mallocDefinition() {
  cgraph_node *Node;
  FOR_EACH_DEFINED_FUNCTION(Node) {
    tree Decl = Node->decl;
    if (!TREE_PUBLIC(Decl) || DECL_VISIBILITY(Decl) != VISIBILITY_DEFAULT ||
        !DECL_NAME(Decl))
      continue;
    const char *Symbol = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(Decl));
    if (isMallocFamilyName(Symbol) || !std::strncmp(Symbol, "_Znw", 4) ||
        !std::strncmp(Symbol, "_Zna", 4) || !std::strncmp(Symbol, "_Zdl", 4) ||
        !std::strncmp(Symbol, "_Zda", 4))
      return Decl;
  }
  return NULL_TREE;
}

// Once per compile, before the first rewrite: a malloc replacement gets the
// model decided for it (TargetChoice), and a warning when that is a risk.
void decideForAllocator(Compile &C) {
  if (C.MallocChecked || !C.TargetKnown || C.mode() != Mode::Rewrite)
    return;
  C.MallocChecked = true;
  tree Malloc = mallocDefinition();
  if (!Malloc)
    return;
  std::string Name = IDENTIFIER_POINTER(DECL_NAME(Malloc));
  std::string Triple = TargetTriple;
  bool WasTLSDESC = C.Model.UseTLSDESC;
  C.Model = chooseModel(C.Opts, C.Target, Triple.substr(0, Triple.find('-')),
                        C.Ability, Name);
#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
  if (C.Model.SetDialect && C.Model.UseTLSDESC != WasTLSDESC)
    setTLSDialect(C.Model.UseTLSDESC);
#else
  (void)WasTLSDESC;
#endif
  if (!C.Model.Warning.empty())
    reportAllocatorRisk(DECL_SOURCE_LOCATION(Malloc), C.Model.Warning,
                        C.Model.WarningNote);
}

void rewriteStaticTLS(void *, void *) {
  Compile &C = currentCompile();
  decideForAllocator(C);
  std::vector<Candidate> Found = staticTLSVariables();
  std::set<std::string> KeptSymbols;
  std::set<tree> Kept;
  for (const Candidate &Var : Found) {
    VariableNames Names = namesOf(Var.Decl);
    if (hasKeepAnnotation(Var.Decl) || C.Opts.Allow.matches(Names)) {
      Kept.insert(Var.Decl);
      KeptSymbols.insert(Names.Symbol);
    }
  }
  for (const Candidate &Var : Found) {
    std::string Guarded = guardedSymbol(Var.Decl);
    if (!Guarded.empty() && KeptSymbols.count(Guarded))
      Kept.insert(Var.Decl);
  }
  for (const Candidate &Var : Found) {
    bool First = Handled.insert(Var.Decl).second;
    if (Kept.count(Var.Decl) || C.Model.KeepStatic) {
      C.Counts.Kept += First;
      continue;
    }
    if (First)
      report(Var.Decl, Var.Model, namesOf(Var.Decl));
    if (C.mode() == Mode::Rewrite) {
      set_decl_tls_model(Var.Decl, dynamicModelFor(Var.Decl));
      C.Counts.Rewritten += First;
    } else {
      C.Counts.LeftStatic += First;
    }
  }
}

// From here on GCC's own choices (the visibility pass, variables it makes
// during optimisation) start from global-dynamic, not from -ftls-model=.
// The front end is done: the models it gave from the flag have been seen.
void makeDefaultModelDynamic(void *, void *) {
  if (flag_tls_default > TLS_MODEL_GLOBAL_DYNAMIC)
    flag_tls_default = TLS_MODEL_GLOBAL_DYNAMIC;
}

} // namespace

void registerThreadLocalCallbacks(const char *PluginName) {
  Mode M = currentCompile().mode();
  if (M == Mode::Off)
    return;
  register_callback(PluginName, PLUGIN_FINISH_DECL, recordDeclaration, nullptr);
  if (M == Mode::Rewrite)
    register_callback(PluginName, PLUGIN_FINISH_UNIT, makeDefaultModelDynamic,
                      nullptr);
  register_callback(PluginName, PLUGIN_ALL_IPA_PASSES_START, rewriteStaticTLS,
                    nullptr);
  register_callback(PluginName, PLUGIN_ALL_IPA_PASSES_END, rewriteStaticTLS,
                    nullptr);
}

} // namespace tlsguard
