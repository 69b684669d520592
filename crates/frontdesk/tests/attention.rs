//! Unreplied, unread, views, tiles and metrics: one test per rule of
//! docs/semantics.md ("Unreplied", "Unread", "Views and tiles").

mod common;
use common::*;
use frontdesk::*;

fn tiles(fx: &Fx, user: UserId) -> Tiles {
    fx.ws.tiles(Actor::User(user)).unwrap()
}

fn ids(page: &Page) -> Vec<ConversationId> {
    page.rows.iter().map(|r| r.conversation).collect()
}

// ----- unreplied -------------------------------------------------------------

#[test]
fn a_customer_message_stays_unreplied_until_a_human_agent_replies() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.inbound(fx.alice, 2, "Anyone there?");
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 2);
    fx.reply(fx.ana, d.conversation, 3, "Hi Alice");
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 0);
    assert_eq!(fx.ws.tiles(SYS).unwrap().unreplied_messages, 0);
}

#[test]
fn messages_answered_only_by_the_auto_responder_count_as_unreplied() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.ws.send_auto_reply(SYS, t(2), d.conversation, "We got your message").unwrap();
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 1);
    assert_eq!(tiles(&fx, fx.ana).unreplied_messages, 1);
}

#[test]
fn while_the_ai_handles_the_conversation_its_replies_answer() {
    let mut fx = Fx::reopen();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    assert_eq!(fx.conv(d.conversation).ai_mode, AiMode::Active);
    fx.ws.send_ai_reply(SYS, t(2), d.conversation, "Hi, I am the assistant").unwrap();
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 0);
    assert_eq!(tiles(&fx, fx.ana).unreplied_messages, 0);
}

#[test]
fn once_handed_from_ai_to_a_human_the_waiting_messages_count_as_unreplied_until_a_human_replies() {
    let mut fx = Fx::reopen();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.inbound(fx.alice, 2, "I need a refund");
    fx.ws.send_ai_reply(SYS, t(3), d.conversation, "Let me get someone").unwrap();
    fx.ws.take_over(Actor::User(fx.ana), t(4), d.conversation).unwrap();
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 2);
    let t1 = tiles(&fx, fx.ana);
    assert_eq!((t1.my_unreplied_messages, t1.needs_my_attention), (2, 1));
    fx.reply(fx.ana, d.conversation, 5, "Hi, Ana here");
    assert_eq!(tiles(&fx, fx.ana).my_unreplied_messages, 0);
    assert_eq!(tiles(&fx, fx.ana).waiting_for_customer, 1);
}

#[test]
fn an_ai_hand_off_request_also_makes_the_waiting_messages_unreplied() {
    let mut fx = Fx::reopen();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.ws.send_ai_reply(SYS, t(2), d.conversation, "Hi").unwrap();
    fx.ws.request_handoff(SYS, t(3), d.conversation, None).unwrap();
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 1);
}

#[test]
fn private_notes_and_internal_messages_never_answer() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.ws.add_note(Actor::User(fx.ana), t(2), d.conversation, "checking the order").unwrap();
    fx.ws
        .send_internal_message(Actor::User(fx.ana), t(3), fx.ben, Outbound::text("can you answer?"))
        .unwrap();
    assert_eq!(fx.conv(d.conversation).reply.unreplied, 1);
    assert_eq!(fx.ws.tiles(SYS).unwrap().unreplied_messages, 1);
}

#[test]
fn unreplied_is_counted_in_messages_and_in_conversations() {
    let mut fx = Fx::tickets();
    let a = fx.inbound(fx.alice, 1, "one");
    fx.inbound(fx.alice, 2, "two");
    let b = fx.inbound(fx.bob, 3, "three");
    for id in [a.conversation, b.conversation] {
        fx.ws.assign(SYS, t(4), id, vec![fx.ana], None).unwrap();
    }
    let tl = tiles(&fx, fx.ana);
    assert_eq!(tl.my_unreplied_messages, 3);
    assert_eq!(tl.needs_my_attention, 2);
}

// ----- unread ------------------------------------------------------------------

#[test]
fn a_message_is_unread_for_a_user_until_that_user_reads_the_conversation() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.inbound(fx.alice, 2, "Anyone?");
    let ana = Actor::User(fx.ana);
    assert_eq!(fx.ws.unread_count(ana, d.conversation).unwrap(), 2);
    assert_eq!(tiles(&fx, fx.ana).unread_conversations, 1);
    fx.ws.mark_read(ana, t(3), d.conversation).unwrap();
    assert_eq!(fx.ws.unread_count(ana, d.conversation).unwrap(), 0);
    assert_eq!(tiles(&fx, fx.ana).unread_conversations, 0);
    // Reading is per user: Ben has still read nothing.
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ben), d.conversation).unwrap(), 2);
    fx.inbound(fx.alice, 4, "Hello again");
    assert_eq!(fx.ws.unread_count(ana, d.conversation).unwrap(), 1);
    assert_eq!(tiles(&fx, fx.ana).unread_conversations, 1);
}

#[test]
fn a_users_own_messages_are_never_unread_to_them_and_writing_reads_the_conversation() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.reply(fx.ana, d.conversation, 2, "Hi!");
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ana), d.conversation).unwrap(), 0);
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ben), d.conversation).unwrap(), 2);
    fx.ws.add_note(Actor::User(fx.ben), t(3), d.conversation, "note").unwrap();
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ben), d.conversation).unwrap(), 0);
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ana), d.conversation).unwrap(), 1);
}

#[test]
fn mark_unread_makes_the_latest_message_from_someone_else_unread_again() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.reply(fx.ana, d.conversation, 2, "Hi!");
    let ana = Actor::User(fx.ana);
    fx.ws.mark_unread(ana, t(3), d.conversation).unwrap();
    assert_eq!(fx.ws.unread_count(ana, d.conversation).unwrap(), 1);
    assert_eq!(fx.ws.read_marker(ana, d.conversation).unwrap(), 0);
    assert_eq!(tiles(&fx, fx.ana).unread_conversations, 1);
}

#[test]
fn mark_unread_does_nothing_where_only_the_user_has_written() {
    let mut fx = Fx::tickets();
    let d =
        fx.ws.send_internal_message(Actor::User(fx.ana), t(1), fx.ana, Outbound::text("todo")).unwrap().value;
    fx.ws.mark_unread(Actor::User(fx.ana), t(2), d.conversation).unwrap();
    assert_eq!(fx.ws.unread_count(Actor::User(fx.ana), d.conversation).unwrap(), 0);
}

#[test]
fn unread_applies_to_every_conversation_the_user_can_see_assigned_or_not() {
    let mut fx = Fx::tickets();
    let a = fx.inbound(fx.alice, 1, "Hello?");
    fx.inbound(fx.bob, 2, "Hi");
    fx.ws.assign(SYS, t(3), a.conversation, vec![fx.ben], None).unwrap();
    assert_eq!(tiles(&fx, fx.ana).unread_conversations, 2);
}

#[test]
fn a_user_cannot_read_a_conversation_they_cannot_see_and_the_host_has_no_read_state() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.ws.set_visibility(SYS, t(2), d.conversation, Visibility::users([fx.ana])).unwrap();
    let err = refused(&mut fx.ws, |ws| ws.mark_read(Actor::User(fx.ben), t(3), d.conversation));
    assert_eq!(err, not_found(d.conversation));
    assert_eq!(tiles(&fx, fx.ben).unread_conversations, 0);
    let err = refused(&mut fx.ws, |ws| ws.mark_read(SYS, t(3), d.conversation));
    assert_eq!(err.code(), "forbidden");
    assert_eq!(fx.ws.unread_count(SYS, d.conversation).unwrap(), 0);
}

#[test]
fn read_markers_survive_a_snapshot_round_trip() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "Hello?");
    fx.inbound(fx.alice, 2, "Anyone?");
    fx.ws.mark_read(Actor::User(fx.ben), t(3), d.conversation).unwrap();
    fx.reply(fx.ana, d.conversation, 4, "Hi");
    fx.ws.mark_unread(Actor::User(fx.ana), t(5), d.conversation).unwrap();
    let back = Workspace::from_json(&fx.ws.to_json().unwrap()).unwrap();
    assert_eq!(back.snapshot(), fx.ws.snapshot());
    assert_eq!(back.tiles(Actor::User(fx.ana)).unwrap(), tiles(&fx, fx.ana));
    assert!(back.derived_state_is_consistent());
}

// ----- views, tiles and metrics ------------------------------------------------------

#[test]
fn internal_chats_appear_in_the_participants_my_inbox_and_team_inbox_only() {
    let mut fx = Fx::tickets();
    let d = fx
        .ws
        .send_internal_message(Actor::User(fx.ana), t(1), fx.ben, Outbound::text("lunch?"))
        .unwrap()
        .value;
    let q = ViewQuery::new(View::MyInbox);
    for (user, listed) in [(fx.ana, true), (fx.ben, true), (fx.cleo, false), (fx.admin, false)] {
        let mine = fx.ws.view(Actor::User(user), &q, t(2)).unwrap();
        let team = fx.ws.view(Actor::User(user), &ViewQuery::new(View::TeamInbox), t(2)).unwrap();
        assert_eq!(ids(&mine).contains(&d.conversation), listed);
        assert_eq!(ids(&team).contains(&d.conversation), listed);
    }
    // Ben sees Ana's message as unread; Ana sees Ben's name as the title.
    let row = &fx.ws.view(Actor::User(fx.ana), &q, t(2)).unwrap().rows[0];
    assert_eq!((row.title.as_str(), row.unread, row.internal), ("Ben", 0, true));
    assert_eq!(tiles(&fx, fx.ben).unread_conversations, 1);
}

#[test]
fn list_rows_carry_the_contact_name_preview_time_channel_unread_status_assignees_and_ai_mode() {
    let mut fx = Fx::reopen();
    let d = fx.inbound(fx.alice, 7, "My parcel never arrived, can you check?");
    fx.ws.assign(SYS, t(8), d.conversation, vec![fx.ana], None).unwrap();
    let page = fx.ws.view(Actor::User(fx.ana), &ViewQuery::new(View::MyInbox), t(9)).unwrap();
    let row = &page.rows[0];
    assert_eq!(row.title, "Alice");
    assert_eq!(row.preview, "My parcel never arrived, can you check?");
    assert_eq!(row.last_activity_at, t(7));
    assert_eq!((row.channel, row.unread, row.unreplied), (Channel::Whatsapp, 1, 1));
    assert_eq!((row.status, row.priority, row.ai_mode), (Status::Open, Priority::Normal, AiMode::Active));
    assert_eq!(row.assignees, vec![fx.ana]);
    assert_eq!(page.next, None);
}

#[test]
fn pages_continue_strictly_after_the_cursor_and_a_cursor_of_another_sort_is_refused() {
    let mut fx = Fx::tickets();
    let a = fx.inbound(fx.alice, 1, "a").conversation;
    let b = fx.inbound(fx.bob, 2, "b").conversation;
    let q = ViewQuery::new(View::TeamInbox).limit(1);
    let first = fx.ws.view(SYS, &q, t(3)).unwrap();
    assert_eq!(ids(&first), vec![b]);
    let cursor = first.next.clone().unwrap();
    // A conversation that moves ahead of the cursor is not shown again.
    fx.inbound(fx.alice, 4, "again");
    let second = fx.ws.view(SYS, &q.clone().after(cursor.clone()), t(5)).unwrap();
    assert_eq!((ids(&second), second.next), (vec![], None));
    let err = fx.ws.view(SYS, &q.clone().sort(Sort::Oldest).after(cursor), t(5)).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    let oldest = fx.ws.view(SYS, &q.sort(Sort::Oldest).limit(5), t(5)).unwrap();
    assert_eq!(ids(&oldest), vec![b, a]);
}

#[test]
fn tiles_and_counts_are_only_over_what_the_viewer_may_see() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 1, "secret");
    fx.inbound(fx.bob, 2, "public");
    fx.ws.set_visibility(SYS, t(3), d.conversation, Visibility::users([fx.ana])).unwrap();
    assert_eq!((tiles(&fx, fx.ben).unassigned, tiles(&fx, fx.ben).unreplied_messages), (1, 1));
    assert_eq!((tiles(&fx, fx.ana).unassigned, tiles(&fx, fx.ana).unreplied_messages), (2, 2));
    assert_eq!(tiles(&fx, fx.admin).team_inbox, 2);
    let q = ViewQuery::new(View::Unassigned);
    assert_eq!(fx.ws.count(Actor::User(fx.ben), &q, t(4)).unwrap(), 1);
}

#[test]
fn conversation_metrics_measure_first_and_average_response_and_resolution() {
    let mut fx = Fx::tickets();
    let d = fx.inbound(fx.alice, 0, "Hello?");
    fx.ws.send_auto_reply(SYS, t(1), d.conversation, "We got it").unwrap();
    fx.ws.assign(SYS, t(1), d.conversation, vec![fx.ana], None).unwrap();
    fx.reply(fx.ana, d.conversation, 10, "Hi");
    fx.inbound(fx.alice, 20, "Thanks, and the refund?");
    fx.reply(fx.ana, d.conversation, 50, "Done");
    fx.ws.close(Actor::User(fx.ana), t(60), d.conversation).unwrap();
    let m = fx.ws.conversation_metrics(SYS, d.conversation).unwrap();
    assert_eq!(m.first_response_ms, Some(10 * 60_000));
    assert_eq!(m.average_response_ms, Some(20 * 60_000));
    assert_eq!(m.resolution_ms, Some(60 * 60_000));
    assert_eq!((m.messages, m.notes, m.duration_ms), (5, 0, 50 * 60_000));
    assert!(m.handled_by_human && !m.handled_by_ai);
    let w = fx.ws.workspace_metrics(SYS, t(61)).unwrap();
    assert_eq!((w.conversations, w.new_today, w.resolved_today, w.backlog), (1, 1, 1, 0));
    assert_eq!(w.average_first_response_ms, Some(10 * 60_000));
    assert_eq!(fx.ws.agent_metrics(Actor::User(fx.ana), fx.ana, t(61)).unwrap().resolution_rate, Some(1.0));
    assert_eq!(fx.ws.agent_metrics(Actor::User(fx.ben), fx.ana, t(61)).unwrap_err().code(), "forbidden");
}
