/* libtlsguard-trace-preload.so: loaded with LD_PRELOAD by tlsguard-trace.
 * It wraps dlopen, dlmopen, dlclose and dlerror and, after each call,
 * appends what changed to the trace file named by TLSGUARD_TRACE_FILE
 * (trace/records.h): one line per record, the records of one call copied in
 * at once under the lock into bytes reserved by one atomic add on the
 * shared mapping of the file (ring.h), so processes and threads never
 * interleave inside a record, no call costs a system call, and nothing of a
 * call is lost if the process dies after it.
 *
 * It must not change what it observes:
 *  - it has no thread-local storage (no PT_TLS: no module id, no static TLS;
 *    the tests check), so the start-up layout and the surplus are the same as
 *    without it;
 *  - it never touches a TLS block (__tls_get_addr on a block that has no
 *    offset yet would force it dynamic); it reads what the loader recorded;
 *  - dlopen uses its caller's address to pick the RUNPATH/RPATH searched for a
 *    name without '/' and to expand $ORIGIN. For those calls the wrapper
 *    tail-calls the real dlopen (the caller's return address stays on the
 *    stack) and looks at the modules afterwards, at the next dl call or at
 *    exit.
 *
 * Whether a block is static is read from the loader's own record of it: the
 * block's offset from the thread pointer (l_tls_offset), found in the
 * module's link_map next to fields the public interface also gives
 * (initialisation image, its size, the block size, alignment and the module
 * id from dl_iterate_phdr), so a glibc whose layout differs is recognised,
 * not misread. The launcher turns the offset into the block's address for
 * this thread (thread pointer - offset on x86-64) and checks it against the
 * static area and against dlpi_tls_data where the thread has that. */
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <errno.h>

#include "ring.h"

#define EXPORT __attribute__((visibility("default")))

typedef void *(*dlopen_fn)(const char *, int);
typedef void *(*dlmopen_fn)(Lmid_t, const char *, int);
typedef int (*dlclose_fn)(void *);
typedef char *(*dlerror_fn)(void);

static dlopen_fn real_dlopen;
static dlmopen_fn real_dlmopen;
static dlclose_fn real_dlclose;
static dlerror_fn real_dlerror;

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* The trace file (ring.h): its header, mapped shared; a window onto the
 * records, mapped where this process last wrote (not the whole file: a
 * gigabyte of address space would count against a program's RLIMIT_AS);
 * its path, to map another window or reserve more of it on the file system,
 * and which file that is. */
static struct trace_ring_head *ring;
static char *window;
static uint64_t window_off;
static char trace_path[4096];
static dev_t trace_dev;
static ino_t trace_ino;
static bool active;
/* getpid() is a system call: taken at start and at each fork. */
static pid_t my_pid;
static unsigned long seq;
/* A call passed through to the loader untouched (see dlopen below): its
 * name, recorded with what it loaded at the next dl call or at exit. */
static char *pending;
static bool pending_set;
static bool pending_ns;
static unsigned long long last_adds, last_subs;

/* Modules seen so far (link_map address, base, name pointer). */
struct known {
  const void *map;
  uintptr_t addr;
  const char *name;
  char *copy; /* the name, for the record when it goes away */
  bool seen;  /* in the current scan */
};
static struct known *known;
static size_t n_known, cap_known;

/* Where l_tls_initimage_size sits in glibc's link_map, in words (the
 * offset is 4 words further); found on the first module with TLS, usually
 * libc.so.6 at start-up. -1: not found yet. */
static long tls_sig_index = -1;

/* A failed dlopen's message, kept for the thread that called it: the wrapper
 * had to read it with dlerror(), which clears glibc's, so dlerror() here
 * hands it back once. Keyed by thread, in a small table (no TLS). */
#define MAX_PENDING_ERRORS 64
static struct {
  pthread_t thread;
  char *message;
  bool returned;
} errors[MAX_PENDING_ERRORS];

/* ---- writing records ---- */

/* The trace file, opened again by name: -1 unless it is the one mapped
 * at start (same device and inode). */
static int ring_reopen(void) {
  int fd = open(trace_path, O_RDWR | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_dev != trace_dev ||
                  st.st_ino != trace_ino)) {
    close(fd);
    fd = -1;
  }
  return fd;
}

/* Map the trace file's header. The descriptor is closed at once: the
 * program may close or reuse descriptors as it likes. */
static bool ring_open(void) {
  int fd = open(trace_path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct trace_ring_head head;
  struct stat st;
  void *map = MAP_FAILED;
  if (pread(fd, &head, sizeof head, 0) == (ssize_t)sizeof head &&
      !memcmp(head.magic, TRACE_RING_MAGIC, sizeof head.magic) &&
      head.head_size >= sizeof head && head.capacity >= head.head_size &&
      fstat(fd, &st) == 0) {
    map = mmap(NULL, sizeof head, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    trace_dev = st.st_dev;
    trace_ino = st.st_ino;
  }
  close(fd);
  if (map == MAP_FAILED)
    return false;
  ring = map;
  return true;
}

/* Where the file's bytes [off, off + len) are in this process: the window
 * (two steps long, from a step boundary, so any batch fits) moved there
 * first if need be; NULL when the file cannot be mapped. */
static char *ring_at(uint64_t off, uint64_t len) {
  const uint64_t step = TRACE_RING_WINDOW;
  if (!window || off < window_off || off + len > window_off + 2 * step) {
    if (len > step)
      return NULL;
    int fd = ring_reopen();
    if (fd < 0)
      return NULL;
    uint64_t start = off / step * step;
    void *map = mmap(NULL, (size_t)(2 * step), PROT_READ | PROT_WRITE,
                     MAP_SHARED, fd, (off_t)start);
    close(fd);
    if (map == MAP_FAILED)
      return NULL;
    if (window)
      munmap(window, (size_t)(2 * step));
    window = map;
    window_off = start;
  }
  return window + (off - window_off);
}

/* The file's bytes [0, upto) reserved on the file system, so that writing
 * them through the mapping cannot fault (SIGBUS) when it is full. */
static bool ring_allocated(uint64_t upto) {
  uint64_t have = __atomic_load_n(&ring->allocated, __ATOMIC_ACQUIRE);
  if (upto <= have)
    return true;
  uint64_t want = (upto + TRACE_RING_ALLOCATE_STEP - 1) /
                  TRACE_RING_ALLOCATE_STEP * TRACE_RING_ALLOCATE_STEP;
  if (want > ring->capacity)
    want = ring->capacity;
  int fd = ring_reopen();
  if (fd < 0)
    return false;
  /* fallocate, not posix_fallocate: where the file system has no
   * fallocate, glibc's emulation writes a zero into each block that reads
   * as zero -- a record another process copies in meanwhile could lose a
   * byte. There the reservation is skipped (as write(2) would have been
   * the only guard). */
  bool ok = fallocate(fd, 0, (off_t)have, (off_t)(want - have)) == 0 ||
            errno == EOPNOTSUPP;
  close(fd);
  if (!ok)
    return false;
  while (have < want &&
         !__atomic_compare_exchange_n(&ring->allocated, &have, want, false,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    ;
  return true;
}

/* The record being written, and the records of this call not written yet.
 * A call's records go out in one write (before the lock is let go), not one
 * each: a Python start-up makes a hundred of them. */
struct line {
  char buf[8192];
  size_t len;
  char batch[16384];
  size_t batch_len;
};

static void put(struct line *l, const char *s) {
  size_t n = strlen(s);
  if (l->len + n + 2 > sizeof l->buf) {
    n = sizeof l->buf - 2 - l->len;
  }
  memcpy(l->buf + l->len, s, n);
  l->len += n;
}

/* A name or message: tab, newline and backslash escaped. */
static void put_text(struct line *l, const char *s) {
  char tmp[3] = {'\\', 0, 0};
  for (; s && *s; s++) {
    char c = *s;
    if (c == '\t' || c == '\n' || c == '\\') {
      tmp[1] = c == '\t' ? 't' : c == '\n' ? 'n' : '\\';
      put(l, tmp);
    } else {
      char one[2] = {c, 0};
      put(l, one);
    }
  }
}

static void put_num(struct line *l, unsigned long long v) {
  char tmp[24];
  int i = sizeof tmp - 1;
  tmp[i] = '\0';
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v && i > 0);
  put(l, tmp + i);
}

static void put_field_num(struct line *l, unsigned long long v) {
  put(l, "\t");
  put_num(l, v);
}

/* Every record: its tag, then the writing process's id. */
static void start(struct line *l, const char *tag) {
  l->len = 0;
  put(l, tag);
  put_field_num(l, (unsigned long long)my_pid);
}

/* Append the records kept so far to the trace file: their bytes reserved
 * with one atomic add (other processes append to the same file), then
 * copied in. Caller holds the lock. */
static void flush(struct line *l) {
  uint64_t len = l->batch_len;
  if (len && ring) {
    uint64_t off = __atomic_fetch_add(&ring->end, len, __ATOMIC_RELAXED);
    char *at;
    if (off + len <= ring->capacity && ring_allocated(off + len) &&
        (at = ring_at(off, len)))
      memcpy(at, l->batch, len);
    else
      __atomic_fetch_add(&ring->dropped, len, __ATOMIC_RELAXED);
  }
  l->batch_len = 0;
}

/* End the record: keep it with the call's others. */
static void emit(struct line *l) {
  l->buf[l->len++] = '\n';
  if (l->batch_len + l->len > sizeof l->batch)
    flush(l);
  memcpy(l->batch + l->batch_len, l->buf, l->len);
  l->batch_len += l->len;
}

/* The one record buffer, used under the lock: not a heap block per call
 * (a 24 KiB malloc and free per dlopen made glibc grow and trim the heap of
 * the process it observes: +2.4 ms on a Python start-up of 46 imports). */
static struct line the_line;
static bool line_busy;

/* Take the lock and the buffer, nothing kept yet; NULL (lock not held) when
 * this thread already holds them -- the lock is recursive, so a re-entered
 * wrapper records nothing rather than overwrite the records in progress. */
static struct line *line_take(void) {
  pthread_mutex_lock(&lock);
  if (line_busy) {
    pthread_mutex_unlock(&lock);
    return NULL;
  }
  line_busy = true;
  the_line.batch_len = 0;
  return &the_line;
}

/* Write what was kept, let go of the buffer and the lock. */
static void line_give(struct line *l) {
  flush(l);
  line_busy = false;
  pthread_mutex_unlock(&lock);
}

static uintptr_t thread_pointer(void) {
#if defined(__x86_64__)
  uintptr_t tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  return tp;
#elif defined(__i386__)
  uintptr_t tp;
  __asm__("mov %%gs:0, %0" : "=r"(tp));
  return tp;
#else
  return (uintptr_t)__builtin_thread_pointer();
#endif
}

/* ---- reading the loader's state ---- */

/* dl_iterate_phdr reports the caller's namespace, the base one for this
 * module: its link_maps are on _r_debug's list. */
static const struct link_map *find_link_map(const struct link_map *hint,
                                            uintptr_t addr, const char *name) {
  /* The list's order is dl_iterate_phdr's: the one after the last found is
   * nearly always the next (a scan stays linear in the modules). */
  if (hint && hint->l_addr == addr && hint->l_name == name)
    return hint;
  for (const struct link_map *l = _r_debug.r_map; l; l = l->l_next)
    if (l->l_addr == addr && l->l_name == name)
      return l;
  return NULL;
}

static bool readable(const void *p, size_t len) {
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page - 1);
  uintptr_t end = (uintptr_t)p + len;
  unsigned char vec[4];
  size_t pages = (end - start + (uintptr_t)page - 1) / (uintptr_t)page;
  if (pages > sizeof vec)
    return false;
  return mincore((void *)start, end - start, vec) == 0;
}

#define SIG_SEARCH_WORDS 320 /* 2.5 KiB: glibc's link_map is ~1.1 KiB */

static bool sig_matches(const uintptr_t *w, uintptr_t image, uintptr_t filesz,
                        uintptr_t memsz, uintptr_t align, uintptr_t modid) {
  return w[-1] == image && w[0] == filesz && w[1] == memsz && w[2] == align &&
         w[5] == modid;
}

/* The block's offset as the loader recorded it, or false. */
static bool tls_offset_of(const struct link_map *l, const ElfW(Phdr) * tls,
                          uintptr_t base, size_t modid, intptr_t *offset) {
  if (!l)
    return false;
  uintptr_t image = base + tls->p_vaddr, filesz = tls->p_filesz,
            memsz = tls->p_memsz, align = tls->p_align;
  const uintptr_t *w = (const uintptr_t *)(const void *)l;
  if (tls_sig_index < 0) {
    /* Not found yet: look in this link_map (a failed search is retried on
     * the next module, never cached). */
    if (readable(w, SIG_SEARCH_WORDS * sizeof *w))
      for (long i = 1; i + 5 < SIG_SEARCH_WORDS; i++)
        if (sig_matches(w + i, image, filesz, memsz, align, modid)) {
          tls_sig_index = i;
          break;
        }
  }
  if (tls_sig_index < 0)
    return false;
  const uintptr_t *s = w + tls_sig_index;
  if (!sig_matches(s, image, filesz, memsz, align, modid))
    return false;
  *offset = (intptr_t)s[4];
  return true;
}

static void error_clear_for_thread(pthread_t self);

/* ---- scanning ---- */

struct scan {
  struct line *l;
  const char *tag; /* "S" start-up, "L" late */
  unsigned long seq;
  uintptr_t tp;
  const struct link_map *next_map; /* after the last one found */
  size_t next_known;               /* likewise, in known[] */
};

static struct known *known_find(struct scan *sc, const void *map,
                                uintptr_t addr, const char *name) {
  for (size_t n = 0; n < n_known; n++) {
    size_t i = (sc->next_known + n) % n_known;
    if (known[i].map == map && known[i].addr == addr && known[i].name == name) {
      sc->next_known = i + 1;
      return &known[i];
    }
  }
  return NULL;
}

static bool known_add(const void *map, uintptr_t addr, const char *name) {
  if (n_known == cap_known) {
    size_t cap = cap_known ? cap_known * 2 : 64;
    struct known *k = realloc(known, cap * sizeof *k);
    if (!k)
      return false;
    known = k;
    cap_known = cap;
  }
  known[n_known++] =
      (struct known){map, addr, name, strdup(name ? name : ""), true};
  return true;
}

/* Record: TAG seq modid size align filesz offset-known offset tp data ns name
 */
static int scan_one(struct dl_phdr_info *info, size_t size, void *arg) {
  struct scan *sc = arg;
  const struct link_map *l =
      find_link_map(sc->next_map, info->dlpi_addr, info->dlpi_name);
  if (l)
    sc->next_map = l->l_next;
  struct known *k = known_find(sc, l, info->dlpi_addr, info->dlpi_name);
  if (k) {
    k->seen = true;
    return 0;
  }
  known_add(l, info->dlpi_addr, info->dlpi_name);
  const ElfW(Phdr) *tls = NULL;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_TLS)
      tls = &info->dlpi_phdr[i];
  intptr_t off = 0;
  bool off_known =
      tls && info->dlpi_tls_modid &&
      tls_offset_of(l, tls, info->dlpi_addr, info->dlpi_tls_modid, &off);
  struct line *ln = sc->l;
  start(ln, sc->tag);
  put_field_num(ln, sc->seq);
  put_field_num(ln, tls ? info->dlpi_tls_modid : 0);
  put_field_num(ln, tls ? tls->p_memsz : 0);
  put_field_num(ln, tls ? tls->p_align : 0);
  put_field_num(ln, tls ? tls->p_filesz : 0);
  put_field_num(ln, tls ? (tls->p_vaddr & (tls->p_align ? tls->p_align - 1 : 0))
                        : 0);
  put_field_num(ln, off_known);
  put_field_num(ln, (unsigned long long)off);
  put_field_num(ln, sc->tp);
  put_field_num(ln, (uintptr_t)(tls ? info->dlpi_tls_data : NULL));
  put(ln, "\t");
  const char *name = info->dlpi_name;
  if (!name || !*name)
    name = sc->tag[0] == 'S' ? "(main program)" : "(unnamed)";
  put_text(ln, name);
  emit(ln);
  return 0;
}

static int count_mods(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)info;
  (void)size;
  (void)arg;
  last_adds = info->dlpi_adds;
  last_subs = info->dlpi_subs;
  return 1;
}

/* Record the modules that appeared since the last scan (seq: the call they
 * are attributed to) and those that went away. Caller holds the lock. */
static void scan_changes(unsigned long for_seq, const char *tag,
                         struct line *ln) {
  unsigned long long adds = last_adds, subs = last_subs;
  dl_iterate_phdr(count_mods, NULL);
  if (tag[0] != 'S' && adds == last_adds && subs == last_subs)
    return;
  for (size_t i = 0; i < n_known; i++)
    known[i].seen = false;
  struct scan sc = {ln, tag, for_seq, thread_pointer(), _r_debug.r_map, 0};
  dl_iterate_phdr(scan_one, &sc);
  size_t keep = 0;
  for (size_t i = 0; i < n_known; i++) {
    if (!known[i].seen) {
      start(ln, "X");
      put_field_num(ln, for_seq);
      put(ln, "\t");
      put_text(ln, known[i].copy);
      emit(ln);
      free(known[i].copy);
      continue;
    }
    known[keep++] = known[i];
  }
  n_known = keep;
}

static void flush_pending(struct line *ln) {
  if (!pending_set)
    return;
  pending_set = false;
  unsigned long s = ++seq;
  start(ln, "D");
  put_field_num(ln, s);
  put(ln,
      pending_ns ? "\tpassed-through-dlmopen\t0\t" : "\tpassed-through\t0\t");
  put_text(ln, pending);
  put(ln, "\t");
  emit(ln);
  free(pending);
  pending = NULL;
  scan_changes(s, "L", ln);
}

/* Before a call that is passed through: settle the previous one, remember
 * this one. */
static void pass_through(const char *file, bool ns) {
  int saved_errno = errno;
  struct line *ln = line_take();
  if (ln) {
    flush_pending(ln);
    error_clear_for_thread(pthread_self());
    pending = strdup(file ? file : "(the main program)");
    pending_set = true;
    pending_ns = ns;
    line_give(ln);
  }
  errno = saved_errno;
}

/* ---- the pending-error table ---- */

static void error_clear_for_thread(pthread_t self) {
  for (int i = 0; i < MAX_PENDING_ERRORS; i++)
    if (errors[i].message && pthread_equal(errors[i].thread, self)) {
      free(errors[i].message);
      errors[i].message = NULL;
    }
}

static void error_keep(pthread_t self, const char *msg) {
  error_clear_for_thread(self);
  for (int i = 0; i < MAX_PENDING_ERRORS; i++)
    if (!errors[i].message) {
      errors[i].thread = self;
      errors[i].message = strdup(msg);
      errors[i].returned = false;
      return;
    }
}

/* ---- the wrappers ---- */

static void resolve(void) {
  if (!real_dlopen) {
    real_dlopen = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
    real_dlmopen = (dlmopen_fn)dlsym(RTLD_NEXT, "dlmopen");
    real_dlclose = (dlclose_fn)dlsym(RTLD_NEXT, "dlclose");
    real_dlerror = (dlerror_fn)dlsym(RTLD_NEXT, "dlerror");
  }
}

/* Whether the loader looks at the caller: for a DST ($ORIGIN) in the name,
 * and for a name without '/', searched along the RPATH of the caller and of
 * the objects that loaded it, or its RUNPATH. A wrapper that called dlopen
 * itself would be that caller: such calls are passed through. */
static bool caller_matters(const char *file) {
  return strchr(file, '$') || !strchr(file, '/');
}

static void *traced_open(bool ns, Lmid_t lmid, const char *file, int mode) {
  int saved_errno = errno;
  pthread_t self = pthread_self();
  struct line *ln = line_take();
  if (ln) {
    flush_pending(ln);
    error_clear_for_thread(self);
    line_give(ln);
  }
  errno = saved_errno;
  void *h = ns ? real_dlmopen(lmid, file, mode) : real_dlopen(file, mode);
  saved_errno = errno;
  char *msg = NULL;
  if (!h) {
    const char *e = real_dlerror();
    msg = e ? strdup(e) : NULL;
  }
  if (ln && (ln = line_take())) {
    unsigned long s = ++seq;
    start(ln, "D");
    put_field_num(ln, s);
    put(ln, h ? "\tok\t" : "\tfailed\t");
    put_num(ln, (unsigned)mode);
    put(ln, "\t");
    put_text(ln, file);
    put(ln, "\t");
    put_text(ln, msg);
    emit(ln);
    scan_changes(s, "L", ln);
    if (msg)
      error_keep(self, msg);
    line_give(ln);
  }
  free(msg);
  errno = saved_errno;
  return h;
}

EXPORT void *dlopen(const char *file, int mode) {
  resolve();
  if (!active || !file) /* NULL: the main program's handle, nothing loads */
    return real_dlopen(file, mode);
  if (caller_matters(file)) {
    pass_through(file, false);
    /* A tail call: the real dlopen sees our caller's return address. */
    return real_dlopen(file, mode);
  }
  return traced_open(false, 0, file, mode);
}

EXPORT void *dlmopen(Lmid_t lmid, const char *file, int mode) {
  resolve();
  if (!active || !file)
    return real_dlmopen(lmid, file, mode);
  if (caller_matters(file)) {
    pass_through(file, true);
    return real_dlmopen(lmid, file, mode);
  }
  return traced_open(true, lmid, file, mode);
}

EXPORT int dlclose(void *handle) {
  resolve();
  int r = real_dlclose(handle);
  if (active) {
    int saved_errno = errno;
    struct line *ln = line_take();
    if (ln) {
      flush_pending(ln);
      unsigned long s = ++seq;
      start(ln, "C");
      put_field_num(ln, s);
      put_field_num(ln, (unsigned)r);
      emit(ln);
      scan_changes(s, "L", ln);
      line_give(ln);
    }
    errno = saved_errno;
  }
  return r;
}

EXPORT char *dlerror(void) {
  resolve();
  struct line *ln = active ? line_take() : NULL;
  if (ln) {
    pthread_t self = pthread_self();
    char *out = NULL;
    bool found = false;
    for (int i = 0; i < MAX_PENDING_ERRORS; i++)
      if (errors[i].message && pthread_equal(errors[i].thread, self)) {
        found = true;
        if (errors[i].returned) {
          /* Delivered once already: glibc says NULL the second time. */
          free(errors[i].message);
          errors[i].message = NULL;
        } else {
          errors[i].returned = true;
          out = errors[i].message;
        }
      }
    if (found) {
      line_give(ln);
      return out;
    }
    /* A passed-through call's message: recorded as the caller reads it. */
    int saved_errno = errno;
    bool was_pending = pending_set;
    flush_pending(ln);
    out = real_dlerror();
    if (out && (was_pending || strstr(out, "static TLS"))) {
      start(ln, "E");
      put_field_num(ln, seq);
      put(ln, "\t");
      put_text(ln, out);
      emit(ln);
    }
    line_give(ln);
    errno = saved_errno;
    return out;
  }
  return real_dlerror();
}

/* ---- start and end ---- */

/* fork in one thread while another holds the lock: the child would wait
 * for it forever at its next dl call. So fork waits for the lock, and the
 * child starts with a new one: the child's only thread has a new thread id,
 * so it cannot unlock the one it inherited (a recursive mutex is unlocked
 * by its owner only: EPERM), and a child that ends with exit() -- a shell's
 * command substitution -- would hang in the destructor. */
static void fork_prepare(void) { pthread_mutex_lock(&lock); }
static void fork_parent(void) { pthread_mutex_unlock(&lock); }
static void fork_child(void) {
  lock = (pthread_mutex_t)PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  line_busy = false;
  my_pid = getpid();
  if (!active)
    return;
  /* A new process with its parent's modules: the record says whose. */
  struct line *ln = line_take();
  if (!ln)
    return;
  start(ln, "F");
  put_field_num(ln, (unsigned long long)getppid());
  emit(ln);
  line_give(ln);
}

__attribute__((constructor)) static void trace_start(void) {
  int saved_errno = errno;
  resolve();
  const char *path = getenv("TLSGUARD_TRACE_FILE");
  if (!path || !*path || strlen(path) >= sizeof trace_path)
    return;
  strcpy(trace_path, path);
  if (!ring_open())
    return;
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = '\0';
  my_pid = getpid();
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  struct line *ln = line_take();
  if (!ln)
    return;
  active = true;
  start(ln, "P");
  put_field_num(ln, (unsigned long long)getppid());
  put_field_num(ln, sizeof(void *) * 8);
  put(ln, "\t");
  put_text(ln, exe);
  emit(ln);
  scan_changes(0, "S", ln);
  line_give(ln);
  errno = saved_errno;
}

__attribute__((destructor)) static void trace_end(void) {
  if (!active)
    return;
  int saved_errno = errno;
  struct line *ln = line_take();
  if (ln) {
    flush_pending(ln);
    start(ln, "Z");
    emit(ln);
    line_give(ln);
  }
  errno = saved_errno;
}
