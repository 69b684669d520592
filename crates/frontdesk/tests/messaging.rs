//! Messages: inbound routing, omnichannel, notes, internal chat, bad input,
//! export and snapshots.

mod common;
use common::*;
use frontdesk::*;

fn inbound_from(handle: &str, channel: Channel, body: &str) -> Inbound {
    Inbound {
        from: Sender::Address { handle: handle.into() },
        channel,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    }
}

#[test]
fn an_unknown_address_creates_a_contact_and_a_conversation() {
    let mut fx = Fx::reopen();
    let applied =
        fx.ws.receive_message(SYS, t(0), inbound_from("+49 30 1234 5678", Channel::Sms, "Hallo 👋")).unwrap();
    let d = applied.value;
    let contact = fx.ws.contact(SYS, d.contact.unwrap()).unwrap();
    assert_eq!(contact.phone.as_deref(), Some("+493012345678"));
    assert!(matches!(applied.events[0], Event::ContactCreated { .. }));
    assert!(matches!(applied.events[1], Event::ConversationCreated { origin: Origin::Inbound, .. }));
    assert_eq!(fx.conv(d.conversation).messages[0].body, "Hallo 👋".into());
}

#[test]
fn any_spelling_of_a_known_phone_number_finds_the_same_contact() {
    let mut fx = Fx::reopen();
    let d = fx
        .ws
        .receive_message(SYS, t(0), inbound_from("001-234-567-890", Channel::Whatsapp, "hi"))
        .unwrap()
        .value;
    assert_eq!(d.contact, Some(fx.alice));
}

#[test]
fn a_number_written_with_a_trunk_prefix_in_brackets_reaches_the_same_contact() {
    // Written +44 (0)20 ..., the number is +442079460958 (libphonenumber drops the
    // trunk 0): Bob's number, so no second contact is created.
    let mut fx = Fx::reopen();
    let applied =
        fx.ws.receive_message(SYS, t(0), inbound_from("+44 (0)20 7946 0958", Channel::Sms, "hello")).unwrap();
    assert!(!applied.events.iter().any(|e| matches!(e, Event::ContactCreated { .. })));
    assert_eq!(applied.value.contact, Some(fx.bob));

    // An unknown number written so creates a contact that the WhatsApp spelling reaches.
    let sms = fx
        .ws
        .receive_message(SYS, t(1), inbound_from("+44 (0)161 496 0000", Channel::Sms, "hi"))
        .unwrap()
        .value;
    let contact = sms.contact.unwrap();
    assert_eq!(fx.ws.contact(SYS, contact).unwrap().phone.as_deref(), Some("+441614960000"));
    let whatsapp = fx
        .ws
        .receive_message(SYS, t(2), inbound_from("+441614960000", Channel::Whatsapp, "me again"))
        .unwrap()
        .value;
    assert_eq!(whatsapp.contact, Some(contact));
    assert_eq!(whatsapp.conversation, sms.conversation);

    // A GB workspace: the national spelling names Bob too.
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.default_country_code = Some(44);
    let mut gb = Fx::new(config);
    for (i, spelling) in ["020 7946 0958", "(020) 7946-0958", "0044 (0)20 7946 0958"].into_iter().enumerate()
    {
        let d = gb
            .ws
            .receive_message(SYS, t(i as i64), inbound_from(spelling, Channel::Whatsapp, "hi"))
            .unwrap()
            .value;
        assert_eq!(d.contact, Some(gb.bob), "{spelling}");
    }
}

#[test]
fn a_conversation_continues_on_another_channel_and_each_message_records_its_own() {
    let mut fx = Fx::reopen();
    let c = fx
        .ws
        .receive_message(SYS, t(0), inbound_from("alice@example.com", Channel::Email, "order question"))
        .unwrap()
        .value
        .conversation;
    let d = fx.inbound(fx.alice, 1, "also on WhatsApp");
    assert_eq!(d.conversation, c);
    fx.ws
        .send_message(Actor::User(fx.ana), t(2), c, Outbound::text("replying by SMS").on(Channel::Sms))
        .unwrap();
    let channels: Vec<Channel> = fx.conv(c).messages.iter().map(|m| m.channel).collect();
    assert_eq!(channels, vec![Channel::Email, Channel::Whatsapp, Channel::Sms]);
    assert_eq!(fx.conv(c).channel, Channel::Sms);
}

#[test]
fn private_notes_never_reach_the_customer_facing_export() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "Where is my parcel?").conversation;
    fx.ws.add_note(Actor::User(fx.ana), t(1), c, "Courier lost it, refund approved").unwrap();
    fx.reply(fx.ana, c, 2, "We are sending a new one today.");
    let customer = fx.ws.export_text(SYS, c, Audience::Customer).unwrap();
    assert!(!customer.contains("Courier lost it"));
    assert!(customer.contains("We are sending a new one today."));
    let team = fx.ws.export_text(SYS, c, Audience::Team).unwrap();
    assert!(team.contains("[note]: Courier lost it"));
    let json: serde_json::Value =
        serde_json::from_str(&fx.ws.export_json(SYS, c, Audience::Customer).unwrap()).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 2);
    assert_eq!(json["with"], "Alice");
}

#[test]
fn internal_chat_works_between_two_users_and_with_oneself() {
    let mut fx = Fx::reopen();
    let a = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(0), fx.ben, Outbound::text("hi Ben"))
        .unwrap()
        .value;
    let b = fx
        .ws
        .send_internal_message(Actor::User(fx.ben), t(1), fx.ana, Outbound::text("hi Ana"))
        .unwrap()
        .value;
    assert_eq!(a.conversation, b.conversation, "one chat per pair, whoever writes first");
    let me =
        fx.ws.send_internal_message(Actor::User(fx.ana), t(2), fx.ana, Outbound::text("todo")).unwrap().value;
    assert_ne!(me.conversation, a.conversation);
    assert_eq!(fx.conv(me.conversation).kind, ConversationKind::Internal { participants: vec![fx.ana] });
    fx.ws.add_note(Actor::User(fx.ana), t(3), a.conversation, "a note in the chat").unwrap();
    let cleo = fx.cleo;
    let err = refused(&mut fx.ws, |ws| {
        ws.send_message(Actor::User(cleo), t(4), a.conversation, Outbound::text("x"))
    });
    assert_eq!(err.code(), "not_found");
}

#[test]
fn bad_input_gets_a_specific_code_and_changes_nothing() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let ana = fx.ana;
    type Command = Box<dyn FnOnce(&mut Workspace) -> Result<()>>;
    let cases: Vec<(&str, Command)> = vec![
        (
            "empty_name",
            Box::new(move |ws| ws.add_user(SYS, t(1), NewUser::new(" ", "x@y.com", Role::Agent)).map(|_| ())),
        ),
        (
            "invalid_email",
            Box::new(move |ws| ws.add_user(SYS, t(1), NewUser::new("X", "nope", Role::Agent)).map(|_| ())),
        ),
        (
            "duplicate",
            Box::new(move |ws| {
                ws.add_user(SYS, t(1), NewUser::new("X", "ANA@acme.com", Role::Agent)).map(|_| ())
            }),
        ),
        (
            "invalid_phone",
            Box::new(move |ws| {
                ws.add_contact(SYS, t(1), NewContact::named("X").phone("call me")).map(|_| ())
            }),
        ),
        (
            "duplicate",
            Box::new(move |ws| {
                ws.add_contact(SYS, t(1), NewContact::named("X").phone("+1234567890")).map(|_| ())
            }),
        ),
        ("empty_name", Box::new(move |ws| ws.add_contact(SYS, t(1), NewContact::default()).map(|_| ()))),
        (
            "not_found",
            Box::new(move |ws| ws.assign(Actor::User(ana), t(1), c, vec![UserId(99)], None).map(|_| ())),
        ),
        ("not_found", Box::new(move |ws| ws.add_note(Actor::User(UserId(99)), t(1), c, "x").map(|_| ()))),
        (
            "empty_name",
            Box::new(move |ws| ws.send_message(Actor::User(ana), t(1), c, Outbound::text("  ")).map(|_| ())),
        ),
        (
            "too_long",
            Box::new(move |ws| {
                ws.send_message(Actor::User(ana), t(1), c, Outbound::text("x".repeat(70_000))).map(|_| ())
            }),
        ),
        ("empty_name", Box::new(move |ws| ws.tag_conversation(Actor::User(ana), t(1), c, " ").map(|_| ()))),
        (
            "forbidden",
            Box::new(move |ws| {
                ws.receive_message(Actor::User(ana), t(1), inbound_from("+1234567890", Channel::Sms, "x"))
                    .map(|_| ())
            }),
        ),
        (
            "invalid_argument",
            Box::new(move |ws| {
                ws.receive_message(SYS, t(1), inbound_from("ana", Channel::Internal, "x")).map(|_| ())
            }),
        ),
    ];
    for (code, command) in cases {
        assert_eq!(refused(&mut fx.ws, command).code(), code);
    }
}

#[test]
fn every_error_code_is_documented_in_docs_errors_md() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md")).unwrap();
    for code in Error::ALL_CODES {
        assert!(doc.contains(&format!("| `{code}` |")), "docs/errors.md lacks a row for {code}");
    }
}

#[test]
fn a_snapshot_round_trips_losslessly_and_keeps_working() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello ✨").conversation;
    fx.ws.take_over(Actor::User(fx.ana), t(1), c).unwrap();
    fx.invoice(fx.ana, c, 2);
    fx.ws.close(Actor::User(fx.ana), t(3), c).unwrap_err();
    let json = fx.ws.to_json().unwrap();
    let mut restored = Workspace::from_json(&json).unwrap();
    assert_eq!(restored.snapshot(), fx.ws.snapshot());
    assert!(restored.derived_state_is_consistent());
    assert_eq!(restored.tick(t(120)), fx.ws.tick(t(120)));
    assert_eq!(restored.snapshot(), fx.ws.snapshot());
}

#[test]
fn a_snapshot_from_another_format_version_is_refused() {
    let fx = Fx::reopen();
    let mut snapshot = fx.ws.snapshot();
    snapshot.format_version = 99;
    assert_eq!(
        Workspace::from_snapshot(snapshot).unwrap_err(),
        Error::UnsupportedSnapshot { found: 99, supported: SNAPSHOT_FORMAT_VERSION }
    );
    assert_eq!(Workspace::from_json("{not json").unwrap_err().code(), "invalid_snapshot");
}

#[test]
fn a_message_body_with_a_nul_byte_is_refused_with_invalid_argument_because_postgresql_text_cannot_store_it() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let body = "refund\0please";
    let ana = Actor::User(fx.ana);
    let inbound = |body: &str| Inbound {
        from: Sender::Contact { contact: fx.alice },
        channel: Channel::Whatsapp,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    };
    let errors = [
        refused(&mut fx.ws, |w| w.receive_message(SYS, t(1), inbound(body))),
        refused(&mut fx.ws, |w| w.send_message(ana, t(1), c, Outbound::text(body))),
        refused(&mut fx.ws, |w| w.add_note(ana, t(1), c, body)),
        refused(&mut fx.ws, |w| w.send_ai_reply(SYS, t(1), c, body)),
        refused(&mut fx.ws, |w| w.tag_conversation(ana, t(1), c, "vi\0p")),
        refused(&mut fx.ws, |w| w.add_contact(SYS, t(1), NewContact::named("Nul\0Name"))),
    ];
    for e in errors {
        assert_eq!(e.code(), "invalid_argument", "{e}");
        assert!(e.to_string().contains("NUL"), "{e}");
    }
    // Other control characters are text PostgreSQL stores; they are accepted.
    fx.ws.send_message(ana, t(2), c, Outbound::text("tab\there, bell\u{7}")).unwrap();
}
