//! Identifiers. Every entity gets a sequential id from its workspace, so the same
//! commands give the same ids in every language and every run.

use serde::{Deserialize, Serialize};
use std::fmt;

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
