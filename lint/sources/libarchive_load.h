/* libarchive, loaded when a package is first read rather than when the
 * linter starts: it brings libxml2, ICU and libstdc++ with it, a few
 * milliseconds of every run's start-up that only a package needs.
 * package.c calls libarchive's functions by their own names; after
 * <archive.h> this header turns those names into the loaded ones. */
#ifndef TLSGUARD_LIBARCHIVE_LOAD_H
#define TLSGUARD_LIBARCHIVE_LOAD_H

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stddef.h>

/* The soname loaded: the ABI the headers describe. */
#define LIBARCHIVE_SONAME "libarchive.so.13"

#define LIBARCHIVE_FUNCTIONS(X)                                                \
  X(archive_entry_filetype)                                                    \
  X(archive_entry_pathname)                                                    \
  X(archive_entry_size)                                                        \
  X(archive_entry_size_is_set)                                                 \
  X(archive_entry_symlink)                                                     \
  X(archive_error_string)                                                      \
  X(archive_format)                                                            \
  X(archive_read_data)                                                         \
  X(archive_read_free)                                                         \
  X(archive_read_new)                                                          \
  X(archive_read_next_header)                                                  \
  X(archive_read_open_filename)                                                \
  X(archive_read_open_memory)                                                  \
  X(archive_read_support_filter_all)                                           \
  X(archive_read_support_format_all)                                           \
  X(archive_read_support_format_raw)

struct libarchive_api {
#define LIBARCHIVE_POINTER(name) __typeof__(name) *name;
  LIBARCHIVE_FUNCTIONS(LIBARCHIVE_POINTER)
#undef LIBARCHIVE_POINTER
};

extern struct libarchive_api libarchive;

/* Load it (once; thread-safe). false, with the reason in err, when it
 * cannot be: then no package can be read. */
bool libarchive_load(char *err, size_t errlen);

#ifndef LIBARCHIVE_LOAD_IMPL
#define archive_entry_filetype (*libarchive.archive_entry_filetype)
#define archive_entry_pathname (*libarchive.archive_entry_pathname)
#define archive_entry_size (*libarchive.archive_entry_size)
#define archive_entry_size_is_set (*libarchive.archive_entry_size_is_set)
#define archive_entry_symlink (*libarchive.archive_entry_symlink)
#define archive_error_string (*libarchive.archive_error_string)
#define archive_format (*libarchive.archive_format)
#define archive_read_data (*libarchive.archive_read_data)
#define archive_read_free (*libarchive.archive_read_free)
#define archive_read_new (*libarchive.archive_read_new)
#define archive_read_next_header (*libarchive.archive_read_next_header)
#define archive_read_open_filename (*libarchive.archive_read_open_filename)
#define archive_read_open_memory (*libarchive.archive_read_open_memory)
#define archive_read_support_filter_all                                        \
  (*libarchive.archive_read_support_filter_all)
#define archive_read_support_format_all                                        \
  (*libarchive.archive_read_support_format_all)
#define archive_read_support_format_raw                                        \
  (*libarchive.archive_read_support_format_raw)
#endif

#endif
