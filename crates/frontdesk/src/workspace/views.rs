//! Inbox views for a viewer: lists with filters, sorting and cursor
//! pagination, live counts, and the dashboard tiles. Everything is read from
//! the incrementally maintained [`ViewIndex`](crate::view_index::ViewIndex);
//! see `docs/views.md` for the cost of each read.

// Also reachable at its former path, `workspace::views::Who`.
pub(crate) use crate::access::Who;
use crate::actor::Actor;
use crate::channel::Channel;
use crate::conversation::{Conversation, ConversationKind};
use crate::error::{Error, Result};
use crate::ids::{ContactId, ConversationId, UserId};
use crate::read_types::unread_in;
use crate::status::{AiMode, Status};
use crate::view_index::{
    activity, cell_of, class_cell, day_of, needs_review, ready_to_close, Cell, ClosedKey, Key, Scope, CELLS,
    CHANNELS, CLASSES,
};
use crate::view_types::{
    Cursor, Filters, IdPage, ListRow, Mode, Page, Sort, Tiles, TimeRange, View, ViewQuery,
};
use crate::workspace::Workspace;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use std::cmp::Ordering;
use std::collections::binary_heap::PeekMut;
use std::collections::btree_set::Range;
use std::collections::{BTreeSet, BinaryHeap};
use std::ops::Bound;

/// Which rows of a scope a view takes.
type CellTest = fn(Cell) -> bool;

fn any(_: Cell) -> bool {
    true
}
fn open_unassigned(c: Cell) -> bool {
    !c.status.is_closed() && !c.assigned
}
fn open_assigned(c: Cell) -> bool {
    !c.status.is_closed() && c.assigned
}
fn closed(c: Cell) -> bool {
    c.status.is_closed()
}
fn open(c: Cell) -> bool {
    !c.status.is_closed()
}
fn open_unreplied(c: Cell) -> bool {
    !c.status.is_closed() && c.unreplied
}
fn open_replied(c: Cell) -> bool {
    !c.status.is_closed() && !c.unreplied
}
fn status_open(c: Cell) -> bool {
    c.status == Status::Open
}
fn status_pending(c: Cell) -> bool {
    c.status == Status::Pending
}

/// The position of a row in the merged list; the greatest comes first.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Rank {
    group: u16,
    key: Key,
    asc: bool,
}

impl Ord for Rank {
    fn cmp(&self, o: &Self) -> Ordering {
        let mine = self.key.time_id();
        let theirs = o.key.time_id();
        o.group.cmp(&self.group).then_with(|| if self.asc { theirs.cmp(&mine) } else { mine.cmp(&theirs) })
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// The head of one source of a [`Merge`]: its next key and where that key
/// falls in list order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Head {
    // The list position as one tuple, the greatest first (as `Rank`'s
    // order: the lower group, then the later time, or the earlier one when
    // ascending): the heap compares plain integers instead of branching on
    // the direction at every comparison.
    order: (u16, u64, u64),
    key: Key,
    source: usize,
}

impl Head {
    fn new(group: u16, key: Key, asc: bool, source: usize) -> Head {
        let (hi, lo) = key.time_id();
        let (hi, lo) = if asc { (!hi, !lo) } else { (hi, lo) };
        Head { order: (u16::MAX - group, hi, lo), key, source }
    }
}

/// A k-way merge of time-ordered ranges into list order.
pub(crate) struct Merge<'a> {
    ranges: Vec<(Range<'a, Key>, u16)>,
    heap: BinaryHeap<Head>,
    asc: bool,
}

impl<'a> Merge<'a> {
    pub(crate) fn new(mut ranges: Vec<(Range<'a, Key>, u16)>, asc: bool) -> Merge<'a> {
        let mut heads = Vec::with_capacity(ranges.len());
        for (source, (range, group)) in ranges.iter_mut().enumerate() {
            if let Some(key) = next_of(range, asc) {
                heads.push(Head::new(*group, *key, asc, source));
            }
        }
        Merge { heap: BinaryHeap::from(heads), ranges, asc }
    }
}

/// The next key of a range in the direction of the list.
fn next_of<'a>(range: &mut Range<'a, Key>, asc: bool) -> Option<&'a Key> {
    if asc {
        range.next()
    } else {
        range.next_back()
    }
}

impl Iterator for Merge<'_> {
    type Item = Key;
    fn next(&mut self) -> Option<Key> {
        // The top is replaced by its source's next key in place (one sift
        // down) rather than popped and pushed again (two sifts).
        let mut top = self.heap.peek_mut()?;
        let Head { key, source, .. } = *top;
        match self.ranges.get_mut(source).and_then(|(range, group)| Some((next_of(range, self.asc)?, *group)))
        {
            Some((next, group)) => *top = Head::new(group, *next, self.asc, source),
            None => {
                PeekMut::pop(top);
            }
        }
        Some(key)
    }
}

/// The later of two lower bounds.
fn max_lower(a: Bound<Key>, b: Bound<Key>) -> Bound<Key> {
    match (a, b) {
        (Bound::Included(x), Bound::Excluded(y)) if y >= x => Bound::Excluded(y),
        (Bound::Included(x), Bound::Included(y)) | (Bound::Excluded(x), Bound::Excluded(y)) => {
            if y > x {
                b
            } else {
                a
            }
        }
        (Bound::Excluded(x), Bound::Included(y)) if y > x => Bound::Included(y),
        _ => a,
    }
}

/// The earlier of two upper bounds.
fn min_upper(a: Bound<Key>, b: Bound<Key>) -> Bound<Key> {
    match (a, b) {
        (Bound::Included(x), Bound::Excluded(y)) if y <= x => Bound::Excluded(y),
        (Bound::Included(x), Bound::Included(y)) | (Bound::Excluded(x), Bound::Excluded(y)) => {
            if y < x {
                b
            } else {
                a
            }
        }
        (Bound::Excluded(x), Bound::Included(y)) if y < x => Bound::Included(y),
        _ => a,
    }
}

/// Whether a range between two bounds is non-empty and valid for
/// `BTreeSet::range` (which panics on inverted bounds).
fn nonempty(lo: &Bound<Key>, hi: &Bound<Key>) -> bool {
    match (lo, hi) {
        (Bound::Included(a), Bound::Included(b)) => a <= b,
        (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => a < b,
        _ => true,
    }
}

/// A time window `[from, to)`; none means unbounded on that side.
pub(crate) type Window = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The time window `[from, to)` of a filter, resolved at `now` in the
/// workspace's offset.
pub(crate) fn window(range: &TimeRange, now: DateTime<Utc>, offset: chrono::FixedOffset) -> Result<Window> {
    let out_of_range = || Error::invalid_argument("time", "the window is out of the supported date range");
    let midnight = |d: NaiveDate| -> Result<DateTime<Utc>> {
        let naive = d.and_hms_opt(0, 0, 0).ok_or_else(out_of_range)?;
        offset.from_local_datetime(&naive).single().map(|t| t.to_utc()).ok_or_else(out_of_range)
    };
    let today = now.with_timezone(&offset).date_naive();
    Ok(match *range {
        TimeRange::LastHour => (Some(now - chrono::Duration::hours(1)), None),
        TimeRange::Today => {
            let next = today.checked_add_days(Days::new(1)).ok_or_else(out_of_range)?;
            (Some(midnight(today)?), Some(midnight(next)?))
        }
        TimeRange::ThisWeek => {
            let back = u64::from(today.weekday().num_days_from_monday());
            let monday = today.checked_sub_days(Days::new(back)).ok_or_else(out_of_range)?;
            let next = monday.checked_add_days(Days::new(7)).ok_or_else(out_of_range)?;
            (Some(midnight(monday)?), Some(midnight(next)?))
        }
        TimeRange::ThisMonth => {
            let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).ok_or_else(out_of_range)?;
            let next = first.checked_add_months(Months::new(1)).ok_or_else(out_of_range)?;
            (Some(midnight(first)?), Some(midnight(next)?))
        }
        TimeRange::Between { from, to } => {
            if from > to {
                return Err(Error::invalid_argument("time", "the window ends before it starts"));
            }
            (Some(from), Some(to))
        }
    })
}

/// A query resolved against a viewer: the scopes and cells to read.
struct Plan<'a> {
    parts: Vec<(&'a Scope, CellTest)>,
    /// Whether a cell passes the channel, status and priority filters.
    filters: &'a Filters,
    view: View,
    /// The channel of a per-channel view.
    view_channel: Option<Channel>,
    tag: Option<String>,
    campaign: Option<String>,
    window: Window,
    /// The day of the read's `now` in the workspace's time zone.
    today: i64,
    offset_secs: i32,
}

impl Plan<'_> {
    fn cell_ok(&self, test: CellTest, cell: Cell) -> bool {
        test(cell)
            && self.view_channel.is_none_or(|c| c == cell.channel)
            && self.filters.channel.is_none_or(|c| c == cell.channel)
            && self.filters.status.is_none_or(|s| s == cell.status)
            && self.filters.priority.is_none_or(|p| p == cell.priority)
    }

    /// Whether a row passes the filters the cells cannot express, and the
    /// view's own condition when the cells cannot express it.
    fn row_ok(&self, c: &Conversation) -> bool {
        self.filters.ai_mode.is_none_or(|m| m == c.ai_mode)
            && self.filters.mode.is_none_or(|m| m.includes(c.ai_mode))
            && self.tag.as_ref().is_none_or(|t| c.tags.binary_search(t).is_ok())
            && self
                .campaign
                .as_ref()
                .is_none_or(|x| c.campaign.as_ref().is_some_and(|k| k.trim().to_lowercase() == *x))
            && match self.view {
                View::ReadyToClose => ready_to_close(c),
                View::NeedsReview => needs_review(c),
                View::ResolvedToday => c.closed_at.is_some_and(|t| day_of(t, self.offset_secs) == self.today),
                _ => true,
            }
    }

    /// Whether the filters or the view need a row's conversation.
    fn needs_rows(&self) -> bool {
        self.filters_need_rows()
            || matches!(self.view, View::ReadyToClose | View::NeedsReview | View::ResolvedToday)
    }

    fn filters_need_rows(&self) -> bool {
        self.filters.ai_mode.is_some()
            || self.filters.mode.is_some()
            || self.tag.is_some()
            || self.campaign.is_some()
    }

    fn in_window(&self, key: &Key) -> bool {
        // (time, id) against (bound, 0): the same as comparing the times.
        let at = |t: DateTime<Utc>| Key::new(0, t, ConversationId(0)).time_id();
        self.window.0.is_none_or(|from| key.time_id() >= at(from))
            && self.window.1.is_none_or(|to| key.time_id() < at(to))
    }

    /// The rows closed today that pass the cells and the time window, in
    /// the order of `sort` and strictly after `after`: the rows of "Resolved
    /// today" come from the per-scope closed-by-day sets, so that older closed
    /// rows are never read. There, today's rows are one time-ordered range
    /// per scope: in the Recent and Oldest orders a page merges those ranges
    /// and stops at its end, O(scopes · log n + rows read); the orders that
    /// group rows by cell sort them, O(r · log r), r = rows closed today.
    fn closed_today<'s>(
        &'s self,
        sort: Sort,
        after: Option<(Cell, Key)>,
    ) -> Box<dyn Iterator<Item = Key> + 's> {
        let day = self.today;
        let asc = sort.ascending();
        let mut lo = Bound::Included(ClosedKey::first_at(
            day,
            Key::new(0, DateTime::<Utc>::MIN_UTC, ConversationId(0)),
        ));
        let mut hi = Bound::Included(ClosedKey::last_at(
            day,
            Key::new(0, DateTime::<Utc>::MAX_UTC, ConversationId(u64::MAX)),
        ));
        if !matches!(sort, Sort::Recent | Sort::Oldest) {
            return Box::new(self.closed_today_sorted(sort, after, (lo, hi)).into_iter());
        }
        if let Some((_, k)) = after {
            if asc {
                lo = Bound::Excluded(ClosedKey::last_at(day, k));
            } else {
                hi = Bound::Excluded(ClosedKey::first_at(day, k));
            }
        }
        let mut sources: Vec<std::iter::Peekable<Box<dyn Iterator<Item = Key> + 's>>> = Vec::new();
        for (scope, test) in &self.parts {
            let test = *test;
            let keys = scope.closed_on(lo, hi);
            let keys: Box<dyn Iterator<Item = Key> + 's> =
                if asc { Box::new(keys) } else { Box::new(keys.rev()) };
            let keep = move |k: &Key| {
                Cell::decode(k.cell()).is_some_and(|c| self.cell_ok(test, c)) && self.in_window(k)
            };
            let keys: Box<dyn Iterator<Item = Key> + 's> = Box::new(keys.filter(keep));
            sources.push(keys.peekable());
        }
        // At most three scopes: the next row is the first of the sources'
        // next rows, found by comparing them.
        Box::new(std::iter::from_fn(move || {
            let mut best: Option<(usize, (u64, u64))> = None;
            for (i, source) in sources.iter_mut().enumerate() {
                let Some(k) = source.peek() else { continue };
                let t = k.time_id();
                if best.is_none_or(|(_, b)| if asc { t < b } else { t > b }) {
                    best = Some((i, t));
                }
            }
            sources.get_mut(best?.0)?.next()
        }))
    }

    /// [`Plan::closed_today`] in an order that groups rows by cell: every
    /// row closed today is read and sorted.
    fn closed_today_sorted(
        &self,
        sort: Sort,
        after: Option<(Cell, Key)>,
        (lo, hi): (Bound<ClosedKey>, Bound<ClosedKey>),
    ) -> Vec<Key> {
        let asc = sort.ascending();
        let rank = |cell: Cell, key: Key| Rank { group: sort.group(cell), key, asc };
        let cursor = after.map(|(cell, key)| rank(cell, key));
        let mut out: Vec<Rank> = Vec::new();
        for (scope, test) in &self.parts {
            for key in scope.closed_on(lo, hi) {
                let Some(cell) = Cell::decode(key.cell()) else { continue };
                if !self.cell_ok(*test, cell) || !self.in_window(&key) {
                    continue;
                }
                let r = rank(cell, key);
                if cursor.is_none_or(|c| r < c) {
                    out.push(r);
                }
            }
        }
        out.sort_by(|a, b| b.cmp(a));
        out.into_iter().map(|r| r.key).collect()
    }

    /// The partition of `scope` to read for `test` under `sort`: the one
    /// that covers exactly the view's rows (with the filters) in the fewest
    /// ranges, each range inside one group of the sort.
    fn partition(&self, scope: &Scope, test: CellTest, sort: Sort) -> Partition {
        let f = self.filters;
        let mut best = Partition::Cells;
        let mut fewest = usize::MAX;
        if self.view == View::NeedsReview
            && f.channel.is_none()
            && f.status.is_none()
            && f.priority.is_none()
            && matches!(sort, Sort::Recent | Sort::Oldest | Sort::Assignment)
        {
            // Rows that need review are all open and unassigned: one group.
            return Partition::Review;
        }
        if self.view_channel.is_none()
            && f.channel.is_none()
            && f.priority.is_none()
            && matches!(sort, Sort::Recent | Sort::Oldest | Sort::Assignment)
        {
            fewest = self.classes(scope, test).count();
            best = Partition::Classes;
        }
        let whole_classes = (0..CLASSES as u16).all(|k| {
            scope.class_n.get(usize::from(k)).is_none_or(|n| *n == 0) || class_cell(k).is_some_and(test)
        });
        if whole_classes
            && f.status.is_none()
            && f.priority.is_none()
            && matches!(sort, Sort::Recent | Sort::Oldest | Sort::Channel)
        {
            let n = self.channels(scope).count();
            if n < fewest {
                best = Partition::Channels;
            }
        }
        best
    }

    /// The non-empty classes of `scope` whose rows all pass `test` and the
    /// cell filters (only valid without channel and priority filters).
    fn classes<'s>(&'s self, scope: &'s Scope, test: CellTest) -> impl Iterator<Item = (u16, Cell)> + 's {
        (0..CLASSES as u16).filter_map(move |k| {
            let cell = class_cell(k)?;
            let n = scope.class_n.get(usize::from(k)).copied().unwrap_or(0);
            (n > 0 && test(cell) && self.filters.status.is_none_or(|s| s == cell.status)).then_some((k, cell))
        })
    }

    /// The non-empty channel slots of `scope` the view and the filters
    /// allow (only valid when the view's test and the filters take every row
    /// of the slot).
    fn channels<'s>(&'s self, scope: &'s Scope) -> impl Iterator<Item = (u16, Cell)> + 's {
        (0..CHANNELS as u16).filter_map(move |k| {
            let cell = Cell::decode(k)?;
            let n = scope.channel_n.get(usize::from(k)).copied().unwrap_or(0);
            (n > 0
                && self.view_channel.is_none_or(|c| c == cell.channel)
                && self.filters.channel.is_none_or(|c| c == cell.channel))
            .then_some((k, cell))
        })
    }

    /// Every non-empty matching range, with its group under `sort` and
    /// starting strictly after `after`. The keys a range yields carry the
    /// part of their partition in `Key::cell`, not always the row's cell.
    fn ranges(&self, sort: Sort, after: Option<(Cell, Key)>) -> Vec<(Range<'_, Key>, u16)> {
        let asc = sort.ascending();
        let after_group = after.map(|(cell, _)| sort.group(cell));
        let mut out = Vec::new();
        for (scope, test) in &self.parts {
            let (set, parts): (&BTreeSet<Key>, Vec<(u16, Cell)>) = match self.partition(scope, *test, sort) {
                Partition::Review => {
                    if scope.review.is_empty() {
                        continue;
                    }
                    (&scope.review, class_cell(0).map(|c| (0, c)).into_iter().collect())
                }
                Partition::Classes => (&scope.by_class, self.classes(scope, *test).collect()),
                Partition::Channels => (&scope.by_channel, self.channels(scope).collect()),
                Partition::Cells => {
                    let cells = scope.tally.cells.iter().enumerate().filter_map(|(index, n)| {
                        let index = u16::try_from(index).ok().filter(|_| *n > 0)?;
                        let cell = Cell::decode(index)?;
                        self.cell_ok(*test, cell).then_some((index, cell))
                    });
                    (&scope.rows, cells.collect())
                }
            };
            for (index, cell) in parts {
                let group = sort.group(cell);
                let key = |at: DateTime<Utc>, id: u64| Key::new(index, at, ConversationId(id));
                let mut lo = match self.window.0 {
                    Some(from) => Bound::Included(key(from, 0)),
                    None => Bound::Included(key(DateTime::<Utc>::MIN_UTC, 0)),
                };
                let mut hi = match self.window.1 {
                    Some(to) => Bound::Excluded(key(to, 0)),
                    None => Bound::Included(key(DateTime::<Utc>::MAX_UTC, u64::MAX)),
                };
                if let (Some((_, k)), Some(g)) = (after, after_group) {
                    match group.cmp(&g) {
                        Ordering::Less => continue,
                        Ordering::Greater => {}
                        Ordering::Equal => {
                            let at = Bound::Excluded(k.with_cell(index));
                            if asc {
                                lo = max_lower(lo, at);
                            } else {
                                hi = min_upper(hi, at);
                            }
                        }
                    }
                }
                if nonempty(&lo, &hi) {
                    out.push((set.range((lo, hi)), group));
                }
            }
        }
        out
    }
}

/// The first `n` characters of `s` (all of it when shorter), borrowed: one
/// allocation for the copy instead of one push per character.
fn first_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        // At most `n` bytes, so at most `n` characters.
        return s;
    }
    match s.char_indices().nth(n) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

/// Which partition of a scope a list reads (see [`Scope`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Partition {
    Cells,
    Classes,
    Channels,
    Review,
}

impl Workspace {
    pub(crate) fn who(&self, viewer: Actor) -> Result<Who> {
        Ok(Who::of(self.acting_user(viewer)?))
    }

    /// Scopes of the customer conversations `who` may list.
    pub(crate) fn customer_scopes(&self, who: Who) -> Vec<&Scope> {
        self.customer_scope_pair(who).into_iter().flatten().collect()
    }

    /// [`Workspace::customer_scopes`] without allocating.
    fn customer_scope_pair(&self, who: Who) -> [Option<&Scope>; 2] {
        let v = &self.indexes.views;
        match who {
            Who::System | Who::Admin(_) => [Some(&v.everyone), Some(&v.restricted)],
            Who::Agent(u) => [Some(&v.everyone), v.restricted_by_user.get(&u)],
        }
    }

    /// Scopes of the internal chats `who` lists (their own; all for the host).
    fn internal_scopes(&self, who: Who) -> Vec<&Scope> {
        self.internal_scope(who).into_iter().collect()
    }

    /// [`Workspace::internal_scopes`] without allocating.
    fn internal_scope(&self, who: Who) -> Option<&Scope> {
        let v = &self.indexes.views;
        match who {
            Who::System => Some(&v.internal),
            Who::Admin(u) | Who::Agent(u) => v.internal_by_user.get(&u),
        }
    }

    fn own_internal_scopes(&self, who: Who) -> Vec<&Scope> {
        match who {
            Who::System => Vec::new(),
            _ => self.internal_scopes(who),
        }
    }

    pub(crate) fn mine_scope(&self, who: Who) -> Option<&Scope> {
        who.user().and_then(|u| self.indexes.views.mine.get(&u))
    }

    fn parts(&self, who: Who, view: View) -> Vec<(&Scope, CellTest)> {
        fn with(scopes: Vec<&Scope>, test: CellTest) -> Vec<(&Scope, CellTest)> {
            scopes.into_iter().map(|s| (s, test)).collect()
        }
        let mine = || self.mine_scope(who).into_iter().collect::<Vec<_>>();
        match view {
            View::TeamInbox => {
                let mut p = with(self.customer_scopes(who), any);
                p.extend(with(self.internal_scopes(who), any));
                p
            }
            View::Unassigned => with(self.customer_scopes(who), open_unassigned),
            View::InProgress => with(self.customer_scopes(who), open_assigned),
            View::Closed => with(self.customer_scopes(who), closed),
            View::MyInbox => {
                let mut p = with(mine(), open);
                p.extend(with(self.own_internal_scopes(who), any));
                p
            }
            View::NeedsMyAttention => with(mine(), open_unreplied),
            View::WaitingForCustomer | View::ReadyToClose => with(mine(), open_replied),
            View::Active => with(self.customer_scopes(who), status_open),
            View::Pending => with(self.customer_scopes(who), status_pending),
            View::ResolvedToday => with(self.customer_scopes(who), closed),
            View::NeedsReview => with(self.customer_scopes(who), open_unassigned),
            View::WebchatInbox
            | View::WhatsappInbox
            | View::SmsInbox
            | View::EmailInbox
            | View::TelephonyInbox
            | View::LinkedinInbox => with(self.customer_scopes(who), any),
        }
    }

    fn plan<'a>(&'a self, who: Who, query: &'a ViewQuery, now: DateTime<Utc>) -> Result<Plan<'a>> {
        let window = match &query.filters.time {
            Some(range) => window(range, now, self.config.offset())?,
            None => (None, None),
        };
        let tag = query.filters.tag.as_ref().map(|t| t.trim().to_lowercase());
        let campaign = query.filters.campaign.as_ref().map(|t| t.trim().to_lowercase());
        let offset_secs = self.indexes.views.offset_secs;
        Ok(Plan {
            parts: self.parts(who, query.view),
            filters: &query.filters,
            view: query.view,
            view_channel: query.view.channel(),
            tag,
            campaign,
            window,
            today: day_of(now, offset_secs),
            offset_secs,
        })
    }

    /// One page of a list for `viewer`, who only ever sees rows they may see.
    ///
    /// Rows are read in order from per-scope ordered sets, so the page costs
    /// O(r · log n + limit · log r) where r is the number of time-ordered
    /// ranges merged: per scope (at most three), the fewest of one per class
    /// (at most 8 for a view), one per channel (at most 7), one for Needs
    /// Review, or, with a priority filter or a priority or channel order
    /// that the coarse partitions cannot express, one per cell (at most
    /// 448). Plus the rows skipped by the AI-mode, tag and campaign filters
    /// and the row conditions of Ready to Close. Nothing is sorted.
    ///
    /// With a cursor, the page holds the rows strictly after the cursor's
    /// position in the *current* order: a row that moved ahead of the cursor
    /// since the previous page is not shown again, and one that moved behind
    /// it shows up (again) later; no row is ever shown twice on one page.
    pub fn view(&self, viewer: Actor, query: &ViewQuery, now: DateTime<Utc>) -> Result<Page> {
        let mut page = Page { rows: Vec::new(), next: None };
        self.view_into(viewer, query, now, &mut page)?;
        Ok(page)
    }

    /// [`Workspace::view`] written into `page`, reusing its rows: the same
    /// rows, order, cursor and errors. Each row of `page` is overwritten in
    /// place (its title, preview and assignees keep their capacity), rows
    /// past the new page's end are dropped and missing ones added, and
    /// `page.next` is replaced. On an error `page` is left as it was. For
    /// hosts that read page after page (scrolling, refreshing a list).
    // Once the buffer has held a page as long, with titles, previews and
    // assignee lists as long, a page allocates nothing for its rows: about
    // half the cost of a page of 50 rows at 100k (benches/README.md, "Rows
    // into a reused page").
    pub fn view_into(
        &self,
        viewer: Actor,
        query: &ViewQuery,
        now: DateTime<Utc>,
        page: &mut Page,
    ) -> Result<()> {
        let mut who = Who::System;
        let mut found = Vec::new();
        let next = self.page(viewer, query, now, false, |w, _, c| {
            who = w;
            found.extend(c);
        })?;
        // In three passes rather than one: the conversations first, then
        // what each row reads beyond its conversation (contact, last
        // message, read marker), then the copies. The reads of different
        // rows are independent, so within a pass their cache misses overlap
        // instead of following one another.
        let sources: Vec<RowSource<'_>> = found.into_iter().map(|c| self.row_source(who, c)).collect();
        let rows = &mut page.rows;
        rows.truncate(sources.len());
        let reused = rows.len();
        let mut sources = sources.into_iter();
        for (row, source) in rows.iter_mut().zip(sources.by_ref().take(reused)) {
            source.build_into(row);
        }
        rows.extend(sources.map(RowSource::build));
        page.next = next;
        Ok(())
    }

    /// The same page as [`Workspace::view`] (same rows, order, cursor and
    /// errors) as conversation ids only, for hosts that keep their own copy
    /// of each row.
    ///
    /// It reads the same ordered ranges as `view` through the same code, but
    /// builds no rows, and when the view's rows are told apart by their
    /// position alone (no AI-mode, mode, tag or campaign filter, and not
    /// Ready to Close, Needs Review or Resolved today) it reads no
    /// conversation either, except the page's last one for the cursor:
    /// O(r · log n + limit · log r).
    pub fn view_ids(&self, viewer: Actor, query: &ViewQuery, now: DateTime<Utc>) -> Result<IdPage> {
        let mut ids = Vec::new();
        let next = self.page(viewer, query, now, true, |_, id, _| ids.push(id))?;
        Ok(IdPage { ids, next })
    }

    /// The page of `query` for `viewer`: hands each of its rows to `emit` in
    /// order and returns the cursor of the next page. `ids_only` lets it
    /// skip reading a row's conversation when the view does not need it
    /// (then `emit` gets none); the rows and cursor are the same either way,
    /// since the view index lists exactly the live conversations.
    fn page<'a>(
        &'a self,
        viewer: Actor,
        query: &ViewQuery,
        now: DateTime<Utc>,
        ids_only: bool,
        mut emit: impl FnMut(Who, ConversationId, Option<&'a Conversation>),
    ) -> Result<Option<Cursor>> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        if query.limit == 0 || query.limit > 1000 {
            return Err(Error::invalid_argument("limit", "must be between 1 and 1000"));
        }
        let after = query.cursor.as_ref().map(|c| c.decode(query.sort)).transpose()?;
        let plan = self.plan(who, query, now)?;
        let keys: Box<dyn Iterator<Item = Key>> = if query.view == View::ResolvedToday {
            plan.closed_today(query.sort, after)
        } else {
            Box::new(Merge::new(plan.ranges(query.sort, after), query.sort.ascending()))
        };
        let skip_rows = ids_only && !plan.needs_rows();
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        let mut taken = 0usize;
        let mut last: Option<Key> = None;
        for key in keys {
            let c = if skip_rows {
                None
            } else {
                match self.live(key.id()) {
                    Some(c) if plan.row_ok(c) => Some(c),
                    _ => continue,
                }
            };
            if taken == limit {
                // The key's cell may be a class or channel slot (see
                // `ranges`); the cursor carries the row's own cell.
                let next = last.map(|k| match self.live(k.id()) {
                    Some(c) => k.with_cell(cell_of(c).index()),
                    None => k,
                });
                return Ok(next.map(|k| Cursor::encode(query.sort, k)));
            }
            emit(who, key.id(), c);
            taken += 1;
            last = Some(key);
        }
        Ok(None)
    }

    /// How many rows a list holds for `viewer` (sort, limit and cursor are
    /// ignored).
    ///
    /// O(cells) — independent of the number of conversations — for a view
    /// alone or with any of the channel, status and priority filters, and for
    /// the Team inbox with only an AI-mode or only a tag filter. Other
    /// combinations (time windows, AI mode or tag with another filter or on
    /// another view) count by reading the matching cell ranges: O(rows
    /// read).
    pub fn count(&self, viewer: Actor, query: &ViewQuery, now: DateTime<Utc>) -> Result<u64> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let plan = self.plan(who, query, now)?;
        let f = &query.filters;
        let cell_filters = f.channel.is_some() || f.status.is_some() || f.priority.is_some();
        let sum = |field: fn(&Scope) -> u64| -> u64 { plan.parts.iter().map(|(s, _)| field(s)).sum() };
        if !cell_filters && f.time.is_none() && !plan.filters_need_rows() {
            match query.view {
                View::ReadyToClose => return Ok(sum(|s| u64::from(s.tally.ready_to_close))),
                View::NeedsReview => return Ok(sum(|s| u64::from(s.tally.needs_review))),
                View::ResolvedToday => {
                    let today = plan.today;
                    return Ok(plan
                        .parts
                        .iter()
                        .map(|(s, _)| u64::from(s.tally.closed_by_day.get(&today).copied().unwrap_or(0)))
                        .sum());
                }
                _ => {}
            }
        }
        if query.view == View::ResolvedToday {
            let keys = plan.closed_today(Sort::Recent, None);
            return Ok(keys.filter(|k| self.live(k.id()).is_some_and(|c| plan.row_ok(c))).count() as u64);
        }
        let by_ai = |modes: &[AiMode]| -> u64 {
            plan.parts
                .iter()
                .flat_map(|(s, _)| {
                    modes.iter().map(|mode| {
                        let i = AiMode::ALL.iter().position(|m| m == mode).unwrap_or(0);
                        u64::from(s.tally.by_ai.get(i).copied().unwrap_or(0))
                    })
                })
                .sum()
        };
        if query.view == View::TeamInbox && !cell_filters && f.time.is_none() && plan.campaign.is_none() {
            match (f.ai_mode, f.mode, &plan.tag) {
                (Some(mode), None, None) => return Ok(by_ai(&[mode])),
                (None, Some(Mode::AiHandled), None) => return Ok(by_ai(&[AiMode::Active])),
                (None, Some(Mode::Manual), None) => return Ok(by_ai(&[AiMode::Paused, AiMode::Manual])),
                (None, None, Some(tag)) => {
                    return Ok(plan
                        .parts
                        .iter()
                        .map(|(s, _)| u64::from(s.tally.tags.get(tag).copied().unwrap_or(0)))
                        .sum())
                }
                _ => {}
            }
        }
        if f.time.is_none() && !plan.needs_rows() {
            let mut total = 0u64;
            for (scope, test) in &plan.parts {
                for (index, n) in scope.tally.cells.iter().enumerate().take(CELLS) {
                    if *n == 0 {
                        continue;
                    }
                    let cell = u16::try_from(index).ok().and_then(Cell::decode);
                    if cell.is_some_and(|cell| plan.cell_ok(*test, cell)) {
                        total += u64::from(*n);
                    }
                }
            }
            return Ok(total);
        }
        let mut total = 0u64;
        for (range, _) in plan.ranges(Sort::Recent, None) {
            for key in range {
                if !plan.needs_rows() || self.live(key.id()).is_some_and(|c| plan.row_ok(c)) {
                    total += 1;
                }
            }
        }
        Ok(total)
    }

    /// How many of `ids` are rows of the list `query` for `who`: each id is
    /// checked against the view's scopes, cells and row conditions and the
    /// filters. O(ids · scopes · log n).
    pub(crate) fn count_in_view(
        &self,
        who: Who,
        query: &ViewQuery,
        now: DateTime<Utc>,
        ids: &[ConversationId],
    ) -> Result<u64> {
        let plan = self.plan(who, query, now)?;
        let mut n = 0u64;
        for id in ids {
            let Some(c) = self.live(*id) else { continue };
            let cell = cell_of(c);
            let key = Key::new(cell.index(), activity(c), c.id);
            let listed =
                plan.parts.iter().any(|(scope, test)| plan.cell_ok(*test, cell) && scope.rows.contains(&key));
            if listed && plan.in_window(&key) && plan.row_ok(c) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The dashboard tiles for `viewer`, over what the viewer may see.
    /// O(1): a few counters of at most three scopes. The host has no inbox of
    /// its own: its personal tiles are 0.
    pub fn tiles(&self, viewer: Actor) -> Result<Tiles> {
        Ok(self.tiles_for(self.who(viewer)?))
    }

    /// [`Workspace::tiles`] for `who`, without allocating (the live feed
    /// reads them for every watcher a command concerns).
    pub(crate) fn tiles_for(&self, who: Who) -> Tiles {
        let customer = self.customer_scope_pair(who);
        let internal = self.internal_scope(who);
        let own_internal = if who == Who::System { None } else { internal };
        let mine = self.mine_scope(who);
        let sum = |scopes: &[Option<&Scope>], f: fn(&Scope) -> u64| -> u64 {
            scopes.iter().flatten().map(|s| f(s)).sum()
        };
        let open = |s: &Scope| u64::from(s.tally.open);
        let assigned_to_me = sum(&[mine], open);
        let needs = sum(&[mine], |s| u64::from(s.tally.open_unreplied));
        let team_inbox =
            sum(&customer, |s| u64::from(s.tally.n)) + sum(&[internal], |s| u64::from(s.tally.n));
        let unassigned = sum(&customer, |s| u64::from(s.tally.open_unassigned));
        let caught_up = match who {
            Who::System => team_inbox,
            Who::Admin(u) => {
                self.reads.caught_up.get(&u).map_or(0, |c| u64::from(c.customer_all) + u64::from(c.internal))
            }
            Who::Agent(u) => self
                .reads
                .caught_up
                .get(&u)
                .map_or(0, |c| u64::from(c.customer_listed) + u64::from(c.internal)),
        };
        Tiles {
            assigned_to_me,
            my_unreplied_messages: sum(&[mine], |s| s.tally.unreplied_msgs),
            unassigned,
            unreplied_messages: sum(&customer, |s| s.tally.unreplied_msgs),
            unread_conversations: team_inbox.saturating_sub(caught_up),
            team_inbox,
            in_progress: sum(&customer, open) - unassigned,
            closed: sum(&customer, |s| u64::from(s.tally.n - s.tally.open)),
            my_inbox: assigned_to_me + sum(&[own_internal], |s| u64::from(s.tally.n)),
            needs_my_attention: needs,
            waiting_for_customer: assigned_to_me - needs,
        }
    }

    /// A deep copy of the view structures and read markers, for benchmarks
    /// that measure their memory with a counting allocator.
    #[doc(hidden)]
    pub fn clone_view_state_for_bench(&self) -> Box<dyn std::any::Any> {
        Box::new((self.indexes.views.clone(), self.reads.clone()))
    }

    /// The messages of `c` unread by `user`: those after their read marker
    /// not written by them. When the search index's author postings say
    /// that they wrote none of the messages, that is just the number after
    /// the marker, without reading the messages.
    pub(crate) fn unread_for(&self, c: &Conversation, user: UserId) -> u32 {
        let read = self.reads.marker(c.id, user);
        let start = usize::try_from(read).unwrap_or(usize::MAX);
        let Some(after) = c.messages.len().checked_sub(start) else { return 0 };
        let wrote_none = u32::try_from(c.id.0)
            .ok()
            .is_some_and(|id| self.indexes.search.author.get(&user).is_none_or(|b| !b.contains(id)));
        if wrote_none {
            u32::try_from(after).unwrap_or(u32::MAX)
        } else {
            unread_in(c, user, read)
        }
    }

    pub(crate) fn row(&self, who: Who, c: &Conversation) -> ListRow {
        self.row_source(who, c).build()
    }

    /// [`Workspace::row`] written over `row`, keeping its allocations.
    pub(crate) fn row_into(&self, who: Who, c: &Conversation, row: &mut ListRow) {
        self.row_source(who, c).build_into(row);
    }

    /// What the row of `c` reads beyond `c`, borrowed (see [`RowSource`]).
    fn row_source<'a>(&'a self, who: Who, c: &'a Conversation) -> RowSource<'a> {
        let title = match &c.kind {
            ConversationKind::Customer { contact } => match self.contact_record(*contact) {
                Ok(k) => k
                    .name
                    .as_deref()
                    .or(k.phone.as_deref())
                    .or(k.email.as_deref())
                    .or_else(|| k.identities.first().map(|i| i.handle.as_str()))
                    .map_or(Title::Contact(*contact), Title::Borrowed),
                Err(_) => Title::Contact(*contact),
            },
            ConversationKind::Internal { participants } => {
                let me = who.user();
                let other = participants.iter().find(|p| Some(**p) != me).or(participants.first());
                Title::Borrowed(other.and_then(|u| self.user(*u).ok()).map_or("", |u| u.name.as_str()))
            }
        };
        let preview = c.last_message().map_or("", |m| first_chars(&m.body, 100));
        let unread = match who.user() {
            Some(u) => self.unread_for(c, u),
            None => 0,
        };
        RowSource { c, title, preview, unread }
    }
}

/// A row's title: borrowed from the contact or user, or made up from the
/// contact's id ("Contact 12").
enum Title<'a> {
    Borrowed(&'a str),
    Contact(ContactId),
}

impl Title<'_> {
    /// Writes the title into `out`, replacing what it held.
    fn write_into(&self, out: &mut String) {
        out.clear();
        match self {
            Title::Borrowed(t) => out.push_str(t),
            Title::Contact(id) => {
                use std::fmt::Write;
                // Writing into a String cannot fail.
                let _ = write!(out, "Contact {id}");
            }
        }
    }
}

/// Everything a [`ListRow`] holds, borrowed: read first for every row of a
/// page, then copied.
struct RowSource<'a> {
    c: &'a Conversation,
    title: Title<'a>,
    preview: &'a str,
    unread: u32,
}

impl RowSource<'_> {
    fn build(self) -> ListRow {
        let c = self.c;
        ListRow {
            conversation: c.id,
            internal: c.is_internal(),
            contact: c.contact(),
            title: match self.title {
                Title::Borrowed(t) => t.to_string(),
                Title::Contact(id) => format!("Contact {id}"),
            },
            preview: self.preview.to_string(),
            last_activity_at: activity(c),
            channel: c.channel,
            unread: self.unread,
            unreplied: c.reply.unreplied,
            status: c.status,
            priority: c.priority,
            assignees: c.assignees.clone(),
            ai_mode: c.ai_mode,
        }
    }

    /// The same row as [`RowSource::build`], written over `row`: its
    /// strings and list keep their allocations when they are large enough.
    fn build_into(self, row: &mut ListRow) {
        let c = self.c;
        // Destructured, so that a field added to `ListRow` cannot be left
        // out here (it would keep an earlier page's value).
        let ListRow {
            conversation,
            internal,
            contact,
            title,
            preview,
            last_activity_at,
            channel,
            unread,
            unreplied,
            status,
            priority,
            assignees,
            ai_mode,
        } = row;
        *conversation = c.id;
        *internal = c.is_internal();
        *contact = c.contact();
        self.title.write_into(title);
        preview.clear();
        preview.push_str(self.preview);
        *last_activity_at = activity(c);
        *channel = c.channel;
        *unread = self.unread;
        *unreplied = c.reply.unreplied;
        *status = c.status;
        *priority = c.priority;
        assignees.clone_from(&c.assignees);
        *ai_mode = c.ai_mode;
    }
}

#[cfg(test)]
mod tests {
    use super::first_chars;

    #[test]
    fn a_preview_keeps_the_first_hundred_characters_of_any_script() {
        for s in ["", "short", "ä".repeat(99).as_str(), "東京".repeat(60).as_str(), "a🙂".repeat(70).as_str()]
        {
            for n in [0, 1, 50, 100, 101] {
                let expected: String = s.chars().take(n).collect();
                assert_eq!(first_chars(s, n), expected, "{s:?} {n}");
            }
        }
    }
}
