/* Looking variables up in what tls_variables_find read (the findings'
 * notes). The public part is tlsguard/debuginfo.h. */
#ifndef TLSGUARD_SOURCES_DEBUGINFO_H
#define TLSGUARD_SOURCES_DEBUGINFO_H

#include "tlsguard/debuginfo.h"

/* The variable covering a TLS block offset, or one named so. */
const struct tls_variable *tls_variable_at(const struct tls_variables *v,
                                           uint64_t offset);
const struct tls_variable *tls_variable_named(const struct tls_variables *v,
                                              const char *name);

#endif
