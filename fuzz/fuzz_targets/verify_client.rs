#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| truststore::fuzzing::verify_client(data));
