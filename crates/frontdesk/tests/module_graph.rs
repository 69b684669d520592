//! The crate's top-level modules must form a layered graph: value types at the
//! bottom, `workspace/` behaviour on top, and no import circle anywhere.
//!
//! Every `.rs` file under `src/` is read; each `crate::X` path (in `use` lines or
//! written inline, comments excluded) is an edge from the file's top-level
//! module to `X`. Names re-exported by `lib.rs` (`crate::Error`) count as edges
//! to the module that defines them.
//!
//! One kind of edge may be waived, by name, in [`PUBLIC_PATH_REEXPORTS`]: a
//! `pub use` that only keeps an item at its published path while the item's
//! code lives higher up. Anything else from the same module to the same target
//! still counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// `(from, to)`: `from` re-exports items of `to` with `pub use` and has no
/// other reference to it.
///
/// `query::sql::export_rows` (with the `SqlRows` it returns) is public API, but
/// it reads a `Workspace`, so its code lives in `workspace/sql_rows.rs`; the
/// query language itself never reads the workspace.
const PUBLIC_PATH_REEXPORTS: &[(&str, &str)] = &[("query", "workspace")];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The source with comments removed and string and char literals blanked, so
/// `crate::` inside docs or text is not mistaken for a path.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r'
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
            && matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
        {
            // Raw string r"..." / r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&h| h == b'#').count() == hashes {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else {
                let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                if b.get(i + 1 + ch_len) == Some(&b'\'') {
                    i += 2 + ch_len;
                    out.push_str("' '");
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().expect("char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// `code` split into its `pub use ...;` statements and everything else.
fn split_reexports(code: &str) -> (String, String) {
    let (mut reexports, mut rest) = (String::new(), String::new());
    let mut tail = code;
    while let Some(at) = tail.find("pub use ") {
        let starts_word = tail[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let end = tail[at..].find(';').map_or(tail.len(), |e| at + e + 1);
        rest.push_str(&tail[..at]);
        if starts_word {
            reexports.push_str(&tail[at..end]);
            reexports.push('\n');
        } else {
            rest.push_str(&tail[at..end]);
        }
        tail = &tail[end..];
    }
    rest.push_str(tail);
    (reexports, rest)
}

/// The first segment of every `crate::` path in `code`, including each item of
/// a `crate::{a, b::c}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before_ok = at == 0 || {
            let p = rest[..at].chars().next_back().expect("char");
            !(p.is_alphanumeric() || p == '_' || p == ':')
        };
        let after = rest[at + "crate::".len()..].trim_start();
        if before_ok {
            if let Some(group) = after.strip_prefix('{') {
                // Only the top level of the group names modules of the crate.
                let mut depth = 0;
                let mut item_start = true;
                for (i, ch) in group.char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if c.is_whitespace() => {}
                        _ => {
                            if item_start && depth == 0 {
                                found.push(ident(&group[i..]).to_string());
                            }
                            item_start = false;
                        }
                    }
                }
            } else {
                let name = ident(after);
                if !name.is_empty() {
                    found.push(name.to_string());
                }
            }
        }
        rest = &rest[at + "crate::".len()..];
    }
    found
}

/// Top-level modules declared in `lib.rs`, and the names `lib.rs` re-exports
/// mapped to the module they come from.
fn crate_root(lib: &str) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let code = code_only(lib);
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for stmt in code.split(';') {
        let stmt = stmt.split_whitespace().collect::<Vec<_>>().join(" ");
        let stmt = stmt.rsplit(']').next().unwrap_or(&stmt).trim();
        let stmt = stmt.strip_prefix("pub(crate) ").or_else(|| stmt.strip_prefix("pub ")).unwrap_or(stmt);
        if let Some(name) = stmt.strip_prefix("mod ") {
            modules.insert(ident(name.trim()).to_string());
        } else if let Some(path) = stmt.strip_prefix("use ") {
            let module = ident(path.trim()).to_string();
            let tail = &path[module.len()..];
            let tail = tail.trim_start_matches("::").trim();
            let names: Vec<&str> = match tail.strip_prefix('{') {
                Some(group) => group.trim_end_matches('}').split(',').collect(),
                None => vec![tail],
            };
            for name in names {
                let name = name.rsplit("::").next().unwrap_or(name);
                let name = name.rsplit(" as ").next().unwrap_or(name).trim();
                if !name.is_empty() {
                    reexports.insert(name.to_string(), module.clone());
                }
            }
        }
    }
    (modules, reexports)
}

fn module_graph() -> Graph {
    let src = src_dir();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let (modules, reexports) = crate_root(&lib);
    assert!(modules.len() > 10, "found only {} modules in lib.rs; is the scan broken?", modules.len());
    let mut graph: Graph = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for path in rust_files(&src) {
        let rel = path.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("component").as_os_str().to_string_lossy();
        let owner = first.trim_end_matches(".rs").to_string();
        if owner == "lib" {
            continue;
        }
        assert!(modules.contains(&owner), "{} is not declared as a module in lib.rs", rel.display());
        let text = std::fs::read_to_string(&path).expect("source");
        let (public_uses, code) = split_reexports(&code_only(&text));
        let resolve = |name: String| -> Option<String> {
            let target = if modules.contains(&name) { Some(name) } else { reexports.get(&name).cloned() };
            target.filter(|t| *t != owner)
        };
        for target in crate_paths(&code).into_iter().filter_map(resolve) {
            graph.get_mut(&owner).expect("owner").insert(target);
        }
        for target in crate_paths(&public_uses).into_iter().filter_map(resolve) {
            if !PUBLIC_PATH_REEXPORTS.contains(&(owner.as_str(), target.as_str())) {
                graph.get_mut(&owner).expect("owner").insert(target);
            }
        }
    }
    graph
}

/// A circle in `graph`, as a path that starts and ends at the same module.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = graph.keys().map(|k| (k.as_str(), Mark::New)).collect();
    for start in graph.keys() {
        if mark[start.as_str()] != Mark::New {
            continue;
        }
        // Iterative depth-first search; `stack` is the current path.
        let mut stack: Vec<(&str, Vec<&str>)> = Vec::new();
        let next = |m: &str| -> Vec<&str> {
            graph.get(m).map(|s| s.iter().map(String::as_str).rev().collect()).unwrap_or_default()
        };
        stack.push((start.as_str(), next(start)));
        mark.insert(start.as_str(), Mark::Open);
        while let Some((node, todo)) = stack.last_mut() {
            match todo.pop() {
                Some(to) => match mark.get(to).copied().unwrap_or(Mark::Done) {
                    Mark::New => {
                        mark.insert(to, Mark::Open);
                        let succ = next(to);
                        stack.push((to, succ));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|(n, _)| *n == to).expect("on path");
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                        cycle.push(to.to_string());
                        return Some(cycle);
                    }
                    Mark::Done => {}
                },
                None => {
                    mark.insert(node, Mark::Done);
                    stack.pop();
                }
            }
        }
    }
    None
}

#[test]
fn top_level_modules_form_no_import_circle() {
    let graph = module_graph();
    if let Some(cycle) = find_cycle(&graph) {
        let mut report = String::new();
        for (m, deps) in &graph {
            report.push_str(&format!("  {m} -> {}\n", deps.iter().cloned().collect::<Vec<_>>().join(", ")));
        }
        panic!("import circle among the crate's modules: {}\n\nmodule graph:\n{report}", cycle.join(" -> "));
    }
}

#[test]
fn the_scan_sees_paths_and_finds_circles() {
    let code = code_only(
        "use crate::{a::X, b}; // crate::c\nlet s = \"crate::d\"; crate::e::f();\npub use crate::g::Y;",
    );
    let (public_uses, rest) = split_reexports(&code);
    assert_eq!(crate_paths(&rest), ["a", "b", "e"]);
    assert_eq!(crate_paths(&public_uses), ["g"]);
    let graph: Graph = [("a", &["b"][..]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]
        .iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(find_cycle(&graph).expect("circle"), ["a", "b", "c", "a"]);
    let mut acyclic = graph.clone();
    acyclic.get_mut("c").expect("c").clear();
    assert_eq!(find_cycle(&acyclic), None);
}

#[test]
fn workspace_behaviour_lives_in_the_workspace_folder() {
    let src = src_dir();
    for path in rust_files(&src) {
        let rel = path.strip_prefix(&src).expect("under src");
        if rel.starts_with("workspace") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        assert!(
            !code_only(&text).contains("impl Workspace {"),
            "{} has an `impl Workspace` block; Workspace behaviour belongs in src/workspace/",
            rel.display()
        );
    }
}
