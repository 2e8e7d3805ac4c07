; IR that no C frontend produced (another language, or a .ll file) gets the
; same rewrite under -fpass-plugin=: the module's PIC and PIE levels decide,
; and thread-local aliases are rewritten with the variables.
;
; RUN: %clang -x ir -fPIC -O0 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
; RUN: sed -e 's/i32 7, !"PIE Level", i32 0/i32 7, !"PIE Level", i32 2/' %s > %t.pie.ll
; RUN: %clang -x ir -fPIE -O0 -fpass-plugin=%plugin -S -emit-llvm %t.pie.ll -o - | FileCheck %s --check-prefix=PIE

; CHECK-NOT: initialexec
; CHECK-NOT: localexec
; CHECK-DAG: @session = thread_local global i32 0
; CHECK-DAG: @counter = internal thread_local global i64 0
; CHECK-DAG: @imported = external thread_local global i32
; CHECK-DAG: @session_alias = thread_local alias
; PIE-DAG: @session = thread_local(initialexec) global i32 0
; PIE-DAG: @counter = internal thread_local(localexec) global i64 0

@session = thread_local(initialexec) global i32 0
@counter = internal thread_local(localexec) global i64 0
@imported = external thread_local(initialexec) global i32
@session_alias = thread_local(initialexec) alias i32, i32* @session

!llvm.module.flags = !{!0, !1}
!0 = !{i32 7, !"PIC Level", i32 2}
!1 = !{i32 7, !"PIE Level", i32 0}

; Clang only: LLVM IR and -fpass-plugin= are clang's.
; UNSUPPORTED: compiler-gcc
