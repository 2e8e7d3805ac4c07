/* The dynamic loaders tlsguard models. */
#ifndef TLSGUARD_LOADER_KIND_H
#define TLSGUARD_LOADER_KIND_H

enum loader_kind { LOADER_GLIBC, LOADER_MUSL, LOADER_FREEBSD };
#define LOADER_KIND_COUNT 3

#endif
