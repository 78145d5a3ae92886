#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| truststore::fuzzing::probe_answer(data));
