//! The feed bench's ratio, measured interleaved: blocks of exchanges on a
//! workspace nobody watches and on one 50 users watch (notifications on,
//! feeds drained in shared rounds) take turns, so both see the same machine
//! load, and the ratio of the two medians survives a noisy machine better
//! than two criterion runs one after the other.
//!
//! `cargo run --release -p frontdesk-benches --example feed_ratio -- [conversations] [blocks]`
//! (100000 and 30 by default; `FRONTDESK_BENCH_WATCHERS` as for the feed
//! bench).

use chrono::Duration;
use frontdesk::*;
use frontdesk_benches::{customer_message, exchanges, generate, screen, Exchange};
use std::time::Instant;

/// Exchanges per block.
const BLOCK: usize = 2000;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let blocks: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(30);
    let watchers: usize = std::env::var("FRONTDESK_BENCH_WATCHERS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(usize::MAX);
    let g = generate(n, 42);
    let targets = exchanges(&g.ws, 1000);
    let mut alone = g.ws.clone();
    let mut watched = g.ws.clone();
    watched.collect_notifications(true);
    let watching = watchers.min(g.users.len());
    for u in g.users.iter().take(watching) {
        watched.watch_views(Actor::User(*u), screen()).expect("watch");
    }
    watched.take_feeds();
    // One block of exchanges on `ws`, whose clock and place in the
    // targets are `at`; ns per exchange.
    let block = |ws: &mut Workspace, drain: bool, at: &mut (chrono::DateTime<chrono::Utc>, usize)| -> f64 {
        let start = Instant::now();
        let mut told = 0usize;
        for _ in 0..BLOCK {
            let Some(Exchange { conversation: id, agent, channel, handle }) =
                targets.get(at.1 % targets.len()).cloned()
            else {
                break;
            };
            at.1 += 1;
            at.0 += Duration::seconds(1);
            let inbound = customer_message(Sender::Address { handle }, channel, "Any update on this?");
            ws.receive_message(Actor::System, at.0, inbound).expect("inbound");
            if drain {
                told += ws.take_notifications().len() + ws.take_feed_groups().len();
            }
            ws.send_message(Actor::User(agent), at.0, id, Outbound::text("On it")).expect("reply");
            if drain {
                told += ws.take_notifications().len() + ws.take_feed_groups().len();
            }
        }
        std::hint::black_box(told);
        start.elapsed().as_nanos() as f64 / BLOCK as f64
    };
    let (mut a_at, mut w_at) = ((g.now, 0), (g.now, 0));
    // Warm both up (every customer handle parsed once).
    for _ in 0..2 {
        block(&mut alone, false, &mut a_at);
        block(&mut watched, true, &mut w_at);
    }
    let (mut a, mut w) = (Vec::new(), Vec::new());
    for _ in 0..blocks {
        a.push(block(&mut alone, false, &mut a_at));
        w.push(block(&mut watched, true, &mut w_at));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let (ma, mw) = (median(&mut a), median(&mut w));
    println!(
        "{n} conversations, {watching} watchers, {blocks} blocks of {BLOCK} exchanges: alone {:.2} µs, with feeds {:.2} µs, ratio {:.2}x",
        ma / 1000.0,
        mw / 1000.0,
        mw / ma
    );
}
