//===- AsmLocation.cpp - back from IR inline asm to the source ------------===//

#include "AsmLocation.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Metadata.h"

#include <algorithm>

namespace tlsguard {

// The location clang recorded for line Line of the asm string (the first
// entry is the literal's opening quote, the others the first byte of each
// following line, which may sit inside an escape such as "\n\t").
static clang::SourceLocation lineStart(const llvm::MDNode &SrcLoc,
                                       unsigned Line) {
  if (Line >= SrcLoc.getNumOperands())
    Line = 0;
  const auto *Cookie =
      llvm::mdconst::dyn_extract<llvm::ConstantInt>(SrcLoc.getOperand(Line));
  if (!Cookie)
    return clang::SourceLocation();
  return clang::SourceLocation::getFromRawEncoding(
      static_cast<clang::SourceLocation::UIntTy>(Cookie->getZExtValue()));
}

// The source text from Start to the end of the string literal, across the
// adjacent literals that concatenate into one asm string; characters between
// them (quotes, line breaks) are kept so that offsets stay true.
static std::string literalText(const char *Start) {
  std::string Text;
  // The first line starts at the opening quote, later ones inside the text.
  bool InString = *Start != '"';
  for (const char *P = Start; *P; ++P) {
    if (InString) {
      if (*P == '\\' && P[1]) {
        Text += *P++;
      } else if (*P == '"') {
        InString = false;
      }
    } else if (*P == '"') {
      InString = true;
    } else if (*P != ' ' && *P != '\t' && *P != '\n' && *P != '\r') {
      break;
    }
    Text += *P;
  }
  return Text;
}

clang::SourceLocation sourceLocationOf(const clang::SourceManager &Sources,
                                       const IRThreadPointerRead &Read,
                                       AsmArch Arch) {
  const llvm::MDNode *SrcLoc =
      Read.Call ? Read.Call->getMetadata("srcloc") : nullptr;
  if (!SrcLoc || SrcLoc->getNumOperands() == 0)
    return clang::SourceLocation();
  unsigned Line = static_cast<unsigned>(std::count(
      Read.AsmText.begin(), Read.AsmText.begin() + Read.Match.Offset, '\n'));
  clang::SourceLocation Start = lineStart(*SrcLoc, Line);
  // Inside a macro, the line is as close as it gets.
  if (Start.isInvalid() || !Start.isFileID())
    return Start;
  bool Invalid = false;
  const char *Text = Sources.getCharacterData(Start, &Invalid);
  AsmThreadPointerRead InSource;
  if (Invalid || !findThreadPointerInAsm(literalText(Text), Arch, InSource))
    return Start;
  return Start.getLocWithOffset(static_cast<int>(InSource.Offset));
}

} // namespace tlsguard
