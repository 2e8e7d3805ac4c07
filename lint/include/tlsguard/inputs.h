/* Command-line inputs expanded into the files to lint: files as named,
 * directories walked recursively (ELF found by magic, not by name; symlinks
 * not followed), @listfile one path per line (@- reads standard input). */
#ifndef TLSGUARD_INPUTS_H
#define TLSGUARD_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

struct input {
  char *path;
  bool from_walk; /* found in a directory: a non-ELF file is skipped, not an
                     error */
  char *error;    /* the argument itself could not be expanded */
  /* Predicted in order (--load-order): dlopened after the inputs before it
   * into one process per loader, not alone into a fresh one. */
  bool load_order;
  /* What the expansion's lstat saw: a regular file (regular), named
   * through a symbolic link (link); both false when unknown. Opening the
   * input need not ask again (a path walk each). */
  bool regular, link;
};

struct input_list {
  struct input *items;
  size_t n, cap;
  bool load_order; /* what inputs_expand sets on each input it adds */
  unsigned jobs;   /* threads the paths are looked at with (0: 1) */
};

/* The command line's inputs, in order; the paths they name are looked at
 * (lstat) on up to l->jobs threads at once. */
void inputs_expand(struct input_list *l, char *const *args, size_t n);
void inputs_free(struct input_list *l);

#endif
