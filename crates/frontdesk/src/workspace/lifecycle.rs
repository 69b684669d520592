//! Status changes, closing and reopening, deletion, and the timed transitions
//! applied by `tick`.

use crate::actor::Actor;
use crate::config::ClosedPolicy;
use crate::conversation::{Conversation, ConversationKind};
use crate::error::{Error, Result};
use crate::event::{Event, StatusCause};
use crate::ids::ConversationId;
use crate::index::TimerKind;
use crate::status::Status;
use crate::workspace::{pair, transitions, After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Changes a conversation's status.
    ///
    /// Closing (resolved or archived) is allowed to an assignee or an admin,
    /// never while an invoice in the conversation is unpaid. Reopening a closed
    /// conversation makes it the contact's current conversation again, so
    /// future messages join it. Setting the current status does nothing.
    pub fn set_status(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        status: Status,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.acting_user(actor)?.cloned();
        let c = self.visible(user.as_ref(), conversation)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind {
                reason: "internal chats have no status workflow".into(),
            });
        }
        if c.status == status {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        if status.is_closed() {
            transitions::may_close(user.as_ref(), c)?;
        }
        let from = c.status;
        let contact = c.contact();
        let reopened = from.is_closed() && !status.is_closed();
        self.update(conversation, |c| transitions::enter(c, status, now, StatusCause::Manual));
        if reopened {
            if let Some(contact) = contact {
                if let Ok(contact) = self.contact_mut(contact) {
                    contact.current_conversation = Some(conversation);
                }
            }
        }
        let events =
            vec![Event::StatusChanged { conversation, from, to: status, cause: StatusCause::Manual }];
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Closes (resolves) a conversation. See [`Workspace::set_status`].
    pub fn close(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.set_status(actor, now, conversation, Status::Resolved)
    }

    /// Reopens a conversation. See [`Workspace::set_status`].
    pub fn reopen(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.set_status(actor, now, conversation, Status::Open)
    }

    /// Archives a conversation (a kind of closing). See [`Workspace::set_status`].
    pub fn archive(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.set_status(actor, now, conversation, Status::Archived)
    }

    /// Deletes a conversation with all its messages, invoices and checkouts.
    /// Admins only, and only when no invoice is outstanding. Internal chats
    /// too are deleted by admins only.
    pub fn delete_conversation(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.acting_user(actor)?.cloned();
        let c = self.visible(user.as_ref(), conversation)?;
        transitions::may_delete(user.as_ref(), c)?;
        let Some(removed) = self.take_conversation(conversation) else {
            return Err(Error::not_found("conversation", conversation));
        };
        for i in &removed.invoices {
            self.lookup.invoice_conversation.remove(&i.id);
        }
        match &removed.kind {
            ConversationKind::Customer { contact } => {
                if let Ok(contact) = self.contact_mut(*contact) {
                    if contact.current_conversation == Some(conversation) {
                        contact.current_conversation = None;
                    }
                }
            }
            ConversationKind::Internal { participants } => {
                self.lookup.internal_chat.remove(&pair(participants));
            }
        }
        self.deleted.insert(conversation, removed.visibility);
        let events = vec![Event::ConversationDeleted { conversation, by: actor.user() }];
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Applies every timed transition due at `now`: open conversations with no
    /// message exchanged for the pending timeout become pending, resolved ones
    /// past the archive delay are archived. Costs O(due · log n).
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Event> {
        let now = self.clock(now);
        let mut events = Vec::new();
        // Timers whose transition is blocked for now (see
        // `transitions::may_archive_on_timer`) stay in the index, so they fire
        // at a later `tick` once the block is gone; this pass skips them.
        let mut held = std::collections::BTreeSet::new();
        while let Some(&(due, conversation, kind)) = self.indexes.timers.iter().find(|t| !held.contains(*t)) {
            if due > now {
                break;
            }
            match kind {
                TimerKind::PendingAlert => self.fire_pending_alert(conversation, now, &mut events),
                // Firing marks the warning, which removes the timer.
                TimerKind::Sla => self.fire_sla(conversation, now, &mut events),
                TimerKind::Pending | TimerKind::Archive => {}
            }
            let Some((from, to)) = transitions::on_timer(kind) else {
                // An alert, fired above; make sure a stale entry can never loop.
                self.indexes.timers.remove(&(due, conversation, kind));
                continue;
            };
            if to == Status::Archived
                && self.live(conversation).is_some_and(|c| !transitions::may_archive_on_timer(c))
            {
                held.insert((due, conversation, kind));
                continue;
            }
            let changed = self.update(conversation, |c| {
                if c.status != from {
                    return false;
                }
                transitions::enter(c, to, due, StatusCause::Timer);
                true
            });
            if changed == Some(true) {
                events.push(Event::StatusChanged { conversation, from, to, cause: StatusCause::Timer });
            }
            // The index always agrees with the conversation; a stale entry would
            // loop forever, so drop it defensively.
            self.indexes.timers.remove(&(due, conversation, kind));
        }
        self.finish_command(now, Actor::System, After::Nothing, (), events).events
    }

    /// Raises "pending too long" once for the conversation's current waiting
    /// period.
    fn fire_pending_alert(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        events: &mut Vec<Event>,
    ) {
        let Some(c) = self.live(conversation) else { return };
        if c.status != Status::Pending {
            return;
        }
        let since = c.pending_since();
        self.update(conversation, |c| c.pending_alerted = Some(since));
        events.push(Event::PendingTooLong { conversation, waiting_secs: (now - since).num_seconds().max(0) });
    }

    /// When the next timed transition is due, so a host knows when to call
    /// `tick`.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.indexes.timers.first().map(|t| t.0)
    }

    fn take_conversation(&mut self, id: ConversationId) -> Option<Conversation> {
        self.feed_touch(id);
        self.feed_forget(id);
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        let c = self.conversations.get_mut(index)?.take()?;
        self.touched(|j| {
            j.conversations.remove(&id);
            j.deleted.insert(id);
        });
        self.indexes.remove(&c);
        self.indexes.search.text.remove_conversation(&c);
        self.reads.forget(&c);
        Some(*c)
    }

    /// The policy in force for messages to closed conversations.
    pub fn closed_policy(&self) -> ClosedPolicy {
        self.config.closed_policy
    }
}
