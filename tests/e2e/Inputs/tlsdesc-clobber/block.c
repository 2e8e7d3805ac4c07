/* 4 KiB of initialised TLS: more than glibc's optional static surplus, so
 * after a late dlopen the module's descriptors stay on _dl_tlsdesc_dynamic,
 * and a new thread's first access allocates the block and copies it. */
__thread char block[4096] = {1};
