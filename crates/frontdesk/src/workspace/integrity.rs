//! Integrity of a snapshot: every invariant the commands keep, checked on
//! load so that a hand-edited, truncated or corrupted snapshot is refused with
//! `invalid_snapshot` and a reason naming the entity and field, instead of
//! loading into a workspace whose commands and indexes would misbehave.
//!
//! The rules are exactly what commands produce; nothing a sequence of
//! successful commands can reach is refused (the state-machine property test
//! round-trips every random sequence through JSON). In particular timestamps
//! are not compared with each other: `now` is the host's argument and the
//! commands accept it going backwards, so no ordering of times is an
//! invariant. Message ids, which the workspace assigns, are.

use crate::channel::Channel;
use crate::conversation::{Conversation, ConversationKind, Origin};
use crate::error::{Error, Result};
use crate::ids::{ConversationId, InvoiceId, MessageId, UserId};
use crate::message::{Author, MessageKind, PaymentKind};
use crate::routing_types::RoutingStrategy;
use crate::snapshot_types::Snapshot;
use crate::status::{AiMode, Status};
use crate::user::{Availability, Role, User};
use crate::visibility::Visibility;
use std::collections::{BTreeMap, HashMap, HashSet};

type Check = std::result::Result<(), String>;

/// Checks every invariant of `s`; the error names what is wrong.
pub(crate) fn check(s: &Snapshot) -> Result<()> {
    Checker { s, live: HashMap::new() }.run().map_err(|reason| Error::InvalidSnapshot { reason })
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

struct Checker<'a> {
    s: &'a Snapshot,
    /// Live conversations by id (filled by `conversation_ids`).
    live: HashMap<ConversationId, &'a Conversation>,
}

impl<'a> Checker<'a> {
    fn run(mut self) -> Check {
        self.config()?;
        self.users()?;
        self.teams()?;
        self.conversation_ids()?;
        self.contacts()?;
        self.conversations()?;
        self.deleted()?;
        self.round_robin()?;
        self.read_markers()
    }

    fn user(&self, id: UserId) -> Option<&'a User> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.s.users.get(index)
    }

    fn user_exists(&self, id: UserId, what: impl FnOnce() -> String) -> Check {
        ensure!(self.user(id).is_some(), "{}: user {id} does not exist", what());
        Ok(())
    }

    fn team_exists(&self, id: crate::ids::TeamId, what: impl FnOnce() -> String) -> Check {
        let ok =
            usize::try_from(id.0).ok().and_then(|i| i.checked_sub(1)).is_some_and(|i| i < self.s.teams.len());
        ensure!(ok, "{}: team {id} does not exist", what());
        Ok(())
    }

    /// A visibility list as `checked_visibility` leaves it: known users,
    /// sorted without duplicates, at least one.
    fn visibility(&self, v: &Visibility, what: &str) -> Check {
        if let Visibility::Users(list) = v {
            ensure!(!list.is_empty(), "{what} visibility: a restricted list names nobody");
            strictly_sorted(list, || format!("{what} visibility"))?;
            for u in list {
                self.user_exists(*u, || format!("{what} visibility"))?;
            }
        }
        Ok(())
    }

    fn config(&self) -> Check {
        let config = &self.s.config;
        config.validate().map_err(|e| format!("config: {e}"))?;
        config.priority_rules.compile().map_err(|e| format!("config priority_rules: {e}"))?;
        chain(&config.routing, "config routing")
    }

    fn users(&self) -> Check {
        let mut emails: HashMap<String, UserId> = HashMap::new();
        for (i, u) in self.s.users.iter().enumerate() {
            ensure!(
                u.id.0 == i as u64 + 1,
                "users[{i}] has id {}; user ids must be #1, #2, #3, ... in order",
                u.id
            );
            ensure!(
                crate::validate::email(&u.email).ok().as_deref() == Some(u.email.as_str()),
                "user {} email {:?} is not a lowercase address",
                u.id,
                u.email
            );
            if let Some(other) = emails.insert(u.email.to_lowercase(), u.id) {
                return Err(format!("user {} email {:?} is also user {other}'s", u.id, u.email));
            }
            strictly_sorted(&u.skills, || format!("user {} skills", u.id))?;
            strictly_sorted(&u.teams, || format!("user {} teams", u.id))?;
            for t in &u.teams {
                self.team_exists(*t, || format!("user {} teams", u.id))?;
            }
            if u.removed {
                ensure!(u.teams.is_empty(), "user {} teams: a removed user belongs to no team", u.id);
                ensure!(
                    u.availability == Availability::Offline,
                    "user {} availability: a removed user is offline",
                    u.id
                );
            }
        }
        Ok(())
    }

    fn teams(&self) -> Check {
        let mut names: HashMap<String, crate::ids::TeamId> = HashMap::new();
        for (i, t) in self.s.teams.iter().enumerate() {
            ensure!(
                t.id.0 == i as u64 + 1,
                "teams[{i}] has id {}; team ids must be #1, #2, #3, ... in order",
                t.id
            );
            if let Some(other) = names.insert(t.name.to_lowercase(), t.id) {
                return Err(format!("team {} name {:?} is also team {other}'s", t.id, t.name));
            }
            strictly_sorted(&t.members, || format!("team {} members", t.id))?;
            for m in &t.members {
                let user =
                    self.user(*m).ok_or_else(|| format!("team {} members: user {m} does not exist", t.id))?;
                ensure!(!user.removed, "team {} members: user {m} was removed", t.id);
                ensure!(
                    user.teams.contains(&t.id),
                    "team {} members: user {m} is a member but user {m} teams does not list the team",
                    t.id
                );
            }
            if let Some(routing) = &t.routing {
                chain(routing, &format!("team {} routing", t.id))?;
            }
        }
        for u in &self.s.users {
            for t in &u.teams {
                let listed = self.s.teams.iter().any(|team| team.id == *t && team.members.contains(&u.id));
                ensure!(listed, "user {} teams: lists team {t}, whose members do not include the user", u.id);
            }
        }
        Ok(())
    }

    /// Conversation ids: each below `next_conversation`, listed once, live or
    /// deleted but not both, and every id below the counter accounted for.
    fn conversation_ids(&mut self) -> Check {
        let next = self.s.next_conversation;
        ensure!(next >= 1, "next_conversation is 0; conversation ids start at #1");
        for c in &self.s.conversations {
            ensure!(
                c.id.0 >= 1 && c.id.0 < next,
                "conversation {}: id is not below next_conversation {next}",
                c.id
            );
            ensure!(self.live.insert(c.id, c).is_none(), "conversation {} is listed twice", c.id);
            ensure!(!self.s.deleted.contains_key(&c.id), "conversation {} is both live and deleted", c.id);
        }
        for id in self.s.deleted.keys() {
            ensure!(
                id.0 >= 1 && id.0 < next,
                "deleted conversation {id}: id is not below next_conversation {next}"
            );
        }
        let known = self.live.len() as u64 + self.s.deleted.len() as u64;
        if known != next - 1 {
            // Ids are distinct and in range, so one of the first `known + 1` is missing.
            let missing = (1..=known + 1)
                .map(ConversationId)
                .find(|id| !self.live.contains_key(id) && !self.s.deleted.contains_key(id))
                .unwrap_or(ConversationId(next));
            return Err(format!(
                "conversation {missing} is neither live nor deleted, but next_conversation is {next}"
            ));
        }
        Ok(())
    }

    fn contacts(&self) -> Check {
        let mut phones: HashMap<&str, crate::ids::ContactId> = HashMap::new();
        let mut emails: HashMap<&str, crate::ids::ContactId> = HashMap::new();
        let mut identities: HashMap<(Channel, &str), crate::ids::ContactId> = HashMap::new();
        for (i, c) in self.s.contacts.iter().enumerate() {
            let id = c.id;
            ensure!(
                id.0 == i as u64 + 1,
                "contacts[{i}] has id {id}; contact ids must be #1, #2, #3, ... in order"
            );
            if let Some(p) = &c.phone {
                ensure!(is_e164(p), "contact {id} phone {p:?} is not in E.164");
                if let Some(other) = phones.insert(p, id) {
                    return Err(format!("contact {id} phone {p:?} is also contact {other}'s"));
                }
            }
            if let Some(e) = &c.email {
                ensure!(
                    crate::validate::email(e).ok().as_deref() == Some(&**e),
                    "contact {id} email {e:?} is not a lowercase address"
                );
                if let Some(other) = emails.insert(e, id) {
                    return Err(format!("contact {id} email {e:?} is also contact {other}'s"));
                }
            }
            for identity in &c.identities {
                let handle = identity.handle.as_str();
                let normal = if identity.channel.uses_phone_numbers() {
                    Some(handle.to_string()).filter(|h| is_e164(h))
                } else if identity.channel == Channel::Email {
                    crate::validate::email(handle).ok()
                } else {
                    Some(handle.trim().to_string()).filter(|h| !h.is_empty())
                };
                ensure!(
                    normal.as_deref() == Some(handle),
                    "contact {id} identities: {} handle {handle:?} is not normalized",
                    identity.channel
                );
                match identities.insert((identity.channel, handle), id) {
                    Some(other) if other == id => {
                        return Err(format!(
                            "contact {id} identities: {} {handle:?} is listed twice",
                            identity.channel
                        ))
                    }
                    Some(other) => {
                        return Err(format!(
                            "contact {id} identities: {} {handle:?} is also contact {other}'s",
                            identity.channel
                        ))
                    }
                    None => {}
                }
            }
            for (n, note) in c.notes.iter().enumerate() {
                if let Some(author) = note.author {
                    self.user_exists(author, || format!("contact {id} notes[{n}] author"))?;
                }
            }
            let routing = &c.routing;
            self.visibility(&routing.visibility, &format!("contact {id} routing"))?;
            strictly_sorted(&routing.assignees, || format!("contact {id} routing assignees"))?;
            for a in &routing.assignees {
                let user = self
                    .user(*a)
                    .ok_or_else(|| format!("contact {id} routing assignees: user {a} does not exist"))?;
                ensure!(
                    user.role == Role::Admin || routing.visibility.includes(*a),
                    "contact {id} routing assignees: user {a} is not in the routing visibility list and is not an admin"
                );
            }
            if let Some(current) = c.current_conversation {
                let conv = self.live.get(&current).ok_or_else(|| {
                    format!("contact {id} current_conversation: conversation {current} is not a live conversation")
                })?;
                ensure!(
                    conv.contact() == Some(id),
                    "contact {id} current_conversation: conversation {current} belongs to {}",
                    match conv.contact() {
                        Some(other) => format!("contact {other}"),
                        None => "no contact (an internal chat)".to_string(),
                    }
                );
            }
        }
        Ok(())
    }

    fn conversations(&self) -> Check {
        let mut message_ids: HashSet<MessageId> = HashSet::new();
        let mut invoice_ids: HashMap<InvoiceId, ConversationId> = HashMap::new();
        let mut chats: HashMap<(UserId, UserId), ConversationId> = HashMap::new();
        let mut convs: Vec<&Conversation> = self.s.conversations.iter().collect();
        convs.sort_unstable_by_key(|c| c.id);
        for c in convs {
            self.conversation(c, &mut message_ids, &mut invoice_ids)?;
            if let ConversationKind::Internal { participants } = &c.kind {
                let pair = crate::workspace::pair(participants);
                if let Some(other) = chats.insert(pair, c.id) {
                    return Err(format!(
                        "conversation {} kind: the internal chat between user {} and user {} is also conversation {other}",
                        c.id, pair.0, pair.1
                    ));
                }
            }
        }
        Ok(())
    }

    fn conversation(
        &self,
        c: &Conversation,
        message_ids: &mut HashSet<MessageId>,
        invoice_ids: &mut HashMap<InvoiceId, ConversationId>,
    ) -> Check {
        let id = c.id;
        let what = format!("conversation {id}");
        // Who and what it is.
        match &c.kind {
            ConversationKind::Customer { contact } => {
                let known = usize::try_from(contact.0)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .is_some_and(|i| i < self.s.contacts.len());
                ensure!(known, "{what} contact: contact {contact} does not exist");
                ensure!(
                    c.origin != Origin::Internal,
                    "{what} origin: a customer conversation is not internal"
                );
                ensure!(
                    c.channel != Channel::Internal,
                    "{what} channel: a customer conversation is not internal"
                );
            }
            ConversationKind::Internal { participants } => {
                ensure!(
                    (1..=2).contains(&participants.len()),
                    "{what} participants: an internal chat has one or two participants, not {}",
                    participants.len()
                );
                strictly_sorted(participants, || format!("{what} participants"))?;
                for p in participants {
                    self.user_exists(*p, || format!("{what} participants"))?;
                }
                ensure!(c.origin == Origin::Internal, "{what} origin: an internal chat has origin internal");
                ensure!(
                    c.channel == Channel::Internal,
                    "{what} channel: an internal chat is on the internal channel"
                );
                ensure!(
                    c.visibility == Visibility::Users(participants.clone()),
                    "{what} visibility: an internal chat is visible to its participants only"
                );
                ensure!(c.assignees.is_empty(), "{what} assignees: internal chats are not assigned");
                ensure!(c.team.is_none(), "{what} team: internal chats are not routed to teams");
                ensure!(c.invoices.is_empty(), "{what} invoices: internal chats hold no invoices");
                ensure!(c.ai_mode == AiMode::Manual, "{what} ai_mode: internal chats are manual");
                ensure!(
                    c.status == Status::Open,
                    "{what} status: internal chats have no status workflow (open)"
                );
                ensure!(!c.awaiting_assignment, "{what} awaiting_assignment: internal chats are not routed");
                ensure!(c.reply == Default::default(), "{what} reply: internal chats have nothing unreplied");
                ensure!(c.tags.is_empty(), "{what} tags: internal chats are not tagged");
            }
        }
        match (c.origin, c.continued_from) {
            (Origin::Continued, None) => {
                return Err(format!(
                    "{what} continued_from: a continued conversation names the one it continues"
                ))
            }
            (Origin::Continued, Some(from)) => {
                ensure!(from < id, "{what} continued_from: conversation {from} is not older");
                match self.live.get(&from) {
                    Some(prev) => ensure!(
                        prev.contact().is_some() && prev.contact() == c.contact(),
                        "{what} continued_from: conversation {from} is with another contact"
                    ),
                    None => ensure!(
                        self.s.deleted.contains_key(&from),
                        "{what} continued_from: conversation {from} does not exist"
                    ),
                }
            }
            (_, Some(from)) => {
                return Err(format!(
                "{what} continued_from: conversation {from} is named but the origin is {:?}, not continued",
                c.origin
            ))
            }
            (_, None) => {}
        }
        // Who may see it and who handles it.
        self.visibility(&c.visibility, &what)?;
        strictly_sorted(&c.assignees, || format!("{what} assignees"))?;
        for a in &c.assignees {
            let user = self.user(*a).ok_or_else(|| format!("{what} assignees: user {a} does not exist"))?;
            ensure!(!user.removed, "{what} assignees: user {a} was removed");
            ensure!(
                user.role == Role::Admin || c.visibility.includes(*a),
                "{what} assignees: user {a} cannot see the conversation (not in its visibility list, not an admin)"
            );
        }
        ensure!(
            !c.awaiting_assignment || c.assignees.is_empty(),
            "{what} awaiting_assignment: an assigned conversation is not waiting for assignment"
        );
        if let Some(team) = c.team {
            self.team_exists(team, || format!("{what} team"))?;
        }
        if let Some(pin) = &c.priority_pin {
            if let Some(by) = pin.by {
                self.user_exists(by, || format!("{what} priority_pin by"))?;
            }
        }
        strictly_sorted(&c.tags, || format!("{what} tags"))?;
        strictly_sorted(&c.required_skills, || format!("{what} required_skills"))?;
        // Status.
        ensure!(
            c.closed_at.is_some() == c.status.is_closed(),
            "{what} closed_at: {} for a {} conversation",
            if c.closed_at.is_some() { "set" } else { "missing" },
            c.status
        );
        if c.status.is_closed() {
            let unpaid = c.outstanding_invoices();
            if let Some(first) = unpaid.first() {
                return Err(format!("{what} status: {} with unpaid invoice {first}", c.status));
            }
        }
        let r = &c.reply;
        ensure!(
            (r.unreplied > 0) == r.waiting_since.is_some(),
            "{what} reply: unreplied is {} but waiting_since is {}",
            r.unreplied,
            if r.waiting_since.is_some() { "set" } else { "missing" }
        );
        ensure!(
            (r.answered_by_ai > 0) == r.ai_waiting_since.is_some(),
            "{what} reply: answered_by_ai is {} but ai_waiting_since is {}",
            r.answered_by_ai,
            if r.ai_waiting_since.is_some() { "set" } else { "missing" }
        );
        // Invoices.
        for i in &c.invoices {
            let iid = i.id;
            ensure!(
                iid.0 < self.s.next_invoice,
                "{what} invoice {iid}: id is not below next_invoice {}",
                self.s.next_invoice
            );
            if let Some(other) = invoice_ids.insert(iid, id) {
                return Err(format!("{what} invoice {iid}: id is used twice (also in conversation {other})"));
            }
            let carried = c.messages.iter().find(|m| m.id == i.message).map(|m| m.kind);
            let expected = match i.kind {
                PaymentKind::Invoice => MessageKind::Invoice(iid),
                PaymentKind::Checkout => MessageKind::Checkout(iid),
            };
            ensure!(
                carried == Some(expected),
                "{what} invoice {iid} message: message {} of this conversation does not carry it",
                i.message
            );
            ensure!(i.amount_minor > 0, "{what} invoice {iid} amount_minor: must be positive");
            ensure!(
                i.currency.len() == 3 && i.currency.bytes().all(|b| b.is_ascii_uppercase()),
                "{what} invoice {iid} currency: {:?} is not an ISO 4217 code",
                i.currency
            );
        }
        // Messages.
        ensure!(!c.messages.is_empty(), "{what} messages: a conversation starts with a message");
        let mut previous: Option<MessageId> = None;
        for m in &c.messages {
            let mid = m.id;
            ensure!(
                mid.0 < self.s.next_message,
                "{what} message {mid}: id is not below next_message {}",
                self.s.next_message
            );
            if let Some(p) = previous {
                ensure!(mid > p, "{what} message {mid}: ids must increase, but it follows message {p}");
            }
            previous = Some(mid);
            ensure!(message_ids.insert(mid), "{what} message {mid}: id is used by another message");
            if let Author::User(u) = m.author {
                self.user_exists(u, || format!("{what} message {mid} author"))?;
            }
            if c.is_internal() {
                ensure!(
                    m.author.user().is_some(),
                    "{what} message {mid} author: only users write in an internal chat"
                );
                ensure!(
                    m.channel == Channel::Internal,
                    "{what} message {mid} channel: internal chats use the internal channel"
                );
            } else {
                ensure!(
                    m.channel != Channel::Internal,
                    "{what} message {mid} channel: internal is for chats between users"
                );
            }
            if let Some(ai) = &m.ai {
                ensure!(m.author == Author::Ai, "{what} message {mid} ai: only AI replies carry AI signals");
                ensure!(
                    ai.confidence.is_none_or(|p| p <= 100),
                    "{what} message {mid} ai confidence: not a percentage from 0 to 100"
                );
            }
            match m.kind {
                MessageKind::Text => {}
                MessageKind::Note => {
                    ensure!(
                        m.author.user().is_some(),
                        "{what} message {mid} author: notes are written by users"
                    );
                }
                MessageKind::Invoice(inv) | MessageKind::Checkout(inv) => {
                    ensure!(
                        m.author.user().is_some(),
                        "{what} message {mid} author: invoices are sent by users"
                    );
                    let kind = if matches!(m.kind, MessageKind::Invoice(_)) {
                        PaymentKind::Invoice
                    } else {
                        PaymentKind::Checkout
                    };
                    ensure!(
                        c.invoices.iter().any(|i| i.id == inv && i.kind == kind && i.message == mid),
                        "{what} message {mid} kind: {} {inv} is not one of this conversation's, sent by this message",
                        if kind == PaymentKind::Invoice { "invoice" } else { "checkout" }
                    );
                }
            }
        }
        let last = c.messages.last().map(|m| m.at);
        ensure!(c.last_message_at == last, "{what} last_message_at: not the time of the last message");
        if let Some(sat) = &c.satisfaction {
            ensure!(
                crate::workspace::signals::RATINGS.contains(&sat.rating),
                "{what} satisfaction: rating {} is not from 1 to 5",
                sat.rating
            );
            ensure!(!c.is_internal(), "{what} satisfaction: internal chats have no customer");
        }
        ensure!(c.summary.is_none() || !c.is_internal(), "{what} summary: internal chats have no summary");
        Ok(())
    }

    fn deleted(&self) -> Check {
        for (id, visibility) in &self.s.deleted {
            self.visibility(visibility, &format!("deleted conversation {id}"))?;
        }
        Ok(())
    }

    fn round_robin(&self) -> Check {
        for (team, user) in &self.s.round_robin {
            if *team != 0 {
                self.team_exists(crate::ids::TeamId(*team), || format!("round_robin key {team}"))?;
            }
            self.user_exists(*user, || format!("round_robin for team key {team}"))?;
        }
        Ok(())
    }

    fn read_markers(&self) -> Check {
        let mut seen: BTreeMap<(ConversationId, UserId), ()> = BTreeMap::new();
        for m in &self.s.read_markers {
            let what = format!("read marker of user {} on conversation {}", m.user, m.conversation);
            let c = self.live.get(&m.conversation).ok_or_else(|| {
                format!("{what}: conversation {} is not a live conversation", m.conversation)
            })?;
            self.user_exists(m.user, || what.clone())?;
            ensure!(
                usize::try_from(m.read).is_ok_and(|r| r <= c.messages.len()),
                "{what}: read {} is beyond the {} messages of the conversation",
                m.read,
                c.messages.len()
            );
            ensure!(seen.insert((m.conversation, m.user), ()).is_none(), "{what}: listed twice");
        }
        Ok(())
    }
}

/// Sorted without duplicates (lists the commands keep so and search by bisection).
fn strictly_sorted<T: Ord + std::fmt::Debug>(list: &[T], what: impl FnOnce() -> String) -> Check {
    match list.windows(2).find(|w| w[0] >= w[1]) {
        Some(w) => Err(format!(
            "{}: must be sorted without duplicates, but {:?} comes before {:?}",
            what(),
            w[0],
            w[1]
        )),
        None => Ok(()),
    }
}

/// An auto-assignment chain names each step at most once.
fn chain(steps: &[RoutingStrategy], what: &str) -> Check {
    for (i, s) in steps.iter().enumerate() {
        ensure!(!steps[..i].contains(s), "{what}: {} appears twice in the chain", s.as_str());
    }
    Ok(())
}

/// The promises of loading, shared by the `snapshot_load` fuzz target and its
/// corpus replay test: `data` as JSON, and a valid snapshot mutated as `data`
/// directs, either load or are refused with `invalid_snapshot` (or
/// `unsupported_snapshot`), never panic; what loads has consistent derived
/// state, round-trips through JSON, and survives a `tick`.
#[doc(hidden)]
pub fn check_load(data: &[u8]) -> std::result::Result<(), String> {
    check_json(&String::from_utf8_lossy(data))?;
    let mut value = base_snapshot().clone();
    mutate(&mut value, data);
    check_json(&value.to_string())
}

fn check_json(json: &str) -> std::result::Result<(), String> {
    let ws = match crate::Workspace::from_json(json) {
        Ok(ws) => ws,
        Err(e) if matches!(e.code(), "invalid_snapshot" | "unsupported_snapshot") => return Ok(()),
        Err(e) => return Err(format!("loading failed with {} instead of invalid_snapshot: {e}", e.code())),
    };
    if !ws.derived_state_is_consistent() {
        return Err("a loaded workspace has derived state that differs from a rebuild".into());
    }
    let again = ws.to_json().map_err(|e| format!("to_json failed on a loaded workspace: {e}"))?;
    let mut restored = crate::Workspace::from_json(&again)
        .map_err(|e| format!("a loaded workspace does not reload: {e}"))?;
    if restored.snapshot() != ws.snapshot() {
        return Err("a loaded workspace does not round-trip through JSON".into());
    }
    if let Some(due) = restored.next_due() {
        restored.tick(due);
        if !restored.derived_state_is_consistent() {
            return Err("tick on a loaded workspace left inconsistent derived state".into());
        }
    }
    Ok(())
}

/// A valid snapshot touching most references, built with commands.
fn base_snapshot() -> &'static serde_json::Value {
    static BASE: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let text = seed_snapshots().into_iter().last().unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    })
}

/// Valid snapshots as JSON, from small to rich: the fuzz seed corpus.
#[doc(hidden)]
pub fn seed_snapshots() -> Vec<String> {
    use crate::*;
    let at = |m: i64| chrono::DateTime::from_timestamp(1_772_442_000 + m * 60, 0).unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |ws: &Workspace| out.extend(ws.to_json().ok());
    let Ok(mut ws) = Workspace::new(WorkspaceConfig::reopen_on_reply()) else { return out };
    push(&ws);
    let sys = Actor::System;
    let steps = |ws: &mut Workspace| -> Result<()> {
        let admin = ws.add_user(sys, at(0), NewUser::new("Grace", "grace@acme.com", Role::Admin))?.value;
        let ana = ws
            .add_user(
                sys,
                at(0),
                NewUser::new("Ana", "ana@acme.com", Role::Agent).availability(Availability::Online),
            )?
            .value;
        let ben = ws.add_user(sys, at(0), NewUser::new("Ben", "ben@acme.com", Role::Agent))?.value;
        let alice = ws.add_contact(sys, at(1), NewContact::named("Alice").phone("+1 234 567 890"))?.value;
        let inbound = |contact, body: &str| Inbound {
            from: Sender::Contact { contact },
            channel: Channel::Whatsapp,
            body: body.into(),
            attachments: vec![],
            campaign: None,
        };
        let c1 = ws.receive_message(sys, at(2), inbound(alice, "hi"))?.value.conversation;
        ws.take_over(Actor::User(ana), at(3), c1)?;
        let invoice = NewInvoice {
            kind: PaymentKind::Invoice,
            amount_minor: 500,
            currency: "EUR".into(),
            description: "Order".into(),
        };
        ws.send_invoice(Actor::User(ana), at(4), c1, invoice)?;
        ws.add_team(sys, at(5), "Sales", vec![ana, ben])?;
        ws.send_internal_message(Actor::User(ana), at(6), ben, Outbound::text("lunch?"))?;
        let bob = ws.add_contact(sys, at(7), NewContact::named("Bob").email("bob@example.com"))?.value;
        let c2 = ws.receive_message(sys, at(8), inbound(bob, "hello"))?.value.conversation;
        ws.set_visibility(Actor::User(admin), at(9), c2, Visibility::users([ben]))?;
        ws.assign(Actor::User(admin), at(9), c2, vec![ben], None)?;
        ws.mark_read(Actor::User(ben), at(10), c2)?;
        ws.close(Actor::User(ben), at(11), c2)?;
        let routing = ContactRouting { assignees: vec![ben], visibility: Visibility::users([ben]) };
        ws.set_contact_routing(sys, at(12), bob, routing)?;
        let carol = ws.add_contact(sys, at(13), NewContact::named("Carol"))?.value;
        let c3 =
            ws.start_conversation(Actor::User(ana), at(14), carol, Outbound::text("hey").on(Channel::Sms))?;
        ws.delete_conversation(Actor::User(admin), at(15), c3.value.conversation)?;
        ws.set_routing(sys, at(16), vec![RoutingStrategy::RoundRobin])?;
        ws.receive_message(sys, at(17), inbound(carol, "again"))?;
        ws.tick(at(24 * 60));
        Ok(())
    };
    if steps(&mut ws).is_ok() {
        push(&ws);
    }
    let Ok(mut tickets) = Workspace::new(WorkspaceConfig::new_conversation_after_close()) else { return out };
    let _ = tickets.add_user(sys, at(0), NewUser::new("Grace", "grace@acme.com", Role::Admin));
    push(&tickets);
    out.rotate_right(1); // the rich one last: `base_snapshot` mutates it
    out
}

/// Applies mutations read from `data` to JSON leaves: each three bytes pick
/// an operation and a leaf (numbers, strings, booleans, nulls, array items).
fn mutate(value: &mut serde_json::Value, data: &[u8]) {
    for chunk in data.chunks_exact(3).take(16) {
        let (op, pick) = (chunk[0], usize::from(u16::from_le_bytes([chunk[1], chunk[2]])));
        let mut leaves = 0;
        count_leaves(value, &mut leaves);
        if leaves == 0 {
            return;
        }
        let mut target = pick % leaves;
        if let Some(leaf) = nth_leaf(value, &mut target) {
            use serde_json::Value as V;
            let new = match op % 8 {
                0 => V::from(u64::from(op / 8)),
                1 => V::from(i64::from(op) - 128),
                2 => V::Null,
                3 => V::from(u64::MAX - u64::from(op / 8)),
                4 => V::Bool(op & 8 != 0),
                5 => match &mut *leaf {
                    V::Array(items) if !items.is_empty() => {
                        let first = items[0].clone();
                        items.push(first);
                        continue;
                    }
                    V::Array(_) => V::Array(vec![V::from(1)]),
                    V::String(s) => V::String(s.to_uppercase()),
                    other => V::Array(vec![other.take()]),
                },
                6 => match &mut *leaf {
                    V::Array(items) => {
                        items.pop();
                        continue;
                    }
                    V::Number(n) => V::from(n.as_u64().map_or(0, |n| n.wrapping_add(1))),
                    other => V::String(format!("{other}").chars().rev().collect()),
                },
                _ => V::String(
                    ["", "2026-03-02T09:00:00Z", "+12345678", "a@b.co", "users", "everyone"]
                        [usize::from(op / 8) % 6]
                        .to_string(),
                ),
            };
            *leaf = new;
        }
    }
}

/// Leaves and arrays, in document order, are the mutation targets.
fn count_leaves(v: &serde_json::Value, n: &mut usize) {
    match v {
        serde_json::Value::Object(map) => map.values().for_each(|x| count_leaves(x, n)),
        serde_json::Value::Array(items) => {
            *n += 1;
            items.iter().for_each(|x| count_leaves(x, n));
        }
        _ => *n += 1,
    }
}

fn nth_leaf<'v>(v: &'v mut serde_json::Value, n: &mut usize) -> Option<&'v mut serde_json::Value> {
    match v {
        serde_json::Value::Object(map) => map.values_mut().find_map(|x| nth_leaf(x, n)),
        serde_json::Value::Array(_) => {
            if *n == 0 {
                return Some(v);
            }
            *n -= 1;
            let serde_json::Value::Array(items) = v else { return None };
            items.iter_mut().find_map(|x| nth_leaf(x, n))
        }
        _ => {
            if *n == 0 {
                return Some(v);
            }
            *n -= 1;
            None
        }
    }
}

/// Whether a stored phone is in E.164 form: `+`, then 8 to 15 digits, the
/// first not 0. Only the form is checked, not that today's normalizer would
/// write the same digits: builds before the libphonenumber one stored a
/// trunk prefix after the country code (`+4402079460958`), and workspaces
/// holding such a number must still load.
fn is_e164(p: &str) -> bool {
    let Some(digits) = p.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}
