//! A quick driver for first pages without PostgreSQL or SQLite: generates a
//! workspace and prints the median cost of the first page of every view and
//! of a few searches, with a page of 50 and of 1 (the difference is what the
//! rows of a page cost: reading them in order and building each `ListRow`).
//! The side-by-side figures come from the `compare` binary; this is for
//! iterating on the structures behind them.
//!
//! ```sh
//! cargo run --release -p frontdesk-benches --example pages -- 100000
//! ```

use frontdesk::query::{parse, ParseOptions};
use frontdesk::*;
use frontdesk_benches::generate;
use std::hint::black_box;
use std::time::Instant;

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
    let g = generate(n, 42);
    eprintln!("generated {n} conversations in {:.2}s", start.elapsed().as_secs_f64());
    let now = g.now;
    let ws = &g.ws;
    let viewers = [("agent", g.users[g.admins + 3]), ("admin", g.users[0])];
    println!("| n | viewer | read | rows | page of 50 (us) | page of 1 (us) |");
    println!("|---|---|---|---|---|---|");
    for (label, viewer) in viewers {
        let who = Actor::User(viewer);
        for view in View::ALL {
            let mut q = ViewQuery::new(view);
            let rows = ws.view(who, &q, now).expect("view").rows.len();
            let fifty = median_us(|| {
                black_box(ws.view(who, &q, now).expect("view"));
            });
            q.limit = 1;
            let one = median_us(|| {
                black_box(ws.view(who, &q, now).expect("view"));
            });
            println!("| {n} | {label} | {} | {rows} | {fifty:.2} | {one:.2} |", view.as_str());
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
            println!("| {n} | {label} | search `{text}` | {rows} | {fifty:.2} | {one:.2} |");
        }
    }
}
