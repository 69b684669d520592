//! Round trip: after random command sequences (the core's state-machine
//! generator) applied through the store, the workspace loaded from the
//! database equals the live one, snapshot for snapshot; and two handles on
//! one database taking turns (as two processes would) end equal to it too.
//! Some commits are made to fail: memory then equals the database again.

#[path = "../../frontdesk/tests/common/mod.rs"]
mod common;
mod support;

use common::t;
use common::world::{cmd, Cmd, World};
use frontdesk::*;
use frontdesk_store::StoredWorkspace;
use proptest::prelude::*;

/// Runs one generated command on a stored workspace through `world` (which
/// knows the actors, contacts and team the generator's indexes name).
fn run(
    world: &mut World,
    stored: &mut StoredWorkspace,
    cmd: &Cmd,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    stored.apply(|ws| {
        std::mem::swap(&mut world.ws, ws);
        let r = world.apply(cmd, now);
        std::mem::swap(&mut world.ws, ws);
        r.map(|_| ())
    })
}

fn tick(world: &mut World, stored: &mut StoredWorkspace, now: chrono::DateTime<chrono::Utc>) {
    let _ = world;
    stored.apply(|ws| Ok(ws.tick(now))).unwrap();
}

fn check_sequence(
    url: &str,
    name: &str,
    reopen: bool,
    steps: &[(Cmd, i64, bool, bool)],
) -> std::result::Result<(), TestCaseError> {
    let mut world = World::new(reopen);
    let mut a = frontdesk_store::open(url, name, None).unwrap();
    a.import(&world.ws).unwrap();
    let mut b = frontdesk_store::open(url, name, None).unwrap();
    let (f, m) = (b.snapshot(), a.snapshot());
    prop_assert!(f == m, "the imported workspace differs:\n{}", support::diff(&f, &m));
    let mut minute = 0;
    for (i, (cmd, advance, other, fault)) in steps.iter().enumerate() {
        minute += advance;
        let now = t(minute);
        let stored = if *other { &mut b } else { &mut a };
        if minute % 7 == 0 {
            tick(&mut world, stored, now);
        }
        // Some commits fail as if the disk were full: memory must come back
        // to what the database holds.
        frontdesk_store::fault::fail_next_writes(u32::from(*fault));
        let refused = run(&mut world, stored, cmd, now).is_err();
        frontdesk_store::fault::fail_next_writes(0);
        prop_assert!(stored.derived_state_is_consistent(), "indexes drifted after catching up");
        // A refused command wrote nothing: the database still equals memory.
        if refused || i % 25 == 24 {
            let fresh = frontdesk_store::open(url, name, None).unwrap();
            let (f, m) = (fresh.snapshot(), stored.snapshot());
            prop_assert!(
                f == m,
                "the database differs from memory after {:?}:\n{}",
                cmd,
                support::diff(&f, &m)
            );
        }
    }
    a.refresh().unwrap();
    b.refresh().unwrap();
    let fresh = frontdesk_store::open(url, name, None).unwrap();
    for handle in [&a, &b] {
        let (f, m) = (fresh.snapshot(), handle.snapshot());
        prop_assert!(f == m, "the database differs from memory at the end:\n{}", support::diff(&f, &m));
    }
    prop_assert!(a.derived_state_is_consistent());
    prop_assert!(b.derived_state_is_consistent());
    prop_assert!(fresh.derived_state_is_consistent());
    Ok(())
}

fn steps() -> impl Strategy<Value = Vec<(Cmd, i64, bool, bool)>> {
    proptest::collection::vec(
        (cmd(), 0i64..90, proptest::bool::weighted(0.3), proptest::bool::weighted(0.05)),
        60..110,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_workspace_loaded_from_sqlite_equals_the_live_one_after_random_commands(
        reopen in any::<bool>(),
        steps in steps(),
    ) {
        let dir = support::TempDir::new("roundtrip");
        check_sequence(&dir.sqlite_url("ws.db"), "acme", reopen, &steps)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 100, ..ProptestConfig::default() })]

    #[test]
    fn the_workspace_loaded_from_postgresql_equals_the_live_one_after_random_commands(
        reopen in any::<bool>(),
        steps in steps(),
    ) {
        // One database, a workspace per case: tenants share it as in production.
        static URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        if let Some(url) = URL.get_or_init(|| support::postgres_url("roundtrip")) {
            check_sequence(url, &support::unique_name("acme"), reopen, &steps)?;
        }
    }
}
