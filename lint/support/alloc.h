/* The rest of support/alloc.c, for the library's own stages. The public
 * part is tlsguard/alloc.h. */
#ifndef TLSGUARD_SUPPORT_ALLOC_H
#define TLSGUARD_SUPPORT_ALLOC_H

#include "tlsguard/alloc.h"

/* a, sep, b: xasprintf("%s%c%s") without the format engine, for the
 * candidate paths the library search builds by the thousand. */
char *xjoin(const char *a, char sep, const char *b);

#endif
