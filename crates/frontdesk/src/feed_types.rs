//! The live feed per viewer: what changed, for one viewer, in the views they
//! watch since they last drained it. Ephemeral like presence: the watch list
//! and what is pending are held in memory only, never persisted, never in
//! snapshots. See `docs/views.md`, "Live feed".

use crate::ids::{ContactId, ConversationId, UserId};
use crate::view_index::Cell;
use crate::view_types::{Cursor, ListRow, Sort, Tiles, View};
use crate::visibility::Visibility;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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

/// What a view's membership needs of a conversation, whoever looks: taken
/// before its first change since a viewer's last drain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snap {
    pub(crate) internal: bool,
    pub(crate) visibility: Visibility,
    pub(crate) assignees: Vec<UserId>,
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
    pub(crate) views: Vec<(WatchedView, u64, Option<u64>)>,
    /// The tiles as last told (none before the first drain).
    pub(crate) tiles: Option<Tiles>,
    /// Conversations touched since the last drain, with their state before
    /// the first touch (none: it did not exist).
    pub(crate) pending: HashMap<ConversationId, Option<Arc<Snap>>>,
    /// Contacts changed since the last drain, with the title they gave then.
    pub(crate) contacts: HashMap<ContactId, String>,
    /// Users changed since the last drain, with their name then.
    pub(crate) users: HashMap<UserId, String>,
}

/// Every watching viewer.
#[derive(Clone, Debug, Default)]
pub(crate) struct FeedBoard {
    pub(crate) watchers: BTreeMap<UserId, Watcher>,
}
