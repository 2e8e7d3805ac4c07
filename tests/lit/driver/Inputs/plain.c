/* No thread-local storage at all. */
int plain_answer(void) { return 42; }
