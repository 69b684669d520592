//! Routing and replies: auto-prioritization against 200 keyword rules, one
//! auto-assignment decision among 500 agents, and rendering a template.
//!
//! `cargo bench -p frontdesk-benches --bench routing`

use chrono::{DateTime, Duration, Utc};
use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use frontdesk::prioritize::{PriorityCondition, PriorityRule, PriorityRules, PrioritySignals};
use frontdesk::template::{RenderContext, Template};
use frontdesk::*;
use frontdesk_benches::SplitMix64;

const SYS: Actor = Actor::System;

fn epoch() -> DateTime<Utc> {
    frontdesk_benches::epoch()
}

/// The default rules plus 200 keyword rules of two words or phrases each.
fn rules_200() -> PriorityRules {
    let mut rules = PriorityRules::default_rules().rules;
    for i in 0..200 {
        rules.push(PriorityRule {
            id: format!("k{i}"),
            condition: PriorityCondition::KeywordsAny {
                keywords: vec![format!("keyword{i}"), format!("some phrase {i}")],
            },
            priority: Priority::High,
        });
    }
    PriorityRules { rules, ..PriorityRules::default() }
}

const MESSAGES: [&str; 4] = [
    "Hello, I ordered a pair of shoes last week and they still have not arrived. Could you tell me where my package is? Thanks, Maria",
    "Hi team, quick question about my invoice from March: the VAT number is missing and my accountant needs it for the quarterly filing before Friday. Can you resend it? Best regards, Jonas",
    "Bonjour, je voudrais changer l'adresse de livraison de ma commande numéro 48213, merci beaucoup pour votre aide rapide !",
    "The app keeps crashing when I open settings, it is not working at all since the update. Please fix ASAP",
];

fn prioritization(c: &mut Criterion) {
    let compiled = rules_200().compile().unwrap_or_else(|e| panic!("rules compile: {e}"));
    let mut group = c.benchmark_group("prioritize");
    group.throughput(Throughput::Elements(MESSAGES.len() as u64));
    group.bench_function(format!("{} rules, 4 messages", compiled.len()), |b| {
        b.iter(|| {
            for m in MESSAGES {
                black_box(compiled.decide(&PrioritySignals::new(black_box(m), Channel::Email)));
            }
        })
    });
    group.finish();
}

/// 500 agents (80% online, capacity 5, 30% speaking Spanish), 300 open
/// conversations spread over them, and two waiting conversations needing
/// Spanish: one visible to everyone, one restricted to 20 agents.
fn routing_workspace() -> (Workspace, ConversationId, ConversationId) {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.routing =
        vec![RoutingStrategy::ContactOwner, RoutingStrategy::SkillBased, RoutingStrategy::LoadBalancing];
    let mut ws = Workspace::new(config).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = SplitMix64::new(7);
    let mut users = Vec::new();
    for i in 0..500 {
        let availability = if rng.chance(80) { Availability::Online } else { Availability::Offline };
        let mut new = NewUser::new(format!("Agent {i}"), format!("agent{i}@example.com"), Role::Agent)
            .availability(availability)
            .capacity(5);
        if rng.chance(30) {
            new = new.skills(["spanish"]);
        }
        users.push(ws.add_user(SYS, epoch(), new).unwrap_or_else(|e| panic!("{e}")).value);
    }
    let contact =
        ws.add_contact(SYS, epoch(), NewContact::named("Lucía")).unwrap_or_else(|e| panic!("{e}")).value;
    // Give agents some load, through the real commands.
    for i in 0..300 {
        let c = ws
            .add_contact(SYS, epoch(), NewContact::named(format!("C{i}")))
            .unwrap_or_else(|e| panic!("{e}"))
            .value;
        let inbound = Inbound {
            from: Sender::Contact { contact: c },
            channel: Channel::Whatsapp,
            body: "hello".into(),
            attachments: vec![],
            campaign: None,
        };
        ws.receive_message(SYS, epoch() + Duration::seconds(i), inbound).unwrap_or_else(|e| panic!("{e}"));
    }
    ws.set_routing(SYS, epoch(), vec![]).unwrap_or_else(|e| panic!("{e}"));
    let inbound = Inbound {
        from: Sender::Contact { contact },
        channel: Channel::Whatsapp,
        body: "Hola, necesito ayuda".into(),
        attachments: vec![],
        campaign: None,
    };
    let conv = ws.receive_message(SYS, epoch(), inbound).unwrap_or_else(|e| panic!("{e}")).value.conversation;
    ws.set_required_skills(SYS, epoch(), conv, vec!["spanish".into()]).unwrap_or_else(|e| panic!("{e}"));
    let other =
        ws.add_contact(SYS, epoch(), NewContact::named("Ana")).unwrap_or_else(|e| panic!("{e}")).value;
    let inbound = Inbound {
        from: Sender::Contact { contact: other },
        channel: Channel::Sms,
        body: "Hola otra vez".into(),
        attachments: vec![],
        campaign: None,
    };
    let restricted =
        ws.receive_message(SYS, epoch(), inbound).unwrap_or_else(|e| panic!("{e}")).value.conversation;
    let visible: Vec<UserId> = users.iter().copied().step_by(25).collect();
    ws.set_visibility(SYS, epoch(), restricted, Visibility::users(visible)).unwrap_or_else(|e| panic!("{e}"));
    ws.set_required_skills(SYS, epoch(), restricted, vec!["spanish".into()])
        .unwrap_or_else(|e| panic!("{e}"));
    ws.set_routing(
        SYS,
        epoch(),
        vec![RoutingStrategy::ContactOwner, RoutingStrategy::SkillBased, RoutingStrategy::LoadBalancing],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (ws, conv, restricted)
}

fn routing(c: &mut Criterion) {
    let (ws, conv, restricted) = routing_workspace();
    for id in [conv, restricted] {
        let decision = ws.explain_routing(SYS, id).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(decision.outcome, RoutingOutcome::Assign { .. }), "{decision:?}");
    }
    let mut group = c.benchmark_group("route");
    group.bench_function("one decision among 500 agents", |b| {
        b.iter(|| black_box(ws.explain_routing(SYS, black_box(conv))))
    });
    group.bench_function("one decision among 500 agents, restricted to 20", |b| {
        b.iter(|| black_box(ws.explain_routing(SYS, black_box(restricted))))
    });
    group.bench_function("auto_assign command among 500 agents", |b| {
        b.iter_batched(
            || {
                let mut w = ws.clone();
                let _ = w.set_routing(SYS, epoch(), vec![]);
                w
            },
            |mut w| {
                let decision = w.auto_assign(SYS, epoch(), conv);
                // Hand the workspace back so dropping it is not timed.
                (w, black_box(decision))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn templates(c: &mut Criterion) {
    let greeting = Template::new(
        "greeting",
        "Hi {{customer_name}}! Thanks for reaching out to {{company_name}}. How can I help you today?",
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let appointment = Template::new(
        "appointment_confirmation",
        "Your appointment is confirmed for {{date}} at {{time}}. We'll send you a reminder 24 hours before.",
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ctx = RenderContext::new(epoch())
        .with_customer_name("Maria")
        .with_company_name("Acme Outdoor")
        .with_agent_name("Sarah");
    let mut group = c.benchmark_group("template");
    group.bench_function("render greeting", |b| b.iter(|| black_box(greeting.render(black_box(&ctx)))));
    group.bench_function("render date and time", |b| {
        b.iter(|| black_box(appointment.render(black_box(&ctx))))
    });
    group.finish();
}

criterion_group!(benches, prioritization, routing, templates);
criterion_main!(benches);
