//! The views of 001 and 004 beyond the Team and My inboxes: one test per rule
//! of docs/semantics.md ("Views and tiles"). The naive-model property test
//! (`views_model.rs`) checks every view against a recomputation.

mod common;
use common::*;
use frontdesk::*;

fn ids(fx: &Fx, viewer: UserId, q: &ViewQuery, m: i64) -> Vec<ConversationId> {
    fx.ws.view(Actor::User(viewer), q, t(m)).unwrap().rows.iter().map(|r| r.conversation).collect()
}

fn count(fx: &Fx, viewer: UserId, q: &ViewQuery, m: i64) -> u64 {
    fx.ws.count(Actor::User(viewer), q, t(m)).unwrap()
}

fn on(fx: &mut Fx, contact: ContactId, channel: Channel, m: i64, campaign: Option<&str>) -> ConversationId {
    fx.ws
        .receive_message(
            SYS,
            t(m),
            Inbound {
                from: Sender::Contact { contact },
                channel,
                body: "hello".into(),
                attachments: vec![],
                campaign: campaign.map(str::to_string),
            },
        )
        .unwrap()
        .value
        .conversation
}

#[test]
fn all_conversations_parts_are_active_pending_and_resolved_today_in_the_workspace_time_zone() {
    let mut config = WorkspaceConfig::new_conversation_after_close();
    config.utc_offset_minutes = 60;
    let mut fx = Fx::new(config);
    let a = fx.inbound(fx.alice, 1, "a");
    let b = fx.inbound(fx.bob, 2, "b");
    let admin = Actor::User(fx.admin);
    fx.ws.set_status(admin, t(3), b.conversation, Status::Pending).unwrap();
    // Closed at 10:04 local (UTC+1).
    fx.ws.close(admin, t(4), a.conversation).unwrap();
    let q = |v| ViewQuery::new(v);
    assert_eq!(ids(&fx, fx.ana, &q(View::Active), 5), Vec::<ConversationId>::new());
    assert_eq!(ids(&fx, fx.ana, &q(View::Pending), 5), vec![b.conversation]);
    assert_eq!(ids(&fx, fx.ana, &q(View::ResolvedToday), 5), vec![a.conversation]);
    assert_eq!(count(&fx, fx.ana, &q(View::ResolvedToday), 13 * 60 + 59), 1, "23:59 local: still today");
    // 2026-03-02 23:00 UTC is midnight local: a new day, nothing resolved today.
    assert_eq!(count(&fx, fx.ana, &q(View::ResolvedToday), 14 * 60), 0);
    assert!(ids(&fx, fx.ana, &q(View::ResolvedToday), 14 * 60).is_empty());
    // A filter on top reads the rows closed today.
    let on_sms =
        q(View::ResolvedToday).filters(Filters { channel: Some(Channel::Sms), ..Filters::default() });
    assert_eq!(count(&fx, fx.ana, &on_sms, 5), 0);
}

#[test]
fn ready_to_close_is_mine_open_or_pending_with_a_reply_last_and_nothing_unpaid() {
    let mut fx = Fx::tickets();
    let ana = Actor::User(fx.ana);
    let c = fx.inbound(fx.alice, 1, "where is my order?").conversation;
    fx.ws.assign(ana, t(2), c, vec![fx.ana], None).unwrap();
    let q = ViewQuery::new(View::ReadyToClose);
    assert_eq!(count(&fx, fx.ana, &q, 2), 0, "the customer has the last word");
    fx.reply(fx.ana, c, 3, "It ships today");
    assert_eq!(ids(&fx, fx.ana, &q, 3), vec![c]);
    assert_eq!(count(&fx, fx.ben, &q, 3), 0, "only the assignee's");
    // A note does not change who had the last word.
    fx.ws.add_note(ana, t(4), c, "done").unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 4), 1);
    // An unpaid invoice keeps it open; paying it makes it ready again.
    let inv = fx.invoice(fx.ana, c, 5);
    assert_eq!(count(&fx, fx.ana, &q, 5), 0);
    fx.ws.mark_invoice_paid(SYS, t(6), inv).unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 6), 1);
    assert_eq!(count(&fx, fx.ana, &ViewQuery::new(View::WaitingForCustomer), 6), 1, "a part of Waiting");
    fx.ws.close(ana, t(7), c).unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 7), 0, "closed is not ready to close");
}

#[test]
fn needs_review_is_unassigned_open_work_whose_ai_stopped() {
    let mut fx = Fx::reopen();
    let c = fx.inbound(fx.alice, 1, "I want a person").conversation;
    fx.inbound(fx.bob, 1, "hi");
    let q = ViewQuery::new(View::NeedsReview);
    assert_eq!(count(&fx, fx.ana, &q, 1), 0, "the AI handles it");
    fx.ws.request_handoff(SYS, t(2), c, Some("asks for a person")).unwrap();
    assert_eq!(ids(&fx, fx.ana, &q, 2), vec![c]);
    assert_eq!(count(&fx, fx.ben, &q, 2), 1);
    fx.ws.take_over(Actor::User(fx.ben), t(3), c).unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 3), 0, "taken");
    fx.ws.unassign(Actor::User(fx.ben), t(4), c, vec![fx.ben]).unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 4), 1, "left again with the AI paused");
    fx.ws.resume_ai(Actor::User(fx.ana), t(5), c).unwrap();
    assert_eq!(count(&fx, fx.ana, &q, 5), 0);
}

#[test]
fn each_channel_has_its_own_inbox_of_the_conversations_currently_on_it() {
    let mut fx = Fx::tickets();
    let (alice, bob) = (fx.alice, fx.bob);
    let w = on(&mut fx, alice, Channel::Whatsapp, 1, None);
    let s = on(&mut fx, bob, Channel::Webchat, 2, None);
    for channel in Channel::ALL {
        let Some(view) = View::for_channel(channel) else { continue };
        assert_eq!(view.channel(), Some(channel));
        let expected: Vec<ConversationId> = match channel {
            Channel::Whatsapp => vec![w],
            Channel::Webchat => vec![s],
            _ => vec![],
        };
        assert_eq!(ids(&fx, fx.ana, &ViewQuery::new(view), 3), expected, "{view:?}");
        assert_eq!(count(&fx, fx.ana, &ViewQuery::new(view), 3), expected.len() as u64);
    }
    assert_eq!(View::for_channel(Channel::Internal), None);
    assert_eq!("telephony_inbox".parse::<View>().unwrap(), View::TelephonyInbox);
}

#[test]
fn the_quick_filter_labels_mine_all_unassigned_and_closed_are_view_names() {
    assert_eq!("mine".parse::<View>().unwrap(), View::MyInbox);
    assert_eq!(" All ".parse::<View>().unwrap(), View::TeamInbox);
    assert_eq!("unassigned".parse::<View>().unwrap(), View::Unassigned);
    assert_eq!("closed".parse::<View>().unwrap(), View::Closed);
    let err = "everything".parse::<View>().unwrap_err();
    assert_eq!(err.code(), "invalid_value");
    assert!(err.to_string().contains("mine"), "{err}");
}

#[test]
fn the_mode_filter_splits_ai_handled_from_manual_and_the_campaign_filter_matches_the_source() {
    let mut fx = Fx::reopen();
    let (alice, bob) = (fx.alice, fx.bob);
    let a = on(&mut fx, alice, Channel::Whatsapp, 1, Some("Spring Sale"));
    let b = on(&mut fx, bob, Channel::Whatsapp, 2, None);
    fx.ws.take_over(Actor::User(fx.ana), t(3), b).unwrap();
    let with = |f: Filters| ViewQuery::new(View::TeamInbox).filters(f);
    let mode = |m| Filters { mode: m, ..Filters::default() };
    assert_eq!(ids(&fx, fx.ana, &with(mode(Some(Mode::AiHandled))), 4), vec![a]);
    assert_eq!(ids(&fx, fx.ana, &with(mode(Some(Mode::Manual))), 4), vec![b]);
    assert_eq!(count(&fx, fx.ana, &with(mode(Some(Mode::Manual))), 4), 1);
    assert_eq!(Mode::parse_filter("all").unwrap(), None);
    assert_eq!(Mode::parse_filter("AI-handled").unwrap(), Some(Mode::AiHandled));
    assert_eq!(Mode::parse_filter("robots").unwrap_err().code(), "invalid_value");
    let campaign = |c: &str| Filters { campaign: Some(c.into()), ..Filters::default() };
    assert_eq!(ids(&fx, fx.ana, &with(campaign(" spring sale")), 4), vec![a]);
    assert_eq!(count(&fx, fx.ana, &with(campaign("winter")), 4), 0);
    // On every view: Ana's inbox holds only the taken-over conversation.
    let mine = ViewQuery::new(View::MyInbox).filters(mode(Some(Mode::Manual)));
    assert_eq!(ids(&fx, fx.ana, &mine, 4), vec![b]);
}

/// Resolved today lists the conversations closed today by last activity,
/// not by the order they were closed in, and its cursor pages through them
/// in every order without repeating or skipping one (the rows come from one
/// time-ordered range per scope of today's closed rows).
#[test]
fn resolved_today_pages_follow_last_activity_whatever_the_order_of_closing() {
    let mut fx = Fx::new(WorkspaceConfig::new_conversation_after_close());
    let admin = Actor::User(fx.admin);
    let alice = fx.alice;
    let before = on(&mut fx, alice, Channel::Sms, 1, None);
    fx.ws.close(admin, t(2), before).unwrap();
    let mut made = Vec::new();
    for (i, name) in ["Dana", "Eli", "Fay", "Gus", "Hal"].iter().enumerate() {
        let contact = fx.ws.add_contact(SYS, t(3), NewContact::named(*name)).unwrap().value;
        let channel = [Channel::Sms, Channel::Email, Channel::Whatsapp][i % 3];
        made.push(on(&mut fx, contact, channel, 10 + i as i64, None));
    }
    // Closed today in an order unlike their creation: 3, 0, 4, 1, 2.
    for (k, i) in [3usize, 0, 4, 1, 2].iter().enumerate() {
        fx.ws.close(admin, t(20 + k as i64), made[*i]).unwrap();
    }
    // Most recent activity first, then the greatest id.
    let by_activity = |fx: &Fx, list: &[ConversationId]| {
        let mut list: Vec<(chrono::DateTime<chrono::Utc>, ConversationId)> = list
            .iter()
            .map(|id| {
                let c = fx.ws.conversation(SYS, *id).unwrap();
                (c.last_message_at.unwrap_or(c.created_at), *id)
            })
            .collect();
        list.sort_by(|a, b| b.cmp(a));
        list.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    let newest_first = by_activity(&fx, &[&made[..], &[before]].concat());
    // 2026-03-02 is today at t(0) and t(60) (UTC workspace).
    for sort in [Sort::Recent, Sort::Oldest, Sort::Priority, Sort::Channel, Sort::Assignment] {
        let q = ViewQuery::new(View::ResolvedToday).sort(sort);
        let whole = ids(&fx, fx.ana, &q, 60);
        let mut paged = Vec::new();
        let mut query = q.clone().limit(2);
        loop {
            let page = fx.ws.view(Actor::User(fx.ana), &query, t(60)).unwrap();
            let as_ids = fx.ws.view_ids(Actor::User(fx.ana), &query, t(60)).unwrap();
            assert_eq!(as_ids.ids, page.rows.iter().map(|r| r.conversation).collect::<Vec<_>>());
            assert_eq!(as_ids.next, page.next);
            paged.extend(page.rows.iter().map(|r| r.conversation));
            match page.next {
                Some(cursor) => query = q.clone().limit(2).after(cursor),
                None => break,
            }
        }
        assert_eq!(paged, whole, "{sort:?}: pages of 2 give the whole list");
        let mut sorted = whole.clone();
        sorted.sort();
        let mut all: Vec<ConversationId> = newest_first.clone();
        all.sort();
        assert_eq!(sorted, all, "{sort:?}: every conversation closed today, once");
        match sort {
            Sort::Recent => assert_eq!(whole, newest_first),
            Sort::Oldest => assert_eq!(whole, newest_first.iter().rev().copied().collect::<Vec<_>>()),
            _ => {}
        }
    }
    // A channel filter keeps the order and takes the rows of that channel.
    let sms = ViewQuery::new(View::ResolvedToday)
        .filters(Filters { channel: Some(Channel::Sms), ..Filters::default() });
    assert_eq!(ids(&fx, fx.ana, &sms, 60), by_activity(&fx, &[made[0], made[3], before]));
    assert_eq!(count(&fx, fx.ana, &sms, 60), 3);
}
