/* A growable, NULL-terminated list of owned strings: an argv being built. */
#ifndef TLSGUARD_DRIVER_STRVEC_H
#define TLSGUARD_DRIVER_STRVEC_H

#include <stddef.h>

struct strvec {
  char **items; /* items[len] is NULL, so items is an argv */
  size_t len;
  size_t cap;
};

void strvec_init(struct strvec *v);
void strvec_free(struct strvec *v);
/* Appends a copy of s. */
void strvec_push(struct strvec *v, const char *s);
/* Appends s itself, which the list now owns. */
void strvec_push_owned(struct strvec *v, char *s);
void strvec_push_all(struct strvec *v, const struct strvec *from);
/* The items joined by spaces, for messages and traces. */
char *strvec_join(const struct strvec *v);
/* The items joined by sep. */
char *strvec_join_with(const struct strvec *v, char sep);

#endif
