//! Auto-assignment: each strategy on a hand-built workspace, the queue, and a
//! property test of eligibility.

mod common;
use common::*;
use frontdesk::*;
use proptest::prelude::*;

fn routed(chain: Vec<RoutingStrategy>) -> Fx {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.routing = chain;
    Fx::new(config)
}

fn assigned_by_routing(events: &[Event]) -> Vec<UserId> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Assigned { user, by: None, .. } => Some(*user),
            _ => None,
        })
        .collect()
}

#[test]
fn the_contact_owner_gets_the_contacts_new_inbound_conversations() {
    let mut fx = routed(vec![RoutingStrategy::ContactOwner, RoutingStrategy::LoadBalancing]);
    let routing = ContactRouting { assignees: vec![fx.ana], visibility: Visibility::Everyone };
    fx.ws.set_contact_routing(SYS, t(0), fx.alice, routing).unwrap();
    let c = fx.inbound(fx.alice, 1, "hi").conversation;
    assert_eq!(fx.conv(c).assignees, vec![fx.ana]);
    let other = fx.inbound(fx.bob, 2, "hello").conversation;
    let reason = fx.ws.explain_routing(SYS, other).unwrap();
    assert_eq!(reason.outcome, RoutingOutcome::NotRouted, "already assigned by load balancing");
}

#[test]
fn an_unavailable_contact_owner_is_skipped_and_the_chain_continues() {
    let mut fx = routed(vec![RoutingStrategy::ContactOwner, RoutingStrategy::LoadBalancing]);
    let routing = ContactRouting { assignees: vec![fx.cleo], visibility: Visibility::Everyone };
    fx.ws.set_contact_routing(SYS, t(0), fx.alice, routing).unwrap();
    let applied = fx
        .ws
        .receive_message(
            SYS,
            t(1),
            Inbound {
                from: Sender::Contact { contact: fx.alice },
                channel: Channel::Sms,
                body: "hi".into(),
                attachments: vec![],
                campaign: None,
            },
        )
        .unwrap();
    // Cleo is offline; Ana and Ben are online with no load; Ana has the lower id.
    assert_eq!(assigned_by_routing(&applied.events), vec![fx.ana]);
    let note = applied.events.iter().find_map(|e| match e {
        Event::Assigned { note, .. } => note.clone(),
        _ => None,
    });
    assert!(note.unwrap().starts_with("load balancing"), "the event carries the reason");
}

#[test]
fn without_auto_assignment_predefined_assignees_get_the_conversation_even_when_offline() {
    let mut fx = Fx::reopen();
    let routing = ContactRouting { assignees: vec![fx.cleo], visibility: Visibility::Everyone };
    fx.ws.set_contact_routing(SYS, t(0), fx.alice, routing).unwrap();
    let c = fx.inbound(fx.alice, 1, "hi").conversation;
    assert_eq!(fx.conv(c).assignees, vec![fx.cleo]);
}

#[test]
fn round_robin_gives_eligible_agents_new_conversations_in_turn() {
    let mut fx = routed(vec![RoutingStrategy::RoundRobin]);
    fx.ws.set_availability(SYS, t(0), fx.admin, Availability::Offline).unwrap();
    let mut got = Vec::new();
    for i in 0..4 {
        let contact = fx.ws.add_contact(SYS, t(i), NewContact::named(format!("C{i}"))).unwrap().value;
        let c = fx.inbound(contact, i, "hi").conversation;
        got.push(fx.conv(c).assignees[0]);
    }
    assert_eq!(got, vec![fx.ana, fx.ben, fx.ana, fx.ben]);
}

#[test]
fn load_balancing_picks_the_agent_with_the_fewest_open_conversations_within_capacity() {
    let mut fx = routed(vec![RoutingStrategy::LoadBalancing]);
    fx.ws.set_user_routing(SYS, t(0), fx.ana, vec![], Some(1)).unwrap();
    let a = fx.inbound(fx.alice, 1, "a").conversation;
    assert_eq!(fx.conv(a).assignees, vec![fx.ana]);
    let b = fx.inbound(fx.bob, 2, "b").conversation;
    assert_eq!(fx.conv(b).assignees, vec![fx.ben]);
    let carl = fx.ws.add_contact(SYS, t(3), NewContact::named("Carl")).unwrap().value;
    let c = fx.inbound(carl, 3, "c").conversation;
    // Ana is at capacity (1) although she has the lowest id; Ben has no limit.
    assert_eq!(fx.conv(c).assignees, vec![fx.ben]);
}

#[test]
fn setting_a_capacity_alone_keeps_the_users_skills() {
    let mut fx = routed(vec![RoutingStrategy::LoadBalancing]);
    fx.ws.set_user_routing(SYS, t(0), fx.ana, vec!["billing".into()], None).unwrap();
    fx.ws.set_user_capacity(SYS, t(1), fx.ana, Some(2)).unwrap();
    let ana = fx.ws.user(fx.ana).unwrap();
    assert_eq!((ana.skills.clone(), ana.capacity), (vec!["billing".to_string()], Some(2)));
    let refused = fx.ws.set_user_capacity(Actor::User(fx.ben), t(2), fx.ana, None);
    assert_eq!(refused.unwrap_err().code(), "forbidden");
    assert_eq!(fx.ws.user(fx.ana).unwrap().capacity, Some(2));
}

#[test]
fn skill_based_routing_sends_a_conversation_only_to_agents_having_every_skill() {
    let mut fx = routed(vec![RoutingStrategy::SkillBased, RoutingStrategy::LoadBalancing]);
    fx.ws.set_availability(SYS, t(0), fx.admin, Availability::Offline).unwrap();
    fx.ws.set_user_routing(SYS, t(0), fx.ben, vec!["Billing".into(), "spanish".into()], None).unwrap();
    fx.ws.set_routing(SYS, t(0), vec![]).unwrap();
    let c = fx.inbound(fx.alice, 1, "hola, factura").conversation;
    fx.ws.set_required_skills(SYS, t(2), c, vec!["billing".into(), "spanish".into()]).unwrap();
    fx.ws.set_routing(SYS, t(3), vec![RoutingStrategy::SkillBased, RoutingStrategy::LoadBalancing]).unwrap();
    let decision = fx.ws.auto_assign(SYS, t(4), c).unwrap().value;
    assert_eq!(
        decision.outcome,
        RoutingOutcome::Assign { users: vec![fx.ben], strategy: RoutingStrategy::LoadBalancing }
    );
    assert!(decision.reason.contains("skills billing, spanish"), "{}", decision.reason);
}

#[test]
fn priority_based_routing_sends_urgent_conversations_to_the_least_loaded_agent() {
    let mut fx = routed(vec![RoutingStrategy::PriorityBased, RoutingStrategy::RoundRobin]);
    fx.ws.set_availability(SYS, t(0), fx.admin, Availability::Offline).unwrap();
    let first = fx.inbound(fx.alice, 1, "normal").conversation;
    assert_eq!(fx.conv(first).assignees, vec![fx.ana], "round robin starts with the lowest id");
    fx.ws.set_routing(SYS, t(2), vec![]).unwrap();
    let urgent = fx.inbound(fx.bob, 3, "outage!").conversation;
    fx.ws.set_priority(SYS, t(3), urgent, Priority::Urgent, None).unwrap();
    fx.ws.set_routing(SYS, t(4), vec![RoutingStrategy::PriorityBased, RoutingStrategy::RoundRobin]).unwrap();
    let d = fx.ws.auto_assign(SYS, t(5), urgent).unwrap().value;
    assert_eq!(
        d.outcome,
        RoutingOutcome::Assign { users: vec![fx.ben], strategy: RoutingStrategy::PriorityBased }
    );
}

#[test]
fn with_nobody_eligible_conversations_wait_and_are_assigned_in_priority_then_age_order_when_an_agent_comes_online(
) {
    let mut fx = routed(vec![RoutingStrategy::LoadBalancing]);
    for u in [fx.admin, fx.ana, fx.ben] {
        fx.ws.set_availability(SYS, t(0), u, Availability::Offline).unwrap();
    }
    let old = fx.inbound(fx.alice, 1, "first").conversation;
    let applied = fx
        .ws
        .receive_message(
            SYS,
            t(2),
            Inbound {
                from: Sender::Contact { contact: fx.bob },
                channel: Channel::Sms,
                body: "second".into(),
                attachments: vec![],
                campaign: None,
            },
        )
        .unwrap();
    let urgent = applied.value.conversation;
    assert!(applied
        .events
        .iter()
        .any(|e| matches!(e, Event::Queued { reason, .. } if reason.contains("offline"))));
    fx.ws.set_priority(SYS, t(3), urgent, Priority::Urgent, None).unwrap();
    assert_eq!(fx.ws.routing_queue(SYS).unwrap(), vec![urgent, old]);
    fx.ws.set_user_routing(SYS, t(4), fx.cleo, vec![], Some(1)).unwrap();
    let events = fx.ws.set_availability(SYS, t(5), fx.cleo, Availability::Online).unwrap().events;
    assert_eq!(assigned_by_routing(&events), vec![fx.cleo]);
    assert_eq!(fx.conv(urgent).assignees, vec![fx.cleo], "the urgent one goes first");
    assert_eq!(fx.ws.routing_queue(SYS).unwrap(), vec![old]);
    // Cleo closes the urgent one: capacity frees up and the next waiting one is hers.
    let events = fx.ws.close(Actor::User(fx.cleo), t(6), urgent).unwrap().events;
    assert_eq!(assigned_by_routing(&events), vec![fx.cleo]);
    assert_eq!(fx.conv(old).assignees, vec![fx.cleo]);
    assert!(fx.ws.routing_queue(SYS).unwrap().is_empty());
}

#[test]
fn explaining_a_routing_decision_changes_nothing() {
    let mut fx = routed(vec![RoutingStrategy::LoadBalancing]);
    let c = fx.inbound(fx.alice, 0, "hi").conversation;
    fx.ws.unassign(SYS, t(1), c, fx.conv(c).assignees.clone()).unwrap();
    let before = fx.ws.snapshot();
    let d = fx.ws.explain_routing(SYS, c).unwrap();
    assert!(matches!(d.outcome, RoutingOutcome::Assign { .. }));
    assert_eq!(fx.ws.snapshot(), before);
}

#[test]
fn a_team_uses_its_own_chain_among_its_members_and_bulk_assignment_uses_the_same_machinery() {
    let mut fx = Fx::reopen();
    let team = fx.ws.add_team(SYS, t(0), "Sales", vec![fx.ana, fx.ben]).unwrap().value;
    fx.ws.set_team_routing(SYS, t(0), team, Some(vec![RoutingStrategy::RoundRobin])).unwrap();
    let a = fx.inbound(fx.alice, 1, "a").conversation;
    let b = fx.inbound(fx.bob, 2, "b").conversation;
    assert!(fx.conv(a).assignees.is_empty(), "no workspace chain: new conversations wait for a person");
    let first = fx.ws.assign_team(SYS, t(3), a, team, Some("lead from the fair")).unwrap();
    assert_eq!(first.value, Some(fx.ana));
    assert!(first.events.contains(&Event::Assigned {
        conversation: a,
        user: fx.ana,
        by: None,
        note: Some("lead from the fair".into())
    }));
    let out = fx.ws.bulk(SYS, t(4), &[b], &BulkAction::AssignTeam { team });
    assert!(out[0].result.is_ok());
    assert_eq!(fx.conv(b).assignees, vec![fx.ben], "round robin continues within the team");
}

#[test]
fn a_routing_chain_may_not_repeat_a_step() {
    let mut fx = Fx::reopen();
    let err = refused(&mut fx.ws, |ws| {
        ws.set_routing(SYS, t(0), vec![RoutingStrategy::RoundRobin, RoutingStrategy::RoundRobin])
    });
    assert_eq!(err.code(), "invalid_argument");
}

// ----- property: eligibility and no idle waiting ---------------------------------

#[derive(Clone, Debug)]
enum Op {
    Inbound(u8),
    Availability(u8, bool),
    Capacity(u8, Option<u32>),
    Skills(u8, u8),
    RequireSkills(u8, u8),
    Close(u8),
    Unassign(u8),
    AssignTeam(u8),
    Visibility(u8, u8),
    Urgent(u8),
    TeamMembers(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..6).prop_map(Op::Inbound),
        3 => (0u8..6, any::<bool>()).prop_map(|(u, on)| Op::Availability(u, on)),
        1 => (0u8..6, proptest::option::of(0u32..3)).prop_map(|(u, c)| Op::Capacity(u, c)),
        1 => (0u8..6, 0u8..4).prop_map(|(u, s)| Op::Skills(u, s)),
        1 => (1u8..20, 0u8..4).prop_map(|(c, s)| Op::RequireSkills(c, s)),
        2 => (1u8..20).prop_map(Op::Close),
        1 => (1u8..20).prop_map(Op::Unassign),
        1 => (1u8..20).prop_map(Op::AssignTeam),
        1 => (1u8..20, 0u8..64).prop_map(|(c, m)| Op::Visibility(c, m)),
        1 => (1u8..20).prop_map(Op::Urgent),
        1 => (0u8..64).prop_map(Op::TeamMembers),
    ]
}

fn skills(mask: u8) -> Vec<String> {
    ["billing", "spanish"]
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn eligible(ws: &Workspace, u: &User, c: &Conversation, chain: &[RoutingStrategy]) -> bool {
    let load = ws
        .conversations(SYS)
        .unwrap()
        .iter()
        .filter(|x| !x.status.is_closed() && x.is_assigned_to(u.id))
        .count();
    !u.removed
        && u.availability == Availability::Online
        && ws.can_see(Actor::User(u.id), c.id)
        && c.team.is_none_or(|t| ws.team(t).unwrap().members.contains(&u.id))
        && u.capacity.is_none_or(|cap| (load as u32) < cap)
        && (!chain.contains(&RoutingStrategy::SkillBased)
            || c.required_skills.iter().all(|s| u.skills.contains(s)))
}

fn chain_for(ws: &Workspace, c: &Conversation) -> Vec<RoutingStrategy> {
    c.team.and_then(|t| ws.team(t).unwrap().routing.clone()).unwrap_or_else(|| ws.config().routing.clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn auto_assignment_never_picks_an_ineligible_agent_and_never_leaves_a_conversation_waiting_while_one_is_eligible(
        chain in proptest::sample::subsequence(
            vec![RoutingStrategy::ContactOwner, RoutingStrategy::SkillBased, RoutingStrategy::PriorityBased,
                 RoutingStrategy::LoadBalancing, RoutingStrategy::RoundRobin], 1..=5).prop_shuffle(),
        ops in proptest::collection::vec(op(), 40..100),
    ) {
        let mut config = WorkspaceConfig::reopen_on_reply();
        config.routing = chain;
        let mut ws = Workspace::new(config).unwrap();
        let users: Vec<UserId> = (0..6)
            .map(|i| {
                let role = if i == 0 { Role::Admin } else { Role::Agent };
                ws.add_user(SYS, t(0), NewUser::new(format!("U{i}"), format!("u{i}@x.io"), role)).unwrap().value
            })
            .collect();
        let team = ws.add_team(SYS, t(0), "Team", users[1..4].to_vec()).unwrap().value;
        let contacts: Vec<ContactId> = (0..6)
            .map(|i| ws.add_contact(SYS, t(0), NewContact::named(format!("C{i}"))).unwrap().value)
            .collect();
        ws.set_contact_routing(SYS, t(0), contacts[0], ContactRouting { assignees: vec![users[2]], visibility: Visibility::Everyone }).unwrap();
        for (step, op) in ops.iter().enumerate() {
            let now = t(step as i64 + 1);
            let conv = |i: u8| ConversationId(i as u64);
            let result = match op {
                Op::Inbound(c) => ws.receive_message(SYS, now, Inbound {
                    from: Sender::Contact { contact: contacts[*c as usize] },
                    channel: Channel::Whatsapp, body: "hi".into(), attachments: vec![], campaign: None,
                }).map(|a| a.events),
                Op::Availability(u, on) => ws.set_availability(SYS, now, users[*u as usize],
                    if *on { Availability::Online } else { Availability::Offline }).map(|a| a.events),
                Op::Capacity(u, cap) => {
                    let s = ws.user(users[*u as usize]).unwrap().skills.clone();
                    ws.set_user_routing(SYS, now, users[*u as usize], s, *cap).map(|a| a.events)
                }
                Op::Skills(u, m) => {
                    let cap = ws.user(users[*u as usize]).unwrap().capacity;
                    ws.set_user_routing(SYS, now, users[*u as usize], skills(*m), cap).map(|a| a.events)
                }
                Op::RequireSkills(c, m) => ws.set_required_skills(SYS, now, conv(*c), skills(*m)).map(|a| a.events),
                Op::Close(c) => ws.close(SYS, now, conv(*c)).map(|a| a.events),
                Op::Unassign(c) => match ws.conversation(SYS, conv(*c)) {
                    Ok(x) => { let a = x.assignees.clone(); ws.unassign(SYS, now, conv(*c), a).map(|a| a.events) }
                    Err(e) => Err(e),
                },
                Op::AssignTeam(c) => ws.assign_team(SYS, now, conv(*c), team, None).map(|a| a.events),
                Op::Visibility(c, m) => {
                    let list: Vec<UserId> = users.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, u)| *u).collect();
                    let v = if list.is_empty() { Visibility::Everyone } else { Visibility::users(list) };
                    ws.set_visibility(SYS, now, conv(*c), v).map(|a| a.events)
                }
                Op::Urgent(c) => ws.set_priority(SYS, now, conv(*c), Priority::Urgent, None).map(|a| a.events),
                Op::TeamMembers(m) => {
                    let list: Vec<UserId> = users.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, u)| *u).collect();
                    ws.set_team_members(SYS, now, team, list).map(|a| a.events)
                }
            };
            if let Ok(events) = result {
                for e in &events {
                    if let Event::Assigned { conversation, user, by: None, note: Some(_) } = e {
                        let c = ws.conversation(SYS, *conversation).unwrap();
                        let u = ws.user(*user).unwrap();
                        let chain = chain_for(&ws, c);
                        prop_assert!(u.availability == Availability::Online, "{} picked while offline", u.name);
                        prop_assert!(ws.can_see(Actor::User(u.id), c.id), "{} cannot see {}", u.name, c.id);
                        prop_assert!(c.team.is_none_or(|t| ws.team(t).unwrap().members.contains(&u.id)), "outside the team");
                        let load = ws.conversations(SYS).unwrap().iter().filter(|x| !x.status.is_closed() && x.is_assigned_to(u.id)).count();
                        prop_assert!(u.capacity.is_none_or(|cap| load as u32 <= cap), "{} over capacity", u.name);
                        prop_assert!(!chain.contains(&RoutingStrategy::SkillBased) || c.required_skills.iter().all(|s| u.skills.contains(s)));
                    }
                }
            }
            for id in ws.routing_queue(SYS).unwrap() {
                let c = ws.conversation(SYS, id).unwrap();
                prop_assert!(c.assignees.is_empty());
                let chain = chain_for(&ws, c);
                let chain = if chain.is_empty() { vec![RoutingStrategy::LoadBalancing] } else { chain };
                for u in ws.users() {
                    prop_assert!(!eligible(&ws, u, c, &chain), "{} waits while {} is eligible", id, u.name);
                }
            }
            prop_assert!(ws.derived_state_is_consistent());
        }
    }
}
