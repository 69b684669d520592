//! The one step every successful command ends with.
//!
//! A command checks, changes the conversations it is about, collects the
//! events that caused, and then hands them to [`Workspace::finish_command`].
//! What must follow *any* change lives there and nowhere else:
//!
//! 1. the routing queue drains when the command may have freed an agent or
//!    made a waiting conversation assignable ([`After::DrainQueue`]);
//! 2. the workspace's latest applied time advances (see clock.rs);
//! 3. notifications are derived from the events and the command's actor (see
//!    notifications.rs).
//!
//! The store's change marks are not here: [`Workspace::update`] records them
//! as each change happens, so a refused command leaves none.
//!
//! A new concern that must see every command's events (a live feed, an audit
//! trail) hooks in at the end of [`Workspace::finish_command`]: by then the
//! events are final, in order, and include those of the queue drain. `tick`
//! and each conversation of `bulk` pass through it too.

use crate::actor::Actor;
use crate::applied::Applied;
use crate::event::Event;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

/// What a command's follow-up must do beyond the steps every command gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum After {
    /// Nothing more.
    Nothing,
    /// The command may have freed capacity or changed who is eligible
    /// (availability, routing settings, teams, assignees, status, visibility,
    /// deletion): give waiting conversations to whoever became free.
    DrainQueue,
}

impl Workspace {
    /// The post-command step: every successful command (and `tick`) ends
    /// here, exactly once, with the time it was applied at and who issued it
    /// (`Actor::System` for `tick`), and returns what the caller gets. The
    /// actor is passed here rather than stored in every event: only the
    /// notifications need it for events that do not name who caused them
    /// (a status change is told to others, never to the user who made it). A refused command never reaches it, so it changes
    /// nothing. See the module comment for what it does and where to hook.
    pub(crate) fn finish_command<T>(
        &mut self,
        now: DateTime<Utc>,
        actor: Actor,
        after: After,
        value: T,
        mut events: Vec<Event>,
    ) -> Applied<T> {
        if after == After::DrainQueue {
            self.drain_queue(now, &mut events);
        }
        self.advance_to(now);
        self.notify(actor, &events);
        Applied::new(value, events)
    }
}
