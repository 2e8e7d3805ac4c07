//===- Messages.cpp - what the plugin says --------------------------------===//

#include "Messages.h"

namespace tlsguard {

const char *categoryName(Category C) {
  static const struct {
    Category Id;
    const char *Name;
  } Names[] = {{Category::StaticTLS, "tlsguard-static-tls"},
               {Category::ThreadPointer, "tlsguard-thread-pointer"},
               {Category::Summary, "tlsguard-summary"},
               {Category::Allocator, "tlsguard-allocator"}};
  for (const auto &Entry : Names)
    if (Entry.Id == C)
      return Entry.Name;
  return "tlsguard";
}

static std::string tagged(const std::string &Text, Category C) {
  return Text + " [" + categoryName(C) + "]";
}

static std::string counted(unsigned N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

static std::string allowFlag(const StaticTLSVariable &Var) {
  return "-fplugin-arg-tlsguard-allow=" + Var.AllowEntry;
}

std::string staticTLSMessage(const StaticTLSVariable &Var) {
  std::string Text = "thread-local variable '" + Var.Name + "' ";
  if (Var.Origin == ModelOrigin::CommandLine)
    Text +=
        "gets the " + Var.Model + " TLS model from -ftls-model=" + Var.Model;
  else
    Text += "uses the " + Var.Model + " TLS model";
  Text += ": a shared library that contains it needs static TLS and can fail "
          "to load with dlopen";
  return tagged(Text, Category::StaticTLS);
}

std::string staticTLSNote(Mode M, const StaticTLSVariable &Var) {
  switch (M) {
  case Mode::Rewrite:
    return "rewritten to global-dynamic, which dlopen can always satisfy; to "
           "keep " +
           Var.Model + ", add " + allowFlag(Var);
  case Mode::Warn:
    return "left as " + Var.Model +
           " (mode=warn); -fplugin-arg-tlsguard-mode=rewrite makes it "
           "global-dynamic";
  case Mode::Error:
  case Mode::Off:
    break;
  }
  std::string Cause = Var.Origin == ModelOrigin::CommandLine
                          ? "drop -ftls-model=" + Var.Model
                          : std::string("remove the tls_model attribute");
  return Cause + ", compile with -fplugin-arg-tlsguard-mode=rewrite, or keep " +
         "it with " + allowFlag(Var);
}

std::string threadPointerMessage(const std::string &What) {
  return tagged(What + " reads the thread pointer directly: code that uses it "
                       "as a thread id or reads fixed offsets from it assumes "
                       "one libc's TLS layout",
                Category::ThreadPointer);
}

std::string threadPointerNote() {
  return "tlsguard cannot rewrite this; use a thread_local variable instead, "
         "or silence this with -fplugin-arg-tlsguard-thread-pointer=off";
}

std::string summaryMessage(const std::string &File,
                           const ModeDecision &Decision,
                           const SummaryCounts &Counts) {
  std::string Text = "tlsguard: " + File +
                     ": mode=" + modeName(Decision.Chosen) + " (" +
                     Decision.Reason + "): ";
  const char *One = "thread-local variable";
  const char *Many = "thread-local variables";
  switch (Decision.Chosen) {
  case Mode::Off:
    return tagged(Text + "nothing checked or changed", Category::Summary);
  case Mode::Rewrite:
    Text +=
        counted(Counts.Rewritten, One, Many) + " rewritten to global-dynamic";
    break;
  case Mode::Warn:
  case Mode::Error:
    Text += counted(Counts.LeftStatic, One, Many) +
            " with a static TLS model left as they are";
    break;
  }
  Text += ", " + std::to_string(Counts.Kept) + " kept on purpose, " +
          counted(Counts.ThreadPointer, "thread-pointer access",
                  "thread-pointer accesses");
  return tagged(Text, Category::Summary);
}

std::string modelSummaryMessage(const std::string &File,
                                const std::string &Model,
                                const std::string &Reason) {
  return tagged("tlsguard: " + File + ": dynamic TLS access: " + Model + " (" +
                    Reason + ")",
                Category::Summary);
}

std::string allocatorRiskMessage(const std::string &Text) {
  return tagged(Text, Category::Allocator);
}

std::string usageError(const std::string &Problem) {
  return "tlsguard: " + Problem;
}

std::string tlsdescUnsupported(const std::string &Compiler,
                               const std::string &Needed) {
  return usageError("tlsdesc= needs " + Needed + " or newer; this is " +
                    Compiler +
                    ", which has no way to ask for TLS descriptors here "
                    "(general-dynamic code still loads with dlopen)");
}

std::string tlsdescNotForLTO() {
  return usageError("tlsdesc= does not reach link-time code generation "
                    "with -flto; pass -mtls-dialect=gnu2 (or "
                    "-Wl,-plugin-opt=-enable-tlsdesc) on the link command "
                    "as well");
}

std::string tlsdescAlwaysOn(const std::string &Arch) {
  return usageError("tlsdesc=off has no effect on " + Arch +
                    ", where general-dynamic access always uses TLS "
                    "descriptors");
}

} // namespace tlsguard
