#include "resolve/sysroot.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tlsguard/report.h"

/* Same bound as the kernel's MAXSYMLINKS. */
#define MAX_LINKS 40

static bool is_host_root(const char *root) {
  return !root || !*root || !strcmp(root, "/");
}

const char *root_relative(const char *root, const char *host_path) {
  if (is_host_root(root))
    return host_path;
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/')
    n--;
  if (strncmp(host_path, root, n) ||
      (host_path[n] != '/' && host_path[n] != '\0'))
    return NULL;
  return host_path[n] ? host_path + n : "/";
}

/* Walk "pending" (a path inside the root) component by component into
 * "done" (the resolved prefix inside the root, always starting with '/'). */
enum root_resolve root_resolve(const char *root, const char *path, char **out) {
  *out = NULL;
  if (is_host_root(root)) {
    char *real = realpath(path, NULL);
    if (!real)
      return errno == ELOOP ? ROOT_RESOLVE_LOOP : ROOT_RESOLVE_MISSING;
    *out = real;
    return ROOT_RESOLVE_OK;
  }
  size_t rootlen = strlen(root);
  while (rootlen > 1 && root[rootlen - 1] == '/')
    rootlen--;

  char done[PATH_MAX] = "";
  size_t donelen = 0;
  char pending[PATH_MAX];
  if (strlen(path) >= sizeof pending)
    return ROOT_RESOLVE_MISSING;
  strcpy(pending, path);
  int links = 0;
  char *p = pending;
  for (;;) {
    while (*p == '/')
      p++;
    if (!*p)
      break;
    char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 1 && p[0] == '.') {
      p += len;
      continue;
    }
    if (len == 2 && p[0] == '.' && p[1] == '.') {
      if (donelen == 0)
        return ROOT_RESOLVE_ESCAPES;
      while (donelen > 0 && done[donelen - 1] != '/')
        donelen--;
      if (donelen > 0)
        donelen--;
      done[donelen] = '\0';
      p += len;
      continue;
    }
    if (donelen + 1 + len >= sizeof done)
      return ROOT_RESOLVE_MISSING;
    done[donelen++] = '/';
    memcpy(done + donelen, p, len);
    donelen += len;
    done[donelen] = '\0';
    p += len;

    char host[PATH_MAX * 2];
    snprintf(host, sizeof host, "%.*s%s", (int)rootlen, root, done);
    struct stat st;
    if (lstat(host, &st) != 0)
      return ROOT_RESOLVE_MISSING;
    if (!S_ISLNK(st.st_mode))
      continue;
    if (++links > MAX_LINKS)
      return ROOT_RESOLVE_LOOP;
    char target[PATH_MAX];
    ssize_t n = readlink(host, target, sizeof target - 1);
    if (n < 0)
      return ROOT_RESOLVE_MISSING;
    target[n] = '\0';
    /* The rest of the path goes after the link's target. */
    char rest[PATH_MAX];
    if (strlen(p) + (size_t)n + 2 >= sizeof rest)
      return ROOT_RESOLVE_MISSING;
    size_t plen = strlen(p);
    memcpy(rest, target, (size_t)n);
    memcpy(rest + n, p, plen + 1);
    strcpy(pending, rest);
    p = pending;
    if (target[0] == '/') {
      donelen = 0;
      done[0] = '\0';
    } else {
      /* relative: drop the link's own name */
      while (donelen > 0 && done[donelen - 1] != '/')
        donelen--;
      if (donelen > 0)
        donelen--;
      done[donelen] = '\0';
    }
  }
  *out = xasprintf("%.*s%s", (int)rootlen, root, donelen ? done : "/");
  return ROOT_RESOLVE_OK;
}
