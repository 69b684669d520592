//! Who performs a command or a read.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};

/// The actor of a command or read: a user of the workspace, or the host system
/// itself (integrations delivering inbound messages, the AI agent, payment
/// webhooks, set-up code). The system is trusted and sees everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "user", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Actor {
    /// A user of the workspace.
    User(#[cfg_attr(feature = "uniffi", uniffi(name = "id"))] UserId),
    /// The host application.
    System,
}

impl Actor {
    /// The user behind the actor, if any.
    pub fn user(self) -> Option<UserId> {
        match self {
            Actor::User(u) => Some(u),
            Actor::System => None,
        }
    }
}

impl From<UserId> for Actor {
    fn from(user: UserId) -> Actor {
        Actor::User(user)
    }
}
