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
//! viewer's unread count, its place in each order, who wrote in it (kept
//! between rounds in [`Authors`]: messages are only appended, so a later
//! round reads only the new ones; `feed_forget` drops it when the
//! conversation is replaced, deleted or inserted), and its views for each
//! class of viewer (admin or not, included in its visibility or not,
//! assigned or not: all [`Rows`] depends on). Watchers no touched
//! conversation singles out (bystanders, see [`List`]) replay the plan of
//! the first bystander of their role and watch list, their counts and tiles
//! moved by the same differences. Nothing here reads the whole workspace:
//! the cost is touched conversations × watchers of a few comparisons, plus
//! one row copy per row told. Nothing is persisted or journaled.

use crate::actor::Actor;
use crate::contact::Contact;
use crate::conversation::{Conversation, ConversationKind};
use crate::error::{Error, Result};
use crate::feed_types::{
    Authors, Feed, FeedGroup, FeedRow, FeedView, Known, Scratch, Snap, Watched, WatchedView, Watcher, Words,
    AUTHORS_KEPT,
};
use crate::id_map::IdMap;
use crate::ids::{ContactId, ConversationId, UserId};
use crate::view_index::{activity, cell_of, needs_review, ready_to_close, Cell, Key};
use crate::view_types::{Cursor, ListRow, Sort, Tiles, View, ViewQuery};
use crate::visibility::Visibility;
use crate::workspace::views::Who;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use smallvec::SmallVec;
use std::ops::{Bound, Range};

/// One touched conversation of the list a watcher's drain looks at (the
/// conversations changed since the watcher's last drain, in id order): its
/// state before the first change the watcher has not been told about, its
/// views then for each class of viewer (once computed), and its slot in
/// the round's [`Current`]s.
struct Touch<'a> {
    id: ConversationId,
    before: Before<'a>,
    masks: [Option<u32>; CLASSES],
    slot: usize,
}

/// The state of a touched conversation before the first change a watcher
/// has not been told about.
#[derive(Clone, Copy)]
enum Before<'a> {
    /// As kept when it changed (none: it did not exist).
    Kept(Option<&'a Snap>),
    /// Touched only through the contact title or user name its row shows
    /// (which moves it in no view): its state now.
    Now,
}

/// The conversations touched since one epoch, in id order, as a drain
/// round looks at them for the watchers who start from it: where they and
/// their involved users are in the round's [`Board`].
struct List {
    from: u64,
    touched: Range<usize>,
    /// Every user whose view of one of them may differ from anybody
    /// else's of the same role: listed in a restricted visibility, assigned
    /// (before or now), with a read marker in it, or who wrote in it.
    /// Sorted, each once.
    involved: Range<usize>,
    /// Where in `involved` the walk of [`Board::bystander`] is: watchers
    /// are asked about in user order.
    walked: usize,
    /// Whether all the others, the bystanders, see them alike: none is an
    /// internal chat (its row names the viewer), none was deleted, and who
    /// wrote in each is known (their unread count is then its number of
    /// messages).
    plain: bool,
    /// Whether everyone may see each of them, before and now: then an
    /// admin bystander sees them as an agent bystander does (the same
    /// rows in the same views, the same tiles moved).
    open: bool,
}

/// What a bystander's plan ([`Board::plan_rows`]) was for watchers of one
/// role ([`Board::role`]) and watch list who start from one list: the same
/// for all of them, so planned once per round. Where their words but for the counts are,
/// where what happened to each count is, and whether the tiles may have
/// changed.
struct Bystander {
    at: usize,
    admin: bool,
    list: u64,
    /// In [`Board::plan_words`].
    words: Range<usize>,
    tells: bool,
    /// What happened to each count (added, wrapping), in
    /// [`Board::plan_deltas`].
    deltas: Range<usize>,
    tiles_touched: bool,
    /// What happened to the tiles (each figure added, wrapping), when
    /// they were told before.
    tiles: Option<Tiles>,
    /// The group of a shared round whose words are exactly its words, once
    /// a bystander was placed in it.
    group: Option<usize>,
    /// Whether no count moved.
    still: bool,
    /// `tiles` when the tiles were touched and moved.
    moves: Option<Tiles>,
}

/// A bystander plan that watchers join without words (in a shared
/// round): where its list is and starts, its role and watch list, its
/// group, and what it did to the tiles.
#[derive(Clone, Copy)]
struct Joining {
    at: usize,
    from: u64,
    admin: bool,
    list: u64,
    group: usize,
    moves: Option<Tiles>,
}

/// A bystander's round without words (see [`Board::joining`]): when they
/// were told their counts and tiles before, they join the plan's group
/// with their tiles moved as the plan's. False when their words have to be
/// written ([`Board::plan_bystander`]).
fn join(j: &Joining, id: UserId, w: &mut Watcher, groups: &mut [FeedGroup]) -> bool {
    // With the plan's counts still, the words are the plan's when all
    // counts were told: each drain tells them all, and the tiles, so a
    // watcher with tiles told has no count to tell (a new watch has
    // neither). A plan with a group was told its counts, so its tiles
    // too, and `moves` is what happened to them.
    let (Some(told), Some(group)) = (w.tiles.as_mut(), groups.get_mut(j.group)) else { return false };
    debug_assert!(w.views.iter().all(|v| v.told == Some(v.n)), "counts not told since the last drain");
    group.viewers.push(id);
    // The tiles told are those the plan moved from: moved by a
    // difference that is not zero, they differ.
    match &j.moves {
        Some(d) => {
            *told = moved(*told, *d);
            group.tiles.push(Some(*told));
        }
        None => group.tiles.push(None),
    }
    true
}

/// What a drain round shares between its watchers: one list of touched
/// conversations per epoch its watchers start from (usually one), each
/// touched conversation's state now, once, and the bystanders' plans.
struct Board<'a> {
    /// How many watch (see [`SCAN_PER_WATCHER`]).
    watchers: usize,
    /// What earlier rounds read of who wrote where.
    authors: IdMap<ConversationId, Authors>,
    b: Buffers<'a>,
}

/// The vectors of a drain round's [`Board`]: lists and plans are ranges in
/// `touched`, `involved`, `plan_words` and `plan_deltas`. Kept empty (but
/// for spare `rows`) between rounds ([`RoundBuffers`]), so that a round
/// allocates only what it gives away.
#[derive(Default)]
pub(crate) struct Buffers<'a> {
    lists: Vec<List>,
    touched: Vec<Touch<'a>>,
    involved: Vec<UserId>,
    now: Vec<Current<'a>>,
    slots: IdMap<ConversationId, usize>,
    bystanders: Vec<Bystander>,
    plan_words: Vec<u64>,
    plan_deltas: Vec<u64>,
    /// Rows of earlier rounds' conversations, not emptied between rounds:
    /// a round writes its rows over them, keeping their allocations.
    rows: Vec<ListRow>,
}

/// The most entries each of [`Buffers`]' vectors keeps room for between
/// rounds.
const ROOM_KEPT: usize = 256;

/// A drain round's buffers between rounds, empty. Never cloned with a
/// workspace (a clone starts with none).
pub(crate) type RoundBuffers = Buffers<'static>;

impl Clone for Buffers<'_> {
    fn clone(&self) -> Self {
        Buffers::default()
    }
}

impl std::fmt::Debug for Buffers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Buffers")
    }
}

impl Buffers<'_> {
    /// The buffers emptied (but for spare rows), their room kept, for a
    /// round of another lifetime: the standard library collects a vector
    /// in place when the layouts agree, as they do for one type under two
    /// lifetimes. A round that touched many conversations (a bulk command)
    /// does not keep its room: past [`ROOM_KEPT`] entries each buffer
    /// shrinks back, and at most that many spare rows stay.
    fn relive<'b>(mut self) -> Buffers<'b> {
        fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
            empty(&mut v);
            v.into_iter().filter_map(|_| None).collect()
        }
        fn empty<T>(v: &mut Vec<T>) {
            v.clear();
            v.shrink_to(ROOM_KEPT);
        }
        empty(&mut self.lists);
        empty(&mut self.involved);
        empty(&mut self.bystanders);
        empty(&mut self.plan_words);
        empty(&mut self.plan_deltas);
        self.slots.clear();
        self.slots.shrink_to(ROOM_KEPT);
        self.rows.truncate(ROOM_KEPT);
        Buffers {
            lists: self.lists,
            touched: recycle(self.touched),
            involved: self.involved,
            now: recycle(self.now),
            slots: self.slots,
            bystanders: self.bystanders,
            plan_words: self.plan_words,
            plan_deltas: self.plan_deltas,
            rows: self.rows,
        }
    }
}

impl<'a> Board<'a> {
    /// A round's board, in the buffers of earlier rounds.
    fn new(watchers: usize, authors: IdMap<ConversationId, Authors>, buffers: RoundBuffers) -> Board<'a> {
        Board { watchers, authors, b: buffers.relive() }
    }

    /// The position in `lists` of the list of watchers who start from
    /// `from`, built on first use.
    fn list(&mut self, ws: &'a Workspace, from: u64) -> usize {
        if let Some(i) = self.b.lists.iter().position(|l| l.from == from) {
            return i;
        }
        let start = self.b.touched.len();
        ws.feed_touched(from, start, &mut self.b.touched);
        let end = self.b.touched.len();
        let mut list = List {
            from,
            touched: start..end,
            involved: self.b.involved.len()..0,
            walked: 0,
            plain: true,
            open: true,
        };
        for i in start..end {
            let Some(&Touch { id, before, .. }) = self.b.touched.get(i) else { continue };
            let slot = self.slot(ws, id);
            if let Some(t) = self.b.touched.get_mut(i) {
                t.slot = slot;
            }
            if let Before::Kept(Some(s)) = before {
                list.plain &= involve(&mut self.b.involved, s);
                list.open &= !s.visibility.is_restricted();
            }
            if let Some(current) = self.b.now.get(slot) {
                list.plain &= involve_now(&mut self.b.involved, current);
                list.open &= current.snap.as_ref().is_some_and(|s| !s.visibility.is_restricted());
            }
        }
        // The list's users are the vector's tail: sorted, each kept once.
        let mut kept = list.involved.start;
        if let Some(involved) = self.b.involved.get_mut(list.involved.start..) {
            involved.sort_unstable();
            kept += once_each(involved);
        }
        self.b.involved.truncate(kept);
        list.involved.end = kept;
        self.b.lists.push(list);
        self.b.lists.len() - 1
    }

    /// The role whose bystanders of list `at` share a plan, for a viewer
    /// who is an admin or not (`admin`): admins apart only when one of its
    /// conversations is restricted (before or now); otherwise admins see
    /// them as agents do.
    fn role(&self, at: usize, admin: bool) -> bool {
        admin && self.b.lists.get(at).is_none_or(|l| !l.open)
    }

    /// Whether `user` is a bystander of every conversation of list `at`.
    /// Asked in user order, it walks the involved users along (from the
    /// start again when asked about an earlier user).
    fn bystander(&mut self, at: usize, user: UserId) -> bool {
        let Some(l) = self.b.lists.get_mut(at) else { return false };
        let involved = self.b.involved.get(l.involved.clone()).unwrap_or_default();
        if !l.plain {
            return false;
        }
        if l.walked > 0 && involved.get(l.walked - 1).is_some_and(|u| *u >= user) {
            l.walked = 0;
        }
        while involved.get(l.walked).is_some_and(|u| *u < user) {
            l.walked += 1;
        }
        involved.get(l.walked) != Some(&user)
    }

    /// The slot of `id` in `now`, its state computed on first use.
    /// Found by a scan while there are at most [`SCANNED_SLOTS`] (most
    /// rounds touch one or two conversations), in `slots` past that.
    fn slot(&mut self, ws: &'a Workspace, id: ConversationId) -> usize {
        let found = if self.b.now.len() <= SCANNED_SLOTS {
            self.b.now.iter().position(|c| c.id == id)
        } else {
            self.b.slots.get(&id).copied()
        };
        if let Some(slot) = found {
            return slot;
        }
        self.b.now.push(Current::of(ws, id, self.watchers, self.authors.remove(&id)));
        let n = self.b.now.len();
        if n == SCANNED_SLOTS + 1 {
            self.b.slots.extend(self.b.now.iter().enumerate().map(|(i, c)| (c.id, i)));
        } else if n > SCANNED_SLOTS {
            self.b.slots.insert(id, n - 1);
        }
        n - 1
    }

    /// A bystander's plan ([`Board::bystander`]): the one of the first
    /// bystander of the same role and watch list in this round, replayed,
    /// their tiles moved by as much as that bystander's. Gives their new
    /// tiles, as [`Workspace::plan_counts`], and the plan's position in
    /// `bystanders` when their words are exactly its words (no count to
    /// tell).
    fn plan_bystander(
        &mut self,
        ws: &'a Workspace,
        who: Who,
        at: usize,
        w: &mut Watcher,
        out: &mut Words,
    ) -> (Option<Tiles>, Option<usize>) {
        let admin = self.role(at, matches!(who, Who::Admin(_)));
        let known = self.b.bystanders.iter().position(|b| b.at == at && b.admin == admin && b.list == w.list);
        if let Some((i, b)) = known.and_then(|i| Some((i, self.b.bystanders.get(i)?))) {
            out.words.extend_from_slice(self.b.plan_words.get(b.words.clone()).unwrap_or_default());
            out.tells = b.tells;
            let deltas = self.b.plan_deltas.get(b.deltas.clone()).unwrap_or_default();
            for (v, d) in w.views.iter_mut().zip(deltas) {
                v.n = v.n.wrapping_add(*d);
            }
            let exactly = count_words(w, out).then_some(i);
            let tiles = match (w.tiles, b.tiles) {
                (Some(_), _) if !b.tiles_touched => None,
                (Some(t), Some(d)) => told(w, moved(t, d)),
                _ => told(w, ws.tiles_for(who)),
            };
            return (tiles, exactly);
        }
        let tiles = w.tiles;
        let deltas = self.b.plan_deltas.len()..self.b.plan_deltas.len() + w.views.len();
        self.b.plan_deltas.extend(w.views.iter().map(|v| v.n));
        let tiles_touched = self.plan_rows(ws, who, at, w, out);
        if let Some(before) = self.b.plan_deltas.get_mut(deltas.clone()) {
            for (d, v) in before.iter_mut().zip(&w.views) {
                *d = v.n.wrapping_sub(*d);
            }
        }
        let words = self.b.plan_words.len()..self.b.plan_words.len() + out.words.len();
        self.b.plan_words.extend_from_slice(&out.words);
        let tells = out.tells;
        let new = ws.plan_counts(who, w, tiles_touched, out);
        let exactly = (out.words.len() == words.len()).then_some(self.b.bystanders.len());
        let tiles = tiles.zip(w.tiles).map(|(before, now)| difference(now, before));
        let group = None;
        let still = self.b.plan_deltas.get(deltas.clone()).unwrap_or_default().iter().all(|d| *d == 0);
        let moves = tiles.filter(|d| tiles_touched && *d != Tiles::default());
        self.b.bystanders.push(Bystander {
            at,
            admin,
            list: w.list,
            words,
            tells,
            deltas,
            tiles_touched,
            tiles,
            group,
            still,
            moves,
        });
        (new, exactly)
    }

    /// The plan bystanders of list `at` who are admins or not (`admin`) and
    /// watch list `list` join without words, if any: a bystander of their
    /// role and watch list was already placed in a group whose words are
    /// exactly the plan's (no count moved). See [`join`].
    fn joining(&self, at: usize, admin: bool, list: u64) -> Option<Joining> {
        let admin = self.role(at, admin);
        let b = self.b.bystanders.iter().find(|b| b.at == at && b.admin == admin && b.list == list)?;
        let group = b.group.filter(|_| b.still)?;
        let from = self.b.lists.get(at)?.from;
        Some(Joining { at, from, admin, list, group, moves: b.moves })
    }

    /// Whether a watcher joins plan `j`, by what they are, not yet by who
    /// they are (see [`Board::bystander`]): they start from its list, kept
    /// their role and watch its list, and have the same role for it.
    fn may_join(&self, j: &Joining, w: &Watcher, version: u64) -> bool {
        w.users_seen == version && w.from == j.from && w.list == j.list && self.role(j.at, w.admin) == j.admin
    }

    /// Brings one watcher (`who`, not reset) up to date with the
    /// conversations of list `at`, writing their feed but for the counts and
    /// tiles as [`Words`]. Returns whether a touched conversation is one the
    /// tiles may count for this viewer (seen before or now, or assigned to
    /// them). Allocates nothing of its own.
    fn plan_rows(
        &mut self,
        ws: &'a Workspace,
        who: Who,
        at: usize,
        w: &mut Watcher,
        out: &mut Words,
    ) -> bool {
        // The views some watcher watches: only their masks are computed.
        let wanted = ws.feed.wanted;
        out.item(RESET, 0, &[]);
        out.item(VIEW, 0, &[w.list]);
        let mut tiles_touched = false;
        let Some(range) = self.b.lists.get(at).map(|l| l.touched.clone()) else { return false };
        for t in self.b.touched.get_mut(range).unwrap_or_default() {
            let Some(current) = self.b.now.get_mut(t.slot) else { continue };
            let before = match t.before {
                Before::Kept(s) => s,
                Before::Now => current.snap.as_ref(),
            };
            let (was, is) = (before.map(|s| class(who, s)), current.snap.as_ref().map(|s| class(who, s)));
            let saw = was.is_some_and(sees_class);
            let sees_now = is.is_some_and(sees_class);
            tiles_touched |=
                saw || sees_now || was.is_some_and(assigned_class) || is.is_some_and(assigned_class);
            if !saw && !sees_now {
                // In none of the viewer's views before or now.
                continue;
            }
            let was_in = match (before, was) {
                (Some(s), Some(k)) => masked(&mut t.masks, wanted, k, who, s),
                _ => 0,
            };
            let is_in = match (&current.snap, is) {
                (Some(s), Some(k)) => masked(&mut current.masks, wanted, k, who, s),
                _ => 0,
            };
            if (was_in | is_in) & w.watched != 0 {
                let live = current.live;
                let mut key = None;
                for (i, v) in w.views.iter_mut().enumerate() {
                    let (was, is) = (was_in & v.bit != 0, is_in & v.bit != 0);
                    match (was, is, live) {
                        (false, true, Some(c)) => {
                            v.n += 1;
                            let k = *key.get_or_insert_with(|| current.row_key(ws, who, c));
                            out.item(ENTERED, i, &[c.id.0, k]);
                        }
                        (true, true, Some(c)) => {
                            let k = *key.get_or_insert_with(|| current.row_key(ws, who, c));
                            out.item(CHANGED, i, &[c.id.0, k]);
                        }
                        (true, false, _) => {
                            v.n = v.n.saturating_sub(1);
                            if sees_now {
                                out.item(LEFT, i, &[current.id.0]);
                            }
                        }
                        _ => {}
                    }
                }
            }
            if saw && !sees_now {
                out.item(GONE, 0, &[current.id.0]);
            }
        }
        tiles_touched
    }

    /// Gives back what the round read of who wrote where, to keep, and
    /// the round's buffers, emptied.
    fn finish(mut self) -> (IdMap<ConversationId, Authors>, RoundBuffers) {
        let mut authors = self.authors;
        if authors.len() + self.b.now.len() > AUTHORS_KEPT {
            authors.clear();
        }
        for c in self.b.now.drain(..) {
            if let Some(written) = c.written {
                authors.insert(c.id, written);
            }
            self.b.rows.extend(c.row);
        }
        (authors, self.b.relive())
    }
}

/// Keeps each of sorted `users` once, at the start; gives how many.
fn once_each(users: &mut [UserId]) -> usize {
    let mut kept = 0;
    for i in 0..users.len() {
        if kept == 0 || users.get(kept - 1) != users.get(i) {
            users.swap(kept, i);
            kept += 1;
        }
    }
    kept
}

/// Adds to `involved` who a state of a conversation singles out; false
/// when it is an internal chat (whose row names the viewer: nobody is a
/// bystander of it).
fn involve(involved: &mut Vec<UserId>, s: &Snap) -> bool {
    if let Visibility::Users(users) = &s.visibility {
        involved.extend_from_slice(users);
    }
    involved.extend_from_slice(&s.assignees);
    !s.internal
}

/// Adds to `involved` who the conversation now singles out, and who read or
/// wrote in it; false when nobody is a bystander of it (see [`involve`]; a
/// deleted conversation's readers lost their marker with it; who wrote in a
/// long one is not known).
fn involve_now(involved: &mut Vec<UserId>, current: &Current) -> bool {
    let mut plain = current.snap.as_ref().is_none_or(|s| involve(involved, s));
    if let Some(markers) = current.markers {
        involved.extend(markers.iter().map(|(u, _)| *u));
    }
    match &current.written {
        Some(written) => involved.extend(written.by.iter().map(|(u, _)| *u)),
        None => plain = false,
    }
    plain
}

/// See [`Board::slot`].
const SCANNED_SLOTS: usize = 8;

/// What a drain round knows of a conversation now, whoever looks: computed
/// once per round, on first use.
struct Current<'a> {
    id: ConversationId,
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
    /// Who wrote in the conversation (none when the conversation is too
    /// long to scan and was not read before: then per viewer, from the
    /// author postings).
    written: Option<Authors>,
}

/// A conversation's messages are scanned once per round for who wrote
/// them when there are at most this many per watcher (or [`SCAN`]):
/// the scan then costs no more than one author-postings probe per watcher
/// would. Longer ones are counted per viewer from the author postings.
const SCAN_PER_WATCHER: usize = 32;

/// See [`SCAN_PER_WATCHER`].
const SCAN: usize = 64;

impl<'a> Current<'a> {
    /// The state of `id` now; `kept` is what an earlier round read of who
    /// wrote in it.
    fn of(ws: &'a Workspace, id: ConversationId, watchers: usize, kept: Option<Authors>) -> Current<'a> {
        let live = ws.live(id);
        let limit = SCAN.max(SCAN_PER_WATCHER.saturating_mul(watchers));
        let written = live.and_then(|c| {
            let mut authors = match kept {
                Some(a) if a.read <= c.messages.len() => a,
                _ if c.messages.len() <= limit => Authors::default(),
                _ => return None,
            };
            authors.extend(&c.messages);
            Some(authors)
        });
        Current {
            id,
            live,
            snap: live.map(snap_of),
            masks: [None; CLASSES],
            row: None,
            places: Vec::new(),
            markers: ws.reads.markers.get(&id).map(Vec::as_slice),
            written,
        }
    }

    /// The messages of `c` unread by `user` (as `Workspace::unread_for`).
    fn unread(&self, ws: &Workspace, c: &Conversation, user: UserId) -> u32 {
        let Some(written) = &self.written else { return ws.unread_for(c, user) };
        let read = self.markers.and_then(|l| l.iter().find(|(u, _)| *u == user)).map_or(0, |(_, r)| *r);
        let start = usize::try_from(read).unwrap_or(usize::MAX);
        let after = c.messages.len().saturating_sub(start);
        let own = written.own_from(user, start);
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
    fn feed_row(
        &mut self,
        ws: &Workspace,
        who: Who,
        c: &Conversation,
        (sort, key): (Sort, u64),
        spare: &mut Vec<ListRow>,
    ) -> FeedRow {
        let row = match c.kind {
            ConversationKind::Customer { .. } => {
                let base = match &mut self.row {
                    Some(row) => row,
                    empty => {
                        // Over an earlier round's row: its strings are reused.
                        let row = match spare.pop() {
                            Some(mut row) => {
                                ws.row_into(Who::System, c, &mut row);
                                row
                            }
                            None => ws.row(Who::System, c),
                        };
                        empty.insert(row)
                    }
                };
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

const RESET: u64 = 1;
const VIEW: u64 = 2;
const ENTERED: u64 = 3;
const CHANGED: u64 = 4;
const LEFT: u64 = 5;
const GONE: u64 = 6;
const COUNT: u64 = 7;

impl Words {
    fn item(&mut self, tag: u64, view: usize, operands: &[u64]) {
        self.words.push(tag << 56 | (view as u64 & 0xff_ffff));
        self.words.extend_from_slice(operands);
        self.tells |= tag >= ENTERED || (tag == RESET && view != 0);
    }

    fn clear(&mut self) {
        self.words.clear();
        self.tells = false;
    }

    /// A hash of the words (FxHash-style), to find an equal feed's group.
    fn hash(&self) -> u64 {
        self.words
            .iter()
            .fold(self.words.len() as u64, |h, w| (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95))
    }

    /// Whether the feed they describe tells something (a reset, a row, a
    /// count, a conversation gone): [`Feed::is_empty`] of the feed built
    /// from them, but for the tiles.
    fn tell(&self) -> bool {
        self.tells
    }
}

impl Scratch {
    fn clear(&mut self) {
        self.words.clear();
        self.arena.clear();
        self.known.clear();
        self.by_hash.clear();
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

/// Classes of viewers that see a conversation alike: [`Rows`] depends on
/// the viewer only through whether they are an admin, whether the
/// conversation's visibility includes them and whether they are assigned.
const CLASSES: usize = 8;

fn class(who: Who, s: &Snap) -> usize {
    let Some(u) = who.user() else { return 0 };
    let admin = matches!(who, Who::System | Who::Admin(_));
    usize::from(admin) * 4 + usize::from(s.visibility.includes(u)) * 2 + usize::from(s.assignees.contains(&u))
}

/// Whether a viewer of class `k` sees the conversation (an admin, or
/// included in its visibility: [`sees`]).
fn sees_class(k: usize) -> bool {
    k & 6 != 0
}

/// Whether a viewer of class `k` is assigned to the conversation.
fn assigned_class(k: usize) -> bool {
    k & 1 != 0
}

/// The views (bits in [`View::ALL`] order) among `wanted` (those some
/// watcher watches) that `s` is a row of for `who`, of class `k`
/// ([`class`]), computed once per class of viewer.
fn masked(masks: &mut [Option<u32>; CLASSES], wanted: u32, k: usize, who: Who, s: &Snap) -> u32 {
    if let Some(Some(m)) = masks.get(k) {
        return *m;
    }
    // Only the views someone watches: their bits, lowest first.
    let mut m = 0u32;
    if let Some(rows) = Rows::new(who, s) {
        let mut left = wanted;
        while left != 0 {
            let i = left.trailing_zeros();
            left &= left - 1;
            if View::ALL.get(i as usize).is_some_and(|v| rows.of(*v)) {
                m |= 1 << i;
            }
        }
    }
    if let Some(slot) = masks.get_mut(k) {
        *slot = Some(m);
    }
    m
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
        let mut counted = SmallVec::<[Watched; 4]>::with_capacity(unique.len());
        for w in unique {
            let n = self.count(viewer, &ViewQuery::new(w.view), now)?;
            counted.push(Watched::new(w, n));
        }
        let watched = counted.iter().fold(0, |m, v| m | v.bit);
        self.feed.watchers.remove(&id);
        let list = self.feed.list_slot(counted.iter().map(|v| v.view).collect());
        let from = self.feed.next_from();
        let users_seen = self.feed.users_version;
        let watcher = Watcher { admin, views: counted, watched, list, users_seen, tiles: None, from };
        self.feed.watchers.insert(id, watcher);
        self.feed.wanted = self.feed.watchers.values().fold(0, |m, w| m | w.watched);
        self.feed.prune();
        Ok(())
    }

    /// The views `viewer` watches, in the order given (empty when none).
    pub fn watched_views(&self, viewer: Actor) -> Result<Vec<WatchedView>> {
        let (id, _) = self.feed_viewer(viewer)?;
        Ok(self.feed.watchers.get(&id).map_or_else(Vec::new, |w| w.views.iter().map(|v| v.view).collect()))
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

    /// Removed users stop watching (nothing to do while no user changed).
    fn drop_removed_watchers(&mut self) {
        if self.feed.users_checked == self.feed.users_version {
            return;
        }
        self.feed.users_checked = self.feed.users_version;
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
        let snap = self.live(id).map(snap_of);
        self.feed.conversations.record(id, epoch, snap);
    }

    /// Forgets what drain rounds read of who wrote in a conversation that is
    /// replaced, deleted or inserted (its messages are no longer the ones
    /// read). O(1).
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
        self.feed.users_version += 1;
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
    fn feed_touched<'a>(&'a self, from: u64, start: usize, out: &mut Vec<Touch<'a>>) {
        let board = &self.feed;
        let touch = |id, before| Touch { id, before, masks: [None; CLASSES], slot: 0 };
        out.extend(board.conversations.since(from).map(|(id, snap)| touch(id, Before::Kept(snap.as_ref()))));
        let kept = out.len();
        for (k, title) in board.contacts.since(from) {
            if self.contact_record(k).map(contact_title).is_ok_and(|t| t != *title) {
                out.extend(self.contact_conversations(k).into_iter().map(|c| touch(c, Before::Now)));
            }
        }
        for (u, name) in board.users.since(from) {
            if self.user(u).is_ok_and(|u| u.name != *name) {
                if let Some(chats) = self.indexes.views.internal_by_user.get(&u) {
                    out.extend(chats.rows.iter().map(|k| touch(k.id(), Before::Now)));
                }
            }
        }
        // In id order, each once: what the log kept comes first, so a
        // stable sort keeps it first among equal ids.
        if out.len() > kept {
            let mut added = out.split_off(start);
            added.sort_by_key(|t| t.id);
            added.dedup_by_key(|t| t.id);
            out.append(&mut added);
        } else if let Some(list) = out.get_mut(start..) {
            list.sort_unstable_by_key(|t| t.id);
        }
    }

    /// Drains the feed of `only` (a live user), or of every watcher (all
    /// live), in one pass, in user order, as `round` says; a viewer who does
    /// not watch gets nothing.
    fn drain_feeds(&mut self, only: Option<UserId>, round: Round) -> Drained {
        if self.feed.watchers.is_empty() {
            // Nobody watches: nothing was kept (see `feed_touch`).
            return Drained { feeds: Vec::new(), groups: Vec::new() };
        }
        let next = self.feed.next_from();
        let version = self.feed.users_version;
        // Buffers kept between rounds, so a round allocates only what it
        // gives away.
        let mut scratch = std::mem::take(&mut self.feed.scratch);
        scratch.clear();
        let kept = std::mem::take(&mut self.feed.authors);
        let mut buffers = std::mem::take(&mut self.feed_rounds);
        let authors;
        let mut watchers = std::mem::take(&mut self.feed.watchers);
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
        {
            let ws: &Workspace = self;
            let watching = watchers.len();
            let mut board = Board::new(watching, kept, std::mem::take(&mut buffers));
            let Scratch { words, arena, known, by_hash } = &mut scratch;
            // The group of the last watcher placed in one.
            let mut last: Option<usize> = None;
            // The bystander plan the last watcher who joined one joined.
            let mut joining: Option<Joining> = None;
            let each = match only {
                Some(id) => (Bound::Included(id), Bound::Included(id)),
                None => (Bound::Unbounded, Bound::Unbounded),
            };
            for (i, (&id, w)) in watchers.range_mut(each).enumerate() {
                // While no user changed, the role is the one last read.
                let admin =
                    if w.users_seen == version { w.admin } else { ws.user(id).is_ok_and(|u| u.is_admin()) };
                let who = if admin { Who::Admin(id) } else { Who::Agent(id) };
                // Most watchers are bystanders of the plan the one before them
                // joined: they join it at once.
                if let Some(j) = joining.as_ref().filter(|j| board.may_join(j, w, version)) {
                    if board.bystander(j.at, id) && join(j, id, w, groups) {
                        w.from = next;
                        last = Some(j.group);
                        continue;
                    }
                }
                let at = board.list(ws, w.from);
                let reset = w.admin != admin;
                if share && !reset && board.bystander(at, id) {
                    if let Some(j) = board.joining(at, admin, w.list) {
                        if join(&j, id, w, groups) {
                            w.from = next;
                            w.users_seen = version;
                            last = Some(j.group);
                            joining = Some(j);
                            continue;
                        }
                    }
                }
                words.clear();
                // The bystander plan whose words these are exactly, if any.
                let mut plan = None;
                let tiles = if reset {
                    ws.plan_reset(who, w, words);
                    ws.plan_counts(who, w, true, words)
                } else if board.bystander(at, id) {
                    let (tiles, exactly) = board.plan_bystander(ws, who, at, w, words);
                    plan = exactly;
                    tiles
                } else {
                    let tiles_touched = board.plan_rows(ws, who, at, w, words);
                    ws.plan_counts(who, w, tiles_touched, words)
                };
                w.from = next;
                w.users_seen = version;
                if !share {
                    // Round::Each leaves out feeds that tell nothing
                    // without building them; Round::One always builds.
                    if round == Round::One || words.tell() || tiles.is_some() {
                        let mut feed = ws.build_feed(id, who, w, &words.words, &mut board);
                        feed.tiles = tiles;
                        out.feeds.push(feed);
                    }
                    continue;
                }
                // Most watchers share the previous watcher's feed: try its
                // group first, by the words alone, before hashing them.
                let words_of = |k: &Known| arena.get(k.start..k.start + k.len);
                let planned = plan.and_then(|b| board.b.bystanders.get(b)).and_then(|b| b.group);
                let previous = || last.filter(|g| known.get(*g).and_then(words_of) == Some(&words.words[..]));
                let shared = planned.or_else(previous).or_else(|| {
                    let hash = words.hash();
                    let same = |k: &Known| k.hash == hash && words_of(k) == Some(&words.words[..]);
                    match by_hash.get(&hash) {
                        Some(&g) if known.get(g).is_some_and(same) => Some(g),
                        Some(_) => known.iter().position(same),
                        None => None,
                    }
                });
                let g = match shared {
                    Some(g) => g,
                    None => {
                        let hash = words.hash();
                        let feed = ws.build_feed(id, who, w, &words.words, &mut board);
                        by_hash.entry(hash).or_insert(groups.len());
                        known.push(Known { hash, start: arena.len(), len: words.words.len() });
                        arena.extend_from_slice(&words.words);
                        // A bystander's group is where the others of their
                        // role and watch list go: room for all who are left.
                        let room = if plan.is_some() { watching - i } else { 1 };
                        let (viewers, tiles) = (Vec::with_capacity(room), Vec::with_capacity(room));
                        groups.push(FeedGroup { viewers, tiles, feed });
                        groups.len() - 1
                    }
                };
                if let Some(b) = plan.and_then(|b| board.b.bystanders.get_mut(b)) {
                    b.group = Some(g);
                    joining = board.joining(at, admin, w.list);
                }
                if let Some(group) = groups.get_mut(g) {
                    group.viewers.push(id);
                    group.tiles.push(tiles);
                }
                last = Some(g);
            }
            // Each group's viewers and tiles in room for about them.
            for group in groups.iter_mut().filter(|g| g.tiles.capacity() > 2 * g.tiles.len()) {
                group.viewers.shrink_to_fit();
                group.tiles.shrink_to_fit();
            }
            (authors, buffers) = board.finish();
        }
        self.feed.scratch = scratch;
        self.feed_rounds = buffers;
        self.feed.authors = authors;
        self.feed.watchers = watchers;
        if only.is_none() && !self.feed.watchers.is_empty() {
            // Every watcher now starts from `next`.
            self.feed.prune_to(Some(next));
        } else {
            self.feed.prune();
        }
        out
    }

    /// Starts a watcher's feed afresh after their role changed: a reset,
    /// and every count read again (the tiles are to be read again too).
    fn plan_reset(&self, who: Who, w: &mut Watcher, out: &mut Words) {
        out.item(RESET, 1, &[]);
        out.item(VIEW, 0, &[w.list]);
        w.admin = matches!(who, Who::Admin(_));
        let viewer = who.user().map_or(Actor::System, Actor::User);
        let at = self.feed_now();
        for v in &mut w.views {
            v.n = self.count(viewer, &ViewQuery::new(v.view.view), at).unwrap_or(0);
            v.told = None;
        }
    }

    /// Ends a watcher's words with the counts that changed since told, and
    /// gives their new tiles when they changed (read only when
    /// `tiles_touched`, or never told).
    fn plan_counts(&self, who: Who, w: &mut Watcher, tiles_touched: bool, out: &mut Words) -> Option<Tiles> {
        count_words(w, out);
        if tiles_touched || w.tiles.is_none() {
            return told(w, self.tiles_for(who));
        }
        None
    }

    /// The feed [`Board::plan_rows`] and [`Workspace::plan_counts`] wrote
    /// as `words` for `viewer` (`who`), whose watch list is `w`'s.
    fn build_feed<'a>(
        &'a self,
        viewer: UserId,
        who: Who,
        w: &Watcher,
        words: &[u64],
        board: &mut Board<'a>,
    ) -> Feed {
        let mut feed = Feed {
            viewer,
            reset: false,
            views: w
                .views
                .iter()
                .map(|v| FeedView {
                    view: v.view.view,
                    sort: v.view.sort,
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
                    let slot = board.slot(self, conversation);
                    let Buffers { now, rows, .. } = &mut board.b;
                    let Some(current) = now.get_mut(slot) else { continue };
                    let (Some(c), Some(out)) = (current.live, feed.views.get_mut(pos)) else { continue };
                    let row = current.feed_row(self, who, c, (out.sort, arg(1)), rows);
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

/// Adds the counts that changed since told to a watcher's words; true when
/// there was none.
fn count_words(w: &mut Watcher, out: &mut Words) -> bool {
    let mut none = true;
    for (i, v) in w.views.iter_mut().enumerate() {
        if v.told != Some(v.n) {
            out.item(COUNT, i, &[v.n]);
            v.told = Some(v.n);
            none = false;
        }
    }
    none
}

/// `tiles`, when they differ from those last told to `w` (now told).
fn told(w: &mut Watcher, tiles: Tiles) -> Option<Tiles> {
    if w.tiles == Some(tiles) {
        return None;
    }
    w.tiles = Some(tiles);
    Some(tiles)
}

/// The tiles whose each figure is `f` of that figure in `a` and in `b`.
fn each_figure(a: Tiles, b: Tiles, f: impl Fn(u64, u64) -> u64) -> Tiles {
    Tiles {
        assigned_to_me: f(a.assigned_to_me, b.assigned_to_me),
        my_unreplied_messages: f(a.my_unreplied_messages, b.my_unreplied_messages),
        unassigned: f(a.unassigned, b.unassigned),
        unreplied_messages: f(a.unreplied_messages, b.unreplied_messages),
        unread_conversations: f(a.unread_conversations, b.unread_conversations),
        team_inbox: f(a.team_inbox, b.team_inbox),
        in_progress: f(a.in_progress, b.in_progress),
        closed: f(a.closed, b.closed),
        my_inbox: f(a.my_inbox, b.my_inbox),
        needs_my_attention: f(a.needs_my_attention, b.needs_my_attention),
        waiting_for_customer: f(a.waiting_for_customer, b.waiting_for_customer),
    }
}

/// Each figure of `now` less that of `before` (wrapping: added back to
/// `before` by [`moved`], it gives `now` exactly).
fn difference(now: Tiles, before: Tiles) -> Tiles {
    each_figure(now, before, u64::wrapping_sub)
}

/// `tiles` moved by a [`difference`].
fn moved(tiles: Tiles, by: Tiles) -> Tiles {
    each_figure(tiles, by, u64::wrapping_add)
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
        assignees: c.assignees.iter().copied().collect(),
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

/// What a conversation in state `s` is to `who`, for the views: the
/// scopes and cell tests of `Workspace::parts` and the row conditions of
/// `Plan::row_ok`, on the snap instead of the index (the leak and replay
/// property test checks that both agree). Worked out once per snap and
/// viewer, then asked per view ([`Rows::of`]).
struct Rows {
    /// In the customer scope the viewer sees.
    customer: bool,
    /// A restricted internal chat the viewer takes part in.
    internal: bool,
    /// A customer conversation assigned to the viewer.
    mine: bool,
    cell: Cell,
    ready_to_close: bool,
    needs_review: bool,
}

impl Rows {
    /// None when `who` does not see it (it is a row of no view).
    fn new(who: Who, s: &Snap) -> Option<Rows> {
        if !sees(who, s) {
            return None;
        }
        let u = who.user()?;
        let all = matches!(who, Who::System | Who::Admin(_));
        Some(Rows {
            customer: (!s.internal || s.visibility == Visibility::Everyone)
                && (all || s.visibility.includes(u)),
            internal: s.internal && s.visibility.is_restricted() && s.visibility.includes(u),
            mine: !s.internal && s.assignees.contains(&u),
            cell: s.cell,
            ready_to_close: s.ready_to_close,
            needs_review: s.needs_review,
        })
    }

    /// Whether it is a row of `view`.
    fn of(&self, view: View) -> bool {
        let Rows { customer, internal, mine, cell: c, .. } = *self;
        let open = !c.status.is_closed();
        match view {
            View::TeamInbox => customer || internal,
            View::Unassigned => customer && open && !c.assigned,
            View::InProgress => customer && open && c.assigned,
            View::Closed => customer && !open,
            View::MyInbox => (mine && open) || internal,
            View::NeedsMyAttention => mine && open && c.unreplied,
            View::WaitingForCustomer => mine && open && !c.unreplied,
            View::ReadyToClose => mine && open && !c.unreplied && self.ready_to_close,
            View::Active => customer && c.status == crate::status::Status::Open,
            View::Pending => customer && c.status == crate::status::Status::Pending,
            View::ResolvedToday => false,
            View::NeedsReview => customer && open && !c.assigned && self.needs_review,
            View::WebchatInbox
            | View::WhatsappInbox
            | View::SmsInbox
            | View::EmailInbox
            | View::TelephonyInbox
            | View::LinkedinInbox => customer && view.channel() == Some(c.channel),
        }
    }
}
