//! Manual assignment, team routing, AI take-over and hand-off.

mod common;
use common::*;
use frontdesk::*;

#[test]
fn several_users_can_be_assigned_with_a_note_that_reaches_the_events() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let events = fx
        .ws
        .assign(Actor::User(fx.ana), t(1), c, vec![fx.ben, fx.ana], Some("billing question"))
        .unwrap()
        .events;
    assert_eq!(fx.conv(c).assignees, vec![fx.ana, fx.ben]);
    assert_eq!(
        events,
        vec![
            Event::Assigned {
                conversation: c,
                user: fx.ana,
                by: Some(fx.ana),
                note: Some("billing question".into())
            },
            Event::Assigned {
                conversation: c,
                user: fx.ben,
                by: Some(fx.ana),
                note: Some("billing question".into())
            },
        ]
    );
    assert!(fx.ws.assign(Actor::User(fx.ana), t(2), c, vec![fx.ben], None).unwrap().events.is_empty());
}

#[test]
fn transfer_replaces_the_assignees_and_unassign_removes_them() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.ana), t(1), c, vec![fx.ana], None).unwrap();
    let events = fx
        .ws
        .transfer(Actor::User(fx.ana), t(2), c, vec![fx.ben], Some("you know the product"))
        .unwrap()
        .events;
    assert_eq!(fx.conv(c).assignees, vec![fx.ben]);
    assert!(matches!(events[0], Event::Unassigned { user, .. } if user == fx.ana));
    fx.ws.unassign(Actor::User(fx.ben), t(3), c, vec![fx.ben]).unwrap();
    assert!(fx.conv(c).assignees.is_empty());
}

#[test]
fn assigning_a_removed_user_is_refused_with_user_deleted() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.assign(Actor::User(fx.admin), t(1), c, vec![fx.cleo], None).unwrap();
    let events = fx.ws.remove_user(Actor::User(fx.admin), t(2), fx.cleo).unwrap().events;
    assert!(events.contains(&Event::Unassigned { conversation: c, user: fx.cleo, by: Some(fx.admin) }));
    assert!(fx.conv(c).assignees.is_empty());
    let (admin, cleo) = (fx.admin, fx.cleo);
    let err = refused(&mut fx.ws, |ws| ws.assign(Actor::User(admin), t(3), c, vec![cleo], None));
    assert_eq!(err, Error::UserDeleted { user: cleo });
    let err = refused(&mut fx.ws, |ws| ws.add_note(Actor::User(cleo), t(3), c, "still here?"));
    assert_eq!(err, Error::UserDeleted { user: cleo });
}

#[test]
fn the_last_admin_cannot_be_removed() {
    let mut fx = Fx::reopen();
    let admin = fx.admin;
    assert_eq!(refused(&mut fx.ws, |ws| ws.remove_user(Actor::User(admin), t(0), admin)).code(), "forbidden");
}

#[test]
fn assigning_to_a_team_routes_to_the_least_loaded_available_member() {
    let mut fx = Fx::reopen();
    let team =
        fx.ws.add_team(Actor::User(fx.admin), t(0), "Support", vec![fx.ana, fx.ben, fx.cleo]).unwrap().value;
    let busy = fx.inbound(fx.bob, 0, "busy").conversation;
    fx.ws.assign(SYS, t(0), busy, vec![fx.ana], None).unwrap();
    let c = fx.inbound(fx.alice, 1, "hello").conversation;
    let applied = fx.ws.assign_team(Actor::User(fx.admin), t(2), c, team, None).unwrap();
    // Cleo is offline; Ana has one open conversation; Ben has none.
    assert_eq!(applied.value, Some(fx.ben));
    assert_eq!(fx.conv(c).assignees, vec![fx.ben]);
    assert_eq!(fx.conv(c).team, Some(team));
    assert!(applied.events.contains(&Event::TeamAssigned { conversation: c, team, by: Some(fx.admin) }));
}

#[test]
fn a_team_with_nobody_available_keeps_the_conversation_unassigned_in_the_team() {
    let mut fx = Fx::reopen();
    let team = fx.ws.add_team(Actor::User(fx.admin), t(0), "Night shift", vec![fx.cleo]).unwrap().value;
    let c = fx.inbound(fx.alice, 1, "hello").conversation;
    let applied = fx.ws.assign_team(Actor::User(fx.admin), t(2), c, team, None).unwrap();
    assert_eq!(applied.value, None);
    assert!(fx.conv(c).assignees.is_empty());
    assert_eq!(fx.conv(c).team, Some(team));
}

#[test]
fn taking_over_from_the_ai_assigns_the_taker_pauses_the_ai_and_emits_a_hand_off() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    assert_eq!(fx.conv(c).ai_mode, AiMode::Active);
    let events = fx.ws.take_over(Actor::User(fx.ana), t(1), c).unwrap().events;
    assert_eq!(fx.conv(c).ai_mode, AiMode::Paused);
    assert_eq!(fx.conv(c).assignees, vec![fx.ana]);
    assert_eq!(
        events,
        vec![
            Event::AiModeChanged {
                conversation: c,
                from: AiMode::Active,
                to: AiMode::Paused,
                by: Some(fx.ana)
            },
            Event::Assigned { conversation: c, user: fx.ana, by: Some(fx.ana), note: None },
            Event::TakenOver { conversation: c, by: fx.ana },
        ]
    );
    let err = refused(&mut fx.ws, |ws| ws.send_ai_reply(SYS, t(2), c, "I can help!"));
    assert_eq!(err, Error::AiNotActive { conversation: c });
}

#[test]
fn resuming_the_ai_hands_the_conversation_back_unless_it_is_manual_only() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    fx.ws.take_over(Actor::User(fx.ana), t(1), c).unwrap();
    fx.ws.resume_ai(Actor::User(fx.ana), t(2), c).unwrap();
    assert_eq!(fx.conv(c).ai_mode, AiMode::Active);
    fx.ws.send_ai_reply(SYS, t(3), c, "Back to me").unwrap();
    fx.ws.set_ai_mode(Actor::User(fx.ana), t(4), c, AiMode::Manual).unwrap();
    let ana = fx.ana;
    assert_eq!(refused(&mut fx.ws, |ws| ws.resume_ai(Actor::User(ana), t(5), c)).code(), "ai_manual_only");
    assert_eq!(refused(&mut fx.ws, |ws| ws.send_ai_reply(SYS, t(5), c, "x")).code(), "ai_manual_only");
}

#[test]
fn a_manual_priority_is_pinned_with_its_reason_until_cleared() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    let events = fx
        .ws
        .set_priority(Actor::User(fx.ana), t(1), c, Priority::Urgent, Some("VIP outage"))
        .unwrap()
        .events;
    assert_eq!(
        events,
        vec![Event::PriorityChanged {
            conversation: c,
            from: Priority::Normal,
            to: Priority::Urgent,
            by: Some(fx.ana),
            reason: Some("VIP outage".into()),
            pinned: true
        }]
    );
    assert_eq!(fx.conv(c).priority_pin.as_ref().unwrap().reason.as_deref(), Some("VIP outage"));
    fx.ws.clear_priority_pin(Actor::User(fx.ana), t(2), c).unwrap();
    assert!(fx.conv(c).priority_pin.is_none());
    assert_eq!(fx.conv(c).priority, Priority::Urgent);
}

#[test]
fn the_host_may_not_take_over_as_if_it_were_a_person() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "hello").conversation;
    assert_eq!(refused(&mut fx.ws, |ws| ws.take_over(SYS, t(1), c)).code(), "forbidden");
}

#[test]
fn internal_chats_cannot_be_assigned() {
    let mut fx = Fx::reopen();
    let chat = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(0), fx.ana, Outbound::text("note to self"))
        .unwrap()
        .value
        .conversation;
    let ana = fx.ana;
    let err = refused(&mut fx.ws, |ws| ws.assign(Actor::User(ana), t(1), chat, vec![ana], None));
    assert_eq!(err.code(), "wrong_conversation_kind");
}
