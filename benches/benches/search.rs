//! Benchmarks of search on generated workspaces (10k and 100k conversations
//! by default; `FRONTDESK_BENCH_SIZES=10000,100000,1000000` to pick sizes):
//! the first page of 50 by recency and the full count (`search_ids`) of each
//! query, for an agent and an admin, served by the search index; and the
//! first page by the reference scan (`search_scan`, the evaluator search used
//! before the index) for comparison. `FRONTDESK_BENCH_SCAN=0` skips the scan.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use frontdesk::query::{parse, ParseOptions};
use frontdesk::*;
use frontdesk_benches::generate;
use std::time::Duration;

fn sizes() -> Vec<usize> {
    std::env::var("FRONTDESK_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn benches(c: &mut Criterion) {
    let scan = std::env::var("FRONTDESK_BENCH_SCAN").map_or(true, |v| v != "0");
    for n in sizes() {
        let g = generate(n, 42);
        let admin = Actor::User(g.users[0]);
        let agent_id = g.users[g.admins + 3];
        let agent = Actor::User(agent_id);
        let now = g.now;
        // A phone number of a contact in the middle of the workspace.
        let contacts = g.ws.contacts(Actor::System).expect("contacts");
        let phone = contacts
            .iter()
            .skip(contacts.len() / 2)
            .find_map(|k| k.phone.clone())
            .unwrap_or_else(|| "+447700000001".into());
        let queries: Vec<(&str, String)> = vec![
            ("status", "status:open".into()),
            ("channel", "channel:whatsapp".into()),
            ("tag", "tag:vip".into()),
            ("assignee", format!("assignee:{}", agent_id.0)),
            ("unassigned", "is:unassigned".into()),
            ("time range", "created:2026-03-03..2026-03-04".into()),
            ("phone", format!("phone:{phone}")),
            ("contact name", "name:customer".into()),
            ("contact text", "contact:customer4242".into()),
            ("one word", "update".into()),
            ("one word, no match", "refund".into()),
            ("phrase", "\"not arrived\"".into()),
            ("or", "tag:vip OR tag:billing".into()),
            ("not", "channel:sms -is:unassigned -tag:refund".into()),
            ("or-not", "(priority:high OR mode:ai) -status:resolved".into()),
        ];
        let mut group = c.benchmark_group(format!("search n={n}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
        let options = SearchOptions::new().limit(50);
        for (name, text) in &queries {
            let q = parse(text, &ParseOptions::default()).expect("query parses");
            for (who, viewer) in [("agent", agent), ("admin", admin)] {
                let count = g.ws.search_ids(viewer, &q, now).expect("search").len();
                println!("n={n} {name} ({who}) `{text}`: {count} matches");
                group.bench_function(format!("{name} ({who}) first page"), |b| {
                    b.iter(|| black_box(g.ws.search(viewer, &q, now, &options)))
                });
                group.bench_function(format!("{name} ({who}) count"), |b| {
                    b.iter(|| black_box(g.ws.search_count(viewer, &q, now)))
                });
                if scan {
                    group.bench_function(format!("{name} ({who}) first page, scan"), |b| {
                        b.iter(|| black_box(g.ws.search_scan(viewer, &q, now, &options)))
                    });
                }
            }
        }
        group.finish();
    }
}

criterion_group!(search, benches);
criterion_main!(search);
