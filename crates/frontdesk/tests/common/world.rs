//! The random command generator and the world it runs in, shared by the
//! state-machine property test and the views model test.
#![allow(dead_code)]

use super::t;
use frontdesk::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

const SYS: Actor = Actor::System;

#[derive(Clone, Debug)]
pub enum Cmd {
    Receive { contact: u8, channel: u8 },
    ReceiveUnknown { handle: u8, channel: u8 },
    Start { actor: u8, contact: u8, channel: u8 },
    Send { actor: u8, conv: u8, channel: Option<u8> },
    AiReply { conv: u8 },
    AutoReply { conv: u8 },
    Note { actor: u8, conv: u8 },
    Internal { actor: u8, to: u8 },
    Invoice { actor: u8, conv: u8, checkout: bool },
    Pay { invoice: u8 },
    Cancel { actor: u8, invoice: u8 },
    Assign { actor: u8, conv: u8, users: Vec<u8> },
    Unassign { actor: u8, conv: u8, users: Vec<u8> },
    Transfer { actor: u8, conv: u8, users: Vec<u8> },
    AssignTeam { actor: u8, conv: u8 },
    TakeOver { actor: u8, conv: u8 },
    Handoff { conv: u8 },
    Resume { actor: u8, conv: u8 },
    SetAiMode { actor: u8, conv: u8, mode: u8 },
    SetStatus { actor: u8, conv: u8, status: u8 },
    SetPriority { actor: u8, conv: u8, priority: u8 },
    SetVisibility { actor: u8, conv: u8, users: Option<Vec<u8>> },
    Tag { actor: u8, conv: u8, tag: u8 },
    Delete { actor: u8, conv: u8 },
    Bulk { actor: u8, convs: Vec<u8>, action: u8 },
    RemoveUser { actor: u8, user: u8 },
    Availability { actor: u8, user: u8, online: bool },
    ContactRouting { actor: u8, contact: u8, assignees: Vec<u8>, users: Option<Vec<u8>> },
    MarkRead { actor: u8, conv: u8 },
    MarkUnread { actor: u8, conv: u8 },
}

pub fn cmd() -> impl Strategy<Value = Cmd> {
    let a = 0u8..7;
    let c = 1u8..10;
    let users = proptest::collection::vec(0u8..7, 0..3);
    prop_oneof![
        4 => (0u8..4, 0u8..6).prop_map(|(contact, channel)| Cmd::Receive { contact, channel }),
        1 => (0u8..4, 0u8..6).prop_map(|(handle, channel)| Cmd::ReceiveUnknown { handle, channel }),
        1 => (a.clone(), 0u8..4, 0u8..6).prop_map(|(actor, contact, channel)| Cmd::Start { actor, contact, channel }),
        3 => (a.clone(), c.clone(), proptest::option::of(0u8..6)).prop_map(|(actor, conv, channel)| Cmd::Send { actor, conv, channel }),
        2 => c.clone().prop_map(|conv| Cmd::AiReply { conv }),
        1 => c.clone().prop_map(|conv| Cmd::AutoReply { conv }),
        1 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::Note { actor, conv }),
        1 => (a.clone(), 0u8..7).prop_map(|(actor, to)| Cmd::Internal { actor, to }),
        2 => (a.clone(), c.clone(), any::<bool>()).prop_map(|(actor, conv, checkout)| Cmd::Invoice { actor, conv, checkout }),
        1 => (1u8..8).prop_map(|invoice| Cmd::Pay { invoice }),
        1 => (a.clone(), 1u8..8).prop_map(|(actor, invoice)| Cmd::Cancel { actor, invoice }),
        3 => (a.clone(), c.clone(), users.clone()).prop_map(|(actor, conv, users)| Cmd::Assign { actor, conv, users }),
        1 => (a.clone(), c.clone(), users.clone()).prop_map(|(actor, conv, users)| Cmd::Unassign { actor, conv, users }),
        1 => (a.clone(), c.clone(), users.clone()).prop_map(|(actor, conv, users)| Cmd::Transfer { actor, conv, users }),
        1 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::AssignTeam { actor, conv }),
        2 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::TakeOver { actor, conv }),
        1 => c.clone().prop_map(|conv| Cmd::Handoff { conv }),
        1 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::Resume { actor, conv }),
        1 => (a.clone(), c.clone(), 0u8..3).prop_map(|(actor, conv, mode)| Cmd::SetAiMode { actor, conv, mode }),
        4 => (a.clone(), c.clone(), 0u8..4).prop_map(|(actor, conv, status)| Cmd::SetStatus { actor, conv, status }),
        1 => (a.clone(), c.clone(), 0u8..4).prop_map(|(actor, conv, priority)| Cmd::SetPriority { actor, conv, priority }),
        2 => (a.clone(), c.clone(), proptest::option::of(users.clone())).prop_map(|(actor, conv, users)| Cmd::SetVisibility { actor, conv, users }),
        1 => (a.clone(), c.clone(), 0u8..3).prop_map(|(actor, conv, tag)| Cmd::Tag { actor, conv, tag }),
        2 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::Delete { actor, conv }),
        1 => (a.clone(), proptest::collection::vec(c.clone(), 0..4), 0u8..6).prop_map(|(actor, convs, action)| Cmd::Bulk { actor, convs, action }),
        1 => (a.clone(), 0u8..7).prop_map(|(actor, user)| Cmd::RemoveUser { actor, user }),
        1 => (a.clone(), 0u8..7, any::<bool>()).prop_map(|(actor, user, online)| Cmd::Availability { actor, user, online }),
        3 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::MarkRead { actor, conv }),
        1 => (a.clone(), c.clone()).prop_map(|(actor, conv)| Cmd::MarkUnread { actor, conv }),
        1 => (a, 0u8..4, users.clone(), proptest::option::of(users)).prop_map(|(actor, contact, assignees, users)| Cmd::ContactRouting { actor, contact, assignees, users }),
    ]
}

pub struct World {
    pub ws: Workspace,
    /// Actors by index: the host, two admins, three agents, and a user id that
    /// does not exist.
    pub actors: Vec<Actor>,
    pub users: Vec<UserId>,
    pub contacts: Vec<ContactId>,
    pub team: TeamId,
    pub deleted: BTreeSet<ConversationId>,
}

impl World {
    pub fn new(reopen: bool) -> World {
        let config = if reopen {
            WorkspaceConfig::reopen_on_reply()
        } else {
            WorkspaceConfig::new_conversation_after_close()
        };
        let mut ws = Workspace::new(config).unwrap();
        let mut users = Vec::new();
        for (i, (name, role, online)) in [
            ("Ada", Role::Admin, true),
            ("Bea", Role::Admin, false),
            ("Cal", Role::Agent, true),
            ("Dee", Role::Agent, true),
            ("Eve", Role::Agent, false),
        ]
        .into_iter()
        .enumerate()
        {
            let availability = if online { Availability::Online } else { Availability::Offline };
            let new = NewUser::new(name, format!("u{i}@example.com"), role).availability(availability);
            users.push(ws.add_user(SYS, t(0), new).unwrap().value);
        }
        let team = ws.add_team(SYS, t(0), "Support", users[2..].to_vec()).unwrap().value;
        let contacts = ["+1 202 555 0101", "+1 202 555 0102", "+1 202 555 0103", "+1 202 555 0104"]
            .iter()
            .enumerate()
            .map(|(i, phone)| {
                ws.add_contact(SYS, t(0), NewContact::named(format!("Contact {i}")).phone(*phone))
                    .unwrap()
                    .value
            })
            .collect();
        let mut actors = vec![SYS];
        actors.extend(users.iter().map(|u| Actor::User(*u)));
        actors.push(Actor::User(UserId(404)));
        World { ws, actors, users, contacts, team, deleted: BTreeSet::new() }
    }

    pub fn actor(&self, i: u8) -> Actor {
        self.actors[i as usize % self.actors.len()]
    }

    pub fn user(&self, i: u8) -> UserId {
        // Index 5 and 6 name a user that does not exist, to exercise not_found.
        self.users.get(i as usize).copied().unwrap_or(UserId(404))
    }

    pub fn users(&self, list: &[u8]) -> Vec<UserId> {
        list.iter().map(|i| self.user(*i)).collect()
    }

    pub fn apply(&mut self, cmd: &Cmd, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Event>> {
        let channel = |i: u8| Channel::ALL[i as usize % 6];
        let conv = |i: u8| ConversationId(i as u64);
        let ws = &mut self.ws;
        let contacts = &self.contacts;
        let events = match cmd.clone() {
            Cmd::Receive { contact, channel: ch } => {
                ws.receive_message(
                    SYS,
                    now,
                    Inbound {
                        from: Sender::Contact { contact: contacts[contact as usize % contacts.len()] },
                        channel: channel(ch),
                        body: "Hello, I need help 🙂".into(),
                        attachments: vec![],
                        campaign: None,
                    },
                )?
                .events
            }
            Cmd::ReceiveUnknown { handle, channel: ch } => {
                let handle = match channel(ch) {
                    c if c.uses_phone_numbers() => format!("+44 7700 900{handle:03}"),
                    Channel::Email => format!("visitor{handle}@example.org"),
                    _ => format!("visitor-{handle}"),
                };
                ws.receive_message(
                    SYS,
                    now,
                    Inbound {
                        from: Sender::Address { handle },
                        channel: channel(ch),
                        body: "hi".into(),
                        attachments: vec![],
                        campaign: Some("spring".into()),
                    },
                )?
                .events
            }
            Cmd::Start { actor, contact, channel: ch } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                ws.start_conversation(
                    actor,
                    now,
                    contacts[contact as usize % contacts.len()],
                    Outbound::text("We have news").on(channel(ch)),
                )?
                .events
            }
            Cmd::Send { actor, conv: c, channel: ch } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                let mut out = Outbound::text("Thanks, looking into it");
                out.channel = ch.map(channel);
                ws.send_message(actor, now, conv(c), out)?.events
            }
            Cmd::AiReply { conv: c } => ws.send_ai_reply(SYS, now, conv(c), "AI here")?.events,
            Cmd::AutoReply { conv: c } => ws.send_auto_reply(SYS, now, conv(c), "We got it")?.events,
            Cmd::Note { actor, conv: c } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                ws.add_note(actor, now, conv(c), "internal note")?.events
            }
            Cmd::Internal { actor, to } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                let to = self.users.get(to as usize).copied().unwrap_or(UserId(404));
                ws.send_internal_message(actor, now, to, Outbound::text("ping"))?.events
            }
            Cmd::Invoice { actor, conv: c, checkout } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                let kind = if checkout { PaymentKind::Checkout } else { PaymentKind::Invoice };
                ws.send_invoice(
                    actor,
                    now,
                    conv(c),
                    NewInvoice {
                        kind,
                        amount_minor: 1250,
                        currency: "EUR".into(),
                        description: "Order".into(),
                    },
                )?
                .events
            }
            Cmd::Pay { invoice } => ws.mark_invoice_paid(SYS, now, InvoiceId(invoice as u64))?.events,
            Cmd::Cancel { actor, invoice } => {
                let actor = self.actors[actor as usize % self.actors.len()];
                ws.cancel_invoice(actor, now, InvoiceId(invoice as u64))?.events
            }
            Cmd::Assign { actor, conv: c, users } => {
                let (actor, users) = (self.actor(actor), self.users(&users));
                self.ws.assign(actor, now, conv(c), users, Some("please take this"))?.events
            }
            Cmd::Unassign { actor, conv: c, users } => {
                let (actor, users) = (self.actor(actor), self.users(&users));
                self.ws.unassign(actor, now, conv(c), users)?.events
            }
            Cmd::Transfer { actor, conv: c, users } => {
                let (actor, users) = (self.actor(actor), self.users(&users));
                self.ws.transfer(actor, now, conv(c), users, None)?.events
            }
            Cmd::AssignTeam { actor, conv: c } => {
                let (actor, team) = (self.actor(actor), self.team);
                self.ws.assign_team(actor, now, conv(c), team, None)?.events
            }
            Cmd::TakeOver { actor, conv: c } => {
                let actor = self.actor(actor);
                self.ws.take_over(actor, now, conv(c))?.events
            }
            Cmd::Handoff { conv: c } => {
                self.ws.request_handoff(SYS, now, conv(c), Some("needs a human"))?.events
            }
            Cmd::Resume { actor, conv: c } => {
                let actor = self.actor(actor);
                self.ws.resume_ai(actor, now, conv(c))?.events
            }
            Cmd::SetAiMode { actor, conv: c, mode } => {
                let actor = self.actor(actor);
                self.ws.set_ai_mode(actor, now, conv(c), AiMode::ALL[mode as usize % 3])?.events
            }
            Cmd::SetStatus { actor, conv: c, status } => {
                let actor = self.actor(actor);
                self.ws.set_status(actor, now, conv(c), Status::ALL[status as usize % 4])?.events
            }
            Cmd::SetPriority { actor, conv: c, priority } => {
                let actor = self.actor(actor);
                self.ws.set_priority(actor, now, conv(c), Priority::ALL[priority as usize % 4], None)?.events
            }
            Cmd::SetVisibility { actor, conv: c, users } => {
                let actor = self.actor(actor);
                let vis = match users {
                    None => Visibility::Everyone,
                    Some(list) => Visibility::users(self.users(&list)),
                };
                self.ws.set_visibility(actor, now, conv(c), vis)?.events
            }
            Cmd::Tag { actor, conv: c, tag } => {
                let actor = self.actor(actor);
                self.ws
                    .tag_conversation(actor, now, conv(c), ["vip", "billing", "Refund"][tag as usize % 3])?
                    .events
            }
            Cmd::Delete { actor, conv: c } => {
                let actor = self.actor(actor);
                let events = self.ws.delete_conversation(actor, now, conv(c))?.events;
                self.deleted.insert(conv(c));
                events
            }
            Cmd::Bulk { actor, convs, action } => {
                let actor = self.actor(actor);
                let ids: Vec<ConversationId> = convs.iter().map(|c| conv(*c)).collect();
                let action = match action {
                    0 => BulkAction::Assign { users: vec![self.user(2)], note: None },
                    1 => BulkAction::AssignTeam { team: self.team },
                    2 => BulkAction::SetStatus { status: Status::Resolved },
                    3 => BulkAction::SetPriority { priority: Priority::High, reason: None },
                    4 => BulkAction::Archive,
                    _ => BulkAction::Delete,
                };
                let mut events = Vec::new();
                for outcome in self.ws.bulk(actor, now, &ids, &action) {
                    if let Ok(e) = outcome.result {
                        if action == BulkAction::Delete {
                            self.deleted.insert(outcome.conversation);
                        }
                        events.extend(e);
                    }
                }
                events
            }
            Cmd::RemoveUser { actor, user } => {
                let (actor, user) = (self.actor(actor), self.user(user));
                self.ws.remove_user(actor, now, user)?.events
            }
            Cmd::Availability { actor, user, online } => {
                let (actor, user) = (self.actor(actor), self.user(user));
                let a = if online { Availability::Online } else { Availability::Away };
                self.ws.set_availability(actor, now, user, a)?.events
            }
            Cmd::ContactRouting { actor, contact, assignees, users } => {
                let actor = self.actor(actor);
                let routing = ContactRouting {
                    assignees: self.users(&assignees),
                    visibility: match users {
                        None => Visibility::Everyone,
                        Some(list) => Visibility::users(self.users(&list)),
                    },
                };
                let contact = self.contacts[contact as usize % self.contacts.len()];
                self.ws.set_contact_routing(actor, now, contact, routing)?.events
            }
            Cmd::MarkRead { actor, conv: c } => {
                let actor = self.actor(actor);
                self.ws.mark_read(actor, now, conv(c))?.events
            }
            Cmd::MarkUnread { actor, conv: c } => {
                let actor = self.actor(actor);
                self.ws.mark_unread(actor, now, conv(c))?.events
            }
        };
        Ok(events)
    }
}
