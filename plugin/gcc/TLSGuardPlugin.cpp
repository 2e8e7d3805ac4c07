//===- TLSGuardPlugin.cpp - the -fplugin=tlsguard.so entry point for GCC --===//
//
// GCC calls plugin_init (through the selector, tlsguard.so) after it has
// read the command line and before it sets up the target: parse
// -fplugin-arg-tlsguard-..., decide the mode for this compile, ask for TLS
// descriptors if told to, and register the callbacks that do the work.
//
//===----------------------------------------------------------------------===//

#include "Compile.h"
#include "GCCHeaders.h"
#include "Reporter.h"
#include "TargetArch.h"
#include "ThreadLocals.h"
#include "ThreadPointerPass.h"
#include "common/Messages.h"
#include "common/Options.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

// GCC loads no plugin without it.
int plugin_is_GPL_compatible;

namespace tlsguard {

namespace {

const std::string GCCName = "gcc " + std::to_string(GCC_VERSION / 1000);

std::string picFlag() {
  if (flag_pic == 0)
    return "no -fpic or -fPIC";
  if (flag_pie)
    return flag_pie == 1 ? "-fpie" : "-fPIE";
  return flag_pic == 1 ? "-fpic" : "-fPIC";
}

// GCC hands the arguments over split at '='; the common parser takes them
// as written.
std::vector<std::string> argumentsOf(const plugin_name_args *Info) {
  std::vector<std::string> Args;
  for (int I = 0; I < Info->argc; ++I) {
    std::string Arg = Info->argv[I].key;
    if (Info->argv[I].value)
      Arg += std::string("=") + Info->argv[I].value;
    Args.push_back(Arg);
  }
  return Args;
}

// x86: -mtls-dialect=gnu2. Set before the target reads its options, so
// GCC records it in each function's target options and link-time code
// generation (-flto) gets it too. AArch64 general-dynamic is always TLS
// descriptors.
void configureTLSDescriptors(Switch TLSDesc) {
  bool On = TLSDesc == Switch::On;
#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
  setTLSDialect(On);
  return;
#else
  if (targetIsAArch64()) {
    if (!On)
      reportUsageWarning(tlsdescAlwaysOn("aarch64"));
    return;
  }
  reportUsageError(usageError("tlsdesc= is not supported by the " + GCCName +
                              " plugin for " + TargetTriple +
                              "; general-dynamic code still loads with "
                              "dlopen"));
#endif
}

// An extension a user of the Clang plugin already writes: GCC has no
// annotate attribute of its own, and would warn that it ignores
// annotate("tlsguard:keep"). Registered only if GCC does not know it.
tree handleAnnotate(tree *, tree, tree Args, int, bool *NoAddAttrs) {
  if (!Args || TREE_CODE(TREE_VALUE(Args)) != STRING_CST) {
    error("%s", usageError("annotate takes one string literal").c_str());
    *NoAddAttrs = true;
  }
  return NULL_TREE;
}

const attribute_spec AnnotateAttribute = {
    "annotate", 1, 1, true, false, false, false, handleAnnotate, nullptr};

void registerAttributes(void *, void *) {
  if (!lookup_attribute_spec(get_identifier("annotate")))
    register_attribute(&AnnotateAttribute);
}

void emitSummary(void *, void *) {
  // Link-time optimisation: the whole-program stage only partitions the
  // program; the code generators after it (-fltrans) rewrite and report.
  if (flag_wpa)
    return;
  Compile &C = currentCompile();
  std::string File = main_input_filename ? main_input_filename : "";
  reportSummary(summaryMessage(File, C.Decision, C.Counts));
  if (C.ModelDecided && C.mode() == Mode::Rewrite)
    reportSummary(modelSummaryMessage(File, C.Model.Model, C.Model.Reason));
}

// The target range and what this GCC can emit, then the model for an
// ordinary translation unit: GCC takes the TLS dialect only now, before it
// reads the code. A unit that turns out to define malloc is decided again
// (ThreadLocals.cpp).
void decideDynamicModel(Compile &C) {
  C.TargetKnown = resolveTarget(C.Opts, "", C.Target, C.TargetProblem);
  std::string Triple = TargetTriple;
  C.Ability.Name = GCCName;
  C.Ability.AlwaysTLSDESC = targetIsAArch64();
#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
  C.Ability.CanTLSDESC = true;
#endif
  if (!C.TargetKnown) {
    C.Model.Model = "global-dynamic";
    C.Model.Reason = "no target C library: " + C.TargetProblem;
  } else {
    C.Model = chooseModel(C.Opts, C.Target, Triple.substr(0, Triple.find('-')),
                          C.Ability, "");
  }
  C.ModelDecided = true;
#if defined(TLSGUARD_GCC_HAS_IX86_TLS_DIALECT)
  if (C.Model.SetDialect)
    setTLSDialect(C.Model.UseTLSDESC);
#endif
}

const plugin_info Info = {
    TLSGUARD_VERSION,
    "make thread-local variables dlopen-safe (tlsguard-plugin(7)); "
    "-fplugin-arg-tlsguard-help lists the arguments"};

} // namespace

} // namespace tlsguard

using namespace tlsguard;

int plugin_init(plugin_name_args *PluginInfo, plugin_gcc_version *Version) {
  // A plugin compiled against other GCC headers misreads GCC's structures:
  // refuse instead of crashing. The selector has matched the major already.
  if (std::strcmp(Version->basever, gcc_version.basever) != 0) {
    std::fprintf(stderr,
                 "tlsguard: error: the tlsguard GCC plugin (through %s) was "
                 "built for gcc %s; this is gcc %s\n"
                 "tlsguard: note: rebuild tlsguard with the g++ and "
                 "gcc-%d-plugin-dev of this gcc\n",
                 PluginInfo->full_name, gcc_version.basever, Version->basever,
                 GCC_VERSION / 1000);
    return 1;
  }
  const char *Name = PluginInfo->base_name;
  register_callback(Name, PLUGIN_INFO, nullptr,
                    const_cast<plugin_info *>(&tlsguard::Info));

  Compile &C = currentCompile();
  std::string Problem;
  if (!parseArguments(argumentsOf(PluginInfo), C.Opts, Problem)) {
    reportUsageError(usageError(Problem));
    return 0;
  }
  if (C.Opts.Help)
    std::fputs(argumentHelp().c_str(), stderr);
  C.Decision = decideMode(C.Opts, {flag_pic > 0, flag_pie > 0, picFlag()});
  C.Arch = targetAsmArch();
  C.CommandLineModel = flag_tls_default;
  if (C.Opts.TLSDesc != Switch::CompilerDefault)
    configureTLSDescriptors(C.Opts.TLSDesc);
  if (C.mode() == Mode::Rewrite)
    decideDynamicModel(C);

  register_callback(Name, PLUGIN_ATTRIBUTES, registerAttributes, nullptr);
  if (C.Opts.Summary)
    register_callback(Name, PLUGIN_FINISH, tlsguard::emitSummary, nullptr);
  if (C.mode() == Mode::Off)
    return 0;
  registerThreadLocalCallbacks(Name);
  if (C.Opts.ThreadPointerWarnings)
    registerThreadPointerChecks(Name);
  return 0;
}
