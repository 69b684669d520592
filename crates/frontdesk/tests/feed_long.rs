//! Property test: in long conversations, with several users watching the
//! same views (so that watchers share feeds in a shared round), every row a
//! feed tells is the row the view shows that viewer, and every count and
//! tiles told are those read directly, after every step, in both kinds of
//! round. The first conversation (71 messages, past 64) is short enough
//! for a round to read who wrote in it and keep that for the next rounds;
//! the second (141, past 32 per watcher) is not, so each viewer's unread
//! count is taken from the author postings.

mod common;
use common::*;
use frontdesk::*;
use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
enum Step {
    Inbound,
    Reply,
    Note,
    Read,
    Unread,
    Assign,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Inbound),
        2 => Just(Step::Reply),
        1 => Just(Step::Note),
        2 => Just(Step::Read),
        1 => Just(Step::Unread),
        1 => Just(Step::Assign),
    ]
}

const WATCHED: [View; 3] = [View::TeamInbox, View::MyInbox, View::NeedsMyAttention];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 300, ..ProptestConfig::default() })]

    #[test]
    fn rows_of_long_conversations_carry_each_viewers_unread_count(
        steps in proptest::collection::vec((step(), 0usize..4, 0usize..2, any::<bool>()), 20..60),
    ) {
        let mut fx = Fx::reopen();
        let users = [fx.admin, fx.ana, fx.ben, fx.cleo];
        let mut minute = 0;
        let mut convs = Vec::new();
        for (j, contact) in [fx.alice, fx.bob].into_iter().enumerate() {
            let c = fx.inbound(contact, minute, "Hello").conversation;
            for k in 0..70 * (j + 1) {
                minute += 1;
                if k % 7 == 3 {
                    fx.reply(fx.ana, c, minute, "On it");
                } else {
                    fx.inbound(contact, minute, "More");
                }
            }
            convs.push(c);
        }
        fx.ws.mark_read(Actor::User(fx.ben), t(minute), convs[0]).unwrap();
        for u in users {
            fx.ws.watch_views(Actor::User(u), WATCHED.iter().map(|v| WatchedView::new(*v)).collect()).unwrap();
        }
        fx.ws.take_feeds();
        let mut told = 0usize;
        for (step, user, conv, shared) in steps {
            minute += 1;
            let now = t(minute);
            let (u, c) = (users[user], convs[conv]);
            let contact = if conv == 0 { fx.alice } else { fx.bob };
            let _ = match step {
                Step::Inbound => {
                    fx.inbound(contact, minute, "Again");
                    Ok(())
                }
                Step::Reply => fx.ws.send_message(Actor::User(u), now, c, Outbound::text("Reply")).map(|_| ()),
                Step::Note => fx.ws.add_note(Actor::User(u), now, c, "A note").map(|_| ()),
                Step::Read => fx.ws.mark_read(Actor::User(u), now, c).map(|_| ()),
                Step::Unread => fx.ws.mark_unread(Actor::User(u), now, c).map(|_| ()),
                Step::Assign => fx.ws.assign(Actor::User(fx.admin), now, c, vec![u], None).map(|_| ()),
            };
            let feeds: Vec<Feed> = if shared {
                fx.ws.take_feed_groups().iter().flat_map(|g| g.feeds()).collect()
            } else {
                fx.ws.take_feeds()
            };
            for feed in feeds {
                let viewer = Actor::User(feed.viewer);
                if let Some(tiles) = feed.tiles {
                    prop_assert_eq!(tiles, fx.ws.tiles(viewer).unwrap());
                }
                for (fv, view) in feed.views.iter().zip(WATCHED) {
                    let page = fx.ws.view(viewer, &ViewQuery::new(view), now).unwrap();
                    for r in fv.entered.iter().chain(&fv.changed) {
                        let direct = page.rows.iter().find(|row| row.conversation == r.row.conversation);
                        prop_assert_eq!(Some(&r.row), direct, "{:?} of {:?}", view, feed.viewer);
                        told += 1;
                    }
                    if let Some(n) = fv.count {
                        prop_assert_eq!(n, fx.ws.count(viewer, &ViewQuery::new(view), now).unwrap());
                    }
                }
            }
        }
        prop_assert!(told > 0);
    }
}
