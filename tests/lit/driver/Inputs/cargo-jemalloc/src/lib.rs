//! A cdylib that allocates through jemalloc: loaded late, its 6 KiB of
//! initial-exec TLS does not fit glibc's surplus unless rewritten.
#[no_mangle]
pub extern "C" fn jecdylib_probe() -> usize {
    unsafe {
        let p = jemalloc_sys::malloc(16);
        jemalloc_sys::free(p);
        p as usize
    }
}
