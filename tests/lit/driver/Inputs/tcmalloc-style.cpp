// tcmalloc's shape: a class static __thread member, initial-exec, in the
// file that defines malloc and free.
#include <stddef.h>

#define ATTR_INITIAL_EXEC __attribute__((tls_model("initial-exec")))

class ThreadCache {
public:
  static ThreadCache *GetCache() { return threadlocal_data_; }
  void *Allocate(size_t n) { return n ? this : nullptr; }

private:
  static __thread ThreadCache *threadlocal_data_ ATTR_INITIAL_EXEC;
};

__thread ThreadCache *ThreadCache::threadlocal_data_ ATTR_INITIAL_EXEC;

extern "C" void *malloc(size_t n) {
  ThreadCache *c = ThreadCache::GetCache();
  return c ? c->Allocate(n) : nullptr;
}
extern "C" void free(void *p) { (void)p; }
