/* What the selector's constructor leaves for the compiler entry points. */
#ifndef TLSGUARD_SELECTOR_SELECTOR_H
#define TLSGUARD_SELECTOR_SELECTOR_H

/* A symbol of the build loaded for this compiler, or NULL. */
void *selector_build_symbol(const char *name);

#endif
