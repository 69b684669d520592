//! Feeds arbitrary bytes to the query parser. `frontdesk::query::check_parse`
//! holds the checks, shared with the corpus regression test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Bindings hand over UTF-8 with invalid sequences replaced, as here.
    let input = String::from_utf8_lossy(data);
    if let Err(problem) = frontdesk::query::check_parse(&input) {
        panic!("{problem}");
    }
});
