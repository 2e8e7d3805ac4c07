#include "install_layout.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#ifndef TLSGUARD_PLUGIN_RELDIR
#define TLSGUARD_PLUGIN_RELDIR "../lib/tlsguard"
#endif

bool install_layout_init(struct install_layout *l) {
  memset(l, 0, sizeof *l);
  /* The kernel's answer is already absolute and free of symlinks; it is
   * cheaper than realpath()'s walk over every component. */
  char path[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
  if (len <= 0)
    return false;
  path[len] = '\0';
  struct stat st;
  if (stat(path, &st) != 0)
    return false;
  l->exe = xstrdup(path);
  char *slash = strrchr(path, '/');
  l->bin_dir =
      xstrndup(path, slash && slash != path ? (size_t)(slash - path) : 1);
  l->dev = st.st_dev;
  l->ino = st.st_ino;
  return true;
}

void install_layout_free(struct install_layout *l) {
  free(l->exe);
  free(l->bin_dir);
  memset(l, 0, sizeof *l);
}

char *install_layout_program(const struct install_layout *l, const char *name) {
  return xasprintf("%s/%s", l->bin_dir, name);
}

static bool has_selector(const char *dir) {
  char *selector = xasprintf("%s/tlsguard.so", dir);
  bool found = access(selector, R_OK) == 0;
  free(selector);
  return found;
}

/* dir/rel with "." and ".." resolved by name: dir is the kernel's canonical
 * path of the executable's directory, so this is exact, and a plugin
 * directory that is itself a symlink keeps the name it was installed as. */
static char *join_relative(const char *dir, const char *rel) {
  size_t cap = strlen(dir) + strlen(rel) + 2;
  char *out = xmalloc(cap);
  snprintf(out, cap, "%s", dir);
  for (const char *p = rel; *p;) {
    size_t len = strcspn(p, "/");
    if (len == 2 && !strncmp(p, "..", 2)) {
      char *slash = strrchr(out, '/');
      if (slash && slash != out)
        *slash = '\0';
      else
        snprintf(out, cap, "/");
    } else if (len && !(len == 1 && p[0] == '.')) {
      size_t used = strlen(out);
      snprintf(out + used, cap - used, "%s%.*s",
               used && out[used - 1] == '/' ? "" : "/", (int)len, p);
    }
    p += len;
    p += *p == '/';
  }
  return out;
}

char *install_layout_plugin_dir(const struct install_layout *l) {
  const char *env = getenv("TLSGUARD_PLUGIN_DIR");
  if (env && *env)
    return has_selector(env) ? xstrdup(env) : NULL;
  const char *candidates[] = {TLSGUARD_PLUGIN_RELDIR, "../lib"};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    char *dir = join_relative(l->bin_dir, candidates[i]);
    if (has_selector(dir))
      return dir;
    free(dir);
  }
  return NULL;
}

bool install_layout_is_self(const struct install_layout *l, const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && st.st_dev == l->dev && st.st_ino == l->ino;
}
