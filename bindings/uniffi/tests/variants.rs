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
