//===- IRThreadPointerReads.cpp - thread-pointer reads seen in IR ---------===//

#include "IRThreadPointerReads.h"
#include "TargetArch.h"
#include "common/Messages.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Metadata.h"

namespace tlsguard {

namespace {

// A warning without a source location of its own; clang prints it as
// "warning: ... [-Wbackend-plugin]".
class ThreadPointerDiagnostic : public llvm::DiagnosticInfo {
public:
  explicit ThreadPointerDiagnostic(std::string Message)
      : DiagnosticInfo(kind(), llvm::DS_Warning), Message(std::move(Message)) {}

  void print(llvm::DiagnosticPrinter &Printer) const override {
    Printer << Message;
  }

private:
  static int kind() {
    static const int Kind = llvm::getNextAvailablePluginDiagnosticKind();
    return Kind;
  }

  std::string Message;
};

} // namespace

static bool startsWith(llvm::StringRef Text, llvm::StringRef Prefix) {
  return Text.substr(0, Prefix.size()) == Prefix;
}

// llvm.read_register / llvm.write_register name the register in metadata.
static bool namesThreadPointerRegister(const llvm::CallBase &Call) {
  if (Call.arg_size() == 0)
    return false;
  const auto *Wrapped =
      llvm::dyn_cast<llvm::MetadataAsValue>(Call.getArgOperand(0));
  const auto *Node =
      Wrapped ? llvm::dyn_cast<llvm::MDNode>(Wrapped->getMetadata()) : nullptr;
  const auto *Name = Node && Node->getNumOperands()
                         ? llvm::dyn_cast<llvm::MDString>(Node->getOperand(0))
                         : nullptr;
  return Name && isThreadPointerRegister(Name->getString().str());
}

static bool readsThreadPointer(const llvm::Function &Callee,
                               const llvm::CallBase &Call) {
  if (Callee.getIntrinsicID() == llvm::Intrinsic::thread_pointer)
    return true;
  llvm::StringRef Name = Callee.getName();
  for (const char *Prefix : {"llvm.x86.rdfsbase", "llvm.x86.rdgsbase",
                             "llvm.x86.wrfsbase", "llvm.x86.wrgsbase"})
    if (startsWith(Name, Prefix))
      return true;
  if (startsWith(Name, "llvm.read_register") ||
      startsWith(Name, "llvm.write_register"))
    return namesThreadPointerRegister(Call);
  return classifyThreadPointerCall(Name.str()) == ThreadPointerCall::Always;
}

static std::string whereIs(const llvm::Instruction &I) {
  std::string Where = " in function '" + I.getFunction()->getName().str() + "'";
  if (const llvm::DILocation *Loc = I.getDebugLoc().get())
    Where += " (" + Loc->getFilename().str() + ":" +
             std::to_string(Loc->getLine()) + ":" +
             std::to_string(Loc->getColumn()) + ")";
  return Where;
}

static void findInCall(const llvm::CallBase &Call, AsmArch Arch, IRReads Which,
                       std::vector<IRThreadPointerRead> &Found) {
  if (const auto *Asm =
          llvm::dyn_cast<llvm::InlineAsm>(Call.getCalledOperand())) {
    std::string Text(Asm->getAsmString());
    AsmThreadPointerRead Match;
    if (findThreadPointerInAsm(Text, Arch, Match))
      Found.push_back({&Call, true, Text, Match,
                       "inline assembly ('" + Match.Spelling + "')"});
    return;
  }
  const llvm::Function *Callee = Call.getCalledFunction();
  if (Which == IRReads::InlineAsmOnly || !Callee ||
      !readsThreadPointer(*Callee, Call))
    return;
  // Newer LLVM overloads llvm.thread.pointer (".p0"): show the name users
  // know.
  std::string Name = Callee->getIntrinsicID() == llvm::Intrinsic::thread_pointer
                         ? "llvm.thread.pointer"
                         : Callee->getName().str();
  Found.push_back({&Call, false, "", {}, "'" + Name + "'" + whereIs(Call)});
}

std::vector<IRThreadPointerRead> findThreadPointerReads(const llvm::Module &M,
                                                        IRReads Which) {
  std::vector<IRThreadPointerRead> Found;
  AsmArch Arch = asmArchFor(llvm::Triple(M.getTargetTriple()));
  AsmThreadPointerRead Match;
  if (Which == IRReads::All &&
      findThreadPointerInAsm(M.getModuleInlineAsm(), Arch, Match))
    Found.push_back(
        {nullptr, false, M.getModuleInlineAsm(), Match,
         "module-level inline assembly ('" + Match.Spelling + "')"});
  for (const llvm::Function &F : M) {
    // The <immintrin.h> wrappers are reported where they are called.
    if (classifyThreadPointerCall(F.getName().str()) != ThreadPointerCall::No)
      continue;
    for (const llvm::Instruction &I : llvm::instructions(F))
      if (const auto *Call = llvm::dyn_cast<llvm::CallBase>(&I))
        findInCall(*Call, Arch, Which, Found);
  }
  return Found;
}

void diagnoseThreadPointerReads(llvm::LLVMContext &Context,
                                const std::vector<IRThreadPointerRead> &Reads) {
  for (const IRThreadPointerRead &Read : Reads) {
    std::string Message = threadPointerMessage(Read.What);
    if (Read.InlineAsm)
      Context.diagnose(
          llvm::DiagnosticInfoInlineAsm(*Read.Call, Message, llvm::DS_Warning));
    else
      Context.diagnose(ThreadPointerDiagnostic(Message));
  }
}

} // namespace tlsguard
