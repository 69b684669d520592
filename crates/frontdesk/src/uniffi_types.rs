//! How the core's scalar types cross to Kotlin and Swift (feature `uniffi`):
//! ids as `u64` (Kotlin `ULong`), moments as `SystemTime` (Kotlin `Instant`,
//! Swift `Date`) and cursors as their token. The value types and enums carry
//! `derive(uniffi::Record | uniffi::Enum)` where they are declared.

use crate::notification_types::{AlertKind, DeliveryChannel, NotificationPreferences};
use crate::{
    Attachments, ContactId, ConversationId, Cursor, Error, InvoiceId, MessageId, SavedFilterId, TeamId,
    UserId,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A moment (Kotlin `Instant`, Swift `Date`).
pub type Timestamp = DateTime<Utc>;

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| system_time(t),
    try_lift: |t| Ok(time(t)?),
});
// Immutable texts and lists the core keeps boxed to save a capacity word
// (`Message::body`) and `Message::attachments` cross as a string and a list.
/// An immutable text (Kotlin and Swift `String`).
pub type BoxedText = Box<str>;

uniffi::custom_type!(BoxedText, String, {
    remote,
    lower: |s| s.into(),
    try_lift: |s| Ok(s.into_boxed_str()),
});
uniffi::custom_type!(Attachments, Vec<crate::Attachment>, {
    lower: |s| s.into(),
    try_lift: |s| Ok(s.into()),
});
// Notification settings are kept as ordered sets; uniffi has maps and lists but
// no ordered map or set, so they cross as a map of lists (in channel order).
uniffi::custom_type!(NotificationPreferences, HashMap<AlertKind, Vec<DeliveryChannel>>, {
    lower: |p| p.channels.into_iter().map(|(kind, set)| (kind, set.into_iter().collect())).collect(),
    try_lift: |m| Ok(NotificationPreferences {
        channels: m.into_iter().map(|(kind, list)| (kind, list.into_iter().collect())).collect(),
    }),
});
uniffi::custom_newtype!(UserId, u64);
uniffi::custom_newtype!(TeamId, u64);
uniffi::custom_newtype!(ContactId, u64);
uniffi::custom_newtype!(ConversationId, u64);
uniffi::custom_newtype!(MessageId, u64);
uniffi::custom_newtype!(InvoiceId, u64);
uniffi::custom_newtype!(SavedFilterId, u64);
uniffi::custom_type!(Cursor, String, {
    lower: |c| c.as_str().to_string(),
    try_lift: |s| Ok(Cursor::from_token(s)),
});

/// A `SystemTime` as a moment; `invalid_argument` when chrono cannot hold it.
pub fn time(t: SystemTime) -> crate::Result<DateTime<Utc>> {
    let dt = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok().and_then(|s| DateTime::from_timestamp(s, d.subsec_nanos())),
        Err(e) => {
            let d = e.duration();
            i64::try_from(d.as_secs())
                .ok()
                .and_then(|s| DateTime::from_timestamp(-s, 0))
                .map(|t| t - chrono::Duration::nanoseconds(i64::from(d.subsec_nanos())))
        }
    };
    dt.ok_or_else(|| Error::invalid_argument("now", "is out of range"))
}

/// A moment as a `SystemTime`.
pub fn system_time(t: DateTime<Utc>) -> SystemTime {
    let (s, n) = (t.timestamp(), t.timestamp_subsec_nanos());
    if s >= 0 {
        UNIX_EPOCH + Duration::new(s as u64, n)
    } else {
        UNIX_EPOCH - Duration::from_secs(s.unsigned_abs()) + Duration::from_nanos(u64::from(n))
    }
}
