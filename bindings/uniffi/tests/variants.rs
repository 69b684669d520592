//! Every core enum crosses to Kotlin and Swift through uniffi's remote
//! declarations in `src/lib.rs`, whose generated conversions match every
//! variant: a core variant the binding lacks is a compile error. `Channel` is
//! `#[non_exhaustive]`, so its conversion ends in a catch-all arm instead; this
//! test sends every core channel through it, so a channel the binding lacks
//! fails here (in `test.sh`), never in a user's call.

use frontdesk::Channel;
use frontdesk_ffi::UniFfiTag;
use uniffi::{Lift, Lower};

#[test]
fn every_core_channel_crosses_the_binding_and_back() {
    for &channel in Channel::ALL.iter() {
        let lowered = std::panic::catch_unwind(|| <Channel as Lower<UniFfiTag>>::lower(channel));
        let Ok(buffer) = lowered else { panic!("the binding's Channel lacks {channel:?}") };
        let lifted = <Channel as Lift<UniFfiTag>>::try_lift(buffer).expect("lifts back");
        assert_eq!(lifted, channel);
    }
}

/// The variant names of `pub enum <name>` in a Rust source file: the lines
/// indented by exactly four spaces that start with a capital letter.
fn variants(path: &str, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start =
        text.find(&format!("pub enum {name} {{")).unwrap_or_else(|| panic!("{path} declares no {name}"));
    let mut names: Vec<String> = text[start..]
        .lines()
        .skip(1)
        .take_while(|line| *line != "}")
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|rest| rest.chars().take_while(|c| c.is_alphanumeric()).collect())
        .collect();
    names.sort();
    names
}

/// `Event` is `#[non_exhaustive]` too: the binding's declaration must list
/// every event the core declares (the generated sealed class has one case per
/// kind), so a new core event fails this test rather than a user's call.
#[test]
fn the_binding_declares_every_core_event() {
    let root = env!("CARGO_MANIFEST_DIR");
    let core = variants(&format!("{root}/../../crates/frontdesk/src/event.rs"), "Event");
    let binding = variants(&format!("{root}/src/lib.rs"), "Event");
    assert!(core.len() > 30, "read too few core events: {core:?}");
    assert_eq!(binding, core, "the binding's Event (src/lib.rs) differs from the core's");
}
