//! Runs every file of the `snapshot_load` fuzz corpus through the same checks
//! as the fuzz target, so the corpus (and every crash ever found) is
//! regression-tested on stable Rust with `cargo test`.

use std::path::Path;

#[test]
fn every_snapshot_fuzz_corpus_input_keeps_the_loading_promises() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/snapshot_load");
    let mut count = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(problem) = frontdesk::integrity::check_load(&bytes) {
            failures.push(format!("{}: {problem}", path.display()));
        }
        count += 1;
    }
    assert!(count >= 3, "only {count} corpus files in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_seed_snapshot_loads_and_round_trips() {
    let seeds = frontdesk::integrity::seed_snapshots();
    assert!(seeds.len() >= 3);
    for json in &seeds {
        let ws = frontdesk::Workspace::from_json(json).unwrap();
        assert_eq!(&ws.to_json().unwrap(), json);
        frontdesk::integrity::check_load(json.as_bytes()).unwrap();
    }
}
