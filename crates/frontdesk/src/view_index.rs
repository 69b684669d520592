//! Incrementally maintained structures behind views, counts, tiles and
//! metrics. `Indexes::insert`/`remove` call into [`ViewIndex`] for every
//! conversation change, so nothing here is ever recomputed by a scan.
//!
//! Conversations are split into *scopes* by who may list them:
//! - `everyone`: customer conversations visible to every user;
//! - `restricted`: customer conversations with a visibility list (admins and
//!   the host list them all), plus a per-user copy for each listed user;
//! - `internal`: internal chats, plus a per-participant copy;
//! - `mine`: customer conversations per assignee.
//!
//! A viewer's list is the union of at most three scopes, so no row a viewer
//! may not see is ever visited, and per-viewer counts are sums of a few
//! per-scope counters.
//!
//! Inside a scope, rows live in one ordered set keyed by `(cell, activity
//! time, id)`. A *cell* packs status, assigned, unreplied, priority and
//! channel into 9 bits, so every view (and the channel, status and priority
//! filters) selects a set of cells, each a contiguous, time-ordered range.

use crate::channel::Channel;
use crate::conversation::Conversation;
use crate::id_map::IdMap;
use crate::ids::{ConversationId, UserId};
use crate::message::{Author, MessageKind, PaymentState};
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::visibility::Visibility;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

/// Number of cells: 4 statuses × assigned × unreplied × 4 priorities × 8
/// channel slots.
pub(crate) const CELLS: usize = 512;

/// The part of a row's position that is not time: status, assigned,
/// unreplied, priority and channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) status: Status,
    pub(crate) assigned: bool,
    pub(crate) unreplied: bool,
    pub(crate) priority: Priority,
    pub(crate) channel: Channel,
}

impl Cell {
    pub(crate) fn index(self) -> u16 {
        (status_rank(self.status) << 7)
            | (u16::from(self.assigned) << 6)
            | (u16::from(self.unreplied) << 5)
            | (priority_rank(self.priority) << 3)
            | channel_rank(self.channel)
    }

    pub(crate) fn decode(index: u16) -> Option<Cell> {
        Some(Cell {
            status: *Status::ALL.get(usize::from(index >> 7))?,
            assigned: index & (1 << 6) != 0,
            unreplied: index & (1 << 5) != 0,
            priority: *Priority::ALL.get(usize::from((index >> 3) & 3))?,
            channel: *Channel::ALL.get(usize::from(index & 7))?,
        })
    }

    /// Every valid cell.
    #[cfg(test)]
    pub(crate) fn all() -> impl Iterator<Item = Cell> {
        (0..CELLS as u16).filter_map(Cell::decode)
    }
}

fn status_rank(s: Status) -> u16 {
    match s {
        Status::Open => 0,
        Status::Pending => 1,
        Status::Resolved => 2,
        Status::Archived => 3,
    }
}

fn priority_rank(p: Priority) -> u16 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

pub(crate) fn channel_rank(c: Channel) -> u16 {
    match c {
        Channel::Webchat => 0,
        Channel::Whatsapp => 1,
        Channel::Sms => 2,
        Channel::Email => 3,
        Channel::Telephony => 4,
        Channel::Linkedin => 5,
        Channel::Internal => 6,
    }
}

fn ai_rank(m: AiMode) -> usize {
    match m {
        AiMode::Active => 0,
        AiMode::Paused => 1,
        AiMode::Manual => 2,
    }
}

/// A row's position in its scope's ordered set: `(cell, activity time, id)`
/// packed into 16 bytes with the same order (the unpacked triple took 24, and
/// the view index keeps several of them per conversation).
///
/// From the most significant bit: the cell (9 bits), the seconds since 1970
/// offset by 2^43 (44 bits: every `DateTime<Utc>` fits), the nanoseconds
/// (31 bits, leap seconds included) and the conversation id (44 bits).
/// Conversation ids are dense slot numbers, far below 2^44; an id above it
/// (only in a bound built from a client's cursor) is clamped, which keeps
/// every comparison with a real key as it was.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key(u64, u64);

const KEY_SECS_OFFSET: i64 = 1 << 43;
const KEY_ID_BITS: u32 = 44;
const KEY_ID_MAX: u64 = (1 << KEY_ID_BITS) - 1;

impl Key {
    pub(crate) fn new(cell: u16, at: DateTime<Utc>, id: ConversationId) -> Key {
        let secs = (at.timestamp().wrapping_add(KEY_SECS_OFFSET) as u64) & ((1 << 44) - 1);
        let nanos = u64::from(at.timestamp_subsec_nanos()) & ((1 << 31) - 1);
        let id = id.0.min(KEY_ID_MAX);
        // hi: cell (9) | secs (44) | top 11 bits of nanos; lo: low 20 bits
        // of nanos | id (44).
        let hi = (u64::from(cell & 0x1ff) << 55) | (secs << 11) | (nanos >> 20);
        let lo = ((nanos & ((1 << 20) - 1)) << KEY_ID_BITS) | id;
        Key(hi, lo)
    }

    pub(crate) fn cell(self) -> u16 {
        (self.0 >> 55) as u16
    }

    pub(crate) fn id(self) -> ConversationId {
        ConversationId(self.1 & KEY_ID_MAX)
    }

    pub(crate) fn at(self) -> DateTime<Utc> {
        let secs = ((self.0 >> 11) & ((1 << 44) - 1)) as i64 - KEY_SECS_OFFSET;
        let nanos = (((self.0 & ((1 << 11) - 1)) << 20) | (self.1 >> KEY_ID_BITS)) as u32;
        DateTime::from_timestamp(secs, nanos).unwrap_or_default()
    }

    /// The time and id alone, packed: ordered as `(at, id)`.
    pub(crate) fn time_id(self) -> (u64, u64) {
        (self.0 & ((1 << 55) - 1), self.1)
    }

    /// The key of `cell` at the time and id packed as [`Key::time_id`].
    fn from_parts(cell: u16, time_hi: u64, lo: u64) -> Key {
        Key((time_hi & ((1 << 55) - 1)) | (u64::from(cell & 0x1ff) << 55), lo)
    }

    /// The same time and id in another cell.
    pub(crate) fn with_cell(self, cell: u16) -> Key {
        Key((self.0 & ((1 << 55) - 1)) | (u64::from(cell & 0x1ff) << 55), self.1)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("cell", &self.cell())
            .field("at", &self.at())
            .field("id", &self.id())
            .finish()
    }
}

/// A closed row's position in its scope's closed-by-day set: `(day closed,
/// activity time, id, cell)` packed into 24 bytes with that order, so that
/// the rows closed on one day are one time-ordered range whatever their
/// cell (the cell, last, only tells them apart and is given back).
///
/// From the most significant bit: the day offset by 2^29 (30 bits: every
/// day of a `DateTime<Utc>` in any offset fits), then the 119 bits of
/// [`Key::time_id`] (time and id), then the cell (9 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ClosedKey(u64, u64, u64);

const CLOSED_DAY_OFFSET: i64 = 1 << 29;

impl ClosedKey {
    pub(crate) fn new(day: i64, key: Key) -> ClosedKey {
        ClosedKey::at(day, key.time_id(), key.cell())
    }

    /// The position `(day, time and id, cell)`.
    fn at(day: i64, (hi, lo): (u64, u64), cell: u16) -> ClosedKey {
        let day = (day.wrapping_add(CLOSED_DAY_OFFSET) as u64) & ((1 << 30) - 1);
        // hi holds 55 bits of time, lo 64 bits of time and id: 119 bits,
        // split 34 / 43 / 42 over the three words after the day.
        let a = (day << 34) | (hi >> 21);
        let b = ((hi & ((1 << 21) - 1)) << 43) | (lo >> 21);
        let c = ((lo & ((1 << 21) - 1)) << 43) | u64::from(cell & 0x1ff);
        ClosedKey(a, b, c)
    }

    /// The first position of `day` at the time and id of `key` (any cell).
    pub(crate) fn first_at(day: i64, key: Key) -> ClosedKey {
        ClosedKey::at(day, key.time_id(), 0)
    }

    /// The last position of `day` at the time and id of `key` (any cell).
    pub(crate) fn last_at(day: i64, key: Key) -> ClosedKey {
        ClosedKey::at(day, key.time_id(), 0x1ff)
    }

    #[cfg(test)]
    pub(crate) fn day(self) -> i64 {
        (self.0 >> 34) as i64 - CLOSED_DAY_OFFSET
    }

    /// The row's key.
    pub(crate) fn key(self) -> Key {
        let hi = ((self.0 & ((1 << 34) - 1)) << 21) | (self.1 >> 43);
        let lo = ((self.1 & ((1 << 43) - 1)) << 21) | (self.2 >> 43);
        Key::from_parts((self.2 & 0x1ff) as u16, hi, lo)
    }
}

/// A conversation's "last activity": its last message (of any kind), or its
/// creation when it has none.
pub(crate) fn activity(c: &Conversation) -> DateTime<Utc> {
    c.last_message_at.unwrap_or(c.created_at)
}

pub(crate) fn cell_of(c: &Conversation) -> Cell {
    Cell {
        status: c.status,
        assigned: !c.assignees.is_empty(),
        unreplied: c.reply.unreplied > 0,
        priority: c.priority,
        channel: c.channel,
    }
}

/// Who answered the customer in a conversation, for the AI-versus-humans
/// share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Handled {
    /// Nobody replied (yet).
    Nobody,
    /// Only the AI agent replied.
    Ai,
    /// At least one human agent replied.
    Human,
}

/// Reply facts of one conversation, read from its messages: the first
/// response time and who handled it. Costs O(messages up to the first human
/// reply).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReplyFacts {
    pub(crate) first_response_ms: Option<i64>,
    pub(crate) handled: Handled,
}

/// Whether a message answers the customer: text, invoice or checkout written
/// by a human agent or the AI agent (notes, auto-replies and system messages
/// never do).
pub(crate) fn is_reply(author: Author, kind: MessageKind) -> bool {
    kind != MessageKind::Note && matches!(author, Author::User(_) | Author::Ai)
}

/// Ready to close: a customer conversation, open or pending, with nothing
/// unreplied, whose last message other than notes and system messages is a
/// reply (text, invoice or checkout by a human agent or the AI agent), and
/// with no invoice or checkout still unpaid. Costs O(trailing notes and
/// system messages + invoices of the conversation).
pub(crate) fn ready_to_close(c: &Conversation) -> bool {
    !c.is_internal()
        && !c.status.is_closed()
        && c.reply.unreplied == 0
        && c.messages
            .iter()
            .rev()
            .find(|m| m.kind != MessageKind::Note && m.author != Author::System)
            .is_some_and(|m| is_reply(m.author, m.kind))
        && !c.invoices.iter().any(|i| i.state == PaymentState::Unpaid)
}

/// Needs review: a customer conversation not closed, assigned to nobody,
/// whose AI agent is paused (it asked for a hand-off, or a human took over
/// and then left it): no human holds it although the AI stopped answering.
pub(crate) fn needs_review(c: &Conversation) -> bool {
    !c.is_internal() && !c.status.is_closed() && c.assignees.is_empty() && c.ai_mode == AiMode::Paused
}

pub(crate) fn reply_facts(c: &Conversation) -> ReplyFacts {
    let mut scan = ReplyScan::default();
    scan.advance(c);
    scan.facts()
}

/// "No first response yet" in [`ReplyScan`] (a difference of two times in
/// milliseconds is never `i64::MIN`).
const NO_RESPONSE: i64 = i64::MIN;

/// Reply facts of a message prefix, extended as messages are appended, so a
/// change costs O(new messages) instead of O(messages). One per
/// conversation, so packed: 32 bytes instead of 48.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReplyScan {
    /// [`ReplyFacts::first_response_ms`], [`NO_RESPONSE`] for none.
    first_response_ms: i64,
    first_customer: Option<DateTime<Utc>>,
    /// Messages scanned (saturating: past `u32::MAX` the tail is scanned
    /// again, which gives the same facts).
    scanned: u32,
    handled: Handled,
}

impl Default for ReplyScan {
    fn default() -> Self {
        ReplyScan {
            first_response_ms: NO_RESPONSE,
            first_customer: None,
            scanned: 0,
            handled: Handled::Nobody,
        }
    }
}

impl ReplyScan {
    fn facts(&self) -> ReplyFacts {
        ReplyFacts {
            first_response_ms: (self.first_response_ms != NO_RESPONSE).then_some(self.first_response_ms),
            handled: self.handled,
        }
    }

    fn advance(&mut self, c: &Conversation) {
        let scanned = usize::try_from(self.scanned).unwrap_or(usize::MAX);
        if scanned > c.messages.len() {
            // Messages are append-only; a shorter list is another conversation.
            *self = ReplyScan::default();
        }
        for m in c.messages.iter().skip(usize::try_from(self.scanned).unwrap_or(usize::MAX)) {
            if m.author == Author::Contact {
                self.first_customer.get_or_insert(m.at);
                continue;
            }
            if !is_reply(m.author, m.kind) {
                continue;
            }
            if self.first_response_ms == NO_RESPONSE {
                if let Some(t0) = self.first_customer {
                    self.first_response_ms = (m.at - t0).num_milliseconds();
                }
            }
            if matches!(m.author, Author::User(_)) {
                self.handled = Handled::Human;
            } else if self.handled == Handled::Nobody {
                self.handled = Handled::Ai;
            }
        }
        self.scanned = u32::try_from(c.messages.len()).unwrap_or(u32::MAX);
    }
}

/// Everything a conversation contributes to the counters of a scope, except
/// its tags (passed alongside, see [`Tally::add`]). `Copy`, so that
/// [`ViewIndex::before`] can keep the facts of a conversation about to change
/// and [`ViewIndex::after`] can apply only the difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    key: Key,
    closed: bool,
    open_unassigned: bool,
    open_unreplied: bool,
    /// Unreplied messages, counted only while the conversation is not closed.
    unreplied_msgs: u64,
    ai: usize,
    created_day: i64,
    closed_day: Option<i64>,
    reply: ReplyFacts,
    ready_to_close: bool,
    needs_review: bool,
    /// The customer's satisfaction rating, if given.
    satisfaction: Option<u32>,
}

/// The day number (days since 1970-01-01) of `t` in a fixed UTC offset.
pub(crate) fn day_of(t: DateTime<Utc>, offset_secs: i32) -> i64 {
    (t.timestamp() + i64::from(offset_secs)).div_euclid(86_400)
}

impl Facts {
    fn of(c: &Conversation, offset_secs: i32, reply: ReplyFacts) -> Facts {
        Facts::of_known_creation(c, offset_secs, reply, day_of(c.created_at, offset_secs))
    }

    /// The facts of `c` whose creation day is known (it never changes, and
    /// computing a day from a date costs more than the rest together).
    fn of_known_creation(c: &Conversation, offset_secs: i32, reply: ReplyFacts, created_day: i64) -> Facts {
        let cell = cell_of(c);
        let closed = c.status.is_closed();
        Facts {
            key: Key::new(cell.index(), activity(c), c.id),
            closed,
            open_unassigned: !closed && c.assignees.is_empty() && !c.is_internal(),
            open_unreplied: !closed && c.reply.unreplied > 0,
            unreplied_msgs: if closed { 0 } else { u64::from(c.reply.unreplied) },
            ai: ai_rank(c.ai_mode),
            created_day,
            closed_day: if closed { c.closed_at.map(|t| day_of(t, offset_secs)) } else { None },
            reply,
            ready_to_close: ready_to_close(c),
            needs_review: needs_review(c),
            satisfaction: c.satisfaction.as_ref().map(|s| s.rating),
        }
    }
}

/// Counters of one scope. Every field is a sum over the scope's rows, so a
/// per-viewer figure is a sum over at most three scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Rows per cell.
    pub(crate) cells: Vec<u32>,
    pub(crate) n: u32,
    /// Not closed.
    pub(crate) open: u32,
    pub(crate) open_unassigned: u32,
    pub(crate) open_unreplied: u32,
    pub(crate) unreplied_msgs: u64,
    pub(crate) by_ai: [u32; 3],
    pub(crate) tags: HashMap<String, u32>,
    pub(crate) created_by_day: BTreeMap<i64, u32>,
    pub(crate) closed_by_day: BTreeMap<i64, u32>,
    pub(crate) first_response_sum_ms: i64,
    pub(crate) first_response_n: u32,
    pub(crate) handled_by_ai: u32,
    pub(crate) handled_by_humans: u32,
    /// Rows that are ready to close (see [`ready_to_close`]).
    pub(crate) ready_to_close: u32,
    /// Rows that need review (see [`needs_review`]).
    pub(crate) needs_review: u32,
    /// Sum and number of satisfaction ratings.
    pub(crate) satisfaction_sum: u64,
    pub(crate) satisfaction_n: u32,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            cells: vec![0; CELLS],
            n: 0,
            open: 0,
            open_unassigned: 0,
            open_unreplied: 0,
            unreplied_msgs: 0,
            by_ai: [0; 3],
            tags: HashMap::new(),
            created_by_day: BTreeMap::new(),
            closed_by_day: BTreeMap::new(),
            first_response_sum_ms: 0,
            first_response_n: 0,
            handled_by_ai: 0,
            handled_by_humans: 0,
            ready_to_close: 0,
            needs_review: 0,
            satisfaction_sum: 0,
            satisfaction_n: 0,
        }
    }

    fn add(&mut self, f: &Facts, tags: &[String], d: i32) {
        self.add_scalars(f, d);
        for t in tags {
            if d > 0 {
                *self.tags.entry(t.clone()).or_insert(0) += 1;
            } else {
                dec_map(&mut self.tags, t);
            }
        }
        bump_day(&mut self.created_by_day, f.created_day, d);
        if let Some(day) = f.closed_day {
            bump_day(&mut self.closed_by_day, day, d);
        }
    }

    /// Replaces the contribution `old` by `new` for a row whose tags did not
    /// change. Only the day maps that differ are touched.
    fn shift(&mut self, old: &Facts, new: &Facts) {
        self.add_scalars(old, -1);
        self.add_scalars(new, 1);
        if old.created_day != new.created_day {
            bump_day(&mut self.created_by_day, old.created_day, -1);
            bump_day(&mut self.created_by_day, new.created_day, 1);
        }
        if old.closed_day != new.closed_day {
            if let Some(day) = old.closed_day {
                bump_day(&mut self.closed_by_day, day, -1);
            }
            if let Some(day) = new.closed_day {
                bump_day(&mut self.closed_by_day, day, 1);
            }
        }
    }

    /// The plain counters (everything but tags and the day maps).
    fn add_scalars(&mut self, f: &Facts, d: i32) {
        let bump = |x: &mut u32, on: bool| {
            if on {
                *x = x.wrapping_add_signed(d);
            }
        };
        if let Some(x) = self.cells.get_mut(usize::from(f.key.cell())) {
            *x = x.wrapping_add_signed(d);
        }
        bump(&mut self.n, true);
        bump(&mut self.open, !f.closed);
        bump(&mut self.open_unassigned, f.open_unassigned);
        bump(&mut self.open_unreplied, f.open_unreplied);
        if d > 0 {
            self.unreplied_msgs = self.unreplied_msgs.wrapping_add(f.unreplied_msgs);
        } else {
            self.unreplied_msgs = self.unreplied_msgs.wrapping_sub(f.unreplied_msgs);
        }
        if let Some(x) = self.by_ai.get_mut(f.ai) {
            *x = x.wrapping_add_signed(d);
        }
        if let Some(ms) = f.reply.first_response_ms {
            self.first_response_sum_ms = self.first_response_sum_ms.wrapping_add(ms * i64::from(d));
            bump(&mut self.first_response_n, true);
        }
        bump(&mut self.handled_by_ai, f.reply.handled == Handled::Ai);
        bump(&mut self.handled_by_humans, f.reply.handled == Handled::Human);
        bump(&mut self.ready_to_close, f.ready_to_close);
        bump(&mut self.needs_review, f.needs_review);
        if let Some(r) = f.satisfaction {
            let r = u64::from(r);
            self.satisfaction_sum = if d > 0 {
                self.satisfaction_sum.wrapping_add(r)
            } else {
                self.satisfaction_sum.wrapping_sub(r)
            };
            bump(&mut self.satisfaction_n, true);
        }
    }
}

fn dec_map(map: &mut HashMap<String, u32>, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(key);
        }
    }
}

fn bump_day(map: &mut BTreeMap<i64, u32>, day: i64, d: i32) {
    let n = map.entry(day).or_insert(0);
    *n = n.wrapping_add_signed(d);
    if *n == 0 {
        map.remove(&day);
    }
}

/// Number of row classes: 4 statuses × assigned × unreplied.
pub(crate) const CLASSES: usize = 16;

/// Number of channel slots of [`Scope::by_channel`].
pub(crate) const CHANNELS: usize = 8;

/// The class of a cell index: its status, assigned and unreplied bits (the
/// only facts the views' own conditions read), so that every view is a
/// union of at most eight classes.
pub(crate) fn class_of(cell: u16) -> u16 {
    cell >> 5
}

/// The channel slot of a cell index.
pub(crate) fn channel_of(cell: u16) -> u16 {
    cell & 7
}

/// A cell standing for a whole class or channel slot: the other fields are
/// the lowest, so it only answers questions about the class (or channel).
pub(crate) fn class_cell(class: u16) -> Option<Cell> {
    Cell::decode(class << 5)
}

/// One scope: its rows in list order and its counters.
///
/// Besides `rows` (one time-ordered range per cell, up to 448), the same rows
/// are kept in two coarser partitions, each again time-ordered per part: by
/// class (status, assigned, unreplied: 16 parts) and by channel (7 parts), and
/// the rows that need review on their own. A first page merges the fewest
/// ranges that cover exactly the rows of its view, so it costs a handful of
/// range lookups instead of one per cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) rows: BTreeSet<Key>,
    /// The rows keyed by `(class, activity, id)`: `Key::cell` holds the
    /// class (see [`class_of`]).
    pub(crate) by_class: BTreeSet<Key>,
    /// The rows keyed by `(channel slot, activity, id)`.
    pub(crate) by_channel: BTreeSet<Key>,
    /// The rows that need review (see [`needs_review`]), keyed by `(0,
    /// activity, id)`.
    pub(crate) review: BTreeSet<Key>,
    /// Rows per class and per channel slot.
    pub(crate) class_n: [u32; CLASSES],
    pub(crate) channel_n: [u32; CHANNELS],
    /// Closed rows by the day they were closed (workspace time zone), so
    /// that "resolved today" is listed without reading older closed rows.
    pub(crate) closed: BTreeSet<ClosedKey>,
    pub(crate) tally: Tally,
}

fn class_key(k: Key) -> Key {
    k.with_cell(class_of(k.cell()))
}

fn channel_key(k: Key) -> Key {
    k.with_cell(channel_of(k.cell()))
}

fn review_key(k: Key) -> Key {
    k.with_cell(0)
}

impl Scope {
    fn new() -> Scope {
        Scope {
            rows: BTreeSet::new(),
            by_class: BTreeSet::new(),
            by_channel: BTreeSet::new(),
            review: BTreeSet::new(),
            class_n: [0; CLASSES],
            channel_n: [0; CHANNELS],
            closed: BTreeSet::new(),
            tally: Tally::new(),
        }
    }

    /// Adds (`d > 0`) or removes a row from the partitions.
    fn place(&mut self, f: &Facts, d: i32) {
        let k = f.key;
        let (class, channel) = (class_key(k), channel_key(k));
        if d > 0 {
            self.rows.insert(k);
            self.by_class.insert(class);
            self.by_channel.insert(channel);
            if f.needs_review {
                self.review.insert(review_key(k));
            }
        } else {
            self.rows.remove(&k);
            self.by_class.remove(&class);
            self.by_channel.remove(&channel);
            if f.needs_review {
                self.review.remove(&review_key(k));
            }
        }
        if let Some(n) = self.class_n.get_mut(usize::from(class.cell())) {
            *n = n.wrapping_add_signed(d);
        }
        if let Some(n) = self.channel_n.get_mut(usize::from(channel.cell())) {
            *n = n.wrapping_add_signed(d);
        }
    }

    fn insert(&mut self, f: &Facts, tags: &[String]) {
        self.place(f, 1);
        if let Some(day) = f.closed_day {
            self.closed.insert(ClosedKey::new(day, f.key));
        }
        self.tally.add(f, tags, 1);
    }

    fn remove(&mut self, f: &Facts, tags: &[String]) {
        self.place(f, -1);
        if let Some(day) = f.closed_day {
            self.closed.remove(&ClosedKey::new(day, f.key));
        }
        self.tally.add(f, tags, -1);
    }

    /// Moves a row from `old` to `new` (same tags, same scope).
    fn shift(&mut self, old: &Facts, new: &Facts) {
        if old.key != new.key || old.needs_review != new.needs_review {
            self.place(old, -1);
            self.place(new, 1);
        }
        if (old.closed_day, old.key) != (new.closed_day, new.key) {
            if let Some(day) = old.closed_day {
                self.closed.remove(&ClosedKey::new(day, old.key));
            }
            if let Some(day) = new.closed_day {
                self.closed.insert(ClosedKey::new(day, new.key));
            }
        }
        self.tally.shift(old, new);
    }

    /// The keys of rows closed on `day`, in time order, within `(lo, hi)`
    /// (bounds built with [`ClosedKey::first_at`] and
    /// [`ClosedKey::last_at`] of the same day).
    pub(crate) fn closed_on(
        &self,
        lo: Bound<ClosedKey>,
        hi: Bound<ClosedKey>,
    ) -> impl DoubleEndedIterator<Item = Key> + '_ {
        let valid = match (&lo, &hi) {
            (Bound::Included(a), Bound::Included(b)) => a <= b,
            (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => a < b,
            _ => true,
        };
        // Nothing when the bounds cross (`range` panics on them).
        valid.then(|| self.closed.range((lo, hi))).into_iter().flatten().map(|k| k.key())
    }
}

fn insert_into(map: &mut IdMap<UserId, Scope>, user: UserId, f: &Facts, tags: &[String]) {
    map.entry(user).or_insert_with(Scope::new).insert(f, tags);
}

fn remove_from(map: &mut IdMap<UserId, Scope>, user: UserId, f: &Facts, tags: &[String]) {
    if let Some(s) = map.get_mut(&user) {
        s.remove(f, tags);
        // Dropping empty per-user scopes keeps memory proportional to
        // conversations and makes the state equal to a rebuild.
        if s.rows.is_empty() {
            map.remove(&user);
        }
    }
}

/// The view structures of a workspace. See the module documentation.
#[derive(Clone, Debug)]
pub(crate) struct ViewIndex {
    pub(crate) offset_secs: i32,
    pub(crate) everyone: Scope,
    pub(crate) restricted: Scope,
    pub(crate) internal: Scope,
    pub(crate) restricted_by_user: IdMap<UserId, Scope>,
    pub(crate) internal_by_user: IdMap<UserId, Scope>,
    pub(crate) mine: IdMap<UserId, Scope>,
    /// Per conversation slot, the reply facts of the messages seen so far: a
    /// memo, left out of equality (a rebuild starts it afresh), whose
    /// results the tallies above depend on and so are checked through them.
    pub(crate) reply_memo: Vec<ReplyScan>,
}

impl PartialEq for ViewIndex {
    fn eq(&self, o: &Self) -> bool {
        self.offset_secs == o.offset_secs
            && self.everyone == o.everyone
            && self.restricted == o.restricted
            && self.internal == o.internal
            && self.restricted_by_user == o.restricted_by_user
            && self.internal_by_user == o.internal_by_user
            && self.mine == o.mine
    }
}

impl Eq for ViewIndex {}

impl Default for ViewIndex {
    fn default() -> Self {
        ViewIndex::new(0)
    }
}

impl ViewIndex {
    pub(crate) fn new(offset_secs: i32) -> ViewIndex {
        ViewIndex {
            offset_secs,
            everyone: Scope::new(),
            restricted: Scope::new(),
            internal: Scope::new(),
            restricted_by_user: IdMap::default(),
            internal_by_user: IdMap::default(),
            mine: IdMap::default(),
            reply_memo: Vec::new(),
        }
    }

    /// The reply facts of `c`, extending the memo with its new messages.
    fn reply(&mut self, c: &Conversation) -> ReplyFacts {
        if c.is_internal() {
            return ReplyScan::default().facts();
        }
        let Some(slot) = usize::try_from(c.id.0).ok().and_then(|i| i.checked_sub(1)) else {
            return reply_facts(c);
        };
        if self.reply_memo.len() <= slot {
            self.reply_memo.resize(slot + 1, ReplyScan::default());
        }
        match self.reply_memo.get_mut(slot) {
            Some(scan) => {
                scan.advance(c);
                scan.facts()
            }
            None => reply_facts(c),
        }
    }

    pub(crate) fn insert(&mut self, c: &Conversation) {
        let reply = self.reply(c);
        let f = Facts::of(c, self.offset_secs, reply);
        let tags = c.tags.as_slice();
        match (&c.visibility, c.is_internal()) {
            (Visibility::Users(list), true) => {
                self.internal.insert(&f, tags);
                for u in list {
                    insert_into(&mut self.internal_by_user, *u, &f, tags);
                }
            }
            (Visibility::Users(list), false) => {
                self.restricted.insert(&f, tags);
                for u in list {
                    insert_into(&mut self.restricted_by_user, *u, &f, tags);
                }
            }
            (Visibility::Everyone, _) => self.everyone.insert(&f, tags),
        }
        if !c.is_internal() {
            for a in &c.assignees {
                insert_into(&mut self.mine, *a, &f, tags);
            }
        }
    }

    pub(crate) fn remove(&mut self, c: &Conversation) {
        let reply = self.reply(c);
        let f = Facts::of(c, self.offset_secs, reply);
        let tags = c.tags.as_slice();
        match (&c.visibility, c.is_internal()) {
            (Visibility::Users(list), true) => {
                self.internal.remove(&f, tags);
                for u in list {
                    remove_from(&mut self.internal_by_user, *u, &f, tags);
                }
            }
            (Visibility::Users(list), false) => {
                self.restricted.remove(&f, tags);
                for u in list {
                    remove_from(&mut self.restricted_by_user, *u, &f, tags);
                }
            }
            (Visibility::Everyone, _) => self.everyone.remove(&f, tags),
        }
        if !c.is_internal() {
            for a in &c.assignees {
                remove_from(&mut self.mine, *a, &f, tags);
            }
        }
    }

    /// The facts of `c` before a change that keeps its scopes and tags (see
    /// [`ViewIndex::after`]).
    pub(crate) fn before(&mut self, c: &Conversation) -> Facts {
        let reply = self.reply(c);
        Facts::of(c, self.offset_secs, reply)
    }

    /// Applies a change of `c` whose facts were `old` before it, touching
    /// only the rows and counters whose value changed: the same result as
    /// `remove` before the change and `insert` after it. The change must
    /// leave the conversation's kind, visibility, assignees and tags alone
    /// (a new message does), so that it stays in the same scopes.
    pub(crate) fn after(&mut self, old: &Facts, c: &Conversation) {
        let reply = self.reply(c);
        let new = Facts::of_known_creation(c, self.offset_secs, reply, old.created_day);
        if new == *old {
            return;
        }
        match (&c.visibility, c.is_internal()) {
            (Visibility::Users(list), true) => {
                self.internal.shift(old, &new);
                for u in list {
                    if let Some(s) = self.internal_by_user.get_mut(u) {
                        s.shift(old, &new);
                    }
                }
            }
            (Visibility::Users(list), false) => {
                self.restricted.shift(old, &new);
                for u in list {
                    if let Some(s) = self.restricted_by_user.get_mut(u) {
                        s.shift(old, &new);
                    }
                }
            }
            (Visibility::Everyone, _) => self.everyone.shift(old, &new),
        }
        if !c.is_internal() {
            for a in &c.assignees {
                if let Some(s) = self.mine.get_mut(a) {
                    s.shift(old, &new);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(secs: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, nanos).unwrap_or_default()
    }

    proptest::proptest! {
        /// The packed key orders as the triple `(cell, at, id)` it packs and
        /// gives each part back, over the whole range of times (leap-second
        /// nanoseconds included) and of ids below 2^44.
        #[test]
        fn packed_keys_order_and_round_trip_as_their_triples(
            a in (0u16..512, -8_334_601_228i64 * 1000..8_210_266_876i64 * 1000, 0u32..2_000_000_000, 0u64..(1 << 44) - 1),
            b in (0u16..512, -8_334_601_228i64 * 1000..8_210_266_876i64 * 1000, 0u32..2_000_000_000, 0u64..(1 << 44) - 1),
            same_time in proptest::bool::ANY,
        ) {
            let ta = time(a.1 / 1000, a.2);
            let tb = if same_time { ta } else { time(b.1 / 1000, b.2) };
            let (ka, kb) = (Key::new(a.0, ta, ConversationId(a.3)), Key::new(b.0, tb, ConversationId(b.3)));
            proptest::prop_assert_eq!((ka.cell(), ka.at(), ka.id()), (a.0, ta, ConversationId(a.3)));
            proptest::prop_assert_eq!(ka.cmp(&kb), (a.0, ta, a.3).cmp(&(b.0, tb, b.3)));
            proptest::prop_assert_eq!(ka.time_id().cmp(&kb.time_id()), (ta, a.3).cmp(&(tb, b.3)));
            proptest::prop_assert_eq!(ka.with_cell(b.0), Key::new(b.0, ta, ConversationId(a.3)));
        }
    }

    proptest::proptest! {
        /// The closed-by-day position orders as `(day, time, id, cell)` and
        /// gives the day and the key back, and the bounds of a time and id
        /// enclose every cell of it.
        #[test]
        fn closed_keys_order_by_day_then_time_and_round_trip(
            a in (-96_000_000i64..96_000_000, 0u16..512, -8_334_601_228i64 * 1000..8_210_266_876i64 * 1000, 0u32..2_000_000_000, 0u64..(1 << 44) - 1),
            b in (-96_000_000i64..96_000_000, 0u16..512, -8_334_601_228i64 * 1000..8_210_266_876i64 * 1000, 0u32..2_000_000_000, 0u64..(1 << 44) - 1),
            same_day in proptest::bool::ANY,
            same_time in proptest::bool::ANY,
        ) {
            let ta = time(a.2 / 1000, a.3);
            let tb = if same_time { ta } else { time(b.2 / 1000, b.3) };
            let db = if same_day { a.0 } else { b.0 };
            let (ka, kb) = (Key::new(a.1, ta, ConversationId(a.4)), Key::new(b.1, tb, ConversationId(b.4)));
            let (ca, cb) = (ClosedKey::new(a.0, ka), ClosedKey::new(db, kb));
            proptest::prop_assert_eq!((ca.day(), ca.key()), (a.0, ka));
            proptest::prop_assert_eq!(ca.cmp(&cb), (a.0, ta, a.4, a.1).cmp(&(db, tb, b.4, b.1)));
            proptest::prop_assert!(ClosedKey::first_at(a.0, ka) <= ca && ca <= ClosedKey::last_at(a.0, ka));
            proptest::prop_assert!(ClosedKey::first_at(a.0, kb) <= ClosedKey::new(a.0, kb));
        }
    }

    #[test]
    fn keys_and_reply_memos_stay_packed() {
        assert_eq!(std::mem::size_of::<Key>(), 16);
        assert_eq!(std::mem::size_of::<ClosedKey>(), 24);
        assert!(std::mem::size_of::<ReplyScan>() <= 32, "{}", std::mem::size_of::<ReplyScan>());
    }

    #[test]
    fn the_extreme_times_and_ids_keep_their_order() {
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let leap = time(1_700_000_000, 1_999_999_999);
        assert_eq!(Key::new(511, max, ConversationId(7)).at(), max);
        assert_eq!(Key::new(0, min, ConversationId(7)).at(), min);
        assert_eq!(Key::new(3, leap, ConversationId(7)).at(), leap);
        assert!(Key::new(0, min, ConversationId(0)) < Key::new(0, min, ConversationId(1)));
        assert!(Key::new(0, max, ConversationId(1)) < Key::new(1, min, ConversationId(0)));
        // A bound from a client's cursor with an id past 2^44 stays above
        // every real key of the same cell and time.
        let real = Key::new(5, leap, ConversationId((1 << 44) - 2));
        assert!(real < Key::new(5, leap, ConversationId(u64::MAX)));
        assert!(
            Key::new(5, leap, ConversationId(u64::MAX))
                < Key::new(5, time(1_700_000_001, 0), ConversationId(0))
        );
    }

    #[test]
    fn every_cell_round_trips_through_its_index() {
        let cells: Vec<Cell> = Cell::all().collect();
        assert_eq!(cells.len(), 4 * 2 * 2 * 4 * 7);
        for c in cells {
            assert_eq!(Cell::decode(c.index()), Some(c));
            assert!(usize::from(c.index()) < CELLS);
        }
    }

    #[test]
    fn days_follow_the_workspace_offset() {
        let t = DateTime::parse_from_rfc3339("2026-03-02T23:30:00Z").unwrap().to_utc();
        assert_eq!(day_of(t, 3600), day_of(t, 0) + 1);
        assert_eq!(day_of(t, -3600), day_of(t, 0));
    }
}
