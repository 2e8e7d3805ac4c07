/* An executable with initial-exec TLS: fine, executables own the static TLS
 * area, so it is never linted. */
__attribute__((tls_model("initial-exec"))) __thread char scratch[4096];

int main(void) { return scratch[0]; }
