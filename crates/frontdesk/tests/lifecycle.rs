//! Lifecycle rules: automatic status transitions and the two closed-conversation
//! policies.

mod common;
use common::*;
use frontdesk::*;

#[test]
fn a_customer_message_makes_a_pending_conversation_open() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.set_status(SYS, t(1), c, Status::Pending).unwrap();
    let applied = fx.ws.receive_message(SYS, t(2), whatsapp(fx.alice, "still there?")).unwrap();
    assert_eq!(fx.conv(c).status, Status::Open);
    assert!(applied.events.contains(&Event::StatusChanged {
        conversation: c,
        from: Status::Pending,
        to: Status::Open,
        cause: StatusCause::Message
    }));
}

#[test]
fn no_response_for_one_hour_makes_an_open_conversation_pending() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    assert!(fx.ws.tick(t(59)).is_empty());
    assert_eq!(fx.ws.next_due(), Some(t(60)));
    let events = fx.ws.tick(t(60));
    assert_eq!(
        events,
        vec![Event::StatusChanged {
            conversation: c,
            from: Status::Open,
            to: Status::Pending,
            cause: StatusCause::Timer
        }]
    );
    assert_eq!(fx.conv(c).status, Status::Pending);
}

#[test]
fn each_exchanged_message_restarts_the_no_response_clock_but_notes_and_auto_replies_do_not() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.send_auto_reply(SYS, t(10), c, "We got your message").unwrap();
    fx.ws.add_note(Actor::User(fx.ana), t(20), c, "checking the order").unwrap();
    fx.reply(fx.ana, c, 30, "Looking into it");
    assert!(fx.ws.tick(t(89)).is_empty(), "the agent's reply at 30 restarted the clock");
    assert_eq!(fx.ws.tick(t(90)).len(), 1);
    assert_eq!(fx.conv(c).status, Status::Pending);
}

#[test]
fn the_pending_timeout_is_configurable_and_can_be_off() {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.pending_after_secs = Some(300);
    let mut fx = Fx::new(config);
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.tick(t(5));
    assert_eq!(fx.conv(c).status, Status::Pending);

    let mut config = WorkspaceConfig::reopen_on_reply();
    config.pending_after_secs = None;
    let mut fx = Fx::new(config);
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    assert!(fx.ws.tick(t(60 * 24 * 365)).is_empty());
    assert_eq!(fx.conv(c).status, Status::Open);
}

#[test]
fn resolved_for_seven_days_archives_the_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.close(Actor::User(fx.admin), t(10), c).unwrap();
    let week = 7 * 24 * 60;
    assert!(fx.ws.tick(t(10 + week - 1)).is_empty());
    let events = fx.ws.tick(t(10 + week));
    assert_eq!(
        events,
        vec![Event::StatusChanged {
            conversation: c,
            from: Status::Resolved,
            to: Status::Archived,
            cause: StatusCause::Timer
        }]
    );
}

#[test]
fn tick_changes_only_what_is_due() {
    let mut fx = Fx::reopen();
    let a = fx.inbound(fx.alice, 0, "first").conversation;
    let b = fx.inbound(fx.bob, 30, "second").conversation;
    let events = fx.ws.tick(t(75));
    assert_eq!(events.len(), 1);
    assert_eq!(fx.conv(a).status, Status::Pending);
    assert_eq!(fx.conv(b).status, Status::Open);
    assert_eq!(fx.ws.next_due(), Some(t(90)));
}

#[test]
fn under_reopen_on_reply_a_customer_message_reopens_a_resolved_or_archived_conversation() {
    for closed in [Status::Resolved, Status::Archived] {
        let mut fx = Fx::reopen();
        let c = fx.inbound(fx.alice, 0, "hello").conversation;
        fx.ws.set_status(Actor::User(fx.admin), t(1), c, closed).unwrap();
        let d = fx.inbound(fx.alice, 2, "one more thing");
        assert_eq!(d.conversation, c, "the message joins the closed conversation");
        assert_eq!(fx.conv(c).status, Status::Open);
        assert_eq!(fx.conv(c).closed_at, None);
    }
}

#[test]
fn under_reopen_on_reply_an_agent_reply_reopens_an_archived_conversation() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.archive(Actor::User(fx.admin), t(1), c).unwrap();
    let d = fx.reply(fx.ana, c, 2, "Following up");
    assert_eq!(d.conversation, c);
    assert_eq!(fx.conv(c).status, Status::Open);
}

#[test]
fn under_new_conversation_after_close_a_customer_message_starts_a_new_conversation() {
    let mut fx = Fx::tickets();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.close(Actor::User(fx.admin), t(1), c).unwrap();
    let applied = fx.ws.receive_message(SYS, t(2), whatsapp(fx.alice, "new question")).unwrap();
    let d = applied.value;
    assert_ne!(d.conversation, c);
    assert_eq!(fx.conv(c).status, Status::Resolved);
    assert_eq!(fx.conv(d.conversation).continued_from, Some(c));
    assert_eq!(fx.conv(d.conversation).origin, Origin::Continued);
    assert!(
        matches!(applied.events[0], Event::ConversationCreated { continued_from: Some(x), .. } if x == c)
    );
}

#[test]
fn under_new_conversation_after_close_an_agent_message_to_the_customer_starts_a_new_conversation() {
    let mut fx = Fx::tickets();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.close(Actor::User(fx.admin), t(1), c).unwrap();
    let d = fx.reply(fx.ana, c, 2, "One more thing from us");
    assert_ne!(d.conversation, c);
    assert_eq!(fx.conv(d.conversation).assignees, vec![fx.ana]);
    assert_eq!(fx.conv(c).messages.len(), 1);
    // ...and the customer's answer joins the new conversation.
    assert_eq!(fx.inbound(fx.alice, 3, "thanks").conversation, d.conversation);
}

#[test]
fn explicitly_reopening_a_closed_conversation_lets_future_messages_join_it() {
    let mut fx = Fx::tickets();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.close(Actor::User(fx.admin), t(1), c).unwrap();
    let newer = fx.inbound(fx.alice, 2, "new question").conversation;
    fx.ws.close(Actor::User(fx.admin), t(3), newer).unwrap();
    fx.ws.reopen(Actor::User(fx.ana), t(4), c).unwrap();
    assert_eq!(fx.inbound(fx.alice, 5, "about the first thing").conversation, c);
    assert_eq!(fx.ws.contact(SYS, fx.alice).unwrap().current_conversation, Some(c));
}

#[test]
fn a_new_conversation_gets_a_unique_id_whether_inbound_or_started_by_an_agent() {
    let mut fx = Fx::tickets();
    let inbound = fx.inbound(fx.alice, 0, "hello").conversation;
    let outbound = fx
        .ws
        .start_conversation(
            Actor::User(fx.ana),
            t(1),
            fx.bob,
            Outbound::text("Your order shipped").on(Channel::Sms),
        )
        .unwrap()
        .value
        .conversation;
    let internal = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(2), fx.ben, Outbound::text("can you take Bob?"))
        .unwrap()
        .value
        .conversation;
    let mut ids = vec![inbound, outbound, internal];
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(fx.conv(outbound).origin, Origin::Outbound);
    assert_eq!(fx.conv(outbound).assignees, vec![fx.ana], "the agent who starts a conversation is assigned");
}

#[test]
fn setting_the_current_status_again_changes_nothing() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    assert!(fx.ws.set_status(SYS, t(1), c, Status::Open).unwrap().events.is_empty());
}

#[test]
fn the_ai_handoff_request_puts_the_conversation_in_the_human_queue_as_pending() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "I want a person").conversation;
    let events = fx.ws.request_handoff(SYS, t(1), c, Some("customer asked for a human")).unwrap().events;
    assert_eq!(fx.conv(c).status, Status::Pending);
    assert_eq!(fx.conv(c).ai_mode, AiMode::Paused);
    assert!(events.iter().any(|e| matches!(e, Event::AiHandoffRequested { .. })));
}

fn whatsapp(contact: ContactId, body: &str) -> Inbound {
    Inbound {
        from: Sender::Contact { contact },
        channel: Channel::Whatsapp,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    }
}
