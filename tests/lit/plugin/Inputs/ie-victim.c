/* A small library with initial-exec thread-locals: it loads with dlopen
 * while the static TLS surplus is free, and fails after it is used up,
 * unless built with the plugin. (local-exec cannot be linked into a shared
 * object at all: ld.lld refuses R_X86_64_TPOFF32 with -shared.) */
static __thread char scratch[200] __attribute__((tls_model("initial-exec")));
__thread long calls __attribute__((tls_model("initial-exec")));

char *victim(void) {
  calls++;
  return scratch;
}
