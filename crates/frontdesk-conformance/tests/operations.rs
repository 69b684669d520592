//! Every public method of `frontdesk::Workspace` (and operation of
//! frontdesk-store) is exposed by every binding under its default name, or
//! `bindings/operations.json` names the exception (another name, or why it is
//! not exposed), so a new core operation cannot be silently missing from a
//! binding.

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

/// The default name of an operation in a binding: the Rust name for Python,
/// its lowerCamelCase for Node and Kotlin.
fn default_name(binding: &str, op: &str) -> String {
    if binding == "python" {
        return op.to_string();
    }
    let mut parts = op.split('_');
    let first = parts.next().unwrap_or_default().to_string();
    parts.fold(first, |mut name, part| {
        let mut chars = part.chars();
        name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        name.push_str(chars.as_str());
        name
    })
}

/// Checks one section of operations.json against the operations the source
/// declares: it lists only exceptions to the default names (another name, or
/// a reason why a binding does not expose it), each for an existing operation
/// and none repeating a default. Returns every operation's name or reason per
/// binding; each binding's own tests resolve the same table
/// (`bindings/operations.mjs`, `bindings/python/tests/operations.py`) and
/// check on the built package that every name exists.
fn check_section(section: &str, ops: &BTreeSet<String>) -> Vec<(String, &'static str, Value)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bindings/operations.json");
    let list: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("operations.json")).expect("json");
    let entries = list[section].as_object().expect(section);
    let stale: Vec<_> = entries.keys().filter(|op| !ops.contains(*op)).collect();
    assert!(
        stale.is_empty(),
        "bindings/operations.json ({section}) excepts operations that do not exist: {stale:?}"
    );
    let mut table = Vec::new();
    for op in ops {
        let entry = entries.get(op);
        for binding in ["python", "node", "kotlin"] {
            // An entry is {"reason": ...} for every binding, or one value per binding.
            let e = entry.map(|e| if e.get("reason").is_some() { e } else { &e[binding] });
            let resolved = match e {
                Some(Value::String(name)) => {
                    assert!(!name.is_empty(), "{op}: {binding} names an empty name");
                    assert_ne!(
                        *name,
                        default_name(binding, op),
                        "{op}: {binding} repeats the default name; leave it out"
                    );
                    e.cloned().unwrap_or_default()
                }
                Some(e) if !e.is_null() => {
                    let ok = e["reason"].as_str().is_some_and(|r| r.len() > 10);
                    assert!(ok, "{op}: {binding} needs another name or a reason why it is not exposed");
                    e.clone()
                }
                _ => Value::String(default_name(binding, op)),
            };
            table.push((op.clone(), binding, resolved));
        }
    }
    table
}

#[test]
fn every_public_workspace_operation_is_exposed_or_excepted_in_every_binding() {
    let core = core_operations();
    assert!(core.len() > 40, "found only {} core operations; is the scan broken?", core.len());
    let table = check_section("operations", &core);
    // The defaults are derived: take_over is take_over, takeOver, takeOver.
    let name =
        |op: &str, b: &str| table.iter().find(|(o, x, _)| o == op && *x == b).map(|(_, _, v)| v.clone());
    assert_eq!(name("take_over", "python"), Some(Value::from("take_over")));
    assert_eq!(name("take_over", "node"), Some(Value::from("takeOver")));
    assert_eq!(name("search_text", "kotlin"), Some(Value::from("search")));
    assert!(name("snapshot", "node").is_some_and(|v| v["reason"].is_string()));
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
fn every_public_store_operation_is_exposed_or_excepted_in_every_binding() {
    let store = store_operations();
    assert!(store.contains("open") && store.contains("apply") && store.contains("refresh"), "{store:?}");
    let table = check_section("store_operations", &store);
    assert!(table.contains(&("take_feed".to_string(), "node", Value::from("takeFeed"))));
    assert!(table.contains(&("open".to_string(), "kotlin", Value::from("openWorkspace"))));
}
