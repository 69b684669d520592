//! Unread, per user: marking conversations read or unread and reading the
//! counts. The markers and caught-up counters live in
//! [`Reads`](crate::read_types::Reads).

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, UserId};
use crate::message::Author;
use crate::read_types::unread_in;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Marks the conversation read for the acting user: every message in it
    /// now counts as read for them. Users only (the host has no read state).
    /// Produces no events.
    pub fn mark_read(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.reader(actor)?;
        let c = self.visible(Some(&user), conversation)?;
        let read = u32::try_from(c.messages.len()).unwrap_or(u32::MAX);
        self.set_marker(conversation, user.id, read);
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Marks the conversation unread for the acting user: the latest message
    /// someone else wrote (and anything after it) becomes unread again, so
    /// the conversation shows exactly one unread message. Does nothing when
    /// nobody else has written in it. Users only. Produces no events.
    pub fn mark_unread(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.reader(actor)?;
        let c = self.visible(Some(&user), conversation)?;
        if let Some(i) = c.messages.iter().rposition(|m| m.author != Author::User(user.id)) {
            let read = u32::try_from(i).unwrap_or(u32::MAX);
            self.set_marker(conversation, user.id, read);
        }
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// How many messages of the conversation are unread for `viewer`: those
    /// after the viewer's read marker that someone else wrote. Always 0 for
    /// the host. O(messages after the marker).
    pub fn unread_count(&self, viewer: Actor, conversation: ConversationId) -> Result<u32> {
        let user = self.acting_user(viewer)?;
        let c = self.visible(user, conversation)?;
        Ok(match user {
            Some(u) => unread_in(c, u.id, self.reads.marker(conversation, u.id)),
            None => 0,
        })
    }

    /// How many messages of the conversation `viewer` has read (their read
    /// marker: a prefix length). Always 0 for the host.
    pub fn read_marker(&self, viewer: Actor, conversation: ConversationId) -> Result<u32> {
        let user = self.acting_user(viewer)?;
        self.visible(user, conversation)?;
        Ok(user.map_or(0, |u| self.reads.marker(conversation, u.id)))
    }

    fn reader(&self, actor: Actor) -> Result<crate::user::User> {
        match self.acting_user(actor)? {
            Some(u) => Ok(u.clone()),
            None => Err(Error::forbidden("read state belongs to users; the host has none")),
        }
    }

    /// Moves `user`'s marker on a live conversation, keeping counters in step.
    pub(crate) fn set_marker(&mut self, conversation: ConversationId, user: UserId, read: u32) {
        let Some(index) = usize::try_from(conversation.0).ok().and_then(|i| i.checked_sub(1)) else {
            return;
        };
        if let Some(Some(c)) = self.conversations.get(index) {
            let len = c.messages.len();
            self.feed_touch(conversation);
            let Some(Some(c)) = self.conversations.get(index) else { return };
            self.reads.set(c, user, read);
            self.touched_conversation(conversation, len, false);
        }
    }

    /// Writing in a conversation reads it: the author's marker moves to the
    /// end. Called by message delivery.
    pub(crate) fn read_on_write(&mut self, conversation: ConversationId, user: UserId) {
        let len = self.live(conversation).map_or(0, |c| c.messages.len());
        self.set_marker(conversation, user, u32::try_from(len).unwrap_or(u32::MAX));
    }
}
