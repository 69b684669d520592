//! Benchmarks of views, tiles and message throughput on generated workspaces
//! of 1k, 100k and 1M conversations (`FRONTDESK_BENCH_SIZES=1000,100000` to
//! pick sizes). Each workspace is generated once per size. Memory is measured
//! with a counting global allocator and printed as `bytes/conversation`.

use chrono::Duration;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use frontdesk::*;
use frontdesk_benches::{generate, Generated};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts live heap bytes.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn sizes() -> Vec<usize> {
    std::env::var("FRONTDESK_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn build(n: usize) -> Generated {
    let before = LIVE.load(Relaxed);
    let start = Instant::now();
    let g = generate(n, 42);
    let secs = start.elapsed().as_secs_f64();
    let total = (LIVE.load(Relaxed) - before) as f64;
    let data_before = LIVE.load(Relaxed);
    let snapshot = g.ws.snapshot();
    let data = (LIVE.load(Relaxed) - data_before) as f64;
    drop(snapshot);
    let views_before = LIVE.load(Relaxed);
    let views = g.ws.clone_view_state_for_bench();
    let view_bytes = (LIVE.load(Relaxed) - views_before) as f64;
    drop(views);
    let text = g.text_bytes as f64;
    println!(
        "size {n}: generated {} messages in {secs:.2}s ({:.0} commands/s incl. contact creation); \
         bytes/conversation: total {:.0}, total minus message text {:.0}, \
         derived (indexes, views, lookups = total - snapshot data) {:.0}, \
         views and read markers alone {:.0}",
        g.messages,
        g.messages as f64 / secs,
        total / n as f64,
        (total - text) / n as f64,
        (total - data) / n as f64,
        view_bytes / n as f64,
    );
    g
}

fn benches(c: &mut Criterion) {
    for n in sizes() {
        let mut g = build(n);
        let admin = Actor::User(g.users[0]);
        let agent = Actor::User(g.users[g.admins + 3]);
        let now = g.now;
        let mut group = c.benchmark_group(format!("n={n}"));
        group.sample_size(20).measurement_time(std::time::Duration::from_secs(3));

        group.bench_function("tiles (agent)", |b| b.iter(|| black_box(g.ws.tiles(agent))));
        group.bench_function("tiles (admin)", |b| b.iter(|| black_box(g.ws.tiles(admin))));
        group.bench_function("count unassigned (agent)", |b| {
            let q = ViewQuery::new(View::Unassigned);
            b.iter(|| black_box(g.ws.count(agent, &q, now)))
        });
        group.bench_function("unread of one conversation (agent)", |b| {
            b.iter(|| black_box(g.ws.unread_count(agent, ConversationId(1))))
        });
        for (name, viewer, view) in [
            ("first page 50 my inbox (agent)", agent, View::MyInbox),
            ("first page 50 team inbox (agent)", agent, View::TeamInbox),
            ("first page 50 team inbox (admin)", admin, View::TeamInbox),
            ("first page 50 unassigned (agent)", agent, View::Unassigned),
        ] {
            let q = ViewQuery::new(view).limit(50);
            group.bench_function(name, |b| b.iter(|| black_box(g.ws.view(viewer, &q, now))));
        }
        let q = ViewQuery::new(View::TeamInbox).sort(Sort::Priority).limit(50);
        group.bench_function("first page 50 team inbox by priority (agent)", |b| {
            b.iter(|| black_box(g.ws.view(agent, &q, now)))
        });

        // Message events on existing conversations: a customer message, then
        // the assignee's (or auto-responder's) reply, round-robin.
        let ids: Vec<ConversationId> = (1..=n.min(10_000) as u64).map(ConversationId).collect();
        let mut i = 0usize;
        let mut clock = now;
        group.bench_function("apply one message event", |b| {
            b.iter(|| {
                let id = ids[i % ids.len()];
                i += 1;
                clock += Duration::milliseconds(1);
                let c = g.ws.conversation(Actor::System, id).expect("live");
                let r = if i % 2 == 0 {
                    let contact = c.contact().expect("customer");
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
                black_box(r.is_ok())
            })
        });
        group.finish();
        drop(g);
    }
}

criterion_group!(views, benches);
criterion_main!(views);
