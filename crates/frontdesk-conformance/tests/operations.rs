//! The list of operations the bindings expose (`bindings/operations.json`)
//! must name every public method of `frontdesk::Workspace`, and nothing else,
//! so a new core operation cannot be silently missing from a binding.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Public methods inside `impl Workspace { ... }` blocks of the core's sources.
fn core_operations() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontdesk/src");
    let mut ops = BTreeSet::new();
    // Module folders (query/, template/, ...) hold sources too.
    let mut files = Vec::new();
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("core sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    for path in files {
        let text = std::fs::read_to_string(path).expect("source");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("\nimpl Workspace {") {
            let block = &rest[at + 1..];
            let mut depth = 0usize;
            let mut end = block.len();
            for (i, ch) in block.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            for line in block[..end].lines() {
                if let Some(name) = line.strip_prefix("    pub fn ") {
                    let name: String =
                        name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    ops.insert(name);
                }
            }
            rest = &block[end..];
        }
    }
    ops
}

#[test]
fn every_public_workspace_operation_is_listed_for_every_binding() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bindings/operations.json");
    let list: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("operations.json")).expect("json");
    let listed: BTreeSet<String> =
        list["operations"].as_object().expect("operations").keys().cloned().collect();
    let core = core_operations();
    assert!(core.len() > 40, "found only {} core operations; is the scan broken?", core.len());
    let missing: Vec<_> = core.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&core).collect();
    assert!(missing.is_empty(), "core operations missing from bindings/operations.json: {missing:?}");
    assert!(stale.is_empty(), "bindings/operations.json lists operations the core no longer has: {stale:?}");
    for (op, entry) in list["operations"].as_object().expect("operations") {
        for binding in ["python", "node", "kotlin"] {
            let e = &entry[binding];
            let ok = e.as_str().is_some_and(|s| !s.is_empty())
                || e["reason"].as_str().is_some_and(|r| r.len() > 10);
            assert!(ok, "{op}: {binding} needs an exposed name or a reason why not");
        }
    }
}

/// Public functions of frontdesk-store and public methods of `StoredWorkspace`.
fn store_operations() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontdesk-store/src/lib.rs");
    let text = std::fs::read_to_string(path).expect("store source");
    let name =
        |rest: &str| -> String { rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut ops: BTreeSet<String> =
        text.lines().filter_map(|l| l.strip_prefix("pub fn ")).map(name).collect();
    let at = text.find("\nimpl StoredWorkspace {").expect("impl StoredWorkspace");
    let block = &text[at + 1..];
    let mut depth = 0usize;
    for line in block.lines() {
        if depth == 1 {
            if let Some(rest) = line.strip_prefix("    pub fn ") {
                ops.insert(name(rest));
            }
        }
        depth += line.matches('{').count();
        depth -= line.matches('}').count();
        if depth == 0 && line.contains('}') {
            break;
        }
    }
    ops
}

#[test]
fn every_public_store_operation_is_listed_for_every_binding() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bindings/operations.json");
    let list: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("operations.json")).expect("json");
    let entries = list["store_operations"].as_object().expect("store_operations");
    let listed: BTreeSet<String> = entries.keys().cloned().collect();
    let store = store_operations();
    assert!(store.contains("open") && store.contains("apply") && store.contains("refresh"), "{store:?}");
    let missing: Vec<_> = store.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&store).collect();
    assert!(missing.is_empty(), "store operations missing from bindings/operations.json: {missing:?}");
    assert!(
        stale.is_empty(),
        "bindings/operations.json lists store operations that no longer exist: {stale:?}"
    );
    for (op, entry) in entries {
        for binding in ["python", "node", "kotlin"] {
            let e = &entry[binding];
            let ok = e.as_str().is_some_and(|s| !s.is_empty())
                || e["reason"].as_str().is_some_and(|r| r.len() > 10);
            assert!(ok, "{op}: {binding} needs an exposed name or a reason why not");
        }
    }
}
