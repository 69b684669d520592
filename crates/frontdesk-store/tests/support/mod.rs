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
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}")).unwrap();
    let (prefix, _) = base.rsplit_once('/').expect("a database name in FRONTDESK_PG_URL");
    Some(format!("{prefix}/{name}"))
}
