/* The one strict UTF-8 decoder: what JSON and SARIF may carry and what the
 * text report passes to a terminal unescaped. */
#ifndef TLSGUARD_UTF8_H
#define TLSGUARD_UTF8_H

#include <stddef.h>

/* Length (1-4) of the well-formed UTF-8 sequence at the start of the
 * NUL-terminated s, or 0 when it starts with none: Unicode's table 3-7, so
 * no overlong forms (\xc0\xaf), no surrogates (\xed\xa0\x80), nothing above
 * U+10FFFF, no truncated sequence. */
size_t utf8_sequence_length(const char *s);

/* The code point of a well-formed sequence of length len at s. */
unsigned utf8_decode(const char *s, size_t len);

#endif
