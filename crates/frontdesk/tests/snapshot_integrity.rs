//! Loading checks every invariant the commands keep (docs/semantics.md,
//! "Loading"). Each test builds a valid workspace with commands, serializes
//! it, corrupts one field of the JSON and expects `invalid_snapshot` with a
//! reason naming the entity and the field.

mod common;
use common::{t, Fx, SYS};
use frontdesk::*;
use serde_json::{json, Value};

/// A workspace touching every kind of reference a snapshot holds.
struct W {
    fx: Fx,
    /// Alice's conversation: assigned to Ana, an unpaid invoice (#1) and a checkout (#2).
    c1: ConversationId,
    /// Bob's conversation: visible to Ben only, assigned to Ben, read by Ben.
    c2: ConversationId,
    /// The internal chat between Ana and Ben.
    chat: ConversationId,
    /// A deleted conversation (Carol's).
    gone: ConversationId,
}

fn world() -> W {
    let mut fx = Fx::reopen();
    let (admin, ana, ben) = (Actor::User(fx.admin), Actor::User(fx.ana), Actor::User(fx.ben));
    let c1 = fx.inbound(fx.alice, 1, "Where is my order?").conversation;
    fx.ws.take_over(ana, t(2), c1).unwrap();
    fx.invoice(fx.ana, c1, 3);
    let checkout = NewInvoice {
        kind: PaymentKind::Checkout,
        amount_minor: 100,
        currency: "EUR".into(),
        description: "Tip".into(),
    };
    fx.ws.send_invoice(ana, t(3), c1, checkout).unwrap();
    let c2 = fx.inbound(fx.bob, 4, "Hello").conversation;
    fx.ws.set_visibility(admin, t(5), c2, Visibility::users([fx.ben])).unwrap();
    fx.ws.assign(admin, t(5), c2, vec![fx.ben], None).unwrap();
    fx.ws.mark_read(ben, t(6), c2).unwrap();
    let chat =
        fx.ws.send_internal_message(ana, t(7), fx.ben, Outbound::text("lunch?")).unwrap().value.conversation;
    fx.ws.add_team(SYS, t(8), "Sales", vec![fx.ana, fx.ben]).unwrap();
    fx.ws.add_contact_note(ana, t(8), fx.alice, "prefers email").unwrap();
    let routing = ContactRouting { assignees: vec![fx.ben], visibility: Visibility::users([fx.ben]) };
    fx.ws.set_contact_routing(SYS, t(9), fx.bob, routing).unwrap();
    let carol =
        fx.ws.add_contact(SYS, t(9), NewContact::named("Carol").email("carol@example.com")).unwrap().value;
    let inbound = Inbound {
        from: Sender::Contact { contact: carol },
        channel: Channel::Webchat,
        body: "spam".into(),
        attachments: vec![],
        campaign: None,
    };
    let gone = fx.ws.receive_message(SYS, t(10), inbound).unwrap().value.conversation;
    fx.ws.delete_conversation(admin, t(11), gone).unwrap();
    fx.ws.set_routing(SYS, t(12), vec![RoutingStrategy::RoundRobin]).unwrap();
    fx.inbound(fx.alice, 13, "also this"); // joins c1
    let dave =
        fx.ws.add_contact(SYS, t(14), NewContact::named("Dave").phone("+33 1 23 45 67 89")).unwrap().value;
    fx.inbound(dave, 14, "Bonjour"); // routed round robin
    W { fx, c1, c2, chat, gone }
}

fn json_of(ws: &Workspace) -> Value {
    serde_json::from_str(&ws.to_json().unwrap()).unwrap()
}

/// Loads the corrupted JSON, expecting `invalid_snapshot`; returns the reason.
fn refused(ws: &Workspace, corrupt: impl FnOnce(&mut Value)) -> String {
    let mut v = json_of(ws);
    corrupt(&mut v);
    let err = Workspace::from_json(&v.to_string()).expect_err("the corrupted snapshot should be refused");
    assert_eq!(err.code(), "invalid_snapshot", "{err}");
    match err {
        Error::InvalidSnapshot { reason } => reason,
        other => panic!("{other:?}"),
    }
}

fn assert_names(reason: &str, parts: &[&str]) {
    for p in parts {
        assert!(reason.contains(p), "the reason {reason:?} does not name {p:?}");
    }
}

fn conv(v: &mut Value, id: ConversationId) -> &mut Value {
    v["conversations"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == json!(id.0)).unwrap()
}

fn user_ref(u: UserId) -> Value {
    json!(u.0)
}

#[test]
fn the_world_used_here_is_valid_and_round_trips() {
    let w = world();
    let ws = Workspace::from_json(&w.fx.ws.to_json().unwrap()).unwrap();
    assert_eq!(ws.snapshot(), w.fx.ws.snapshot());
    assert!(ws.derived_state_is_consistent());
    assert!(!w.fx.ws.snapshot().round_robin.is_empty(), "the world exercises round robin");
}

#[test]
fn a_snapshot_written_before_the_clock_was_kept_loads_even_when_its_times_go_backwards() {
    // Commands now clamp `now` to the latest applied time, but snapshots from
    // before that may hold messages out of time order and a close dated
    // before the creation; they must still load (with the latest time taken
    // from the data).
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 60, "late").conversation;
    fx.inbound(fx.alice, 70, "later");
    fx.ws.take_over(Actor::User(fx.ana), t(75), c).unwrap();
    fx.ws.close(Actor::User(fx.ana), t(80), c).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&fx.ws.to_json().unwrap()).unwrap();
    let conv = v["conversations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| x["id"] == serde_json::json!(c.0))
        .unwrap();
    conv["messages"][0]["at"] = serde_json::to_value(t(72)).unwrap();
    conv["closed_at"] = serde_json::to_value(t(0)).unwrap();
    v.as_object_mut().unwrap().remove("latest_time");
    let restored = Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("refused: {e}"));
    let conv = restored.conversation(Actor::System, c).unwrap();
    assert!(conv.messages[1].at < conv.messages[0].at && conv.closed_at.unwrap() < conv.created_at);
    assert!(restored.latest_time() >= Some(t(60)));
    assert!(restored.derived_state_is_consistent());
}

// ----- ids known ---------------------------------------------------------------

#[test]
fn a_snapshot_whose_assignee_does_not_exist_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["assignees"] = json!([2, 99]));
    assert_names(&r, &["conversation #1", "assignees", "user #99", "does not exist"]);
}

#[test]
fn a_snapshot_whose_visibility_list_names_an_unknown_user_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["visibility"]["users"] = json!([3, 42]));
    assert_names(&r, &["conversation #2", "visibility", "user #42"]);
}

#[test]
fn a_snapshot_whose_team_member_does_not_exist_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["teams"][0]["members"] = json!([2, 3, 77]));
    assert_names(&r, &["team #1", "members", "user #77"]);
}

#[test]
fn a_snapshot_whose_user_lists_an_unknown_team_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["users"][3]["teams"] = json!([5]));
    assert_names(&r, &["user #4", "teams", "team #5"]);
}

#[test]
fn a_snapshot_whose_contact_routing_names_an_unknown_user_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][1]["routing"]["assignees"] = json!([3, 50]));
    assert_names(&r, &["contact #2", "routing assignees", "user #50"]);
}

#[test]
fn a_snapshot_whose_conversation_names_an_unknown_contact_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["kind"]["contact"] = json!(40));
    assert_names(&r, &["conversation #1", "contact #40"]);
}

#[test]
fn a_snapshot_whose_message_author_does_not_exist_is_refused() {
    let w = world();
    let r =
        refused(&w.fx.ws, |v| conv(v, w.c1)["messages"][1]["author"] = json!({"kind": "user", "user": 12}));
    assert_names(&r, &["conversation #1", "author", "user #12"]);
}

#[test]
fn a_snapshot_whose_round_robin_names_an_unknown_user_or_team_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["round_robin"] = json!({"0": 31}));
    assert_names(&r, &["round_robin", "user #31"]);
    let r = refused(&w.fx.ws, |v| v["round_robin"] = json!({"7": 2}));
    assert_names(&r, &["round_robin", "team #7"]);
}

#[test]
fn a_snapshot_whose_deleted_visibility_names_an_unknown_user_is_refused() {
    let w = world();
    let gone = w.gone.0.to_string();
    let r = refused(&w.fx.ws, |v| v["deleted"][&gone] = json!({"kind": "users", "users": [66]}));
    assert_names(&r, &["deleted conversation #4", "visibility", "user #66"]);
}

#[test]
fn a_snapshot_whose_read_marker_names_an_unknown_user_or_conversation_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["read_markers"][0]["user"] = json!(20));
    assert_names(&r, &["read marker", "user #20"]);
    let r = refused(&w.fx.ws, |v| v["read_markers"][0]["conversation"] = json!(w.gone.0));
    assert_names(&r, &["read marker", "conversation #4", "not a live conversation"]);
}

#[test]
fn a_snapshot_whose_internal_chat_participant_does_not_exist_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        conv(v, w.chat)["kind"]["participants"] = json!([2, 9]);
        conv(v, w.chat)["visibility"]["users"] = json!([2, 9]);
    });
    assert_names(&r, &["conversation #3", "participants", "user #9"]);
}

#[test]
fn a_snapshot_whose_contact_note_author_does_not_exist_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][0]["notes"][0]["author"] = json!(13));
    assert_names(&r, &["contact #1", "notes[0] author", "user #13"]);
}

#[test]
fn a_snapshot_whose_priority_pin_names_an_unknown_user_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        conv(v, w.c1)["priority_pin"] = json!({"by": 15, "reason": null, "at": "2026-03-02T09:00:00Z"})
    });
    assert_names(&r, &["conversation #1", "priority_pin", "user #15"]);
}

// ----- ids unique and counters ahead ---------------------------------------------

#[test]
fn a_snapshot_whose_user_ids_are_not_sequential_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["users"][2]["id"] = json!(9));
    assert_names(&r, &["users[2]", "#9"]);
}

#[test]
fn a_snapshot_with_a_conversation_listed_twice_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let copy = conv(v, w.c1).clone();
        v["conversations"].as_array_mut().unwrap().push(copy);
    });
    assert_names(&r, &["conversation #1", "listed twice"]);
}

#[test]
fn a_snapshot_with_a_conversation_both_live_and_deleted_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["deleted"]["1"] = json!({"kind": "everyone"}));
    assert_names(&r, &["conversation #1", "both live and deleted"]);
}

#[test]
fn a_snapshot_with_a_conversation_neither_live_nor_deleted_is_refused() {
    let w = world();
    let gone = w.gone.0.to_string();
    let r = refused(&w.fx.ws, |v| {
        v["deleted"].as_object_mut().unwrap().remove(&gone);
    });
    assert_names(&r, &["conversation #4", "neither live nor deleted"]);
}

#[test]
fn a_snapshot_with_a_message_id_used_twice_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let first = conv(v, w.c1)["messages"][0]["id"].clone();
        conv(v, w.c2)["messages"][0]["id"] = first;
    });
    assert_names(&r, &["conversation #2", "message #1", "used by another message"]);
}

#[test]
fn a_snapshot_with_an_invoice_id_used_twice_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let c = conv(v, w.c1);
        c["invoices"][1]["id"] = json!(1);
        c["messages"][2]["kind"]["checkout"] = json!(1);
    });
    assert_names(&r, &["conversation #1", "invoice #1"]);
}

#[test]
fn a_snapshot_whose_next_message_is_not_ahead_of_every_message_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["next_message"] = json!(3));
    assert_names(&r, &["message #3", "next_message 3"]);
}

#[test]
fn a_snapshot_whose_next_invoice_is_not_ahead_of_every_invoice_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["next_invoice"] = json!(2));
    assert_names(&r, &["conversation #1", "invoice #2", "next_invoice 2"]);
}

#[test]
fn a_snapshot_whose_next_conversation_is_not_ahead_of_every_conversation_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["next_conversation"] = json!(5));
    assert_names(&r, &["conversation #5", "next_conversation 5"]);
}

// ----- who may see and handle a conversation ------------------------------------

#[test]
fn a_snapshot_whose_assignee_cannot_see_the_conversation_is_refused() {
    let w = world();
    // Conversation 2 is visible to Ben only; Ana is an agent.
    let r =
        refused(&w.fx.ws, |v| conv(v, w.c2)["assignees"] = json!([user_ref(w.fx.ana), user_ref(w.fx.ben)]));
    assert_names(&r, &["conversation #2", "assignees", "user #2", "cannot see"]);
}

#[test]
fn a_snapshot_whose_assignee_was_removed_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        v["users"][1]["removed"] = json!(true);
        v["users"][1]["availability"] = json!("offline");
        v["users"][1]["teams"] = json!([]);
        v["teams"][0]["members"] = json!([3]);
    });
    assert_names(&r, &["conversation #1", "assignees", "user #2", "removed"]);
}

#[test]
fn a_snapshot_whose_assignees_are_not_sorted_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["assignees"] = json!([2, 1]));
    assert_names(&r, &["conversation #1", "assignees", "sorted"]);
}

#[test]
fn a_snapshot_whose_restricted_visibility_list_is_empty_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        conv(v, w.c2)["visibility"]["users"] = json!([]);
        conv(v, w.c2)["assignees"] = json!([]);
    });
    assert_names(&r, &["conversation #2", "visibility", "names nobody"]);
}

#[test]
fn a_snapshot_whose_contact_routing_assignee_is_outside_its_visibility_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][1]["routing"]["assignees"] = json!([2, 3]));
    assert_names(&r, &["contact #2", "routing assignees", "user #2", "not in the routing visibility"]);
}

#[test]
fn a_snapshot_whose_waiting_conversation_is_assigned_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["awaiting_assignment"] = json!(true));
    assert_names(&r, &["conversation #1", "awaiting_assignment"]);
}

#[test]
fn a_snapshot_whose_team_and_user_disagree_on_membership_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["users"][3]["teams"] = json!([1]));
    assert_names(&r, &["user #4", "teams", "team #1"]);
    let r = refused(&w.fx.ws, |v| v["users"][1]["teams"] = json!([]));
    assert_names(&r, &["team #1", "members", "user #2"]);
}

#[test]
fn a_snapshot_whose_removed_user_still_belongs_to_a_team_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        v["users"][2]["removed"] = json!(true);
        v["users"][2]["availability"] = json!("offline");
        conv(v, w.c2)["assignees"] = json!([]);
    });
    assert_names(&r, &["user #3", "teams", "removed"]);
}

// ----- contacts ------------------------------------------------------------------

#[test]
fn a_snapshot_whose_contact_current_conversation_belongs_to_another_contact_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][0]["current_conversation"] = json!(w.c2.0));
    assert_names(&r, &["contact #1", "current_conversation", "conversation #2", "contact #2"]);
}

#[test]
fn a_snapshot_whose_contact_current_conversation_was_deleted_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][2]["current_conversation"] = json!(w.gone.0));
    assert_names(&r, &["contact #3", "current_conversation", "conversation #4", "not a live conversation"]);
}

#[test]
fn a_snapshot_with_two_users_sharing_an_email_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["users"][2]["email"] = json!("ana@acme.com"));
    assert_names(&r, &["user #3", "email", "ana@acme.com", "user #2"]);
    // Emails are stored lowercase; a differently cased copy is not a new address.
    let r = refused(&w.fx.ws, |v| v["users"][2]["email"] = json!("Ana@Acme.com"));
    assert_names(&r, &["user #3", "email", "lowercase"]);
}

#[test]
fn a_snapshot_with_two_contacts_sharing_a_phone_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][1]["phone"] = v["contacts"][0]["phone"].clone());
    assert_names(&r, &["contact #2", "phone", "+1234567890", "contact #1"]);
}

#[test]
fn a_snapshot_with_two_contacts_sharing_an_email_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][2]["email"] = json!("alice@example.com"));
    assert_names(&r, &["contact #3", "email", "alice@example.com", "contact #1"]);
}

#[test]
fn a_snapshot_with_two_contacts_sharing_an_identity_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        v["contacts"][1]["identities"] = json!([{"channel": "linkedin", "handle": "acme"}]);
        v["contacts"][2]["identities"] = json!([{"channel": "linkedin", "handle": "acme"}]);
    });
    assert_names(&r, &["contact #3", "identities", "linkedin", "acme", "contact #2"]);
}

#[test]
fn a_snapshot_whose_contact_phone_is_not_e164_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["contacts"][0]["phone"] = json!("001234567890"));
    assert_names(&r, &["contact #1", "phone", "E.164"]);
}

#[test]
fn a_snapshot_from_an_earlier_build_with_a_trunk_prefix_kept_in_a_phone_still_loads() {
    // Builds before the libphonenumber normalizer stored `+44 (0)20 ...` as
    // `+4402079460958`: E.164 in form, if not the number libphonenumber writes.
    let w = world();
    let mut v: serde_json::Value = serde_json::from_str(&w.fx.ws.to_json().unwrap()).unwrap();
    v["contacts"][0]["phone"] = json!("+4402079460958");
    let ws = Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("refused: {e}"));
    assert_eq!(ws.contacts(Actor::System).unwrap()[0].phone.as_deref(), Some("+4402079460958"));
}

// ----- status, invoices, messages ------------------------------------------------

#[test]
fn a_snapshot_whose_closed_conversation_holds_an_unpaid_invoice_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        conv(v, w.c1)["status"] = json!("resolved");
        conv(v, w.c1)["closed_at"] = json!("2026-03-02T10:00:00Z");
    });
    assert_names(&r, &["conversation #1", "status", "resolved", "unpaid invoice #1"]);
}

#[test]
fn a_snapshot_whose_closed_at_disagrees_with_the_status_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["status"] = json!("archived"));
    assert_names(&r, &["conversation #2", "closed_at", "missing", "archived"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["closed_at"] = json!("2026-03-02T10:00:00Z"));
    assert_names(&r, &["conversation #2", "closed_at", "set", "open"]);
}

#[test]
fn a_snapshot_whose_message_ids_do_not_increase_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let messages = conv(v, w.c1)["messages"].as_array_mut().unwrap();
        messages.swap(0, 1);
    });
    assert_names(&r, &["conversation #1", "ids must increase"]);
}

#[test]
fn a_snapshot_whose_last_message_at_is_not_the_last_message_time_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["last_message_at"] = json!("2030-01-01T00:00:00Z"));
    assert_names(&r, &["conversation #1", "last_message_at"]);
}

#[test]
fn a_snapshot_whose_conversation_has_no_message_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let c = conv(v, w.c2);
        c["messages"] = json!([]);
        c["last_message_at"] = Value::Null;
    });
    assert_names(&r, &["conversation #2", "messages"]);
}

#[test]
fn a_snapshot_whose_invoice_message_does_not_carry_it_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["messages"][1]["kind"] = json!({"kind": "text"}));
    assert_names(&r, &["conversation #1", "invoice #1", "does not carry it"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["invoices"][0]["kind"] = json!("checkout"));
    assert_names(&r, &["conversation #1", "invoice #1"]);
}

#[test]
fn a_snapshot_whose_invoice_amount_or_currency_is_invalid_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["invoices"][0]["amount_minor"] = json!(0));
    assert_names(&r, &["conversation #1", "invoice #1", "amount_minor"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.c1)["invoices"][0]["currency"] = json!("eu"));
    assert_names(&r, &["conversation #1", "invoice #1", "currency"]);
}

#[test]
fn a_snapshot_whose_unreplied_count_disagrees_with_waiting_since_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["reply"]["waiting_since"] = Value::Null);
    assert_names(&r, &["conversation #2", "reply", "unreplied", "waiting_since"]);
}

#[test]
fn a_snapshot_whose_internal_chat_has_a_status_workflow_or_ai_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.chat)["ai_mode"] = json!("active"));
    assert_names(&r, &["conversation #3", "ai_mode", "manual"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.chat)["status"] = json!("pending"));
    assert_names(&r, &["conversation #3", "status"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.chat)["assignees"] = json!([2]));
    assert_names(&r, &["conversation #3", "assignees"]);
}

#[test]
fn a_snapshot_with_two_internal_chats_for_the_same_pair_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| {
        let mut copy = conv(v, w.chat).clone();
        copy["id"] = json!(w.gone.0);
        copy["messages"][0]["id"] = json!(500);
        v["next_message"] = json!(501);
        v["deleted"].as_object_mut().unwrap().remove(&w.gone.0.to_string());
        v["conversations"].as_array_mut().unwrap().push(copy);
    });
    assert_names(&r, &["conversation #4", "internal chat", "conversation #3"]);
}

#[test]
fn a_snapshot_whose_continuation_is_inconsistent_is_refused() {
    let w = world();
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["continued_from"] = json!(w.c1.0));
    assert_names(&r, &["conversation #2", "continued_from", "conversation #1"]);
    let r = refused(&w.fx.ws, |v| conv(v, w.c2)["origin"] = json!("continued"));
    assert_names(&r, &["conversation #2", "continued_from"]);
}

#[test]
fn a_snapshot_with_an_invalid_config_is_refused_as_an_invalid_snapshot() {
    let w = world();
    let r = refused(&w.fx.ws, |v| v["config"]["utc_offset_minutes"] = json!(5000));
    assert_names(&r, &["config", "utc_offset_minutes"]);
    let r = refused(&w.fx.ws, |v| v["config"]["routing"] = json!(["round_robin", "round_robin"]));
    assert_names(&r, &["config routing", "round_robin", "twice"]);
}
