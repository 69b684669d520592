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
use crate::user::User;
use crate::workspace::{pair, Applied, Workspace};
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
            return Ok(Applied::new((), Vec::new()).advance_clock(self, now));
        }
        if status.is_closed() {
            check_close(user.as_ref(), c)?;
        }
        let from = c.status;
        let contact = c.contact();
        let reopened = from.is_closed() && !status.is_closed();
        self.update(conversation, |c| {
            c.status = status;
            c.updated_at = now;
            if status.is_closed() {
                c.closed_at = Some(now);
            } else {
                c.closed_at = None;
            }
            if status == Status::Open {
                // Opening by hand restarts the "no response" clock; otherwise an old
                // exchange would make the conversation pending again at once.
                c.last_exchange_at = Some(now);
            }
        });
        if reopened {
            if let Some(contact) = contact {
                if let Ok(contact) = self.contact_mut(contact) {
                    contact.current_conversation = Some(conversation);
                }
            }
        }
        let mut events =
            vec![Event::StatusChanged { conversation, from, to: status, cause: StatusCause::Manual }];
        self.drain_queue(now, &mut events);
        Ok(Applied::new((), events).advance_clock(self, now))
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
        if user.as_ref().is_some_and(|u| !u.is_admin()) {
            return Err(Error::forbidden("only admins may delete conversations"));
        }
        let unpaid = c.outstanding_invoices();
        if !unpaid.is_empty() {
            return Err(Error::UnpaidInvoice { conversation, invoices: unpaid });
        }
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
        let mut events = vec![Event::ConversationDeleted { conversation, by: actor.user() }];
        self.drain_queue(now, &mut events);
        Ok(Applied::new((), events).advance_clock(self, now))
    }

    /// Applies every timed transition due at `now`: open conversations with no
    /// message exchanged for the pending timeout become pending, resolved ones
    /// past the archive delay are archived. Costs O(due · log n).
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Event> {
        let now = self.clock(now);
        let mut events = Vec::new();
        while let Some(&(due, conversation, kind)) = self.indexes.timers.first() {
            if due > now {
                break;
            }
            let (from, to) = match kind {
                TimerKind::Pending => (Status::Open, Status::Pending),
                TimerKind::Archive => (Status::Resolved, Status::Archived),
                TimerKind::PendingAlert => {
                    self.fire_pending_alert(conversation, now, &mut events);
                    self.indexes.timers.remove(&(due, conversation, kind));
                    continue;
                }
                TimerKind::Sla => {
                    self.fire_sla(conversation, now, &mut events);
                    // Firing marks the warning, which removes the timer; make sure a
                    // stale entry can never loop.
                    self.indexes.timers.remove(&(due, conversation, kind));
                    continue;
                }
            };
            let changed = self.update(conversation, |c| {
                if c.status != from {
                    return false;
                }
                c.status = to;
                c.updated_at = due;
                if to == Status::Archived {
                    // Archiving keeps the time it was closed.
                    c.closed_at = c.closed_at.or(Some(due));
                }
                true
            });
            if changed == Some(true) {
                events.push(Event::StatusChanged { conversation, from, to, cause: StatusCause::Timer });
            }
            // The index always agrees with the conversation; a stale entry would
            // loop forever, so drop it defensively.
            self.indexes.timers.remove(&(due, conversation, kind));
        }
        self.advance_to(now);
        self.notify(&events);
        events
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
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        let c = self.conversations.get_mut(index)?.take()?;
        self.touched(|j| {
            j.conversations.remove(&id);
            j.deleted.insert(id);
        });
        self.indexes.remove(&c);
        self.indexes.search.text.remove_conversation(&c);
        self.reads.forget(&c);
        Some(c)
    }

    /// The policy in force for messages to closed conversations.
    pub fn closed_policy(&self) -> ClosedPolicy {
        self.config.closed_policy
    }
}

/// Closing: by an assignee or an admin (or the host), never with an unpaid
/// invoice.
fn check_close(user: Option<&User>, c: &Conversation) -> Result<()> {
    if let Some(u) = user {
        if !u.is_admin() && !c.is_assigned_to(u.id) {
            return Err(Error::forbidden("only an assignee or an admin may close a conversation"));
        }
    }
    let unpaid = c.outstanding_invoices();
    if !unpaid.is_empty() {
        return Err(Error::UnpaidInvoice { conversation: c.id, invoices: unpaid });
    }
    Ok(())
}
