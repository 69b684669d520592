//! Identifiers. Every entity gets a sequential id from its workspace, so the same
//! commands give the same ids in every language and every run.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A hasher for maps keyed by one id: ids are small sequential numbers, so
/// the number itself (spread by a multiply) is a good hash and far cheaper than
/// SipHash. Maps keyed this way are never exposed to untrusted keys in bulk.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Builds [`IdHasher`]s.
pub(crate) type IdHash = std::hash::BuildHasherDefault<IdHasher>;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// The number behind the id.
            pub fn get(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "#{}", self.0)
            }
        }

        impl From<u64> for $name {
            fn from(n: u64) -> Self {
                $name(n)
            }
        }
    };
}

id_type!(
    /// A user (an admin or an agent) of the workspace.
    UserId
);
id_type!(
    /// A team of users that conversations can be routed to.
    TeamId
);
id_type!(
    /// A contact (a customer or lead).
    ContactId
);
id_type!(
    /// A conversation, customer-facing or internal.
    ConversationId
);
id_type!(
    /// A message, note or payment request inside a conversation.
    MessageId
);
id_type!(
    /// An invoice or checkout sent inside a conversation.
    InvoiceId
);
