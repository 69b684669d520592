//! Viewing and typing signals, and who else is present in a conversation.
//! See `presence_types.rs`: nothing here is persisted or journaled.

use crate::access::can_see;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::{ConversationId, UserId};
use crate::presence_types::{Presence, Signal};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};

/// The state of a workspace that is never persisted (collected
/// notifications not yet taken, presence signals), so that a durable store
/// that reloads its workspace from the database can carry it over.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct Ephemeral {
    outbox: Option<Vec<crate::notification_types::Notification>>,
    presence: crate::presence_types::PresenceBoard,
    feed: crate::feed_types::FeedBoard,
}

impl Workspace {
    /// A copy of the state that is never persisted.
    #[doc(hidden)]
    pub fn ephemeral(&self) -> Ephemeral {
        Ephemeral { outbox: self.outbox.clone(), presence: self.presence.clone(), feed: self.feed.clone() }
    }

    /// Puts back state taken with [`Workspace::ephemeral`].
    #[doc(hidden)]
    pub fn restore_ephemeral(&mut self, state: Ephemeral) {
        self.outbox = state.outbox;
        self.presence = state.presence;
        self.feed = state.feed;
    }

    /// Records that `actor` is viewing the conversation at `now`. The signal
    /// lasts `presence_ttl_secs` unless repeated. Users only (not the host),
    /// on conversations they can see. Changes nothing durable.
    pub fn viewing(&mut self, actor: Actor, conversation: ConversationId, now: DateTime<Utc>) -> Result<()> {
        self.signal(actor, conversation, now, false)
    }

    /// Records that `actor` is typing in the conversation at `now` (typing
    /// implies viewing). A reply sent by another agent while this signal lasts
    /// carries a `reply_collision` warning event.
    pub fn typing(&mut self, actor: Actor, conversation: ConversationId, now: DateTime<Utc>) -> Result<()> {
        self.signal(actor, conversation, now, true)
    }

    /// Who else is viewing or typing in the conversation at `now`, in user
    /// order: only to a viewer who can see it, and only people who can see it
    /// too and whose signal has not expired.
    pub fn present(
        &self,
        viewer: Actor,
        conversation: ConversationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Presence>> {
        let now = self.clock(now);
        let user = self.acting_user(viewer)?;
        self.visible(user, conversation)?;
        let me = user.map(|u| u.id);
        let mut out: Vec<Presence> = self
            .live_signals(conversation, now)
            .filter(|s| Some(s.user) != me)
            .map(|s| Presence {
                user: s.user,
                typing: s.typing_at.is_some_and(|t| self.fresh(t, now)),
                last_seen: s.viewing_at,
            })
            .collect();
        out.sort_by_key(|p| p.user);
        Ok(out)
    }

    /// Other users typing in the conversation within the presence TTL.
    pub(crate) fn typing_besides(
        &self,
        conversation: ConversationId,
        author: UserId,
        now: DateTime<Utc>,
    ) -> Vec<UserId> {
        let mut out: Vec<UserId> = self
            .live_signals(conversation, now)
            .filter(|s| s.user != author && s.typing_at.is_some_and(|t| self.fresh(t, now)))
            .map(|s| s.user)
            .collect();
        out.sort_unstable();
        out
    }

    fn live_signals(
        &self,
        conversation: ConversationId,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = &Signal> {
        let c = self.live(conversation);
        self.presence.signals.get(&conversation).into_iter().flatten().filter(move |s| {
            self.fresh(s.viewing_at, now)
                && c.is_some_and(|c| self.user(s.user).is_ok_and(|u| can_see(Some(u), c)))
        })
    }

    fn fresh(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        at <= now && now - at < Duration::seconds(self.config.presence_ttl_secs)
    }

    fn signal(
        &mut self,
        actor: Actor,
        conversation: ConversationId,
        now: DateTime<Utc>,
        typing: bool,
    ) -> Result<()> {
        let now = self.clock(now);
        let user = self.human_ref(actor)?;
        self.visible(Some(user), conversation)?;
        let id = user.id;
        let ttl = Duration::seconds(self.config.presence_ttl_secs);
        let list = self.presence.signals.entry(conversation).or_default();
        list.retain(|s| s.user == id || now - s.viewing_at < ttl);
        match list.iter_mut().find(|s| s.user == id) {
            Some(s) => {
                s.viewing_at = now;
                if typing {
                    s.typing_at = Some(now);
                }
            }
            None => list.push(Signal { user: id, viewing_at: now, typing_at: typing.then_some(now) }),
        }
        Ok(())
    }
}
