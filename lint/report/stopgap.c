/* The stop-gap's words (tlsguard/report.h): a file of its own so that a
 * program that takes only this of the report layer (the tracer's launcher)
 * does not link the rest of it, and libelf with it. */
#include <inttypes.h>

#include "tlsguard/report.h"

char *stopgap_text(const struct stopgap *s) {
  switch (s->kind) {
  case STOPGAP_NONE:
    break;
  case STOPGAP_GLIBC_OPTIONAL_STATIC_TLS:
    return xasprintf("GLIBC_TUNABLES=glibc.rtld.optional_static_tls=%" PRIu64,
                     s->value);
  case STOPGAP_FREEBSD_STATIC_TLS_EXTRA:
    return xasprintf("LD_STATIC_TLS_EXTRA=%" PRIu64, s->value);
  case STOPGAP_PRELOAD_NO_SURPLUS:
    return xasprintf("LD_PRELOAD=%s (musl has no static TLS surplus: only "
                     "loading at start-up helps)",
                     s->preload);
  case STOPGAP_PRELOAD_ALIGNMENT:
    return xasprintf("LD_PRELOAD=%s (no setting helps: a block needs more "
                     "alignment than the static TLS area has unless it is "
                     "loaded at start-up)",
                     s->preload);
  }
  return NULL;
}
