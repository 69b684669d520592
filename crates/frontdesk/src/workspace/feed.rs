//! The live feed per viewer: the host registers the views a viewer watches
//! ([`Workspace::watch_views`]) and, after commands or `tick`, drains what
//! changed for them ([`Workspace::take_feed`], [`Workspace::take_feeds`]).
//!
//! The mutation chokepoints (`update`, `append_message`,
//! `insert_conversation`, `take_conversation`, read markers, `contact_mut`,
//! `user_mut`) call `feed_touch*`: for every watcher that has not yet seen
//! the conversation change since its last drain, it keeps what membership
//! needs of the conversation *before* the change ([`Snap`], shared by all
//! watchers). A drain compares, for each touched conversation only, its
//! membership before and now, as the viewer sees it. Nothing here reads the
//! whole workspace: the cost is touched conversations × watchers. Nothing
//! is persisted or journaled.

use crate::actor::Actor;
use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::feed_types::{Feed, FeedRow, FeedView, Snap, WatchedView, Watcher};
use crate::ids::{ContactId, ConversationId, UserId};
use crate::view_index::{activity, cell_of, needs_review, ready_to_close, Key};
use crate::view_types::{Cursor, View, ViewQuery};
use crate::visibility::Visibility;
use crate::workspace::views::Who;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
            return Ok(());
        }
        let now = self.feed_now();
        let mut counted = Vec::with_capacity(unique.len());
        for w in unique {
            let n = self.count(viewer, &ViewQuery::new(w.view), now)?;
            counted.push((w, n, None));
        }
        self.feed.watchers.insert(
            id,
            Watcher {
                admin,
                views: counted,
                tiles: None,
                pending: HashMap::new(),
                contacts: HashMap::new(),
                users: HashMap::new(),
            },
        );
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
        }
        let (id, admin) = found?;
        Ok(self.drain_feed(id, admin))
    }

    /// [`Workspace::take_feed`] for every watching viewer, in user order,
    /// leaving out empty feeds. Removed users stop watching and get nothing.
    pub fn take_feeds(&mut self) -> Vec<Feed> {
        let ids: Vec<UserId> = self.feed.watchers.keys().copied().collect();
        let mut out = Vec::new();
        for id in ids {
            match self.feed_viewer(Actor::User(id)) {
                Ok((id, admin)) => {
                    let feed = self.drain_feed(id, admin);
                    if !feed.is_empty() {
                        out.push(feed);
                    }
                }
                Err(_) => {
                    self.feed.watchers.remove(&id);
                }
            }
        }
        out
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

    /// Keeps the state of a conversation before its first change since each
    /// watcher's last drain. Called before every change of a conversation.
    pub(crate) fn feed_touch(&mut self, id: ConversationId) {
        if self.feed.watchers.values().all(|w| w.pending.contains_key(&id)) {
            return;
        }
        let snap = self.live(id).map(|c| Arc::new(snap_of(c)));
        for w in self.feed.watchers.values_mut() {
            w.pending.entry(id).or_insert_with(|| snap.clone());
        }
    }

    /// Keeps a contact's title before a change (rows show it).
    pub(crate) fn feed_touch_contact(&mut self, id: ContactId) {
        if self.feed.watchers.is_empty() {
            return;
        }
        let Ok(title) = self.contact_record(id).map(contact_title) else { return };
        for w in self.feed.watchers.values_mut() {
            w.contacts.entry(id).or_insert_with(|| title.clone());
        }
    }

    /// Keeps a user's name before a change (internal chat rows show it).
    pub(crate) fn feed_touch_user(&mut self, id: UserId) {
        if self.feed.watchers.is_empty() {
            return;
        }
        let Ok(name) = self.user(id).map(|u| u.name.clone()) else { return };
        for w in self.feed.watchers.values_mut() {
            w.users.entry(id).or_insert_with(|| name.clone());
        }
    }

    fn drain_feed(&mut self, id: UserId, admin: bool) -> Feed {
        let Some(mut w) = self.feed.watchers.remove(&id) else {
            return Feed { viewer: id, reset: false, views: Vec::new(), tiles: None, gone: Vec::new() };
        };
        let who = if admin { Who::Admin(id) } else { Who::Agent(id) };
        let viewer = Actor::User(id);
        let reset = w.admin != admin;
        let pending = std::mem::take(&mut w.pending);
        let contacts = std::mem::take(&mut w.contacts);
        let users = std::mem::take(&mut w.users);
        let touched = !pending.is_empty() || !contacts.is_empty() || !users.is_empty();
        let mut feed = Feed {
            viewer: id,
            reset,
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
        if reset {
            w.admin = admin;
            let now = self.feed_now();
            for (v, n, told) in &mut w.views {
                *n = self.count(viewer, &ViewQuery::new(v.view), now).unwrap_or(0);
                *told = None;
            }
        } else {
            let mut ids: BTreeMap<ConversationId, Option<Arc<Snap>>> = pending.into_iter().collect();
            // A new title changes rows but never which views hold them.
            for (k, title) in contacts {
                if self.contact_record(k).map(contact_title).is_ok_and(|t| t != title) {
                    for c in self.contact_conversations(k) {
                        ids.entry(c).or_insert_with(|| self.live(c).map(|c| Arc::new(snap_of(c))));
                    }
                }
            }
            for (u, name) in users {
                if self.user(u).is_ok_and(|u| u.name != name) {
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
            for (conversation, before) in ids {
                let live = self.live(conversation);
                let after = live.map(snap_of);
                let saw = before.as_deref().is_some_and(|s| sees(who, s));
                let sees_now = after.as_ref().is_some_and(|s| sees(who, s));
                for ((v, n, _), out) in w.views.iter_mut().zip(&mut feed.views) {
                    let was = before.as_deref().is_some_and(|s| member(who, s, v.view));
                    let is = after.as_ref().is_some_and(|s| member(who, s, v.view));
                    match (was, is, live) {
                        (false, true, Some(c)) => {
                            *n += 1;
                            out.entered.push(self.feed_row(who, c, v.sort));
                        }
                        (true, true, Some(c)) => out.changed.push(self.feed_row(who, c, v.sort)),
                        (true, false, _) => {
                            *n = n.saturating_sub(1);
                            if sees_now {
                                out.left.push(conversation);
                            }
                        }
                        _ => {}
                    }
                }
                if saw && !sees_now {
                    feed.gone.push(conversation);
                }
            }
        }
        for ((_, n, told), out) in w.views.iter_mut().zip(&mut feed.views) {
            if *told != Some(*n) {
                out.count = Some(*n);
                *told = Some(*n);
            }
        }
        if touched || reset || w.tiles.is_none() {
            if let Ok(tiles) = self.tiles(viewer) {
                if w.tiles != Some(tiles) {
                    feed.tiles = Some(tiles);
                    w.tiles = Some(tiles);
                }
            }
        }
        self.feed.watchers.insert(id, w);
        feed
    }

    fn feed_row(&self, who: Who, c: &Conversation, sort: crate::view_types::Sort) -> FeedRow {
        let cell = cell_of(c);
        let key = Key::new(cell.index(), activity(c), c.id);
        FeedRow { row: self.row(who, c), group: sort.group(cell), cursor: Cursor::encode(sort, key) }
    }

    /// The live conversations of a contact, from the search index's contact
    /// postings (as the customer panel reads them).
    fn contact_conversations(&self, contact: ContactId) -> Vec<ConversationId> {
        let index = &self.indexes.search;
        index
            .contact
            .range((contact.0, 0)..=(contact.0, u32::MAX))
            .map(|(_, id)| ConversationId(u64::from(*id)))
            .chain(index.oversized.iter().map(|id| ConversationId(*id)))
            .filter(|id| self.live(*id).is_some_and(|c| c.contact() == Some(contact)))
            .collect()
    }
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
        .clone()
        .or_else(|| k.phone.clone())
        .or_else(|| k.email.clone())
        .or_else(|| k.identities.first().map(|i| i.handle.clone()))
        .unwrap_or_default()
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
