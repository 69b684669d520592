//! Databases for the store's tests: a fresh SQLite file per test, and a fresh
//! PostgreSQL database per test on the server `.ci/test` starts
//! (`FRONTDESK_PG_URL`). With `FRONTDESK_REQUIRE_PG=1` a missing server fails
//! the test instead of skipping it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("frontdesk-store-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn sqlite_url(&self, name: &str) -> String {
        format!("sqlite://{}", self.0.join(name).display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty PostgreSQL database, or `None` when no server is configured
/// (and none is required).
pub fn postgres_url(tag: &str) -> Option<String> {
    let base = match std::env::var("FRONTDESK_PG_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var("FRONTDESK_REQUIRE_PG").as_deref() != Ok("1"),
                "FRONTDESK_REQUIRE_PG=1 but FRONTDESK_PG_URL is not set"
            );
            eprintln!("skipping the PostgreSQL variant: FRONTDESK_PG_URL is not set");
            return None;
        }
    };
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let name = format!("fd_store_{tag}_{}_{n}", std::process::id());
    let mut client = postgres::Client::connect(&base, postgres::NoTls).expect("connect to FRONTDESK_PG_URL");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (prefix, _) = base.rsplit_once('/').expect("a database name in FRONTDESK_PG_URL");
    Some(format!("{prefix}/{name}"))
}

/// A workspace name not used before in this process.
pub fn unique_name(tag: &str) -> String {
    format!("{tag}-{}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// The first JSON paths where two snapshots differ, for readable failures.
pub fn diff(a: &frontdesk::Snapshot, b: &frontdesk::Snapshot) -> String {
    fn walk(path: String, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value;
        if out.len() >= 8 || a == b {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for k in x.keys().chain(y.keys()) {
                    walk(
                        format!("{path}.{k}"),
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(format!("{path}[{i}]"), p, q, out);
                }
            }
            _ => out.push(format!("{path}: {a} != {b}")),
        }
    }
    let mut out = Vec::new();
    walk(String::new(), &serde_json::to_value(a).unwrap(), &serde_json::to_value(b).unwrap(), &mut out);
    out.dedup();
    out.join("\n")
}
