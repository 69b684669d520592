//! Payments: invoices and checkouts sent in a conversation, their settling,
//! and the one rule they impose on the rest of the workspace (an unpaid
//! invoice blocks closing, archiving and deleting; see [`closing_blocker`]).
//!
//! A payment request travels as a message (see messaging.rs, `deliver`), so
//! it is ordered, read and exported like every other message; what is
//! specific to payments is here.

use crate::actor::Actor;
use crate::channel::Channel;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::{ConversationId, InvoiceId, MessageId};
use crate::message::{Author, Invoice, MessageKind, NewInvoice, PaymentKind, PaymentState};
use crate::validate;
use crate::workspace::messaging::Draft;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Sends an invoice or a checkout. They travel on WhatsApp or SMS only.
    /// While an invoice is unpaid, the conversation cannot be closed or deleted.
    pub fn send_invoice(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        invoice: NewInvoice,
    ) -> Result<Applied<InvoiceId>> {
        let now = self.clock(now);
        let user = self.human(actor)?;
        let c = self.visible(Some(&user), conversation)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind { reason: "invoices go to customers".into() });
        }
        if !matches!(c.channel, Channel::Whatsapp | Channel::Sms) {
            return Err(Error::invalid_argument(
                "channel",
                format!("invoices and checkouts are sent on WhatsApp or SMS, not {}", c.channel.label()),
            ));
        }
        if invoice.amount_minor <= 0 {
            return Err(Error::invalid_argument("amount_minor", "must be positive"));
        }
        let currency = invoice.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid_argument("currency", "an ISO 4217 code such as EUR"));
        }
        let description = validate::note("description", Some(&invoice.description))?.unwrap_or_default();
        let channel = c.channel;
        let target = self.outbound_target(Some(&user), c, channel, now)?;
        let id = InvoiceId(self.next_invoice);
        self.next_invoice += 1;
        let kind = match invoice.kind {
            PaymentKind::Invoice => MessageKind::Invoice(id),
            PaymentKind::Checkout => MessageKind::Checkout(id),
        };
        let record = Invoice {
            id,
            kind: invoice.kind,
            amount_minor: invoice.amount_minor,
            currency,
            description: description.clone(),
            state: PaymentState::Unpaid,
            message: MessageId(0),
            created_at: now,
        };
        let draft = Draft {
            author: Author::User(user.id),
            kind,
            channel,
            body: description,
            attachments: vec![],
            ai: None,
        };
        let mut events = Vec::new();
        let delivered = self.deliver(target, draft, now, Some(record), &mut events);
        self.lookup.invoice_conversation.insert(id, delivered.conversation);
        events.push(Event::InvoiceSent {
            conversation: delivered.conversation,
            invoice: id,
            kind: invoice.kind,
        });
        Ok(self.finish_command(now, actor, After::Nothing, id, events))
    }

    /// Records that an invoice or checkout was paid. Host (payment webhooks) or
    /// admins.
    pub fn mark_invoice_paid(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        invoice: InvoiceId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.settle(actor, now, invoice, PaymentState::Paid)
    }

    /// Cancels an invoice or checkout: it is no longer due. Host or admins.
    pub fn cancel_invoice(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        invoice: InvoiceId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.settle(actor, now, invoice, PaymentState::Cancelled)
    }

    fn settle(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        invoice: InvoiceId,
        state: PaymentState,
    ) -> Result<Applied<()>> {
        self.require_admin(actor, "settle invoices")?;
        let conversation = *self
            .lookup
            .invoice_conversation
            .get(&invoice)
            .ok_or_else(|| Error::not_found("invoice", invoice))?;
        let c = self.live(conversation).ok_or_else(|| Error::not_found("invoice", invoice))?;
        let current = c
            .invoices
            .iter()
            .find(|i| i.id == invoice)
            .ok_or_else(|| Error::not_found("invoice", invoice))?;
        if current.state != PaymentState::Unpaid {
            return Err(Error::InvoiceSettled { invoice });
        }
        self.update(conversation, |c| {
            if let Some(i) = c.invoices.iter_mut().find(|i| i.id == invoice) {
                i.state = state;
            }
            c.updated_at = now;
        });
        let event = match state {
            PaymentState::Paid => Event::InvoicePaid { conversation, invoice },
            _ => Event::InvoiceCancelled { conversation, invoice },
        };
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![event]))
    }
}

/// What payments say about closing (resolving or archiving, by hand or by
/// `tick`) or deleting `c`: refused while an invoice is outstanding. A
/// checkout never blocks. Every path that closes, archives or deletes asks
/// here (through lifecycle.rs), so a new payment state that must block does
/// so everywhere by changing this function alone.
pub(crate) fn closing_blocker(c: &Conversation) -> Result<()> {
    let unpaid = c.outstanding_invoices();
    if unpaid.is_empty() {
        Ok(())
    } else {
        Err(Error::UnpaidInvoice { conversation: c.id, invoices: unpaid })
    }
}
