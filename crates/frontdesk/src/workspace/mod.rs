//! The workspace: one team's inbox, the aggregate every command runs against.

mod assignment;
mod bulk;
mod clock;
mod command;
pub(crate) use command::After;
mod directory;
mod feed;
mod heap;
pub mod integrity;
mod journal;
mod lifecycle;
mod messaging;
mod metrics;
mod notifications;
mod presence;
pub use presence::Ephemeral;
mod panel;
mod payments;
mod priority;
mod query_eval;
mod reads;
mod routing;
mod saved_filters;
mod search;
mod search_eval;
pub(crate) mod signals;
mod snapshot;
pub(crate) mod sql_rows;
mod templates;
mod transcripts;
mod transitions;
mod views;

use crate::access::{self, can_see, may_see_contact_notes};
use crate::actor::Actor;
use crate::applied::Applied;
use crate::channel::Channel;
use crate::config::WorkspaceConfig;
use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::ids::{ContactId, ConversationId, InvoiceId, TeamId, UserId};
use crate::index::Indexes;
use crate::key_index::KeyIndex;
use crate::read_types::Reads;
use crate::user::{Team, User};
use crate::visibility::Visibility;
use std::collections::{BTreeMap, HashMap};

/// One team's inbox (a tenant): users, teams, contacts and conversations, plus
/// the rules that govern them.
///
/// Every change is a command taking the actor and `now`. A command either
/// applies all its changes and returns the events they caused, or returns an
/// [`Error`] and leaves the workspace exactly as it was.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub(crate) config: WorkspaceConfig,
    pub(crate) users: Vec<User>,
    pub(crate) teams: Vec<Team>,
    /// Slot `n - 1` holds contact `n`.
    // Boxed like the conversation slots: the vector's growth room costs 8
    // bytes a slot instead of a whole contact.
    #[allow(clippy::vec_box)]
    pub(crate) contacts: Vec<Box<Contact>>,
    /// Slot `n - 1` holds conversation `n`; a deleted conversation leaves `None`.
    pub(crate) conversations: Vec<Option<Box<Conversation>>>,
    /// Who could see each deleted conversation, so that commands on it say
    /// "deleted" only to those who knew it existed.
    pub(crate) deleted: BTreeMap<ConversationId, Visibility>,
    pub(crate) next_message: u64,
    pub(crate) next_invoice: u64,
    pub(crate) templates: crate::template::TemplateLibrary,
    /// Saved filters and the next id.
    pub(crate) saved_filters: crate::saved_filter_types::SavedFilters,
    /// The priority rules, compiled once per configuration change.
    pub(crate) priority_rules: crate::prioritize::CompiledPriorityRules,
    /// The last user round-robin chose, per team (0: no team).
    pub(crate) round_robin: BTreeMap<u64, UserId>,
    pub(crate) lookup: Lookup,
    pub(crate) indexes: Indexes,
    /// Read markers per (user, conversation) and the counters they drive.
    pub(crate) reads: Reads,
    /// What commands touched, while a store asks for it.
    pub(crate) journal: Option<Box<crate::changes::Changes>>,
    /// The latest time applied; earlier commands are clamped to it (see clock.rs).
    pub(crate) latest_time: Option<chrono::DateTime<chrono::Utc>>,
    /// Notifications not yet taken, while a host collects them
    /// (see notifications.rs). Never persisted.
    pub(crate) outbox: Option<Vec<crate::notification_types::Notification>>,
    /// Who is viewing or typing where. Ephemeral: never persisted.
    pub(crate) presence: crate::presence_types::PresenceBoard,
    /// Who watches which views, and what changed for them since they last
    /// drained their feed (see feed.rs). Ephemeral: never persisted.
    pub(crate) feed: crate::feed_types::FeedBoard,
    /// The buffers drain rounds reuse (empty between rounds).
    pub(crate) feed_rounds: feed::RoundBuffers,
}

/// Maps rebuilt from the data on load; never serialized.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lookup {
    pub(crate) user_by_email: HashMap<String, UserId>,
    // The contact maps hold a hash of each key, not a copy of it: the
    // contact record holds the key (see `KeyIndex`).
    pub(crate) contact_by_identity: KeyIndex<(Channel, String)>,
    pub(crate) contact_by_phone: KeyIndex<String>,
    pub(crate) contact_by_email: KeyIndex<String>,
    pub(crate) internal_chat: HashMap<(UserId, UserId), ConversationId>,
    pub(crate) invoice_conversation: HashMap<InvoiceId, ConversationId>,
    /// What routing needs of each user, compact so that scanning hundreds of
    /// agents stays in a few cache lines. Slot `n - 1` is user `n`.
    pub(crate) roster: Vec<RosterEntry>,
}

/// A user as routing sees them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RosterEntry {
    pub(crate) live: bool,
    pub(crate) online: bool,
    pub(crate) admin: bool,
    /// `u32::MAX` when the user has no capacity limit.
    pub(crate) capacity: u32,
    /// A fingerprint of the user's skills (see [`skill_bits`]): a required
    /// skill whose bit is missing is certainly missing.
    pub(crate) skills: u64,
}

/// One bit per skill, from a fixed hash (FNV-1a), so the same skills give the
/// same bits in every process and after every rebuild.
pub(crate) fn skill_bits<'a>(skills: impl IntoIterator<Item = &'a String>) -> u64 {
    skills.into_iter().fold(0, |bits, skill| {
        let hash = skill
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        bits | (1 << (hash % 64))
    })
}

impl RosterEntry {
    pub(crate) fn of(u: &User) -> RosterEntry {
        RosterEntry {
            live: !u.removed,
            online: u.availability == crate::user::Availability::Online,
            admin: u.role == crate::user::Role::Admin,
            capacity: u.capacity.unwrap_or(u32::MAX),
            skills: skill_bits(&u.skills),
        }
    }
}

impl Workspace {
    /// An empty workspace with the given settings (refused when they are out
    /// of range, see [`WorkspaceConfig::validate`]).
    pub fn new(config: WorkspaceConfig) -> Result<Workspace> {
        config.validate()?;
        let priority_rules = config.priority_rules.compile()?;
        let indexes = Indexes::new(&config);
        Ok(Workspace {
            config,
            users: Vec::new(),
            teams: Vec::new(),
            contacts: Vec::new(),
            conversations: Vec::new(),
            deleted: BTreeMap::new(),
            next_message: 1,
            next_invoice: 1,
            templates: crate::template::TemplateLibrary::new(),
            saved_filters: crate::saved_filter_types::SavedFilters::default(),
            priority_rules,
            round_robin: BTreeMap::new(),
            lookup: Lookup::default(),
            indexes,
            reads: Reads::default(),
            journal: None,
            latest_time: None,
            outbox: None,
            presence: Default::default(),
            feed: Default::default(),
            feed_rounds: Default::default(),
        })
    }

    /// The workspace settings.
    pub fn config(&self) -> &WorkspaceConfig {
        &self.config
    }

    // ----- lookups -------------------------------------------------------------

    /// A user by id (removed users included; check `removed`).
    pub fn user(&self, id: UserId) -> Result<&User> {
        slot(&self.users, id.0).ok_or_else(|| Error::not_found("user", id))
    }

    /// A user by email address (case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        let id = self.lookup.user_by_email.get(&email.trim().to_lowercase())?;
        slot(&self.users, id.0)
    }

    /// Every user, removed ones included, in id order.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// A team by id.
    pub fn team(&self, id: TeamId) -> Result<&Team> {
        slot(&self.teams, id.0).ok_or_else(|| Error::not_found("team", id))
    }

    /// Every team in id order.
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }

    /// A contact as `viewer` may see it. Every user sees the contact's
    /// details, identities, tags and routing; what belongs to conversations
    /// or the contact's confidential side is left out for a viewer who may not
    /// see it: `current_conversation` is none unless the viewer may see that
    /// conversation, and `notes` are empty unless the viewer is inside the
    /// contact's predefined visibility (admins and the host always are). See
    /// docs/semantics.md, "Visibility".
    pub fn contact(&self, viewer: Actor, id: ContactId) -> Result<Contact> {
        let user = self.acting_user(viewer)?;
        Ok(self.contact_as_seen(user, self.contact_record(id)?))
    }

    /// Every contact in id order, each as [`Workspace::contact`] shows it to
    /// `viewer`. O(contacts).
    pub fn contacts(&self, viewer: Actor) -> Result<Vec<Contact>> {
        let user = self.acting_user(viewer)?;
        Ok(self.contacts.iter().map(|k| self.contact_as_seen(user, k)).collect())
    }

    /// The contact reached at `handle` on `channel` (phone numbers in any
    /// spelling), if known.
    pub fn find_contact(&self, channel: Channel, handle: &str) -> Option<ContactId> {
        let key = self.identity_key(channel, handle).ok()?;
        if let Some(id) = self.contact_by_identity(channel, &key) {
            return Some(id);
        }
        if channel.uses_phone_numbers() {
            return self.contact_by_phone(&key);
        }
        if channel == Channel::Email {
            return self.contact_by_email(&key);
        }
        None
    }

    /// A conversation as `viewer` may see it. A conversation the viewer cannot
    /// see is reported exactly like one that does not exist.
    pub fn conversation(&self, viewer: Actor, id: ConversationId) -> Result<&Conversation> {
        let user = self.acting_user(viewer)?;
        self.visible(user, id)
    }

    /// Every conversation `viewer` may see, in id order.
    pub fn conversations(&self, viewer: Actor) -> Result<Vec<&Conversation>> {
        let user = self.acting_user(viewer)?;
        Ok(self.conversations.iter().flatten().map(|c| &**c).filter(|c| can_see(user, c)).collect())
    }

    /// Whether `viewer` may see the conversation (false for unknown ids).
    pub fn can_see(&self, viewer: Actor, id: ConversationId) -> bool {
        match self.acting_user(viewer) {
            Ok(user) => self.live(id).is_some_and(|c| can_see(user, c)),
            Err(_) => false,
        }
    }

    /// How many live conversations `viewer` may see (all of them for the
    /// host): the size of the viewer's visible set in the search index
    /// (O(1) for admins and the host, one bitmap union count for agents).
    /// A workspace the index cannot serve (ids beyond 32 bits) is counted
    /// by testing every conversation.
    pub fn conversation_count(&self, viewer: Actor) -> Result<usize> {
        let who = self.who(viewer)?;
        if !self.indexes.search.oversized.is_empty() {
            let user = self.acting_user(viewer)?;
            return Ok(self.conversations.iter().flatten().filter(|c| can_see(user, c)).count());
        }
        Ok(usize::try_from(self.visible_count(who)).unwrap_or(usize::MAX))
    }

    /// A contact by id with everything it holds, whoever may see it: for a
    /// store persisting what a command changed. Hosts and users read through
    /// [`Workspace::contact`].
    pub fn contact_record(&self, id: ContactId) -> Result<&Contact> {
        slot(&self.contacts, id.0).map(|c| &**c).ok_or_else(|| Error::not_found("contact", id))
    }

    // ----- crate internals -------------------------------------------------------

    /// What `user` may see of a contact (see [`Workspace::contact`]).
    pub(crate) fn contact_as_seen(&self, user: Option<&User>, k: &Contact) -> Contact {
        let mut out = k.clone();
        out.current_conversation =
            k.current_conversation.filter(|id| self.live(*id).is_some_and(|c| can_see(user, c)));
        if !may_see_contact_notes(user, k) {
            out.notes.clear();
        }
        out
    }

    pub(crate) fn live(&self, id: ConversationId) -> Option<&Conversation> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.conversations.get(index)?.as_deref()
    }

    /// Resolves the actor to a user that may act: unknown users are not found,
    /// removed users are refused.
    pub(crate) fn acting_user(&self, actor: Actor) -> Result<Option<&User>> {
        match actor {
            Actor::System => Ok(None),
            Actor::User(id) => {
                let user = self.user(id)?;
                if user.removed {
                    return Err(Error::UserDeleted { user: id });
                }
                Ok(Some(user))
            }
        }
    }

    /// The conversation if `user` may see it; otherwise not found, or deleted
    /// for those who could see it before it was deleted.
    pub(crate) fn visible(&self, user: Option<&User>, id: ConversationId) -> Result<&Conversation> {
        match self.live(id) {
            Some(c) if can_see(user, c) => Ok(c),
            Some(_) => Err(Error::not_found("conversation", id)),
            None => match self.deleted.get(&id) {
                Some(vis) if access::knew_deleted(user, vis) => {
                    Err(Error::ConversationDeleted { conversation: id })
                }
                _ => Err(Error::not_found("conversation", id)),
            },
        }
    }

    /// A live user that may be assigned or listed (exists and not removed).
    /// Refreshes the routing roster entry of a user after a change.
    pub(crate) fn refresh_roster(&mut self, id: UserId) {
        let Some(index) = usize::try_from(id.0).ok().and_then(|i| i.checked_sub(1)) else { return };
        let Some(entry) = self.users.get(index).map(RosterEntry::of) else { return };
        if let Some(slot) = self.lookup.roster.get_mut(index) {
            *slot = entry;
        } else if index == self.lookup.roster.len() {
            self.lookup.roster.push(entry);
        }
    }

    pub(crate) fn live_user(&self, id: UserId) -> Result<&User> {
        let user = self.user(id)?;
        if user.removed {
            return Err(Error::UserDeleted { user: id });
        }
        Ok(user)
    }

    /// Applies `change` to a conversation, keeping every index in step.
    /// Callers validate first: `change` must not fail.
    pub(crate) fn update<R>(
        &mut self,
        id: ConversationId,
        change: impl FnOnce(&mut Conversation) -> R,
    ) -> Option<R> {
        self.feed_touch(id);
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        let c = self.conversations.get_mut(index)?.as_mut()?;
        if let Some(j) = &mut self.journal {
            let len = c.messages.len();
            j.conversations
                .entry(id)
                .or_insert(crate::changes::ConversationChange { messages_before: len, relations: true })
                .relations = true;
        }
        self.reads.detach(c);
        self.indexes.remove(c);
        let r = change(c);
        self.indexes.insert(c);
        self.reads.attach(c);
        Some(r)
    }

    /// Appends `message` to a conversation after `change` has applied what
    /// it implies (status, reply counters, times, channel, invoices). The hot
    /// path of every message: instead of taking the conversation out of every
    /// index and putting it back, only what the message changed is touched.
    /// `change` must therefore leave the conversation's kind, visibility,
    /// assignees, tags, AI mode, priority and creation time alone (checked in
    /// debug builds; the property tests compare the result with a rebuild).
    pub(crate) fn append_message<R>(
        &mut self,
        id: ConversationId,
        message: crate::message::Message,
        change: impl FnOnce(&mut Conversation, &crate::message::Message) -> R,
    ) -> Option<R> {
        self.feed_touch(id);
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        let c = self.conversations.get_mut(index)?.as_mut()?;
        #[cfg(debug_assertions)]
        let kept = (
            c.kind.clone(),
            c.visibility.clone(),
            c.assignees.clone(),
            c.tags.clone(),
            c.ai_mode,
            c.priority,
            c.created_at,
        );
        if let Some(j) = &mut self.journal {
            let len = c.messages.len();
            j.conversations
                .entry(id)
                .or_insert(crate::changes::ConversationChange { messages_before: len, relations: false });
        }
        let before = self.indexes.before(c);
        self.reads.before_append(c, message.author);
        let r = change(c, &message);
        if c.messages.len() == c.messages.capacity() {
            c.messages.reserve_exact(message_growth(c.messages.len()));
        }
        c.messages.push(message);
        #[cfg(debug_assertions)]
        debug_assert!(
            kept == (
                c.kind.clone(),
                c.visibility.clone(),
                c.assignees.clone(),
                c.tags.clone(),
                c.ai_mode,
                c.priority,
                c.created_at,
            ),
            "append_message changed what the indexes take as fixed"
        );
        self.indexes.after(before, c);
        if let Some(m) = c.messages.last() {
            self.indexes.search.text.add_message(id.0, m);
        }
        Some(r)
    }

    pub(crate) fn insert_conversation(&mut self, c: Conversation) {
        self.touched_conversation(c.id, 0, true);
        self.feed_touch(c.id);
        self.feed_forget(c.id);
        self.indexes.insert(&c);
        self.indexes.search.text.add_conversation(&c);
        self.conversations.push(Some(Box::new(c)));
    }

    pub(crate) fn next_conversation_id(&self) -> ConversationId {
        ConversationId(self.conversations.len() as u64 + 1)
    }

    pub(crate) fn rebuild_derived(&mut self) {
        let mut indexes = Indexes::new(&self.config);
        let mut lookup = Lookup::default();
        for u in &self.users {
            lookup.user_by_email.insert(u.email.clone(), u.id);
            lookup.roster.push(RosterEntry::of(u));
        }
        for c in &self.contacts {
            indexes.search.text.add_contact(c);
            for identity in &c.identities {
                lookup.contact_by_identity.insert(&(identity.channel, identity.handle.clone()), c.id);
            }
            if let Some(p) = &c.phone {
                lookup.contact_by_phone.insert(&p.to_string(), c.id);
            }
            if let Some(e) = &c.email {
                lookup.contact_by_email.insert(&e.to_string(), c.id);
            }
        }
        for c in self.conversations.iter().flatten() {
            indexes.insert(c);
            indexes.search.text.add_conversation(c);
            if let crate::conversation::ConversationKind::Internal { participants } = &c.kind {
                lookup.internal_chat.insert(pair(participants), c.id);
            }
            for i in &c.invoices {
                lookup.invoice_conversation.insert(i.id, c.id);
            }
        }
        self.indexes = indexes;
        self.lookup = lookup;
        self.reads.recount(self.conversations.iter().flatten().map(|c| &**c));
    }

    /// Checks that incrementally maintained state equals a rebuild from
    /// scratch. Used by tests; cheap enough to call after every command there.
    #[doc(hidden)]
    pub fn derived_state_is_consistent(&self) -> bool {
        let mut fresh = self.clone();
        fresh.rebuild_derived();
        fresh.indexes == self.indexes && fresh.lookup == self.lookup && fresh.reads == self.reads
    }
}

pub(crate) fn pair(participants: &[UserId]) -> (UserId, UserId) {
    match participants {
        [a] => (*a, *a),
        [a, b, ..] => (*a, *b),
        [] => (UserId(0), UserId(0)),
    }
}

/// How many message slots a full message list of `len` grows by.
// Messages are most of a conversation's memory, and a list's unused room is
// on average half a growth step: doubling leaves a quarter of the list
// unused, a fixed step of four a slot and a half (132 bytes at 88 bytes a
// message). Two slots at a time up to 16 messages (half a slot unused on
// average), then an eighth of the length (6% unused): still amortized O(1)
// per message, each message moved about eight times over a long list's life.
pub(crate) fn message_growth(len: usize) -> usize {
    (len / 8).max(2)
}

fn slot<T>(items: &[T], id: u64) -> Option<&T> {
    let index = usize::try_from(id).ok()?.checked_sub(1)?;
    items.get(index)
}

#[cfg(test)]
mod growth_tests {
    use super::message_growth;

    /// Grows a list as `append_message` does, returning the capacity after
    /// `n` messages and how many times it grew.
    fn grow(n: usize) -> (usize, usize) {
        let (mut cap, mut grown) = (0usize, 0usize);
        for len in 0..n {
            if len == cap {
                cap += message_growth(len);
                grown += 1;
            }
        }
        (cap, grown)
    }

    #[test]
    fn short_lists_leave_at_most_one_slot_unused() {
        for n in 1..=16 {
            let (cap, _) = grow(n);
            assert!(cap >= n && cap - n <= 1, "{n} messages in {cap} slots");
        }
    }

    #[test]
    fn long_lists_leave_an_eighth_unused_and_grow_geometrically() {
        for n in [17, 100, 1_000, 100_000] {
            let (cap, grown) = grow(n);
            assert!(cap >= n && (cap - n) * 8 <= n + 16, "{n} messages in {cap} slots");
            // Amortized O(1): the number of growths is logarithmic past 16
            // (8 below it), each growing by more than 1/16 of the length.
            let bound = 8.0 + ((n as f64) / 16.0).ln() / (1.0f64 + 1.0 / 16.0).ln() + 2.0;
            assert!((grown as f64) <= bound.max(9.0), "{n} messages grew {grown} times");
        }
    }
}
