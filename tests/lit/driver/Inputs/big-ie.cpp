thread_local int tls_counter = 1;
__attribute__((tls_model("initial-exec"))) thread_local char tls_scratch[4096];
int bump() { return ++tls_scratch[0] + tls_counter; }
