/* The dynamic loaders tlsguard models. */
#ifndef TLSGUARD_LOADER_KIND_H
#define TLSGUARD_LOADER_KIND_H

enum loader_kind { LOADER_GLIBC, LOADER_MUSL, LOADER_FREEBSD };
#define LOADER_KIND_COUNT 3

#ifdef __cplusplus
extern "C" {
#endif
/* "glibc", "musl", "freebsd" (lint/loader/loader_caps.c). */
const char *loader_kind_name(enum loader_kind kind);
#ifdef __cplusplus
}
#endif

#endif
