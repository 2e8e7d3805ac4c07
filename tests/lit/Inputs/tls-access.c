/* Fixture for the per-architecture tests: a TLS variable this library
 * defines and one it imports. -DIE reaches both with the initial-exec model;
 * without it, -fPIC gives the dynamic model (global-dynamic, or TLSDESC with
 * -mtls-dialect=gnu2/desc and on aarch64). Built with -nostdlib, linked
 * with ld.lld -shared: no sysroot for the target is needed. */
#ifdef IE
#define TLS_MODEL __attribute__((tls_model("initial-exec")))
#else
#define TLS_MODEL
#endif

TLS_MODEL __thread int counter;
TLS_MODEL extern __thread int imported;

int get(void) { return counter + imported; }
