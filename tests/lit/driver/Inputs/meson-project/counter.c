/* 4096 bytes of initial-exec TLS: as written, too big for a late dlopen. */
__attribute__((tls_model("initial-exec"))) __thread char scratch[4096];

int counter_bump(void) { return ++scratch[0]; }
