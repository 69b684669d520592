//! Read-only value objects handed to Python. They are snapshots: changing the
//! workspace later does not change them.

use crate::convert::{events, member, visibility_out};
use frontdesk as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

fn tuple<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
) -> PyResult<Py<PyTuple>> {
    Ok(PyTuple::new(py, items)?.unbind())
}

fn time(py: Python<'_>, t: chrono::DateTime<chrono::Utc>) -> PyResult<Py<PyAny>> {
    Ok(t.into_pyobject(py)?.into_any().unbind())
}

fn opt_time(py: Python<'_>, t: Option<chrono::DateTime<chrono::Utc>>) -> PyResult<Option<Py<PyAny>>> {
    t.map(|t| time(py, t)).transpose()
}

fn en(py: Python<'_>, class: &str, value: &str) -> PyResult<Py<PyAny>> {
    Ok(member(py, class, value)?.unbind())
}

/// Declares a value class and gives it, from its one list of fields, what a
/// Python value has: `==` and `hash` over every field, a repr in Python
/// syntax (`Delivered(conversation=1, message=2, contact=None)`) and pickling
/// (`__reduce__` rebuilds it from its fields through `_rebuild`).
macro_rules! value {
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $($(#[doc = $fdoc:literal])* pub $field:ident: $ty:ty,)* }
    ) => {
        $(#[$attr])*
        pub struct $name { $($(#[doc = $fdoc])* pub $field: $ty,)* }

        #[pymethods]
        impl $name {
            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                match other.cast::<$name>() {
                    Ok(other) => self.fields(py)?.eq(other.get().fields(py)?),
                    Err(_) => Ok(false),
                }
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                // A field holding a list (an Applied's events) hashes by its repr.
                let fields = self.fields(py)?;
                fields.hash().or_else(|_| fields.repr()?.hash())
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let fields = self.fields(py)?;
                let parts = [$(stringify!($field)),*]
                    .iter()
                    .zip(fields.iter())
                    .map(|(name, value)| Ok(format!("{name}={}", value.repr()?)))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(format!("{}({})", stringify!($name), parts.join(", ")))
            }

            fn __reduce__<'py>(
                &self,
                py: Python<'py>,
            ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyTuple>,))> {
                Ok((py.get_type::<$name>().getattr("_rebuild")?, (self.fields(py)?,)))
            }

            #[staticmethod]
            fn _rebuild(fields: &Bound<'_, PyTuple>) -> PyResult<$name> {
                let mut items = fields.iter();
                let mut next = || {
                    items.next().ok_or_else(|| {
                        pyo3::exceptions::PyValueError::new_err(concat!("too few fields for ", stringify!($name)))
                    })
                };
                Ok($name { $($field: next()?.extract()?,)* })
            }
        }

        impl $name {
            fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                use pyo3::IntoPyObjectExt;
                PyTuple::new(py, [$((&self.$field).into_bound_py_any(py)?),*])
            }
        }
    };
}

value! {
    /// Where a message landed.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    #[derive(Clone, PartialEq, Eq, Hash)]
    pub struct Delivered {
        /// The conversation that holds the message (possibly new).
        pub conversation: u64,
        /// The message id.
        pub message: u64,
        /// The contact, for customer conversations.
        pub contact: Option<u64>,
    }
}

impl From<core::Delivered> for Delivered {
    fn from(d: core::Delivered) -> Self {
        Delivered { conversation: d.conversation.0, message: d.message.0, contact: d.contact.map(|c| c.0) }
    }
}

value! {
    /// What a command returned (`value`) and the events it caused (`events`, the
    /// typed classes of `frontdesk.events`, each with a `type` discriminator).
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Applied {
        /// The command's result: a new id, a `Delivered`, a chosen user, or None.
        pub value: Py<PyAny>,
        /// The events, in order.
        pub events: Py<PyList>,
    }
}

#[pymethods]
impl Applied {
    /// `Applied[Delivered]` in annotations: the value's type.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        cls.py().import("types")?.getattr("GenericAlias")?.call1((cls, item))
    }
}

impl Applied {
    pub fn new<'py, T: IntoPyObject<'py>>(py: Python<'py>, applied: core::Applied<T>) -> PyResult<Applied> {
        let mut value = pyo3::IntoPyObjectExt::into_py_any(applied.value, py)?;
        // Commands without a result give `()`, which Python should see as None.
        if value.bind(py).cast::<PyTuple>().is_ok_and(|t| t.is_empty()) {
            value = py.None();
        }
        Ok(Applied { value, events: events(py, &applied.events)?.unbind() })
    }
}

value! {
    /// What still needs a human reply.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct ReplyState {
        /// Customer messages nobody (human, or active AI) answered yet.
        pub unreplied: u32,
        /// Customer messages answered only by the AI since the last human reply.
        pub answered_by_ai: u32,
        /// When the oldest unreplied message arrived.
        pub waiting_since: Option<Py<PyAny>>,
        /// When the oldest message answered only by the AI arrived.
        pub ai_waiting_since: Option<Py<PyAny>>,
    }
}

value! {
    /// A manual priority that automation must not lower.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct PriorityPin {
        /// Who set it (None: the system).
        pub by: Option<u64>,
        /// Why, if given.
        pub reason: Option<String>,
        /// When.
        pub at: Py<PyAny>,
    }
}

value! {
    /// A file attached to a message (the host stores the bytes).
    #[pyclass(frozen, get_all, module = "frontdesk")]
    #[derive(Clone, PartialEq)]
    pub struct Attachment {
        /// File name.
        pub name: String,
        /// MIME type.
        pub mime: String,
        /// Size in bytes.
        pub size: u64,
        /// The host's reference to the stored file.
        pub reference: String,
    }
}

#[pymethods]
impl Attachment {
    #[new]
    #[pyo3(signature = (name, mime, size, reference))]
    fn py_new(name: String, mime: String, size: u64, reference: String) -> Attachment {
        Attachment { name, mime, size, reference }
    }
}

impl From<&core::Attachment> for Attachment {
    fn from(a: &core::Attachment) -> Self {
        Attachment {
            name: a.name.clone(),
            mime: a.mime.clone(),
            size: a.size,
            reference: a.reference.clone(),
        }
    }
}

impl From<&Attachment> for core::Attachment {
    fn from(a: &Attachment) -> Self {
        core::Attachment {
            name: a.name.clone(),
            mime: a.mime.clone(),
            size: a.size,
            reference: a.reference.clone(),
        }
    }
}

value! {
    /// One message of a conversation.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Message {
        /// The message id.
        pub id: u64,
        /// When it was sent or received (aware, UTC).
        pub at: Py<PyAny>,
        /// The channel it travelled on.
        pub channel: Py<PyAny>,
        /// Who wrote it: a user id, or "contact", "ai", "auto_responder", "system".
        pub author: Py<PyAny>,
        /// The kind of message.
        pub kind: Py<PyAny>,
        /// The invoice or checkout it carries.
        pub invoice: Option<u64>,
        /// The text.
        pub body: String,
        /// Attachments.
        pub attachments: Py<PyTuple>,
        /// The AI's confidence in this reply, in percent (AI replies only).
        pub ai_confidence: Option<u32>,
        /// Why the AI responded that way (AI replies only).
        pub ai_reasoning: Option<String>,
        /// The customer intent the AI detected (AI replies only).
        pub ai_intent: Option<String>,
    }
}

fn author(py: Python<'_>, a: core::Author) -> PyResult<Py<PyAny>> {
    match a {
        core::Author::User(u) => Ok(u.0.into_pyobject(py)?.into_any().unbind()),
        other => Ok(other.kind().into_pyobject(py)?.into_any().unbind()),
    }
}

impl Message {
    fn new(py: Python<'_>, m: &core::Message) -> PyResult<Message> {
        let (kind, invoice) = match m.kind {
            core::MessageKind::Text => ("text", None),
            core::MessageKind::Note => ("note", None),
            core::MessageKind::Invoice(i) => ("invoice", Some(i.0)),
            core::MessageKind::Checkout(i) => ("checkout", Some(i.0)),
        };
        Ok(Message {
            id: m.id.0,
            at: time(py, m.at)?,
            channel: en(py, "Channel", m.channel.as_str())?,
            author: author(py, m.author)?,
            kind: en(py, "MessageKind", kind)?,
            invoice,
            body: m.body.clone(),
            attachments: tuple(py, m.attachments.iter().map(Attachment::from))?,
            ai_confidence: m.ai_confidence(),
            ai_reasoning: m.ai.as_ref().and_then(|x| x.reasoning.clone()),
            ai_intent: m.ai.as_ref().and_then(|x| x.intent.clone()),
        })
    }
}

value! {
    /// An invoice or checkout inside a conversation.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Invoice {
        /// Its id.
        pub id: u64,
        /// Invoice or checkout.
        pub kind: Py<PyAny>,
        /// Amount in minor units (cents).
        pub amount_minor: i64,
        /// ISO 4217 code.
        pub currency: String,
        /// What it is for.
        pub description: String,
        /// Unpaid, paid or cancelled.
        pub state: Py<PyAny>,
        /// The message that carried it.
        pub message: u64,
        /// When it was sent.
        pub created_at: Py<PyAny>,
    }
}

value! {
    /// A conversation and everything in it, as the viewer may see it.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Conversation {
        /// Its id.
        pub id: u64,
        /// "customer" or "internal".
        pub kind: String,
        /// The contact (customer conversations).
        pub contact: Option<u64>,
        /// The users of an internal chat.
        pub participants: Py<PyTuple>,
        /// How it started.
        pub origin: Py<PyAny>,
        /// The closed conversation it continues.
        pub continued_from: Option<u64>,
        /// Lifecycle status.
        pub status: Py<PyAny>,
        /// Priority.
        pub priority: Py<PyAny>,
        /// Set when a person chose the priority.
        pub priority_pin: Option<Py<PriorityPin>>,
        /// The channel of the latest message.
        pub channel: Py<PyAny>,
        /// Assigned user ids, ascending.
        pub assignees: Py<PyTuple>,
        /// The team it is routed to.
        pub team: Option<u64>,
        /// `"everyone"` or a tuple of user ids.
        pub visibility: Py<PyAny>,
        /// Who answers the customer.
        pub ai_mode: Py<PyAny>,
        /// Tags, sorted, lowercase.
        pub tags: Py<PyTuple>,
        /// Source campaign.
        pub campaign: Option<String>,
        /// When it was created.
        pub created_at: Py<PyAny>,
        /// When anything last happened in it.
        pub updated_at: Py<PyAny>,
        /// When the last message was added.
        pub last_message_at: Option<Py<PyAny>>,
        /// When a message was last exchanged (the "no response" clock).
        pub last_exchange_at: Option<Py<PyAny>>,
        /// When it was last closed.
        pub closed_at: Option<Py<PyAny>>,
        /// What still needs a human reply.
        pub reply: Py<ReplyState>,
        /// Messages, oldest first.
        pub messages: Py<PyTuple>,
        /// Invoices and checkouts.
        pub invoices: Py<PyTuple>,
        /// The conversation summary the host's AI wrote.
        pub summary: Option<String>,
        /// The customer's satisfaction rating, 1 to 5.
        pub satisfaction: Option<u32>,
        /// The customer's comment with their rating.
        pub satisfaction_comment: Option<String>,
    }
}

impl Conversation {
    pub fn new(py: Python<'_>, c: &core::Conversation) -> PyResult<Conversation> {
        let (kind, participants) = match &c.kind {
            core::ConversationKind::Customer { .. } => ("customer", vec![]),
            core::ConversationKind::Internal { participants } => {
                ("internal", participants.iter().map(|u| u.0).collect())
            }
        };
        let origin = c.origin.as_str();
        let pin = match &c.priority_pin {
            None => None,
            Some(p) => Some(Py::new(
                py,
                PriorityPin { by: p.by.map(|u| u.0), reason: p.reason.clone(), at: time(py, p.at)? },
            )?),
        };
        let messages: Vec<Message> =
            c.messages.iter().map(|m| Message::new(py, m)).collect::<PyResult<_>>()?;
        let invoices: Vec<Invoice> = c
            .invoices
            .iter()
            .map(|i| {
                Ok(Invoice {
                    id: i.id.0,
                    kind: en(py, "PaymentKind", i.kind.as_str())?,
                    amount_minor: i.amount_minor,
                    currency: i.currency.clone(),
                    description: i.description.clone(),
                    state: en(py, "PaymentState", i.state.as_str())?,
                    message: i.message.0,
                    created_at: time(py, i.created_at)?,
                })
            })
            .collect::<PyResult<_>>()?;
        Ok(Conversation {
            id: c.id.0,
            kind: kind.to_string(),
            contact: c.contact().map(|x| x.0),
            participants: tuple(py, participants)?,
            origin: en(py, "Origin", origin)?,
            continued_from: c.continued_from.map(|x| x.0),
            status: en(py, "Status", c.status.as_str())?,
            priority: en(py, "Priority", c.priority.as_str())?,
            priority_pin: pin,
            channel: en(py, "Channel", c.channel.as_str())?,
            assignees: tuple(py, c.assignees.iter().map(|u| u.0))?,
            team: c.team.map(|t| t.0),
            visibility: visibility_out(py, &c.visibility)?.unbind(),
            ai_mode: en(py, "AiMode", c.ai_mode.as_str())?,
            tags: tuple(py, c.tags.iter().cloned())?,
            campaign: c.campaign.clone(),
            created_at: time(py, c.created_at)?,
            updated_at: time(py, c.updated_at)?,
            last_message_at: opt_time(py, c.last_message_at)?,
            last_exchange_at: opt_time(py, c.last_exchange_at)?,
            closed_at: opt_time(py, c.closed_at)?,
            reply: Py::new(
                py,
                ReplyState {
                    unreplied: c.reply.unreplied,
                    answered_by_ai: c.reply.answered_by_ai,
                    waiting_since: opt_time(py, c.reply.waiting_since)?,
                    ai_waiting_since: opt_time(py, c.reply.ai_waiting_since)?,
                },
            )?,
            messages: tuple(py, messages)?,
            invoices: tuple(py, invoices)?,
            summary: c.summary.clone(),
            satisfaction: c.satisfaction.as_ref().map(|x| x.rating),
            satisfaction_comment: c.satisfaction.as_ref().and_then(|x| x.comment.clone()),
        })
    }
}

value! {
    /// A customer or lead.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Contact {
        /// Its id.
        pub id: u64,
        /// Name.
        pub name: Option<String>,
        /// Phone number in E.164.
        pub phone: Option<String>,
        /// Email address, lowercase.
        pub email: Option<String>,
        /// Company.
        pub company: Option<String>,
        /// Segment, lowercase.
        pub segment: Option<String>,
        /// Tags, sorted.
        pub tags: Py<PyTuple>,
        /// Notes: dicts with `author`, `at` and `text`.
        pub notes: Py<PyTuple>,
        /// Addresses: `(channel, handle)` pairs.
        pub identities: Py<PyTuple>,
        /// Users assigned to each new inbound conversation of the contact.
        pub routing_assignees: Py<PyTuple>,
        /// Visibility of each new conversation with the contact.
        pub routing_visibility: Py<PyAny>,
        /// The conversation new messages join.
        pub current_conversation: Option<u64>,
        /// When the contact was created.
        pub created_at: Py<PyAny>,
    }
}

value! {
    /// A note about a contact.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct ContactNote {
        /// Who wrote it (None: the system).
        pub author: Option<u64>,
        /// When.
        pub at: Py<PyAny>,
        /// The text.
        pub text: String,
    }
}

impl Contact {
    pub fn new(py: Python<'_>, c: &core::Contact) -> PyResult<Contact> {
        let notes = c
            .notes
            .iter()
            .map(|n| {
                Ok(ContactNote { author: n.author.map(|u| u.0), at: time(py, n.at)?, text: n.text.clone() })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let identities: Vec<Bound<'_, PyTuple>> = c
            .identities
            .iter()
            .map(|i| {
                PyTuple::new(
                    py,
                    [
                        member(py, "Channel", i.channel.as_str())?,
                        i.handle.clone().into_pyobject(py)?.into_any(),
                    ],
                )
            })
            .collect::<PyResult<_>>()?;
        Ok(Contact {
            id: c.id.0,
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            company: c.company.clone(),
            segment: c.segment.clone(),
            tags: tuple(py, c.tags.iter().cloned())?,
            notes: tuple(py, notes)?,
            identities: tuple(py, identities)?,
            routing_assignees: tuple(py, c.routing.assignees.iter().map(|u| u.0))?,
            routing_visibility: visibility_out(py, &c.routing.visibility)?.unbind(),
            current_conversation: c.current_conversation.map(|x| x.0),
            created_at: time(py, c.created_at)?,
        })
    }
}

value! {
    /// A user (admin or agent).
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct User {
        /// Its id.
        pub id: u64,
        /// Display name.
        pub name: String,
        /// Email address.
        pub email: String,
        /// Admin or agent.
        pub role: Py<PyAny>,
        /// Online, away or offline.
        pub availability: Py<PyAny>,
        /// Routing skills.
        pub skills: Py<PyTuple>,
        /// Routing capacity.
        pub capacity: Option<u32>,
        /// Teams the user belongs to.
        pub teams: Py<PyTuple>,
        /// Whether the user was removed.
        pub removed: bool,
    }
}

impl User {
    pub fn new(py: Python<'_>, u: &core::User) -> PyResult<User> {
        Ok(User {
            id: u.id.0,
            name: u.name.clone(),
            email: u.email.clone(),
            role: en(py, "Role", u.role.as_str())?,
            availability: en(py, "Availability", u.availability.as_str())?,
            skills: tuple(py, u.skills.iter().cloned())?,
            capacity: u.capacity,
            teams: tuple(py, u.teams.iter().map(|t| t.0))?,
            removed: u.removed,
        })
    }
}

value! {
    /// A team.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Team {
        /// Its id.
        pub id: u64,
        /// Its name.
        pub name: String,
        /// Member user ids.
        pub members: Py<PyTuple>,
    }
}

impl Team {
    pub fn new(py: Python<'_>, t: &core::Team) -> PyResult<Team> {
        Ok(Team { id: t.id.0, name: t.name.clone(), members: tuple(py, t.members.iter().map(|u| u.0))? })
    }
}

value! {
    /// A conversation's history as exported.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Transcript {
        /// The conversation.
        pub conversation: u64,
        /// Who it is with.
        pub with_: String,
        /// Its status when exported.
        pub status: Py<PyAny>,
        /// Who it is for.
        pub audience: Py<PyAny>,
        /// The entries, oldest first.
        pub entries: Py<PyTuple>,
        /// The AI's summary (team transcripts only).
        pub summary: Option<String>,
        /// The customer's satisfaction rating (team transcripts only).
        pub satisfaction: Option<u32>,
    }
}

value! {
    /// One entry of a transcript.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct TranscriptEntry {
        /// The message.
        pub message: u64,
        /// When.
        pub at: Py<PyAny>,
        /// Channel.
        pub channel: Py<PyAny>,
        /// Who wrote it, as a person reads it.
        pub from_: String,
        /// "message", "note", "invoice" or "checkout".
        pub kind: String,
        /// The text.
        pub body: String,
        /// Attachment names.
        pub attachments: Py<PyTuple>,
        /// The AI's confidence in percent (AI replies, team transcripts only).
        pub ai_confidence: Option<u32>,
        /// Why the AI responded that way (team transcripts only).
        pub ai_reasoning: Option<String>,
        /// The intent the AI detected (team transcripts only).
        pub ai_intent: Option<String>,
    }
}

impl Transcript {
    pub fn new(py: Python<'_>, t: &core::Transcript) -> PyResult<Transcript> {
        let audience = t.audience.as_str();
        let entries: Vec<TranscriptEntry> = t
            .entries
            .iter()
            .map(|e| {
                Ok(TranscriptEntry {
                    message: e.message.0,
                    at: time(py, e.at)?,
                    channel: en(py, "Channel", e.channel.as_str())?,
                    from_: e.from.clone(),
                    kind: e.kind.clone(),
                    body: e.body.clone(),
                    attachments: tuple(py, e.attachments.iter().cloned())?,
                    ai_confidence: e.ai.as_ref().and_then(|x| x.confidence),
                    ai_reasoning: e.ai.as_ref().and_then(|x| x.reasoning.clone()),
                    ai_intent: e.ai.as_ref().and_then(|x| x.intent.clone()),
                })
            })
            .collect::<PyResult<_>>()?;
        Ok(Transcript {
            conversation: t.conversation.0,
            with_: t.with.clone(),
            status: en(py, "Status", t.status.as_str())?,
            audience: en(py, "Audience", audience)?,
            entries: tuple(py, entries)?,
            summary: t.summary.clone(),
            satisfaction: t.satisfaction,
        })
    }
}

value! {
    /// What a bulk action did to one conversation: its events, or the error that
    /// left it unchanged.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct BulkOutcome {
        /// The conversation.
        pub conversation: u64,
        /// The events (None when refused).
        pub events: Option<Py<PyList>>,
        /// The refusal (a FrontdeskError), or None.
        pub error: Option<Py<PyAny>>,
    }
}

impl BulkOutcome {
    pub fn new(py: Python<'_>, o: &core::BulkOutcome) -> PyResult<BulkOutcome> {
        Ok(match &o.result {
            Ok(ev) => BulkOutcome {
                conversation: o.conversation.0,
                events: Some(events(py, ev)?.unbind()),
                error: None,
            },
            Err(e) => BulkOutcome {
                conversation: o.conversation.0,
                events: None,
                error: Some(crate::errors::exception(py, e).into_value(py).into_any()),
            },
        })
    }
}

/// An inbound message for `Workspace.receive_messages` (the batch call).
#[pyclass(frozen, module = "frontdesk")]
pub struct Inbound {
    /// The channel.
    #[pyo3(get)]
    pub channel: Py<PyAny>,
    /// The text.
    #[pyo3(get)]
    pub body: String,
    /// The sender's address on the channel (phone, email, handle) ...
    #[pyo3(get)]
    pub handle: Option<String>,
    /// ... or a known contact id.
    #[pyo3(get)]
    pub contact: Option<u64>,
    /// Attachments.
    #[pyo3(get)]
    pub attachments: Py<PyTuple>,
    /// Source campaign.
    #[pyo3(get)]
    pub campaign: Option<String>,
    pub(crate) core: core::Inbound,
}

#[pymethods]
impl Inbound {
    #[new]
    #[pyo3(signature = (*, channel, body, handle = None, contact = None, attachments = None, campaign = None))]
    fn py_new(
        py: Python<'_>,
        channel: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        handle: Option<&Bound<'_, PyAny>>,
        contact: Option<&Bound<'_, PyAny>>,
        attachments: Option<&Bound<'_, PyAny>>,
        campaign: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Inbound> {
        let core = crate::inbound(channel, body, handle, contact, attachments, campaign)?;
        let atts: Vec<Attachment> = core.attachments.iter().map(Attachment::from).collect();
        let (handle, contact) = match &core.from {
            core::Sender::Address { handle } => (Some(handle.clone()), None),
            core::Sender::Contact { contact } => (None, Some(contact.0)),
        };
        Ok(Inbound {
            channel: en(py, "Channel", core.channel.as_str())?,
            body: core.body.clone(),
            handle,
            contact,
            attachments: tuple(py, atts)?,
            campaign: core.campaign.clone(),
            core,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (names, fields) =
            (["channel", "body", "handle", "contact", "attachments", "campaign"], self.fields(py)?);
        let parts = names.iter().zip(fields.iter()).map(|(n, v)| Ok(format!("{n}={}", v.repr()?)));
        Ok(format!("Inbound({})", parts.collect::<PyResult<Vec<_>>>()?.join(", ")))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<Inbound>() {
            Ok(other) => self.fields(py)?.eq(other.get().fields(py)?),
            Err(_) => Ok(false),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.fields(py)?.hash()
    }

    /// Pickles as a call of `Inbound._rebuild` with the constructor's arguments.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        Ok((py.get_type::<Inbound>().getattr("_rebuild")?, self.fields(py)?))
    }

    #[staticmethod]
    fn _rebuild(
        py: Python<'_>,
        channel: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        handle: Option<&Bound<'_, PyAny>>,
        contact: Option<&Bound<'_, PyAny>>,
        attachments: Option<&Bound<'_, PyAny>>,
        campaign: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Inbound> {
        Inbound::py_new(py, channel, body, handle, contact, attachments, campaign)
    }
}

impl Inbound {
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        (&self.channel, &self.body, &self.handle, &self.contact, &self.attachments, &self.campaign)
            .into_pyobject(py)
    }
}

value! {
    /// One person to tell about one thing, through the channels they chose.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    #[derive(Clone, PartialEq)]
    pub struct Notification {
        /// Who is told (a user id).
        pub recipient: u64,
        /// The alert kind ("assigned_to_you", "new_conversation", ...).
        pub kind: String,
        /// The conversation it concerns.
        pub conversation: u64,
        /// The delivery channels ("in_app", "email", ...), never empty.
        pub channels: Vec<String>,
        /// A short reason, in English.
        pub reason: String,
    }
}

impl From<&core::Presence> for Presence {
    fn from(p: &core::Presence) -> Self {
        Presence { user: p.user.0, typing: p.typing, last_seen: p.last_seen }
    }
}

impl From<&core::Notification> for Notification {
    fn from(n: &core::Notification) -> Self {
        Notification {
            recipient: n.recipient.0,
            kind: n.kind.as_str().to_string(),
            conversation: n.conversation.0,
            channels: n.channels.iter().map(|c| c.as_str().to_string()).collect(),
            reason: n.reason.clone(),
        }
    }
}

value! {
    /// Someone else viewing or typing in a conversation.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    #[derive(Clone, PartialEq)]
    pub struct Presence {
        /// Who (a user id).
        pub user: u64,
        /// Whether they are typing (otherwise viewing).
        pub typing: bool,
        /// Their latest signal.
        pub last_seen: chrono::DateTime<chrono::Utc>,
    }
}

value! {
    /// The customer panel: a contact as the viewer may see it.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct CustomerPanel {
        /// The contact, as the viewer may see it.
        pub contact: Py<Contact>,
        /// How many of the contact's conversations the viewer may see.
        pub total_conversations: u32,
        /// The other conversations the viewer may see, newest first (ids).
        pub related: Py<PyTuple>,
        /// When the earliest conversation the viewer may see began.
        pub first_contact_at: Option<Py<PyAny>>,
        /// The texts of the notes the viewer may see, oldest first.
        pub notes: Py<PyTuple>,
        /// The contact's tags.
        pub tags: Py<PyTuple>,
    }
}

impl CustomerPanel {
    pub fn new(py: Python<'_>, p: &core::CustomerPanel) -> PyResult<CustomerPanel> {
        Ok(CustomerPanel {
            contact: Py::new(py, Contact::new(py, &p.contact)?)?,
            total_conversations: p.total_conversations,
            related: tuple(py, p.related.iter().map(|x| x.conversation.0))?,
            first_contact_at: opt_time(py, p.first_contact_at)?,
            notes: tuple(py, p.notes.iter().map(|n| n.text.clone()))?,
            tags: tuple(py, p.tags.iter().cloned())?,
        })
    }
}

value! {
    /// One conversation of a bulk export: its transcript, or the refusal.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct ExportOutcome {
        /// The conversation.
        pub conversation: u64,
        /// Its transcript (None when refused).
        pub transcript: Option<Py<Transcript>>,
        /// The refusal (a FrontdeskError), or None.
        pub error: Option<Py<PyAny>>,
    }
}

impl ExportOutcome {
    pub fn new(py: Python<'_>, o: &core::ExportOutcome) -> PyResult<ExportOutcome> {
        Ok(match &o.result {
            Ok(t) => ExportOutcome {
                conversation: o.conversation.0,
                transcript: Some(Py::new(py, Transcript::new(py, t)?)?),
                error: None,
            },
            Err(e) => ExportOutcome {
                conversation: o.conversation.0,
                transcript: None,
                error: Some(crate::errors::exception(py, e).into_value(py).into_any()),
            },
        })
    }
}
