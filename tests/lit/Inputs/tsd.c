/* A jemalloc-shaped fixture: a big per-thread state reached with
 * initial-exec through a local symbol (symbol index 0 in the .so), an
 * exported initial-exec variable, and a global-dynamic one. */
struct tsd {
  char data[2600];
  long state;
};
static __thread __attribute__((tls_model("initial-exec"))) struct tsd tsd_tls;
__thread int other_counter;
__thread __attribute__((tls_model("initial-exec"))) int exported_ie;

long tsd_touch(void) { return tsd_tls.state++ + other_counter + exported_ie; }
