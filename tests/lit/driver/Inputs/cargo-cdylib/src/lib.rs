//! A cdylib (say, a Python extension) whose C part keeps per-thread state.
extern "C" {
    fn c_counter_bump() -> i32;
}

#[no_mangle]
pub extern "C" fn tlscounter_bump() -> i32 {
    unsafe { c_counter_bump() }
}
