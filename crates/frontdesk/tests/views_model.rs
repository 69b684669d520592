//! Model test of views, counts, tiles, unread and metrics: random command
//! sequences, and after every step, for every user and the host, the live
//! figures must equal a naive recomputation from scratch
//! (`reference/mod.rs`).
//!
//! Every step checks, for every viewer: the tiles, the count of every view,
//! the unread count of every conversation, the workspace metrics and the
//! agent metrics. Each step also pages through one (view, sort, filter)
//! combination, rotating over all of them, three rows at a time, and checks
//! the concatenated pages and the count against the fully sorted reference;
//! every page is also read as ids (`view_ids`) and written over a reused
//! buffer (`view_into`), and both must equal it.

mod common;
mod reference;

use chrono::{DateTime, Duration, Utc};
use common::t;
use common::world::{cmd, Cmd, World};
use frontdesk::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use reference::Model;

const SORTS: [Sort; 5] = [Sort::Recent, Sort::Oldest, Sort::Priority, Sort::Channel, Sort::Assignment];

fn filters(i: usize, now: DateTime<Utc>) -> Filters {
    let none = Filters::default();
    match i % 14 {
        0 => none,
        1 => Filters { channel: Some(Channel::Whatsapp), ..none },
        2 => Filters { status: Some(Status::Pending), ..none },
        3 => Filters { priority: Some(Priority::High), ..none },
        4 => Filters { ai_mode: Some(AiMode::Active), ..none },
        5 => Filters { tag: Some("VIP".into()), ..none },
        6 => Filters { time: Some(TimeRange::LastHour), ..none },
        7 => Filters { time: Some(TimeRange::Today), ..none },
        8 => Filters { time: Some(TimeRange::ThisWeek), channel: Some(Channel::Sms), ..none },
        9 => Filters {
            time: Some(TimeRange::Between {
                from: now - Duration::hours(3),
                to: now - Duration::minutes(30),
            }),
            ai_mode: Some(AiMode::Paused),
            ..none
        },
        10 => Filters { time: Some(TimeRange::ThisMonth), tag: Some("billing".into()), ..none },
        11 => Filters { mode: Some(Mode::AiHandled), ..none },
        12 => Filters { mode: Some(Mode::Manual), campaign: Some(" Spring".into()), ..none },
        _ => Filters { campaign: Some("spring".into()), status: Some(Status::Open), ..none },
    }
}

/// Checks one step; returns how many rows the paged lists held and how many
/// lists needed more than one page, so the test can tell it saw real data.
/// `buffer` is the page `view_into` writes over: it lives across every
/// viewer, page and step of a run, so each page overwrites rows of others.
fn check(
    world: &World,
    model: &Model,
    step: usize,
    now: DateTime<Utc>,
    buffer: &mut Page,
) -> Result<(usize, usize), TestCaseError> {
    let mut seen = (0, 0);
    let ws = &world.ws;
    let mut viewers = vec![Actor::System];
    viewers.extend(world.users.iter().map(|u| Actor::User(*u)));
    let all = ws.conversations(Actor::System).unwrap();
    for (vi, viewer) in viewers.iter().copied().enumerate() {
        if let Actor::User(u) = viewer {
            if ws.user(u).unwrap().removed {
                prop_assert!(ws.tiles(viewer).is_err());
                prop_assert!(ws.view(viewer, &ViewQuery::new(View::TeamInbox), now).is_err());
                // A refused read leaves the buffer as it was.
                let before = buffer.clone();
                prop_assert!(ws.view_into(viewer, &ViewQuery::new(View::TeamInbox), now, buffer).is_err());
                prop_assert_eq!(&*buffer, &before);
                continue;
            }
        }
        let live = ws.tiles(viewer).unwrap();
        prop_assert_eq!(live, reference::tiles(ws, model, viewer), "tiles of {:?}", viewer);
        for view in View::ALL {
            // Counts with no filter take the counters; with a mode or a
            // campaign filter they read rows: both must equal the model.
            let extra = match step % 3 {
                0 => Filters::default(),
                1 => Filters { mode: Some(Mode::Manual), ..Filters::default() },
                _ => Filters { campaign: Some("spring".into()), ..Filters::default() },
            };
            let q = ViewQuery::new(view).filters(extra);
            let expected = reference::list(ws, viewer, &q, now).len() as u64;
            prop_assert_eq!(
                ws.count(viewer, &q, now).unwrap(),
                expected,
                "count of {:?} for {:?}",
                q,
                viewer
            );
        }
        for c in &all {
            if ws.can_see(viewer, c.id) {
                prop_assert_eq!(
                    ws.unread_count(viewer, c.id).unwrap(),
                    model.unread(viewer.user(), c),
                    "unread of {} for {:?}",
                    c.id,
                    viewer
                );
            }
        }
        prop_assert_eq!(
            ws.workspace_metrics(viewer, now).unwrap(),
            reference::workspace_metrics(ws, viewer, now)
        );
        for agent in &world.users {
            let allowed = match viewer {
                Actor::System => true,
                Actor::User(u) => u == *agent || ws.user(u).unwrap().is_admin(),
            };
            match ws.agent_metrics(viewer, *agent, now) {
                Ok(m) => {
                    prop_assert!(allowed);
                    prop_assert_eq!(m, reference::agent_metrics(ws, *agent, now));
                }
                Err(e) => {
                    prop_assert!(!allowed);
                    prop_assert_eq!(e.code(), "forbidden");
                }
            }
        }

        // One paged list per viewer per step, rotating over every view, sort
        // and filter combination.
        let k = step * 7 + vi;
        let n = View::ALL.len();
        let q =
            ViewQuery::new(View::ALL[k % n]).sort(SORTS[(k / n) % 5]).filters(filters(k / 3, now)).limit(3);
        let expected = reference::list(ws, viewer, &q, now);
        let mut got = Vec::new();
        let mut query = q.clone();
        loop {
            let page = ws.view(viewer, &query, now).unwrap();
            prop_assert!(page.rows.len() <= 3);
            // The ids-only read of the same page: the same rows in the same
            // order, and the same cursor.
            let ids = ws.view_ids(viewer, &query, now).unwrap();
            prop_assert_eq!(&ids.ids, &page.rows.iter().map(|r| r.conversation).collect::<Vec<_>>());
            prop_assert_eq!(&ids.next, &page.next, "view_ids cursor {:?} for {:?}", query, viewer);
            // The same page written over the rows of earlier pages: equal
            // in every field, cursor included.
            ws.view_into(viewer, &query, now, buffer).unwrap();
            prop_assert_eq!(&*buffer, &page, "view_into {:?} for {:?}", query, viewer);
            got.extend(page.rows.iter().map(|r| (r.conversation, r.unread, r.status, r.assignees.clone())));
            match page.next {
                Some(cursor) => {
                    prop_assert_eq!(page.rows.len(), 3);
                    query = q.clone().after(cursor);
                }
                None => break,
            }
            prop_assert!(got.len() <= expected.len(), "more rows than the reference for {:?}", q);
        }
        let want: Vec<_> = expected
            .iter()
            .map(|c| (c.id, model.unread(viewer.user(), c), c.status, c.assignees.clone()))
            .collect();
        prop_assert_eq!(&got, &want, "list {:?} for {:?}", q, viewer);
        seen.0 += got.len();
        seen.1 += usize::from(got.len() > 3);
        prop_assert_eq!(
            ws.count(viewer, &q, now).unwrap(),
            want.len() as u64,
            "count {:?} for {:?}",
            q,
            viewer
        );
    }
    Ok(seen)
}

fn run(reopen: bool, steps: &[(Cmd, i64)]) -> Result<(usize, usize), TestCaseError> {
    let mut world = World::new(reopen);
    let mut model = Model::default();
    let mut minute = 0;
    let (mut rows, mut paged) = (0, 0);
    let mut buffer = Page { rows: Vec::new(), next: None };
    for (step, (cmd, advance)) in steps.iter().enumerate() {
        minute += advance;
        let now = t(minute);
        if minute % 7 == 0 {
            world.ws.tick(now);
        }
        if world.apply(cmd, now).is_ok() {
            match cmd {
                Cmd::MarkRead { actor, conv } => {
                    let user = world.actor(*actor).user().unwrap();
                    model.mark_read(&world.ws, user, ConversationId(*conv as u64));
                }
                Cmd::MarkUnread { actor, conv } => {
                    let user = world.actor(*actor).user().unwrap();
                    model.mark_unread(&world.ws, user, ConversationId(*conv as u64));
                }
                _ => {}
            }
        }
        model.observe(&world.ws);
        let (r, p) = check(&world, &model, step, now, &mut buffer)?;
        rows += r;
        paged += p;
    }
    prop_assert!(world.ws.derived_state_is_consistent());
    Ok((rows, paged))
}

#[test]
fn the_model_test_sees_real_lists_spanning_several_pages() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec((cmd(), 0i64..90), 100..130);
    for _ in 0..5 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        let (rows, paged) = run(true, &steps).unwrap();
        assert!(rows > 0 && paged > 0, "the lists were never exercised");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn live_views_counts_tiles_unread_and_metrics_equal_a_recomputation_for_every_viewer(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((cmd(), 0i64..90), 100..130),
    ) {
        run(reopen, &steps)?;
    }
}
