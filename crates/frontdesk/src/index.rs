//! Derived state kept up to date as commands are applied: timers and per-user
//! load. Every change to a conversation goes through `Workspace::update`, which
//! removes the conversation from the indexes before the change and inserts it
//! after, so the indexes always equal what a rebuild from scratch would give.
//! A new message takes a shorter road with the same result
//! (`Workspace::append_message`, `Indexes::before`/`after`): it touches only
//! what the message changed.

use crate::config::WorkspaceConfig;
use crate::conversation::Conversation;
use crate::id_map::IdMap;
use crate::ids::{ConversationId, UserId};
use crate::priority::Priority;
use crate::status::Status;
use crate::view_index::{Facts, ViewIndex};
use chrono::{DateTime, Duration, Utc};
use std::cmp::Reverse;
use std::collections::BTreeSet;

type Timer = (DateTime<Utc>, ConversationId, TimerKind);
type Queued = (Reverse<Priority>, DateTime<Utc>, ConversationId);

/// What the indexes hold for a conversation about to change in a way that
/// keeps its scopes, tags and assignees (a message): see
/// [`Indexes::before`] and [`Indexes::after`].
pub(crate) struct Before {
    views: Facts,
    timer: Option<Timer>,
    sla: Option<Timer>,
    alert: Option<Timer>,
    queued: Option<Queued>,
    closed: bool,
    search: crate::search_index::Facts,
}

/// A timed transition waiting in `tick`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TimerKind {
    /// Open with no message exchanged for `pending_after`: becomes pending.
    Pending,
    /// Resolved for `archive_after`: becomes archived.
    Archive,
    /// A customer has waited longer than the response goal for the priority.
    Sla,
    /// Pending with nothing exchanged for `pending_alert_after`: alert once.
    PendingAlert,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Indexes {
    pending_after: Option<Duration>,
    archive_after: Option<Duration>,
    pending_alert_after: Option<Duration>,
    response_goals: Option<crate::prioritize::ResponseGoals>,
    /// Due timers ordered by time, so `tick` pops only what is due.
    pub(crate) timers: BTreeSet<Timer>,
    /// Open (not closed) conversations assigned to each user.
    pub(crate) open_load: IdMap<UserId, u32>,
    /// Conversations waiting for auto-assignment: most urgent first, then oldest.
    pub(crate) queue: BTreeSet<Queued>,
    /// Views, counts, tiles and metrics (see `view_index`).
    pub(crate) views: ViewIndex,
    /// Posting structures of search (see `search_index`).
    pub(crate) search: crate::search_index::SearchIndex,
}

impl Indexes {
    pub(crate) fn new(config: &WorkspaceConfig) -> Indexes {
        Indexes {
            pending_after: config.pending_after_secs.map(Duration::seconds),
            archive_after: config.archive_after_secs.map(Duration::seconds),
            pending_alert_after: config.pending_alert_after_secs.map(Duration::seconds),
            response_goals: config.response_goals,
            views: ViewIndex::new(config.utc_offset_minutes.saturating_mul(60)),
            ..Indexes::default()
        }
    }

    fn sla_timer(&self, c: &Conversation) -> Option<Timer> {
        let goals = self.response_goals?;
        if c.is_internal() || c.status.is_closed() {
            return None;
        }
        let since = c.reply.waiting_since?;
        let mark = crate::conversation::SlaMark { since, priority: c.priority };
        if c.sla_warned == Some(mark) {
            return None;
        }
        let due = since.checked_add_signed(Duration::try_seconds(goals.goal_for(c.priority))?)?;
        Some((due, c.id, TimerKind::Sla))
    }

    /// The "pending too long" alert: due `pending_alert_after` after the last
    /// exchange (or the creation) of a pending conversation, unless it was
    /// already raised for that waiting period.
    fn alert_timer(&self, c: &Conversation) -> Option<Timer> {
        let after = self.pending_alert_after?;
        if c.is_internal() || c.status != Status::Pending {
            return None;
        }
        let since = c.pending_since();
        if c.pending_alerted == Some(since) {
            return None;
        }
        Some((since.checked_add_signed(after)?, c.id, TimerKind::PendingAlert))
    }

    fn timer(&self, c: &Conversation) -> Option<Timer> {
        if c.is_internal() {
            return None;
        }
        match c.status {
            Status::Open => {
                let base = c.last_exchange_at?;
                let due = base.checked_add_signed(self.pending_after?)?;
                Some((due, c.id, TimerKind::Pending))
            }
            Status::Resolved => {
                let base = c.closed_at?;
                let due = base.checked_add_signed(self.archive_after?)?;
                Some((due, c.id, TimerKind::Archive))
            }
            Status::Pending | Status::Archived => None,
        }
    }

    fn queued(c: &Conversation) -> Option<Queued> {
        let waiting =
            c.awaiting_assignment && c.assignees.is_empty() && !c.status.is_closed() && !c.is_internal();
        waiting.then_some((Reverse(c.priority), c.created_at, c.id))
    }

    pub(crate) fn insert(&mut self, c: &Conversation) {
        self.views.insert(c);
        self.search.insert(c);
        if let Some(t) = self.timer(c) {
            self.timers.insert(t);
        }
        if let Some(t) = self.sla_timer(c) {
            self.timers.insert(t);
        }
        if let Some(t) = self.alert_timer(c) {
            self.timers.insert(t);
        }
        if let Some(q) = Self::queued(c) {
            self.queue.insert(q);
        }
        if !c.status.is_closed() {
            for u in &c.assignees {
                *self.open_load.entry(*u).or_insert(0) += 1;
            }
        }
    }

    pub(crate) fn remove(&mut self, c: &Conversation) {
        self.views.remove(c);
        self.search.remove(c);
        if let Some(t) = self.timer(c) {
            self.timers.remove(&t);
        }
        if let Some(t) = self.sla_timer(c) {
            self.timers.remove(&t);
        }
        if let Some(t) = self.alert_timer(c) {
            self.timers.remove(&t);
        }
        if let Some(q) = Self::queued(c) {
            self.queue.remove(&q);
        }
        if !c.status.is_closed() {
            for u in &c.assignees {
                if let Some(n) = self.open_load.get_mut(u) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.open_load.remove(u);
                    }
                }
            }
        }
    }

    /// Takes note of `c` before a change that keeps its kind, visibility,
    /// assignees and tags, such as a new message; [`Indexes::after`] then
    /// touches only what changed. Equivalent to `remove` then `insert`.
    pub(crate) fn before(&mut self, c: &Conversation) -> Before {
        Before {
            views: self.views.before(c),
            timer: self.timer(c),
            sla: self.sla_timer(c),
            alert: self.alert_timer(c),
            queued: Self::queued(c),
            closed: c.status.is_closed(),
            search: self.search.before(c),
        }
    }

    /// Completes [`Indexes::before`] once `c` has changed.
    pub(crate) fn after(&mut self, before: Before, c: &Conversation) {
        self.views.after(&before.views, c);
        self.search.after(&before.search, c);
        let (timer, sla, alert) = (self.timer(c), self.sla_timer(c), self.alert_timer(c));
        replace(&mut self.timers, before.timer, timer);
        replace(&mut self.timers, before.sla, sla);
        replace(&mut self.timers, before.alert, alert);
        replace(&mut self.queue, before.queued, Self::queued(c));
        let closed = c.status.is_closed();
        if closed != before.closed {
            for u in &c.assignees {
                let n = self.open_load.entry(*u).or_insert(0);
                if closed {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.open_load.remove(u);
                    }
                } else {
                    *n += 1;
                }
            }
        }
    }

    /// Open conversations assigned to `user`.
    pub(crate) fn load(&self, user: UserId) -> u32 {
        self.open_load.get(&user).copied().unwrap_or(0)
    }
}

/// Swaps `old` for `new` in `set` when they differ.
fn replace<T: Ord + Copy>(set: &mut BTreeSet<T>, old: Option<T>, new: Option<T>) {
    if old == new {
        return;
    }
    if let Some(t) = old {
        set.remove(&t);
    }
    if let Some(t) = new {
        set.insert(t);
    }
}
