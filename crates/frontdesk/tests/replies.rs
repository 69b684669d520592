//! Auto-prioritization, SLA warnings, reply templates and mentions, wired
//! into the workspace.

mod common;
use common::*;
use frontdesk::prioritize::{PriorityRules, ResponseGoals, SlaWarningKind};
use frontdesk::*;
use std::collections::BTreeMap;

fn prioritized() -> Fx {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.priority_rules = PriorityRules::default_rules();
    config.response_goals = Some(ResponseGoals::default());
    Fx::new(config)
}

fn priority_change(events: &[Event]) -> Option<(Priority, String)> {
    events.iter().find_map(|e| match e {
        Event::PriorityChanged { to, by: None, reason, .. } => {
            Some((*to, reason.clone().unwrap_or_default()))
        }
        _ => None,
    })
}

#[test]
fn an_urgency_keyword_makes_a_conversation_urgent_and_the_event_says_which_rule_fired() {
    let mut fx = prioritized();
    let applied = fx
        .ws
        .receive_message(
            SYS,
            t(0),
            Inbound {
                from: Sender::Contact { contact: fx.bob },
                channel: Channel::Whatsapp,
                body: "Our whole site is DOWN since this morning".into(),
                attachments: vec![],
                campaign: None,
            },
        )
        .unwrap();
    let c = applied.value.conversation;
    let (to, reason) = priority_change(&applied.events).expect("a priority change");
    assert_eq!(to, Priority::Urgent);
    assert!(reason.contains("is down"), "{reason}");
    assert_eq!(fx.conv(c).priority, Priority::Urgent);
    let explained = fx.ws.explain_priority(SYS, t(1), c).unwrap();
    assert!(explained.fired.iter().any(|f| f.rule_id == "urgent_keywords"));
}

#[test]
fn a_message_without_any_signal_keeps_the_normal_priority() {
    let mut fx = prioritized();
    let c = fx.inbound(fx.bob, 0, "What are your opening hours?").conversation;
    assert_eq!(fx.conv(c).priority, Priority::Normal);
}

#[test]
fn the_contacts_vip_segment_and_the_hosts_sentiment_signal_are_rules_too() {
    let mut fx = prioritized();
    let vip = fx.ws.add_contact(SYS, t(0), NewContact::named("Vera").segment("VIP")).unwrap().value;
    let c = fx.inbound(vip, 0, "hello").conversation;
    assert_eq!(fx.conv(c).priority, Priority::Urgent);

    let d = fx.inbound(fx.bob, 1, "I am not happy with this").conversation;
    let decision = fx.ws.record_ai_signals(SYS, t(2), d, Some(-0.9), Some("complaint")).unwrap().value;
    assert_eq!(decision.priority, Some(Priority::High));
    assert_eq!(fx.conv(d).priority, Priority::High);
    assert_eq!(
        fx.ws.record_ai_signals(SYS, t(3), d, Some(f32::NAN), None).unwrap_err().code(),
        "invalid_argument"
    );
}

#[test]
fn automation_never_lowers_a_priority_and_a_pinned_priority_stays() {
    let mut fx = prioritized();
    let c = fx.inbound(fx.bob, 0, "hello").conversation;
    fx.ws.set_priority(Actor::User(fx.ana), t(1), c, Priority::Urgent, Some("known outage")).unwrap();
    let events = fx.ws.receive_message(SYS, t(2), whatsapp(fx.bob, "I want a refund")).unwrap().events;
    assert_eq!(priority_change(&events), None, "high never lowers a pinned urgent");
    assert_eq!(fx.conv(c).priority, Priority::Urgent);
    // Unpinned, automation raises but never lowers.
    fx.ws.clear_priority_pin(Actor::User(fx.ana), t(3), c).unwrap();
    let events = fx.ws.receive_message(SYS, t(4), whatsapp(fx.bob, "refund please")).unwrap().events;
    assert_eq!(priority_change(&events), None, "high never lowers urgent");
    assert_eq!(fx.conv(c).priority, Priority::Urgent);
}

#[test]
fn a_manual_priority_pin_sticks_when_a_later_message_contains_a_keyword_unless_the_workspace_lets_automation_raise_pins(
) {
    let mut fx = prioritized();
    let c = fx.inbound(fx.bob, 0, "hello").conversation;
    fx.ws.set_priority(Actor::User(fx.ana), t(1), c, Priority::Low, Some("just a question")).unwrap();
    for (at, body) in [(2, "I want a refund"), (3, "this is urgent, the site is down")] {
        let events = fx.ws.receive_message(SYS, t(at), whatsapp(fx.bob, body)).unwrap().events;
        assert_eq!(priority_change(&events), None, "{body:?} leaves the pin alone");
    }
    assert_eq!(fx.conv(c).priority, Priority::Low);
    assert!(fx.conv(c).priority_pin.is_some());
    // The rules still explain what they would ask for.
    assert_eq!(fx.ws.explain_priority(SYS, t(3), c).unwrap().priority, Some(Priority::Urgent));

    // A workspace may let automation raise a pin (never lower it); the pin stays.
    let rules = PriorityRules { automation_raises_pinned_priority: true, ..PriorityRules::default_rules() };
    fx.ws.set_priority_rules(SYS, t(4), rules).unwrap();
    fx.ws.receive_message(SYS, t(5), whatsapp(fx.bob, "refund please")).unwrap();
    assert_eq!(fx.conv(c).priority, Priority::High);
    assert!(fx.conv(c).priority_pin.is_some());
    fx.ws.set_priority(Actor::User(fx.ana), t(6), c, Priority::Urgent, None).unwrap();
    let events = fx.ws.receive_message(SYS, t(7), whatsapp(fx.bob, "refund please")).unwrap().events;
    assert_eq!(priority_change(&events), None, "high never lowers a pinned urgent");
    assert_eq!(fx.conv(c).priority, Priority::Urgent);

    // The policy is kept in snapshots; rule lists written without it load as "the pin sticks".
    let json = fx.ws.to_json().unwrap();
    assert!(Workspace::from_json(&json).unwrap().config().priority_rules.automation_raises_pinned_priority);
    let old: PriorityRules = serde_json::from_str(r#"{"rules": []}"#).unwrap();
    assert!(!old.automation_raises_pinned_priority);
}

#[test]
fn tick_warns_once_when_an_urgent_conversation_is_not_answered_within_its_goal() {
    let mut fx = prioritized();
    let c = fx.inbound(fx.bob, 0, "emergency: we were hacked").conversation;
    assert!(fx.ws.tick(t(14)).iter().all(|e| !matches!(e, Event::SlaWarning { .. })));
    let events = fx.ws.tick(t(15));
    assert!(events.contains(&Event::SlaWarning {
        conversation: c,
        kind: SlaWarningKind::UrgentNotAnswered,
        priority: Priority::Urgent,
        waiting_secs: 900,
        goal_secs: 900,
    }));
    assert!(
        fx.ws.tick(t(30)).iter().all(|e| !matches!(e, Event::SlaWarning { .. })),
        "once per waiting period"
    );
    // A human reply ends the waiting period; the next unanswered message starts a new one.
    fx.reply(fx.ana, c, 31, "On it");
    fx.ws.receive_message(SYS, t(32), whatsapp(fx.bob, "any news?")).unwrap();
    assert!(fx.ws.tick(t(47)).iter().any(|e| matches!(e, Event::SlaWarning { .. })));
}

#[test]
fn a_regular_conversation_waiting_past_its_goal_is_pending_too_long_and_escalates_to_high() {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.priority_rules = PriorityRules::default_rules();
    config.response_goals = Some(ResponseGoals::default());
    config.pending_after_secs = None;
    let mut fx = Fx::new(config);
    let c = fx.inbound(fx.bob, 0, "Question about my order").conversation;
    let events = fx.ws.tick(t(121));
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::SlaWarning { kind: SlaWarningKind::PendingTooLong, .. })));
    assert_eq!(priority_change(&events).map(|p| p.0), Some(Priority::High), "waiting past the regular goal");
    assert_eq!(fx.conv(c).priority, Priority::High);
}

#[test]
fn a_template_renders_with_the_conversations_customer_agent_company_and_local_time() {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.utc_offset_minutes = 60;
    let mut fx = Fx::new(config);
    fx.ws
        .add_template(
            SYS,
            t(0),
            "greeting",
            "Hi {{customer_name}}! Thanks for reaching out to {{company_name}}. I'm {{agent_name}}.",
            false,
        )
        .unwrap();
    fx.ws
        .add_template(SYS, t(0), "appointment_confirmation", "Confirmed for {{date}} at {{time}}.", false)
        .unwrap();
    let c = fx.inbound(fx.alice, 0, "hi").conversation;
    let none = BTreeMap::new();
    assert_eq!(
        fx.ws.render_template(Actor::User(fx.ana), t(5), c, "greeting", &none).unwrap(),
        "Hi Alice! Thanks for reaching out to Acme. I'm Ana."
    );
    assert_eq!(
        fx.ws.render_template(Actor::User(fx.ana), t(5), c, "appointment_confirmation", &none).unwrap(),
        "Confirmed for 2026-03-02 at 10:05."
    );
    assert_eq!(fx.ws.find_templates("/gre", 5)[0].name, "greeting");
}

#[test]
fn rendering_reports_every_missing_variable_with_its_span_never_a_silent_blank() {
    let mut fx = Fx::reopen();
    fx.ws
        .add_template(
            SYS,
            t(0),
            "order",
            "Order {{order_id}} ships {{ship_date}}, {{customer_name | \"friend\"}}",
            false,
        )
        .unwrap();
    let unknown = fx
        .ws
        .receive_message(
            SYS,
            t(0),
            Inbound {
                from: Sender::Address { handle: "+1 555 000 1111".into() },
                channel: Channel::Sms,
                body: "hi".into(),
                attachments: vec![],
                campaign: None,
            },
        )
        .unwrap()
        .value
        .conversation;
    let err =
        fx.ws.render_template(Actor::User(fx.ana), t(1), unknown, "order", &BTreeMap::new()).unwrap_err();
    let Error::MissingVariables { missing } = &err else { panic!("{err:?}") };
    let spans: Vec<(usize, usize)> = missing.iter().map(|m| (m.span.start, m.span.end)).collect();
    assert_eq!(spans, vec![(6, 18), (25, 38)]);
    assert_eq!(err.code(), "missing_variables");
    let mut values = BTreeMap::new();
    values.insert("order_id".to_string(), "A-17".to_string());
    values.insert("ship_date".to_string(), "today".to_string());
    assert_eq!(
        fx.ws.render_template(Actor::User(fx.ana), t(1), unknown, "order", &values).unwrap(),
        "Order A-17 ships today, friend"
    );
    let vars = fx.ws.template_variables("order").unwrap();
    assert_eq!(vars.manual.len(), 2);
}

#[test]
fn a_template_that_does_not_parse_is_refused_with_every_problem_and_its_span() {
    let mut fx = Fx::reopen();
    let err = refused(&mut fx.ws, |ws| ws.add_template(SYS, t(0), "bad", "Hi {{}} and {{name", false));
    let Error::TemplateSyntax { diagnostics } = &err else { panic!("{err:?}") };
    assert_eq!(diagnostics.len(), 2);
    assert_eq!((diagnostics[0].span.start, diagnostics[0].span.end), (3, 7));
    let ana = fx.ana;
    assert_eq!(
        refused(&mut fx.ws, |ws| ws.add_template(Actor::User(ana), t(0), "x", "y", false)).code(),
        "forbidden"
    );
}

#[test]
fn a_mention_in_a_note_notifies_that_user_and_never_reaches_the_customer() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "my invoice is wrong").conversation;
    let applied =
        fx.ws.add_note(Actor::User(fx.ana), t(1), c, "@Ben can you check the invoice? cc @Cleo").unwrap();
    let mentioned: Vec<UserId> = applied
        .events
        .iter()
        .filter_map(|e| match e {
            Event::UserMentioned { user, .. } => Some(*user),
            _ => None,
        })
        .collect();
    assert_eq!(mentioned, vec![fx.ben, fx.cleo]);
    assert!(!fx.ws.export_text(SYS, c, Audience::Customer).unwrap().contains("@Ben"));
}

#[test]
fn a_mention_typed_in_a_message_to_the_customer_is_sent_with_a_mention_in_customer_message_warning_and_notifies_nobody(
) {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "my invoice is wrong").conversation;
    let applied = fx
        .ws
        .send_message(Actor::User(fx.ana), t(1), c, Outbound::text("@Ben will check it, thanks!"))
        .unwrap();
    let message = applied.value.message;
    assert!(applied.events.iter().all(|e| !matches!(e, Event::UserMentioned { .. })), "nobody is notified");
    let warning =
        Event::MentionInCustomerMessage { conversation: c, message, users: vec![fx.ben], by: fx.ana };
    assert!(applied.events.contains(&warning), "{:?}", applied.events);
    let json = serde_json::to_value(&warning).unwrap();
    assert_eq!(json["type"], "mention_in_customer_message");
    // Sent as written: the customer sees it.
    assert!(fx.ws.export_text(SYS, c, Audience::Customer).unwrap().contains("@Ben will check it"));
    // A new conversation started with a mention warns the same way.
    let started = fx
        .ws
        .start_conversation(
            Actor::User(fx.ben),
            t(2),
            fx.bob,
            Outbound::text("Hi, @Ana asked me to write").on(Channel::Sms),
        )
        .unwrap();
    assert!(started.events.iter().any(
        |e| matches!(e, Event::MentionInCustomerMessage { users, by, .. } if *users == vec![fx.ana] && *by == fx.ben)
    ));
    // An email address, or an @ that names nobody, is no mention.
    for body in ["write to ana@acme.com", "see @nobody", "50 @ 3 EUR"] {
        let events = fx.ws.send_message(Actor::User(fx.ana), t(3), c, Outbound::text(body)).unwrap().events;
        assert!(events.iter().all(|e| !matches!(e, Event::MentionInCustomerMessage { .. })), "{body:?}");
    }
}

#[test]
fn a_user_who_cannot_see_the_conversation_is_not_notified_by_a_mention() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 0, "confidential").conversation;
    fx.ws.set_visibility(SYS, t(0), c, Visibility::users([fx.ana])).unwrap();
    let events = fx.ws.add_note(Actor::User(fx.ana), t(1), c, "@Ben look").unwrap().events;
    assert!(events.iter().all(|e| !matches!(e, Event::UserMentioned { .. })));
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
