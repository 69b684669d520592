//! Who may see a conversation.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};

/// Who may see a conversation: everyone in the workspace, or a listed set of
/// users. Admins see every conversation whatever its list says, so an admin
/// can always close, reassign or delete it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "users", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Visibility {
    /// Every user of the workspace.
    #[default]
    Everyone,
    /// Only these users (and admins). Kept sorted and without duplicates.
    Users(#[cfg_attr(feature = "uniffi", uniffi(name = "users"))] Vec<UserId>),
}

impl Visibility {
    /// A restricted list, sorted and deduplicated.
    pub fn users(users: impl IntoIterator<Item = UserId>) -> Visibility {
        let mut list: Vec<UserId> = users.into_iter().collect();
        list.sort_unstable();
        list.dedup();
        Visibility::Users(list)
    }

    /// Whether the list lets `user` see (not counting the admin rule).
    pub fn includes(&self, user: UserId) -> bool {
        match self {
            Visibility::Everyone => true,
            Visibility::Users(list) => list.binary_search(&user).is_ok(),
        }
    }

    /// Whether this is a restricted list.
    pub fn is_restricted(&self) -> bool {
        matches!(self, Visibility::Users(_))
    }

    pub(crate) fn normalized(self) -> Visibility {
        match self {
            Visibility::Everyone => Visibility::Everyone,
            Visibility::Users(list) => Visibility::users(list),
        }
    }
}
