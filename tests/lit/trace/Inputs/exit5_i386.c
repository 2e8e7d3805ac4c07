/* A 32-bit x86 program without a C library: exits with status 5. */
void _start(void) {
  __asm__ volatile("movl $1, %%eax\n movl $5, %%ebx\n int $0x80" ::: "memory");
}
