/* Initial-exec in the source, as a library that wants speed writes it; the
 * tlsguard plugin rewrites the access. 4 KiB of initialised data: more than
 * glibc's optional static surplus, so after a late dlopen the access stays
 * dynamic and a new thread's first access allocates and copies the block. */
__attribute__((tls_model("initial-exec"))) __thread char block[4096] = {1};

#define KEEP(v)                                                                \
  __asm__ volatile(""                                                          \
                   : "+x"(v[0]), "+x"(v[1]), "+x"(v[2]), "+x"(v[3]),           \
                     "+x"(v[4]), "+x"(v[5]), "+x"(v[6]), "+x"(v[7])::"memory")

/* Eight doubles held in xmm registers across the first access to block: a
 * TLS descriptor call promises to preserve them, so the compiler keeps them
 * there; a __tls_get_addr call does not, so it saves them. Returns how many
 * came back changed. */
int probe_c(const double *in) {
  double v[8];
  for (int i = 0; i < 8; i++)
    v[i] = in[i];
  KEEP(v);
  int first = *(volatile char *)&block[0];
  KEEP(v);
  int changed = first != 1;
  for (int i = 0; i < 8; i++)
    changed += v[i] != in[i];
  return changed;
}
