/* A module with dynamic TLS, opened and closed many times. */
static __thread char block[2048];
int touch(int i) { return ++block[i % sizeof block]; }
