// Which code is rewritten by default: position-independent code that is
// not PIE (-fPIC, -fpic) goes into shared objects and is; an executable
// (-fPIE, -fpie, -fno-pic) is not, since the linker relaxes general-dynamic
// back to initial-exec or local-exec there anyway. output= overrides the
// guess; the summary says which applied.
//
// RUN: %cc -fPIE -O2 -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.pie.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PIE --implicit-check-not=tlsguard-static-tls
// RUN: %llvm-objdump -r %t.pie.o | FileCheck %s --check-prefix=PIE-RELOC
// PIE: {{remark|note}}: tlsguard: {{.*}}pie-and-output.c: mode=off (an executable: -fPIE): nothing checked or changed [tlsguard-summary]
// PIE-RELOC: R_X86_64_TPOFF32 counter
//
// RUN: %cc -fpie -fplugin=%plugin -fplugin-arg-tlsguard-summary -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PIE-SMALL
// PIE-SMALL: mode=off (an executable: -fpie)
// RUN: %cc -fno-pic -fplugin=%plugin -fplugin-arg-tlsguard-summary -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOPIC
// NOPIC: mode=off (an executable: no -fpic or -fPIC)
// RUN: %cc -fpic -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIC-SMALL
// PIC-SMALL: mode=rewrite (a shared object: -fpic): 1 thread-local variable rewritten
//
// output=shared: code built -fPIE that still ends up in a shared object.
// RUN: %cc -fPIE -fplugin=%plugin -fplugin-arg-tlsguard-output=shared -fplugin-arg-tlsguard-summary \
// RUN:   -fplugin-arg-tlsguard-quiet -c %s -o %t.shared.o 2>&1 | FileCheck %s --check-prefix=SHARED
// The IR says general-dynamic (clang's code generator still relaxes it for
// -fPIE); gcc's object has the dynamic relocation:
// RUN: %if compiler-clang %{ %cc -fPIE -fplugin=%plugin -fplugin-arg-tlsguard-output=shared \
// RUN:   -fplugin-arg-tlsguard-quiet -S -emit-llvm %s -o - | FileCheck %s --check-prefix=SHARED-IR %}
// SHARED-IR-NOT: localexec
// SHARED-IR: thread_local global
// RUN: %if compiler-gcc %{ %llvm-objdump -r %t.shared.o | FileCheck %s --check-prefix=SHARED-RELOC %}
// SHARED-RELOC-NOT: R_X86_64_TPOFF32
// SHARED-RELOC: R_X86_64_TLS{{GD|LD}} counter
// SHARED: {{remark|note}}: tlsguard: {{.*}}: mode=rewrite (set by -fplugin-arg-tlsguard-output=shared): 1 thread-local variable rewritten
//
// output=executable, and an explicit mode beats either guess:
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-output=executable -fplugin-arg-tlsguard-summary \
// RUN:   -c %s -o %t.exe.o 2>&1 | FileCheck %s --check-prefix=EXE
// RUN: %llvm-objdump -r %t.exe.o | FileCheck %s --check-prefix=EXE-RELOC
// EXE-RELOC: R_X86_64_TPOFF32 counter
// EXE: mode=off (set by -fplugin-arg-tlsguard-output=executable)
// RUN: %cc -fPIE -fplugin=%plugin -fplugin-arg-tlsguard-output=executable -fplugin-arg-tlsguard-mode=warn \
// RUN:   -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: warning: thread-local variable 'counter'
//
// Mach-O and COFF have no initial-exec model to escape from (clang; a gcc
// compiles for one target):
// RUN: %if compiler-clang %{ %cc --target=x86_64-apple-macosx11 -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-summary \
// RUN:   -fplugin-arg-tlsguard-mode=error -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=MACHO %}
// MACHO: mode=off (not an ELF target: x86_64-apple-macosx11

// REQUIRES: host-x86_64

static __thread int counter __attribute__((tls_model("local-exec")));
int bump(void) { return ++counter; }
