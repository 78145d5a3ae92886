#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| truststore::fuzzing::access_log(data));
