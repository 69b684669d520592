//! Durability and sharing, proven with real processes: children apply
//! commands through the store and print each acknowledgement; the parent kills
//! them with SIGKILL (or stops the PostgreSQL server) at random moments, or
//! runs four at once, and then checks what the database holds.
//!
//! A child is this test binary started again with `FRONTDESK_STORE_CHILD` set;
//! it runs `child_process` only.

mod support;

use frontdesk::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SYS: Actor = Actor::System;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc()
}

/// The body of the `n`-th message a child with `tag` sends.
fn body(tag: &str, n: u64) -> String {
    format!("msg {tag} {n}")
}

/// The child: receives messages from contact `tag`-k (a new contact every 5
/// messages), has an agent answer every third, and prints `ack <n>` after each
/// command returned. It starts at `FRONTDESK_STORE_FROM` and stops after
/// `FRONTDESK_STORE_COUNT` messages (or when killed).
#[test]
fn child_process() {
    let Ok(url) = std::env::var("FRONTDESK_STORE_CHILD") else { return };
    let tag = std::env::var("FRONTDESK_STORE_TAG").unwrap();
    let from: u64 = std::env::var("FRONTDESK_STORE_FROM").unwrap().parse().unwrap();
    let count: u64 = std::env::var("FRONTDESK_STORE_COUNT").unwrap().parse().unwrap();
    let options = frontdesk_store::Options { busy_timeout: Duration::from_secs(30), ..Default::default() };
    let mut ws = loop {
        match frontdesk_store::open_with(&url, "shared", None, options.clone()) {
            Ok(ws) => break ws,
            Err(e) if e.family() == ErrorFamily::Storage => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("open: {e}"),
        }
    };
    let agent = ws.user_by_email("agent@example.com").map(|u| u.id);
    let mut n = from;
    while n < from + count {
        let inbound = Inbound {
            from: Sender::Address { handle: format!("{tag}-{}@example.com", n / 5) },
            channel: Channel::Email,
            body: body(&tag, n),
            attachments: vec![],
            campaign: None,
        };
        match ws.apply(|w| w.receive_message(SYS, now(), inbound)) {
            Ok(delivered) => {
                println!("ack {n}");
                if let (Some(agent), true) = (agent, n % 3 == 0) {
                    let c = delivered.value.conversation;
                    let _ =
                        ws.apply(|w| w.send_message(Actor::User(agent), now(), c, Outbound::text("on it")));
                }
                n += 1;
            }
            Err(e) if e.family() == ErrorFamily::Storage => {
                // A commit that failed may still have happened (the server
                // died after committing, before answering): look before
                // sending the message again, as a host with idempotency keys
                // would, and look only once the store answers again: sending
                // while it is still unknown could deliver the message twice.
                while ws.refresh().is_err() {
                    std::thread::sleep(Duration::from_millis(20));
                }
                if bodies(&ws).contains_key(&body(&tag, n)) {
                    println!("ack {n}");
                    n += 1;
                }
            }
            Err(e) => panic!("command refused: {e}"),
        }
    }
}

/// A child process, killed when dropped (so a failing test leaves none behind).
struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_child(url: &str, tag: &str, from: u64, count: u64) -> Kid {
    Kid(Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_process", "--nocapture", "--test-threads=1"])
        .env("FRONTDESK_STORE_CHILD", url)
        .env("FRONTDESK_STORE_TAG", tag)
        .env("FRONTDESK_STORE_FROM", from.to_string())
        .env("FRONTDESK_STORE_COUNT", count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap())
}

/// Reads a child's acknowledgements as they come.
fn acks(child: &mut Kid) -> mpsc::Receiver<u64> {
    let out = child.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            // The test harness may print "test child_process ... " on the
            // same line as the first acknowledgement.
            if let Some((_, n)) = line.rsplit_once("ack ") {
                let _ = tx.send(n.trim().parse().unwrap());
            }
        }
    });
    rx
}

fn prepare(url: &str) {
    let mut ws = frontdesk_store::open(url, "shared", None).unwrap();
    if ws.user_by_email("agent@example.com").is_none() {
        ws.apply(|w| w.add_user(SYS, now(), NewUser::new("Agent", "agent@example.com", Role::Admin)))
            .unwrap();
    }
}

/// Every message body in the workspace, with how often it appears.
fn bodies(ws: &Workspace) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for c in ws.conversations(SYS).unwrap() {
        for m in &c.messages {
            *out.entry(m.body.to_string()).or_insert(0) += 1;
        }
    }
    out
}

/// The workspace loads (every invariant checked), equals a rebuild, and holds
/// each acknowledged message exactly once; message ids are unique.
fn check_store(url: &str, tag: &str, acked: &BTreeSet<u64>) -> u64 {
    let ws = frontdesk_store::open(url, "shared", None).expect("the store reopens after the crash");
    assert!(ws.derived_state_is_consistent(), "live indexes differ from a rebuild");
    let rebuilt = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
    assert_eq!(rebuilt.tiles(SYS).unwrap(), ws.tiles(SYS).unwrap(), "tiles differ from a rebuild");
    let bodies = bodies(&ws);
    for n in acked {
        assert_eq!(
            bodies.get(&body(tag, *n)),
            Some(&1),
            "acknowledged message {n} of {tag} is missing or doubled"
        );
    }
    let mut ids = BTreeSet::new();
    for c in ws.conversations(SYS).unwrap() {
        for m in &c.messages {
            assert!(ids.insert(m.id), "message id {} handed out twice", m.id);
        }
    }
    // The child may have committed one more message than it acknowledged
    // (killed between the commit and the print): the next one starts after it.
    let mut next = acked.iter().next_back().map_or(0, |n| n + 1);
    while bodies.contains_key(&body(tag, next)) {
        next += 1;
    }
    next
}

/// A small deterministic generator for kill times.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn acknowledged_commands_survive_sigkill_at_random_moments_on_sqlite() {
    if std::env::var("FRONTDESK_STORE_CHILD").is_ok() {
        return;
    }
    let dir = support::TempDir::new("crash");
    let url = dir.sqlite_url("crash.db");
    prepare(&url);
    let mut rng = Lcg(0x5eed);
    let mut acked = BTreeSet::new();
    let mut next = 0;
    let kills = 50;
    for _ in 0..kills {
        let mut child = spawn_child(&url, "k", next, 1_000_000);
        let rx = acks(&mut child);
        // Wait for the first acknowledgement (the child is running), then
        // kill it a random few milliseconds later, mid-command.
        if let Ok(n) = rx.recv_timeout(Duration::from_secs(60)) {
            acked.insert(n);
        }
        std::thread::sleep(Duration::from_micros(rng.next(30_000)));
        drop(child);
        // The reader ends at the pipe's end: every acknowledgement printed.
        acked.extend(rx.iter());
        next = check_store(&url, "k", &acked);
    }
    assert!(acked.len() >= kills, "each child acknowledged at least one command");
    eprintln!("{kills} kills, {} acknowledged messages, all present once", acked.len());
}

#[test]
fn four_processes_receiving_at_once_keep_every_message_once_on_sqlite() {
    if std::env::var("FRONTDESK_STORE_CHILD").is_ok() {
        return;
    }
    let dir = support::TempDir::new("concurrent");
    let url = dir.sqlite_url("shared.db");
    prepare(&url);
    run_four(&url);
}

fn run_four(url: &str) {
    let per = 60;
    let tags = ["p0", "p1", "p2", "p3"];
    let mut children: Vec<_> = tags.iter().map(|tag| spawn_child(url, tag, 0, per)).collect();
    let receivers: Vec<_> = children.iter_mut().map(acks).collect();
    for child in &mut children {
        assert!(child.0.wait().unwrap().success(), "a child failed");
    }
    let ws = frontdesk_store::open(url, "shared", None).unwrap();
    let bodies = bodies(&ws);
    for (tag, rx) in tags.iter().zip(receivers) {
        let acked: BTreeSet<u64> = rx.iter().collect();
        assert_eq!(acked.len() as u64, per, "{tag} acknowledged every message");
        for n in 0..per {
            assert_eq!(bodies.get(&body(tag, n)), Some(&1), "message {n} of {tag} is missing or doubled");
        }
        check_store(url, tag, &acked);
    }
    let ids: Vec<_> = ws.conversations(SYS).unwrap().iter().map(|c| c.id).collect();
    let unique: BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "conversation ids are unique");
}

#[test]
fn four_processes_receiving_at_once_keep_every_message_once_on_postgresql() {
    if std::env::var("FRONTDESK_STORE_CHILD").is_ok() {
        return;
    }
    let Some(url) = support::postgres_url("concurrent") else { return };
    prepare(&url);
    run_four(&url);
}

/// Stops the PostgreSQL server with `immediate` (no clean shutdown: the
/// server recovers from its WAL on restart) while a child writes, restarts
/// it, and checks that every acknowledged command is there. Needs
/// `FRONTDESK_PG_RESTART` (the command `.ci/test` sets) to control the server.
#[test]
fn acknowledged_commands_survive_a_postgresql_server_stop_mid_stream() {
    if std::env::var("FRONTDESK_STORE_CHILD").is_ok() {
        return;
    }
    let Some(url) = support::postgres_url("crash") else { return };
    let Ok(restart) = std::env::var("FRONTDESK_PG_RESTART") else {
        assert!(
            std::env::var("FRONTDESK_REQUIRE_PG").as_deref() != Ok("1"),
            "FRONTDESK_REQUIRE_PG=1 but FRONTDESK_PG_RESTART is not set"
        );
        return;
    };
    prepare(&url);
    let mut child = spawn_child(&url, "s", 0, 1_000_000);
    let rx = acks(&mut child);
    let mut acked = BTreeSet::new();
    for round in 0..3 {
        // Let it write for a while, stop the server under it, restart it.
        let until = Instant::now() + Duration::from_millis(300);
        while Instant::now() < until {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(50)) {
                acked.insert(n);
            }
        }
        let status = Command::new("sh").arg("-c").arg(&restart).status().unwrap();
        assert!(status.success(), "restarting PostgreSQL failed (round {round})");
        // The child reconnects and goes on.
        let before = acked.len();
        let deadline = Instant::now() + Duration::from_secs(30);
        while acked.len() < before + 5 && Instant::now() < deadline {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(100)) {
                acked.insert(n);
            }
        }
        assert!(acked.len() >= before + 5, "the child did not recover after the restart");
    }
    drop(child);
    acked.extend(rx.iter());
    check_store(&url, "s", &acked);
    eprintln!("3 server stops, {} acknowledged messages, all present once", acked.len());
}
