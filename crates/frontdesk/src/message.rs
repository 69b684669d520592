//! Messages, notes and payment requests inside a conversation.

use crate::channel::Channel;
use crate::ids::{InvoiceId, MessageId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "user", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Author {
    /// The customer (an inbound message).
    Contact,
    /// A human user of the workspace.
    User(#[cfg_attr(feature = "uniffi", uniffi(name = "id"))] UserId),
    /// The AI agent.
    Ai,
    /// The automatic responder (acknowledgements, out-of-office).
    AutoResponder,
    /// The system (handoff notices, payment confirmations).
    System,
}

impl Author {
    /// The human user behind the message, if any.
    pub fn user(self) -> Option<UserId> {
        match self {
            Author::User(u) => Some(u),
            _ => None,
        }
    }
}

/// What kind of message this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "invoice", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MessageKind {
    /// An ordinary message, shown to the customer (or to the other user in an
    /// internal chat).
    Text,
    /// A private note: never shown to the customer.
    Note,
    /// An invoice sent to the customer.
    Invoice(#[cfg_attr(feature = "uniffi", uniffi(name = "invoice"))] InvoiceId),
    /// A checkout (payment link) sent to the customer.
    Checkout(#[cfg_attr(feature = "uniffi", uniffi(name = "invoice"))] InvoiceId),
}

/// A file attached to a message. The library keeps its metadata; the host
/// stores the bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Attachment {
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: u64,
    /// The host's reference to the stored file (a URL or key).
    pub reference: String,
}

/// A message's attachments: a slice to read (through `Deref`), one pointer
/// wide, and no allocation when there are none (most messages). They never
/// change once the message is written. Serialized as a list, as a
/// `Vec<Attachment>` would be.
#[derive(Clone, Default, PartialEq, Eq)]
// The box is what makes the field one pointer wide (a `Vec` is three words):
// the extra allocation is paid only by messages that have attachments.
#[allow(clippy::box_collection)]
pub struct Attachments(Option<Box<Vec<Attachment>>>);

impl Attachments {
    /// The attachments as a slice.
    pub fn as_slice(&self) -> &[Attachment] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The attachments as a vector.
    pub fn to_vec(&self) -> Vec<Attachment> {
        self.as_slice().to_vec()
    }
}

impl From<Vec<Attachment>> for Attachments {
    fn from(list: Vec<Attachment>) -> Attachments {
        if list.is_empty() {
            Attachments(None)
        } else {
            let mut list = list;
            list.shrink_to_fit();
            Attachments(Some(Box::new(list)))
        }
    }
}

impl From<Attachments> for Vec<Attachment> {
    fn from(list: Attachments) -> Vec<Attachment> {
        list.0.map(|b| *b).unwrap_or_default()
    }
}

impl std::ops::Deref for Attachments {
    type Target = [Attachment];
    fn deref(&self) -> &[Attachment] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Attachments {
    type Item = &'a Attachment;
    type IntoIter = std::slice::Iter<'a, Attachment>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl std::fmt::Debug for Attachments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for Attachments {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Attachments {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Attachment>::deserialize(deserializer).map(Attachments::from)
    }
}

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Message {
    /// The message id, unique in the workspace.
    pub id: MessageId,
    /// When it was sent or received.
    pub at: DateTime<Utc>,
    /// The channel it travelled on.
    pub channel: Channel,
    /// Who wrote it.
    pub author: Author,
    /// Text, note, invoice or checkout.
    pub kind: MessageKind,
    /// The text (any Unicode, emoji included).
    // Boxed: a message's text never changes, and a `String`'s capacity word
    // would add 8 bytes to every message; it reads as a `&str` through
    // auto-deref and serializes as a string.
    pub body: Box<str>,
    /// Attachments.
    // One pointer wide, read as a slice: see [`Attachments`].
    pub attachments: Attachments,
    /// What the host's AI said about this reply (AI messages only). Boxed:
    /// most messages carry none, and inline signals would add 48 bytes to
    /// every message (the serialized shape is the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<Box<AiReplySignals>>,
}

/// What the host's AI says about one of its replies: how sure it was, why it
/// answered that way and the customer intent it detected. The library never
/// calls a model; the host supplies these with the reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AiReplySignals {
    /// How confident the AI was, in percent: 0 to 100 inclusive.
    #[serde(default)]
    pub confidence: Option<u32>,
    /// Why the AI responded that way, as the host's AI explains it.
    #[serde(default)]
    pub reasoning: Option<String>,
    /// The customer intent the AI detected (for example "refund_request").
    #[serde(default)]
    pub intent: Option<String>,
}

impl AiReplySignals {
    /// Whether nothing was supplied.
    pub fn is_empty(&self) -> bool {
        self.confidence.is_none() && self.reasoning.is_none() && self.intent.is_none()
    }
}

/// The AI agent's reply with its signals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AiReply {
    /// The text sent to the customer.
    pub body: String,
    /// Confidence, reasoning and intent, each optional.
    #[serde(default)]
    pub signals: AiReplySignals,
}

impl Message {
    /// The AI's confidence in this reply, in percent, when the host gave one.
    pub fn ai_confidence(&self) -> Option<u32> {
        self.ai.as_ref().and_then(|a| a.confidence)
    }

    /// Whether the customer can see this message (notes are private).
    pub fn is_customer_visible(&self) -> bool {
        self.kind != MessageKind::Note
    }

    /// Whether this is an inbound customer message.
    pub fn is_inbound(&self) -> bool {
        self.author == Author::Contact
    }
}

/// Payment state of an invoice or checkout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PaymentState {
    /// Sent, not paid: an outstanding invoice.
    Unpaid,
    /// Paid.
    Paid,
    /// Cancelled: no longer due.
    Cancelled,
}

/// Whether a payment request is an invoice or a checkout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PaymentKind {
    /// An invoice: while unpaid, the conversation cannot be closed or deleted.
    Invoice,
    /// A checkout link: it does not block closing or deleting.
    Checkout,
}

/// An invoice or checkout inside a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Invoice {
    /// Its id.
    pub id: InvoiceId,
    /// Invoice or checkout.
    pub kind: PaymentKind,
    /// Amount in the currency's minor unit (cents).
    pub amount_minor: i64,
    /// ISO 4217 currency code, uppercase.
    pub currency: String,
    /// What it is for.
    pub description: String,
    /// Unpaid, paid or cancelled.
    pub state: PaymentState,
    /// The message that carried it.
    pub message: MessageId,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

impl Invoice {
    /// Whether this is an invoice still due to be paid.
    pub fn is_outstanding(&self) -> bool {
        self.kind == PaymentKind::Invoice && self.state == PaymentState::Unpaid
    }
}

/// What is needed to send an invoice or checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvoice {
    /// Invoice or checkout.
    pub kind: PaymentKind,
    /// Amount in minor units; must be positive.
    pub amount_minor: i64,
    /// ISO 4217 code, three letters.
    pub currency: String,
    /// What it is for.
    pub description: String,
}

/// A message arriving from a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    /// Who sent it: a known contact, or an address on a channel (an unknown
    /// address creates a contact).
    pub from: Sender,
    /// The channel it arrived on.
    pub channel: Channel,
    /// The text.
    pub body: String,
    /// Attachments.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The campaign the contact came from, if known.
    #[serde(default)]
    pub campaign: Option<String>,
}

/// The sender of an inbound message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Sender {
    /// A known contact.
    Contact {
        /// The contact.
        contact: crate::ids::ContactId,
    },
    /// An address on the message's channel (phone number, email, handle).
    Address {
        /// The address.
        handle: String,
    },
}

/// An outbound message written by a human agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbound {
    /// The channel to send on; the conversation's current channel when absent.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// The text.
    pub body: String,
    /// Attachments.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl Outbound {
    /// A text message on the conversation's current channel.
    pub fn text(body: impl Into<String>) -> Outbound {
        Outbound { channel: None, body: body.into(), attachments: Vec::new() }
    }

    /// Sends on another channel (the conversation continues there).
    pub fn on(mut self, channel: Channel) -> Outbound {
        self.channel = Some(channel);
        self
    }
}
