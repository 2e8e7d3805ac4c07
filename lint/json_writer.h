/* A streaming JSON writer: reports are written as they are produced, in
 * input order, without building a document in memory. */
#ifndef TLSGUARD_JSON_WRITER_H
#define TLSGUARD_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
  FILE *out;
  int depth;
  bool first[JSON_MAX_DEPTH]; /* no element written yet at this depth */
  bool after_key;
};

void jw_init(struct json_writer *w, FILE *out);
void jw_object(struct json_writer *w);
void jw_object_end(struct json_writer *w);
void jw_array(struct json_writer *w);
void jw_array_end(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);
void jw_string(struct json_writer *w, const char *s); /* NULL writes null */
void jw_uint(struct json_writer *w, uint64_t v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);

/* key + value shorthands */
void jw_kstring(struct json_writer *w, const char *key, const char *s);
void jw_kuint(struct json_writer *w, const char *key, uint64_t v);
void jw_kbool(struct json_writer *w, const char *key, bool v);

#endif
