// Compiles csrc/counter.c with the cc crate, which runs $CC (or the
// target-specific CC_<target>): under cargo tlsguard, tlsguard-cc. The flag
// is what many -sys crates pass; the source's attribute would win over a
// global-dynamic flag anyway.
fn main() {
    cc::Build::new()
        .file("csrc/counter.c")
        .flag("-ftls-model=initial-exec")
        .compile("counter");
    println!("cargo:rerun-if-changed=csrc/counter.c");
}
