//! Property test: the live feed per viewer never leaks and is complete.
//! After every step of random command sequences (and every tick), for every
//! user: every row and id their drained feed carries concerns a conversation
//! they can see at that moment (or, for `gone`, exactly the conversations
//! they could see before the step and no longer can), and the feed replayed
//! from empty onto a model of each watched view, its count and the tiles
//! equals the views, counts and tiles read directly.

mod common;
use common::t;
use common::world::{cmd, Cmd, World};
use frontdesk::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
enum Step {
    World(Cmd),
    Rename { actor: u8, contact: u8, name: u8 },
    Tick,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => cmd().prop_map(Step::World),
        1 => (0u8..7, 0u8..4, 0u8..3).prop_map(|(actor, contact, name)| Step::Rename { actor, contact, name }),
        1 => Just(Step::Tick),
    ]
}

/// Every view a feed may watch, each user with its own orders.
fn watched(user: usize) -> Vec<WatchedView> {
    View::ALL
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != View::ResolvedToday)
        .filter(|(k, _)| (k + user) % 2 == 0 || user == 2)
        .map(|(k, v)| WatchedView { view: *v, sort: Sort::ALL[(k + user) % Sort::ALL.len()] })
        .collect()
}

/// What a client holds for one watched view: rows by id, and the count.
#[derive(Default)]
struct Model {
    rows: BTreeMap<ConversationId, FeedRow>,
    count: Option<u64>,
}

struct Client {
    user: UserId,
    views: Vec<(WatchedView, Model)>,
    tiles: Option<Tiles>,
    /// What the user could see before the step.
    saw: BTreeSet<ConversationId>,
}

fn visible(ws: &Workspace, user: UserId) -> BTreeSet<ConversationId> {
    (1..=ws.conversation_slots())
        .map(ConversationId)
        .filter(|id| ws.can_see(Actor::User(user), *id))
        .collect()
}

fn ordered(rows: &BTreeMap<ConversationId, FeedRow>, sort: Sort) -> Vec<ListRow> {
    let mut list: Vec<&FeedRow> = rows.values().collect();
    list.sort_by(|a, b| {
        let (ka, kb) =
            ((a.row.last_activity_at, a.row.conversation), (b.row.last_activity_at, b.row.conversation));
        a.group.cmp(&b.group).then(if sort == Sort::Oldest { ka.cmp(&kb) } else { kb.cmp(&ka) })
    });
    list.into_iter().map(|r| r.row.clone()).collect()
}

fn read_all(
    ws: &Workspace,
    viewer: Actor,
    w: WatchedView,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<ListRow> {
    ws.view(viewer, &ViewQuery::new(w.view).sort(w.sort).limit(1000), now).unwrap().rows
}

/// One drain round shared by every watcher (`take_feed_groups`), checked
/// for its shape and expanded per viewer: each viewer in at most one group,
/// groups in the order of their first viewer, the feed's `viewer` the
/// first. A watcher in no group gets the empty feed.
fn round(ws: &mut Workspace) -> std::result::Result<BTreeMap<UserId, Feed>, TestCaseError> {
    let groups = ws.take_feed_groups();
    let mut feeds = BTreeMap::new();
    let mut firsts = Vec::new();
    for g in &groups {
        prop_assert!(!g.viewers.is_empty() && g.tiles.len() == g.viewers.len(), "{:?}", g);
        prop_assert!(g.feed.tiles.is_none(), "tiles in the shared feed: {:?}", g);
        prop_assert!(g.viewers.windows(2).all(|w| w[0] < w[1]), "viewers out of order: {:?}", g.viewers);
        prop_assert_eq!(g.feed.viewer, g.viewers[0]);
        firsts.push(g.viewers[0]);
        for f in g.feeds() {
            let viewer = f.viewer;
            prop_assert!(!f.is_empty(), "{} in a group with nothing for them", viewer);
            prop_assert!(feeds.insert(viewer, f).is_none(), "{} in two groups", viewer);
        }
    }
    prop_assert!(firsts.windows(2).all(|w| w[0] < w[1]), "groups out of order: {:?}", firsts);
    Ok(feeds)
}

fn check(
    ws: &mut Workspace,
    client: &mut Client,
    now: chrono::DateTime<chrono::Utc>,
    cursors: bool,
    round: Option<&BTreeMap<UserId, Feed>>,
) -> std::result::Result<(), TestCaseError> {
    let viewer = Actor::User(client.user);
    if ws.user(client.user).unwrap().removed {
        if let Some(round) = round {
            prop_assert!(!round.contains_key(&client.user), "a removed user is in a group");
        }
        let got = ws.take_feed(viewer);
        prop_assert!(matches!(got, Err(Error::UserDeleted { .. })), "a removed user got {:?}", got);
        return Ok(());
    }
    let feed = match round {
        None => ws.take_feed(viewer).unwrap(),
        Some(round) => round.get(&client.user).cloned().unwrap_or_else(|| Feed {
            viewer: client.user,
            reset: false,
            views: client
                .views
                .iter()
                .map(|(w, _)| FeedView {
                    view: w.view,
                    sort: w.sort,
                    entered: vec![],
                    changed: vec![],
                    left: vec![],
                    count: None,
                })
                .collect(),
            tiles: None,
            gone: vec![],
        }),
    };
    let now_sees = visible(ws, client.user);
    prop_assert_eq!(feed.viewer, client.user);
    prop_assert!(!feed.reset, "no role changes here, yet a reset");
    // Leaks: rows and ids only of what the user sees now; gone: exactly what
    // they saw before and no longer do.
    let gone: BTreeSet<ConversationId> = feed.gone.iter().copied().collect();
    let lost: BTreeSet<ConversationId> = client.saw.difference(&now_sees).copied().collect();
    prop_assert_eq!(&gone, &lost, "gone is not what the user lost sight of");
    prop_assert_eq!(gone.len(), feed.gone.len(), "an id twice in gone");
    prop_assert_eq!(feed.views.len(), client.views.len());
    for (fv, (w, model)) in feed.views.iter().zip(&mut client.views) {
        prop_assert_eq!((fv.view, fv.sort), (w.view, w.sort));
        for r in fv.entered.iter().chain(&fv.changed) {
            prop_assert!(
                now_sees.contains(&r.row.conversation),
                "{:?} shown a row it cannot see: {:?}",
                viewer,
                r
            );
        }
        for id in &fv.left {
            prop_assert!(now_sees.contains(id), "{:?} told {} left, which it cannot see", viewer, id);
        }
        for id in &gone {
            model.rows.remove(id);
        }
        for id in &fv.left {
            prop_assert!(model.rows.remove(id).is_some(), "{} left {:?} without being in it", id, w);
        }
        for r in &fv.entered {
            prop_assert!(model.rows.insert(r.row.conversation, r.clone()).is_none(), "{:?} entered twice", r);
        }
        for r in &fv.changed {
            prop_assert!(
                model.rows.insert(r.row.conversation, r.clone()).is_some(),
                "{:?} changed unseen",
                r
            );
        }
        if let Some(n) = fv.count {
            model.count = Some(n);
        }
        // Replayed from empty: the view, its count.
        let direct = read_all(ws, viewer, *w, now);
        prop_assert_eq!(&ordered(&model.rows, w.sort), &direct, "{:?} for {:?} after replay", w, viewer);
        let count = ws.count(viewer, &ViewQuery::new(w.view), now).unwrap();
        prop_assert_eq!(model.count, Some(count), "count of {:?} for {:?}", w, viewer);
        // Each row's cursor is its position: the page after it starts with
        // the next row (checked at the end of a sequence, where it is dearest).
        let query = ViewQuery::new(w.view).sort(w.sort).limit(1);
        for r in model.rows.values().filter(|_| cursors) {
            let page = ws.view(viewer, &query.clone().after(r.cursor.clone()), now).unwrap();
            let later = direct.iter().skip_while(|d| d.conversation != r.row.conversation).nth(1);
            prop_assert_eq!(page.rows.first().map(|r| r.conversation), later.map(|r| r.conversation));
        }
    }
    if let Some(tiles) = feed.tiles {
        client.tiles = Some(tiles);
    }
    prop_assert_eq!(client.tiles, Some(ws.tiles(viewer).unwrap()), "tiles for {:?}", viewer);
    client.saw = now_sees;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_shrink_iters: 1000, ..ProptestConfig::default() })]

    #[test]
    fn the_feed_reveals_only_what_the_viewer_sees_and_replays_to_the_views(
        reopen in any::<bool>(),
        grouped in any::<bool>(),
        steps in proptest::collection::vec((step(), 0i64..90), 100..110),
    ) {
        // Grouped: every step is drained in one shared round
        // (`take_feed_groups`), and users watch one of two lists, so that
        // feeds are shared.
        let mut world = World::new(reopen);
        let mut clients = Vec::new();
        for (i, user) in world.users.clone().into_iter().enumerate() {
            let views = if grouped { watched(i % 2) } else { watched(i) };
            world.ws.watch_views(Actor::User(user), views.clone()).unwrap();
            let saw = visible(&world.ws, user);
            clients.push(Client {
                user,
                views: views.into_iter().map(|w| (w, Model::default())).collect(),
                tiles: None,
                saw,
            });
        }
        // Watching starts on an empty inbox: the models start empty.
        let mut minute = 0;
        let first = if grouped { Some(round(&mut world.ws)?) } else { None };
        for client in &mut clients {
            check(&mut world.ws, client, t(minute), false, first.as_ref())?;
        }
        let mut rows = 0usize;
        for (i, (step, advance)) in steps.iter().enumerate() {
            minute += advance;
            let now = t(minute);
            let _ = match step {
                Step::World(c) => world.apply(c, now).map(|_| ()),
                Step::Rename { actor, contact, name } => {
                    let actor = world.actor(*actor);
                    let contact = world.contacts[*contact as usize % world.contacts.len()];
                    let patch = ContactPatch { name: Some(format!("Name {name}")), ..ContactPatch::default() };
                    world.ws.update_contact(actor, now, contact, patch).map(|_| ())
                }
                Step::Tick => {
                    world.ws.tick(now);
                    Ok(())
                }
            };
            let drained = if grouped { Some(round(&mut world.ws)?) } else { None };
            for client in &mut clients {
                check(&mut world.ws, client, now, i + 1 == steps.len(), drained.as_ref())?;
                rows += client.views.iter().map(|(_, m)| m.rows.len()).sum::<usize>();
            }
        }
        // The sequences do fill the views.
        prop_assert!(rows > 0);
    }
}

#[test]
fn the_host_has_no_feed_and_resolved_today_cannot_be_watched() {
    let mut world = World::new(false);
    let err = world.ws.watch_views(common::SYS, vec![WatchedView::new(View::TeamInbox)]).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let user = Actor::User(world.users[2]);
    let err = world.ws.watch_views(user, vec![WatchedView::new(View::ResolvedToday)]).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    assert!(world.ws.watched_views(user).unwrap().is_empty());
}
