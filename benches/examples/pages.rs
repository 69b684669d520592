//! A quick driver for first pages without PostgreSQL or SQLite: generates a
//! workspace and prints the median cost of the first page of every view and
//! of a few searches, with a page of 50 and of 1 (the difference is what the
//! rows of a page cost: reading them in order and building each `ListRow`),
//! the same page of 50 as ids alone (`Workspace::view_ids`), and the same
//! page of 50 written over the rows of a page the loop keeps
//! (`Workspace::view_into`: rows that reuse their strings' allocations).
//! It also prints the heap bytes per conversation (counting allocator, as
//! `benches/views.rs`). The side-by-side figures come from the `compare`
//! binary; this is for iterating on the structures behind them.
//!
//! ```sh
//! cargo run --release -p frontdesk-benches --example pages -- 100000
//! cargo run --release -p frontdesk-benches --example pages -- 100000 mem   # heap only
//! ```
//!
//! Last, it drops the workspace part by part and prints each part's heap
//! bytes per conversation (`Workspace::drop_parts_for_bench`).

use frontdesk::query::{parse, ParseOptions};
use frontdesk::*;
use frontdesk_benches::generate;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts live heap bytes (as `benches/views.rs` does).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Median microseconds of `f` over about 200 ms (at most 5,000 runs).
fn median_us(mut f: impl FnMut()) -> f64 {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5000 && (start.elapsed().as_millis() < 200 || times.len() < 20) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse::<usize>().ok()).unwrap_or(100_000);
    let start = Instant::now();
    let before = LIVE.load(Relaxed);
    let g = generate(n, 42);
    let total = (LIVE.load(Relaxed) - before) as f64;
    eprintln!("generated {n} conversations in {:.2}s", start.elapsed().as_secs_f64());
    let views_before = LIVE.load(Relaxed);
    let views = g.ws.clone_view_state_for_bench();
    let view_bytes = (LIVE.load(Relaxed) - views_before) as f64;
    drop(views);
    println!(
        "bytes/conversation at {n}: total {:.0}, total minus message text {:.0}, views and read markers alone {:.0}",
        total / n as f64,
        (total - g.text_bytes as f64) / n as f64,
        view_bytes / n as f64
    );
    if std::env::args().nth(2).as_deref() != Some("mem") {
        time_reads(&g, n);
    }
    let mut last = LIVE.load(Relaxed);
    println!("| part of the heap at {n} | bytes/conversation |");
    println!("|---|---|");
    g.ws.drop_parts_for_bench(&mut |part| {
        let live = LIVE.load(Relaxed);
        println!("| {part} | {:.0} |", last.saturating_sub(live) as f64 / n as f64);
        last = live;
    });
}

/// Prints the median cost of the first page of every view and of a few
/// searches.
fn time_reads(g: &frontdesk_benches::Generated, n: usize) {
    let now = g.now;
    let ws = &g.ws;
    let viewers = [("agent", g.users[g.admins + 3]), ("admin", g.users[0])];
    println!(
        "| n | viewer | read | rows | page of 50 (us) | page of 1 (us) | ids of 50 (us) | 50 into a reused page (us) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (label, viewer) in viewers {
        let who = Actor::User(viewer);
        for view in View::ALL {
            let mut q = ViewQuery::new(view);
            let rows = ws.view(who, &q, now).expect("view").rows.len();
            let fifty = median_us(|| {
                black_box(ws.view(who, &q, now).expect("view"));
            });
            let ids = median_us(|| {
                black_box(ws.view_ids(who, &q, now).expect("view_ids"));
            });
            // One buffer for the whole loop, as a host that reads page
            // after page keeps it.
            let mut page = ws.view(who, &q, now).expect("view");
            let into = median_us(|| {
                ws.view_into(who, &q, now, &mut page).expect("view_into");
                black_box(&page);
            });
            q.limit = 1;
            let one = median_us(|| {
                black_box(ws.view(who, &q, now).expect("view"));
            });
            println!(
                "| {n} | {label} | {} | {rows} | {fifty:.2} | {one:.2} | {ids:.2} | {into:.2} |",
                view.as_str()
            );
        }
        for text in ["status:open", "tag:vip", "is:unassigned", "channel:whatsapp", "refund"] {
            let query = parse(text, &ParseOptions::default()).expect("query");
            let mut options = SearchOptions::new();
            let rows = ws.search(who, &query, now, &options).expect("search").rows.len();
            let fifty = median_us(|| {
                black_box(ws.search(who, &query, now, &options).expect("search"));
            });
            options.limit = 1;
            let one = median_us(|| {
                black_box(ws.search(who, &query, now, &options).expect("search"));
            });
            println!("| {n} | {label} | search `{text}` | {rows} | {fifty:.2} | {one:.2} | | |");
        }
    }
}
