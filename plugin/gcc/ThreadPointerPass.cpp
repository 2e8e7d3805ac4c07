//===- ThreadPointerPass.cpp - direct thread-pointer reads ----------------===//

#include "ThreadPointerPass.h"
#include "Compile.h"

namespace tlsguard {

namespace {

std::string quoted(const std::string &Name) { return "'" + Name + "'"; }

std::string stringArgument(const gcall *Call, unsigned Index) {
  if (gimple_call_num_args(Call) <= Index)
    return "";
  tree Arg = gimple_call_arg(Call, Index);
  if (TREE_CODE(Arg) == ADDR_EXPR)
    Arg = TREE_OPERAND(Arg, 0);
  if (TREE_CODE(Arg) == ARRAY_REF)
    Arg = TREE_OPERAND(Arg, 0);
  return TREE_CODE(Arg) == STRING_CST ? TREE_STRING_POINTER(Arg) : "";
}

void checkCall(const gcall *Call, Compile &C) {
  tree Callee = gimple_call_fndecl(Call);
  if (!Callee || !DECL_NAME(Callee))
    return;
  location_t Loc = gimple_location(Call);
  if (fndecl_built_in_p(Callee, BUILT_IN_THREAD_POINTER)) {
    C.threadPointerRead(Loc, quoted("__builtin_thread_pointer"));
    return;
  }
  std::string Name = IDENTIFIER_POINTER(DECL_NAME(Callee));
  switch (classifyThreadPointerCall(Name)) {
  case ThreadPointerCall::No:
    return;
  case ThreadPointerCall::Always:
    C.threadPointerRead(Loc, quoted(Name));
    return;
  case ThreadPointerCall::IfRegisterNamesTP:
    break;
  }
  std::string Register = stringArgument(Call, 0);
  if (isThreadPointerRegister(Register))
    C.threadPointerRead(Loc, quoted(Name + "(\"" + Register + "\")"));
}

void checkAsm(const gasm *Asm, Compile &C) {
  AsmThreadPointerRead Read;
  if (findThreadPointerInAsm(gimple_asm_string(Asm), C.Arch, Read))
    C.threadPointerRead(gimple_location(Asm),
                        "inline assembly ('" + Read.Spelling + "')");
}

const pass_data ThreadPointerPassData = {
    GIMPLE_PASS,
    "tlsguard-thread-pointer",
    OPTGROUP_NONE,
    TV_NONE,
    PROP_cfg,
    0,
    0,
    0,
    0,
};

class ThreadPointerPass : public gimple_opt_pass {
public:
  explicit ThreadPointerPass(::gcc::context *Ctx)
      : gimple_opt_pass(ThreadPointerPassData, Ctx) {}

  unsigned int execute(function *Fn) override {
    Compile &C = currentCompile();
    basic_block Block;
    FOR_EACH_BB_FN(Block, Fn) {
      for (gimple_stmt_iterator It = gsi_start_bb(Block); !gsi_end_p(It);
           gsi_next(&It)) {
        gimple *Stmt = gsi_stmt(It);
        if (const gcall *Call = dyn_cast<gcall *>(Stmt))
          checkCall(Call, C);
        else if (const gasm *Asm = dyn_cast<gasm *>(Stmt))
          checkAsm(Asm, C);
      }
    }
    return 0;
  }
};

// GCC keeps file-scope asm as strings in the symbol table, without a
// location: the report names the translation unit's file.
void checkFileScopeAsm(void *, void *) {
  Compile &C = currentCompile();
  for (asm_node *Node = symtab->first_asm_symbol(); Node; Node = Node->next) {
    AsmThreadPointerRead Read;
    if (findThreadPointerInAsm(TREE_STRING_POINTER(Node->asm_str), C.Arch,
                               Read))
      C.threadPointerRead(UNKNOWN_LOCATION, "file-scope inline assembly ('" +
                                                Read.Spelling + "')");
  }
}

} // namespace

void registerThreadPointerChecks(const char *PluginName) {
  struct register_pass_info Pass;
  Pass.pass = new ThreadPointerPass(g);
  Pass.reference_pass_name = "cfg";
  Pass.ref_pass_instance_number = 1;
  Pass.pos_op = PASS_POS_INSERT_AFTER;
  register_callback(PluginName, PLUGIN_PASS_MANAGER_SETUP, nullptr, &Pass);
  register_callback(PluginName, PLUGIN_ALL_IPA_PASSES_START, checkFileScopeAsm,
                    nullptr);
}

} // namespace tlsguard
