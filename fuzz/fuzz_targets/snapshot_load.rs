//! Feeds arbitrary bytes to `Workspace::from_json`, and a valid snapshot
//! mutated as the bytes direct. `frontdesk::integrity::check_load` holds the
//! checks (refused with invalid_snapshot or loaded with consistent derived
//! state and a lossless JSON round trip), shared with the corpus replay test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = frontdesk::integrity::check_load(data) {
        panic!("{problem}");
    }
});
