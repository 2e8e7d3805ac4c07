/* Response files (@FILE) and command strings, read the way GCC (libiberty
 * buildargv/expandargv) and Clang (cl::TokenizeGNUCommandLine) read them:
 * words separated by white space; '...' and "..." quote, also in the middle
 * of a word; a backslash takes the next character literally, inside quotes
 * too. rustc writes one argument per line with ' ' and '\' escaped; CMake
 * quotes paths. The driver reads them only to see -shared and -o: the
 * compiler still gets the @FILE argument itself, untouched. */
#ifndef TLSGUARD_DRIVER_RESPONSE_FILE_H
#define TLSGUARD_DRIVER_RESPONSE_FILE_H

#include <stddef.h>

#include "strvec.h"

/* Appends the words of text[0..len) to out. */
void split_words(const char *text, size_t len, struct strvec *out);

/* Appends args to out with every readable @FILE replaced by its words,
 * recursively (a nested @FILE is relative to the working directory, as in
 * GCC, else to the file that names it). An @FILE that cannot be read stays
 * a literal argument, as the compilers leave it. Expansion stops at a depth
 * of 32 and after 2000 files: a file that includes itself ends there. */
void expand_response_files(char *const *args, size_t count, struct strvec *out);

#endif
