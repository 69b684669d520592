//! Runs every file of the fuzz corpus through the same checks as the fuzz
//! target, so the corpus (and every crash ever found) is regression-tested on
//! stable Rust with `cargo test`.

use std::path::Path;

#[test]
fn every_fuzz_corpus_input_keeps_the_parser_promises() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/query_parse");
    let mut count = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let input = String::from_utf8_lossy(&bytes);
        if let Err(problem) = frontdesk::query::check_parse(&input) {
            failures.push(format!("{}: {problem}", path.display()));
        }
        count += 1;
    }
    assert!(count >= 30, "only {count} corpus files in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
