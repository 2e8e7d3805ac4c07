/* The shape of mimalloc's thread-locals: no attribute in the source; the
 * build system appends -ftls-model=initial-exec after the user's CFLAGS, so
 * CFLAGS=-ftls-model=global-dynamic loses. */
typedef struct mi_heap_s {
  void *pages[32];
  unsigned long thread_id;
} mi_heap_t;

__thread mi_heap_t *_mi_heap_default;
__thread mi_heap_t _mi_heap_main_cache;

void *mi_malloc(unsigned long size) {
  if (!_mi_heap_default)
    _mi_heap_default = &_mi_heap_main_cache;
  return size ? _mi_heap_default->pages[size % 32] : 0;
}
