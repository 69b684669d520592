//! Property test of the command state machine: random command sequences from
//! several actors, with the workspace invariants checked after every step.
//!
//! After every command:
//! - a refused command left the snapshot identical (atomicity);
//! - every assignee is a live user who can see the conversation;
//! - no resolved or archived conversation holds an unpaid invoice;
//! - nothing deleted is reachable (get, list, invoices, contact pointers);
//! - incrementally maintained indexes equal a rebuild from scratch;
//!
//! and at the end of each sequence the snapshot round-trips through JSON.

mod common;
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
        for contact in ws.contacts() {
            prop_assert_ne!(contact.current_conversation, Some(*id));
        }
        for actor in &world.actors {
            prop_assert!(!ws.can_see(*actor, *id));
        }
    }
    prop_assert!(ws.derived_state_is_consistent(), "indexes drifted from a rebuild");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_every_invariant(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((cmd(), 0i64..90), 100..140),
    ) {
        let mut world = World::new(reopen);
        let mut minute = 0;
        let mut refusals = 0;
        for (cmd, advance) in &steps {
            minute += advance;
            let now = t(minute);
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
