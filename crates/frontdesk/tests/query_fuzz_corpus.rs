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

#[test]
fn every_example_in_the_query_docs_keeps_the_parser_promises() {
    let doc = include_str!("../../../docs/query-language.md");
    // Inline code spans and the lines of fenced blocks: every tricky input the
    // documentation mentions.
    let mut examples: Vec<&str> = doc.split('`').skip(1).step_by(2).collect();
    examples.extend(doc.lines());
    let mut failures = Vec::new();
    for example in &examples {
        if let Err(problem) = frontdesk::query::check_parse(example) {
            failures.push(problem);
        }
    }
    assert!(examples.len() > 200, "only {} examples", examples.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
