//! Saved filters: one test per rule of docs/semantics.md ("Saved filters").

mod common;
use common::*;
use frontdesk::*;

fn listed(fx: &Fx, viewer: Actor, m: i64) -> Vec<(String, u64)> {
    fx.ws.saved_filters(viewer, t(m)).unwrap().into_iter().map(|s| (s.filter.name, s.count)).collect()
}

#[test]
fn a_saved_filter_is_a_named_query_kept_in_canonical_form_for_its_owner_or_shared() {
    let mut fx = Fx::tickets();
    let (ana, ben) = (Actor::User(fx.ana), Actor::User(fx.ben));
    let c = fx.inbound(fx.alice, 1, "refund please").conversation;
    fx.inbound(fx.bob, 2, "hello");
    fx.ws.tag_conversation(ana, t(3), c, "billing").unwrap();
    let text = "tag:billing   status:open";
    let mine = fx
        .ws
        .save_filter(ana, t(4), NewSavedFilter::new(" Billing ", View::TeamInbox).query(text))
        .unwrap()
        .value;
    let saved = fx.ws.saved_filter(ana, mine).unwrap();
    assert_eq!(saved.name, "Billing");
    assert_eq!(saved.query, text.parse::<query::Query>().unwrap().to_string());
    assert_eq!(saved.owner, Some(fx.ana));
    assert_eq!(listed(&fx, ana, 5), vec![("Billing".to_string(), 1)]);
    assert!(listed(&fx, ben, 5).is_empty(), "private to Ana");
    let team = NewSavedFilter::new("Open WhatsApp", View::Active)
        .filters(Filters { channel: Some(Channel::Whatsapp), ..Filters::default() })
        .shared(true);
    fx.ws.save_filter(ana, t(6), team).unwrap();
    assert_eq!(listed(&fx, ben, 7), vec![("Open WhatsApp".to_string(), 2)]);
    assert_eq!(listed(&fx, ana, 7).len(), 2);
    // Names are unique among what the owner lists; queries must parse.
    let again = NewSavedFilter::new("billing", View::TeamInbox);
    assert_eq!(fx.ws.save_filter(ana, t(8), again).unwrap_err().code(), "duplicate");
    let broken = NewSavedFilter::new("Broken", View::TeamInbox).query("status:");
    assert_eq!(fx.ws.save_filter(ana, t(8), broken).unwrap_err().code(), "query_syntax");
    // The count is live.
    fx.ws.set_status(ana, t(9), c, Status::Pending).unwrap();
    assert_eq!(listed(&fx, ana, 9)[0], ("Billing".to_string(), 0));
}

#[test]
fn a_shared_filter_counts_for_each_viewer_only_what_that_viewer_may_see() {
    let mut fx = Fx::tickets();
    let admin = Actor::User(fx.admin);
    let a = fx.inbound(fx.alice, 1, "hello").conversation;
    fx.inbound(fx.bob, 2, "hello");
    fx.ws.set_visibility(admin, t(3), a, Visibility::Users(vec![fx.ben])).unwrap();
    let shared = NewSavedFilter::new("Everything open", View::TeamInbox).query("status:open").shared(true);
    fx.ws.save_filter(admin, t(4), shared).unwrap();
    let no_query = NewSavedFilter::new("All of it", View::TeamInbox).shared(true);
    fx.ws.save_filter(SYS, t(4), no_query).unwrap();
    assert_eq!(
        listed(&fx, Actor::User(fx.ana), 5),
        vec![("Everything open".into(), 1), ("All of it".into(), 1)]
    );
    assert_eq!(
        listed(&fx, Actor::User(fx.ben), 5),
        vec![("Everything open".into(), 2), ("All of it".into(), 2)]
    );
    assert_eq!(listed(&fx, admin, 5)[0].1, 2);
}

#[test]
fn only_the_owner_or_an_admin_renames_or_deletes_a_saved_filter() {
    let mut fx = Fx::tickets();
    let (ana, ben, admin) = (Actor::User(fx.ana), Actor::User(fx.ben), Actor::User(fx.admin));
    let shared = fx
        .ws
        .save_filter(ana, t(1), NewSavedFilter::new("Team", View::TeamInbox).shared(true))
        .unwrap()
        .value;
    let private = fx.ws.save_filter(ana, t(1), NewSavedFilter::new("Mine", View::MyInbox)).unwrap().value;
    let err = refused(&mut fx.ws, |ws| ws.rename_saved_filter(ben, t(2), shared, "Ben's"));
    assert_eq!(err.code(), "forbidden");
    let err = refused(&mut fx.ws, |ws| ws.delete_saved_filter(ben, t(2), private));
    assert_eq!(err.code(), "not_found", "another user's private filter is not even listed");
    let err = refused(&mut fx.ws, |ws| ws.rename_saved_filter(ana, t(2), private, "team"));
    assert_eq!(err.code(), "duplicate");
    fx.ws.rename_saved_filter(ana, t(3), shared, "Team queue").unwrap();
    fx.ws.rename_saved_filter(admin, t(3), private, "Ana's").unwrap();
    assert_eq!(listed(&fx, ana, 4), vec![("Team queue".into(), 0), ("Ana's".into(), 0)]);
    fx.ws.delete_saved_filter(admin, t(5), shared).unwrap();
    fx.ws.delete_saved_filter(ana, t(5), private).unwrap();
    assert!(listed(&fx, ana, 6).is_empty());
    assert_eq!(fx.ws.delete_saved_filter(ana, t(6), private).unwrap_err().code(), "not_found");
}

#[test]
fn saved_filters_survive_a_snapshot_round_trip_and_ids_are_never_reused() {
    let mut fx = Fx::tickets();
    let ana = Actor::User(fx.ana);
    let first = fx.ws.save_filter(ana, t(1), NewSavedFilter::new("One", View::MyInbox)).unwrap().value;
    let second = fx.ws.save_filter(ana, t(1), NewSavedFilter::new("Two", View::MyInbox)).unwrap().value;
    fx.ws.delete_saved_filter(ana, t(2), second).unwrap();
    let mut ws = Workspace::from_snapshot(fx.ws.snapshot()).unwrap();
    assert_eq!(ws.saved_filter(ana, first).unwrap().name, "One");
    let third = ws.save_filter(ana, t(3), NewSavedFilter::new("Three", View::MyInbox)).unwrap().value;
    assert!(third > second);
}
