//===- Options.cpp - the plugin arguments, parsed -------------------------===//

#include "Options.h"

#include "tlsguard/loader_caps.h"

#include <algorithm>

namespace tlsguard {

const std::vector<ArgumentInfo> &argumentTable() {
  static const std::vector<ArgumentInfo> Table = {
#define TLSGUARD_ARGUMENT(Id, Name, ValueSyntax, Help)                         \
  {Argument::Id, Name, ValueSyntax, Help},
#include "Arguments.def"
  };
  return Table;
}

static std::string spelled(const ArgumentInfo &Info) {
  std::string Text = Info.Name;
  if (*Info.ValueSyntax)
    Text += std::string("=") + Info.ValueSyntax;
  return Text;
}

std::string validArgumentsList() {
  std::string List;
  for (const ArgumentInfo &Info : argumentTable()) {
    if (!List.empty())
      List += ", ";
    List += spelled(Info);
  }
  return List;
}

std::string argumentHelp() {
  std::string Text =
      "tlsguard plugin arguments (each as -fplugin-arg-tlsguard-ARG):\n";
  for (const ArgumentInfo &Info : argumentTable()) {
    std::string Left = "  " + spelled(Info);
    Left.resize(std::max<std::size_t>(Left.size() + 2, 34), ' ');
    Text += Left + Info.Help + "\n";
  }
  return Text;
}

// One keyword argument's accepted values. Keeping the words next to the
// enumerators they map to means a new value is added in one place.
template <typename T> struct Keyword {
  const char *Word;
  T Value;
};

template <typename T, std::size_t N>
static bool parseKeyword(const Keyword<T> (&Words)[N], const std::string &Text,
                         T &Out) {
  for (const Keyword<T> &K : Words) {
    if (Text == K.Word) {
      Out = K.Value;
      return true;
    }
  }
  return false;
}

static const Keyword<Mode> ModeWords[] = {{"rewrite", Mode::Rewrite},
                                          {"warn", Mode::Warn},
                                          {"error", Mode::Error},
                                          {"off", Mode::Off}};
static const Keyword<OutputKind> OutputWords[] = {
    {"auto", OutputKind::Auto},
    {"shared", OutputKind::SharedObject},
    {"executable", OutputKind::Executable}};
static const Keyword<Switch> SwitchWords[] = {{"on", Switch::On},
                                              {"off", Switch::Off}};
static const Keyword<bool> WarnOffWords[] = {{"warn", true}, {"off", false}};
static const Keyword<AllocatorPolicy> AllocatorWords[] = {
    {"auto", AllocatorPolicy::Auto},
    {"keep-ie", AllocatorPolicy::KeepIE},
    {"tlsdesc", AllocatorPolicy::TLSDesc},
    {"global-dynamic", AllocatorPolicy::GlobalDynamic}};

const char *modeName(Mode M) {
  for (const Keyword<Mode> &K : ModeWords)
    if (K.Value == M)
      return K.Word;
  return "?";
}

static const ArgumentInfo *findArgument(const std::string &Name) {
  for (const ArgumentInfo &Info : argumentTable()) {
    if (Name == Info.Name)
      return &Info;
  }
  return nullptr;
}

static std::string flagFor(const ArgumentInfo &Info) {
  return std::string("-fplugin-arg-tlsguard-") + Info.Name;
}

// Applies one argument that findArgument() recognised and whose value is
// present exactly when the table says it should be.
static bool applyArgument(const ArgumentInfo &Info, const std::string &Value,
                          Options &Out, std::string &Error) {
  bool Known = true;
  switch (Info.Id) {
  case Argument::Mode:
    Known = parseKeyword(ModeWords, Value, Out.RequestedMode);
    Out.ModeGiven = true;
    break;
  case Argument::Output:
    Known = parseKeyword(OutputWords, Value, Out.Output);
    break;
  case Argument::Allow:
    if (!Out.Allow.addEntries(Value, Error)) {
      Error = "bad " + flagFor(Info) + ": " + Error;
      return false;
    }
    break;
  case Argument::TLSDesc:
    Known = parseKeyword(SwitchWords, Value, Out.TLSDesc);
    break;
  case Argument::TargetLibc: {
    libc_target Parsed;
    char Why[512];
    if (!libc_target_parse(Value.c_str(), &Parsed, Why, sizeof Why)) {
      Error = "bad " + flagFor(Info) + "=" + Value + ": " + Why;
      return false;
    }
    Out.TargetLibc = Value;
    break;
  }
  case Argument::Allocator:
    Known = parseKeyword(AllocatorWords, Value, Out.Allocator);
    break;
  case Argument::ThreadPointer:
    Known = parseKeyword(WarnOffWords, Value, Out.ThreadPointerWarnings);
    break;
  case Argument::Summary:
    Out.Summary = true;
    break;
  case Argument::Quiet:
    Out.Quiet = true;
    break;
  case Argument::Help:
    Out.Help = true;
    break;
  }
  if (!Known) {
    Error = "invalid value '" + Value + "' in " + flagFor(Info) + "=" + Value +
            "; expected " + Info.Name + "=" + Info.ValueSyntax;
    return false;
  }
  return true;
}

bool parseArguments(const std::vector<std::string> &Args, Options &Out,
                    std::string &Error) {
  for (const std::string &Arg : Args) {
    std::size_t Equals = Arg.find('=');
    std::string Name = Arg.substr(0, Equals);
    const ArgumentInfo *Info = findArgument(Name);
    if (!Info) {
      Error = "unknown argument '" + Arg + "' (-fplugin-arg-tlsguard-" + Arg +
              "); valid arguments: " + validArgumentsList();
      return false;
    }
    bool TakesValue = *Info->ValueSyntax != '\0';
    bool HasValue = Equals != std::string::npos;
    if (TakesValue && !HasValue) {
      Error = flagFor(*Info) + " needs a value: " + Info->Name + "=" +
              Info->ValueSyntax;
      return false;
    }
    if (!TakesValue && HasValue) {
      Error = flagFor(*Info) + " takes no value (got '" + Arg + "')";
      return false;
    }
    std::string Value = HasValue ? Arg.substr(Equals + 1) : std::string();
    if (!applyArgument(*Info, Value, Out, Error))
      return false;
  }
  return true;
}

ModeDecision decideMode(const Options &Opts, const CompileTarget &Target) {
  if (Opts.ModeGiven)
    return {Opts.RequestedMode, "set by -fplugin-arg-tlsguard-mode"};
  switch (Opts.Output) {
  case OutputKind::SharedObject:
    return {Mode::Rewrite, "set by -fplugin-arg-tlsguard-output=shared"};
  case OutputKind::Executable:
    return {Mode::Off, "set by -fplugin-arg-tlsguard-output=executable"};
  case OutputKind::Auto:
    break;
  }
  // Inside the compiler there is no -shared: position-independent code that
  // is not PIE is what goes into shared objects. An executable needs no
  // rewrite: the linker relaxes general-dynamic back to initial-exec or
  // local-exec when it links one.
  if (Target.PositionIndependent && !Target.PIE)
    return {Mode::Rewrite, "a shared object: " + Target.PICFlag};
  return {Mode::Off, "an executable: " + Target.PICFlag};
}

} // namespace tlsguard
