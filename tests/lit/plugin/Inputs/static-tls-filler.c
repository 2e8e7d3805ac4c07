/* A library loaded earlier in the process that takes most of glibc's static
 * TLS surplus (1664 bytes with the default tunables) with initial-exec TLS
 * of its own, as libraries with static TLS do. After it, a late module with
 * a few hundred bytes of static TLS no longer fits. */
__thread char filler_block[1600] __attribute__((tls_model("initial-exec")));

char *filler_touch(void) {
  filler_block[0] = 1;
  return filler_block;
}
