// summary: one remark per translation unit, so a build log shows that the
// plugin ran, in which mode and why, and what it did. Counts come from the
// IR pass and include globals clang generates itself.
//
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-quiet \
// RUN:   -fplugin-arg-tlsguard-allow=kept -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REWRITE
// REWRITE: {{remark|note}}: tlsguard: {{.*}}summary.c: mode=rewrite (a shared object: -fPIC): 2 thread-local variables rewritten to global-dynamic, 1 kept on purpose, 1 thread-pointer access [tlsguard-summary]
//
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-summary -fplugin-arg-tlsguard-mode=warn \
// RUN:   -fplugin-arg-tlsguard-thread-pointer=off -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=WARN
// WARN: {{remark|note}}: tlsguard: {{.*}}summary.c: mode=warn (set by -fplugin-arg-tlsguard-mode): 3 thread-local variables with a static TLS model left as they are, 0 kept on purpose, 0 thread-pointer accesses [tlsguard-summary]
//
// RUN: %cc -fPIE -fplugin=%plugin -fplugin-arg-tlsguard-summary -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF
// OFF: {{remark|note}}: tlsguard: {{.*}}summary.c: mode=off (an executable: -fPIE): nothing checked or changed [tlsguard-summary]
//
// Without summary (and with quiet) a rewrite is silent:
// RUN: %cc -fPIC -fplugin=%plugin -fplugin-arg-tlsguard-quiet -fplugin-arg-tlsguard-thread-pointer=off \
// RUN:   -c %s -o %t.o 2>&1 | count 0

__thread int first __attribute__((tls_model("initial-exec")));
__thread int second __attribute__((tls_model("local-exec")));
__thread int kept __attribute__((tls_model("initial-exec")));

void *self(void) { return __builtin_thread_pointer(); }
int total(void) { return first + second + kept; }
