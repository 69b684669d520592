//! What the host's AI and the customer say about a conversation: the AI's
//! confidence, reasoning and detected intent per reply, the conversation
//! summary and the customer's satisfaction rating (docs/semantics.md, "AI
//! signals").

mod common;

use common::*;
use frontdesk::query::sql::export_rows;
use frontdesk::*;

fn signals(confidence: Option<u32>, reasoning: &str, intent: &str) -> AiReplySignals {
    AiReplySignals { confidence, reasoning: Some(reasoning.into()), intent: Some(intent.into()) }
}

fn ai_reply(fx: &mut Fx, c: ConversationId, m: i64, s: AiReplySignals) -> Result<Applied<Delivered>> {
    fx.ws.send_ai_reply_with(SYS, t(m), c, AiReply { body: "Your parcel ships today.".into(), signals: s })
}

#[test]
fn an_ai_reply_keeps_the_confidence_reasoning_and_intent_the_host_supplied() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "where is my order?").conversation;
    let sent = ai_reply(&mut fx, c, 2, signals(Some(42), "  order 1001 is late  ", "order_status")).unwrap();
    let m = fx.conv(c).messages.iter().find(|m| m.id == sent.value.message).unwrap().clone();
    assert_eq!(m.author, Author::Ai);
    assert_eq!(m.ai_confidence(), Some(42));
    assert_eq!(
        m.ai.as_deref(),
        Some(&AiReplySignals {
            confidence: Some(42),
            reasoning: Some("order 1001 is late".into()),
            intent: Some("order_status".into()),
        })
    );
    // It answers the customer exactly as a plain AI reply does.
    assert_eq!(fx.conv(c).reply.unreplied, 0);
    assert_eq!(fx.conv(c).reply.answered_by_ai, 1);
    // A plain AI reply and every other message carry no signals.
    let plain = fx.ws.send_ai_reply(SYS, t(3), c, "Anything else?").unwrap().value.message;
    assert!(fx.conv(c).messages.iter().all(|m| m.id == sent.value.message || m.ai.is_none()), "{plain:?}");
    // Nothing supplied keeps nothing.
    let empty = ai_reply(&mut fx, c, 4, AiReplySignals::default()).unwrap().value.message;
    assert_eq!(fx.conv(c).messages.iter().find(|m| m.id == empty).unwrap().ai, None);
}

#[test]
fn an_ai_confidence_above_100_percent_is_refused_as_an_invalid_argument() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "hello").conversation;
    let err = refused(&mut fx.ws, |w| {
        w.send_ai_reply_with(
            SYS,
            t(2),
            c,
            AiReply {
                body: "Hi".into(),
                signals: AiReplySignals { confidence: Some(101), ..Default::default() },
            },
        )
    });
    assert_eq!(err.code(), "invalid_argument");
    assert!(err.to_string().contains("confidence"), "{err}");
    // The bounds themselves are percentages.
    for ok in [0, 100] {
        ai_reply(&mut fx, c, 3, AiReplySignals { confidence: Some(ok), ..Default::default() }).unwrap();
    }
    // A person cannot send as the AI, signals or not.
    let ana = Actor::User(fx.ana);
    let err = refused(&mut fx.ws, |w| {
        w.send_ai_reply_with(ana, t(4), c, AiReply { body: "Hi".into(), signals: AiReplySignals::default() })
    });
    assert_eq!(err.code(), "forbidden");
}

#[test]
fn the_ai_summary_is_kept_exported_and_found_by_free_text_search() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "where is my order?").conversation;
    let applied = fx.ws.set_summary(SYS, t(2), c, Some("  Customer asks about a delayed parcel ")).unwrap();
    assert_eq!(applied.events, vec![Event::SummaryUpdated { conversation: c }]);
    assert_eq!(fx.conv(c).summary.as_deref(), Some("Customer asks about a delayed parcel"));
    // Setting the same summary again changes nothing and says nothing.
    assert!(fx
        .ws
        .set_summary(SYS, t(3), c, Some("Customer asks about a delayed parcel"))
        .unwrap()
        .events
        .is_empty());
    // Searchable: "parcel" is in no message, only in the summary.
    let admin = Actor::User(fx.admin);
    assert_eq!(
        fx.ws.search_ids(admin, &query::parse("parcel", &Default::default()).unwrap(), t(4)).unwrap(),
        vec![c]
    );
    // Exported: the team transcript and the reference rows hold it.
    let team = fx.ws.transcript(admin, c, Audience::Team).unwrap();
    assert_eq!(team.summary.as_deref(), Some("Customer asks about a delayed parcel"));
    assert!(fx.ws.export_text(admin, c, Audience::Team).unwrap().contains("Summary: Customer asks"));
    assert_eq!(fx.ws.transcript(admin, c, Audience::Customer).unwrap().summary, None);
    let rows = export_rows(&fx.ws);
    let table = rows.table("conversations").unwrap();
    let col = table.columns.iter().position(|n| n == "summary").unwrap();
    assert_eq!(
        table.rows[0][col],
        frontdesk::query::sql::SqlValue::Text("Customer asks about a delayed parcel".into())
    );
    // Kept across a snapshot round trip.
    let again = Workspace::from_snapshot(fx.ws.snapshot()).unwrap();
    assert_eq!(again.conversation(SYS, c).unwrap().summary, fx.conv(c).summary);
    // Cleared by nothing; only the host writes summaries.
    fx.ws.set_summary(SYS, t(5), c, None).unwrap();
    assert_eq!(fx.conv(c).summary, None);
    assert!(fx
        .ws
        .search_ids(admin, &query::parse("parcel", &Default::default()).unwrap(), t(6))
        .unwrap()
        .is_empty());
    assert_eq!(refused(&mut fx.ws, |w| w.set_summary(admin, t(7), c, Some("x"))).code(), "forbidden");
}

#[test]
fn a_satisfaction_rating_is_1_to_5_and_the_latest_one_counts() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "hello").conversation;
    for bad in [0, 6] {
        let err = refused(&mut fx.ws, |w| w.rate_satisfaction(SYS, t(2), c, bad, None));
        assert_eq!(err.code(), "invalid_argument", "{bad}");
    }
    let applied = fx.ws.rate_satisfaction(SYS, t(2), c, 2, Some("slow")).unwrap();
    assert_eq!(applied.events, vec![Event::SatisfactionRated { conversation: c, rating: 2 }]);
    fx.ws.rate_satisfaction(SYS, t(3), c, 5, None).unwrap();
    let s = fx.conv(c).satisfaction.clone().unwrap();
    assert_eq!((s.rating, s.comment, s.at), (5, None, t(3)));
    let ana = Actor::User(fx.ana);
    assert_eq!(refused(&mut fx.ws, |w| w.rate_satisfaction(ana, t(4), c, 3, None)).code(), "forbidden");
    let chat = fx.ws.send_internal_message(ana, t(5), fx.ben, Outbound::text("lunch?")).unwrap();
    let err = refused(&mut fx.ws, |w| w.rate_satisfaction(SYS, t(6), chat.value.conversation, 3, None));
    assert_eq!(err.code(), "wrong_conversation_kind");
}

#[test]
fn satisfaction_by_agent_averages_the_ratings_of_the_conversations_assigned_to_them() {
    let mut fx = Fx::reopen();
    let (admin, ana) = (Actor::User(fx.admin), Actor::User(fx.ana));
    let a = fx.inbound(fx.alice, 1, "hello").conversation;
    let b = fx.inbound(fx.bob, 1, "hi").conversation;
    fx.ws.assign(admin, t(2), a, vec![fx.ana], None).unwrap();
    fx.ws.assign(admin, t(2), b, vec![fx.ana], None).unwrap();
    let before = fx.ws.agent_metrics(admin, fx.ana, t(3)).unwrap();
    assert_eq!((before.satisfaction_ratings, before.average_satisfaction), (0, None));
    fx.ws.rate_satisfaction(SYS, t(3), a, 5, None).unwrap();
    fx.ws.rate_satisfaction(SYS, t(3), b, 2, None).unwrap();
    let m = fx.ws.agent_metrics(ana, fx.ana, t(4)).unwrap();
    assert_eq!((m.satisfaction_ratings, m.average_satisfaction), (2, Some(3.5)));
    // Ben has none; the workspace has both.
    let ben = fx.ws.agent_metrics(admin, fx.ben, t(4)).unwrap();
    assert_eq!(ben.satisfaction_ratings, 0);
    assert_eq!(fx.ws.workspace_metrics(admin, t(4)).unwrap().average_satisfaction, Some(3.5));
    // A re-rating replaces the earlier rating in the average.
    fx.ws.rate_satisfaction(SYS, t(5), b, 4, None).unwrap();
    assert_eq!(fx.ws.agent_metrics(admin, fx.ana, t(5)).unwrap().average_satisfaction, Some(4.5));
    assert!(fx.ws.derived_state_is_consistent());
}

#[test]
fn the_team_transcript_shows_why_the_ai_responded_and_the_customer_transcript_does_not() {
    let mut fx = Fx::reopen();
    let admin = Actor::User(fx.admin);
    let c = fx.inbound(fx.alice, 1, "refund?").conversation;
    ai_reply(&mut fx, c, 2, signals(Some(30), "policy allows refunds in 30 days", "refund_request")).unwrap();
    fx.ws.rate_satisfaction(SYS, t(3), c, 4, None).unwrap();
    let team = fx.ws.transcript(admin, c, Audience::Team).unwrap();
    let entry = team.entries.iter().find(|e| e.from == "AI agent").unwrap();
    assert_eq!(entry.ai.as_ref().and_then(|a| a.intent.as_deref()), Some("refund_request"));
    assert_eq!(team.satisfaction, Some(4));
    let text = fx.ws.export_text(admin, c, Audience::Team).unwrap();
    assert!(text.contains("AI confidence 30%, intent refund_request, reasoning: policy allows"), "{text}");
    let customer = fx.ws.transcript(admin, c, Audience::Customer).unwrap();
    assert!(customer.entries.iter().all(|e| e.ai.is_none()));
    assert_eq!(customer.satisfaction, None);
    assert!(!fx.ws.export_json(admin, c, Audience::Customer).unwrap().contains("refund_request"));
}

#[test]
fn a_snapshot_with_an_out_of_range_ai_confidence_or_rating_is_refused() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "hello").conversation;
    ai_reply(&mut fx, c, 2, AiReplySignals { confidence: Some(50), ..Default::default() }).unwrap();
    fx.ws.rate_satisfaction(SYS, t(3), c, 3, None).unwrap();
    let good = serde_json::to_value(fx.ws.snapshot()).unwrap();
    assert!(Workspace::from_snapshot(serde_json::from_value(good.clone()).unwrap()).is_ok());
    let refused_after = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut bad = good.clone();
        edit(&mut bad);
        let snapshot: Snapshot = serde_json::from_value(bad).unwrap();
        Workspace::from_snapshot(snapshot).map(|_| ()).unwrap_err().code()
    };
    assert_eq!(
        refused_after(&|v| v["conversations"][0]["messages"][1]["ai"]["confidence"] = 101.into()),
        "invalid_snapshot"
    );
    assert_eq!(
        refused_after(&|v| v["conversations"][0]["messages"][0]["ai"] = serde_json::json!({"confidence": 5})),
        "invalid_snapshot"
    );
    assert_eq!(
        refused_after(&|v| v["conversations"][0]["satisfaction"]["rating"] = 0.into()),
        "invalid_snapshot"
    );
}
