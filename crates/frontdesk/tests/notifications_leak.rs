//! Property test: notifications never leak. After every step of random
//! command sequences (and every tick), for every user, each notification
//! they received concerns a conversation they can see at that moment, they
//! are a live user, it is not about their own action, it is never repeated
//! for one cause, and its channels are the ones their preferences give.

mod common;
use chrono::Duration;
use common::t;
use common::world::{cmd, Cmd, World};
use common::SYS;
use frontdesk::*;
use proptest::prelude::*;
use std::collections::HashSet;

/// A step: one of the shared random commands, or one that exercises a
/// notification kind the shared ones do not (mentions, preferences, urgent).
#[derive(Clone, Debug)]
enum Step {
    World(Cmd),
    Mention { actor: u8, conv: u8, who: u8 },
    Prefs { actor: u8, user: u8, kind: u8, channels: u8 },
    Urgent { actor: u8, conv: u8 },
    Viewing { actor: u8, conv: u8, typing: bool },
    AiReply { conv: u8, confidence: u8 },
    Rate { conv: u8, rating: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => cmd().prop_map(Step::World),
        1 => (0u8..7, 1u8..10, 0u8..5).prop_map(|(actor, conv, who)| Step::Mention { actor, conv, who }),
        1 => (1u8..10, 0u8..100).prop_map(|(conv, confidence)| Step::AiReply { conv, confidence }),
        1 => (1u8..10, 1u8..6).prop_map(|(conv, rating)| Step::Rate { conv, rating }),
        1 => (0u8..7, 0u8..6, 0u8..10, any::<u8>()).prop_map(|(actor, user, kind, channels)| Step::Prefs { actor, user, kind, channels }),
        1 => (0u8..7, 1u8..10).prop_map(|(actor, conv)| Step::Urgent { actor, conv }),
        1 => (0u8..7, 1u8..10, any::<bool>()).prop_map(|(actor, conv, typing)| Step::Viewing { actor, conv, typing }),
    ]
}

const NAMES: [&str; 5] = ["Ada", "Bea", "Cal", "Dee", "Eve"];

fn apply(world: &mut World, step: &Step, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let conv = |i: u8| ConversationId(i as u64);
    match step {
        Step::World(c) => world.apply(c, now).map(|_| ()),
        Step::Mention { actor, conv: c, who } => {
            let actor = world.actor(*actor);
            let body = format!("@{} please look", NAMES[*who as usize % NAMES.len()]);
            world.ws.add_note(actor, now, conv(*c), &body).map(|_| ())
        }
        Step::Prefs { actor, user, kind, channels } => {
            let (actor, user) = (world.actor(*actor), world.user(*user));
            let kind = AlertKind::ALL[*kind as usize % AlertKind::ALL.len()];
            let channels = DeliveryChannel::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| channels & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect();
            world.ws.set_notification_channels(actor, now, user, kind, channels).map(|_| ())
        }
        Step::Urgent { actor, conv: c } => {
            let actor = world.actor(*actor);
            world.ws.set_priority(actor, now, conv(*c), Priority::Urgent, Some("escalated")).map(|_| ())
        }
        Step::AiReply { conv: c, confidence } => {
            let reply = AiReply {
                body: "AI here".into(),
                signals: AiReplySignals {
                    confidence: Some(u32::from(*confidence)),
                    reasoning: None,
                    intent: None,
                },
            };
            world.ws.send_ai_reply_with(SYS, now, conv(*c), reply).map(|_| ())
        }
        Step::Rate { conv: c, rating } => {
            world.ws.rate_satisfaction(SYS, now, conv(*c), u32::from(*rating), None).map(|_| ())
        }
        Step::Viewing { actor, conv: c, typing } => {
            let actor = world.actor(*actor);
            if *typing {
                world.ws.typing(actor, conv(*c), now)
            } else {
                world.ws.viewing(actor, conv(*c), now)
            }
        }
    }
}

/// Who acted in a step (a user, or nobody for the host and ticks).
fn acting(world: &World, step: &Step) -> Option<UserId> {
    let a = match step {
        Step::World(c) => match c {
            Cmd::Start { actor, .. }
            | Cmd::Send { actor, .. }
            | Cmd::Note { actor, .. }
            | Cmd::Internal { actor, .. }
            | Cmd::Invoice { actor, .. }
            | Cmd::Cancel { actor, .. }
            | Cmd::Assign { actor, .. }
            | Cmd::Unassign { actor, .. }
            | Cmd::Transfer { actor, .. }
            | Cmd::AssignTeam { actor, .. }
            | Cmd::TakeOver { actor, .. }
            | Cmd::Resume { actor, .. }
            | Cmd::SetAiMode { actor, .. }
            | Cmd::SetStatus { actor, .. }
            | Cmd::SetPriority { actor, .. }
            | Cmd::SetVisibility { actor, .. }
            | Cmd::Tag { actor, .. }
            | Cmd::Delete { actor, .. }
            | Cmd::Bulk { actor, .. }
            | Cmd::RemoveUser { actor, .. }
            | Cmd::Availability { actor, .. }
            | Cmd::ContactRouting { actor, .. }
            | Cmd::MarkRead { actor, .. }
            | Cmd::MarkUnread { actor, .. } => world.actor(*actor),
            _ => SYS,
        },
        Step::AiReply { .. } | Step::Rate { .. } => SYS,
        Step::Mention { actor, .. }
        | Step::Prefs { actor, .. }
        | Step::Urgent { actor, .. }
        | Step::Viewing { actor, .. } => world.actor(*actor),
    };
    a.user()
}

fn check(
    world: &World,
    got: &[Notification],
    actor: Option<UserId>,
) -> std::result::Result<(), TestCaseError> {
    let ws = &world.ws;
    let mut seen = HashSet::new();
    for n in got {
        let user = ws.user(n.recipient).unwrap();
        prop_assert!(!user.removed, "removed user {} was told {:?}", n.recipient, n);
        prop_assert!(
            ws.can_see(Actor::User(n.recipient), n.conversation),
            "{} was told about {} which they cannot see: {:?}",
            n.recipient,
            n.conversation,
            n
        );
        // Automation may assign someone because of what they did (routing
        // after they went online); every other kind is never about the
        // recipient's own action.
        if n.kind != AlertKind::AssignedToYou || n.reason != "assigned to you by automation" {
            prop_assert!(
                Some(n.recipient) != actor,
                "{} was told about their own action: {:?}",
                n.recipient,
                n
            );
        }
        prop_assert!(seen.insert((n.recipient, n.kind, n.conversation)), "told twice: {:?}", n);
        let prefs = ws.notification_preferences(SYS, n.recipient).unwrap();
        prop_assert!(!n.channels.is_empty());
        prop_assert_eq!(&n.channels, &prefs.channels_for(n.kind));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_shrink_iters: 1000, ..ProptestConfig::default() })]

    #[test]
    fn notifications_reveal_only_conversations_the_recipient_can_see(
        reopen in any::<bool>(),
        steps in proptest::collection::vec((step(), 0i64..90), 100..110),
    ) {
        let mut world = World::new(reopen);
        // Short goals and a pending alert so that tick raises them too.
        let mut snapshot = world.ws.snapshot();
        snapshot.config.pending_alert_after_secs = Some(3 * 3600);
        snapshot.config.response_goals =
            Some(prioritize::ResponseGoals { urgent_secs: 600, high_secs: 1800, normal_secs: 3600, low_secs: 7200 });
        world.ws = Workspace::from_snapshot(snapshot).unwrap();
        world.ws.collect_notifications(true);
        let mut minute = 0;
        let mut told = 0usize;
        let first = (Step::World(Cmd::Receive { contact: 0, channel: 0 }), 0);
        for (step, advance) in std::iter::once(&first).chain(&steps) {
            minute += advance;
            let now = t(minute);
            if minute % 5 == 0 {
                world.ws.tick(now);
                let got = world.ws.take_notifications();
                told += got.len();
                check(&world, &got, None)?;
            }
            let _ = apply(&mut world, step, now);
            let got = world.ws.take_notifications();
            told += got.len();
            check(&world, &got, acting(&world, step))?;
        }
        let got = {
            world.ws.tick(t(minute) + Duration::days(2));
            world.ws.take_notifications()
        };
        told += got.len();
        check(&world, &got, None)?;
        // Every sequence starts with a new conversation, which someone hears of.
        prop_assert!(told > 0);
    }
}
