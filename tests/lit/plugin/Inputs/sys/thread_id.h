/* A system header (-isystem) that reads the thread pointer: not the user's
 * code to change, so tlsguard stays quiet about it. */
static inline unsigned long system_thread_id(void) {
  unsigned long id;
  __asm__("movq %%fs:0, %0" : "=r"(id));
  return id;
}
