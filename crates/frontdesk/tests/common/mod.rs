//! A small workspace used by the rule tests: one admin, three agents and two
//! contacts, at a fixed clock.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use frontdesk::*;

pub mod world;

pub const SYS: Actor = Actor::System;

/// Minutes after the fixture's epoch (2026-03-02 09:00 UTC).
pub fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc() + Duration::minutes(minutes)
}

pub struct Fx {
    pub ws: Workspace,
    pub admin: UserId,
    pub ana: UserId,
    pub ben: UserId,
    pub cleo: UserId,
    pub alice: ContactId,
    pub bob: ContactId,
}

impl Fx {
    pub fn new(config: WorkspaceConfig) -> Fx {
        let mut ws = Workspace::new(config.company("Acme")).unwrap();
        let admin =
            ws.add_user(SYS, t(0), NewUser::new("Grace Admin", "grace@acme.com", Role::Admin)).unwrap().value;
        let ana = ws
            .add_user(
                SYS,
                t(0),
                NewUser::new("Ana", "ana@acme.com", Role::Agent).availability(Availability::Online),
            )
            .unwrap()
            .value;
        let ben = ws
            .add_user(
                SYS,
                t(0),
                NewUser::new("Ben", "ben@acme.com", Role::Agent).availability(Availability::Online),
            )
            .unwrap()
            .value;
        let cleo = ws.add_user(SYS, t(0), NewUser::new("Cleo", "cleo@acme.com", Role::Agent)).unwrap().value;
        let alice = ws
            .add_contact(
                SYS,
                t(0),
                NewContact::named("Alice").phone("+1 234 567 890").email("alice@example.com"),
            )
            .unwrap()
            .value;
        let bob =
            ws.add_contact(SYS, t(0), NewContact::named("Bob").phone("+44 20 7946 0958")).unwrap().value;
        Fx { ws, admin, ana, ben, cleo, alice, bob }
    }

    pub fn reopen() -> Fx {
        Fx::new(WorkspaceConfig::reopen_on_reply())
    }

    pub fn tickets() -> Fx {
        Fx::new(WorkspaceConfig::new_conversation_after_close())
    }

    /// A customer message from `contact` on WhatsApp at minute `m`.
    pub fn inbound(&mut self, contact: ContactId, m: i64, body: &str) -> Delivered {
        self.ws
            .receive_message(
                SYS,
                t(m),
                Inbound {
                    from: Sender::Contact { contact },
                    channel: Channel::Whatsapp,
                    body: body.into(),
                    attachments: vec![],
                    campaign: None,
                },
            )
            .unwrap()
            .value
    }

    pub fn reply(&mut self, user: UserId, conv: ConversationId, m: i64, body: &str) -> Delivered {
        self.ws.send_message(Actor::User(user), t(m), conv, Outbound::text(body)).unwrap().value
    }

    pub fn conv(&self, id: ConversationId) -> &Conversation {
        self.ws.conversation(SYS, id).unwrap()
    }

    pub fn invoice(&mut self, user: UserId, conv: ConversationId, m: i64) -> InvoiceId {
        self.ws
            .send_invoice(
                Actor::User(user),
                t(m),
                conv,
                NewInvoice {
                    kind: PaymentKind::Invoice,
                    amount_minor: 4999,
                    currency: "eur".into(),
                    description: "Order 1001".into(),
                },
            )
            .unwrap()
            .value
    }
}

/// Runs a command that must fail and checks it left the workspace unchanged.
pub fn refused<T: std::fmt::Debug>(
    ws: &mut Workspace,
    command: impl FnOnce(&mut Workspace) -> Result<T>,
) -> Error {
    let before = ws.snapshot();
    let err = command(ws).expect_err("the command should have been refused");
    assert_eq!(ws.snapshot(), before, "a refused command ({}) changed the workspace", err.code());
    assert!(ws.derived_state_is_consistent());
    err
}

/// The error for a conversation that does not exist (or is hidden).
pub fn not_found(id: ConversationId) -> Error {
    Error::NotFound { entity: "conversation".into(), id: id.to_string() }
}
