//! The status workflow in one place: which transitions exist, what each one
//! writes on the conversation, and whether a conversation may be closed
//! (resolved or archived) or deleted.
//!
//! | from | to | cause | fired by |
//! |---|---|---|---|
//! | any | any other | `Manual` | `set_status`, `close`, `reopen`, `archive` (and `bulk` through them), if [`may_close`] |
//! | pending | open | `Message` | a message exchanged ([`after_message`], messaging.rs) |
//! | resolved, archived | open | `Message` | a message, under `ClosedPolicy::ReopenOnReply` |
//! | open | pending | `Timer` | `tick`, no exchange for `pending_after` ([`on_timer`]) |
//! | resolved | archived | `Timer` | `tick`, `archive_after` after closing, if [`may_archive_on_timer`] |
//! | not pending | pending | `Handoff` | `request_handoff` (the AI asks for a human) |
//!
//! What each transition writes (closing time, "no response" clock) is
//! [`enter`]. Who may close is an access rule (access.rs); what payments
//! forbid is a payment rule (payments.rs); this module combines them so that
//! commands, `bulk` and `tick` ask one question.

use crate::access;
use crate::config::ClosedPolicy;
use crate::conversation::Conversation;
use crate::error::Result;
use crate::event::StatusCause;
use crate::index::TimerKind;
use crate::status::Status;
use crate::user::User;
use crate::workspace::payments;
use chrono::{DateTime, Utc};

/// Whether `user` (`None`: the host) may close `c`, resolving or archiving
/// it by hand: an assignee or an admin, and nothing in the conversation
/// blocks closing.
pub(crate) fn may_close(user: Option<&User>, c: &Conversation) -> Result<()> {
    access::may_close(user, c)?;
    payments::closing_blocker(c)
}

/// Whether `user` may delete `c`: an admin, and nothing blocks closing (a
/// deleted conversation can never settle what it owes).
pub(crate) fn may_delete(user: Option<&User>, c: &Conversation) -> Result<()> {
    access::may_delete(user)?;
    payments::closing_blocker(c)
}

/// Whether `tick` may archive a resolved conversation whose archive delay
/// has passed. A conversation that may not close stays resolved, and its
/// timer fires again at the next `tick` once the block is gone.
pub(crate) fn may_archive_on_timer(c: &Conversation) -> bool {
    payments::closing_blocker(c).is_ok()
}

/// The transition a timer stands for, if it is a status timer.
pub(crate) fn on_timer(kind: TimerKind) -> Option<(Status, Status)> {
    match kind {
        TimerKind::Pending => Some((Status::Open, Status::Pending)),
        TimerKind::Archive => Some((Status::Resolved, Status::Archived)),
        TimerKind::PendingAlert | TimerKind::Sla => None,
    }
}

/// The status after a message is exchanged in a conversation in `from`.
pub(crate) fn after_message(from: Status, policy: ClosedPolicy) -> Status {
    match from {
        Status::Pending => Status::Open,
        Status::Resolved | Status::Archived if policy == ClosedPolicy::ReopenOnReply => Status::Open,
        other => other,
    }
}

/// Moves `c` to `to` at `at`, writing what the transition implies. The
/// caller has checked that the transition is allowed.
pub(crate) fn enter(c: &mut Conversation, to: Status, at: DateTime<Utc>, cause: StatusCause) {
    c.status = to;
    match cause {
        StatusCause::Manual => {
            c.updated_at = at;
            c.closed_at = to.is_closed().then_some(at);
            if to == Status::Open {
                // Opening by hand restarts the "no response" clock; otherwise an
                // old exchange would make the conversation pending again at once.
                c.last_exchange_at = Some(at);
            }
        }
        StatusCause::Timer => {
            c.updated_at = at;
            if to == Status::Archived {
                // Archiving keeps the time it was closed.
                c.closed_at = c.closed_at.or(Some(at));
            }
        }
        // The message or hand-off writes its own times.
        StatusCause::Message | StatusCause::Handoff => c.closed_at = None,
    }
    if to.is_closed() {
        // A closed conversation rarely takes another message (a reply
        // reopens it or continues in a new one): its list gives back its
        // growth room, one reallocation per close.
        c.messages.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use crate::ids::{InvoiceId, MessageId};
    use crate::*;
    use chrono::{DateTime, Duration, Utc};

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc() + Duration::hours(hours)
    }

    fn status(ws: &Workspace, id: ConversationId) -> Status {
        ws.conversation(Actor::System, id).unwrap().status
    }

    /// Closing gives back the message list's growth room; a reply that
    /// reopens the conversation grows it again.
    #[test]
    fn closing_shrinks_the_message_list() {
        let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
        let inbound = || Inbound {
            from: Sender::Address { handle: "+1 234 567 890".into() },
            channel: Channel::Whatsapp,
            body: "Hi".into(),
            attachments: vec![],
            campaign: None,
        };
        let id = ws.receive_message(Actor::System, at(0), inbound()).unwrap().value.conversation;
        for h in 1..5 {
            assert_eq!(ws.receive_message(Actor::System, at(h), inbound()).unwrap().value.conversation, id);
        }
        let messages = |ws: &Workspace| {
            let c = ws.conversation(Actor::System, id).unwrap();
            (c.messages.len(), c.messages.capacity())
        };
        let (len, capacity) = messages(&ws);
        assert_eq!(len, 5);
        assert!(capacity > len, "growth room before closing: {capacity}");
        ws.close(Actor::System, at(6), id).unwrap();
        assert_eq!(messages(&ws), (5, 5));
        assert_eq!(ws.receive_message(Actor::System, at(7), inbound()).unwrap().value.conversation, id);
        assert_eq!(status(&ws, id), Status::Open);
        assert_eq!(messages(&ws).0, 6);
    }

    /// No command leaves a resolved conversation with something that blocks
    /// closing today, so the state is planted: it stands for any future block
    /// (a pending refund). The archive timer waits for the block to go.
    #[test]
    fn tick_does_not_archive_a_conversation_that_may_not_close() {
        let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
        let inbound = Inbound {
            from: Sender::Address { handle: "+1 234 567 890".into() },
            channel: Channel::Whatsapp,
            body: "Hi".into(),
            attachments: vec![],
            campaign: None,
        };
        let id = ws.receive_message(Actor::System, at(0), inbound).unwrap().value.conversation;
        ws.close(Actor::System, at(1), id).unwrap();
        ws.update(id, |c| {
            c.invoices.push(Invoice {
                id: InvoiceId(1),
                kind: PaymentKind::Invoice,
                amount_minor: 100,
                currency: "EUR".into(),
                description: String::new(),
                state: PaymentState::Unpaid,
                message: MessageId(1),
                created_at: at(1),
            })
        });
        ws.lookup.invoice_conversation.insert(InvoiceId(1), id);
        assert!(ws.derived_state_is_consistent());
        assert!(super::may_close(None, ws.live(id).unwrap()).is_err());

        let events = ws.tick(at(24 * 8));
        assert_eq!(status(&ws, id), Status::Resolved, "{events:?}");
        assert!(ws.derived_state_is_consistent(), "the held timer stays in the index");
        assert_eq!(ws.next_due(), Some(at(1) + Duration::days(7)));

        ws.update(id, |c| c.invoices[0].state = PaymentState::Paid);
        ws.tick(at(24 * 8 + 1));
        assert_eq!(status(&ws, id), Status::Archived);
        assert_eq!(ws.conversation(Actor::System, id).unwrap().closed_at, Some(at(1)));
    }
}
