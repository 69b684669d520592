//! The snapshot format: the whole workspace as one serializable value.

use crate::config::WorkspaceConfig;
use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::ids::{ConversationId, UserId};
use crate::read_types::ReadMarker;
use crate::user::{Team, User};
use crate::visibility::Visibility;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The snapshot format this build writes and reads.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// Everything a workspace holds. Derived indexes are not stored; they are
/// rebuilt on load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The format version ([`SNAPSHOT_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Settings.
    pub config: WorkspaceConfig,
    /// Users in id order.
    pub users: Vec<User>,
    /// Teams in id order.
    pub teams: Vec<Team>,
    /// Contacts in id order.
    pub contacts: Vec<Contact>,
    /// Live conversations in id order.
    pub conversations: Vec<Conversation>,
    /// The id the next conversation gets.
    pub next_conversation: u64,
    /// The id the next message gets.
    pub next_message: u64,
    /// The id the next invoice gets.
    pub next_invoice: u64,
    /// Deleted conversations and who could see them.
    pub deleted: BTreeMap<ConversationId, Visibility>,
    /// Reply templates, in the order they were added.
    #[serde(default)]
    pub templates: crate::template::TemplateLibrary,
    /// Round-robin positions: the last user chosen per team (0: no team).
    #[serde(default)]
    pub round_robin: BTreeMap<u64, UserId>,
    /// How far each user has read each conversation, ordered by conversation
    /// then user. Snapshots written before read markers existed load with
    /// each message author having read up to their own last message.
    #[serde(default)]
    pub read_markers: Vec<ReadMarker>,
    /// The latest time the workspace applied ([`Workspace::latest_time`](crate::Workspace::latest_time)).
    /// Snapshots written before it was stored (or holding an earlier time
    /// than their data) load with the latest timestamp found in their data.
    #[serde(default)]
    pub latest_time: Option<chrono::DateTime<chrono::Utc>>,
    /// Saved filters (none in snapshots written before they existed).
    #[serde(default)]
    pub saved_filters: crate::saved_filter_types::SavedFilters,
}
