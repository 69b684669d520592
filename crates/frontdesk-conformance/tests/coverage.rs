//! Every rule row of docs/semantics.md is covered by at least one conformance
//! scenario: some scenario's `covers` names one of the row's rule tests.

use frontdesk_conformance::{load, scenario_files};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn every_rule_of_the_semantics_is_covered_by_a_scenario() {
    let mut covered = BTreeSet::new();
    for file in scenario_files() {
        for s in load(&file)["scenarios"].as_array().expect("scenarios") {
            for c in s["covers"].as_array().expect("covers") {
                covered.insert(c.as_str().expect("covers names").to_string());
            }
        }
    }
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/semantics.md"))
        .expect("semantics");
    let mut rows = 0;
    let mut uncovered = Vec::new();
    for line in doc.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| rule ")) {
        let tests_column = line.trim_end_matches('|').rsplit('|').next().unwrap_or("");
        let tests: Vec<&str> =
            tests_column.split('`').skip(1).step_by(2).filter(|t| t.contains("::")).collect();
        if tests.is_empty() {
            continue;
        }
        rows += 1;
        if !tests.iter().any(|t| covered.contains(*t)) {
            uncovered.push(line.chars().take(100).collect::<String>());
        }
    }
    assert!(rows >= 40, "found only {rows} rule rows; is the table format changed?");
    assert!(uncovered.is_empty(), "rules without a conformance scenario:\n{}", uncovered.join("\n"));
}
