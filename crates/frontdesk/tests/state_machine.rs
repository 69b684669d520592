//! Property test of the command state machine: random command sequences from
//! several actors, with the workspace invariants checked after every step.
//!
//! After every command:
//! - a refused command left the snapshot identical (atomicity);
//! - every assignee is a live user who can see the conversation;
//! - no resolved or archived conversation holds an unpaid invoice;
//! - nothing deleted is reachable (get, list, invoices, contact pointers);
//! - incrementally maintained indexes equal a rebuild from scratch;
//! - time never runs backwards: some commands are dated a few milliseconds to
//!   seconds before the previous one (processes whose clocks disagree), yet
//!   no conversation closes before it was created, messages stay in time
//!   order, no metric duration is negative and the latest applied time never
//!   decreases;
//!
//! and at the end of each sequence the snapshot round-trips through JSON.

mod common;
use chrono::{DateTime, Duration, Utc};
use common::t;
use common::world::{cmd, World};
use common::SYS;
use frontdesk::*;
use proptest::prelude::*;

fn check_invariants(world: &World) -> std::result::Result<(), TestCaseError> {
    let ws = &world.ws;
    for c in ws.conversations(SYS).unwrap() {
        for a in &c.assignees {
            let user = ws.user(*a).unwrap();
            prop_assert!(!user.removed, "{} is assigned to {} but was removed", a, c.id);
            prop_assert!(ws.can_see(Actor::User(*a), c.id), "assignee {} cannot see {}", a, c.id);
            prop_assert!(user.is_admin() || c.visibility.includes(*a));
        }
        if c.status.is_closed() {
            prop_assert!(c.outstanding_invoices().is_empty(), "{} is closed with unpaid invoices", c.id);
        }
        if let Visibility::Users(list) = &c.visibility {
            prop_assert!(!list.is_empty());
        }
    }
    for id in &world.deleted {
        prop_assert_eq!(ws.conversation(SYS, *id).unwrap_err().code(), "conversation_deleted");
        prop_assert!(ws.conversations(SYS).unwrap().iter().all(|c| c.id != *id));
        for contact in ws.contacts(Actor::System).unwrap().iter() {
            prop_assert_ne!(contact.current_conversation, Some(*id));
        }
        for actor in &world.actors {
            prop_assert!(!ws.can_see(*actor, *id));
        }
    }
    // The live count each actor gets equals the conversations it may see,
    // tested one by one.
    let all = ws.conversations(SYS).unwrap();
    for actor in &world.actors {
        if let Ok(count) = ws.conversation_count(*actor) {
            let seen = all.iter().filter(|c| ws.can_see(*actor, c.id)).count();
            prop_assert_eq!(count, seen, "conversation_count of {:?}", actor);
        }
    }
    prop_assert!(ws.derived_state_is_consistent(), "indexes drifted from a rebuild");
    Ok(())
}

/// Time never runs backwards, whatever `now` the commands carried.
fn check_time(
    world: &World,
    now: DateTime<Utc>,
    previous: Option<DateTime<Utc>>,
) -> std::result::Result<(), TestCaseError> {
    let ws = &world.ws;
    let latest = ws.latest_time();
    prop_assert!(latest >= previous, "the latest applied time went back from {:?} to {:?}", previous, latest);
    for c in ws.conversations(SYS).unwrap() {
        prop_assert!(c.updated_at >= c.created_at, "{} updated before it was created", c.id);
        if let Some(closed) = c.closed_at {
            prop_assert!(
                closed >= c.created_at,
                "{} closed at {} before it was created at {}",
                c.id,
                closed,
                c.created_at
            );
        }
        prop_assert!(
            c.messages.windows(2).all(|w| w[0].at <= w[1].at),
            "{}'s messages are out of time order",
            c.id
        );
        prop_assert!(
            c.messages.iter().all(|m| Some(m.at) <= latest),
            "{} holds a message after the latest time",
            c.id
        );
        let m = ws.conversation_metrics(SYS, c.id).unwrap();
        let durations = [Some(m.duration_ms), m.first_response_ms, m.average_response_ms, m.resolution_ms];
        prop_assert!(
            durations.iter().flatten().all(|d| *d >= 0),
            "{} has a negative duration: {:?}",
            c.id,
            m
        );
    }
    let inbox = ws.workspace_metrics(SYS, now).unwrap();
    prop_assert!(inbox.average_first_response_ms.is_none_or(|d| d >= 0), "negative average: {:?}", inbox);
    Ok(())
}

/// How far before the previous command a command is dated: mostly not at all
/// (the clock moves on), sometimes a few milliseconds to a few seconds
/// (another process's clock).
fn skew() -> impl Strategy<Value = i64> {
    prop_oneof![3 => Just(0i64), 1 => 1i64..20, 1 => 20i64..5_000]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_every_invariant(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((cmd(), 0i64..90, skew()), 100..140),
    ) {
        let mut world = World::new(reopen);
        let mut minute = 0;
        let mut refusals = 0;
        let mut last = t(0);
        for (cmd, advance, skew) in &steps {
            // Either the clock moves on, or the command is dated slightly
            // before the previous one.
            let now = if *skew > 0 {
                last - Duration::milliseconds(*skew)
            } else {
                minute += advance;
                t(minute)
            };
            last = now;
            let previous = world.ws.latest_time();
            if minute % 7 == 0 {
                world.ws.tick(now);
            }
            let before = world.ws.snapshot();
            match world.apply(cmd, now) {
                Ok(_) => {}
                Err(e) => {
                    refusals += 1;
                    prop_assert_eq!(&world.ws.snapshot(), &before, "refused {:?} ({}) changed the workspace", cmd, e.code());
                }
            }
            check_invariants(&world)?;
            check_time(&world, now, previous)?;
        }
        // A sequence where everything is refused would prove little.
        prop_assert!(refusals < steps.len());
        // The snapshot round-trips losslessly through JSON, and the restored
        // workspace behaves the same from here on.
        let json = world.ws.to_json().unwrap();
        let mut restored = Workspace::from_json(&json).unwrap();
        prop_assert_eq!(restored.snapshot(), world.ws.snapshot());
        prop_assert!(restored.derived_state_is_consistent());
        let later = t(minute + 10_000);
        prop_assert_eq!(restored.tick(later), world.ws.tick(later));
        prop_assert_eq!(restored.snapshot(), world.ws.snapshot());
    }
}
