//! A tour of frontdesk: a small support team's morning, printed as a person
//! would read it, kept in an embedded SQLite file (the default store).
//!
//! Run with `cargo run --example tour` (the file goes to the system's temp
//! directory) or `cargo run --example tour -- path/to/inbox.db`. The tour
//! ends by reopening the file and showing the same tiles.

use chrono::{DateTime, Duration, Utc};
use frontdesk::*;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").map(|t| t.to_utc()).unwrap_or_default()
        + Duration::minutes(minutes)
}

fn main() -> Result<()> {
    let sys = Actor::System;
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("frontdesk-tour.db"));
    // The tour starts from an empty inbox each time.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite://{}", path.display());
    let config = WorkspaceConfig::reopen_on_reply().company("Acme Outdoor");
    let mut ws = frontdesk_store::open(&url, "acme-outdoor", Some(config))?;
    println!("(kept in {url}: every command below is committed before it returns)\n");
    // Who must be told what: each person's notifications, per their settings,
    // only about conversations they may see (drained below).
    ws.collect_notifications(true);

    println!("== Acme Outdoor's inbox, Monday 2 March 2026 ==\n");
    let grace =
        ws.apply(|w| w.add_user(sys, at(0), NewUser::new("Grace", "grace@acme.test", Role::Admin)))?.value;
    let sarah = ws
        .apply(|w| {
            w.add_user(
                sys,
                at(0),
                NewUser::new("Sarah", "sarah@acme.test", Role::Agent).availability(Availability::Online),
            )
        })?
        .value;
    let tom = ws
        .apply(|w| {
            w.add_user(
                sys,
                at(0),
                NewUser::new("Tom", "tom@acme.test", Role::Agent).availability(Availability::Online),
            )
        })?
        .value;
    println!("Team: Grace (admin), Sarah and Tom (agents).");

    let maria = ws
        .apply(|w| {
            w.add_contact(
                sys,
                at(0),
                NewContact::named("Maria Lopez").phone("+34 612 345 678").segment("VIP"),
            )
        })?
        .value;
    ws.apply(|w| w.add_contact(sys, at(0), NewContact::named("Jon Berg").email("jon@berg.test")))?;

    // 09:00 Maria writes on WhatsApp; the AI agent answers.
    let d = ws.apply(|w| {
        w.receive_message(
            sys,
            at(0),
            inbound("+34612345678", Channel::Whatsapp, "Hola! My tent pole snapped 🏕️"),
        )
    })?;
    let c = d.value.conversation;
    ws.apply(|w| w.send_ai_reply(sys, at(1), c, "Sorry to hear that! Could you send a photo of the pole?"))?;
    show(&ws, "09:01 Maria wrote on WhatsApp; the AI answered", c)?;

    // 09:05 a new customer emails in; unknown addresses become contacts.
    let jon = ws.apply(|w| {
        w.receive_message(sys, at(5), inbound("Jon@Berg.test", Channel::Email, "Do you ship to Norway?"))
    })?;
    println!(
        "09:05 Jon emailed (contact found by address): conversation #{} on {}\n",
        jon.value.conversation.get(),
        Channel::Email.label()
    );

    // 09:10 Maria asks for a person; Sarah takes over from the AI.
    ws.apply(|w| {
        w.receive_message(
            sys,
            at(10),
            inbound("+34 612 345 678", Channel::Whatsapp, "Can I talk to a person?"),
        )
    })?;
    ws.apply(|w| {
        w.send_ai_reply(sys, at(10), c, "Let me connect you with a team member who can better assist you.")
    })?;
    for event in ws.apply(|w| w.take_over(Actor::User(sarah), at(11), c))?.events {
        println!("  event: {}", describe(&ws, &event));
    }
    show(&ws, "09:11 Sarah took over", c)?;
    println!("Notifications so far:");
    for n in ws.take_notifications() {
        let channels: Vec<&str> = n.channels.iter().map(|ch| ch.as_str()).collect();
        println!(
            "  to {}: {} via {} ({})",
            ws.user(n.recipient)?.name,
            n.kind.as_str(),
            channels.join(", "),
            n.reason
        );
    }

    // Tom opens the conversation and starts typing too; Sarah replies first
    // and sends an invoice for a replacement pole.
    ws.signal_presence(Actor::User(tom), c, at(12), true)?;
    let present = ws.present(Actor::User(sarah), c, at(12))?;
    println!(
        "09:12 Sarah sees {} other(s) here; Tom is typing: {}",
        present.len(),
        present.iter().any(|p| p.typing)
    );
    let reply = ws.apply(|w| {
        w.send_message(
            Actor::User(sarah),
            at(12),
            c,
            Outbound::text("Hi Maria, I'm Sarah. A new pole is €24.99."),
        )
    })?;
    if reply.events.iter().any(|e| matches!(e, Event::ReplyCollision { .. })) {
        println!("09:12 Sarah's reply is sent, with a warning: Tom was typing in the same conversation");
    }
    let invoice = ws
        .apply(|w| {
            w.send_invoice(
                Actor::User(sarah),
                at(13),
                c,
                NewInvoice {
                    kind: PaymentKind::Invoice,
                    amount_minor: 2499,
                    currency: "EUR".into(),
                    description: "Replacement tent pole".into(),
                },
            )
        })?
        .value;
    ws.apply(|w| {
        w.add_note(Actor::User(sarah), at(14), c, "Warranty expired last month, so she pays for the pole.")
    })?;

    // Closing with an unpaid invoice is refused; so is deletion by an agent.
    refuse("09:15 Sarah tries to close it", ws.apply(|w| w.close(Actor::User(sarah), at(15), c)));
    refuse("09:15 Tom tries to delete it", ws.apply(|w| w.delete_conversation(Actor::User(tom), at(15), c)));

    // Tom's screen watches the Team inbox: the live feed is what a websocket
    // forwards to him after each command, and never more than he may see.
    ws.watch_views(Actor::User(tom), vec![WatchedView::new(View::TeamInbox)])?;
    let start = ws.take_feed(Actor::User(tom))?;
    let count =
        |f: &Feed| f.views.first().and_then(|v| v.count).map_or("unchanged".into(), |n| n.to_string());
    println!("09:15 Tom's screen watches the Team inbox (count {})", count(&start));

    // Confidential: only Sarah (and admins) may see this one from now on.
    ws.apply(|w| w.set_visibility(Actor::User(sarah), at(16), c, Visibility::users([sarah])))?;
    let feed = ws.take_feed(Actor::User(tom))?;
    let gone: Vec<String> = feed.gone.iter().map(|id| id.to_string()).collect();
    println!(
        "09:16 Tom's feed: conversation {} gone from his screen (the id only), Team inbox count now {}",
        gone.join(", "),
        count(&feed)
    );
    refuse("09:16 Tom opens it", ws.conversation(Actor::User(tom), c));
    refuse("09:16 Sarah assigns Tom", ws.apply(|w| w.assign(Actor::User(sarah), at(16), c, vec![tom], None)));

    // The payment arrives; now Sarah can close.
    ws.apply(|w| w.mark_invoice_paid(sys, at(30), invoice))?;
    ws.apply(|w| {
        w.send_message(Actor::User(sarah), at(31), c, Outbound::text("Paid, thanks! It ships today."))
    })?;
    ws.apply(|w| w.close(Actor::User(sarah), at(32), c))?;
    show(&ws, "09:32 paid and closed", c)?;

    // Nobody answered Jon for an hour: tick() moves it to pending.
    for event in ws.apply(|w| Ok(w.tick(at(66))))? {
        println!("10:06 tick: {}", describe(&ws, &event));
    }
    println!();

    // 10:30 Grace turns on auto-prioritization and auto-assignment.
    ws.apply(|w| {
        w.set_priority_rules(Actor::User(grace), at(90), prioritize::PriorityRules::default_rules())
    })?;
    ws.apply(|w| {
        w.set_routing(
            Actor::User(grace),
            at(90),
            vec![
                RoutingStrategy::ContactOwner,
                RoutingStrategy::PriorityBased,
                RoutingStrategy::LoadBalancing,
            ],
        )
    })?;
    println!(
        "10:30 Grace turns on auto-prioritization and auto-assignment (owner, then urgent first, then load)"
    );
    let shop = ws.apply(|w| {
        w.receive_message(
            sys,
            at(91),
            inbound("+44 20 7946 0011", Channel::Sms, "Our card terminal is down and customers are waiting"),
        )
    })?;
    for event in &shop.events {
        match event {
            Event::PriorityChanged { to, reason: Some(reason), .. } => {
                println!("  prioritized {to}: {reason}")
            }
            Event::Assigned { user, note: Some(note), .. } => {
                println!("  auto-assigned to {}: {note}", ws.user(*user)?.name)
            }
            _ => {}
        }
    }

    // 12:00 everyone is at lunch: a new conversation waits in the queue.
    ws.apply(|w| w.set_availability(Actor::User(sarah), at(180), sarah, Availability::Away))?;
    ws.apply(|w| w.set_availability(Actor::User(tom), at(180), tom, Availability::Away))?;
    let lunch = ws.apply(|w| {
        w.receive_message(sys, at(181), inbound("+1 202 555 0142", Channel::Whatsapp, "Is my order shipped?"))
    })?;
    for event in &lunch.events {
        if let Event::Queued { reason, .. } = event {
            println!("12:01 a WhatsApp message arrives: {reason}");
        }
    }
    for event in
        ws.apply(|w| w.set_availability(Actor::User(tom), at(200), tom, Availability::Online))?.events
    {
        if let Event::Assigned { note: Some(note), .. } = event {
            println!("12:20 Tom is back online and gets it: {note}");
        }
    }

    // Tom answers from a template.
    ws.apply(|w| {
        w.add_template(
        Actor::User(grace),
        at(200),
        "greeting",
        "Hi {{customer_name | \"there\"}}! Thanks for reaching out to {{company_name}}. I'm {{agent_name}}.",
        false,
    )
    })?;
    let found = ws.find_templates("/gre", 3);
    let text = ws.render_template(
        Actor::User(tom),
        at(201),
        lunch.value.conversation,
        &found[0].name,
        &Default::default(),
    )?;
    println!("12:21 Tom types /gre and sends the \"{}\" template: {text}\n", found[0].name);

    println!("== Maria's transcript, as the customer would receive it ==");
    print!("{}", ws.export_text(Actor::User(grace), c, Audience::Customer)?);
    println!("\n(the private note about the warranty is left out of the customer's copy)");
    let _ = maria;

    // Close the file, open it again: the same inbox, the same live counts.
    let tiles = ws.tiles(Actor::User(sarah))?;
    ws.close();
    let reopened = frontdesk_store::open(&url, "acme-outdoor", None)?;
    let again = reopened.tiles(Actor::User(sarah))?;
    println!("\n== Reopened {url} ==");
    println!("Sarah's tiles before closing: {tiles:?}");
    println!("Sarah's tiles after reopening: {again:?}");
    assert_eq!(tiles, again, "the reopened inbox differs");
    Ok(())
}

fn inbound(handle: &str, channel: Channel, body: &str) -> Inbound {
    Inbound {
        from: Sender::Address { handle: handle.into() },
        channel,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    }
}

fn show(ws: &Workspace, title: &str, c: ConversationId) -> Result<()> {
    let conv = ws.conversation(Actor::System, c)?;
    let names: Vec<String> =
        conv.assignees.iter().map(|u| ws.user(*u).map(|u| u.name.clone()).unwrap_or_default()).collect();
    println!("{title}:");
    println!(
        "  conversation #{} · {} · status {} · AI {} · assigned to {} · {} unreplied, {} answered only by the AI",
        c.get(),
        conv.channel.label(),
        conv.status,
        conv.ai_mode,
        if names.is_empty() { "nobody".to_string() } else { names.join(", ") },
        conv.reply.unreplied,
        conv.reply.answered_by_ai,
    );
    println!();
    Ok(())
}

fn refuse<T>(what: &str, result: Result<T>) {
    match result {
        Ok(_) => println!("{what}: allowed"),
        Err(e) => println!("{what}: refused [{}] {e}", e.code()),
    }
}

fn describe(ws: &Workspace, event: &Event) -> String {
    let name = |u: &UserId| ws.user(*u).map(|u| u.name.clone()).unwrap_or_default();
    match event {
        Event::AiModeChanged { from, to, .. } => format!("AI mode {from} → {to}"),
        Event::Assigned { user, .. } => format!("assigned to {}", name(user)),
        Event::TakenOver { by, .. } => format!("{} took over from the AI", name(by)),
        Event::StatusChanged { conversation, from, to, cause } => {
            format!("conversation #{} {from} → {to} ({cause:?})", conversation.get())
        }
        other => format!("{other:?}"),
    }
}
