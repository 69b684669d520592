//! The durable store (`frontdesk-store`) measured on SQLite and
//! PostgreSQL side by side, on generated workspaces:
//!
//! 1. one persisted `receive_message` per transaction (to an existing
//!    conversation, and from a new contact) on 10k conversations: median, p99,
//!    commands/s;
//! 2. 1,000 `receive_message` calls in ONE `StoredWorkspace::apply` (one
//!    transaction): messages/s;
//! 3. opening a stored workspace of 100k and 1M conversations vs
//!    `Workspace::from_json` of the same workspace, with a breakdown of the
//!    SQLite open (row reads / decoding / index rebuild);
//! 4. bytes on disk per conversation next to the JSON snapshot.
//!
//! ```sh
//! FRONTDESK_PG_URL=postgresql://... cargo run --release -p frontdesk-benches --bin store
//! cargo run --release -p frontdesk-benches --bin store -- --open 100000 --pg-open 100000 --commands 2000 --batches 20
//! ```
//!
//! Without `FRONTDESK_PG_URL` only SQLite is measured. The workspaces to open
//! are built once (generated, written as JSON and imported) and cached under
//! `target/store-bench/` (SQLite files) and in the PostgreSQL databases
//! `fd_bench_open_<n>`; delete them to rebuild. The command benchmarks use a
//! fresh copy each run (`target/store-bench/cmd-10000.db`, database
//! `fd_bench_cmd`).

use chrono::{DateTime, Duration, Utc};
use frontdesk::*;
use frontdesk_benches::generate;
use frontdesk_store::StoredWorkspace;
use std::path::{Path, PathBuf};
use std::time::Instant;

const COMMAND_SIZE: usize = 10_000;
const BATCH: usize = 1_000;
const NAME: &str = "bench";

struct Args {
    open: Vec<usize>,
    pg_open: Vec<usize>,
    commands: usize,
    batches: usize,
}

fn list(s: &str) -> Vec<usize> {
    s.split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

fn args() -> Args {
    let mut a = Args { open: vec![100_000, 1_000_000], pg_open: vec![100_000], commands: 2_000, batches: 20 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--open" => a.open = list(&value),
            "--pg-open" => a.pg_open = list(&value),
            "--commands" => a.commands = value.parse().expect("--commands N"),
            "--batches" => a.batches = value.parse().expect("--batches N"),
            _ => panic!("unknown flag {flag}; see the header of benches/src/bin/store.rs"),
        }
    }
    a
}

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("store-bench");
    std::fs::create_dir_all(&dir).expect("create target/store-bench");
    dir
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cpus} CPUs, {model}")
}

/// This thread's time on a CPU and waiting for one (`/proc/thread-self/schedstat`,
/// nanoseconds): wall time minus both is time blocked (I/O, the database
/// server).
fn sched() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let mut it = s.split_whitespace().filter_map(|n| n.parse::<f64>().ok());
    (it.next().unwrap_or(0.0), it.next().unwrap_or(0.0))
}

/// Wall, on-CPU and runnable-but-waiting seconds of `f`.
fn measured<T>(f: impl FnOnce() -> T) -> (T, [f64; 3]) {
    let (cpu, wait) = sched();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed().as_secs_f64();
    let (cpu2, wait2) = sched();
    (out, [wall, (cpu2 - cpu) / 1e9, (wait2 - wait) / 1e9])
}

// ----- databases ---------------------------------------------------------------------

#[derive(Clone)]
enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    fn label(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

fn pg_client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to FRONTDESK_PG_URL")
}

/// The URL of database `name` on the server of `base`.
fn pg_database(base: &str, name: &str) -> String {
    let (prefix, _) = base.rsplit_once('/').expect("a database name in FRONTDESK_PG_URL");
    format!("{prefix}/{name}")
}

fn pg_fresh_database(base: &str, name: &str) -> String {
    let mut c = pg_client(base);
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).expect("drop database");
    c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    pg_database(base, name)
}

/// The version of the stored workspace `bench` in an existing PostgreSQL
/// database, creating the database when absent.
fn pg_stored_version(base: &str, name: &str) -> i64 {
    let mut c = pg_client(base);
    let exists = c.query("SELECT 1 FROM pg_database WHERE datname = $1", &[&name]).expect("pg_database");
    if exists.is_empty() {
        c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
        return 0;
    }
    let mut db = pg_client(&pg_database(base, name));
    db.query("SELECT version FROM fd_workspaces WHERE name = $1", &[&NAME])
        .ok()
        .and_then(|rows| rows.first().map(|r| r.get::<_, i64>(0)))
        .unwrap_or(0)
}

fn sqlite_stored_version(path: &Path) -> i64 {
    if !path.exists() {
        return 0;
    }
    let c = rusqlite::Connection::open(path).expect("open cached SQLite file");
    c.query_row("SELECT version FROM fd_workspaces WHERE name = ?1", [NAME], |r| r.get(0)).unwrap_or(0)
}

fn sqlite_bytes(path: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

fn pg_bytes(url: &str) -> u64 {
    let mut c = pg_client(url);
    let row = c
        .query_one(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE 'fd\\_%'",
            &[],
        )
        .expect("table sizes");
    row.get::<_, i64>(0) as u64
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

// ----- statistics ----------------------------------------------------------------------

struct Stats {
    median_us: f64,
    p99_us: f64,
    mean_us: f64,
}

fn stats(mut samples: Vec<f64>) -> Stats {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    Stats { median_us: at(0.5), p99_us: at(0.99), mean_us: mean }
}

// ----- commands ------------------------------------------------------------------------

/// An existing conversation a customer writes to again.
#[derive(Clone, Copy)]
struct Target {
    contact: ContactId,
    channel: Channel,
}

fn targets(ws: &Workspace) -> Vec<Target> {
    (1..=ws.conversation_slots())
        .filter_map(|id| ws.conversation_row(ConversationId(id)))
        .filter_map(|c| Some(Target { contact: c.contact()?, channel: c.channel }))
        .collect()
}

fn existing(t: Target) -> Inbound {
    Inbound {
        from: Sender::Contact { contact: t.contact },
        channel: t.channel,
        body: "One more thing about my order".into(),
        attachments: vec![],
        campaign: None,
    }
}

fn new_contact(i: usize) -> Inbound {
    Inbound {
        from: Sender::Address { handle: format!("new-customer-{i}@example.com") },
        channel: Channel::Email,
        body: "Hello, I would like to know more".into(),
        attachments: vec![],
        campaign: None,
    }
}

struct CommandFigures {
    import_secs: f64,
    existing: Stats,
    new_contact: Stats,
    batch_msgs_per_sec: f64,
    batch_median_ms: f64,
    /// Wall, on-CPU and waiting-for-a-CPU seconds of all batches.
    batch_split: [f64; 3],
    /// Wall, on-CPU and waiting seconds of the batches from new contacts.
    new_batch_split: [f64; 3],
    /// The same for the single commands to existing conversations.
    existing_split: [f64; 3],
    memory_msgs_per_sec: f64,
}

fn command_bench(backend: &Backend, source: &Workspace, now: DateTime<Utc>, a: &Args) -> CommandFigures {
    let url = match backend {
        Backend::Sqlite => {
            let path = cache_dir().join(format!("cmd-{COMMAND_SIZE}.db"));
            remove_sqlite(&path);
            format!("sqlite://{}", path.display())
        }
        Backend::Postgres(base) => pg_fresh_database(base, "fd_bench_cmd"),
    };
    let mut store = frontdesk_store::open(&url, NAME, None).expect("open");
    let start = Instant::now();
    store.import(source).expect("import");
    let import_secs = start.elapsed().as_secs_f64();
    let targets = targets(&store);
    let mut clock = now;
    let mut tick = || {
        clock += Duration::milliseconds(1);
        clock
    };
    let sys = Actor::System;
    let time = |store: &mut StoredWorkspace, inbound: Inbound, at: DateTime<Utc>| {
        let start = Instant::now();
        store.apply(|w| w.receive_message(sys, at, inbound)).expect("receive_message");
        start.elapsed().as_secs_f64() * 1e6
    };
    // Warm-up: caches, prepared statements, the database's buffers.
    for i in 0..200 {
        time(&mut store, existing(targets[(i * 7919) % targets.len()]), tick());
    }
    let mut samples = Vec::with_capacity(a.commands);
    let ((), existing_split) = measured(|| {
        for i in 0..a.commands {
            samples.push(time(&mut store, existing(targets[(i * 7919 + 13) % targets.len()]), tick()));
        }
    });
    let existing_stats = stats(samples);
    let mut samples = Vec::with_capacity(a.commands);
    for i in 0..a.commands {
        samples.push(time(&mut store, new_contact(i), tick()));
    }
    let new_stats = stats(samples);

    // Batches: 1,000 messages to 1,000 different existing conversations per
    // transaction.
    let mut next = 0usize;
    let mut batch_ms = Vec::new();
    let (cpu0, wait0) = sched();
    let start = Instant::now();
    for _ in 0..a.batches {
        let at = tick();
        let chosen: Vec<Target> = (0..BATCH)
            .map(|_| {
                next += 1;
                targets[(next * 7919) % targets.len()]
            })
            .collect();
        let t = Instant::now();
        store
            .apply(|w| {
                for (k, target) in chosen.iter().enumerate() {
                    w.receive_message(sys, at + Duration::microseconds(k as i64), existing(*target))?;
                }
                Ok(())
            })
            .expect("batch");
        batch_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let batch_secs = start.elapsed().as_secs_f64();
    let (cpu1, wait1) = sched();
    let batch_split = [batch_secs, (cpu1 - cpu0) / 1e9, (wait1 - wait0) / 1e9];

    // Batches of 1,000 messages from new contacts (a bulk ingest): each
    // creates a contact and a conversation, rows appended at the end.
    let mut fresh = a.commands;
    let ((), new_batch_split) = measured(|| {
        for _ in 0..a.batches {
            let at = tick();
            store
                .apply(|w| {
                    for k in 0..BATCH {
                        fresh += 1;
                        w.receive_message(sys, at + Duration::microseconds(k as i64), new_contact(fresh))?;
                    }
                    Ok(())
                })
                .expect("batch of new contacts");
        }
    });
    let batch_median_ms = stats(batch_ms).median_us;

    // The same batches on the workspace in memory alone: the core's share.
    let mut ws = store.workspace().clone();
    let at = tick() + Duration::seconds(1);
    let start = Instant::now();
    for b in 0..a.batches {
        for k in 0..BATCH {
            next += 1;
            let target = targets[(next * 7919) % targets.len()];
            let when = at + Duration::milliseconds(b as i64) + Duration::microseconds(k as i64);
            ws.receive_message(sys, when, existing(target)).expect("in memory");
        }
    }
    let memory_secs = start.elapsed().as_secs_f64();
    CommandFigures {
        import_secs,
        existing: existing_stats,
        new_contact: new_stats,
        batch_msgs_per_sec: (a.batches * BATCH) as f64 / batch_secs,
        batch_median_ms,
        batch_split,
        new_batch_split,
        existing_split,
        memory_msgs_per_sec: (a.batches * BATCH) as f64 / memory_secs,
    }
}

// ----- open ----------------------------------------------------------------------------

struct OpenFigures {
    json_bytes: u64,
    json_read_secs: f64,
    /// Wall, on-CPU and waiting seconds of `Workspace::from_json`.
    from_json: [f64; 3],
    sqlite: Option<StoreOpen>,
    postgres: Option<StoreOpen>,
    /// SQLite open split (wall, CPU, waiting): reading the rows alone, and
    /// `from_snapshot` alone.
    rows_split: [f64; 3],
    from_snapshot_split: [f64; 3],
}

struct StoreOpen {
    open_secs: f64,
    /// Seconds on a CPU and waiting for one during the open.
    open_cpu: f64,
    open_wait: f64,
    bytes: u64,
    import_secs: Option<f64>,
}

/// The cached JSON snapshot of the generated workspace of `n` conversations.
fn json_path(n: usize) -> PathBuf {
    let path = cache_dir().join(format!("ws-{n}.json"));
    if !path.exists() {
        let start = Instant::now();
        let g = generate(n, 42);
        eprintln!("  generated {n} conversations in {:.1}s", start.elapsed().as_secs_f64());
        std::fs::write(&path, g.ws.to_json().expect("to_json")).expect("write JSON");
    }
    path
}

fn import_into(url: &str, json: &Path) -> f64 {
    let ws = Workspace::from_json(&std::fs::read_to_string(json).expect("read JSON")).expect("from_json");
    let mut store = frontdesk_store::open(url, NAME, None).expect("open for import");
    let start = Instant::now();
    store.import(&ws).expect("import");
    start.elapsed().as_secs_f64()
}

fn time_open(url: &str, n: usize) -> [f64; 3] {
    let (store, split) = measured(|| frontdesk_store::open(url, NAME, None).expect("open"));
    assert_eq!(store.conversation_slots() as usize, n, "the stored workspace has every conversation");
    drop(store);
    split
}

/// Reads every row `persist::load` reads, column by column as it does,
/// without decoding anything: the database's share of an open.
fn sqlite_rows_only(path: &Path) {
    let c = rusqlite::Connection::open(path).expect("open");
    let tx = c.unchecked_transaction().expect("begin");
    let mut bytes = 0usize;
    for sql in [
        "SELECT data FROM fd_users WHERE ws = 1 ORDER BY id",
        "SELECT data FROM fd_teams WHERE ws = 1 ORDER BY id",
        "SELECT data FROM fd_contacts WHERE ws = 1 ORDER BY id",
        "SELECT data FROM fd_conversations WHERE ws = 1 ORDER BY id",
    ] {
        let mut s = tx.prepare(sql).expect("prepare");
        let mut rows = s.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            bytes += r.get::<_, String>(0).expect("text").len();
        }
    }
    let mut s = tx
        .prepare(
            "SELECT conversation_id, id, channel, author_kind, author_user_id, body, created_at, kind, \
             payment_id, attachments, at_nanos FROM fd_messages WHERE ws = 1 ORDER BY conversation_id, id",
        )
        .expect("prepare");
    let mut rows = s.query([]).expect("query");
    while let Some(r) = rows.next().expect("row") {
        let _: (i64, i64, String, String, Option<i64>, String) = (
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
            r.get(4).unwrap(),
            r.get(5).unwrap(),
        );
        let _: (i64, String, Option<i64>, Option<String>, i64) =
            (r.get(6).unwrap(), r.get(7).unwrap(), r.get(8).unwrap(), r.get(9).unwrap(), r.get(10).unwrap());
        bytes += 1;
    }
    drop(rows);
    drop(s);
    let mut s = tx
        .prepare(
            "SELECT conversation_id, user_id, messages_read FROM fd_read_markers WHERE ws = 1 \
             ORDER BY conversation_id, user_id",
        )
        .expect("prepare");
    let mut rows = s.query([]).expect("query");
    while let Some(r) = rows.next().expect("row") {
        let _: (i64, i64, i64) = (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap());
    }
    drop(rows);
    drop(s);
    tx.rollback().expect("rollback");
    std::hint::black_box(bytes);
}

fn open_bench(n: usize, pg: Option<&str>) -> OpenFigures {
    let json = json_path(n);
    let json_bytes = std::fs::metadata(&json).expect("JSON").len();

    let path = cache_dir().join(format!("ws-{n}.db"));
    let sqlite_url = format!("sqlite://{}", path.display());
    let sqlite_import = if sqlite_stored_version(&path) == 0 {
        remove_sqlite(&path);
        let secs = import_into(&sqlite_url, &json);
        eprintln!("  imported {n} into SQLite in {secs:.1}s");
        Some(secs)
    } else {
        None
    };
    let postgres_import = pg.map(|base| {
        let name = format!("fd_bench_open_{n}");
        let url = pg_database(base, &name);
        if pg_stored_version(base, &name) == 0 {
            let secs = import_into(&url, &json);
            eprintln!("  imported {n} into PostgreSQL in {secs:.1}s");
            (url, Some(secs))
        } else {
            (url, None)
        }
    });

    // Everything is written: now measure, one thing in memory at a time.
    let start = Instant::now();
    let text = std::fs::read_to_string(&json).expect("read JSON");
    let json_read_secs = start.elapsed().as_secs_f64();
    let (ws, from_json) = measured(|| Workspace::from_json(&text).expect("from_json"));
    drop(text);
    let snapshot = ws.snapshot();
    drop(ws);
    let (ws, from_snapshot_split) = measured(|| Workspace::from_snapshot(snapshot).expect("from_snapshot"));
    drop(ws);

    let ((), rows_split) = measured(|| sqlite_rows_only(&path));
    let [open_secs, open_cpu, open_wait] = time_open(&sqlite_url, n);
    let sqlite =
        StoreOpen { open_secs, open_cpu, open_wait, bytes: sqlite_bytes(&path), import_secs: sqlite_import };
    let postgres = postgres_import.map(|(url, import_secs)| {
        let [open_secs, open_cpu, open_wait] = time_open(&url, n);
        StoreOpen { open_secs, open_cpu, open_wait, bytes: pg_bytes(&url), import_secs }
    });
    OpenFigures {
        json_bytes,
        json_read_secs,
        from_json,
        sqlite: Some(sqlite),
        postgres,
        rows_split,
        from_snapshot_split,
    }
}

// ----- report --------------------------------------------------------------------------

fn main() {
    let a = args();
    let pg = std::env::var("FRONTDESK_PG_URL").ok().filter(|u| !u.is_empty());
    let mut backends = vec![Backend::Sqlite];
    backends.extend(pg.clone().map(Backend::Postgres));
    println!("machine: {}; load at start: {}", machine(), load());
    if pg.is_none() {
        println!("FRONTDESK_PG_URL is not set: SQLite only");
    }

    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |name: String, cells: Vec<String>| rows.push((name, cells));

    eprintln!("commands on {COMMAND_SIZE} conversations...");
    let g = generate(COMMAND_SIZE, 42);
    let figures: Vec<CommandFigures> = backends
        .iter()
        .map(|b| {
            let f = command_bench(b, &g.ws, g.now, &a);
            eprintln!("  {} done (load {})", b.label(), load());
            f
        })
        .collect();
    drop(g);
    let each = |f: &dyn Fn(&CommandFigures) -> String| figures.iter().map(f).collect::<Vec<_>>();
    row(
        format!("import {COMMAND_SIZE} conversations (one transaction)"),
        each(&|f| format!("{:.2} s", f.import_secs)),
    );
    row(
        "`receive_message`, existing conversation, 1 command/transaction: median / p99".into(),
        each(&|f| format!("{:.0} µs / {:.0} µs", f.existing.median_us, f.existing.p99_us)),
    );
    row("  commands/s (1 / mean)".into(), each(&|f| format!("{:.0}", 1e6 / f.existing.mean_us)));
    row(
        "`receive_message`, new contact, 1 command/transaction: median / p99".into(),
        each(&|f| format!("{:.0} µs / {:.0} µs", f.new_contact.median_us, f.new_contact.p99_us)),
    );
    row("  commands/s (1 / mean)".into(), each(&|f| format!("{:.0}", 1e6 / f.new_contact.mean_us)));
    row(
        format!("{BATCH} `receive_message` in one `apply`: messages/s (median batch)"),
        each(&|f| format!("{:.0} ({:.1} ms)", f.batch_msgs_per_sec, f.batch_median_ms)),
    );
    let split = |s: [f64; 3], per: f64| {
        format!(
            "wall {:.1} / CPU {:.1} / waiting for a CPU {:.1} / blocked {:.1}",
            s[0] * 1e6 / per,
            s[1] * 1e6 / per,
            s[2] * 1e6 / per,
            (s[0] - s[1] - s[2]) * 1e6 / per
        )
    };
    row(
        "  per message, µs: wall / on CPU / runnable waiting for a CPU (load) / blocked (I/O, server)".into(),
        each(&|f| split(f.batch_split, (a.batches * BATCH) as f64)),
    );
    row(
        format!("{BATCH} `receive_message` from new contacts in one `apply`: messages/s"),
        each(&|f| format!("{:.0}", (a.batches * BATCH) as f64 / f.new_batch_split[0])),
    );
    row(
        "  per message, µs: the same split".into(),
        each(&|f| split(f.new_batch_split, (a.batches * BATCH) as f64)),
    );
    row(
        "  1 command/transaction, existing conversation, mean µs: the same split".into(),
        each(&|f| split(f.existing_split, a.commands as f64)),
    );
    row(
        "  the same messages in memory only (core's share)".into(),
        each(&|f| format!("{:.0}/s", f.memory_msgs_per_sec)),
    );
    println!("load after the command benchmarks: {}", load());

    for &n in &a.open {
        eprintln!("open {n}...");
        let pg_here = pg.as_deref().filter(|_| a.pg_open.contains(&n));
        let o = open_bench(n, pg_here);
        let store_cell = |s: &Option<StoreOpen>, f: &dyn Fn(&StoreOpen) -> String| -> String {
            s.as_ref().map(f).unwrap_or_else(|| "—".into())
        };
        let both = |f: &dyn Fn(&StoreOpen) -> String| -> Vec<String> {
            let mut v = vec![store_cell(&o.sqlite, f)];
            if pg.is_some() {
                v.push(store_cell(&o.postgres, f));
            }
            v
        };
        let k = if n >= 1_000_000 { format!("{}M", n / 1_000_000) } else { format!("{}k", n / 1000) };
        row(
            format!("open {k} (`frontdesk_store::open`): wall (on CPU, waiting for a CPU)"),
            both(&|s| format!("{:.2} s ({:.2} s, {:.2} s)", s.open_secs, s.open_cpu, s.open_wait)),
        );
        row(
            format!("  vs `Workspace::from_json` {k}: wall (on CPU, waiting) + reading the file"),
            both(&|_| {
                format!(
                    "{:.2} s ({:.2} s, {:.2} s) + {:.2} s",
                    o.from_json[0], o.from_json[1], o.from_json[2], o.json_read_secs
                )
            }),
        );
        row(
            format!(
                "  SQLite open {k}, CPU seconds: row reads alone / `from_snapshot` (validation + indexes) alone / \
                 the rest (decoding JSON and columns, assembling)"
            ),
            {
                let cpu = o.sqlite.as_ref().map(|s| s.open_cpu).unwrap_or(0.0);
                let mut v = vec![format!(
                    "{:.2} / {:.2} / {:.2}",
                    o.rows_split[1],
                    o.from_snapshot_split[1],
                    cpu - o.rows_split[1] - o.from_snapshot_split[1]
                )];
                if pg.is_some() {
                    v.push(String::new());
                }
                v
            },
        );
        row(
            format!(
                "bytes on disk per conversation {k} (JSON snapshot: {:.0})",
                o.json_bytes as f64 / n as f64
            ),
            both(&|s| format!("{:.0}", s.bytes as f64 / n as f64)),
        );
        row(
            format!("import {k} (first run only, then cached)"),
            both(&|s| s.import_secs.map(|t| format!("{t:.1} s")).unwrap_or_else(|| "cached".into())),
        );
        println!("load after open {k}: {}", load());
    }

    println!();
    let mut header = "| figure |".to_string();
    for b in &backends {
        header.push_str(&format!(" {} |", b.label()));
    }
    println!("{header}");
    println!("|---|{}", "---|".repeat(backends.len()));
    for (name, cells) in rows {
        println!("| {name} | {} |", cells.join(" | "));
    }
    println!("\nload at end: {}", load());
}
