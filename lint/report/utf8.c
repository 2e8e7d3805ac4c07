#include "utf8.h"

size_t utf8_sequence_length(const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned lead = s[0];
  if (lead < 0x80)
    return 1;
  /* The range the second byte must fall in narrows for the leads whose
   * full range would allow an overlong form, a surrogate or > U+10FFFF. */
  unsigned lo = 0x80, hi = 0xbf;
  size_t len;
  if (lead >= 0xc2 && lead <= 0xdf) {
    len = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    len = 3;
    if (lead == 0xe0)
      lo = 0xa0; /* below: overlong */
    if (lead == 0xed)
      hi = 0x9f; /* above: U+D800..U+DFFF, surrogates */
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    len = 4;
    if (lead == 0xf0)
      lo = 0x90; /* below: overlong */
    if (lead == 0xf4)
      hi = 0x8f; /* above: beyond U+10FFFF */
  } else {
    return 0; /* a continuation byte, 0xc0, 0xc1 or 0xf5..0xff */
  }
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t k = 2; k < len; k++)
    if ((s[k] & 0xc0) != 0x80)
      return 0;
  return len;
}

unsigned utf8_decode(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  unsigned cp = s[0] & lead_mask[len];
  for (size_t k = 1; k < len; k++)
    cp = cp << 6 | (s[k] & 0x3f);
  return cp;
}
