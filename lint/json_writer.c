#include "json_writer.h"

#include <inttypes.h>

void jw_init(struct json_writer *w, FILE *out) {
  w->out = out;
  w->depth = 0;
  w->first[0] = true;
  w->after_key = false;
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
  if (w->depth > 0) {
    if (!w->first[w->depth])
      fputc(',', w->out);
    indent(w);
  }
  w->first[w->depth] = false;
}

static void open_container(struct json_writer *w, char c) {
  before_item(w);
  fputc(c, w->out);
  if (w->depth + 1 < JSON_MAX_DEPTH)
    w->depth++;
  w->first[w->depth] = true;
}

static void close_container(struct json_writer *w, char c) {
  bool empty = w->first[w->depth];
  if (w->depth > 0)
    w->depth--;
  if (!empty)
    indent(w);
  fputc(c, w->out);
  if (w->depth == 0)
    fputc('\n', w->out);
}

void jw_object(struct json_writer *w) { open_container(w, '{'); }
void jw_object_end(struct json_writer *w) { close_container(w, '}'); }
void jw_array(struct json_writer *w) { open_container(w, '['); }
void jw_array_end(struct json_writer *w) { close_container(w, ']'); }

static void put_string(FILE *out, const char *s) {
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
        /* Paths are bytes, not necessarily UTF-8: pass valid UTF-8 through,
         * escape stray bytes as U+FFFD so the document stays valid. */
        int len = (*p & 0xe0) == 0xc0   ? 2
                  : (*p & 0xf0) == 0xe0 ? 3
                  : (*p & 0xf8) == 0xf0 ? 4
                                        : 0;
        int ok = len > 0;
        for (int k = 1; ok && k < len; k++)
          ok = (p[k] & 0xc0) == 0x80;
        if (ok) {
          fwrite(p, 1, (size_t)len, out);
          p += len - 1;
        } else {
          fputs("\\ufffd", out);
        }
      } else {
        fputc(*p, out);
      }
    }
  }
  fputc('"', out);
}

void jw_key(struct json_writer *w, const char *key) {
  before_item(w);
  put_string(w->out, key);
  fputs(": ", w->out);
  w->after_key = true;
}

void jw_string(struct json_writer *w, const char *s) {
  before_item(w);
  if (s)
    put_string(w->out, s);
  else
    fputs("null", w->out);
}

void jw_uint(struct json_writer *w, uint64_t v) {
  before_item(w);
  fprintf(w->out, "%" PRIu64, v);
}

void jw_bool(struct json_writer *w, bool v) {
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
