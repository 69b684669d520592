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

/// Entries of a recency order: (last activity, conversation id).
pub(crate) type Recency = BTreeSet<((i64, u32), u32)>;

/// The recency order of the conversations of each key (see
/// [`SearchIndex::recent_status`]); keys whose order becomes empty are
/// dropped, so the map equals a rebuild's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RecentBy<K: Ord>(BTreeMap<K, Recency>);

impl<K: Ord> Default for RecentBy<K> {
    fn default() -> Self {
        RecentBy(BTreeMap::new())
    }
}

impl<K: Ord> RecentBy<K> {
    fn add(&mut self, k: K, entry: ((i64, u32), u32)) {
        self.0.entry(k).or_default().insert(entry);
    }

    fn remove<Q: Ord + ?Sized>(&mut self, k: &Q, entry: &((i64, u32), u32))
    where
        K: Borrow<Q>,
    {
        if let Some(set) = self.0.get_mut(k) {
            set.remove(entry);
            if set.is_empty() {
                self.0.remove(k);
            }
        }
    }

    /// The recency order of the conversations with this key.
    pub(crate) fn get<Q: Ord + ?Sized>(&self, k: &Q) -> Option<&Recency>
    where
        K: Borrow<Q>,
    {
        self.0.get(k)
    }
}

impl RecentBy<String> {
    fn add_str(&mut self, k: &str, entry: ((i64, u32), u32)) {
        match self.0.get_mut(k) {
            Some(set) => {
                set.insert(entry);
            }
            None => self.add(k.to_string(), entry),
        }
    }
}

/// "Several conversations" in [`ByContact`]'s dense column.
const MANY: u32 = u32::MAX;

/// The conversations of each contact. Most contacts have one conversation:
/// it sits in a dense column by contact id (4 bytes a contact, one read to
/// find), and a contact with several conversations is marked there and
/// listed in an ordered set of (contact, conversation), as is a contact whose
/// id lies beyond the column (ids far beyond the number of pairs do not grow
/// it). Equality is that of the pairs, whatever the column's length.
#[derive(Clone, Debug, Default)]
pub(crate) struct ByContact {
    /// Slot `k - 1` for contact `k`: its conversation, 0 for none, [`MANY`]
    /// for several (listed in `many`).
    one: Vec<u32>,
    /// (contact, conversation) for contacts marked [`MANY`] and contacts
    /// beyond `one`.
    many: BTreeSet<(u64, u32)>,
    /// How many pairs there are.
    len: usize,
}

impl PartialEq for ByContact {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.pairs() == other.pairs()
    }
}

impl ByContact {
    /// The slot of contact `k` in the column, if it has one.
    fn slot(&self, k: u64) -> Option<usize> {
        let i = usize::try_from(k).ok()?.checked_sub(1)?;
        (i < self.one.len()).then_some(i)
    }

    /// Every (contact, conversation) pair, ordered.
    fn pairs(&self) -> Vec<(u64, u32)> {
        let mut out: Vec<(u64, u32)> = self
            .one
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != 0 && **c != MANY)
            .map(|(i, c)| (i as u64 + 1, *c))
            .collect();
        out.extend(self.many.iter().copied());
        out.sort_unstable();
        out
    }

    /// How many (contact, conversation) pairs there are.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Calls `f` with each conversation of contact `k`.
    pub(crate) fn each(&self, k: u64, mut f: impl FnMut(u32)) {
        match self.slot(k).and_then(|i| self.one.get(i)) {
            Some(0) => {}
            Some(&c) if c != MANY => f(c),
            _ => self.many.range((k, 0)..=(k, u32::MAX)).for_each(|(_, c)| f(*c)),
        }
    }

    /// The conversations of contact `k`, in id order.
    pub(crate) fn of(&self, k: u64) -> Vec<u32> {
        let mut out = Vec::new();
        self.each(k, |c| out.push(c));
        out
    }

    fn insert(&mut self, k: u64, id: u32) {
        // Grow the column to reach `k` when it stays within a few times the
        // number of pairs; contacts between the old and new ends move in.
        if self.slot(k).is_none() && k >= 1 {
            let want = usize::try_from(k).unwrap_or(usize::MAX);
            if want <= self.len.saturating_add(1024).saturating_mul(4) {
                let from = self.one.len() as u64 + 1;
                let moving: Vec<(u64, u32)> = self.many.range((from, 0)..=(k, u32::MAX)).copied().collect();
                self.one.resize(want, 0);
                self.len -= moving.len();
                for (c, conv) in moving {
                    self.many.remove(&(c, conv));
                    self.insert(c, conv);
                }
            }
        }
        let Some(i) = self.slot(k) else {
            if self.many.insert((k, id)) {
                self.len += 1;
            }
            return;
        };
        let Some(slot) = self.one.get_mut(i) else { return };
        match *slot {
            MANY => {
                if self.many.insert((k, id)) {
                    self.len += 1;
                }
            }
            0 => {
                *slot = id;
                if id == MANY {
                    self.many.insert((k, id));
                }
                self.len += 1;
            }
            x if x == id => {}
            x => {
                *slot = MANY;
                self.many.insert((k, x));
                self.many.insert((k, id));
                self.len += 1;
            }
        }
    }

    fn remove(&mut self, k: u64, id: u32) {
        let Some(i) = self.slot(k) else {
            if self.many.remove(&(k, id)) {
                self.len -= 1;
            }
            return;
        };
        let Some(slot) = self.one.get_mut(i) else { return };
        match *slot {
            MANY => {
                if self.many.remove(&(k, id)) {
                    self.len -= 1;
                }
                let left: Vec<u32> = self.many.range((k, 0)..=(k, u32::MAX)).map(|(_, c)| *c).collect();
                match left.as_slice() {
                    [] => *slot = 0,
                    [c] if *c != MANY => {
                        *slot = *c;
                        self.many.remove(&(k, *c));
                    }
                    _ => {}
                }
            }
            x if x == id => {
                *slot = 0;
                self.len -= 1;
            }
            _ => {}
        }
        while self.one.last() == Some(&0) {
            self.one.pop();
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
    /// The conversations of each contact.
    pub(crate) contact: ByContact,
    /// (creation time in milliseconds, conversation id).
    pub(crate) created: BTreeSet<(i64, u32)>,
    /// Conversations by the UTC day they were created on (days since
    /// 1970-01-01), so that a creation range is a union of whole days plus
    /// the partial days at its ends read from `created`.
    pub(crate) created_days: Postings<i64>,
    /// (last activity, conversation id): the order of `Sort::Recent`.
    pub(crate) recency: Recency,
    /// The same entries per status and per channel, so that the first page
    /// of a query naming one status or one channel walks only that value's
    /// conversations in recency order (about a page of entries, whatever the
    /// value's share) instead of the whole order with a test per entry.
    // Memory: two more entries per conversation (16 bytes each; with the
    // tag entries and the B-trees' half-full leaves, 108 bytes a
    // conversation at 100k in benches/README.md); a message that moves the
    // activity moves them too (and those of `recent_tag`).
    pub(crate) recent_status: RecentBy<Status>,
    pub(crate) recent_channel: RecentBy<Channel>,
    /// The same per tag (lowercased), for `tag:` first pages.
    // Memory: one entry per tag of a conversation.
    pub(crate) recent_tag: RecentBy<String>,
    /// Update and close times in milliseconds ([`NONE`]: none), slot `n - 1`
    /// for conversation `n`; trailing empty slots are trimmed.
    pub(crate) updated: Vec<i64>,
    pub(crate) closed: Vec<i64>,
    /// The last activity (the key of `recency`) as the same kind of column:
    /// seconds ([`NONE`]: no conversation) and nanoseconds, so that a set of
    /// matches is ranked by recency without reading the conversations.
    pub(crate) activity_secs: Vec<i64>,
    pub(crate) activity_nanos: Vec<u32>,
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

/// Sets (`Some`) or clears the activity of conversation `id` in the two
/// activity columns, which keep the same length.
fn set_activity(secs: &mut Vec<i64>, nanos: &mut Vec<u32>, id: u32, at: Option<(i64, u32)>) {
    set_slot(secs, id, at.map_or(NONE, |a| a.0));
    nanos.resize(secs.len(), 0);
    if let Some(n) = usize::try_from(id).ok().and_then(|i| i.checked_sub(1)).and_then(|i| nanos.get_mut(i)) {
        *n = at.map_or(0, |a| a.1);
    }
}

/// The activity of conversation `id` from the activity columns, in the
/// order of `recency`'s keys.
pub(crate) fn activity_of(secs: &[i64], nanos: &[u32], id: u32) -> Option<(i64, u32)> {
    let i = usize::try_from(id).ok()?.checked_sub(1)?;
    let s = *secs.get(i)?;
    (s != NONE).then(|| (s, nanos.get(i).copied().unwrap_or(0)))
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
        let at = time_key(activity(c));
        for t in &c.tags {
            let t = t.to_lowercase();
            self.tag.add_str(&t, id);
            self.recent_tag.add_str(&t, (at, id));
        }
        flag(&mut self.tagged, !c.tags.is_empty(), id);
        for u in &c.assignees {
            self.assignee.add(*u, id);
        }
        flag(&mut self.assigned, !c.assignees.is_empty(), id);
        flag(&mut self.internal, c.is_internal(), id);
        if let Some(k) = c.contact() {
            self.contact.insert(k.0, id);
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
        let at = time_key(activity(c));
        for t in &c.tags {
            let t = t.to_lowercase();
            self.tag.remove(t.as_str(), id);
            self.recent_tag.remove(t.as_str(), &(at, id));
        }
        self.tagged.remove(id);
        for u in &c.assignees {
            self.assignee.remove(u, id);
        }
        self.assigned.remove(id);
        self.internal.remove(id);
        if let Some(k) = c.contact() {
            self.contact.remove(k.0, id);
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
            self.recent_status.add(f.status, (f.activity, id));
            self.recent_channel.add(f.channel, (f.activity, id));
            set_activity(&mut self.activity_secs, &mut self.activity_nanos, id, Some(f.activity));
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
            self.recent_status.remove(&f.status, &(f.activity, id));
            self.recent_channel.remove(&f.channel, &(f.activity, id));
            set_activity(&mut self.activity_secs, &mut self.activity_nanos, id, None);
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
            if now.activity != before.activity {
                for t in &c.tags {
                    let t = t.to_lowercase();
                    self.recent_tag.remove(t.as_str(), &(before.activity, id));
                    self.recent_tag.add_str(&t, (now.activity, id));
                }
            }
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
        if old.status != new.status || old.activity != new.activity {
            self.recent_status.remove(&old.status, &(old.activity, id));
            self.recent_status.add(new.status, (new.activity, id));
        }
        if old.channel != new.channel || old.activity != new.activity {
            self.recent_channel.remove(&old.channel, &(old.activity, id));
            self.recent_channel.add(new.channel, (new.activity, id));
        }
        if old.activity != new.activity {
            self.recency.remove(&(old.activity, id));
            self.recency.insert((new.activity, id));
            set_activity(&mut self.activity_secs, &mut self.activity_nanos, id, Some(new.activity));
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

#[cfg(test)]
mod tests {
    use super::ByContact;
    use std::collections::BTreeSet;

    /// The column, its overflow and its growth give the pairs of a plain
    /// ordered set after any inserts and removes, contacts far beyond the
    /// column and conversation id `u32::MAX` (the "several" marker) included.
    #[test]
    fn by_contact_holds_the_pairs_of_an_ordered_set() {
        let mut seed: u64 = 0x5eed;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let contacts = [1u64, 2, 3, 7, 40, 900, 5_000, 6_000, 1 << 40];
        let convs = [1u32, 2, 3, 4, 5, 100, u32::MAX];
        let mut set = ByContact::default();
        let mut model: BTreeSet<(u64, u32)> = BTreeSet::new();
        for step in 0..4_000 {
            let k = contacts[next(contacts.len() as u64) as usize];
            let c = convs[next(convs.len() as u64) as usize];
            if next(3) == 0 {
                set.remove(k, c);
                model.remove(&(k, c));
            } else {
                set.insert(k, c);
                model.insert((k, c));
            }
            assert_eq!(set.len(), model.len(), "length after step {step}");
            for k in contacts {
                let want: Vec<u32> = model.range((k, 0)..=(k, u32::MAX)).map(|(_, c)| *c).collect();
                assert_eq!(set.of(k), want, "contact {k} after step {step}");
            }
            let mut rebuilt = ByContact::default();
            for (k, c) in model.iter().rev() {
                rebuilt.insert(*k, *c);
            }
            assert!(set == rebuilt, "equal to a rebuild after step {step}");
        }
        assert!(!set.one.is_empty(), "the dense column was used");
        // Enough pairs that the column grows over contacts kept beyond it:
        // they move in.
        set.insert(5_000, 9);
        model.insert((5_000, 9));
        let before = set.one.len();
        for k in 10..2_000u64 {
            set.insert(k, 7);
            model.insert((k, 7));
        }
        set.insert(6_000, 8);
        model.insert((6_000, 8));
        assert!(set.one.len() >= 6_000 && before < 5_000, "the column grew past 5,000 ({before})");
        for k in [5_000u64, 6_000, 1 << 40, 1_999] {
            let want: Vec<u32> = model.range((k, 0)..=(k, u32::MAX)).map(|(_, c)| *c).collect();
            assert_eq!(set.of(k), want, "contact {k} after growth");
        }
        assert_eq!(set.pairs(), model.iter().copied().collect::<Vec<_>>());
    }
}
