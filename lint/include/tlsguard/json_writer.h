/* A streaming JSON writer: reports are written as they are produced, in
 * input order, without building a document in memory.
 *
 * Output is strict UTF-8 whatever the strings hold: a byte that is not part
 * of a well-formed sequence (utf8.h) is written as U+FFFD. With
 * original_bytes on, the original bytes stay recoverable: a string value of
 * key K that needed a replacement is followed by K_bytes, its bytes in
 * base64; an array of strings under key K by K_bytes, an array as long with
 * the base64 of each replaced element and null for the others
 * (docs/json-schema.md). */
#ifndef TLSGUARD_JSON_WRITER_H
#define TLSGUARD_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

#define JSON_MAX_KEY 64

/* An array element that needed U+FFFD, kept until the array ends. */
struct jw_replaced {
  size_t index;
  char *bytes;
};

struct json_writer {
  FILE *out;
  int depth;
  bool first[JSON_MAX_DEPTH]; /* no element written yet at this depth */
  bool after_key;
  bool original_bytes;    /* write K_bytes siblings (JSON: yes; SARIF: no) */
  char key[JSON_MAX_KEY]; /* the last key written */
  /* Per depth: the key an array was opened under, its element count and
   * the elements that needed replacing. */
  char array_key[JSON_MAX_DEPTH][JSON_MAX_KEY];
  size_t count[JSON_MAX_DEPTH];
  struct jw_replaced *replaced[JSON_MAX_DEPTH];
  size_t n_replaced[JSON_MAX_DEPTH];
};

void jw_init(struct json_writer *w, FILE *out);
void jw_object(struct json_writer *w);
void jw_object_end(struct json_writer *w);
void jw_array(struct json_writer *w);
void jw_array_end(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);
void jw_string(struct json_writer *w, const char *s); /* NULL writes null */
void jw_uint(struct json_writer *w, uint64_t v);
void jw_null(struct json_writer *w);

/* key + value shorthands */
void jw_kstring(struct json_writer *w, const char *key, const char *s);
void jw_kuint(struct json_writer *w, const char *key, uint64_t v);
void jw_kbool(struct json_writer *w, const char *key, bool v);
/* key: [strings[0], ..., strings[n-1]] (an owned char ** is passed with a
 * cast: C does not convert it to const char *const * by itself). */
void jw_kstring_array(struct json_writer *w, const char *key,
                      const char *const *strings, size_t n);

#endif
