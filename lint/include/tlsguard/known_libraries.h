/* Libraries known to ship static TLS on purpose, and their own switch for
 * turning it off. Recognised by soname or by the symbols they define, so a
 * copy linked statically into a Rust cdylib or a wheel is named too. */
#ifndef TLSGUARD_KNOWN_LIBRARIES_H
#define TLSGUARD_KNOWN_LIBRARIES_H

struct elf_module;

struct known_library {
  const char *name; /* "jemalloc" */
  const char *fix;  /* how to build it without initial-exec TLS */
};

const struct known_library *known_library_identify(const struct elf_module *m);

#endif
