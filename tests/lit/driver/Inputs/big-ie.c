/* 4096 bytes of initial-exec TLS: more than glibc's whole surplus for late
 * modules (1664 bytes), so a shared object built from this as written fails
 * to dlopen ("cannot allocate memory in static TLS block"); rewritten to
 * global-dynamic by the plugin, it loads. */
__attribute__((tls_model("initial-exec"))) __thread char scratch[4096];

int scratch_bump(void) { return ++scratch[0]; }
