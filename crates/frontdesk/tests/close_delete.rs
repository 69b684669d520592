//! Close and delete invariants, and bulk actions.

mod common;
use common::*;
use frontdesk::*;

#[test]
fn only_an_assignee_or_an_admin_may_close_a_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.ana), t(1), c, vec![fx.ana], None).unwrap();
    let ben = fx.ben;
    let err = refused(&mut fx.ws, |ws| ws.close(Actor::User(ben), t(2), c));
    assert_eq!(err.code(), "forbidden");
    fx.ws.close(Actor::User(fx.ana), t(3), c).unwrap();
    fx.ws.reopen(Actor::User(fx.ben), t(4), c).unwrap();
    fx.ws.close(Actor::User(fx.admin), t(5), c).unwrap();
    assert_eq!(fx.conv(c).status, Status::Resolved);
}

#[test]
fn closing_is_refused_while_an_invoice_in_the_conversation_is_unpaid() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "can I pay by invoice?").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    for status in [Status::Resolved, Status::Archived] {
        let admin = fx.admin;
        let err = refused(&mut fx.ws, |ws| ws.set_status(Actor::User(admin), t(2), c, status));
        assert_eq!(err, Error::UnpaidInvoice { conversation: c, invoices: vec![inv] });
    }
    fx.ws.mark_invoice_paid(SYS, t(3), inv).unwrap();
    fx.ws.close(Actor::User(fx.admin), t(4), c).unwrap();
}

#[test]
fn a_cancelled_invoice_or_an_unpaid_checkout_does_not_block_closing() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    fx.ws.cancel_invoice(Actor::User(fx.admin), t(2), inv).unwrap();
    fx.ws
        .send_invoice(
            Actor::User(fx.ana),
            t(3),
            c,
            NewInvoice {
                kind: PaymentKind::Checkout,
                amount_minor: 100,
                currency: "USD".into(),
                description: "Cart".into(),
            },
        )
        .unwrap();
    fx.ws.close(Actor::User(fx.admin), t(4), c).unwrap();
}

#[test]
fn a_settled_invoice_cannot_be_settled_again() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    fx.ws.mark_invoice_paid(SYS, t(2), inv).unwrap();
    let err = refused(&mut fx.ws, |ws| ws.cancel_invoice(SYS, t(3), inv));
    assert_eq!(err.code(), "invoice_settled");
}

#[test]
fn agents_cannot_mark_invoices_paid() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    let ana = fx.ana;
    assert_eq!(
        refused(&mut fx.ws, |ws| ws.mark_invoice_paid(Actor::User(ana), t(2), inv)).code(),
        "forbidden"
    );
}

#[test]
fn invoices_and_checkouts_travel_on_whatsapp_or_sms_only() {
    let mut fx = Fx::reopen();
    let c = fx
        .ws
        .receive_message(
            SYS,
            t(0),
            Inbound {
                from: Sender::Contact { contact: fx.alice },
                channel: Channel::Webchat,
                body: "hi".into(),
                attachments: vec![],
                campaign: None,
            },
        )
        .unwrap()
        .value
        .conversation;
    let ana = fx.ana;
    let err = refused(&mut fx.ws, |ws| {
        ws.send_invoice(
            Actor::User(ana),
            t(1),
            c,
            NewInvoice {
                kind: PaymentKind::Invoice,
                amount_minor: 10,
                currency: "EUR".into(),
                description: "x".into(),
            },
        )
    });
    assert_eq!(err.code(), "invalid_argument");
}

#[test]
fn only_admins_may_delete_a_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.ana), t(1), c, vec![fx.ana], None).unwrap();
    let ana = fx.ana;
    assert_eq!(
        refused(&mut fx.ws, |ws| ws.delete_conversation(Actor::User(ana), t(2), c)).code(),
        "forbidden"
    );
    let events = fx.ws.delete_conversation(Actor::User(fx.admin), t(3), c).unwrap().events;
    assert_eq!(events, vec![Event::ConversationDeleted { conversation: c, by: Some(fx.admin) }]);
}

#[test]
fn deletion_is_refused_while_an_invoice_is_outstanding() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    let admin = fx.admin;
    let err = refused(&mut fx.ws, |ws| ws.delete_conversation(Actor::User(admin), t(2), c));
    assert_eq!(err, Error::UnpaidInvoice { conversation: c, invoices: vec![inv] });
}

#[test]
fn deletion_removes_the_messages_invoices_and_checkouts_of_the_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let inv = fx.invoice(fx.ana, c, 1);
    fx.ws.mark_invoice_paid(SYS, t(2), inv).unwrap();
    fx.ws.delete_conversation(Actor::User(fx.admin), t(3), c).unwrap();
    assert_eq!(fx.ws.conversation(SYS, c).unwrap_err().code(), "conversation_deleted");
    assert_eq!(fx.ws.mark_invoice_paid(SYS, t(4), inv).unwrap_err().code(), "not_found");
    assert!(fx.ws.to_json().unwrap().find("Order 1001").is_none(), "no trace of the invoice remains");
    assert!(fx.ws.to_json().unwrap().find("hello").is_none(), "no trace of the messages remains");
    // The contact's next message starts a fresh conversation.
    assert_ne!(fx.inbound(fx.alice, 5, "hello again").conversation, c);
}

#[test]
fn commands_on_a_deleted_conversation_say_it_was_deleted() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.delete_conversation(SYS, t(1), c).unwrap();
    let ana = fx.ana;
    assert_eq!(
        refused(&mut fx.ws, |ws| ws.send_message(Actor::User(ana), t(2), c, Outbound::text("hi"))).code(),
        "conversation_deleted"
    );
    assert_eq!(refused(&mut fx.ws, |ws| ws.close(SYS, t(2), c)).code(), "conversation_deleted");
}

#[test]
fn internal_chats_are_deleted_by_admins_only() {
    let mut fx = Fx::reopen();
    let chat = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(0), fx.ben, Outbound::text("lunch?"))
        .unwrap()
        .value
        .conversation;
    let ana = fx.ana;
    assert_eq!(
        refused(&mut fx.ws, |ws| ws.delete_conversation(Actor::User(ana), t(1), chat)).code(),
        "forbidden"
    );
    fx.ws.delete_conversation(Actor::User(fx.admin), t(2), chat).unwrap();
}

#[test]
fn bulk_actions_return_a_result_per_conversation_and_never_half_apply_one() {
    let mut fx = Fx::reopen();
    let a = fx.inbound(fx.alice, 0, "a").conversation;
    let b = fx.inbound(fx.bob, 1, "b").conversation;
    let inv = fx.invoice(fx.ana, b, 2);
    let missing = ConversationId(999);
    let outcomes = fx.ws.bulk(Actor::User(fx.admin), t(3), &[a, b, missing], &BulkAction::Archive);
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[0].result.is_ok());
    assert_eq!(outcomes[1].result, Err(Error::UnpaidInvoice { conversation: b, invoices: vec![inv] }));
    assert_eq!(outcomes[2].result.as_ref().unwrap_err().code(), "not_found");
    assert_eq!(fx.conv(a).status, Status::Archived);
    assert_eq!(fx.conv(b).status, Status::Open);

    let outcomes = fx.ws.bulk(
        Actor::User(fx.admin),
        t(4),
        &[a, b],
        &BulkAction::SetPriority { priority: Priority::High, reason: None },
    );
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
    let outcomes = fx.ws.bulk(Actor::User(fx.admin), t(5), &[a, b], &BulkAction::Delete);
    assert!(outcomes[0].result.is_ok() && outcomes[1].result.is_err());
    assert!(fx.ws.derived_state_is_consistent());
}
