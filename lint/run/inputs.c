#include "tlsguard/inputs.h"

#include <errno.h>
#include <fts.h>
#include <pthread.h>
#include <stdatomic.h>
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
  /* FTS_COMFOLLOW: a directory named through a symbolic link (/lib on a
   * merged-/usr system) is walked; links met inside are not followed. */
  FTS *fts =
      fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, by_name);
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

/* What one path named in the arguments or a list is, from lstat (and stat
 * through a symbolic link). */
struct path_kind {
  const char *path;
  bool dir, regular, link;
};

static void classify(struct path_kind *k) {
  struct stat st;
  int r = lstat(k->path, &st);
  bool link = r == 0 && S_ISLNK(st.st_mode);
  if (link)
    r = stat(k->path, &st);
  k->dir = r == 0 && S_ISDIR(st.st_mode);
  k->regular = r == 0 && S_ISREG(st.st_mode);
  k->link = k->regular && link;
}

static void add_classified(struct input_list *l, const struct path_kind *k) {
  if (k->dir) {
    walk(l, k->path);
    return;
  }
  /* errors, FIFOs and the rest are reported when opened */
  struct input *in = push(l, k->path, false);
  in->regular = k->regular;
  in->link = k->link;
}

/* The paths named in a row, by arguments and @LISTs, are looked at on up
 * to l->jobs threads at once (a path walk each: thousands of them were a
 * serial start before any worker ran); a thread for every
 * PATHS_PER_THREAD paths, since starting one costs as much as a few dozen
 * lstat calls. */
enum { PATHS_PER_THREAD = 64 };

struct classify_run {
  struct path_kind *kinds;
  size_t n;
  atomic_size_t next;
};

static void *classify_worker(void *arg) {
  struct classify_run *run = arg;
  size_t i;
  while ((i = atomic_fetch_add(&run->next, 1)) < run->n)
    classify(&run->kinds[i]);
  return NULL;
}

static void classify_all(struct path_kind *kinds, size_t n, unsigned jobs) {
  struct classify_run run = {.kinds = kinds, .n = n};
  atomic_init(&run.next, 0);
  size_t threads_n = n / PATHS_PER_THREAD;
  if (threads_n > jobs)
    threads_n = jobs;
  /* This thread is one of them, and does the share of any that does not
   * start. */
  size_t others = threads_n > 1 ? threads_n - 1 : 0, started = 0;
  pthread_t *threads = others ? xcalloc(others, sizeof *threads) : NULL;
  while (started < others &&
         pthread_create(&threads[started], NULL, classify_worker, &run) == 0)
    started++;
  classify_worker(&run);
  for (size_t t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  free(threads);
}

/* Paths named but not yet looked at, in order. */
struct pending {
  struct path_kind *kinds;
  size_t n, cap;
};

static void pending_add(struct pending *p, const char *path) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->kinds = xrealloc(p->kinds, p->cap * sizeof *p->kinds);
  }
  p->kinds[p->n++] = (struct path_kind){.path = xstrdup(path)};
}

/* Looked at all at once, then added in order: a directory walked where it
 * stands. */
static void pending_expand(struct input_list *l, struct pending *p) {
  classify_all(p->kinds, p->n, l->jobs);
  for (size_t i = 0; i < p->n; i++) {
    add_classified(l, &p->kinds[i]);
    free((char *)p->kinds[i].path);
  }
  p->n = 0;
}

static void read_listfile(struct input_list *l, struct pending *p,
                          const char *arg) {
  const char *name = arg + 1;
  const char *why = NULL;
  FILE *f = strcmp(name, "-") ? file_open_stream(name, true, &why) : stdin;
  if (!f) {
    pending_expand(l, p); /* the paths before it come first */
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
    pending_add(p, line);
  }
  free(line);
  if (f != stdin)
    fclose(f);
}

void inputs_expand(struct input_list *l, char *const *args, size_t n) {
  struct pending p = {0};
  for (size_t i = 0; i < n; i++) {
    if (args[i][0] == '@' && args[i][1])
      read_listfile(l, &p, args[i]);
    else
      pending_add(&p, args[i]);
  }
  pending_expand(l, &p);
  free(p.kinds);
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
