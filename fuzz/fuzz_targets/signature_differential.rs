#![no_main]
// Same verdict as the reference crates on every input (see ../signature_differential.rs).
#[path = "../signature_differential.rs"]
mod differential;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    differential::run(data);
});
