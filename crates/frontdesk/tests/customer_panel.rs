//! The customer panel shows only what the viewer may see (docs/semantics.md,
//! "Customer panel and bulk export").

mod common;

use common::*;
use frontdesk::*;

#[test]
fn the_customer_panel_counts_lists_and_dates_only_the_conversations_the_viewer_may_see() {
    let mut fx = Fx::tickets();
    let (ana, ben, admin) = (Actor::User(fx.ana), Actor::User(fx.ben), Actor::User(fx.admin));
    // Three conversations with Alice: the first is confidential to Ana.
    let first = fx.inbound(fx.alice, 1, "about the claim").conversation;
    fx.ws.set_visibility(admin, t(2), first, Visibility::users([fx.ana])).unwrap();
    fx.ws.close(admin, t(3), first).unwrap();
    let second = fx.inbound(fx.alice, 10, "new order").conversation;
    fx.ws.close(admin, t(11), second).unwrap();
    let third = fx.inbound(fx.alice, 20, "where is it?").conversation;
    fx.inbound(fx.bob, 21, "unrelated");
    fx.ws.tag_contact(admin, t(22), fx.alice, "wholesale").unwrap();
    fx.ws.add_contact_note(admin, t(22), fx.alice, "prefers mornings").unwrap();

    let as_ana = fx.ws.customer_panel(ana, fx.alice, Some(third)).unwrap();
    assert_eq!(as_ana.total_conversations, 3);
    assert_eq!(as_ana.related.iter().map(|r| r.conversation).collect::<Vec<_>>(), vec![second, first]);
    assert_eq!(as_ana.first_contact_at, Some(t(1)));
    assert_eq!(as_ana.tags, vec!["wholesale".to_string()]);
    assert_eq!(as_ana.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), vec!["prefers mornings"]);
    assert_eq!(as_ana.related[0].status, Status::Resolved);

    // Ben may not see the first conversation: not counted, not listed, and
    // the first contact time is that of the earliest one he may see.
    let as_ben = fx.ws.customer_panel(ben, fx.alice, Some(third)).unwrap();
    assert_eq!(as_ben.total_conversations, 2);
    assert_eq!(as_ben.related.iter().map(|r| r.conversation).collect::<Vec<_>>(), vec![second]);
    assert_eq!(as_ben.first_contact_at, Some(t(10)));

    // Beside a conversation the viewer may not see: refused like any read.
    assert_eq!(fx.ws.customer_panel(ben, fx.alice, Some(first)).unwrap_err().code(), "not_found");
    // Without a conversation beside it, every visible one is related.
    assert_eq!(fx.ws.customer_panel(ben, fx.alice, None).unwrap().related.len(), 2);
}

#[test]
fn the_customer_panel_shows_contact_notes_only_inside_the_contacts_predefined_visibility() {
    let mut fx = Fx::reopen();
    let (ana, ben, admin) = (Actor::User(fx.ana), Actor::User(fx.ben), Actor::User(fx.admin));
    let routing = ContactRouting { assignees: vec![], visibility: Visibility::users([fx.ana]) };
    fx.ws.set_contact_routing(admin, t(0), fx.alice, routing).unwrap();
    fx.ws.add_contact_note(admin, t(0), fx.alice, "lawyer involved").unwrap();
    fx.inbound(fx.alice, 1, "about the claim");
    let as_ben = fx.ws.customer_panel(ben, fx.alice, None).unwrap();
    assert!(as_ben.notes.is_empty() && as_ben.contact.notes.is_empty());
    assert_eq!((as_ben.total_conversations, as_ben.first_contact_at), (0, None));
    assert_eq!(as_ben.contact.current_conversation, None);
    let as_ana = fx.ws.customer_panel(ana, fx.alice, None).unwrap();
    assert_eq!(as_ana.notes.len(), 1);
    assert_eq!(as_ana.total_conversations, 1);
    assert_eq!(fx.ws.customer_panel(ana, ContactId(99), None).unwrap_err().code(), "not_found");
}

#[test]
fn a_bulk_export_includes_each_conversation_the_viewer_may_see_and_refuses_the_others() {
    let mut fx = Fx::reopen();
    let (ben, admin) = (Actor::User(fx.ben), Actor::User(fx.admin));
    let hidden = fx.inbound(fx.alice, 1, "confidential").conversation;
    fx.ws.set_visibility(admin, t(2), hidden, Visibility::users([fx.ana])).unwrap();
    let open = fx.inbound(fx.bob, 3, "hello").conversation;
    fx.ws.add_note(admin, t(4), open, "check stock").unwrap();
    let ids = [open, hidden, ConversationId(99), open];
    let out = fx.ws.export_transcripts(ben, &ids, Audience::Customer);
    assert_eq!(out.iter().map(|o| o.conversation).collect::<Vec<_>>(), ids.to_vec());
    let t0 = out[0].result.as_ref().unwrap();
    assert_eq!(t0.entries.iter().map(|e| e.body.as_str()).collect::<Vec<_>>(), vec!["hello"]);
    // Hidden and unknown are refused identically.
    assert_eq!(out[1].result.as_ref().unwrap_err().code(), "not_found");
    assert_eq!(out[1].result.as_ref().unwrap_err(), &not_found(hidden));
    assert_eq!(out[2].result.as_ref().unwrap_err(), &not_found(ConversationId(99)));
    assert_eq!(out[3].result, out[0].result);
    // Each included transcript is the single-conversation one.
    let team = fx.ws.export_transcripts(admin, &[open, hidden], Audience::Team);
    assert_eq!(team[0].result.as_ref().unwrap(), &fx.ws.transcript(admin, open, Audience::Team).unwrap());
    assert!(team[1].result.is_ok());
}
