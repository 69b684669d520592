//! Where the feed bench's time goes: the exchange of the feed bench (a
//! customer message and the assignee's reply, notifications on) on one
//! workspace per number of watchers, each part timed on its own: the two
//! commands with their notifications, the two shared drain rounds
//! (`take_feed_groups`), and dropping what the rounds gave (as a host
//! does once it has sent it). Also the groups and viewers per round.
//! Timing each call adds its own cost (tens of ns), so compare parts and
//! numbers of watchers, not these totals with the feed bench's.
//!
//! `cargo run --release -p frontdesk-benches --example feed_split -- [conversations] [exchanges] [watchers,...]`
//! (100000, 40000 and 0,1,50 by default).

use chrono::Duration;
use frontdesk::*;
use frontdesk_benches::{customer_message, exchanges, generate, screen, Exchange};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let count: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(40_000);
    let counts: Vec<usize> = args
        .next()
        .map(|s| s.split(',').filter_map(|w| w.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0, 1, 50]);
    let g = generate(n, 42);
    let targets = exchanges(&g.ws, 1000);
    for watchers in counts {
        let mut ws = g.ws.clone();
        ws.collect_notifications(true);
        for u in g.users.iter().take(watchers) {
            ws.watch_views(Actor::User(*u), screen()).expect("watch");
        }
        ws.take_feeds();
        let mut at = g.now;
        // Nanoseconds in the commands, the rounds and the drops; groups
        // and viewers given.
        let (mut commands, mut rounds, mut drops) = (0u128, 0u128, 0u128);
        let (mut groups, mut viewers) = (0usize, 0usize);
        let mut round = |ws: &mut Workspace| {
            let start = Instant::now();
            let given = ws.take_feed_groups();
            rounds += start.elapsed().as_nanos();
            groups += given.len();
            viewers += given.iter().map(|g| g.viewers.len()).sum::<usize>();
            let start = Instant::now();
            drop(given);
            drops += start.elapsed().as_nanos();
        };
        for i in 0..count {
            let Some(Exchange { conversation: id, agent, channel, handle }) =
                targets.get(i % targets.len().max(1)).cloned()
            else {
                break;
            };
            at += Duration::seconds(1);
            let start = Instant::now();
            let inbound = customer_message(Sender::Address { handle }, channel, "Any update on this?");
            ws.receive_message(Actor::System, at, inbound).expect("inbound");
            std::hint::black_box(ws.take_notifications());
            commands += start.elapsed().as_nanos();
            round(&mut ws);
            let start = Instant::now();
            ws.send_message(Actor::User(agent), at, id, Outbound::text("On it")).expect("reply");
            std::hint::black_box(ws.take_notifications());
            commands += start.elapsed().as_nanos();
            round(&mut ws);
        }
        let per = |ns: u128| ns as f64 / count.max(1) as f64;
        let per_round = |k: usize| k as f64 / (2 * count).max(1) as f64;
        println!(
            "{watchers} watchers, per exchange: commands {:.0} ns, rounds {:.0} ns, drops {:.0} ns; per round {:.2} groups, {:.2} viewers",
            per(commands),
            per(rounds),
            per(drops),
            per_round(groups),
            per_round(viewers)
        );
    }
}
