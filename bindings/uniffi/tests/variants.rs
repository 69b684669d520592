//! Every core enum crosses to Kotlin and Swift through the `derive(uniffi::Enum)`
//! it carries in the core (feature `uniffi`), so every variant, `#[non_exhaustive]`
//! ones included, is part of the generated code by construction: there is no
//! second list a new variant could be missing from. This test sends every core
//! channel through the binding's own conversion (the one its methods use) and
//! back, so a channel that failed to cross would fail here (in `test.sh`).

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
