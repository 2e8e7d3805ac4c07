//===- ThreadPointer.cpp - recognising direct thread-pointer reads --------===//

#include "ThreadPointer.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace tlsguard {

static bool isWordChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.' ||
         C == '$';
}

static std::string lowered(std::string Text) {
  std::transform(Text.begin(), Text.end(), Text.begin(), [](unsigned char C) {
    return static_cast<char>(std::tolower(C));
  });
  return Text;
}

static bool isOneOf(const std::string &Word,
                    std::initializer_list<const char *> Words) {
  return std::any_of(Words.begin(), Words.end(),
                     [&](const char *W) { return Word == W; });
}

static std::size_t skipBlanks(const std::string &Text, std::size_t I) {
  while (I < Text.size() && (Text[I] == ' ' || Text[I] == '\t'))
    ++I;
  return I;
}

// AArch64 names the thread pointer as a system register, by name or by its
// encoding (op0=3, op1=3, CRn=13, CRm=0, op2=2 or 3).
bool isThreadPointerRegister(const std::string &Name) {
  return isOneOf(lowered(Name), {"tpidr_el0", "tpidrro_el0", "s3_3_c13_c0_2",
                                 "s3_3_c13_c0_3"});
}

// x86: a %fs: or %gs: segment override (AT&T, "%%fs:" in an extended asm) or
// fs: in Intel syntax, and the FSGSBASE instructions.
static bool matchX86(const std::string &Asm, std::size_t Begin, std::size_t End,
                     const std::string &Word, AsmThreadPointerRead &Found) {
  if (Word == "fs" || Word == "gs") {
    std::size_t Colon = skipBlanks(Asm, End);
    if (Colon >= Asm.size() || Asm[Colon] != ':')
      return false;
    std::size_t Start = Begin;
    while (Start > 0 && Asm[Start - 1] == '%')
      --Start;
    Found = {Start, (Start < Begin ? "%" : "") + Word + ":"};
    return true;
  }
  std::string Base = Word;
  if (Base.size() == 9 && (Base.back() == 'q' || Base.back() == 'l'))
    Base.pop_back(); // AT&T size suffix: rdfsbaseq
  if (isOneOf(Base, {"rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase"})) {
    Found = {Begin, Base};
    return true;
  }
  return false;
}

// 32-bit Arm: mrc p15, 0, rN, c13, c0, 3 (TPIDRURO) or c0, 2 (TPIDRURW).
static bool matchARM(const std::string &Asm, std::size_t Begin, std::size_t End,
                     const std::string &Word, AsmThreadPointerRead &Found) {
  if (Word != "c13" ||
      lowered(Asm.substr(0, Begin)).find("p15") == std::string::npos)
    return false;
  std::string Rest;
  for (std::size_t I = End; I < Asm.size() && Asm[I] != '\n'; ++I) {
    if (Asm[I] != ' ' && Asm[I] != '\t')
      Rest +=
          static_cast<char>(std::tolower(static_cast<unsigned char>(Asm[I])));
  }
  for (const char *Register : {",c0,2", ",c0,3"}) {
    std::string R = Register;
    if (Rest.compare(0, R.size(), R) == 0 &&
        (Rest.size() == R.size() || !isWordChar(Rest[R.size()]))) {
      Found = {Begin, "c13, c0, " + R.substr(R.size() - 1)};
      return true;
    }
  }
  return false;
}

static bool matchWord(const std::string &Asm, std::size_t Begin,
                      std::size_t End, AsmArch Arch,
                      AsmThreadPointerRead &Found) {
  std::string Word = lowered(Asm.substr(Begin, End - Begin));
  bool Any = Arch == AsmArch::Other;
  if ((Any || Arch == AsmArch::X86) && matchX86(Asm, Begin, End, Word, Found))
    return true;
  if ((Any || Arch == AsmArch::AArch64) && isThreadPointerRegister(Word)) {
    Found = {Begin, Word};
    return true;
  }
  if ((Any || Arch == AsmArch::ARM) && matchARM(Asm, Begin, End, Word, Found))
    return true;
  if (Arch == AsmArch::RISCV && (Word == "tp" || Word == "x4")) {
    Found = {Begin, Word};
    return true;
  }
  return false;
}

bool findThreadPointerInAsm(const std::string &Asm, AsmArch Arch,
                            AsmThreadPointerRead &Found) {
  std::size_t I = 0;
  while (I < Asm.size()) {
    if (!isWordChar(Asm[I])) {
      ++I;
      continue;
    }
    std::size_t Begin = I;
    while (I < Asm.size() && isWordChar(Asm[I]))
      ++I;
    if (matchWord(Asm, Begin, I, Arch, Found))
      return true;
  }
  return false;
}

const std::vector<ThreadPointerFunction> &threadPointerFunctions() {
  static const std::vector<ThreadPointerFunction> Functions = [] {
    std::vector<ThreadPointerFunction> List;
    // Builtins, and the <immintrin.h> wrappers a user calls (their bodies
    // sit in a system header, where tlsguard does not look).
    for (const char *Name :
         {"__builtin_thread_pointer", "__builtin_ia32_rdfsbase32",
          "__builtin_ia32_rdfsbase64", "__builtin_ia32_rdgsbase32",
          "__builtin_ia32_rdgsbase64", "__builtin_ia32_wrfsbase32",
          "__builtin_ia32_wrfsbase64", "__builtin_ia32_wrgsbase32",
          "__builtin_ia32_wrgsbase64", "_readfsbase_u32", "_readfsbase_u64",
          "_readgsbase_u32", "_readgsbase_u64", "_writefsbase_u32",
          "_writefsbase_u64", "_writegsbase_u32", "_writegsbase_u64"})
      List.push_back({Name, ThreadPointerCall::Always});
    // Arm system-register access: a thread pointer only when the register
    // argument names one.
    for (const char *Name :
         {"__builtin_arm_rsr", "__builtin_arm_rsr64", "__builtin_arm_rsrp",
          "__builtin_arm_wsr", "__builtin_arm_wsr64", "__builtin_arm_wsrp",
          "__arm_rsr", "__arm_rsr64", "__arm_rsrp", "__arm_wsr", "__arm_wsr64",
          "__arm_wsrp"})
      List.push_back({Name, ThreadPointerCall::IfRegisterNamesTP});
    return List;
  }();
  return Functions;
}

ThreadPointerCall classifyThreadPointerCall(const std::string &Function) {
  for (const ThreadPointerFunction &Known : threadPointerFunctions())
    if (Function == Known.Name)
      return Known.How;
  return ThreadPointerCall::No;
}

} // namespace tlsguard
