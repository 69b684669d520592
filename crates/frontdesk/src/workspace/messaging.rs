//! Messages in and out: inbound routing, replies by people, the AI agent and
//! the auto-responder, private notes and internal chat. Payment requests
//! travel as messages too, but their rules live in payments.rs.

use crate::access::{self, can_see};
use crate::actor::Actor;
use crate::channel::Channel;
use crate::config::ClosedPolicy;
use crate::contact::{Identity, NewContact};
use crate::conversation::{Conversation, ConversationKind, Origin, ReplyState};
use crate::error::{Error, Result};
use crate::event::{Event, StatusCause};
use crate::ids::{ContactId, ConversationId, MessageId, UserId};
use crate::message::{
    AiReply, AiReplySignals, Attachment, Author, Inbound, Invoice, Message, MessageKind, Outbound, Sender,
};
use crate::messaging_types::Delivered;
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::user::User;
use crate::validate;
use crate::visibility::Visibility;
use crate::workspace::{pair, transitions, After, Applied, Workspace};
use chrono::{DateTime, Utc};

/// The conversation a message goes to, decided before anything changes.
pub(crate) enum Target {
    Existing(ConversationId),
    New(Box<Conversation>),
}

impl Workspace {
    /// Delivers a message from a contact. It joins the contact's current
    /// conversation; when that is closed, the workspace's [`ClosedPolicy`]
    /// decides between reopening it and starting a new one. A first message
    /// starts a conversation with the contact's predefined visibility and
    /// assignees. An unknown address creates a contact. Host only.
    pub fn receive_message(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        inbound: Inbound,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        crate::access::require_host(actor, "only the host delivers inbound messages")?;
        self.check_body(&inbound.body, &inbound.attachments)?;
        customer_channel(inbound.channel)?;
        let campaign = validate::optional_name("campaign", inbound.campaign.as_deref())?;
        let mut events = Vec::new();
        let contact_id = match &inbound.from {
            Sender::Contact { contact } => self.contact_record(*contact)?.id,
            Sender::Address { handle } => {
                let key = self.identity_key(inbound.channel, handle)?;
                match self.find_contact(inbound.channel, &key) {
                    Some(id) => id,
                    None => {
                        let id = ContactId(self.contacts.len() as u64 + 1);
                        let new = NewContact {
                            phone: inbound.channel.uses_phone_numbers().then(|| key.clone()),
                            email: (inbound.channel == Channel::Email).then(|| key.clone()),
                            identities: vec![Identity { channel: inbound.channel, handle: key }],
                            ..NewContact::default()
                        };
                        let contact = self.build_contact(id, now, new)?;
                        // Nothing can fail after this point, so creating the contact now keeps the
                        // command atomic.
                        self.add_contact(Actor::System, now, contact.as_new())?;
                        events.push(Event::ContactCreated { contact: id });
                        id
                    }
                }
            }
        };
        let target = match self.current_conversation(contact_id) {
            Some(c) if !c.status.is_closed() || self.config.closed_policy == ClosedPolicy::ReopenOnReply => {
                Target::Existing(c.id)
            }
            current => {
                let continued = current.map(|c| c.id);
                let conv = self.inbound_conversation(contact_id, inbound.channel, now, continued, campaign);
                Target::New(Box::new(conv))
            }
        };
        let draft = Draft {
            author: Author::Contact,
            kind: MessageKind::Text,
            channel: inbound.channel,
            body: inbound.body,
            attachments: inbound.attachments,
            ai: None,
        };
        let delivered = self.deliver(target, draft, now, None, &mut events);
        Ok(self.finish_command(now, actor, After::Nothing, delivered, events))
    }

    /// Starts a new conversation with a contact by sending the first message
    /// ("new chat"). The sender is assigned. The contact's predefined
    /// visibility applies; a sender outside it (and not an admin) is refused.
    /// The new conversation becomes the contact's current one (the one the
    /// customer's next message joins), except when the current one is still
    /// open or pending and hidden from the sender: then the customer's next
    /// message still goes to that conversation, and the sender sees only their
    /// own, so nothing of the hidden conversation reaches them.
    pub fn start_conversation(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        contact: ContactId,
        message: Outbound,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        let user = self.human(actor)?;
        self.contact_record(contact)?;
        let channel = message
            .channel
            .ok_or_else(|| Error::invalid_argument("channel", "a new conversation needs a channel"))?;
        customer_channel(channel)?;
        self.check_body(&message.body, &message.attachments)?;
        let conv = self.outbound_conversation(&user, contact, channel, now, None)?;
        let hidden_current = self
            .current_conversation(contact)
            .filter(|c| !c.status.is_closed() && !can_see(Some(&user), c))
            .map(|c| c.id);
        let warning_body = message.body.contains('@').then(|| message.body.clone());
        let draft = Draft {
            author: Author::User(user.id),
            kind: MessageKind::Text,
            channel,
            body: message.body,
            attachments: message.attachments,
            ai: None,
        };
        let mut events = Vec::new();
        let delivered = self.deliver(Target::New(Box::new(conv)), draft, now, None, &mut events);
        if let Some(current) = hidden_current {
            if let Ok(k) = self.contact_mut(contact) {
                k.current_conversation = Some(current);
            }
        }
        if let Some(body) = warning_body {
            events.extend(self.customer_mention_warning(&delivered, user.id, &body));
        }
        Ok(self.finish_command(now, actor, After::Nothing, delivered, events))
    }

    /// Sends a message written by a human agent. In a customer conversation it
    /// answers every unreplied message; sent to a closed conversation it either
    /// reopens it or starts a new one, as the [`ClosedPolicy`] says. In an
    /// internal chat only participants may write.
    pub fn send_message(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        message: Outbound,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        // Borrowed, not cloned: this is the hot path of every agent reply.
        let user = self.human_ref(actor)?;
        let author = Author::User(user.id);
        let c = self.visible(Some(user), conversation)?;
        self.check_body(&message.body, &message.attachments)?;
        if let ConversationKind::Internal { participants } = &c.kind {
            access::may_write_internal(user, participants)?;
            let draft = Draft {
                author,
                kind: MessageKind::Text,
                channel: Channel::Internal,
                body: message.body,
                attachments: message.attachments,
                ai: None,
            };
            let mut events = Vec::new();
            let d = self.deliver(Target::Existing(conversation), draft, now, None, &mut events);
            return Ok(self.finish_command(now, actor, After::Nothing, d, events));
        }
        let channel = message.channel.unwrap_or(c.channel);
        customer_channel(channel)?;
        let target = self.outbound_target(Some(user), c, channel, now)?;
        let by = user.id;
        let warning_body = message.body.contains('@').then(|| message.body.clone());
        let draft = Draft {
            author,
            kind: MessageKind::Text,
            channel,
            body: message.body,
            attachments: message.attachments,
            ai: None,
        };
        let typing = self.typing_besides(conversation, by, now);
        let mut events = Vec::new();
        let delivered = self.deliver(target, draft, now, None, &mut events);
        if let Some(body) = warning_body {
            events.extend(self.customer_mention_warning(&delivered, by, &body));
        }
        if !typing.is_empty() {
            events.push(Event::ReplyCollision {
                conversation: delivered.conversation,
                message: delivered.message,
                typing,
            });
        }
        Ok(self.finish_command(now, actor, After::Nothing, delivered, events))
    }

    /// Sends the AI agent's reply. Allowed only while the AI handles the
    /// conversation; its reply answers the customer's waiting messages until
    /// the conversation is handed to a human. Host only.
    pub fn send_ai_reply(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        body: &str,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        self.automated(actor, now, conversation, body, Author::Ai, None)
    }

    /// Sends the AI agent's reply with what the host's AI says about it: its
    /// confidence in percent (0 to 100), its reasoning and the intent it
    /// detected, each optional and kept on the message. Otherwise exactly
    /// [`send_ai_reply`](Self::send_ai_reply). Host only.
    pub fn send_ai_reply_with(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        reply: AiReply,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        let signals = clean_signals(reply.signals)?;
        self.automated(actor, now, conversation, &reply.body, Author::Ai, signals)
    }

    /// Sends an automatic response (acknowledgement, out-of-office). It does
    /// not answer anything: the customer's messages stay unreplied. Host only.
    pub fn send_auto_reply(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        body: &str,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        self.automated(actor, now, conversation, body, Author::AutoResponder, None)
    }

    /// Adds a system message (handoff notice, payment confirmation). It
    /// answers nothing and changes no status. Host only.
    pub fn send_system_message(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        body: &str,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        self.automated(actor, now, conversation, body, Author::System, None)
    }

    fn automated(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        body: &str,
        author: Author,
        ai: Option<AiReplySignals>,
    ) -> Result<Applied<Delivered>> {
        crate::access::require_host(actor, "only the host sends automated messages")?;
        let c = self.visible(None, conversation)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind { reason: "internal chats have no customer".into() });
        }
        self.check_body(body, &[])?;
        if author == Author::Ai {
            match c.ai_mode {
                AiMode::Active => {}
                AiMode::Manual => return Err(Error::AiManualOnly { conversation }),
                AiMode::Paused => return Err(Error::AiNotActive { conversation }),
            }
        }
        let channel = c.channel;
        // Automated notices never start conversations; the AI's replies follow the
        // closed-conversation policy like a person's.
        let target = if author == Author::Ai {
            self.outbound_target(None, c, channel, now)?
        } else {
            Target::Existing(conversation)
        };
        let draft = Draft {
            author,
            kind: MessageKind::Text,
            channel,
            body: body.to_string(),
            attachments: vec![],
            ai,
        };
        let mut events = Vec::new();
        let delivered = self.deliver(target, draft, now, None, &mut events);
        Ok(self.finish_command(now, actor, After::Nothing, delivered, events))
    }

    /// Adds a private note: seen by users who can see the conversation, never
    /// by the customer; it answers nothing and changes no status.
    pub fn add_note(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        body: &str,
    ) -> Result<Applied<MessageId>> {
        let now = self.clock(now);
        let user = self.human(actor)?;
        let c = self.visible(Some(&user), conversation)?;
        if body.trim().is_empty() {
            return Err(Error::EmptyName { field: "note".into() });
        }
        self.check_body(body, &[])?;
        let channel = c.channel;
        let draft = Draft {
            author: Author::User(user.id),
            kind: MessageKind::Note,
            channel,
            body: body.to_string(),
            attachments: vec![],
            ai: None,
        };
        let mut events = Vec::new();
        let delivered = self.deliver(Target::Existing(conversation), draft, now, None, &mut events);
        events.extend(self.mention_events(conversation, delivered.message, user.id, body));
        Ok(self.finish_command(now, actor, After::Nothing, delivered.message, events))
    }

    /// Sends an internal message to another user (or to oneself, for notes).
    /// The pair's internal chat is created on first use.
    pub fn send_internal_message(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        to: UserId,
        message: Outbound,
    ) -> Result<Applied<Delivered>> {
        let now = self.clock(now);
        let user = self.human(actor)?;
        self.live_user(to)?;
        self.check_body(&message.body, &message.attachments)?;
        let mut participants = vec![user.id, to];
        participants.sort_unstable();
        participants.dedup();
        let key = pair(&participants);
        let target = match self.lookup.internal_chat.get(&key) {
            Some(id) if self.live(*id).is_some() => Target::Existing(*id),
            _ => {
                let id = self.next_conversation_id();
                let visibility = Visibility::users(participants.iter().copied());
                let conv = blank_conversation(
                    id,
                    ConversationKind::Internal { participants },
                    Origin::Internal,
                    Channel::Internal,
                    now,
                    visibility,
                    AiMode::Manual,
                );
                Target::New(Box::new(conv))
            }
        };
        let draft = Draft {
            author: Author::User(user.id),
            kind: MessageKind::Text,
            channel: Channel::Internal,
            body: message.body,
            attachments: message.attachments,
            ai: None,
        };
        let mut events = Vec::new();
        let delivered = self.deliver(target, draft, now, None, &mut events);
        self.lookup.internal_chat.insert(key, delivered.conversation);
        Ok(self.finish_command(now, actor, After::Nothing, delivered, events))
    }

    // ----- helpers ------------------------------------------------------------

    /// The acting human user (commands only people perform).
    pub(crate) fn human(&self, actor: Actor) -> Result<User> {
        self.human_ref(actor).cloned()
    }

    /// The acting human user, borrowed.
    pub(crate) fn human_ref(&self, actor: Actor) -> Result<&User> {
        match self.acting_user(actor)? {
            Some(u) => Ok(u),
            None => Err(Error::forbidden("this command is performed by a user, not the host")),
        }
    }

    fn check_body(&self, body: &str, attachments: &[Attachment]) -> Result<()> {
        validate::bounded("body", body, self.config.max_message_bytes)?;
        if body.trim().is_empty() && attachments.is_empty() {
            return Err(Error::EmptyName { field: "body".into() });
        }
        if attachments.len() > 100 {
            return Err(Error::invalid_argument("attachments", "at most 100 per message"));
        }
        for a in attachments {
            validate::name("attachment name", &a.name)?;
            validate::bounded("attachment reference", &a.reference, 4096)?;
            validate::bounded("attachment mime", &a.mime, 255)?;
        }
        Ok(())
    }

    fn current_conversation(&self, contact: ContactId) -> Option<&Conversation> {
        let id = self.contact_record(contact).ok()?.current_conversation?;
        self.live(id)
    }

    /// Where an outbound message to `c` goes: `c` itself, or a continuation
    /// when `c` is closed and closed conversations stay closed.
    pub(crate) fn outbound_target(
        &self,
        user: Option<&User>,
        c: &Conversation,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<Target> {
        if !c.status.is_closed() || self.config.closed_policy == ClosedPolicy::ReopenOnReply {
            return Ok(Target::Existing(c.id));
        }
        let contact =
            c.contact().ok_or_else(|| Error::WrongConversationKind { reason: "internal chat".into() })?;
        let conv = match user {
            Some(u) => self.outbound_conversation(u, contact, channel, now, Some(c.id))?,
            None => self.inbound_conversation(contact, channel, now, Some(c.id), c.campaign.clone()),
        };
        Ok(Target::New(Box::new(conv)))
    }

    /// A new conversation for an inbound message: predefined visibility and the
    /// contact's predefined assignees (those still in the workspace).
    fn inbound_conversation(
        &self,
        contact: ContactId,
        channel: Channel,
        now: DateTime<Utc>,
        continued_from: Option<ConversationId>,
        campaign: Option<String>,
    ) -> Conversation {
        let routing = self.contact_record(contact).map(|c| c.routing.clone()).unwrap_or_default();
        let id = self.next_conversation_id();
        let origin = if continued_from.is_some() { Origin::Continued } else { Origin::Inbound };
        let mut conv = blank_conversation(
            id,
            ConversationKind::Customer { contact },
            origin,
            channel,
            now,
            routing.visibility,
            self.config.default_ai_mode,
        );
        conv.continued_from = continued_from;
        conv.campaign = campaign;
        if !self.config.routing.is_empty() {
            // With auto-assignment on, the chain decides (its contact-owner step
            // picks the predefined assignees who are available).
            return conv;
        }
        conv.assignees = routing
            .assignees
            .into_iter()
            .filter(|u| self.live_user(*u).is_ok_and(|user| can_see(Some(user), &conv)))
            .collect();
        conv
    }

    /// A new conversation started by a person: assigned to them, with the
    /// contact's predefined visibility, which must include them.
    fn outbound_conversation(
        &self,
        user: &User,
        contact: ContactId,
        channel: Channel,
        now: DateTime<Utc>,
        continued_from: Option<ConversationId>,
    ) -> Result<Conversation> {
        let routing = self.contact_record(contact)?.routing.clone();
        let id = self.next_conversation_id();
        let origin = if continued_from.is_some() { Origin::Continued } else { Origin::Outbound };
        // A person started it: the AI should not jump in unless resumed.
        let ai_mode = match self.config.default_ai_mode {
            AiMode::Active => AiMode::Paused,
            other => other,
        };
        let mut conv = blank_conversation(
            id,
            ConversationKind::Customer { contact },
            origin,
            channel,
            now,
            routing.visibility,
            ai_mode,
        );
        if !can_see(Some(user), &conv) {
            return Err(Error::forbidden("this contact's conversations are restricted to other users"));
        }
        conv.continued_from = continued_from;
        conv.assignees = vec![user.id];
        Ok(conv)
    }

    /// Appends a message to its target and applies everything it implies:
    /// status, unreplied counters, the contact's current conversation, events.
    /// Infallible: callers have validated.
    pub(crate) fn deliver(
        &mut self,
        target: Target,
        draft: Draft,
        now: DateTime<Utc>,
        invoice: Option<Invoice>,
        events: &mut Vec<Event>,
    ) -> Delivered {
        let message_id = MessageId(self.next_message);
        self.next_message += 1;
        let (conversation, created) = match target {
            Target::Existing(id) => (id, false),
            Target::New(conv) => {
                let conv = *conv;
                let id = conv.id;
                events.push(Event::ConversationCreated {
                    conversation: id,
                    contact: conv.contact(),
                    channel: conv.channel,
                    origin: conv.origin,
                    continued_from: conv.continued_from,
                });
                for user in &conv.assignees {
                    events.push(Event::Assigned { conversation: id, user: *user, by: None, note: None });
                }
                if let Some(contact) = conv.contact() {
                    if let Ok(c) = self.contact_mut(contact) {
                        c.current_conversation = Some(id);
                    }
                }
                self.insert_conversation(conv);
                (id, true)
            }
        };
        let policy = self.config.closed_policy;
        let author = draft.author;
        let kind = draft.kind;
        let channel = draft.channel;
        let message = Message {
            id: message_id,
            at: now,
            channel,
            author,
            kind,
            body: draft.body.into_boxed_str(),
            attachments: draft.attachments.into(),
            ai: draft.ai.map(Box::new),
        };
        let outcome = self.append_message(conversation, message, |c, message| {
            if let Some(mut record) = invoice {
                record.message = message_id;
                c.invoices.push(record);
            }
            (apply_message(c, message, policy), c.contact())
        });
        if let Author::User(user) = author {
            // Writing in a conversation reads it (docs/semantics.md, "Unread").
            self.read_on_write(conversation, user);
        }
        let contact = outcome.as_ref().and_then(|(_, contact)| *contact);
        if let Some((Some((from, to)), _)) = outcome {
            events.push(Event::StatusChanged { conversation, from, to, cause: StatusCause::Message });
        }
        match (author, kind) {
            (Author::Contact, _) => {
                events.push(Event::MessageReceived { conversation, message: message_id, channel })
            }
            (Author::User(user), MessageKind::Note) => {
                events.push(Event::NoteAdded { conversation, message: message_id, author: user })
            }
            _ => events.push(Event::MessageSent { conversation, message: message_id, channel, author }),
        }
        if author == Author::Contact {
            self.auto_prioritize(conversation, now, None, None, None, events);
        }
        // New conversations are routed; so is one that was waiting for an agent,
        // was closed, and has just been reopened by this message.
        let waiting =
            self.live(conversation).is_some_and(|c| c.awaiting_assignment && c.assignees.is_empty());
        if created || waiting {
            self.route(conversation, now, false, None, events);
        }
        Delivered { conversation, message: message_id, contact }
    }
}

/// A message about to be delivered.
pub(crate) struct Draft {
    pub(crate) author: Author,
    pub(crate) kind: MessageKind,
    pub(crate) channel: Channel,
    pub(crate) body: String,
    pub(crate) attachments: Vec<Attachment>,
    pub(crate) ai: Option<AiReplySignals>,
}

/// The AI signals as kept: confidence a percentage, reasoning and intent
/// trimmed (empty means absent); nothing supplied keeps nothing.
fn clean_signals(signals: AiReplySignals) -> Result<Option<AiReplySignals>> {
    if let Some(c) = signals.confidence {
        if c > 100 {
            return Err(Error::invalid_argument(
                "confidence",
                format!("{c} is not a percentage from 0 to 100"),
            ));
        }
    }
    let cleaned = AiReplySignals {
        confidence: signals.confidence,
        reasoning: validate::note("reasoning", signals.reasoning.as_deref())?,
        intent: validate::optional_name("intent", signals.intent.as_deref())?,
    };
    Ok((!cleaned.is_empty()).then_some(cleaned))
}

/// The status and unreplied consequences of one message. Returns the status
/// change, if any.
fn apply_message(c: &mut Conversation, m: &Message, policy: ClosedPolicy) -> Option<(Status, Status)> {
    c.updated_at = m.at;
    c.last_message_at = Some(m.at);
    if m.kind == MessageKind::Note {
        return None;
    }
    c.channel = m.channel;
    if c.is_internal() {
        return None;
    }
    let exchange = matches!(m.author, Author::Contact | Author::User(_) | Author::Ai);
    if !exchange {
        return None;
    }
    c.last_exchange_at = Some(m.at);
    let r = &mut c.reply;
    match m.author {
        Author::Contact => {
            r.unreplied = r.unreplied.saturating_add(1);
            r.waiting_since.get_or_insert(m.at);
        }
        Author::User(_) => *r = ReplyState::default(),
        Author::Ai => {
            r.answered_by_ai = r.answered_by_ai.saturating_add(r.unreplied);
            r.unreplied = 0;
            r.ai_waiting_since = earliest(r.ai_waiting_since, r.waiting_since.take());
        }
        Author::AutoResponder | Author::System => {}
    }
    let from = c.status;
    let to = transitions::after_message(from, policy);
    if to == from {
        return None;
    }
    transitions::enter(c, to, m.at, StatusCause::Message);
    Some((from, to))
}

/// Moves the AI-answered messages back to unreplied: the AI stopped handling
/// the conversation, so they wait for a human.
pub(crate) fn hand_over_to_humans(r: &mut ReplyState) {
    r.unreplied = r.unreplied.saturating_add(r.answered_by_ai);
    r.answered_by_ai = 0;
    r.waiting_since = earliest(r.waiting_since, r.ai_waiting_since.take());
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn customer_channel(channel: Channel) -> Result<()> {
    if channel == Channel::Internal {
        return Err(Error::invalid_argument("channel", "internal is for chats between users"));
    }
    Ok(())
}

pub(crate) fn blank_conversation(
    id: ConversationId,
    kind: ConversationKind,
    origin: Origin,
    channel: Channel,
    now: DateTime<Utc>,
    visibility: Visibility,
    ai_mode: AiMode,
) -> Conversation {
    Conversation {
        id,
        kind,
        origin,
        continued_from: None,
        status: Status::Open,
        priority: Priority::Normal,
        priority_pin: None,
        channel,
        assignees: Vec::new(),
        team: None,
        visibility,
        ai_mode,
        tags: Vec::new(),
        campaign: None,
        created_at: now,
        updated_at: now,
        last_message_at: None,
        last_exchange_at: None,
        closed_at: None,
        reply: ReplyState::default(),
        messages: Vec::new(),
        invoices: Vec::new(),
        required_skills: Vec::new(),
        awaiting_assignment: false,
        sla_warned: None,
        pending_alerted: None,
        summary: None,
        satisfaction: None,
    }
}
