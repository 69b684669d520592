//! The cost of one command with notifications and live feeds for 50 watching
//! users, against the same command without them, at 100k conversations.
//!
//! `cargo bench -p frontdesk-benches --bench feed -- --warm-up-time 1 --measurement-time 5`
//! (`FRONTDESK_BENCH_SIZES=1000,100000` to pick sizes; 100000 by default;
//! `FRONTDESK_BENCH_WATCHERS=1` to watch with fewer users than the 50, to
//! tell the cost per watcher from the cost per round).
//!
//! The command: a customer message into an existing (not closed) customer
//! conversation, rotating over 1,000 of them, then an agent's reply to it:
//! the two commands of an exchange. "with" also drains the notifications and
//! every watcher's feed after each command, as a host forwarding them to
//! websockets would: in one shared round (`take_feed_groups`, one feed per
//! distinct feed), and, for the record, as one feed per watcher
//! (`take_feeds`).

use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use frontdesk::*;
use frontdesk_benches::{customer_message, exchanges, generate, screen};

fn sizes() -> Vec<usize> {
    std::env::var("FRONTDESK_BENCH_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// How many of the users watch (all 50 by default).
fn watchers() -> usize {
    std::env::var("FRONTDESK_BENCH_WATCHERS").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(usize::MAX)
}

/// What an exchange drains after each command: nothing, one shared
/// round, or a feed per watcher.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drain {
    None,
    Groups,
    PerWatcher,
}

/// Takes the notifications and the feeds, as a host would after a command;
/// the feeds are dropped here, inside the measured closure.
fn drain(ws: &mut Workspace, how: Drain) -> usize {
    match how {
        Drain::None => 0,
        Drain::Groups => ws.take_notifications().len() + ws.take_feed_groups().len(),
        Drain::PerWatcher => ws.take_notifications().len() + ws.take_feeds().len(),
    }
}

fn benches(c: &mut Criterion) {
    for n in sizes() {
        let g = generate(n, 42);
        let targets = exchanges(&g.ws, 1000);
        let mut group = c.benchmark_group(format!("feed/{n}"));
        let watching_users = watchers().min(g.users.len());
        for (watching, name) in [
            (Drain::None, "exchange alone".to_string()),
            (Drain::Groups, format!("exchange + notifications + {watching_users} feeds (take_feed_groups)")),
            (Drain::PerWatcher, format!("exchange + notifications + {watching_users} feeds (take_feeds)")),
        ] {
            let mut ws = g.ws.clone();
            if watching != Drain::None {
                ws.collect_notifications(true);
                for u in g.users.iter().take(watching_users) {
                    ws.watch_views(Actor::User(*u), screen()).expect("watch");
                }
                ws.take_feeds();
            }
            let mut now = g.now;
            let mut i = 0usize;
            group.bench_function(&name, |b| {
                b.iter(|| {
                    let x = &targets[i % targets.len()];
                    i += 1;
                    now += Duration::seconds(1);
                    let from = Sender::Address { handle: x.handle.clone() };
                    let inbound = customer_message(from, x.channel, "Any update on this?");
                    ws.receive_message(Actor::System, now, inbound).expect("inbound");
                    let mut drained = drain(&mut ws, watching);
                    let reply = Outbound::text("On it");
                    ws.send_message(Actor::User(x.agent), now, x.conversation, reply).expect("reply");
                    drained += drain(&mut ws, watching);
                    drained
                })
            });
        }
        group.finish();
    }
}

criterion_group!(name = feed; config = Criterion::default().sample_size(30); targets = benches);
criterion_main!(feed);
