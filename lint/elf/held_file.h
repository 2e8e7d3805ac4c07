/* file_head (elf_module.c) leaves the file it read open for the same
 * thread's next open of that path, and remembers what it learnt on the way
 * there, so that the steps after it need not ask the file system again. */
#ifndef TLSGUARD_HELD_FILE_H
#define TLSGUARD_HELD_FILE_H

#include <stdbool.h>

/* Whether this thread's last file_head read path, is still holding it,
 * and found path to name a regular file itself (its last component not a
 * symbolic link): what an lstat of path would say now, without the path
 * walk. */
bool file_head_held_regular(const char *path);

/* The input list's expansion found path a regular file (through a symbolic
 * link when link): this thread's next file_head of path opens it without
 * asking first (the open's fstat still checks what it opened). path is
 * borrowed until then. */
void file_head_expect_regular(const char *path, bool link);

#endif
