//! Derived state kept up to date as commands are applied: timers and per-user
//! load. Every change to a conversation goes through `Workspace::update`, which
//! removes the conversation from the indexes before the change and inserts it
//! after, so the indexes always equal what a rebuild from scratch would give.

use crate::config::WorkspaceConfig;
use crate::conversation::Conversation;
use crate::ids::{ConversationId, UserId};
use crate::priority::Priority;
use crate::status::Status;
use crate::view_index::ViewIndex;
use chrono::{DateTime, Duration, Utc};
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

/// A timed transition waiting in `tick`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TimerKind {
    /// Open with no message exchanged for `pending_after`: becomes pending.
    Pending,
    /// Resolved for `archive_after`: becomes archived.
    Archive,
    /// A customer has waited longer than the response goal for the priority.
    Sla,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Indexes {
    pending_after: Option<Duration>,
    archive_after: Option<Duration>,
    response_goals: Option<crate::prioritize::ResponseGoals>,
    /// Due timers ordered by time, so `tick` pops only what is due.
    pub(crate) timers: BTreeSet<(DateTime<Utc>, ConversationId, TimerKind)>,
    /// Open (not closed) conversations assigned to each user.
    pub(crate) open_load: HashMap<UserId, u32, crate::ids::IdHash>,
    /// Conversations waiting for auto-assignment: most urgent first, then oldest.
    pub(crate) queue: BTreeSet<(Reverse<Priority>, DateTime<Utc>, ConversationId)>,
    /// Views, counts, tiles and metrics (see `view_index`).
    pub(crate) views: ViewIndex,
}

impl Indexes {
    pub(crate) fn new(config: &WorkspaceConfig) -> Indexes {
        Indexes {
            pending_after: config.pending_after_secs.map(Duration::seconds),
            archive_after: config.archive_after_secs.map(Duration::seconds),
            response_goals: config.response_goals,
            views: ViewIndex::new(config.utc_offset_minutes.saturating_mul(60)),
            ..Indexes::default()
        }
    }

    fn sla_timer(&self, c: &Conversation) -> Option<(DateTime<Utc>, ConversationId, TimerKind)> {
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

    fn timer(&self, c: &Conversation) -> Option<(DateTime<Utc>, ConversationId, TimerKind)> {
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

    fn queued(c: &Conversation) -> Option<(Reverse<Priority>, DateTime<Utc>, ConversationId)> {
        let waiting =
            c.awaiting_assignment && c.assignees.is_empty() && !c.status.is_closed() && !c.is_internal();
        waiting.then_some((Reverse(c.priority), c.created_at, c.id))
    }

    pub(crate) fn insert(&mut self, c: &Conversation) {
        self.views.insert(c);
        if let Some(t) = self.timer(c) {
            self.timers.insert(t);
        }
        if let Some(t) = self.sla_timer(c) {
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
        if let Some(t) = self.timer(c) {
            self.timers.remove(&t);
        }
        if let Some(t) = self.sla_timer(c) {
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

    /// Open conversations assigned to `user`.
    pub(crate) fn load(&self, user: UserId) -> u32 {
        self.open_load.get(&user).copied().unwrap_or(0)
    }
}
