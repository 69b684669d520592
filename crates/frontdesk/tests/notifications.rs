//! Notifications: who is told what, through which channels, and presence.

mod common;

use common::*;
use frontdesk::*;

fn collecting(config: WorkspaceConfig) -> Fx {
    let mut fx = Fx::new(config);
    fx.ws.collect_notifications(true);
    fx
}

/// `(recipient, kind)` of the notifications taken now, in order.
fn told(fx: &mut Fx) -> Vec<(UserId, AlertKind)> {
    fx.ws.take_notifications().into_iter().map(|n| (n.recipient, n.kind)).collect()
}

#[test]
fn workspace_defaults_reproduce_the_documented_notification_settings() {
    use DeliveryChannel::*;
    let overview = NotificationPreferences::overview_defaults();
    assert_eq!(overview.channels_for(AlertKind::NewConversation), vec![InApp, Email]);
    assert_eq!(overview.channels_for(AlertKind::AssignedToYou), DeliveryChannel::ALL.to_vec());
    assert_eq!(overview.channels_for(AlertKind::Urgent), DeliveryChannel::ALL.to_vec());
    assert_eq!(overview.channels_for(AlertKind::CustomerReplied), vec![]);
    let inbox = NotificationPreferences::inbox_defaults();
    assert_eq!(inbox.channels_for(AlertKind::NewConversation), vec![InApp, Sound]);
    assert_eq!(inbox.channels_for(AlertKind::CustomerReplied), vec![InApp]);
    // "☐ Status changes - None": off in both.
    assert_eq!(inbox.channels_for(AlertKind::StatusChanged), vec![]);
    assert_eq!(overview.channels_for(AlertKind::StatusChanged), vec![]);
    assert_eq!(WorkspaceConfig::reopen_on_reply().notification_defaults, overview);
    assert_eq!(WorkspaceConfig::new_conversation_after_close().notification_defaults, inbox);
}

#[test]
fn users_change_their_own_notification_settings_and_admins_anyones() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (ana, ben, admin) = (fx.ana, fx.ben, fx.admin);
    fx.ws
        .set_notification_channels(
            Actor::User(ana),
            t(1),
            ana,
            AlertKind::Urgent,
            vec![DeliveryChannel::Push],
        )
        .unwrap();
    assert_eq!(
        fx.ws.notification_preferences(Actor::User(ana), ana).unwrap().channels_for(AlertKind::Urgent),
        vec![DeliveryChannel::Push]
    );
    let err = refused(&mut fx.ws, |ws| {
        ws.set_notification_channels(Actor::User(ben), t(1), ana, AlertKind::Urgent, vec![])
    });
    assert_eq!(err.code(), "forbidden");
    assert!(fx.ws.notification_preferences(Actor::User(ben), ana).is_err());
    fx.ws.set_notification_channels(Actor::User(admin), t(2), ana, AlertKind::Urgent, vec![]).unwrap();
    assert!(fx.ws.notification_preferences(SYS, ana).unwrap().channels_for(AlertKind::Urgent).is_empty());
    fx.ws.reset_notification_preferences(Actor::User(ana), t(3), ana).unwrap();
    assert_eq!(
        fx.ws.notification_preferences(SYS, ana).unwrap(),
        NotificationPreferences::overview_defaults()
    );
}

#[test]
fn notification_settings_survive_a_snapshot() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let ana = fx.ana;
    fx.ws
        .set_notification_channels(
            Actor::User(ana),
            t(1),
            ana,
            AlertKind::Mentioned,
            vec![DeliveryChannel::Slack],
        )
        .unwrap();
    let back = Workspace::from_snapshot(fx.ws.snapshot()).unwrap();
    assert_eq!(
        back.notification_preferences(SYS, ana).unwrap().channels_for(AlertKind::Mentioned),
        vec![DeliveryChannel::Slack]
    );
}

#[test]
fn a_new_conversation_is_told_to_everyone_who_can_see_it() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let alice = fx.alice;
    let c = fx.inbound(alice, 1, "hello").conversation;
    let all = fx.ws.take_notifications().into_iter().map(|n| (n.recipient, n.kind)).collect::<Vec<_>>();
    assert_eq!(
        all,
        vec![
            (fx.admin, AlertKind::NewConversation),
            (fx.ana, AlertKind::NewConversation),
            (fx.ben, AlertKind::NewConversation),
            (fx.cleo, AlertKind::NewConversation)
        ]
    );
    let n = fx.ws.take_notifications();
    assert!(n.is_empty());
    let _ = c;
}

#[test]
fn nobody_is_told_about_a_conversation_they_cannot_see() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana, ben, admin) = (fx.alice, fx.ana, fx.ben, fx.admin);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.set_visibility(SYS, t(2), c, Visibility::users([ana])).unwrap();
    fx.ws.take_notifications();
    fx.ws.set_priority(SYS, t(3), c, Priority::Urgent, None).unwrap();
    assert_eq!(told(&mut fx), vec![(admin, AlertKind::Urgent), (ana, AlertKind::Urgent)]);
    // Ben is mentioned but cannot see the conversation: not told.
    fx.ws.add_note(Actor::User(ana), t(4), c, "@Ben have a look").unwrap();
    assert!(told(&mut fx).iter().all(|(u, _)| *u != ben));
}

#[test]
fn assigned_to_you_is_told_unless_you_assigned_yourself() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana, ben) = (fx.alice, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.take_notifications();
    fx.ws.assign(Actor::User(ana), t(2), c, vec![ana, ben], None).unwrap();
    assert_eq!(told(&mut fx), vec![(ben, AlertKind::AssignedToYou)]);
    let n = {
        fx.ws.assign(SYS, t(3), c, vec![fx.cleo], Some("vip")).unwrap();
        fx.ws.take_notifications()
    };
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].channels, DeliveryChannel::ALL.to_vec());
    assert_eq!(n[0].reason, "assigned to you by automation");
}

#[test]
fn customer_replied_is_told_to_the_assignees_who_want_it() {
    let mut fx = collecting(WorkspaceConfig::new_conversation_after_close());
    let (alice, ana, ben) = (fx.alice, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(2), c, vec![ana, ben], None).unwrap();
    fx.ws.set_notification_channels(Actor::User(ben), t(2), ben, AlertKind::CustomerReplied, vec![]).unwrap();
    fx.ws.take_notifications();
    fx.inbound(alice, 3, "any news?");
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::CustomerReplied)]);
    // The overview's settings leave "Customer response" unchecked.
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana) = (fx.alice, fx.ana);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(2), c, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    fx.inbound(alice, 3, "any news?");
    assert_eq!(told(&mut fx), vec![]);
}

#[test]
fn urgent_is_told_to_the_assignees_but_not_to_whoever_made_it_urgent() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana, ben) = (fx.alice, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(2), c, vec![ana, ben], None).unwrap();
    fx.ws.take_notifications();
    fx.ws.set_priority(Actor::User(ana), t(3), c, Priority::Urgent, Some("VIP")).unwrap();
    assert_eq!(told(&mut fx), vec![(ben, AlertKind::Urgent)]);
    // Setting it again is no new cause.
    fx.ws.set_priority(Actor::User(ana), t(4), c, Priority::Urgent, Some("VIP")).unwrap();
    assert_eq!(told(&mut fx), vec![]);
}

#[test]
fn sla_warning_is_told_once_per_waiting_period() {
    let mut fx = collecting(WorkspaceConfig::new_conversation_after_close());
    let (alice, ana) = (fx.alice, fx.ana);
    fx.ws.set_response_goals(SYS, t(0), Some(prioritize::ResponseGoals::default())).unwrap();
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(2), c, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    fx.ws.tick(t(1 + 121));
    let n = told(&mut fx);
    assert!(n.contains(&(ana, AlertKind::SlaWarning)), "{n:?}");
    fx.ws.tick(t(1 + 200));
    assert!(!told(&mut fx).contains(&(ana, AlertKind::SlaWarning)));
}

#[test]
fn pending_too_long_is_told_once_per_waiting_period() {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.pending_after_secs = Some(3600);
    config.pending_alert_after_secs = Some(4 * 3600);
    let mut fx = collecting(config);
    let (alice, ana) = (fx.alice, fx.ana);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(2), c, vec![ana], None).unwrap();
    fx.reply(ana, c, 3, "on it");
    fx.ws.take_notifications();
    let events = fx.ws.tick(t(3 + 60));
    assert!(events.iter().any(|e| matches!(e, Event::StatusChanged { to: Status::Pending, .. })));
    assert_eq!(told(&mut fx), vec![]);
    let events = fx.ws.tick(t(3 + 240));
    assert!(events.iter().any(|e| matches!(e, Event::PendingTooLong { .. })));
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::PendingTooLong)]);
    fx.ws.tick(t(3 + 600));
    assert_eq!(told(&mut fx), vec![]);
    // The alert mark survives a snapshot: no second alert after a reload.
    let mut back = Workspace::from_snapshot(fx.ws.snapshot()).unwrap();
    back.collect_notifications(true);
    back.tick(t(3 + 700));
    assert!(back.take_notifications().is_empty());
}

#[test]
fn mentioned_in_a_note_is_told_to_the_mentioned_user_only() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana, ben) = (fx.alice, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.take_notifications();
    fx.ws.add_note(Actor::User(ana), t(2), c, "@Ben can you check? @Ana").unwrap();
    assert_eq!(told(&mut fx), vec![(ben, AlertKind::Mentioned)]);
}

#[test]
fn removed_users_are_told_nothing() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, cleo) = (fx.alice, fx.cleo);
    fx.ws.remove_user(SYS, t(0), cleo).unwrap();
    fx.inbound(alice, 1, "hello");
    assert!(told(&mut fx).iter().all(|(u, _)| *u != cleo));
}

#[test]
fn notifications_are_not_collected_unless_asked() {
    let mut fx = Fx::reopen();
    let alice = fx.alice;
    fx.inbound(alice, 1, "hello");
    assert!(fx.ws.take_notifications().is_empty());
    fx.ws.collect_notifications(true);
    fx.inbound(alice, 2, "again");
    fx.ws.collect_notifications(false);
    assert!(fx.ws.take_notifications().is_empty());
}

#[test]
fn presence_lists_others_viewing_or_typing_until_the_ttl() {
    let mut fx = Fx::reopen();
    let (alice, ana, ben, cleo) = (fx.alice, fx.ana, fx.ben, fx.cleo);
    let c = fx.inbound(alice, 1, "hello").conversation;
    let at = |s: i64| t(2) + chrono::Duration::seconds(s);
    fx.ws.viewing(Actor::User(ana), c, at(0)).unwrap();
    fx.ws.typing(Actor::User(ben), c, at(5)).unwrap();
    let seen = fx.ws.present(Actor::User(ana), c, at(10)).unwrap();
    assert_eq!(seen, vec![Presence { user: ben, typing: true, last_seen: at(5) }]);
    let seen: Vec<UserId> =
        fx.ws.present(Actor::User(cleo), c, at(10)).unwrap().iter().map(|p| p.user).collect();
    assert_eq!(seen, vec![ana, ben]);
    // 30 s TTL: Ana's signal has expired at 31 s, Ben's still lasts.
    let seen: Vec<UserId> =
        fx.ws.present(Actor::User(cleo), c, at(31)).unwrap().iter().map(|p| p.user).collect();
    assert_eq!(seen, vec![ben]);
    // Presence is never in a snapshot.
    let back = Workspace::from_snapshot(fx.ws.snapshot()).unwrap();
    assert!(back.present(Actor::User(cleo), c, at(10)).unwrap().is_empty());
    // Only to those who can see the conversation, and only those who can.
    fx.ws.set_visibility(SYS, t(3), c, Visibility::users([ana])).unwrap();
    assert!(fx.ws.present(Actor::User(ben), c, t(3)).is_err());
}

#[test]
fn a_reply_while_another_agent_types_carries_a_collision_warning() {
    let mut fx = Fx::reopen();
    let (alice, ana, ben) = (fx.alice, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.typing(Actor::User(ben), c, t(2)).unwrap();
    fx.ws.typing(Actor::User(ana), c, t(2)).unwrap();
    let sent = fx.ws.send_message(Actor::User(ana), t(2), c, Outbound::text("hi")).unwrap();
    assert!(sent
        .events
        .iter()
        .any(|e| matches!(e, Event::ReplyCollision { typing, .. } if typing == &vec![ben])));
    // A minute later Ben's typing has expired: no warning.
    let sent = fx.ws.send_message(Actor::User(ana), t(3), c, Outbound::text("more")).unwrap();
    assert!(!sent.events.iter().any(|e| matches!(e, Event::ReplyCollision { .. })));
}

#[test]
fn ai_confidence_low_is_told_when_the_ai_replies_below_the_threshold() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana) = (fx.alice, fx.ana);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(1), c, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    let reply = |confidence| AiReply {
        body: "Your order ships tomorrow".into(),
        signals: AiReplySignals { confidence: Some(confidence), reasoning: None, intent: None },
    };
    // The AI mode may have changed with the assignment; make sure it answers.
    fx.ws.set_ai_mode(SYS, t(1), c, AiMode::Active).unwrap();
    fx.ws.send_ai_reply_with(SYS, t(2), c, reply(80)).unwrap();
    assert_eq!(told(&mut fx), vec![]);
    fx.ws.send_ai_reply_with(SYS, t(3), c, reply(35)).unwrap();
    let n = fx.ws.take_notifications();
    assert_eq!(
        n.iter().map(|n| (n.recipient, n.kind)).collect::<Vec<_>>(),
        vec![(ana, AlertKind::AiConfidenceLow)]
    );
    assert_eq!(n[0].channels, vec![DeliveryChannel::Email]);
}

#[test]
fn customer_satisfaction_feedback_is_told_to_the_assignees() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, ana) = (fx.alice, fx.ana);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(1), c, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    fx.ws.rate_satisfaction(SYS, t(2), c, 2, Some("slow")).unwrap();
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::CustomerSatisfaction)]);
}

#[test]
fn status_changes_are_told_to_others_who_opted_in_never_to_whoever_changed_them() {
    let mut fx = collecting(WorkspaceConfig::reopen_on_reply());
    let (alice, bob, admin, ana, ben) = (fx.alice, fx.bob, fx.admin, fx.ana, fx.ben);
    let c = fx.inbound(alice, 1, "hello").conversation;
    fx.ws.assign(SYS, t(1), c, vec![ana, ben], None).unwrap();
    fx.ws.take_notifications();
    // Off by default ("Status changes - None").
    fx.ws.close(Actor::User(ana), t(2), c).unwrap();
    assert_eq!(told(&mut fx), vec![]);
    for u in [ana, ben] {
        fx.ws
            .set_notification_channels(
                Actor::User(u),
                t(3),
                u,
                AlertKind::StatusChanged,
                vec![DeliveryChannel::InApp],
            )
            .unwrap();
    }
    // The assignees who opted in, never who changed it.
    fx.ws.reopen(Actor::User(ana), t(4), c).unwrap();
    let n = fx.ws.take_notifications();
    assert_eq!(
        n.iter().map(|n| (n.recipient, n.kind)).collect::<Vec<_>>(),
        vec![(ben, AlertKind::StatusChanged)]
    );
    assert_eq!(n[0].reason, "resolved to open by Ana");
    assert_eq!(n[0].channels, vec![DeliveryChannel::InApp]);
    fx.ws.set_status(Actor::User(ben), t(5), c, Status::Pending).unwrap();
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::StatusChanged)]);
    // The host's change is nobody's own: both assignees.
    fx.ws.set_status(SYS, t(6), c, Status::Open).unwrap();
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::StatusChanged), (ben, AlertKind::StatusChanged)]);
    // A hand-off to the human queue is a chosen change too.
    fx.ws.request_handoff(SYS, t(7), c, Some("asks for a person")).unwrap();
    assert_eq!(told(&mut fx), vec![(ana, AlertKind::StatusChanged), (ben, AlertKind::StatusChanged)]);
    // A customer reply reopening a resolved conversation is told by its own
    // kind (customer response, off here), not as a status change.
    fx.ws.close(SYS, t(8), c).unwrap();
    fx.ws.take_notifications();
    fx.inbound(alice, 9, "one more thing");
    assert_eq!(fx.conv(c).status, Status::Open);
    assert_eq!(told(&mut fx), vec![]);
    // Timed transitions (pending after an hour) tell nobody.
    fx.ws.tick(t(9 + 61));
    assert_eq!(fx.conv(c).status, Status::Pending);
    assert_eq!(told(&mut fx), vec![]);
    // Unassigned: everyone who can see it and opted in, but the actor.
    let d = fx.inbound(bob, 80, "hi").conversation;
    fx.ws.take_notifications();
    fx.ws
        .set_notification_channels(SYS, t(80), admin, AlertKind::StatusChanged, vec![DeliveryChannel::Email])
        .unwrap();
    fx.ws.set_status(Actor::User(ana), t(81), d, Status::Pending).unwrap();
    assert_eq!(told(&mut fx), vec![(admin, AlertKind::StatusChanged), (ben, AlertKind::StatusChanged)]);
}

#[test]
fn sla_escalation_is_told_when_automation_raises_the_priority_after_a_missed_goal() {
    let mut config = WorkspaceConfig::new_conversation_after_close();
    config.priority_rules = prioritize::PriorityRules::default_rules();
    config.response_goals = Some(prioritize::ResponseGoals::default());
    let mut fx = collecting(config);
    let (alice, bob, ana, ben) = (fx.alice, fx.bob, fx.ana, fx.ben);
    let c = fx.inbound(alice, 0, "Question about my order").conversation;
    fx.ws.assign(SYS, t(1), c, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    // Past the regular two-hour goal: the warning, then the waiting-time rule
    // raises the priority to high.
    fx.ws.tick(t(121));
    assert_eq!(fx.conv(c).priority, Priority::High);
    let n = fx.ws.take_notifications();
    assert_eq!(
        n.iter().map(|n| (n.recipient, n.kind)).collect::<Vec<_>>(),
        vec![(ana, AlertKind::SlaWarning), (ana, AlertKind::SlaEscalation)]
    );
    assert_eq!(n[1].reason, "raised to high after a missed response goal");
    // A person raising the priority is no escalation.
    let d = fx.inbound(bob, 130, "Another question").conversation;
    fx.ws.assign(SYS, t(131), d, vec![ana], None).unwrap();
    fx.ws.take_notifications();
    fx.ws.set_priority(Actor::User(ben), t(132), d, Priority::High, None).unwrap();
    assert_eq!(told(&mut fx), vec![]);
}
