/* The trace file's records (records.h), and what the launcher and the
 * reporter both say and do at the end. */
#include "records.h"
#include "ring.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tlsguard/alloc.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/reraise_signal.h"
#include "tlsguard/tls_abi.h"

void *trace_grow(void *p, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return p;
  *cap = *cap ? *cap * 2 : 16;
  return xrealloc(p, *cap * size);
}

static char *unescape(const char *s) {
  if (!strchr(s, '\\')) /* nearly every name */
    return xstrdup(s);
  char *out = xmalloc(strlen(s) + 1), *o = out;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      *o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
    } else {
      *o++ = *s;
    }
  }
  *o = '\0';
  return out;
}

/* Split a record line at tabs (in place). */
static size_t split(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == '\t') {
      *p = '\0';
      f[n++] = p + 1;
    }
  return n;
}

/* A field's decimal number (the preload module writes nothing else there);
 * digits only, so no locale or sign handling to pay for per field. */
static uint64_t num(const char *s) {
  uint64_t v = 0;
  for (; *s >= '0' && *s <= '9'; s++)
    v = v * 10 + (uint64_t)(*s - '0');
  return v;
}

static struct proc *proc_for(struct trace *t, long pid) {
  for (size_t i = t->n; i-- > 0;)
    if (t->procs[i].pid == pid)
      return &t->procs[i];
  return NULL;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static struct module_rec *modules_copy(const struct module_rec *m, size_t n) {
  struct module_rec *out = xcalloc(n + 1, sizeof *out);
  for (size_t i = 0; i < n; i++) {
    out[i] = m[i];
    out[i].name = xstrdup(m[i].name);
  }
  return out;
}

/* The child of a fork: its parent's modules and calls, copied. */
static void proc_fork(struct proc *child, const struct proc *parent, long pid) {
  memset(child, 0, sizeof *child);
  child->pid = pid;
  child->forked_from = parent->pid;
  child->exe = xstrdup(parent->exe);
  child->startup = modules_copy(parent->startup, parent->n_startup);
  child->n_startup = parent->n_startup;
  child->late = modules_copy(parent->late, parent->n_late);
  child->n_late = child->inherited_late = parent->n_late;
  child->calls = xcalloc(parent->n_calls + 1, sizeof *child->calls);
  child->n_calls = child->inherited_calls = parent->n_calls;
  for (size_t k = 0; k < parent->n_calls; k++) {
    struct call_rec *c = &child->calls[k];
    *c = parent->calls[k];
    c->file = dup_or_null(c->file);
    c->message = dup_or_null(c->message);
    c->gone = c->n_gone ? xcalloc(c->n_gone, sizeof *c->gone) : NULL;
    for (size_t g = 0; g < c->n_gone; g++)
      c->gone[g] = xstrdup(parent->calls[k].gone[g]);
  }
}

/* One record (a line, without its newline). Records of one process are in
 * order; processes interleave. Every record carries its writer's pid and
 * belongs to the latest P of that pid (an exec starts a new one); *cur is
 * the latest P's index (t->procs moves as it grows). */
static void read_record(struct trace *t, char *line, size_t *cap_procs,
                        size_t *cur) {
  char *fld[16];
  size_t n = split(line, fld, 16);
  if (n >= 2 && !strcmp(fld[0], "P") && n >= 5) {
    t->procs = trace_grow(t->procs, cap_procs, t->n, sizeof *t->procs);
    *cur = t->n++;
    memset(&t->procs[*cur], 0, sizeof t->procs[*cur]);
    t->procs[*cur].pid = (long)num(fld[1]);
    t->procs[*cur].exe = unescape(fld[4]);
    return;
  }
  if (!strcmp(fld[0], "F") && n >= 3) {
    const struct proc *parent = proc_for(t, (long)num(fld[2]));
    if (!parent)
      return;
    size_t at = (size_t)(parent - t->procs);
    t->procs = trace_grow(t->procs, cap_procs, t->n, sizeof *t->procs);
    proc_fork(&t->procs[t->n++], &t->procs[at], (long)num(fld[1]));
    return;
  }
  /* Every other record starts with the writer's pid after its tag. */
  if (n < 2)
    return;
  struct proc *p = proc_for(t, (long)num(fld[1]));
  if (!p && *cur != SIZE_MAX)
    p = &t->procs[*cur];
  if (!p)
    return;
  if ((!strcmp(fld[0], "S") || !strcmp(fld[0], "L")) && n >= 13) {
    struct module_rec m = {
        .seq = (unsigned long)num(fld[2]),
        .modid = num(fld[3]),
        .size = num(fld[4]),
        .align = num(fld[5]),
        .filesz = num(fld[6]),
        .firstbyte = num(fld[7]),
        .off_known = num(fld[8]) != 0,
        .off = num(fld[9]),
        .tp = num(fld[10]),
        .data = num(fld[11]),
        .name = unescape(fld[12]),
    };
    if (fld[0][0] == 'S') {
      size_t cap = p->n_startup;
      p->startup = trace_grow(p->startup, &cap, p->n_startup, sizeof m);
      p->startup[p->n_startup++] = m;
    } else {
      size_t cap = p->n_late;
      p->late = trace_grow(p->late, &cap, p->n_late, sizeof m);
      p->late[p->n_late++] = m;
      if (p->n_calls && p->calls[p->n_calls - 1].seq == m.seq)
        p->calls[p->n_calls - 1].n_mods++;
    }
  } else if ((!strcmp(fld[0], "D") || !strcmp(fld[0], "C")) && n >= 4) {
    size_t cap = p->n_calls;
    p->calls = trace_grow(p->calls, &cap, p->n_calls, sizeof *p->calls);
    struct call_rec *c = &p->calls[p->n_calls++];
    memset(c, 0, sizeof *c);
    c->seq = (unsigned long)num(fld[2]);
    c->kind = fld[0][0] == 'D' ? CALL_DLOPEN : CALL_DLCLOSE;
    c->first_mod = p->n_late;
    if (c->kind == CALL_DLOPEN && n >= 7) {
      c->passed_through = !strncmp(fld[3], "passed-through", 14);
      c->failed = !strcmp(fld[3], "failed");
      c->outcome_known = !c->passed_through;
      c->file = unescape(fld[5]);
      if (*fld[6])
        c->message = unescape(fld[6]);
    }
  } else if (!strcmp(fld[0], "E") && n >= 4) {
    for (size_t i = p->n_calls; i-- > 0;)
      if (p->calls[i].seq == (unsigned long)num(fld[2])) {
        struct call_rec *c = &p->calls[i];
        c->failed = true;
        c->outcome_known = true;
        free(c->message);
        c->message = unescape(fld[3]);
        break;
      }
  } else if (!strcmp(fld[0], "X") && n >= 4) {
    for (size_t i = p->n_calls; i-- > 0;)
      if (p->calls[i].seq == (unsigned long)num(fld[2])) {
        struct call_rec *c = &p->calls[i];
        size_t cap = c->n_gone;
        c->gone = trace_grow(c->gone, &cap, c->n_gone, sizeof *c->gone);
        c->gone[c->n_gone++] = unescape(fld[3]);
        break;
      }
  }
}

bool trace_create(const char *dir, uint64_t capacity, char *path,
                  size_t path_len) {
  snprintf(path, path_len, "%s/tlsguard-trace.XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd < 0)
    return false;
  struct trace_ring_head head = {
      .head_size = TRACE_RING_HEAD_SIZE,
      .capacity = capacity ? capacity : TRACE_RING_CAPACITY,
      .end = TRACE_RING_HEAD_SIZE,
  };
  if (head.capacity < head.head_size)
    head.capacity = head.head_size;
  head.allocated = head.capacity < TRACE_RING_ALLOCATE_STEP
                       ? head.capacity
                       : TRACE_RING_ALLOCATE_STEP;
  memcpy(head.magic, TRACE_RING_MAGIC, sizeof head.magic);
  int e = 0;
  if (ftruncate(fd, (off_t)head.capacity) != 0)
    e = errno;
  else if ((e = posix_fallocate(fd, 0, (off_t)head.allocated)) == 0 &&
           pwrite(fd, &head, sizeof head, 0) != (ssize_t)sizeof head)
    e = errno ? errno : EIO;
  close(fd);
  if (e) {
    unlink(path);
    errno = e;
    return false;
  }
  return true;
}

/* The header at the start of `data`, checked. */
static bool head_of(const void *data, size_t len, struct trace_ring_head *h) {
  if (len < sizeof *h)
    return false;
  memcpy(h, data, sizeof *h);
  return !memcmp(h->magic, TRACE_RING_MAGIC, sizeof h->magic) &&
         h->head_size >= sizeof *h && h->head_size <= h->capacity;
}

/* How many record bytes follow the header, of the `avail` bytes there are
 * after it: up to `end`, never past the file's capacity. */
static size_t records_len(const struct trace_ring_head *h, uint64_t avail) {
  uint64_t end = h->end < h->capacity ? h->end : h->capacity;
  uint64_t n = end > h->head_size ? end - h->head_size : 0;
  return (size_t)(n < avail ? n : avail);
}

/* The records in buf[0, n), parsed in place (newlines become NULs). */
static void parse_records(char *buf, size_t n, struct trace *t) {
  size_t cap_procs = 0, cur = SIZE_MAX;
  for (char *line = buf, *stop = buf + n; line < stop;) {
    char *nl = memchr(line, '\n', (size_t)(stop - line));
    if (!nl) /* a record cut short: its writer died while copying it */
      break;
    *nl = '\0';
    /* Zeros: bytes a process reserved and never filled (it died). */
    if (!memchr(line, '\0', (size_t)(nl - line)))
      read_record(t, line, &cap_procs, &cur);
    line = nl + 1;
  }
}

bool trace_parse(const void *data, size_t len, struct trace *t) {
  struct trace_ring_head head;
  if (!head_of(data, len, &head)) {
    errno = EBADMSG;
    return false;
  }
  size_t n =
      records_len(&head, len > head.head_size ? len - head.head_size : 0);
  char *buf = xmalloc(n + 1);
  if (n)
    memcpy(buf, (const char *)data + head.head_size, n);
  t->dropped = head.dropped;
  parse_records(buf, n, t);
  free(buf);
  return true;
}

/* The file's records are read straight into the buffer they are parsed in:
 * the header once, no second copy. */
bool trace_read(const char *path, struct trace *t) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct trace_ring_head head;
  char first[sizeof head];
  ssize_t got = pread(fd, first, sizeof first, 0);
  if (!head_of(first, got > 0 ? (size_t)got : 0, &head)) {
    close(fd);
    errno = EBADMSG;
    return false;
  }
  size_t len = records_len(&head, UINT64_MAX);
  char *buf = xmalloc(len + 1);
  size_t have = 0;
  while (have < len) {
    ssize_t r =
        pread(fd, buf + have, len - have, (off_t)(head.head_size + have));
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    have += (size_t)r;
  }
  close(fd);
  t->dropped = head.dropped;
  parse_records(buf, have, t);
  free(buf);
  return true;
}

const char *trace_read_error(int e) {
  return e == EBADMSG ? "not a tlsguard-trace trace file (no header)"
                      : strerror(e);
}

void trace_free(struct trace *t) {
  for (size_t i = 0; i < t->n; i++) {
    struct proc *p = &t->procs[i];
    free(p->exe);
    for (size_t k = 0; k < p->n_startup; k++)
      free(p->startup[k].name);
    for (size_t k = 0; k < p->n_late; k++)
      free(p->late[k].name);
    for (size_t k = 0; k < p->n_calls; k++) {
      free(p->calls[k].file);
      free(p->calls[k].message);
      for (size_t g = 0; g < p->calls[k].n_gone; g++)
        free(p->calls[k].gone[g]);
      free(p->calls[k].gone);
    }
    free(p->startup);
    free(p->late);
    free(p->calls);
  }
  free(t->procs);
}

const struct tls_arch *trace_host_arch(void) {
  static const struct tls_arch *arch;
  static bool read;
  if (!read) {
    read = true;
    ElfW(Ehdr) eh;
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh)
      arch = tls_arch_for(eh.e_machine, eh.e_ident[EI_CLASS]);
    if (fd >= 0)
      close(fd);
  }
  return arch;
}

const char *trace_base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

const char *trace_static_tls_failure(const char *message) {
  const char *text = loader_static_tls_error(LOADER_GLIBC);
  for (const char *at = strstr(message, text); at; at = strstr(at + 1, text))
    if (at - message >= 2 && at[-2] == ':' && at[-1] == ' ')
      return at - 2;
  return NULL;
}

bool trace_proc_worth_analyzing(const struct proc *p) {
  for (size_t i = p->inherited_late; i < p->n_late; i++)
    if (p->late[i].size)
      return true;
  for (size_t i = p->inherited_calls; i < p->n_calls; i++)
    if (p->calls[i].message && trace_static_tls_failure(p->calls[i].message))
      return true;
  return false;
}

void trace_summary(FILE *out, const struct trace *t, size_t quiet,
                   const char *cmd) {
  if (t->dropped)
    fprintf(out,
            "tlsguard-trace: warning: %llu bytes of records did not fit in "
            "the trace file (it is full, or its file system is): the report "
            "misses what they said\n",
            (unsigned long long)t->dropped);
  if (!t->n)
    fprintf(out,
            "tlsguard-trace: %s: no traced process reported (it may "
            "have cleared LD_PRELOAD, or be statically linked)\n",
            cmd);
  else
    fprintf(out,
            "tlsguard-trace: %zu process%s traced, %zu with modules loaded "
            "late that have TLS or a dlopen that failed for static TLS\n",
            t->n, t->n == 1 ? "" : "es", t->n - quiet);
}

int trace_pass_status(int status) {
  if (status < 0)
    return 2;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    reraise_signal(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return 2;
}
