//! The live feed per viewer: what changed in the views a user watches.

mod common;

use common::*;
use frontdesk::*;

fn watching(fx: &mut Fx, user: UserId, views: &[View]) -> Feed {
    let views = views.iter().map(|v| WatchedView::new(*v)).collect();
    fx.ws.watch_views(Actor::User(user), views).unwrap();
    fx.ws.take_feed(Actor::User(user)).unwrap()
}

fn ids(rows: &[FeedRow]) -> Vec<ConversationId> {
    rows.iter().map(|r| r.row.conversation).collect()
}

#[test]
fn a_watched_view_reports_rows_entering_changing_and_leaving_with_counts_and_tiles() {
    let mut fx = Fx::reopen();
    let ana = fx.ana;
    let start = watching(&mut fx, ana, &[View::Unassigned, View::MyInbox]);
    // The first drain gives every count and the tiles to start from.
    assert_eq!(start.views.iter().map(|v| v.count).collect::<Vec<_>>(), vec![Some(0), Some(0)]);
    assert_eq!(start.tiles, Some(fx.ws.tiles(Actor::User(ana)).unwrap()));
    assert!(fx.ws.take_feed(Actor::User(ana)).unwrap().is_empty());

    let c = fx.inbound(fx.alice, 1, "Hello").conversation;
    let feed = fx.ws.take_feed(Actor::User(ana)).unwrap();
    let (unassigned, mine) = (&feed.views[0], &feed.views[1]);
    assert_eq!(ids(&unassigned.entered), vec![c]);
    assert_eq!(
        unassigned.entered[0].row,
        fx.ws.view(Actor::User(ana), &ViewQuery::new(View::Unassigned), t(1)).unwrap().rows[0]
    );
    assert_eq!(unassigned.count, Some(1));
    assert!(mine.entered.is_empty() && mine.count.is_none());
    assert_eq!(feed.tiles.map(|t| t.unassigned), Some(1));

    // A second message moves the row: changed, with its new position.
    fx.inbound(fx.alice, 2, "Anyone?");
    let feed = fx.ws.take_feed(Actor::User(ana)).unwrap();
    assert_eq!(ids(&feed.views[0].changed), vec![c]);
    assert_eq!(feed.views[0].changed[0].row.last_activity_at, t(2));
    assert_eq!(feed.views[0].count, None);

    // Assigned to Ana: leaves Unassigned, enters My inbox.
    fx.ws.assign(Actor::User(fx.admin), t(3), c, vec![ana], None).unwrap();
    let feed = fx.ws.take_feed(Actor::User(ana)).unwrap();
    assert_eq!(feed.views[0].left, vec![c]);
    assert_eq!(feed.views[0].count, Some(0));
    assert_eq!(ids(&feed.views[1].entered), vec![c]);
    assert_eq!(feed.views[1].count, Some(1));
    assert_eq!(feed.tiles.map(|t| (t.unassigned, t.assigned_to_me)), Some((0, 1)));
    assert!(feed.gone.is_empty());
}

#[test]
fn a_narrowed_or_deleted_conversation_is_gone_by_id_to_those_who_saw_it() {
    let mut fx = Fx::reopen();
    let (ana, ben, admin) = (fx.ana, fx.ben, fx.admin);
    for u in [ana, ben, admin] {
        watching(&mut fx, u, &[View::TeamInbox]);
    }
    let c = fx.inbound(fx.alice, 1, "Hello").conversation;
    let d = fx.inbound(fx.bob, 1, "Hi").conversation;
    fx.ws.take_feeds();
    fx.ws.set_visibility(Actor::User(admin), t(2), c, Visibility::users([ana])).unwrap();
    let ben_feed = fx.ws.take_feed(Actor::User(ben)).unwrap();
    assert_eq!(ben_feed.gone, vec![c]);
    assert!(ben_feed.views[0].entered.is_empty() && ben_feed.views[0].changed.is_empty());
    assert_eq!(ben_feed.views[0].count, Some(1));
    // Ana still sees it: her row changed, nothing gone.
    let ana_feed = fx.ws.take_feed(Actor::User(ana)).unwrap();
    assert!(ana_feed.gone.is_empty());
    assert_eq!(ids(&ana_feed.views[0].changed), vec![c]);

    // Deleted: gone to Ana and the admin; Ben, who no longer saw it, hears nothing.
    fx.ws.delete_conversation(Actor::User(admin), t(3), c).unwrap();
    let feeds = fx.ws.take_feeds();
    let gone: Vec<(UserId, Vec<ConversationId>)> = feeds.iter().map(|f| (f.viewer, f.gone.clone())).collect();
    assert_eq!(gone, vec![(admin, vec![c]), (ana, vec![c])]);
    // Removed users get nothing and stop watching.
    fx.ws.remove_user(Actor::User(admin), t(4), ben).unwrap();
    fx.reply(ana, d, 5, "On it");
    let err = fx.ws.take_feed(Actor::User(ben)).unwrap_err();
    assert_eq!(err.code(), "user_deleted");
    assert!(fx.ws.take_feeds().iter().all(|f| f.viewer != ben));
}

#[test]
fn a_role_change_resets_the_feed() {
    let mut fx = Fx::reopen();
    let ana = fx.ana;
    let c = fx.inbound(fx.alice, 1, "Hello").conversation;
    fx.ws.set_visibility(Actor::User(fx.admin), t(2), c, Visibility::users([fx.ben])).unwrap();
    watching(&mut fx, ana, &[View::TeamInbox]);
    // Another process made Ana an admin: she may now see everything.
    let mut promoted = fx.ws.user(ana).unwrap().clone();
    promoted.role = Role::Admin;
    fx.ws.apply_rows(Rows { users: vec![promoted], ..Rows::default() }).unwrap();
    let feed = fx.ws.take_feed(Actor::User(ana)).unwrap();
    assert!(feed.reset);
    assert_eq!(feed.views[0].count, Some(1));
    assert!(feed.views[0].entered.is_empty());
    assert_eq!(feed.tiles, Some(fx.ws.tiles(Actor::User(ana)).unwrap()));
    assert!(!fx.ws.take_feed(Actor::User(ana)).unwrap().reset);
}

#[test]
fn a_drain_round_shares_one_feed_among_viewers_whose_feeds_are_equal() {
    let mut fx = Fx::reopen();
    let (ana, ben, admin) = (fx.ana, fx.ben, fx.admin);
    for u in [ana, ben, admin] {
        watching(&mut fx, u, &[View::TeamInbox, View::Unassigned]);
    }
    // Each round against each viewer's own drain, in a copy.
    let round = |fx: &mut Fx| {
        let mut alone = fx.ws.clone();
        let groups = fx.ws.take_feed_groups();
        for g in &groups {
            assert_eq!(g.feed.viewer, g.viewers[0]);
            assert_eq!(g.tiles.len(), g.viewers.len());
            for f in g.feeds() {
                assert_eq!(f, alone.take_feed(Actor::User(f.viewer)).unwrap());
            }
        }
        let told: Vec<UserId> = groups.iter().flat_map(|g| g.viewers.clone()).collect();
        for u in [ana, ben, admin].into_iter().filter(|u| !told.contains(u)) {
            assert!(alone.take_feed(Actor::User(u)).unwrap().is_empty(), "{u} left out of the round");
        }
        groups
    };
    // A new conversation: Ana and Ben, two agents who see it alike, share
    // one feed, built once.
    let c = fx.inbound(fx.alice, 1, "Hello").conversation;
    let groups = round(&mut fx);
    let both = groups.iter().find(|g| g.viewers.contains(&ana)).unwrap();
    assert!(both.viewers.contains(&ben), "{:?}", groups);
    assert_eq!(ids(&both.feed.views[0].entered), vec![c]);
    assert_eq!(both.feed.views[1].count, Some(1));
    // Assigned to Ana: the row leaves Unassigned for all three alike; only
    // the tiles differ (hers count it as assigned to her), and they are
    // given per viewer beside the one shared feed.
    fx.ws.assign(Actor::User(admin), t(2), c, vec![ana], None).unwrap();
    let groups = round(&mut fx);
    assert_eq!(groups.len(), 1, "{:?}", groups);
    let all = &groups[0];
    assert_eq!(all.viewers, vec![admin, ana, ben]);
    assert_eq!(all.feed.views[1].left, vec![c]);
    assert_eq!(all.feed.tiles, None, "tiles are given per viewer, beside the shared feed");
    let mine = |i: usize| all.tiles[i].map(|t| t.assigned_to_me);
    assert_eq!((mine(1), mine(2)), (Some(1), Some(0)));
    // Nothing new: no groups at all.
    assert!(fx.ws.take_feed_groups().is_empty());
}
