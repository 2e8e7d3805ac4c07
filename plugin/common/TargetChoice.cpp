//===- TargetChoice.cpp - the TLS model a rewrite uses, and why -----------===//

#include "TargetChoice.h"

namespace tlsguard {

bool resolveTarget(const Options &Opts, const std::string &Sysroot,
                   libc_target &Out, std::string &Error) {
  char Buf[1024];
  if (!Opts.TargetLibc.empty()) {
    if (!libc_target_parse(Opts.TargetLibc.c_str(), &Out, Buf, sizeof Buf)) {
      Error = Buf;
      return false;
    }
    Out.origin = "-fplugin-arg-tlsguard-target-libc";
    return true;
  }
  if (!libc_target_default(Sysroot.c_str(), &Out, Buf, sizeof Buf)) {
    Error = Buf;
    return false;
  }
  return true;
}

bool isMallocFamilyName(const std::string &Name) {
  static const char *const Family[] = {"malloc",        "free",
                                       "calloc",        "realloc",
                                       "memalign",      "posix_memalign",
                                       "aligned_alloc", "valloc",
                                       "pvalloc",       "malloc_usable_size"};
  for (const char *F : Family)
    if (Name == F)
      return true;
  return false;
}

static std::string explain(const rewrite_choice &C, const libc_target &T,
                           tls_arch_id Arch) {
  char Buf[768];
  rewrite_choice_explain(&C, &T, Arch, Buf, sizeof Buf);
  return Buf;
}

static std::string explainRecursion(const rewrite_choice &C,
                                    const libc_target &T) {
  char Buf[768];
  rewrite_choice_explain_recursion(&C, &T, Buf, sizeof Buf);
  return Buf;
}

static std::string modelName(bool TLSDESC) {
  return TLSDESC ? "TLS descriptors" : "global-dynamic";
}

ModelDecision chooseModel(const Options &Opts, const libc_target &Target,
                          const std::string &ArchName,
                          const CompilerAbility &Compiler,
                          const std::string &MallocSymbol) {
  ModelDecision D;
  tls_arch_id Arch = loader_caps_arch_from_name(ArchName.c_str());
  bool Malloc = !MallocSymbol.empty();
  rewrite_choice C;
  rewrite_choose(&Target, Arch, Compiler.CanTLSDESC || Compiler.AlwaysTLSDESC,
                 Malloc, &C);
  if (Compiler.AlwaysTLSDESC) {
    D.UseTLSDESC = true;
    D.Model = modelName(true);
    D.Reason = explain(C, Target, Arch);
    return D;
  }
  if (Opts.TLSDesc != Switch::CompilerDefault) {
    D.UseTLSDESC = Opts.TLSDesc == Switch::On;
    D.Model = modelName(D.UseTLSDESC);
    D.Reason = std::string("set by -fplugin-arg-tlsguard-tlsdesc=") +
               (D.UseTLSDESC ? "on" : "off");
    return D;
  }
  bool Safe = C.model == REWRITE_TLSDESC;
  D.SetDialect = Compiler.CanTLSDESC;
  if (!Malloc) {
    D.UseTLSDESC = Safe;
    D.Model = modelName(Safe);
    D.Reason = explain(C, Target, Arch);
    return D;
  }
  std::string Defines = "a malloc replacement (defines '" + MallocSymbol + "')";
  switch (Opts.Allocator) {
  case AllocatorPolicy::KeepIE:
    D.KeepStatic = true;
    D.SetDialect = false;
    D.Model = "initial-exec, kept";
    D.Reason = Defines + ", kept by -fplugin-arg-tlsguard-allocator=keep-ie: "
                         "right at start-up and with LD_PRELOAD; a late "
                         "dlopen of it needs static TLS";
    return D;
  case AllocatorPolicy::TLSDesc:
    D.UseTLSDESC = Compiler.CanTLSDESC;
    D.Model = modelName(D.UseTLSDESC);
    D.Reason =
        Defines + ", set by -fplugin-arg-tlsguard-allocator=tlsdesc" +
        (D.UseTLSDESC ? std::string()
                      : ", which " + Compiler.Name + " cannot emit here");
    return D;
  case AllocatorPolicy::GlobalDynamic:
    D.Model = modelName(false);
    D.Reason = Defines + ", set by -fplugin-arg-tlsguard-allocator="
                         "global-dynamic";
    return D;
  case AllocatorPolicy::Auto:
    break;
  }
  if (Safe) {
    // Loaded at start-up, a descriptor resolves to a static offset and never
    // calls __tls_get_addr (no recursion into malloc); loaded late, it is
    // dynamic TLS. Safe both ways.
    D.UseTLSDESC = true;
    D.Model = modelName(true);
    D.Reason = Defines + ", safe both at start-up and with dlopen: " +
               explain(C, Target, Arch);
    return D;
  }
  D.Model = modelName(false);
  D.Reason = Defines + ": " + explain(C, Target, Arch);
  if (!C.malloc_recursion)
    return D;
  D.Reason += "; " + explainRecursion(C, Target);
  D.Warning = "this translation unit is " + Defines +
              ": its thread-locals become global-dynamic, which a late "
              "dlopen can always satisfy, but " +
              explainRecursion(C, Target);
  D.WarningNote =
      "to choose differently: -fplugin-arg-tlsguard-allocator=keep-ie keeps "
      "initial-exec (right when it is only loaded at start-up or with "
      "LD_PRELOAD), allocator=tlsdesc uses TLS descriptors (static at "
      "start-up, no recursion; see the BZ 31372 note for late loads), "
      "allocator=global-dynamic accepts this choice silently, or raise "
      "-fplugin-arg-tlsguard-target-libc= past the releases at risk";
  return D;
}

} // namespace tlsguard
