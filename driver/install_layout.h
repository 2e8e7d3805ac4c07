/* Where this program is and where its companions are: tlsguard-lint beside
 * it in the same bin directory, the plugin directory (tlsguard.so and one
 * build per compiler) at the installed place relative to bin
 * (TLSGUARD_PLUGIN_RELDIR, "../lib/tlsguard" for most prefixes) or, in the
 * build tree, bin/../lib. */
#ifndef TLSGUARD_DRIVER_INSTALL_LAYOUT_H
#define TLSGUARD_DRIVER_INSTALL_LAYOUT_H

#include <stdbool.h>
#include <sys/types.h>

struct install_layout {
  char *exe;     /* this program, symlinks resolved */
  char *bin_dir; /* its directory */
  dev_t dev;     /* the executable's identity: a compiler found on PATH */
  ino_t ino;     /* that is this very file is never run */
};

bool install_layout_init(struct install_layout *l);
void install_layout_free(struct install_layout *l);

/* bin_dir/name, newly allocated. */
char *install_layout_program(const struct install_layout *l, const char *name);

/* The directory holding tlsguard.so: $TLSGUARD_PLUGIN_DIR when set, else
 * the installed place, else the build tree's. NULL when there is none. */
char *install_layout_plugin_dir(const struct install_layout *l);

/* Whether path is this program (same file, by device and inode). */
bool install_layout_is_self(const struct install_layout *l, const char *path);

#endif
