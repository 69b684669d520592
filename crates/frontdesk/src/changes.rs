//! What commands changed, as a store needs to know it to persist a workspace
//! row by row, and the rows another process committed, to catch up with them.
//!
//! The core has no I/O: it only reports which entities a command touched
//! ([`Changes`]) and applies entities it is handed ([`Rows`]). A store
//! (`frontdesk-store`) writes and reads them.

use crate::config::WorkspaceConfig;
use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::ids::{ContactId, ConversationId, TeamId, UserId};
use crate::template::TemplateLibrary;
use crate::user::{Team, User};
use crate::visibility::Visibility;
use std::collections::{BTreeMap, BTreeSet};

/// How a command touched one conversation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConversationChange {
    /// How many of its messages existed before the first touch: the messages
    /// after them are new. Messages are append-only, so the ones before are
    /// unchanged.
    pub messages_before: usize,
    /// Whether its visibility list, assignees or tags may have changed (a new
    /// message alone never changes them).
    pub relations: bool,
}

/// Every entity the commands applied since the last
/// [`Workspace::take_changes`](crate::Workspace::take_changes) touched.
///
/// A conversation's row, invoices and read markers are rewritten whenever it
/// is listed; its new messages are appended. The id counters and the latest
/// applied time are small enough to be written after every command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The settings (policy, timers, priority rules, routing chain, response
    /// goals) changed.
    pub settings: bool,
    /// The reply templates changed.
    pub templates: bool,
    /// The round-robin positions changed.
    pub round_robin: bool,
    /// The saved filters changed.
    pub saved_filters: bool,
    /// Users added or changed.
    pub users: BTreeSet<UserId>,
    /// Teams added or changed.
    pub teams: BTreeSet<TeamId>,
    /// Contacts added or changed.
    pub contacts: BTreeSet<ContactId>,
    /// Conversations added or changed (not deleted).
    pub conversations: BTreeMap<ConversationId, ConversationChange>,
    /// Conversations deleted.
    pub deleted: BTreeSet<ConversationId>,
}

impl Changes {
    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }
}

/// Entities to put into a workspace as they are elsewhere (in a store,
/// committed by another process), replacing what it holds under the same ids.
/// See [`Workspace::apply_rows`](crate::Workspace::apply_rows).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    /// New settings, when they changed.
    pub settings: Option<WorkspaceConfig>,
    /// New reply templates, when they changed.
    pub templates: Option<TemplateLibrary>,
    /// New round-robin positions, when they changed.
    pub round_robin: Option<BTreeMap<u64, UserId>>,
    /// New saved filters, when they changed.
    pub saved_filters: Option<crate::saved_filter_types::SavedFilters>,
    /// Users, whole.
    pub users: Vec<User>,
    /// Teams, whole.
    pub teams: Vec<Team>,
    /// Contacts, whole.
    pub contacts: Vec<Contact>,
    /// Conversations, whole (all their messages), each with its read markers
    /// (`(user, messages read)`).
    pub conversations: Vec<(Conversation, Vec<(UserId, u32)>)>,
    /// Conversations deleted, with who could see them.
    pub deleted: Vec<(ConversationId, Visibility)>,
    /// The id the next conversation gets.
    pub next_conversation: u64,
    /// The id the next message gets.
    pub next_message: u64,
    /// The id the next invoice gets.
    pub next_invoice: u64,
    /// The latest time a command was applied at, if any.
    pub latest_time: Option<chrono::DateTime<chrono::Utc>>,
}
