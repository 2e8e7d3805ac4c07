//===- TLSGuardAction.cpp - the -fplugin=tlsguard.so entry point ----------===//
//
// Parses -fplugin-arg-tlsguard-..., decides the mode for this compile, sets
// up TLS descriptors if asked, puts the IR pass into the pipeline and adds
// the AST consumer before clang's code generator.
//
//===----------------------------------------------------------------------===//

#include "PassRegistration.h"
#include "Reporter.h"
#include "ThreadLocalConsumer.h"
#include "VersionShims.h"
#include "common/Messages.h"
#include "common/Options.h"

#include "clang/Basic/TargetInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace tlsguard {

namespace {

std::string directoryOf(const std::string &Path) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Path, Real))
    Real = Path;
  return llvm::sys::path::parent_path(Real).str();
}

// clang 22 loads -fpass-plugin= libraries before it runs the frontend, so
// the selector registers this action even under -fpass-plugin= alone. There,
// stay out: -fpass-plugin= means the IR pass only, on every major. A library
// next to this one in -fplugin= (the selector, or this build by name) means
// the user asked for the frontend.
bool loadedByFPlugin(const clang::CompilerInstance &CI) {
  std::string Own = directoryOf(pluginLibraryPath());
  for (const std::string &Plugin : CI.getFrontendOpts().Plugins)
    if (directoryOf(Plugin) == Own)
      return true;
  return false;
}

std::string picFlag(const clang::LangOptions &Lang) {
  if (Lang.PICLevel == 0)
    return "no -fpic or -fPIC";
  if (Lang.PIE)
    return Lang.PICLevel == 1 ? "-fpie" : "-fPIE";
  return Lang.PICLevel == 1 ? "-fpic" : "-fPIC";
}

ModeDecision decideFor(const clang::CompilerInstance &CI, const Options &Opts) {
  const llvm::Triple &Target = CI.getTarget().getTriple();
  // Mach-O and COFF have no initial-exec model to escape from.
  if (!Target.isOSBinFormatELF())
    return {Mode::Off, "not an ELF target: " + Target.str()};
  const clang::LangOptions &Lang = CI.getLangOpts();
  return decideMode(Opts, {Lang.PICLevel > 0, Lang.PIE != 0, picFlag(Lang)});
}

class TLSGuardAction : public clang::PluginASTAction {
protected:
  bool ParseArgs(const clang::CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    if (!loadedByFPlugin(CI))
      return false;
    std::string Problem;
    if (!parseArguments(Args, Opts, Problem)) {
      // An error diagnostic makes the compile fail; returning false alone
      // would only leave the plugin out.
      Reporter(CI.getDiagnostics()).usageError(usageError(Problem));
      return false;
    }
    if (Opts.Help)
      llvm::errs() << argumentHelp();
    return true;
  }

  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &CI, llvm::StringRef) override {
    ModeDecision Decision = decideFor(CI, Opts);
    if (Opts.TLSDesc != Switch::CompilerDefault)
      configureTLSDescriptors(CI);
    if (Decision.Chosen != Mode::Off)
      shim::scheduleIRPass(CI.getCodeGenOpts(), registerRewritePass,
                           pluginLibraryPath());
    return std::make_unique<ThreadLocalConsumer>(CI, Opts, Decision,
                                                 modelInputs(CI));
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  ModelInputs modelInputs(const clang::CompilerInstance &CI) const {
    ModelInputs In;
    In.TargetKnown = resolveTarget(Opts, CI.getHeaderSearchOpts().Sysroot,
                                   In.Target, In.TargetProblem);
    const llvm::Triple &Triple = CI.getTarget().getTriple();
    In.ArchName = llvm::Triple::getArchTypeName(Triple.getArch()).str();
    In.Compiler.Name = "clang " + std::to_string(LLVM_VERSION_MAJOR);
    In.Compiler.AlwaysTLSDESC = Triple.isAArch64();
    // Link-time code generation does not see EnableTLSDESC: stay with the
    // traditional dialect under -flto.
    In.Compiler.CanTLSDESC =
        LLVM_VERSION_MAJOR >= shim::FirstMajorWithTLSDESC &&
        (Triple.getArch() == llvm::Triple::x86_64 ||
         Triple.getArch() == llvm::Triple::riscv64) &&
        !CI.getCodeGenOpts().PrepareForLTO;
    return In;
  }

  void configureTLSDescriptors(clang::CompilerInstance &CI) {
    Reporter Report(CI.getDiagnostics());
    bool On = Opts.TLSDesc == Switch::On;
    if (!shim::setTLSDESC(CI.getCodeGenOpts(), On)) {
      Report.usageError(tlsdescUnsupported(
          "clang " + std::to_string(LLVM_VERSION_MAJOR),
          "clang " + std::to_string(shim::FirstMajorWithTLSDESC)));
      return;
    }
    const llvm::Triple &Target = CI.getTarget().getTriple();
    if (!On && Target.isAArch64())
      Report.usageWarning(tlsdescAlwaysOn(Target.getArchName().str()));
    if (CI.getCodeGenOpts().PrepareForLTO)
      Report.usageWarning(tlsdescNotForLTO());
  }

  Options Opts;
};

} // namespace

} // namespace tlsguard

static clang::FrontendPluginRegistry::Add<tlsguard::TLSGuardAction>
    Registration(
        "tlsguard",
        "make thread-local variables dlopen-safe (tlsguard-plugin(7))");
