// Before clang 19 tlsguard cannot ask for TLS descriptors; tlsdesc= is an
// error that says which clang it needs, not a silent no-op.
//
// RUN: not %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-tlsdesc=on -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s -DMAJOR=%major
// RUN: not %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-tlsdesc=off -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s -DMAJOR=%major
// CHECK: error: tlsguard: tlsdesc= needs clang 19 or newer; this is clang [[MAJOR]], which has no way to ask for TLS descriptors here (general-dynamic code still loads with dlopen)

// UNSUPPORTED: clang-19-or-later, compiler-gcc

__thread int x;
