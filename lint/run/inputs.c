#include "tlsguard/inputs.h"

#include <errno.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tlsguard/report.h"

static struct input *push(struct input_list *l, const char *path,
                          bool from_walk) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->items = xrealloc(l->items, l->cap * sizeof *l->items);
  }
  struct input *in = &l->items[l->n++];
  in->path = xstrdup(path);
  in->from_walk = from_walk;
  in->error = NULL;
  in->load_order = l->load_order;
  in->regular = in->link = false;
  return in;
}

static int by_name(const FTSENT **a, const FTSENT **b) {
  return strcmp((*a)->fts_name, (*b)->fts_name);
}

static void walk(struct input_list *l, const char *dir) {
  char *roots[] = {(char *)dir, NULL};
  FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
  if (!fts) {
    push(l, dir, false)->error =
        xasprintf("cannot read directory: %s", strerror(errno));
    return;
  }
  FTSENT *e;
  /* Every entry fts cannot read is an error for its path: nothing under a
   * directory may pass unseen. */
  for (;;) {
    errno = 0;
    if (!(e = fts_read(fts)))
      break;
    switch (e->fts_info) {
    case FTS_F:
      if (S_ISREG(e->fts_statp->st_mode)) /* lstat: FTS_PHYSICAL */
        push(l, e->fts_path, true)->regular = true;
      break;
    case FTS_DNR:
    case FTS_ERR:
      push(l, e->fts_path, false)->error =
          xasprintf("cannot read directory: %s", strerror(e->fts_errno));
      break;
    case FTS_NS: /* e.g. a path longer than PATH_MAX, a directory without x */
      push(l, e->fts_path, false)->error =
          xasprintf("cannot read: %s%s", strerror(e->fts_errno),
                    e->fts_errno == ENAMETOOLONG
                        ? " (the path is longer than PATH_MAX; lint it from a "
                          "directory nearer to it)"
                        : "");
      break;
    case FTS_DC: /* a directory inside itself (a bind mount): walked once */
    default:
      break; /* directories, symlinks (not followed), special files */
    }
  }
  /* fts gave up on the rest of the walk. */
  if (errno)
    push(l, dir, false)->error =
        xasprintf("cannot read directory: %s", strerror(errno));
  fts_close(fts);
}

static void expand_path(struct input_list *l, const char *path) {
  struct stat st;
  int r = lstat(path, &st);
  bool link = r == 0 && S_ISLNK(st.st_mode);
  if (link)
    r = stat(path, &st);
  if (r == 0 && S_ISDIR(st.st_mode)) {
    walk(l, path);
    return;
  }
  /* errors, FIFOs and the rest are reported when opened */
  struct input *in = push(l, path, false);
  in->regular = r == 0 && S_ISREG(st.st_mode);
  in->link = in->regular && link;
}

static void expand_listfile(struct input_list *l, const char *arg) {
  const char *name = arg + 1;
  const char *why = NULL;
  FILE *f = strcmp(name, "-") ? file_open_stream(name, true, &why) : stdin;
  if (!f) {
    push(l, arg, false)->error = xasprintf("cannot read list file: %s", why);
    return;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (len == 0)
      continue;
    expand_path(l, line);
  }
  free(line);
  if (f != stdin)
    fclose(f);
}

void inputs_expand(struct input_list *l, const char *arg) {
  if (arg[0] == '@' && arg[1])
    expand_listfile(l, arg);
  else
    expand_path(l, arg);
}

void inputs_free(struct input_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].path);
    free(l->items[i].error);
  }
  free(l->items);
  l->items = NULL;
  l->n = l->cap = 0;
}
