//! Posting structures that serve search (`Workspace::search`): for every
//! value a query can name (a status, a channel, a tag, an assignee, ...) the
//! set of conversations that have it, as compressed bitmaps of conversation
//! ids, plus ordered structures for times and for the recency walk of first
//! pages. They are kept in step with the conversations at the same
//! chokepoints as every other index (`Indexes::insert`, `remove`, `before`
//! and `after`), so they always equal a rebuild from scratch
//! (`Workspace::derived_state_is_consistent` checks it).
//!
//! Conversation ids are `u32` here (roaring bitmaps); a conversation whose id
//! does not fit is listed in `oversized` and search then falls back to the
//! scan for every query. `docs/search.md` describes how queries use this.

pub(crate) mod text;

use crate::channel::Channel;
use crate::conversation::Conversation;
use crate::ids::{TeamId, UserId};
use crate::message::{Author, Message, PaymentKind};
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::view_index::{activity, is_reply};
use crate::visibility::Visibility;
use chrono::{DateTime, Utc};
use roaring::RoaringBitmap;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

/// Milliseconds in a day (the buckets of [`SearchIndex::created_days`]).
pub(crate) const DAY_MS: i64 = 86_400_000;

/// "No time" in the dense time columns.
pub(crate) const NONE: i64 = i64::MIN;

/// A bitmap per key; keys whose bitmap becomes empty are dropped, so the
/// map equals a rebuild's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Postings<K: Ord>(BTreeMap<K, RoaringBitmap>);

impl<K: Ord> Default for Postings<K> {
    fn default() -> Self {
        Postings(BTreeMap::new())
    }
}

impl<K: Ord> Postings<K> {
    /// The keys in `range` and their conversations, in key order.
    pub(crate) fn range<R: std::ops::RangeBounds<K>>(
        &self,
        range: R,
    ) -> impl Iterator<Item = (&K, &RoaringBitmap)> {
        self.0.range(range)
    }

    fn add(&mut self, k: K, id: u32) {
        self.0.entry(k).or_default().insert(id);
    }

    fn remove<Q: Ord + ?Sized>(&mut self, k: &Q, id: u32)
    where
        K: Borrow<Q>,
    {
        if let Some(b) = self.0.get_mut(k) {
            b.remove(id);
            if b.is_empty() {
                self.0.remove(k);
            }
        }
    }

    /// The conversations with this key.
    pub(crate) fn get<Q: Ord + ?Sized>(&self, k: &Q) -> Option<&RoaringBitmap>
    where
        K: Borrow<Q>,
    {
        self.0.get(k)
    }
}

impl Postings<String> {
    fn add_str(&mut self, k: &str, id: u32) {
        match self.0.get_mut(k) {
            Some(b) => {
                b.insert(id);
            }
            None => self.add(k.to_string(), id),
        }
    }
}

/// A time as an ordered pair (seconds, nanoseconds): the same order as the
/// `DateTime`, in 12 bytes without padding.
pub(crate) fn time_key(t: DateTime<Utc>) -> (i64, u32) {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

/// What of a conversation a message may change (see `Workspace::append_message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    status: Status,
    priority: Priority,
    channel: Channel,
    mode: AiMode,
    team: Option<TeamId>,
    campaign: Option<String>,
    unreplied: bool,
    invoice: bool,
    unpaid: bool,
    updated: i64,
    closed: i64,
    activity: (i64, u32),
}

impl Facts {
    fn of(c: &Conversation) -> Facts {
        Facts {
            status: c.status,
            priority: c.priority,
            channel: c.channel,
            mode: c.ai_mode,
            team: c.team,
            campaign: c.campaign.clone(),
            unreplied: c.reply.unreplied > 0,
            invoice: c.invoices.iter().any(|i| i.kind == PaymentKind::Invoice),
            unpaid: c.invoices.iter().any(|i| i.is_outstanding()),
            updated: c.updated_at.timestamp_millis(),
            closed: c.closed_at.map_or(NONE, |t| t.timestamp_millis()),
            activity: time_key(activity(c)),
        }
    }
}

/// The posting structures of search. See the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SearchIndex {
    /// Every live conversation.
    pub(crate) all: RoaringBitmap,
    /// Conversations every user may see.
    pub(crate) everyone: RoaringBitmap,
    /// Restricted conversations, by each user on their list.
    pub(crate) listed: Postings<UserId>,
    pub(crate) status: Postings<Status>,
    pub(crate) priority: Postings<Priority>,
    pub(crate) channel: Postings<Channel>,
    pub(crate) mode: Postings<AiMode>,
    pub(crate) team: Postings<TeamId>,
    /// By campaign, lowercased.
    pub(crate) campaign: Postings<String>,
    /// By tag, lowercased.
    pub(crate) tag: Postings<String>,
    pub(crate) assignee: Postings<UserId>,
    /// By the users who wrote a message or note in them.
    pub(crate) author: Postings<UserId>,
    pub(crate) assigned: RoaringBitmap,
    pub(crate) tagged: RoaringBitmap,
    pub(crate) teamed: RoaringBitmap,
    pub(crate) unreplied: RoaringBitmap,
    pub(crate) internal: RoaringBitmap,
    /// Conversations with a reply (a message by a user or the AI, not a note).
    pub(crate) replied: RoaringBitmap,
    pub(crate) attachment: RoaringBitmap,
    pub(crate) invoice: RoaringBitmap,
    pub(crate) unpaid: RoaringBitmap,
    /// (contact id, conversation id).
    pub(crate) contact: BTreeSet<(u64, u32)>,
    /// (creation time in milliseconds, conversation id).
    pub(crate) created: BTreeSet<(i64, u32)>,
    /// Conversations by the UTC day they were created on (days since
    /// 1970-01-01), so that a creation range is a union of whole days plus
    /// the partial days at its ends read from `created`.
    pub(crate) created_days: Postings<i64>,
    /// (last activity, conversation id): the order of `Sort::Recent`.
    pub(crate) recency: BTreeSet<((i64, u32), u32)>,
    /// Update and close times in milliseconds ([`NONE`]: none), slot `n - 1`
    /// for conversation `n`; trailing empty slots are trimmed.
    pub(crate) updated: Vec<i64>,
    pub(crate) closed: Vec<i64>,
    /// Conversations whose ids do not fit in 32 bits (none in practice).
    pub(crate) oversized: BTreeSet<u64>,
    /// Words of message bodies and contact fields.
    pub(crate) text: text::TextIndex,
}

impl Eq for SearchIndex {}

fn set_slot(v: &mut Vec<i64>, id: u32, value: i64) {
    let Some(i) = usize::try_from(id).ok().and_then(|i| i.checked_sub(1)) else { return };
    if value == NONE {
        if let Some(slot) = v.get_mut(i) {
            *slot = NONE;
        }
        while v.last() == Some(&NONE) {
            v.pop();
        }
    } else {
        if v.len() <= i {
            v.resize(i + 1, NONE);
        }
        if let Some(slot) = v.get_mut(i) {
            *slot = value;
        }
    }
}

/// A slot of a dense time column.
pub(crate) fn slot_of(v: &[i64], id: u32) -> i64 {
    usize::try_from(id).ok().and_then(|i| i.checked_sub(1)).and_then(|i| v.get(i)).copied().unwrap_or(NONE)
}

fn flag(b: &mut RoaringBitmap, on: bool, id: u32) {
    if on {
        b.insert(id);
    } else {
        b.remove(id);
    }
}

impl SearchIndex {
    fn id(c: &Conversation) -> Option<u32> {
        u32::try_from(c.id.0).ok()
    }

    pub(crate) fn insert(&mut self, c: &Conversation) {
        let Some(id) = Self::id(c) else {
            self.oversized.insert(c.id.0);
            return;
        };
        self.all.insert(id);
        match &c.visibility {
            Visibility::Everyone => {
                self.everyone.insert(id);
            }
            Visibility::Users(list) => {
                for u in list {
                    self.listed.add(*u, id);
                }
            }
        }
        self.facts(&Facts::of(c), id, true);
        for t in &c.tags {
            self.tag.add_str(&t.to_lowercase(), id);
        }
        flag(&mut self.tagged, !c.tags.is_empty(), id);
        for u in &c.assignees {
            self.assignee.add(*u, id);
        }
        flag(&mut self.assigned, !c.assignees.is_empty(), id);
        flag(&mut self.internal, c.is_internal(), id);
        if let Some(k) = c.contact() {
            self.contact.insert((k.0, id));
        }
        let ms = c.created_at.timestamp_millis();
        self.created.insert((ms, id));
        self.created_days.add(ms.div_euclid(DAY_MS), id);
        for m in &c.messages {
            self.message(m, id);
        }
    }

    pub(crate) fn remove(&mut self, c: &Conversation) {
        let Some(id) = Self::id(c) else {
            self.oversized.remove(&c.id.0);
            return;
        };
        self.all.remove(id);
        match &c.visibility {
            Visibility::Everyone => {
                self.everyone.remove(id);
            }
            Visibility::Users(list) => {
                for u in list {
                    self.listed.remove(u, id);
                }
            }
        }
        self.facts(&Facts::of(c), id, false);
        for t in &c.tags {
            self.tag.remove(t.to_lowercase().as_str(), id);
        }
        self.tagged.remove(id);
        for u in &c.assignees {
            self.assignee.remove(u, id);
        }
        self.assigned.remove(id);
        self.internal.remove(id);
        if let Some(k) = c.contact() {
            self.contact.remove(&(k.0, id));
        }
        let ms = c.created_at.timestamp_millis();
        self.created.remove(&(ms, id));
        self.created_days.remove(&ms.div_euclid(DAY_MS), id);
        for m in &c.messages {
            if let Author::User(u) = m.author {
                self.author.remove(&u, id);
            }
        }
        self.attachment.remove(id);
        self.replied.remove(id);
    }

    /// Adds (or removes) what `f` says of conversation `id`.
    fn facts(&mut self, f: &Facts, id: u32, add: bool) {
        if add {
            self.status.add(f.status, id);
            self.priority.add(f.priority, id);
            self.channel.add(f.channel, id);
            self.mode.add(f.mode, id);
            if let Some(t) = f.team {
                self.team.add(t, id);
            }
            if let Some(k) = &f.campaign {
                self.campaign.add_str(&k.to_lowercase(), id);
            }
            self.recency.insert((f.activity, id));
            set_slot(&mut self.updated, id, f.updated);
            set_slot(&mut self.closed, id, f.closed);
        } else {
            self.status.remove(&f.status, id);
            self.priority.remove(&f.priority, id);
            self.channel.remove(&f.channel, id);
            self.mode.remove(&f.mode, id);
            if let Some(t) = f.team {
                self.team.remove(&t, id);
            }
            if let Some(k) = &f.campaign {
                self.campaign.remove(k.to_lowercase().as_str(), id);
            }
            self.recency.remove(&(f.activity, id));
            set_slot(&mut self.updated, id, NONE);
            set_slot(&mut self.closed, id, NONE);
        }
        flag(&mut self.teamed, add && f.team.is_some(), id);
        flag(&mut self.unreplied, add && f.unreplied, id);
        flag(&mut self.invoice, add && f.invoice, id);
        flag(&mut self.unpaid, add && f.unpaid, id);
    }

    /// What one message adds to its conversation's postings.
    fn message(&mut self, m: &Message, id: u32) {
        if let Author::User(u) = m.author {
            self.author.add(u, id);
        }
        if !m.attachments.is_empty() {
            self.attachment.insert(id);
        }
        if is_reply(m.author, m.kind) {
            self.replied.insert(id);
        }
    }

    /// Takes note of `c` before a message is appended (see `Indexes::before`).
    pub(crate) fn before(&self, c: &Conversation) -> Facts {
        Facts::of(c)
    }

    /// Completes [`SearchIndex::before`] once the message is in `c`: swaps
    /// the facts that changed and adds the new message's postings.
    pub(crate) fn after(&mut self, before: &Facts, c: &Conversation) {
        let Some(id) = Self::id(c) else { return };
        let now = Facts::of(c);
        if now != *before {
            self.swap(before, &now, id);
        }
        if let Some(m) = c.messages.last() {
            self.message(m, id);
        }
    }

    fn swap(&mut self, old: &Facts, new: &Facts, id: u32) {
        if old.status != new.status {
            self.status.remove(&old.status, id);
            self.status.add(new.status, id);
        }
        if old.priority != new.priority {
            self.priority.remove(&old.priority, id);
            self.priority.add(new.priority, id);
        }
        if old.channel != new.channel {
            self.channel.remove(&old.channel, id);
            self.channel.add(new.channel, id);
        }
        if old.mode != new.mode {
            self.mode.remove(&old.mode, id);
            self.mode.add(new.mode, id);
        }
        if old.team != new.team {
            if let Some(t) = old.team {
                self.team.remove(&t, id);
            }
            if let Some(t) = new.team {
                self.team.add(t, id);
            }
            flag(&mut self.teamed, new.team.is_some(), id);
        }
        if old.campaign != new.campaign {
            if let Some(k) = &old.campaign {
                self.campaign.remove(k.to_lowercase().as_str(), id);
            }
            if let Some(k) = &new.campaign {
                self.campaign.add_str(&k.to_lowercase(), id);
            }
        }
        if old.activity != new.activity {
            self.recency.remove(&(old.activity, id));
            self.recency.insert((new.activity, id));
        }
        if old.updated != new.updated {
            set_slot(&mut self.updated, id, new.updated);
        }
        if old.closed != new.closed {
            set_slot(&mut self.closed, id, new.closed);
        }
        flag(&mut self.unreplied, new.unreplied, id);
        flag(&mut self.invoice, new.invoice, id);
        flag(&mut self.unpaid, new.unpaid, id);
    }
}
