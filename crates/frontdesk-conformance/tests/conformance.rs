//! The Rust runner of the shared scenarios: every scenario must pass against
//! the core API.

use frontdesk_conformance::{load, run_scenario, scenario_dir, scenario_files};

#[test]
fn every_conformance_scenario_passes_against_the_rust_api() {
    let fixture = load(&scenario_dir().join("fixture.json"));
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for file in scenario_files() {
        let doc = load(&file);
        for s in doc["scenarios"].as_array().expect("scenarios") {
            total += 1;
            match run_scenario(&fixture, s) {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{} / {}: {e}", file.display(), s["name"])),
            }
        }
    }
    println!("conformance: {passed}/{total} scenarios passed (rust)");
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 60, "the suite must hold at least 60 scenarios, found {total}");
}
