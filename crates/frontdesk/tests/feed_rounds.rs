//! Property test: a viewer's feed does not depend on who else watches or
//! when the others drain. Every watcher shares one record of what changed
//! between drains; here each user's feed, drained at random moments in a
//! workspace where all five users watch and drain at their own moments
//! (one at a time, or all in one `take_feeds` round), must equal the feed
//! the same user drains at the same moments in a copy where they alone
//! watch.

mod common;
use common::t;
use common::world::{cmd, Cmd, World};
use frontdesk::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    World(Cmd),
    Rename { contact: u8, name: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => cmd().prop_map(Step::World),
        1 => (0u8..4, 0u8..3).prop_map(|(contact, name)| Step::Rename { contact, name }),
    ]
}

/// Each user watches a different set of views, in different orders.
fn watched(user: usize) -> Vec<WatchedView> {
    View::ALL
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != View::ResolvedToday)
        .filter(|(k, _)| (k + user) % 3 != 0)
        .map(|(k, v)| WatchedView { view: *v, sort: Sort::ALL[(k + user) % Sort::ALL.len()] })
        .collect()
}

fn apply(world: &mut World, step: &Step, now: chrono::DateTime<chrono::Utc>) {
    let _ = match step {
        Step::World(c) => world.apply(c, now).map(|_| ()),
        Step::Rename { contact, name } => {
            let contact = world.contacts[*contact as usize % world.contacts.len()];
            let patch = ContactPatch { name: Some(format!("Name {name}")), ..ContactPatch::default() };
            world.ws.update_contact(Actor::System, now, contact, patch).map(|_| ())
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, max_shrink_iters: 500, ..ProptestConfig::default() })]

    #[test]
    fn a_feed_is_the_same_whoever_else_watches_and_whenever_they_drain(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((step(), 0i64..90, any::<u8>()), 30..80),
    ) {
        let mut world = World::new(reopen);
        let users = world.users.clone();
        let mut alone: Vec<Workspace> = Vec::new();
        for (i, user) in users.iter().enumerate() {
            let mut ws = world.ws.clone();
            ws.watch_views(Actor::User(*user), watched(i)).unwrap();
            alone.push(ws);
        }
        for (i, user) in users.iter().enumerate() {
            world.ws.watch_views(Actor::User(*user), watched(i)).unwrap();
        }
        let mut minute = 0;
        let mut told = 0usize;
        for (step, advance, drains) in &steps {
            minute += advance;
            let now = t(minute);
            apply(&mut world, step, now);
            for ws in &mut alone {
                std::mem::swap(&mut world.ws, ws);
                apply(&mut world, step, now);
                std::mem::swap(&mut world.ws, ws);
            }
            if drains & 0x80 != 0 {
                // One round for every watcher.
                let round = world.ws.take_feeds();
                let expected: Vec<Feed> = users
                    .iter()
                    .zip(&mut alone)
                    .filter_map(|(user, ws)| ws.take_feed(Actor::User(*user)).ok())
                    .filter(|f| !f.is_empty())
                    .collect();
                told += round.len();
                prop_assert_eq!(round, expected);
            } else {
                for (i, user) in users.iter().enumerate().filter(|(i, _)| drains & (1 << i) != 0) {
                    // A removed user gets `user_deleted` in both.
                    let got = world.ws.take_feed(Actor::User(*user)).map_err(|e| e.code());
                    let expected = alone[i].take_feed(Actor::User(*user)).map_err(|e| e.code());
                    told += usize::from(got.as_ref().is_ok_and(|f| !f.is_empty()));
                    prop_assert_eq!(got, expected, "user {}", i);
                }
            }
        }
        // The sequences do tell something.
        prop_assert!(told > 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, max_shrink_iters: 500, ..ProptestConfig::default() })]

    /// The shared round: users watch one of two lists, so feeds are shared;
    /// each group's feed, given to each of its viewers, is what that viewer
    /// drains at the same moments where they alone watch, and a viewer left
    /// out of every group would have drained nothing.
    #[test]
    fn a_feed_group_gives_each_viewer_their_own_feed(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((step(), 0i64..90, any::<u8>()), 30..80),
    ) {
        let mut world = World::new(reopen);
        let users = world.users.clone();
        let mut alone: Vec<Workspace> = Vec::new();
        for (i, user) in users.iter().enumerate() {
            let mut ws = world.ws.clone();
            ws.watch_views(Actor::User(*user), watched(i % 2)).unwrap();
            alone.push(ws);
        }
        for (i, user) in users.iter().enumerate() {
            world.ws.watch_views(Actor::User(*user), watched(i % 2)).unwrap();
        }
        let mut minute = 0;
        for (step, advance, drains) in &steps {
            minute += advance;
            let now = t(minute);
            apply(&mut world, step, now);
            for ws in &mut alone {
                std::mem::swap(&mut world.ws, ws);
                apply(&mut world, step, now);
                std::mem::swap(&mut world.ws, ws);
            }
            if drains & 0x80 != 0 {
                let groups = world.ws.take_feed_groups();
                let mut got: Vec<Feed> = groups.iter().flat_map(|g| g.feeds()).collect();
                got.sort_by_key(|f| f.viewer);
                let expected: Vec<Feed> = users
                    .iter()
                    .zip(&mut alone)
                    .filter_map(|(user, ws)| ws.take_feed(Actor::User(*user)).ok())
                    .filter(|f| !f.is_empty())
                    .collect();
                prop_assert_eq!(got, expected);
            } else {
                for (i, user) in users.iter().enumerate().filter(|(i, _)| drains & (1 << i) != 0) {
                    let got = world.ws.take_feed(Actor::User(*user)).map_err(|e| e.code());
                    let expected = alone[i].take_feed(Actor::User(*user)).map_err(|e| e.code());
                    prop_assert_eq!(got, expected, "user {}", i);
                }
            }
        }
    }
}
