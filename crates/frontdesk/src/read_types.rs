//! Unread, per user: read markers and the "caught up" counters behind the
//! unread-conversations tile.
//!
//! A read marker says how many messages of a conversation (a prefix) a user
//! has read. A message is unread for a user when it lies after the user's
//! marker and someone else wrote it. A user is *caught up* on a conversation
//! when nothing in it is unread for them. Per user we count the
//! conversations they are caught up on, split by how the user may see them,
//! so `unread conversations = listed conversations − caught up` is O(1).

use crate::conversation::Conversation;
use crate::id_map::IdMap;
use crate::ids::{ConversationId, UserId};
use crate::message::Author;
use serde::{Deserialize, Serialize};

/// How far one user has read one conversation, as stored in a
/// [`Snapshot`](crate::Snapshot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReadMarker {
    /// The conversation.
    pub conversation: ConversationId,
    /// The user.
    pub user: UserId,
    /// How many of the conversation's first messages the user has read.
    pub read: u32,
}

/// Conversations a user is caught up on, split by how the user may list them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CaughtUp {
    /// Customer conversations, whatever their visibility (what an admin lists).
    pub(crate) customer_all: u32,
    /// Customer conversations whose visibility includes the user (what an
    /// agent lists).
    pub(crate) customer_listed: u32,
    /// Internal chats the user takes part in.
    pub(crate) internal: u32,
}

/// Read markers (data, in snapshots) and caught-up counters (derived).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reads {
    /// Per conversation, `(user, messages read)` sorted by user.
    pub(crate) markers: IdMap<ConversationId, Vec<(UserId, u32)>>,
    pub(crate) caught_up: IdMap<UserId, CaughtUp>,
}

/// Whether nothing in `c` after `read` messages was written by someone else
/// than `user`. Scans the unread part back from the end, stopping at the
/// first message by someone else: O(1 + min(the user's trailing messages,
/// messages after the marker)), so a user writing many messages in a row
/// (whose marker follows each of them) costs O(1) per message.
pub(crate) fn is_caught_up(c: &Conversation, user: UserId, read: u32) -> bool {
    let start = usize::try_from(read).unwrap_or(usize::MAX);
    c.messages.get(start..).is_none_or(|rest| rest.iter().rev().all(|m| m.author == Author::User(user)))
}

/// Messages of `c` unread for `user` who has read the first `read`.
pub(crate) fn unread_in(c: &Conversation, user: UserId, read: u32) -> u32 {
    let start = usize::try_from(read).unwrap_or(usize::MAX);
    let n = c.messages.iter().skip(start).filter(|m| m.author != Author::User(user)).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Reads {
    pub(crate) fn marker(&self, conversation: ConversationId, user: UserId) -> u32 {
        self.markers
            .get(&conversation)
            .and_then(|list| list.iter().find(|(u, _)| *u == user))
            .map_or(0, |(_, read)| *read)
    }

    fn contribute(&mut self, c: &Conversation, d: i32) {
        let Some(list) = self.markers.get(&c.id) else { return };
        for (u, read) in list {
            if is_caught_up(c, *u, *read) {
                count(&mut self.caught_up, c, *u, d);
            }
        }
    }

    /// Accounts for a message by `author` about to be appended to `c`,
    /// which changes nothing else the counters depend on: the same as
    /// `detach` before and `attach` after, in O(readers) without rescanning.
    /// The author's own caught-up state does not change (their message is
    /// not unread for them); every other reader is caught up afterwards only
    /// if their marker lies beyond the new message.
    pub(crate) fn before_append(&mut self, c: &Conversation, author: Author) {
        let Some(list) = self.markers.get(&c.id) else { return };
        for (u, read) in list {
            if author == Author::User(*u) {
                continue;
            }
            let after = usize::try_from(*read).is_ok_and(|r| r > c.messages.len());
            if is_caught_up(c, *u, *read) != after {
                count(&mut self.caught_up, c, *u, if after { 1 } else { -1 });
            }
        }
    }

    /// Takes `c`'s contribution out before it changes. O(readers of `c`).
    pub(crate) fn detach(&mut self, c: &Conversation) {
        self.contribute(c, -1);
    }

    /// Puts `c`'s contribution back after it changed.
    pub(crate) fn attach(&mut self, c: &Conversation) {
        self.contribute(c, 1);
    }

    /// Forgets a deleted conversation.
    pub(crate) fn forget(&mut self, c: &Conversation) {
        self.detach(c);
        self.markers.remove(&c.id);
    }

    /// Sets `user`'s marker on `c`. O(readers of `c`).
    pub(crate) fn set(&mut self, c: &Conversation, user: UserId, read: u32) {
        let list = self.markers.entry(c.id).or_default();
        // Only users with a marker are ever counted (see `contribute`).
        let before = match list.binary_search_by_key(&user, |(u, _)| *u) {
            Ok(i) => match list.get_mut(i) {
                Some(slot) => {
                    let before = is_caught_up(c, user, slot.1);
                    slot.1 = read;
                    before
                }
                None => false,
            },
            Err(i) => {
                // Exact growth: a conversation has few readers (one or two
                // most often), and the default growth would allocate four.
                list.reserve_exact(1);
                list.insert(i, (user, read));
                false
            }
        };
        let after = is_caught_up(c, user, read);
        if before != after {
            count(&mut self.caught_up, c, user, if after { 1 } else { -1 });
        }
    }

    /// Recomputes the counters from the markers.
    pub(crate) fn recount<'a>(&mut self, conversations: impl Iterator<Item = &'a Conversation>) {
        self.caught_up.clear();
        for c in conversations {
            self.attach(c);
        }
    }

    /// Every marker, ordered by conversation then user.
    pub(crate) fn to_list(&self) -> Vec<ReadMarker> {
        let mut out: Vec<ReadMarker> = self
            .markers
            .iter()
            .flat_map(|(c, list)| {
                list.iter().map(move |(u, read)| ReadMarker { conversation: *c, user: *u, read: *read })
            })
            .collect();
        out.sort_unstable_by_key(|m| (m.conversation, m.user));
        out
    }
}

/// Adds `d` to the conversations `user` is caught up on, in the categories
/// `c` falls in for them.
fn count(caught_up: &mut IdMap<UserId, CaughtUp>, c: &Conversation, user: UserId, d: i32) {
    let e = caught_up.entry(user).or_default();
    let listed = c.visibility.includes(user);
    if c.is_internal() {
        if listed {
            e.internal = e.internal.wrapping_add_signed(d);
        }
    } else {
        e.customer_all = e.customer_all.wrapping_add_signed(d);
        if listed {
            e.customer_listed = e.customer_listed.wrapping_add_signed(d);
        }
    }
    if *e == CaughtUp::default() {
        caught_up.remove(&user);
    }
}
