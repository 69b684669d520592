//! The live feed per viewer: the host registers the views a viewer watches
//! ([`Workspace::watch_views`]) and, after commands or `tick`, drains what
//! changed for them ([`Workspace::take_feed`], [`Workspace::take_feeds`]).
//!
//! The mutation chokepoints (`update`, `append_message`,
//! `insert_conversation`, `take_conversation`, read markers, `contact_mut`,
//! `user_mut`) call `feed_touch*`: once per conversation and *epoch* (the
//! time between two drains), the board keeps what membership needs of the
//! conversation before its first change ([`Snap`]), shared by every watcher:
//! O(1) per touch, whatever the number of watchers. A watcher drained at
//! the end of epoch `e` takes, per conversation changed since, the first
//! state kept from `e + 1` on. A drain compares, for each touched
//! conversation only, its membership before and now, as the viewer sees it.
//! A drain round ([`Workspace::take_feeds`]) computes what does not depend
//! on the viewer once per conversation: the state now, the row without the
//! viewer's unread count, its place in each order, the list of its users'
//! messages (for each viewer's unread count), and its views for each class
//! of viewer (admin or not, included in its visibility or not, assigned or
//! not: all [`member`] depends on). What a watcher is told is planned once
//! per distinct key of the round (the viewer's class of each touched
//! conversation before and now, their watched views, admin or not: see
//! [`Memo`]) and copied for the other watchers with that key, each adding
//! their own unread counts, counts and tiles; a long conversation's authors
//! come from a record kept across rounds ([`Authors`]) instead of a probe
//! of the author postings per watcher. Nothing here reads the whole workspace:
//! the cost is touched conversations × watchers of a few comparisons, plus
//! one row copy per row told. Nothing is persisted or journaled.

use crate::actor::Actor;
use crate::contact::Contact;
use crate::conversation::{Conversation, ConversationKind};
use crate::error::{Error, Result};
use crate::feed_types::{Authors, Feed, FeedGroup, FeedRow, FeedView, Snap, WatchedView, Watcher};
use crate::id_map::IdHasher;
use crate::id_map::IdMap;
use crate::ids::{ContactId, ConversationId, UserId};
use crate::message::Author;
use crate::view_index::{activity, cell_of, needs_review, ready_to_close, Key};
use crate::view_types::{Cursor, ListRow, Sort, Tiles, View, ViewQuery};
use crate::visibility::Visibility;
use crate::workspace::views::Who;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::Arc;

/// The conversations one watcher's drain looks at, in id order, each with
/// its state before the first change it has not been told about.
/// Per conversation, also its views before for each class of viewer, once
/// computed.
type Touched = Rc<Vec<TouchedOne>>;

/// One touched conversation: its state before, and its views then per
/// class of viewer.
type TouchedOne = (ConversationId, Option<Arc<Snap>>, Cell<[Option<u32>; CLASSES]>);

/// What a drain round knows of a conversation now, whoever looks: computed
/// once per round, on first use.
struct Current<'a> {
    live: Option<&'a Conversation>,
    snap: Option<Snap>,
    /// Its views for each class of viewer (see [`class`]), once computed.
    masks: [Option<u32>; CLASSES],
    /// The row with `unread` 0 (customer conversations: the title does not
    /// depend on the viewer).
    row: Option<ListRow>,
    /// Its group and cursor in each order used so far.
    places: Vec<(Sort, u16, Cursor)>,
    /// The read markers of the conversation.
    markers: Option<&'a [(UserId, u32)]>,
    /// The positions and authors of the messages users wrote (none when
    /// the conversation is too long to scan: then `authors`).
    written: Option<Vec<(usize, UserId)>>,
    /// For a longer conversation, the users who wrote in it and how often
    /// (from the board's cache, brought up to date once per round).
    authors: Option<Vec<(UserId, u32)>>,
}

/// The conversations a drain round has looked at, and the board's cache of
/// who wrote in them (taken out of the board for the round).
struct Now<'a> {
    map: IdMap<ConversationId, Current<'a>>,
    authors: IdMap<ConversationId, Authors>,
}

impl<'a> Now<'a> {
    fn get(&mut self, ws: &'a Workspace, id: ConversationId) -> &mut Current<'a> {
        let authors = &mut self.authors;
        self.map.entry(id).or_insert_with(|| Current::of(ws, id, authors))
    }
}

/// The most conversations whose authors the board keeps (a round starts
/// the cache afresh when it would hold more): at most a few hundred kB.
const AUTHORS_KEPT: usize = 4096;

/// The users who wrote in `c` and how often, from `cache` brought up to
/// date (messages are only appended: the ones after the entry's `len`).
fn authors_of(cache: &mut IdMap<ConversationId, Authors>, c: &Conversation) -> Vec<(UserId, u32)> {
    if cache.len() >= AUTHORS_KEPT && !cache.contains_key(&c.id) {
        cache.clear();
    }
    let entry = cache.entry(c.id).or_default();
    if entry.len > c.messages.len() {
        *entry = Authors::default();
    }
    for m in c.messages.get(entry.len..).unwrap_or(&[]) {
        if let Author::User(u) = m.author {
            match entry.users.iter_mut().find(|(v, _)| *v == u) {
                Some((_, n)) => *n += 1,
                None => entry.users.push((u, 1)),
            }
        }
    }
    entry.len = c.messages.len();
    entry.users.clone()
}

/// Conversations up to this many messages have their users' messages
/// listed once per round; longer ones are counted per viewer from the
/// author postings.
const SCAN: usize = 64;

impl<'a> Current<'a> {
    fn of(ws: &'a Workspace, id: ConversationId, cache: &mut IdMap<ConversationId, Authors>) -> Current<'a> {
        let live = ws.live(id);
        let authors =
            live.filter(|c| c.messages.len() > SCAN && !c.is_internal()).map(|c| authors_of(cache, c));
        let written = live.filter(|c| c.messages.len() <= SCAN).map(|c| {
            c.messages
                .iter()
                .enumerate()
                .filter_map(|(i, m)| match m.author {
                    Author::User(u) => Some((i, u)),
                    _ => None,
                })
                .collect()
        });
        Current {
            live,
            snap: live.map(snap_of),
            masks: [None; CLASSES],
            row: None,
            places: Vec::new(),
            markers: ws.reads.markers.get(&id).map(Vec::as_slice),
            written,
            authors,
        }
    }

    /// The views of the conversation now for `who`.
    fn views(&mut self, who: Who) -> u32 {
        let Some(s) = &self.snap else { return 0 };
        masked(&mut self.masks, who, s)
    }

    /// The messages of `c` unread by `user` (as `Workspace::unread_for`).
    fn unread(&self, ws: &Workspace, c: &Conversation, user: UserId) -> u32 {
        let read = self.markers.and_then(|l| l.iter().find(|(u, _)| *u == user)).map_or(0, |(_, r)| *r);
        let Some(written) = &self.written else {
            // A long conversation: from its authors when the viewer wrote
            // none of it, or has read none of it; else as the views count.
            let own =
                self.authors.as_ref().map(|a| a.iter().find(|(u, _)| *u == user).map_or(0, |(_, n)| *n));
            let len = c.messages.len();
            return match own {
                Some(0) => u32::try_from(len.saturating_sub(usize::try_from(read).unwrap_or(usize::MAX)))
                    .unwrap_or(u32::MAX),
                Some(n) if read == 0 => u32::try_from(len.saturating_sub(n as usize)).unwrap_or(u32::MAX),
                _ => ws.unread_for(c, user),
            };
        };
        let start = usize::try_from(read).unwrap_or(usize::MAX);
        let after = c.messages.len().saturating_sub(start);
        let own = written.iter().filter(|(i, u)| *i >= start && *u == user).count();
        u32::try_from(after - own.min(after)).unwrap_or(u32::MAX)
    }

    /// What the row of `c` depends on for `who` beyond the conversation:
    /// the viewer's unread count for a customer conversation, the viewer
    /// (the title names the other participant) for an internal chat.
    fn row_key(&self, ws: &Workspace, who: Who, c: &Conversation) -> u64 {
        match c.kind {
            ConversationKind::Customer { .. } => u64::from(who.user().map_or(0, |u| self.unread(ws, c, u))),
            ConversationKind::Internal { .. } => INTERNAL_ROW | who.user().map_or(0, |u| u.0),
        }
    }

    /// The row as `who` sees it, at its place in `sort`; `key` is
    /// [`Current::row_key`] for `who`.
    fn feed_row(&mut self, ws: &Workspace, who: Who, c: &Conversation, sort: Sort, key: u64) -> FeedRow {
        let row = match c.kind {
            ConversationKind::Customer { .. } => {
                let base = self.row.get_or_insert_with(|| ws.row(Who::System, c));
                let mut row = base.clone();
                row.unread = u32::try_from(key).unwrap_or(u32::MAX);
                row
            }
            ConversationKind::Internal { .. } => ws.row(who, c),
        };
        let (group, cursor) = match self.places.iter().find(|(s, _, _)| *s == sort) {
            Some((_, group, cursor)) => (*group, cursor.clone()),
            None => {
                let cell = cell_of(c);
                let key = Key::new(cell.index(), activity(c), c.id);
                let place = (sort, sort.group(cell), Cursor::encode(sort, key));
                let out = (place.1, place.2.clone());
                self.places.push(place);
                out
            }
        };
        FeedRow { row, group, cursor }
    }
}

/// The flag of an internal chat's [`Current::row_key`] (above any unread
/// count).
const INTERNAL_ROW: u64 = 1 << 63;

/// One watcher's feed of a round but for the tiles, as words: two
/// watchers whose words are equal have equal feeds (but for `viewer` and
/// the tiles, given beside: each viewer has their own figures), so a round
/// builds one [`Feed`] per distinct words. Each item is a word
/// `tag << 56 | view` (the view's position in the watch list) and its
/// operands: `RESET`, then one `VIEW` per watched view (view and order),
/// then, per touched conversation in id order, `ENTERED`/`CHANGED`
/// (conversation, [`Current::row_key`]) and `LEFT` (conversation) per view
/// and `GONE` (conversation), then `COUNT` (count) per view whose count is
/// told.
#[derive(Default)]
struct Words(Vec<u64>, bool);

const RESET: u64 = 1;
const VIEW: u64 = 2;
const ENTERED: u64 = 3;
const CHANGED: u64 = 4;
const LEFT: u64 = 5;
const GONE: u64 = 6;
const COUNT: u64 = 7;

impl Words {
    fn item(&mut self, tag: u64, view: usize, operands: &[u64]) {
        self.0.push(tag << 56 | (view as u64 & 0xff_ffff));
        self.0.extend_from_slice(operands);
        self.1 |= tag >= ENTERED || (tag == RESET && view != 0);
    }

    fn clear(&mut self) {
        self.0.clear();
        self.1 = false;
    }

    /// Whether the feed they describe tells something (a reset, a row, a
    /// count, a conversation gone): [`Feed::is_empty`] of the feed built
    /// from them, but for the tiles.
    fn tell(&self) -> bool {
        self.1
    }
}

/// What a watcher's feed depends on in a round beyond their own figures
/// (row keys, counts, tiles): the list of touched conversations (by its
/// number in the round), the watched views and orders (by their number in
/// [`Memo::lists`]), whether they are an admin, and per touched
/// conversation their [`class`] of it before and now ([`NO_CLASS`]: it did
/// not exist). Words: `slot << 32 | list << 1 | admin`, then one
/// `before << 4 | now` per conversation.
#[derive(Default)]
struct Memo {
    lists: Vec<Vec<WatchedView>>,
    /// Each key's position in `plans`.
    index: HashMap<Vec<u64>, usize, BuildHasherDefault<IdHasher>>,
    plans: Vec<Template>,
    /// The key being looked up (kept to reuse its room).
    key: Vec<u64>,
}

const NO_CLASS: u64 = CLASSES as u64;

/// One key's plan ([`Workspace::plan_template`]): the words with each row key
/// left 0 and no counts, where the row keys go, how the counts move.
struct Template {
    words: Vec<u64>,
    tell: bool,
    /// Each row key's position in `words`, and its conversation's position
    /// in the touched list.
    fill: Vec<(usize, usize)>,
    /// Each move of a watched view's count, in order: its position, and
    /// whether a row entered (else left).
    counts: Vec<(usize, bool)>,
    /// Whether a touched conversation may count in the viewer's tiles.
    tiles: bool,
}

fn same_list(list: &[WatchedView], views: &[(WatchedView, u64, Option<u64>)]) -> bool {
    list.len() == views.len() && list.iter().zip(views).all(|(a, (b, _, _))| a == b)
}

/// The `VIEW` items of `w`'s watched views.
fn view_items(w: &Watcher, out: &mut Words) {
    for (i, (v, _, _)) in w.views.iter().enumerate() {
        let sort = Sort::ALL.iter().position(|s| *s == v.sort).unwrap_or(0) as u64;
        out.item(VIEW, i, &[u64::from(bit(v.view)) << 8 | sort]);
    }
}

/// How a drain round gives its feeds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Round {
    /// One viewer's feed, even empty ([`Workspace::take_feed`]).
    One,
    /// Each watcher's feed that tells something, in user order
    /// ([`Workspace::take_feeds`]).
    Each,
    /// Groups of watchers with equal feeds ([`Workspace::take_feed_groups`]).
    Shared,
}

/// What a drain round gives: `feeds` for [`Round::One`] and
/// [`Round::Each`], `groups` for [`Round::Shared`].
struct Drained {
    feeds: Vec<Feed>,
    groups: Vec<FeedGroup>,
}

/// Classes of viewers that see a conversation alike: [`member`] depends on
/// the viewer only through whether they are an admin, whether the
/// conversation's visibility includes them and whether they are assigned.
const CLASSES: usize = 8;

fn class(who: Who, s: &Snap) -> usize {
    let Some(u) = who.user() else { return 0 };
    let admin = matches!(who, Who::System | Who::Admin(_));
    usize::from(admin) * 4 + usize::from(s.visibility.includes(u)) * 2 + usize::from(s.assignees.contains(&u))
}

/// The views (bits in [`View::ALL`] order) `s` is a row of for `who`,
/// computed once per class of viewer.
fn masked(masks: &mut [Option<u32>; CLASSES], who: Who, s: &Snap) -> u32 {
    let k = class(who, s);
    if let Some(Some(m)) = masks.get(k) {
        return *m;
    }
    let m = View::ALL
        .iter()
        .enumerate()
        .filter(|(_, v)| member(who, s, **v))
        .fold(0u32, |m, (i, _)| m | (1 << i));
    if let Some(slot) = masks.get_mut(k) {
        *slot = Some(m);
    }
    m
}

fn bit(view: View) -> u32 {
    View::ALL.iter().position(|v| *v == view).map_or(0, |i| 1 << i)
}

impl Workspace {
    /// Sets the views `viewer` watches, each in an order; an empty list stops
    /// watching. Ephemeral like presence: never persisted, never in
    /// snapshots. Starts afresh: the next [`Workspace::take_feed`] gives the
    /// tiles and every count, and then what changes. Users only (the feed is
    /// what a person's screen shows); "resolved today" cannot be watched (it
    /// changes with the day, not with commands). O(watched views · cells).
    pub fn watch_views(&mut self, viewer: Actor, views: Vec<WatchedView>) -> Result<()> {
        let (id, admin) = self.feed_viewer(viewer)?;
        if views.iter().any(|w| w.view == View::ResolvedToday) {
            return Err(Error::invalid_argument(
                "views",
                "resolved_today changes with the day, not with commands: read it instead of watching it",
            ));
        }
        let mut unique: Vec<WatchedView> = Vec::new();
        for w in views {
            if !unique.contains(&w) {
                unique.push(w);
            }
        }
        if unique.is_empty() {
            self.feed.watchers.remove(&id);
            self.feed.prune();
            return Ok(());
        }
        let now = self.feed_now();
        let mut counted = Vec::with_capacity(unique.len());
        for w in unique {
            let n = self.count(viewer, &ViewQuery::new(w.view), now)?;
            counted.push((w, n, None));
        }
        let from = self.feed.next_from();
        self.feed.watchers.insert(id, Watcher { admin, views: counted, tiles: None, from });
        self.feed.prune();
        Ok(())
    }

    /// The views `viewer` watches, in the order given (empty when none).
    pub fn watched_views(&self, viewer: Actor) -> Result<Vec<WatchedView>> {
        let (id, _) = self.feed_viewer(viewer)?;
        Ok(self.feed.watchers.get(&id).map_or_else(Vec::new, |w| w.views.iter().map(|v| v.0).collect()))
    }

    /// What changed for `viewer` in the views they watch since their last
    /// drain, and a fresh start: rows that entered, changed or left each view,
    /// the counts and tiles that changed, and the conversations they can no
    /// longer see. Only conversations the viewer can see now are described;
    /// one they could see and no longer can is given by id alone, in `gone`.
    /// Empty when the viewer watches nothing. O(conversations touched since
    /// the last drain · watched views).
    pub fn take_feed(&mut self, viewer: Actor) -> Result<Feed> {
        let found = self.feed_viewer(viewer);
        if let (Err(Error::UserDeleted { .. }), Actor::User(id)) = (&found, viewer) {
            self.feed.watchers.remove(&id);
            self.feed.prune();
        }
        let (id, _) = found?;
        let feed = self.drain_feeds(Some(id), Round::One).feeds.pop();
        Ok(feed.unwrap_or(Feed {
            viewer: id,
            reset: false,
            views: Vec::new(),
            tiles: None,
            gone: Vec::new(),
        }))
    }

    /// [`Workspace::take_feed`] for every watching viewer, in user order,
    /// leaving out empty feeds. Removed users stop watching and get nothing.
    /// One round, as [`Workspace::take_feed_groups`] (the same planning of
    /// each watcher's feed), but each watcher's feed built on its own (no
    /// grouping, no copies), and only when it tells something.
    pub fn take_feeds(&mut self) -> Vec<Feed> {
        self.drop_removed_watchers();
        self.drain_feeds(None, Round::Each).feeds
    }

    /// One drain round for every watching viewer, shared: viewers whose
    /// feeds are equal form one group with one feed, built once (for a host
    /// that serializes a feed once and sends it to many connections). Each
    /// viewer with a non-empty feed is in exactly one group, and the group's
    /// feed (with `viewer` set to them) is exactly what their own
    /// [`Workspace::take_feed`] would have given; viewers with nothing new
    /// are in none. Groups in the order of their first viewer. Removed users
    /// stop watching and get nothing. The cost: per touched conversation,
    /// what does not depend on the viewer once; per watcher and touched
    /// conversation a few comparisons and its unread count; one feed per
    /// distinct feed.
    pub fn take_feed_groups(&mut self) -> Vec<FeedGroup> {
        self.drop_removed_watchers();
        let mut groups = self.drain_feeds(None, Round::Shared).groups;
        for g in groups.iter_mut().filter(|g| g.feed.is_empty()) {
            // Only viewers whose tiles changed have something.
            let mut keep = g.tiles.iter().map(Option::is_some);
            g.viewers.retain(|_| keep.next().unwrap_or(false));
            g.tiles.retain(Option::is_some);
            if let Some(first) = g.viewers.first() {
                g.feed.viewer = *first;
            }
        }
        groups.retain(|g| !g.viewers.is_empty());
        groups.sort_by_key(|g| g.viewers.first().copied());
        groups
    }

    /// Removed users stop watching.
    fn drop_removed_watchers(&mut self) {
        let removed: Vec<UserId> = self
            .feed
            .watchers
            .keys()
            .filter(|id| self.feed_viewer(Actor::User(**id)).is_err())
            .copied()
            .collect();
        for id in &removed {
            self.feed.watchers.remove(id);
        }
        if !removed.is_empty() {
            self.feed.prune();
        }
    }

    fn feed_viewer(&self, viewer: Actor) -> Result<(UserId, bool)> {
        match self.acting_user(viewer)? {
            Some(u) => Ok((u.id, u.is_admin())),
            None => Err(Error::forbidden("the feed belongs to users; the host reads views directly")),
        }
    }

    fn feed_now(&self) -> DateTime<Utc> {
        self.latest_time.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }

    /// Keeps the state of a conversation before its first change of the
    /// current epoch. Called before every change of a conversation. O(1).
    pub(crate) fn feed_touch(&mut self, id: ConversationId) {
        let epoch = self.feed.epoch;
        if self.feed.watchers.is_empty() || self.feed.conversations.has(id, epoch) {
            return;
        }
        let snap = self.live(id).map(|c| Arc::new(snap_of(c)));
        self.feed.conversations.record(id, epoch, snap);
    }

    /// Drops what the feed keeps of a conversation's messages (it is being
    /// replaced, deleted or inserted).
    pub(crate) fn feed_forget(&mut self, id: ConversationId) {
        self.feed.authors.remove(&id);
    }

    /// Keeps a contact's title before a change (rows show it).
    pub(crate) fn feed_touch_contact(&mut self, id: ContactId) {
        let epoch = self.feed.epoch;
        if self.feed.watchers.is_empty() || self.feed.contacts.has(id, epoch) {
            return;
        }
        let Ok(title) = self.contact_record(id).map(contact_title) else { return };
        self.feed.contacts.record(id, epoch, title);
    }

    /// Keeps a user's name before a change (internal chat rows show it).
    pub(crate) fn feed_touch_user(&mut self, id: UserId) {
        let epoch = self.feed.epoch;
        if self.feed.watchers.is_empty() || self.feed.users.has(id, epoch) {
            return;
        }
        let Ok(name) = self.user(id).map(|u| u.name.clone()) else { return };
        self.feed.users.record(id, epoch, name);
    }

    /// The conversations changed since epoch `from`, with their state
    /// before, plus those whose rows show a contact title or user name that
    /// changed since (their state now: a title never moves a row between
    /// views). In id order.
    fn feed_touched(&self, from: u64) -> Vec<(ConversationId, Option<Arc<Snap>>)> {
        let board = &self.feed;
        let mut ids: BTreeMap<ConversationId, Option<Arc<Snap>>> =
            board.conversations.since(from).map(|(id, snap)| (id, snap.clone())).collect();
        for (k, title) in board.contacts.since(from) {
            if self.contact_record(k).map(contact_title).is_ok_and(|t| t != *title) {
                for c in self.contact_conversations(k) {
                    ids.entry(c).or_insert_with(|| self.live(c).map(|c| Arc::new(snap_of(c))));
                }
            }
        }
        for (u, name) in board.users.since(from) {
            if self.user(u).is_ok_and(|u| u.name != *name) {
                let chats: Vec<ConversationId> = self
                    .indexes
                    .views
                    .internal_by_user
                    .get(&u)
                    .map(|s| s.rows.iter().map(|k| k.id()).collect())
                    .unwrap_or_default();
                for c in chats {
                    ids.entry(c).or_insert_with(|| self.live(c).map(|c| Arc::new(snap_of(c))));
                }
            }
        }
        ids.into_iter().collect()
    }

    /// Drains the feed of `only` (a live user), or of every watcher (all
    /// live), in one pass, in user order, as `round` says; a viewer who does
    /// not watch gets nothing.
    fn drain_feeds(&mut self, only: Option<UserId>, round: Round) -> Drained {
        let next = self.feed.next_from();
        let mut watchers = std::mem::take(&mut self.feed.watchers);
        let authors = std::mem::take(&mut self.feed.authors);
        let share = round == Round::Shared;
        let mut out = Drained {
            feeds: Vec::with_capacity(match round {
                Round::One => 1,
                Round::Each => watchers.len(),
                Round::Shared => 0,
            }),
            groups: Vec::new(),
        };
        let groups = &mut out.groups;
        let kept = {
            let ws: &Workspace = self;
            let mut touched: Vec<(u64, Touched)> = Vec::new();
            let mut now = Now { map: IdMap::default(), authors };
            let mut memo = Memo::default();
            let mut words = Words::default();
            let mut seen: HashMap<Vec<u64>, usize, BuildHasherDefault<IdHasher>> = HashMap::default();
            let each: Box<dyn Iterator<Item = (UserId, &mut Watcher)>> = match only {
                Some(id) => Box::new(watchers.get_mut(&id).map(|w| (id, w)).into_iter()),
                None => Box::new(watchers.iter_mut().map(|(id, w)| (*id, w))),
            };
            for (id, w) in each {
                let admin = ws.user(id).is_ok_and(|u| u.is_admin());
                let slot = match touched.iter().position(|(from, _)| *from == w.from) {
                    Some(slot) => slot,
                    None => {
                        let list = ws
                            .feed_touched(w.from)
                            .into_iter()
                            .map(|(id, s)| (id, s, Cell::new([None; CLASSES])));
                        let list: Touched = Rc::new(list.collect());
                        now.map.reserve(list.len());
                        touched.push((w.from, list));
                        touched.len() - 1
                    }
                };
                let list = touched.get(slot).map(|(_, l)| Rc::clone(l)).unwrap_or_default();
                words.clear();
                let tiles = ws.plan_one(id, admin, w, (slot, &list), &mut memo, &mut now, &mut words);
                w.from = next;
                let who = if admin { Who::Admin(id) } else { Who::Agent(id) };
                if !share {
                    // Round::Each leaves out feeds that tell nothing
                    // without building them; Round::One always builds.
                    if round == Round::One || words.tell() || tiles.is_some() {
                        let mut feed = ws.build_feed(id, who, w, &words.0, &mut now);
                        feed.tiles = tiles;
                        out.feeds.push(feed);
                    }
                    continue;
                }
                let shared = seen.get(words.0.as_slice()).copied();
                match shared.and_then(|i| groups.get_mut(i)) {
                    Some(group) => {
                        group.viewers.push(id);
                        group.tiles.push(tiles);
                    }
                    None => {
                        let feed = ws.build_feed(id, who, w, &words.0, &mut now);
                        seen.insert(words.0.clone(), groups.len());
                        groups.push(FeedGroup { viewers: vec![id], tiles: vec![tiles], feed });
                    }
                }
            }
            now.authors
        };
        self.feed.watchers = watchers;
        self.feed.authors = kept;
        self.feed.prune();
        out
    }

    /// Brings one watcher up to date with the conversations touched since
    /// their last drain (`touched`, the round's list number `slot`), writing
    /// their feed but for the tiles as [`Words`] and giving their new tiles
    /// when they changed; `now` caches what does not depend on the viewer,
    /// `memo` what depends on the viewer only through their key (see
    /// [`Memo`]): the first watcher of each key plans it
    /// ([`Workspace::plan_template`]), the others copy that plan and add their
    /// own row keys and counts.
    fn plan_one<'a>(
        &'a self,
        id: UserId,
        admin: bool,
        w: &mut Watcher,
        (slot, touched): (usize, &[TouchedOne]),
        memo: &mut Memo,
        now: &mut Now<'a>,
        out: &mut Words,
    ) -> Option<Tiles> {
        let who = if admin { Who::Admin(id) } else { Who::Agent(id) };
        let reset = w.admin != admin;
        // Whether a touched conversation is one the tiles may count for
        // this viewer (seen before or now, or assigned to them).
        let mut tiles_touched = false;
        if reset {
            out.item(RESET, 1, &[]);
            view_items(w, out);
            w.admin = admin;
            let at = self.feed_now();
            let viewer = Actor::User(id);
            for (v, n, told) in &mut w.views {
                *n = self.count(viewer, &ViewQuery::new(v.view), at).unwrap_or(0);
                *told = None;
            }
        } else {
            let list = match memo.lists.iter().position(|l| same_list(l, &w.views)) {
                Some(list) => list,
                None => {
                    memo.lists.push(w.views.iter().map(|v| v.0).collect());
                    memo.lists.len() - 1
                }
            };
            let key = &mut memo.key;
            key.clear();
            key.push((slot as u64) << 32 | (list as u64) << 1 | u64::from(admin));
            for (conversation, before, _) in touched {
                let current = now.get(self, *conversation);
                let was = before.as_deref().map_or(NO_CLASS, |s| class(who, s) as u64);
                let is = current.snap.as_ref().map_or(NO_CLASS, |s| class(who, s) as u64);
                key.push(was << 4 | is);
            }
            let found = memo.index.get(memo.key.as_slice()).copied();
            let i = match found {
                Some(i) => i,
                None => {
                    let t = self.plan_template(who, w, touched, now);
                    memo.index.insert(memo.key.clone(), memo.plans.len());
                    memo.plans.push(t);
                    memo.plans.len() - 1
                }
            };
            let Some(t) = memo.plans.get(i) else { return None };
            out.0.extend_from_slice(&t.words);
            out.1 = t.tell;
            // The row keys, once per conversation (fills are in
            // conversation order).
            let mut last: Option<(usize, u64)> = None;
            for (at, k) in &t.fill {
                let value = match last {
                    Some((j, value)) if j == *k => value,
                    _ => {
                        let value = touched.get(*k).map_or(0, |(conversation, _, _)| {
                            let current = now.get(self, *conversation);
                            current.live.map_or(0, |c| current.row_key(self, who, c))
                        });
                        last = Some((*k, value));
                        value
                    }
                };
                if let Some(word) = out.0.get_mut(*at) {
                    *word = value;
                }
            }
            for (i, entered) in &t.counts {
                if let Some((_, n, _)) = w.views.get_mut(*i) {
                    *n = if *entered { *n + 1 } else { n.saturating_sub(1) };
                }
            }
            tiles_touched = t.tiles;
        }
        for (i, (_, n, told)) in w.views.iter_mut().enumerate() {
            if *told != Some(*n) {
                out.item(COUNT, i, &[*n]);
                *told = Some(*n);
            }
        }
        if tiles_touched || reset || w.tiles.is_none() {
            let tiles = self.tiles_for(who);
            if w.tiles != Some(tiles) {
                w.tiles = Some(tiles);
                return Some(tiles);
            }
        }
        None
    }

    /// What a drain tells a viewer `who` watching `w`'s list about the
    /// `touched` conversations but for their own figures: computed from
    /// the viewer's [`class`] of each conversation before and now alone,
    /// so it holds for every viewer with the same key (see [`Memo`]).
    fn plan_template<'a>(
        &'a self,
        who: Who,
        w: &Watcher,
        touched: &[TouchedOne],
        now: &mut Now<'a>,
    ) -> Template {
        let mut out = Words::default();
        out.item(RESET, 0, &[]);
        view_items(w, &mut out);
        let mut fill = Vec::new();
        let mut counts = Vec::new();
        let mut tiles = false;
        for (k, (conversation, before, before_masks)) in touched.iter().enumerate() {
            let current = now.get(self, *conversation);
            let live = current.live.is_some();
            let before = before.as_deref();
            let saw = before.is_some_and(|s| sees(who, s));
            let sees_now = current.snap.as_ref().is_some_and(|s| sees(who, s));
            let assigned =
                |s: Option<&Snap>| s.is_some_and(|s| who.user().is_some_and(|u| s.assignees.contains(&u)));
            tiles |= saw || sees_now || assigned(before) || assigned(current.snap.as_ref());
            if !saw && !sees_now {
                // In none of the viewer's views before or now.
                continue;
            }
            let was_in = before.map_or(0, |s| {
                let mut masks = before_masks.get();
                let m = masked(&mut masks, who, s);
                before_masks.set(masks);
                m
            });
            let is_in = current.views(who);
            for (i, (v, _, _)) in w.views.iter().enumerate() {
                let b = bit(v.view);
                let (was, is) = (was_in & b != 0, is_in & b != 0);
                match (was, is, live) {
                    (false, true, true) => {
                        counts.push((i, true));
                        fill.push((out.0.len() + 2, k));
                        out.item(ENTERED, i, &[conversation.0, 0]);
                    }
                    (true, true, true) => {
                        fill.push((out.0.len() + 2, k));
                        out.item(CHANGED, i, &[conversation.0, 0]);
                    }
                    (true, false, _) => {
                        counts.push((i, false));
                        if sees_now {
                            out.item(LEFT, i, &[conversation.0]);
                        }
                    }
                    _ => {}
                }
            }
            if saw && !sees_now {
                out.item(GONE, 0, &[conversation.0]);
            }
        }
        Template { tell: out.1, words: out.0, fill, counts, tiles }
    }

    /// The feed [`Workspace::plan_one`] wrote as `words` for `viewer`
    /// (`who`), whose watch list is `w`'s.
    fn build_feed<'a>(
        &'a self,
        viewer: UserId,
        who: Who,
        w: &Watcher,
        words: &[u64],
        now: &mut Now<'a>,
    ) -> Feed {
        let mut feed = Feed {
            viewer,
            reset: false,
            views: w
                .views
                .iter()
                .map(|(v, _, _)| FeedView {
                    view: v.view,
                    sort: v.sort,
                    entered: Vec::new(),
                    changed: Vec::new(),
                    left: Vec::new(),
                    count: None,
                })
                .collect(),
            tiles: None,
            gone: Vec::new(),
        };
        let mut at = 0;
        while let Some(head) = words.get(at) {
            let (tag, pos) = (head >> 56, usize::try_from(head & 0xff_ffff).unwrap_or(usize::MAX));
            let operands = match tag {
                RESET => 0,
                ENTERED | CHANGED => 2,
                _ => 1,
            };
            let args = words.get(at + 1..at + 1 + operands).unwrap_or(&[]);
            at += 1 + operands;
            let arg = |k: usize| args.get(k).copied().unwrap_or(0);
            match tag {
                RESET => feed.reset = pos != 0,
                ENTERED | CHANGED => {
                    let conversation = ConversationId(arg(0));
                    let current = now.get(self, conversation);
                    let (Some(c), Some(out)) = (current.live, feed.views.get_mut(pos)) else { continue };
                    let row = current.feed_row(self, who, c, out.sort, arg(1));
                    push(if tag == ENTERED { &mut out.entered } else { &mut out.changed }, row);
                }
                LEFT => {
                    if let Some(out) = feed.views.get_mut(pos) {
                        out.left.push(ConversationId(arg(0)));
                    }
                }
                GONE => feed.gone.push(ConversationId(arg(0))),
                COUNT => {
                    if let Some(out) = feed.views.get_mut(pos) {
                        out.count = Some(arg(0));
                    }
                }
                _ => {}
            }
        }
        feed
    }

    /// The live conversations of a contact, from the search index's contact
    /// postings (as the customer panel reads them).
    fn contact_conversations(&self, contact: ContactId) -> Vec<ConversationId> {
        let index = &self.indexes.search;
        index
            .contact
            .of(contact.0)
            .into_iter()
            .map(|id| ConversationId(u64::from(id)))
            .chain(index.oversized.iter().map(|id| ConversationId(*id)))
            .filter(|id| self.live(*id).is_some_and(|c| c.contact() == Some(contact)))
            .collect()
    }
}

/// Pushes `row`; the first one into room for one (most drains tell one row
/// per view: a row is a few hundred bytes, four of them a large block).
fn push(rows: &mut Vec<FeedRow>, row: FeedRow) {
    if rows.capacity() == 0 {
        rows.reserve_exact(1);
    }
    rows.push(row);
}

fn snap_of(c: &Conversation) -> Snap {
    Snap {
        internal: c.is_internal(),
        visibility: c.visibility.clone(),
        assignees: c.assignees.clone(),
        cell: cell_of(c),
        ready_to_close: ready_to_close(c),
        needs_review: needs_review(c),
    }
}

/// What a customer row shows as its title (see `Workspace::row`).
fn contact_title(k: &Contact) -> String {
    k.name
        .as_deref()
        .or(k.phone.as_deref())
        .or(k.email.as_deref())
        .or_else(|| k.identities.first().map(|i| i.handle.as_str()))
        .unwrap_or_default()
        .to_string()
}

/// The visibility rule ([`can_see`](crate::workspace::can_see)) on a snap,
/// for a live viewer.
fn sees(who: Who, s: &Snap) -> bool {
    match who {
        Who::System | Who::Admin(_) => true,
        Who::Agent(u) => s.visibility.includes(u),
    }
}

/// Whether a conversation in state `s` is a row of `view` for `who`: the
/// scopes and cell tests of `Workspace::parts` and the row conditions of
/// `Plan::row_ok`, on the snap instead of the index (the leak and replay
/// property test checks that both agree).
fn member(who: Who, s: &Snap, view: View) -> bool {
    if !sees(who, s) {
        return false;
    }
    let Some(u) = who.user() else { return false };
    let all = matches!(who, Who::System | Who::Admin(_));
    let customer = (!s.internal || s.visibility == Visibility::Everyone) && (all || s.visibility.includes(u));
    let internal = s.internal && s.visibility.is_restricted() && s.visibility.includes(u);
    let mine = !s.internal && s.assignees.contains(&u);
    let c = s.cell;
    let open = !c.status.is_closed();
    match view {
        View::TeamInbox => customer || internal,
        View::Unassigned => customer && open && !c.assigned,
        View::InProgress => customer && open && c.assigned,
        View::Closed => customer && !open,
        View::MyInbox => (mine && open) || internal,
        View::NeedsMyAttention => mine && open && c.unreplied,
        View::WaitingForCustomer => mine && open && !c.unreplied,
        View::ReadyToClose => mine && open && !c.unreplied && s.ready_to_close,
        View::Active => customer && c.status == crate::status::Status::Open,
        View::Pending => customer && c.status == crate::status::Status::Pending,
        View::ResolvedToday => false,
        View::NeedsReview => customer && open && !c.assigned && s.needs_review,
        View::WebchatInbox
        | View::WhatsappInbox
        | View::SmsInbox
        | View::EmailInbox
        | View::TelephonyInbox
        | View::LinkedinInbox => customer && view.channel() == Some(c.channel),
    }
}
