#include "strvec.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

void strvec_init(struct strvec *v) {
  v->cap = 8;
  v->len = 0;
  v->items = xmalloc(v->cap * sizeof *v->items);
  v->items[0] = NULL;
}

void strvec_free(struct strvec *v) {
  for (size_t i = 0; i < v->len; i++)
    free(v->items[i]);
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}

void strvec_push_owned(struct strvec *v, char *s) {
  if (v->len + 1 >= v->cap) {
    v->cap *= 2;
    v->items = xrealloc(v->items, v->cap * sizeof *v->items);
  }
  v->items[v->len++] = s;
  v->items[v->len] = NULL;
}

void strvec_push(struct strvec *v, const char *s) {
  strvec_push_owned(v, xstrdup(s));
}

void strvec_push_all(struct strvec *v, const struct strvec *from) {
  for (size_t i = 0; i < from->len; i++)
    strvec_push(v, from->items[i]);
}

char *strvec_join(const struct strvec *v) { return strvec_join_with(v, ' '); }

char *strvec_join_with(const struct strvec *v, char sep) {
  size_t size = 1;
  for (size_t i = 0; i < v->len; i++)
    size += strlen(v->items[i]) + 1;
  char *out = xmalloc(size), *p = out;
  for (size_t i = 0; i < v->len; i++) {
    size_t n = strlen(v->items[i]);
    if (i)
      *p++ = sep;
    memcpy(p, v->items[i], n);
    p += n;
  }
  *p = '\0';
  return out;
}
