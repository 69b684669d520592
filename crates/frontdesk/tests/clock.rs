//! Time never runs backwards: processes sharing a workspace have clocks that
//! differ by milliseconds, so a command may arrive dated before a time the
//! workspace already applied. It is applied at the latest applied time
//! instead (clamp, not refuse). See docs/semantics.md, "Time".

mod common;
use chrono::Duration;
use common::{refused, t, Fx, SYS};
use frontdesk::*;

fn ms(n: i64) -> Duration {
    Duration::milliseconds(n)
}

fn query(text: &str) -> query::Query {
    query::parse(text, &query::ParseOptions::default()).unwrap()
}

#[test]
fn a_command_dated_before_the_latest_applied_time_is_applied_at_the_latest_time() {
    let mut fx = Fx::reopen();
    let conv = fx.inbound(fx.alice, 10, "Hi, where is my order?").conversation;
    assert_eq!(fx.ws.latest_time(), Some(t(10)));
    // Another process, 5 ms behind, answers.
    let ana = fx.ana;
    fx.ws.send_message(Actor::User(ana), t(10) - ms(5), conv, Outbound::text("On its way")).unwrap();
    let c = fx.conv(conv);
    assert_eq!(c.messages.iter().map(|m| m.at).collect::<Vec<_>>(), [t(10), t(10)]);
    assert_eq!(c.updated_at, t(10));
    assert_eq!(c.last_message_at, Some(t(10)));
    assert_eq!(fx.ws.latest_time(), Some(t(10)));
    // A later command moves the clock on as usual.
    fx.inbound(fx.alice, 12, "Thanks");
    assert_eq!(fx.conv(conv).messages.last().unwrap().at, t(12));
    assert_eq!(fx.ws.latest_time(), Some(t(12)));
}

#[test]
fn a_close_is_never_dated_before_the_conversation_was_created() {
    let mut fx = Fx::reopen();
    let conv = fx.inbound(fx.alice, 10, "Hi").conversation;
    let admin = fx.admin;
    fx.ws.close(Actor::User(admin), t(10) - Duration::seconds(3), conv).unwrap();
    let c = fx.conv(conv);
    assert_eq!(c.closed_at, Some(c.created_at));
    assert_eq!(fx.ws.conversation_metrics(SYS, conv).unwrap().resolution_ms, Some(0));
}

#[test]
fn metrics_never_report_a_negative_duration_when_clocks_disagree() {
    let mut fx = Fx::reopen();
    let conv = fx.inbound(fx.alice, 10, "Hi").conversation;
    let ana = fx.ana;
    fx.ws.send_message(Actor::User(ana), t(10) - ms(200), conv, Outbound::text("Hello!")).unwrap();
    fx.inbound(fx.alice, 11, "Can you help?");
    fx.ws.send_message(Actor::User(ana), t(11) - ms(900), conv, Outbound::text("Sure")).unwrap();
    let admin = fx.admin;
    fx.ws.close(Actor::User(admin), t(11) - ms(1), conv).unwrap();
    let m = fx.ws.conversation_metrics(SYS, conv).unwrap();
    assert_eq!(m.first_response_ms, Some(0));
    assert_eq!(m.average_response_ms, Some(0));
    assert_eq!(m.resolution_ms, Some(60_000));
    assert_eq!(m.duration_ms, 60_000);
    // A read dated before the latest time is answered at the latest time.
    let inbox = fx.ws.workspace_metrics(SYS, t(-1440)).unwrap();
    assert_eq!(inbox.average_first_response_ms, Some(0));
    assert_eq!((inbox.new_today, inbox.resolved_today), (1, 1));
}

#[test]
fn tick_with_an_earlier_now_changes_nothing() {
    let mut fx = Fx::reopen();
    let conv = fx.inbound(fx.alice, 0, "Hi").conversation;
    assert_eq!(fx.ws.tick(t(60)).len(), 1, "pending after an hour without a response");
    let before = fx.ws.snapshot();
    assert!(fx.ws.tick(t(30)).is_empty());
    assert!(fx.ws.tick(t(60) - ms(1)).is_empty());
    assert_eq!(fx.ws.snapshot(), before);
    assert_eq!(fx.ws.latest_time(), Some(t(60)));
    // A message dated before the tick restarts the pending clock from the
    // latest time, so its timer does not fire early.
    fx.inbound(fx.alice, 50, "Still there?");
    assert_eq!(fx.conv(conv).last_exchange_at, Some(t(60)));
    assert_eq!(fx.ws.next_due(), Some(t(120)));
    let ana = fx.ana;
    fx.ws.send_message(Actor::User(ana), t(55), conv, Outbound::text("Yes")).unwrap();
    assert!(fx.ws.tick(t(119)).is_empty());
}

#[test]
fn a_refused_command_does_not_advance_the_clock() {
    let mut fx = Fx::reopen();
    let conv = fx.inbound(fx.alice, 10, "Hi").conversation;
    let ben = fx.ben;
    // Ben is not assigned: he may not close it.
    let err = refused(&mut fx.ws, |ws| ws.close(Actor::User(ben), t(20), conv));
    assert_eq!(err.code(), "forbidden");
    assert_eq!(fx.ws.latest_time(), Some(t(10)));
    // So a command at 15 is applied at 15, not at the refused command's 20.
    let admin = fx.admin;
    fx.ws.close(Actor::User(admin), t(15), conv).unwrap();
    assert_eq!(fx.conv(conv).closed_at, Some(t(15)));
    assert_eq!(fx.ws.latest_time(), Some(t(15)));
}

#[test]
fn a_read_dated_before_the_latest_time_reads_at_the_latest_time_and_moves_nothing() {
    let mut fx = Fx::reopen();
    fx.inbound(fx.alice, 10, "Hi");
    // Yesterday, as another process's clock might say: today's conversation
    // is still created today.
    let found = fx.ws.search_ids(SYS, &query("created:today"), t(-1440)).unwrap();
    assert_eq!(found.len(), 1);
    let later = fx.ws.search_ids(SYS, &query("created:today"), t(2 * 1440)).unwrap();
    assert!(later.is_empty());
    assert_eq!(fx.ws.latest_time(), Some(t(10)), "reads never move the clock");
}

#[test]
fn the_latest_time_survives_a_snapshot_round_trip() {
    let mut fx = Fx::reopen();
    fx.inbound(fx.alice, 10, "Hi");
    // A tick moves the clock without stamping anything.
    fx.ws.tick(t(20));
    let restored = Workspace::from_json(&fx.ws.to_json().unwrap()).unwrap();
    assert_eq!(restored.latest_time(), Some(t(20)));
    assert_eq!(restored.snapshot(), fx.ws.snapshot());

    // A snapshot written before the latest time was stored: the latest
    // timestamp in its data.
    let mut old = fx.ws.snapshot();
    old.latest_time = None;
    let mut json: serde_json::Value = serde_json::to_value(&old).unwrap();
    json.as_object_mut().unwrap().remove("latest_time");
    let mut loaded = Workspace::from_json(&json.to_string()).unwrap();
    assert_eq!(loaded.latest_time(), Some(t(10)));
    let d = loaded.receive_message(SYS, t(5), inbound_from(fx.alice)).unwrap().value;
    assert_eq!(loaded.conversation(SYS, d.conversation).unwrap().messages.last().unwrap().at, t(10));

    // An empty workspace has applied nothing dated.
    let empty = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    assert_eq!(empty.latest_time(), None);
    let back = Workspace::from_snapshot(empty.snapshot()).unwrap();
    assert_eq!(back.latest_time(), None);
}

fn inbound_from(contact: ContactId) -> Inbound {
    Inbound {
        from: Sender::Contact { contact },
        channel: Channel::Whatsapp,
        body: "Hello again".into(),
        attachments: vec![],
        campaign: None,
    }
}
