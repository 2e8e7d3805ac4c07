#include "tlsguard/json_writer.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/report.h"
#include "utf8.h"

void jw_init(struct json_writer *w, FILE *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
  w->first[0] = true;
}

static void indent(struct json_writer *w) {
  fputc('\n', w->out);
  for (int i = 0; i < w->depth; i++)
    fputs("  ", w->out);
}

/* Separator and indentation before a value or a key. */
static void before_item(struct json_writer *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  w->count[w->depth]++;
  if (w->depth > 0) {
    if (!w->first[w->depth])
      fputc(',', w->out);
    indent(w);
  }
  w->first[w->depth] = false;
}

static void open_container(struct json_writer *w, char c) {
  bool keyed = w->after_key;
  before_item(w);
  fputc(c, w->out);
  if (w->depth + 1 < JSON_MAX_DEPTH)
    w->depth++;
  w->first[w->depth] = true;
  w->count[w->depth] = 0;
  w->n_replaced[w->depth] = 0;
  strcpy(w->array_key[w->depth], c == '[' && keyed ? w->key : "");
}

static void put_base64(FILE *out, const char *s) {
  static const char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  fputc('"', out);
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
                 (i + 2 < n ? p[i + 2] : 0);
    fputc(digits[v >> 18 & 63], out);
    fputc(digits[v >> 12 & 63], out);
    fputc(i + 1 < n ? digits[v >> 6 & 63] : '=', out);
    fputc(i + 2 < n ? digits[v & 63] : '=', out);
  }
  fputc('"', out);
}

/* K_bytes after an array K of strings some of which needed U+FFFD. */
static void put_replaced_array(struct json_writer *w, const char *key,
                               struct jw_replaced *rep, size_t n_rep,
                               size_t count) {
  char sibling[JSON_MAX_KEY + 8];
  snprintf(sibling, sizeof sibling, "%s_bytes", key);
  jw_key(w, sibling);
  jw_array(w);
  size_t next = 0;
  for (size_t i = 0; i < count; i++) {
    before_item(w);
    if (next < n_rep && rep[next].index == i)
      put_base64(w->out, rep[next++].bytes);
    else
      fputs("null", w->out);
  }
  jw_array_end(w);
}

static void close_container(struct json_writer *w, char c) {
  bool empty = w->first[w->depth];
  struct jw_replaced *rep = w->replaced[w->depth];
  size_t n_rep = w->n_replaced[w->depth], count = w->count[w->depth];
  char key[JSON_MAX_KEY];
  strcpy(key, w->array_key[w->depth]);
  w->replaced[w->depth] = NULL;
  w->n_replaced[w->depth] = 0;
  if (w->depth > 0)
    w->depth--;
  if (!empty)
    indent(w);
  fputc(c, w->out);
  if (w->depth == 0)
    fputc('\n', w->out);
  if (n_rep && key[0])
    put_replaced_array(w, key, rep, n_rep, count);
  for (size_t i = 0; i < n_rep; i++)
    free(rep[i].bytes);
  free(rep);
}

void jw_object(struct json_writer *w) { open_container(w, '{'); }
void jw_object_end(struct json_writer *w) { close_container(w, '}'); }
void jw_array(struct json_writer *w) { open_container(w, '['); }
void jw_array_end(struct json_writer *w) { close_container(w, ']'); }

/* Returns false when a byte had to be replaced by U+FFFD. */
static bool put_string(FILE *out, const char *s) {
  bool intact = true;
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        fprintf(out, "\\u%04x", *p);
      else if (*p >= 0x80) {
        /* Paths and symbol names are bytes, not necessarily UTF-8: pass
         * well-formed UTF-8 through, replace each other byte by U+FFFD. */
        size_t len = utf8_sequence_length((const char *)p);
        if (len) {
          fwrite(p, 1, len, out);
          p += len - 1;
        } else {
          fputs("\\ufffd", out);
          intact = false;
        }
      } else {
        fputc(*p, out);
      }
    }
  }
  fputc('"', out);
  return intact;
}

void jw_key(struct json_writer *w, const char *key) {
  before_item(w);
  put_string(w->out, key);
  fputs(": ", w->out);
  w->after_key = true;
  snprintf(w->key, sizeof w->key, "%s", key);
}

void jw_string(struct json_writer *w, const char *s) {
  bool keyed = w->after_key;
  before_item(w);
  if (!s) {
    fputs("null", w->out);
    return;
  }
  if (put_string(w->out, s) || !w->original_bytes)
    return;
  if (keyed) {
    char sibling[JSON_MAX_KEY + 8];
    snprintf(sibling, sizeof sibling, "%s_bytes", w->key);
    jw_key(w, sibling);
    before_item(w);
    put_base64(w->out, s);
  } else if (w->array_key[w->depth][0]) {
    size_t n = w->n_replaced[w->depth]++;
    w->replaced[w->depth] =
        xrealloc(w->replaced[w->depth], (n + 1) * sizeof **w->replaced);
    w->replaced[w->depth][n] =
        (struct jw_replaced){w->count[w->depth] - 1, xstrdup(s)};
  }
}

void jw_uint(struct json_writer *w, uint64_t v) {
  before_item(w);
  fprintf(w->out, "%" PRIu64, v);
}

static void jw_bool(struct json_writer *w, bool v) {
  before_item(w);
  fputs(v ? "true" : "false", w->out);
}

void jw_null(struct json_writer *w) {
  before_item(w);
  fputs("null", w->out);
}

void jw_kstring(struct json_writer *w, const char *key, const char *s) {
  jw_key(w, key);
  jw_string(w, s);
}

void jw_kuint(struct json_writer *w, const char *key, uint64_t v) {
  jw_key(w, key);
  jw_uint(w, v);
}

void jw_kbool(struct json_writer *w, const char *key, bool v) {
  jw_key(w, key);
  jw_bool(w, v);
}

void jw_kstring_array(struct json_writer *w, const char *key,
                      const char *const *strings, size_t n) {
  jw_key(w, key);
  jw_array(w);
  for (size_t i = 0; i < n; i++)
    jw_string(w, strings[i]);
  jw_array_end(w);
}
