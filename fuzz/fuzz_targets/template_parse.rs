//! Feeds arbitrary bytes to the template parser. `frontdesk::template::check_parse`
//! holds the checks, shared with the corpus regression test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    // The first byte picks the WhatsApp flag so both modes are explored.
    let approved = data.first().is_some_and(|b| b & 1 == 1);
    if let Err(problem) = frontdesk::template::check_parse(src, approved) {
        panic!("{problem}");
    }
});
