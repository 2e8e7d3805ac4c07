#include "elf/file_buffer.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>

/* A chunk is handed out front to back by the thread it is current for;
 * it goes back to the pool when the last of its buffers is freed and it is
 * no longer current. Its pages stay mapped and faulted in for the next
 * thread that takes it. */
#define CHUNK_SIZE (1u << 20)

struct chunk {
  struct chunk *next; /* in the pool */
  atomic_size_t live; /* buffers not yet freed, +1 while it is current */
  size_t used;
};

/* Before each buffer: the chunk it came from. */
struct buffer_head {
  alignas(16) struct chunk *chunk;
};

#define HEAD_SIZE ((sizeof(struct chunk) + 15) & ~(size_t)15)

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *pool;
static _Thread_local struct chunk *current;

static void release(struct chunk *c) {
  if (atomic_fetch_sub(&c->live, 1) != 1)
    return;
  pthread_mutex_lock(&pool_lock);
  c->next = pool;
  pool = c;
  pthread_mutex_unlock(&pool_lock);
}

static struct chunk *take_chunk(void) {
  pthread_mutex_lock(&pool_lock);
  struct chunk *c = pool;
  if (c)
    pool = c->next;
  pthread_mutex_unlock(&pool_lock);
  if (!c) {
    /* Populated at once, one call instead of a fault per page -- but not
     * the first: a run over one small file would pay for a whole chunk. */
    static atomic_bool made_one;
    int populate = atomic_exchange(&made_one, true) ? MAP_POPULATE : 0;
    void *p = mmap(NULL, CHUNK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
    if (p == MAP_FAILED)
      return NULL;
    c = p;
  }
  c->next = NULL;
  c->used = HEAD_SIZE;
  atomic_init(&c->live, 1);
  return c;
}

void *file_buffer_get(size_t size) {
  if (size > FILE_BUFFER_MAX)
    return NULL;
  size_t need = sizeof(struct buffer_head) + ((size + 15) & ~(size_t)15);
  if (!current || CHUNK_SIZE - current->used < need) {
    if (current)
      release(current);
    current = take_chunk();
    if (!current)
      return NULL;
  }
  struct buffer_head *h =
      (struct buffer_head *)((unsigned char *)current + current->used);
  h->chunk = current;
  current->used += need;
  atomic_fetch_add(&current->live, 1);
  return h + 1;
}

void file_buffer_free(void *buf) {
  if (buf)
    release(((struct buffer_head *)buf - 1)->chunk);
}
