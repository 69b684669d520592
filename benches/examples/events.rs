//! A small driver for profiling the message hot path without criterion:
//! generates a workspace, then applies message events on existing
//! conversations exactly like the `apply one message event` bench and prints
//! the mean cost per event.
//!
//! ```sh
//! cargo run --release -p frontdesk-benches --example events -- 100000 200000
//! valgrind --tool=callgrind --toggle-collect='*run_events*' target/release/examples/events 20000 50000
//! ```

use chrono::Duration;
use frontdesk::*;
use frontdesk_benches::generate;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse::<usize>().ok());
    let n = args.next().unwrap_or(100_000);
    let events = args.next().unwrap_or(200_000);
    let start = Instant::now();
    let mut g = generate(n, 42);
    eprintln!("generated {n} conversations in {:.2}s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    run_events(&mut g, n, events);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "n={n}: {events} message events in {secs:.3}s: {:.0} ns/event, {:.0} events/s",
        secs * 1e9 / events as f64,
        events as f64 / secs
    );
}

/// The measured loop (a separate function so that callgrind can collect it
/// alone: `--toggle-collect='*run_events*'`).
#[inline(never)]
fn run_events(g: &mut frontdesk_benches::Generated, n: usize, events: usize) {
    let ids: Vec<ConversationId> = (1..=n.min(10_000) as u64).map(ConversationId).collect();
    let mut clock = g.now;
    for i in 1..=events {
        let id = ids[i % ids.len()];
        clock += Duration::milliseconds(1);
        let Ok(c) = g.ws.conversation(Actor::System, id) else { continue };
        let r = if i % 2 == 0 {
            let Some(contact) = c.contact() else { continue };
            let channel = c.channel;
            g.ws.receive_message(
                Actor::System,
                clock,
                Inbound {
                    from: Sender::Contact { contact },
                    channel,
                    body: "One more thing".into(),
                    attachments: vec![],
                    campaign: None,
                },
            )
        } else {
            match c.assignees.first().copied() {
                Some(a) => g.ws.send_message(Actor::User(a), clock, id, Outbound::text("On it")),
                None => g.ws.send_auto_reply(Actor::System, clock, id, "We got it"),
            }
        };
        black_box(r.is_ok());
    }
}
