//! Time never runs backwards in a workspace.
//!
//! The core has no clock: every command takes `now`. When several processes
//! share one workspace their clocks differ by milliseconds, so a command may
//! arrive dated before a time the workspace has already applied. Such a
//! command (or `tick`) is applied at the latest applied time instead (clamp,
//! not refuse), so no duration is negative, nothing closes before it was
//! created, messages stay in time order and no timer fires in the past.
//!
//! Each public command starts with `let now = self.clock(now);` and its
//! successful result passes through [`Workspace::finish_command`] (command.rs),
//! which advances the latest applied time; reads that take `now` use the
//! clamped time without changing anything. A refused command never reaches
//! `finish_command`, so it leaves the latest applied time (and everything
//! else) as it was.

use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

impl Workspace {
    /// The latest time the workspace has applied: the (clamped) `now` of the
    /// last successful command or `tick`. A command dated earlier than this is
    /// applied at this time instead. `None` for a workspace that has applied
    /// nothing dated yet. Restored from snapshots; for a snapshot written
    /// before it was stored, it is the latest timestamp in the data.
    pub fn latest_time(&self) -> Option<DateTime<Utc>> {
        self.latest_time
    }

    /// The time a command or read dated `now` is applied at:
    /// `max(now, latest_time)`. Changes nothing; a command's success advances
    /// the latest time (see [`Workspace::finish_command`]).
    pub(crate) fn clock(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.latest_time {
            Some(latest) if latest > now => latest,
            _ => now,
        }
    }

    /// Records that a command or `tick` was applied at `at` (a time returned
    /// by [`Workspace::clock`]).
    pub(crate) fn advance_to(&mut self, at: DateTime<Utc>) {
        if self.latest_time.is_none_or(|latest| at > latest) {
            self.latest_time = Some(at);
        }
    }

    /// The latest timestamp stored anywhere in the data: what the latest
    /// applied time must at least be when a snapshot does not say.
    pub(crate) fn latest_time_in_data(&self) -> Option<DateTime<Utc>> {
        let conversations = self.conversations.iter().flatten().flat_map(|c| {
            let own = [
                Some(c.created_at),
                Some(c.updated_at),
                c.closed_at,
                c.last_message_at,
                c.last_exchange_at,
                c.reply.waiting_since,
                c.reply.ai_waiting_since,
                c.priority_pin.as_ref().map(|p| p.at),
            ];
            own.into_iter()
                .flatten()
                .chain(c.messages.iter().map(|m| m.at))
                .chain(c.invoices.iter().map(|i| i.created_at))
        });
        let contacts = self
            .contacts
            .iter()
            .flat_map(|c| std::iter::once(c.created_at).chain(c.notes.iter().map(|n| n.at)));
        conversations.chain(contacts).max()
    }
}
