//! The live feed per viewer: what changed, for one viewer, in the views they
//! watch since they last drained it. Ephemeral like presence: the watch list
//! and what is pending are held in memory only, never persisted, never in
//! snapshots. See `docs/views.md`, "Live feed".

use crate::id_map::IdMap;
use crate::ids::{ContactId, ConversationId, UserId};
use crate::message::{Author, Message};
use crate::view_index::Cell;
use crate::view_types::{Cursor, ListRow, Sort, Tiles, View};
use crate::visibility::Visibility;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::{BTreeMap, VecDeque};
use std::hash::Hash;

/// A list a viewer watches: a view in an order (no filters: a UI narrows
/// what it shows itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WatchedView {
    /// The list.
    pub view: View,
    /// The order the feed gives positions in.
    #[serde(default)]
    pub sort: Sort,
}

impl WatchedView {
    /// `view` in its default order (most recent first).
    pub fn new(view: View) -> WatchedView {
        WatchedView { view, sort: Sort::Recent }
    }
}

/// A row of a watched view as it is now, with its position.
///
/// Rows are placed by `group` (ascending), then by the row's
/// `last_activity_at` and `conversation`: descending, except for
/// [`Sort::Oldest`], ascending. `cursor` is the same position as a view
/// cursor ([`Cursor`]): the rows after it are the page
/// [`ViewQuery::after`] gives.
///
/// [`ViewQuery::after`]: crate::ViewQuery::after
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedRow {
    /// The row, as [`Workspace::view`](crate::Workspace::view) shows it now.
    pub row: ListRow,
    /// The group of the order (0 for the time orders; the priority,
    /// channel or assignment rank otherwise).
    pub group: u16,
    /// The position as a cursor of the watched order.
    pub cursor: Cursor,
}

/// What changed in one watched view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedView {
    /// The watched list.
    pub view: View,
    /// Its order.
    pub sort: Sort,
    /// Rows that entered the view, in conversation order.
    pub entered: Vec<FeedRow>,
    /// Rows that were and still are in the view and were touched: their
    /// new content and position (moved or updated), in conversation order.
    pub changed: Vec<FeedRow>,
    /// Conversations that left the view but that the viewer can still see.
    pub left: Vec<ConversationId>,
    /// The view's new row count, when it changed.
    pub count: Option<u64>,
}

/// What changed for one viewer since their last drain
/// ([`Workspace::take_feed`](crate::Workspace::take_feed)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Feed {
    /// The viewer.
    pub viewer: UserId,
    /// True when what the viewer may see changed wholesale (their role
    /// changed): drop every row and read the views again. The views then
    /// hold no deltas, but every count and the tiles are given.
    pub reset: bool,
    /// One entry per watched view, in the order they were watched.
    pub views: Vec<FeedView>,
    /// The new tiles, when they changed.
    pub tiles: Option<Tiles>,
    /// Conversations the viewer could see and no longer can (their
    /// visibility narrowed, or they were deleted): the ids only. Drop them
    /// from every view.
    pub gone: Vec<ConversationId>,
}

impl Feed {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.reset
            && self.tiles.is_none()
            && self.gone.is_empty()
            && self.views.iter().all(|v| {
                v.entered.is_empty() && v.changed.is_empty() && v.left.is_empty() && v.count.is_none()
            })
    }
}

/// Watchers whose feeds of one drain round are equal but for the tiles
/// ([`Workspace::take_feed_groups`](crate::Workspace::take_feed_groups)):
/// one feed, built once, for all of them, so a host serializes it once and
/// sends it to each viewer's connection with that viewer's tiles. (Tiles
/// hold per-person figures, "assigned to me", and change with most
/// commands: grouping on them would give nearly every agent a group.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeedGroup {
    /// The viewers, in user order; never empty.
    pub viewers: Vec<UserId>,
    /// Each viewer's new tiles when they changed, in the order of
    /// `viewers`.
    pub tiles: Vec<Option<Tiles>>,
    /// Their feed but for the tiles (`tiles` is `None` here). Its `viewer`
    /// is the first of `viewers`. Viewer `i`'s own feed is this one with
    /// `viewer` set to them and `tiles` to `tiles[i]`.
    pub feed: Feed,
}

impl FeedGroup {
    /// Each viewer's own feed, as [`Workspace::take_feed`] gives it.
    ///
    /// [`Workspace::take_feed`]: crate::Workspace::take_feed
    pub fn feeds(&self) -> impl Iterator<Item = Feed> + '_ {
        self.viewers.iter().zip(&self.tiles).map(|(v, t)| Feed { viewer: *v, tiles: *t, ..self.feed.clone() })
    }
}

/// What a view's membership needs of a conversation, whoever looks: taken
/// before its first change since a viewer's last drain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snap {
    pub(crate) internal: bool,
    pub(crate) visibility: Visibility,
    // Inline: most conversations have one or two assignees, and a snap is
    // taken at the first change of every touched conversation.
    pub(crate) assignees: SmallVec<[UserId; 2]>,
    pub(crate) cell: Cell,
    pub(crate) ready_to_close: bool,
    pub(crate) needs_review: bool,
}

/// One watching viewer.
#[derive(Clone, Debug)]
pub(crate) struct Watcher {
    /// Whether the viewer was an admin when they last drained.
    pub(crate) admin: bool,
    /// The watched views, each with its row count now and as last told.
    // Inline: a drain round reads every watcher's, and most watch a few.
    pub(crate) views: SmallVec<[Watched; 4]>,
    /// The union of the watched views' bits (in [`View::ALL`] order).
    pub(crate) watched: u32,
    /// The watch list's slot in [`FeedBoard::lists`]: watchers with equal
    /// lists share it.
    pub(crate) list: u64,
    /// [`FeedBoard::users_version`] when `admin` was last read from the
    /// user: while it is unchanged, the role is too.
    pub(crate) users_seen: u64,
    /// The tiles as last told (none before the first drain).
    pub(crate) tiles: Option<Tiles>,
    /// The first epoch of [`FeedBoard`] not yet drained: what changed in
    /// it or later is pending for this viewer.
    pub(crate) from: u64,
}

/// One watched view of a [`Watcher`].
#[derive(Clone, Debug)]
pub(crate) struct Watched {
    pub(crate) view: WatchedView,
    /// The view's bit in [`View::ALL`] order.
    pub(crate) bit: u32,
    /// The row count now.
    pub(crate) n: u64,
    /// The row count as last told.
    pub(crate) told: Option<u64>,
}

impl Watched {
    pub(crate) fn new(view: WatchedView, n: u64) -> Watched {
        let bit = View::ALL.iter().position(|v| *v == view.view).map_or(0, |i| 1 << i);
        Watched { view, bit, n, told: None }
    }
}

/// What changed, per key, in each epoch (the time between two drains):
/// the value before the first change of the epoch. Shared by all
/// watchers: a watcher whose last drain ended at epoch `from` takes, per
/// key, the first entry of `from` or later. Entries older than every
/// watcher's `from` are dropped.
#[derive(Clone, Debug)]
pub(crate) struct Log<K, V> {
    // Inline: most keys change in one epoch between two drains, and a
    // drain prunes the epochs before it.
    entries: IdMap<K, SmallVec<[(u64, V); 1]>>,
    /// Every entry's epoch and key, in the order recorded (so by epoch).
    order: VecDeque<(u64, K)>,
}

impl<K, V> Default for Log<K, V> {
    fn default() -> Self {
        Log { entries: IdMap::default(), order: VecDeque::new() }
    }
}

impl<K: Copy + Eq + Hash, V> Log<K, V> {
    /// Whether `key` already has its entry for `epoch`.
    pub(crate) fn has(&self, key: K, epoch: u64) -> bool {
        self.entries.get(&key).and_then(|v| v.last()).is_some_and(|(e, _)| *e == epoch)
    }

    /// Records `value` as `key`'s state before its first change of `epoch`
    /// (callers check [`Log::has`] first; epochs only grow).
    pub(crate) fn record(&mut self, key: K, epoch: u64, value: V) {
        self.entries.entry(key).or_default().push((epoch, value));
        self.order.push_back((epoch, key));
    }

    /// Each key changed in epoch `from` or later, once, with its state
    /// before the first of those changes. O(entries since `from`).
    pub(crate) fn since(&self, from: u64) -> impl Iterator<Item = (K, &V)> + '_ {
        let start = self.order.partition_point(|(e, _)| *e < from);
        self.order.range(start..).filter_map(move |(e, k)| {
            let first = self.entries.get(k)?.iter().find(|(at, _)| *at >= from)?;
            (first.0 == *e).then_some((*k, &first.1))
        })
    }

    /// Drops the entries of epochs before `from`.
    pub(crate) fn prune(&mut self, from: u64) {
        while let Some(&(e, k)) = self.order.front() {
            if e >= from {
                break;
            }
            self.order.pop_front();
            if let Some(v) = self.entries.get_mut(&k) {
                if v.first().is_some_and(|(at, _)| *at == e) {
                    v.remove(0);
                }
                if v.is_empty() {
                    self.entries.remove(&k);
                }
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

/// Every watching viewer, and what changed since the oldest drain.
#[derive(Clone, Debug, Default)]
pub(crate) struct FeedBoard {
    pub(crate) watchers: BTreeMap<UserId, Watcher>,
    /// The current epoch: changes are recorded under it; a drain ends it
    /// when something was recorded in it.
    pub(crate) epoch: u64,
    /// Conversations, with the state membership needs before their first
    /// change of each epoch (none: it did not exist).
    pub(crate) conversations: Log<ConversationId, Option<Snap>>,
    /// Contacts, with the title they gave before.
    pub(crate) contacts: Log<ContactId, String>,
    /// Users, with their name before.
    pub(crate) users: Log<UserId, String>,
    /// Grows with every change of a user (role, removal, name): a watcher
    /// who saw this version knows their role without reading it again.
    pub(crate) users_version: u64,
    /// [`FeedBoard::users_version`] when removed users last stopped
    /// watching.
    pub(crate) users_checked: u64,
    /// What drain rounds reuse.
    pub(crate) scratch: Scratch,
    /// The views some watcher watches (bits in [`View::ALL`] order), set
    /// when a watch list is set; a watcher who stops watching may leave
    /// their bits (a drain round then works out a view nobody needs).
    pub(crate) wanted: u32,
    /// The distinct watch lists (a free slot is `None`).
    pub(crate) lists: Vec<Option<Vec<WatchedView>>>,
    /// Who wrote in the conversations drain rounds looked at, as far as
    /// they read (at most [`AUTHORS_KEPT`]; dropped when a conversation is
    /// replaced, deleted or inserted).
    pub(crate) authors: IdMap<ConversationId, Authors>,
}

/// How many conversations [`FeedBoard::authors`] keeps; past it, it starts
/// afresh.
pub(crate) const AUTHORS_KEPT: usize = 4096;

/// Each user who wrote in a conversation, with the positions of their
/// messages, ascending, among its first `read` messages (messages are
/// only ever appended).
#[derive(Clone, Debug, Default)]
pub(crate) struct Authors {
    pub(crate) read: usize,
    pub(crate) by: Vec<(UserId, Vec<u32>)>,
}

impl Authors {
    /// Reads the messages after the first `read`.
    pub(crate) fn extend(&mut self, messages: &[Message]) {
        for (i, m) in messages.iter().enumerate().skip(self.read) {
            let (Author::User(u), Ok(i)) = (m.author, u32::try_from(i)) else { continue };
            match self.by.iter_mut().find(|(w, _)| *w == u) {
                Some((_, at)) => at.push(i),
                None => self.by.push((u, vec![i])),
            }
        }
        self.read = self.read.max(messages.len());
    }

    /// How many of `user`'s messages are at `start` or later.
    pub(crate) fn own_from(&self, user: UserId, start: usize) -> usize {
        self.by
            .iter()
            .find(|(u, _)| *u == user)
            .map_or(0, |(_, at)| at.len() - at.partition_point(|i| (*i as usize) < start))
    }
}

impl FeedBoard {
    /// The slot of `list` in [`FeedBoard::lists`], taken if new, after
    /// freeing the slots no watcher uses.
    pub(crate) fn list_slot(&mut self, list: Vec<WatchedView>) -> u64 {
        for (i, slot) in self.lists.iter_mut().enumerate() {
            if slot.is_some() && !self.watchers.values().any(|w| w.list == i as u64) {
                *slot = None;
            }
        }
        if let Some(i) = self.lists.iter().position(|l| l.as_ref() == Some(&list)) {
            return i as u64;
        }
        match self.lists.iter().position(Option::is_none) {
            Some(i) => {
                if let Some(slot) = self.lists.get_mut(i) {
                    *slot = Some(list);
                }
                i as u64
            }
            None => {
                self.lists.push(Some(list));
                self.lists.len() as u64 - 1
            }
        }
    }

    /// Whether anything was recorded in the current epoch.
    pub(crate) fn dirty(&self) -> bool {
        let e = self.epoch;
        self.conversations.order.back().is_some_and(|(at, _)| *at == e)
            || self.contacts.order.back().is_some_and(|(at, _)| *at == e)
            || self.users.order.back().is_some_and(|(at, _)| *at == e)
    }

    /// Ends the current epoch if anything was recorded in it, and gives
    /// the epoch a watcher drained now starts from.
    pub(crate) fn next_from(&mut self) -> u64 {
        if self.dirty() {
            self.epoch += 1;
        }
        self.epoch
    }

    /// Drops what every watcher has drained.
    pub(crate) fn prune(&mut self) {
        let from = self.watchers.values().map(|w| w.from).min();
        self.prune_to(from);
    }

    /// Drops what was recorded before epoch `from`, the smallest of the
    /// watchers' (none: nobody watches).
    pub(crate) fn prune_to(&mut self, from: Option<u64>) {
        match from {
            Some(from) => {
                self.conversations.prune(from);
                self.contacts.prune(from);
                self.users.prune(from);
            }
            None => {
                self.conversations.clear();
                self.contacts.clear();
                self.users.clear();
                self.authors.clear();
            }
        }
    }
}

/// One watcher's feed of a round but for the tiles, as words: two
/// watchers whose words are equal have equal feeds (but for `viewer` and
/// the tiles, given beside: each viewer has their own figures), so a round
/// builds one [`Feed`] per distinct words. Each item is a word
/// `tag << 56 | view` (the view's position in the watch list) and its
/// operands: `RESET`, then `VIEW` (the watch list's slot in
/// [`FeedBoard::lists`]), then, per touched conversation in id order,
/// `ENTERED`/`CHANGED` (conversation, the row's unread count or, for an
/// internal chat, the viewer) and `LEFT` (conversation) per view and `GONE`
/// (conversation), then `COUNT` (count) per view whose count is told.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    pub(crate) words: Vec<u64>,
    /// Whether they tell something beyond the tiles.
    pub(crate) tells: bool,
}

/// A group of a shared round: the hash of its words and where they are in
/// the round's arena.
#[derive(Clone, Debug)]
pub(crate) struct Known {
    pub(crate) hash: u64,
    pub(crate) start: usize,
    pub(crate) len: usize,
}

/// Buffers a drain round reuses from one round to the next (emptied at
/// its start): the words of the watcher being planned, the groups' words
/// one after the other and where each is, and a group by the hash of its
/// words (the first one with it: others with that hash are found by a
/// scan).
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) words: Words,
    pub(crate) arena: Vec<u64>,
    pub(crate) known: Vec<Known>,
    pub(crate) by_hash: IdMap<u64, usize>,
}
