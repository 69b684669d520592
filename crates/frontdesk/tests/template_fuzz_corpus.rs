//! Runs every file of the `template_parse` fuzz corpus through the fuzz
//! target's checks (`frontdesk::template::check_parse`), so the corpus guards
//! the parser on stable Rust too.

use std::path::PathBuf;

#[test]
fn every_template_fuzz_corpus_file_parses_or_fails_cleanly_with_valid_spans() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/template_parse");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    assert!(files.len() >= 30, "expected a seed corpus in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let Ok(src) = std::str::from_utf8(&data) else { continue };
        let approved = data.first().is_some_and(|b| b & 1 == 1);
        if let Err(problem) = frontdesk::template::check_parse(src, approved) {
            panic!("{}: {problem}", f.display());
        }
    }
}
