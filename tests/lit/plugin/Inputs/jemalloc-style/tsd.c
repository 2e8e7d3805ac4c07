#include "jemalloc_style.h"

__thread tsd_t je_tsd_tls JEMALLOC_TLS_MODEL = {1, {0}};
