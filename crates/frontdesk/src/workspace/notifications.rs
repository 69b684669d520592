//! Who must be told what: the notifications a command or `tick` caused, and
//! each user's notification preferences.
//!
//! Every successful command passes its events through [`Workspace::notify`]
//! (from `Workspace::finish_command`), and so does `tick`. Recipients are decided
//! here and only here, after the command applied, with the core's own
//! visibility rule ([`can_see`]): nobody is told about a conversation they
//! cannot see at that moment, about their own action, or twice about one
//! cause (one notification per recipient, kind and conversation per
//! command); removed users are told nothing. A kind the recipient's
//! preferences switch off produces nothing for them.

use crate::access::{self, can_see};
use crate::actor::Actor;
use crate::error::Result;
use crate::event::{Event, StatusCause};
use crate::ids::{ConversationId, UserId};
use crate::message::Author;
use crate::notification_types::{AlertKind, DeliveryChannel, Notification, NotificationPreferences};
use crate::priority::Priority;
use crate::user::User;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashSet};

impl Workspace {
    /// Starts (or stops) collecting notifications. While on, every command and
    /// `tick` adds the notifications it caused, in order, for
    /// [`Workspace::take_notifications`]. Off by default, so a host that does
    /// not deliver notifications does not accumulate them; turning it off
    /// drops the ones not taken.
    pub fn collect_notifications(&mut self, on: bool) {
        self.outbox = on.then(|| self.outbox.take().unwrap_or_default());
    }

    /// The notifications caused since the last call, in the order the
    /// commands and ticks caused them (empty while not collecting). A host
    /// calls it after each command or tick and delivers each one through its
    /// channels.
    pub fn take_notifications(&mut self) -> Vec<Notification> {
        self.outbox.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The notification settings in force for `user`: their own, or the
    /// workspace defaults. Users read their own; admins (and the host) anyone's.
    pub fn notification_preferences(&self, viewer: Actor, user: UserId) -> Result<NotificationPreferences> {
        self.may_manage_preferences(viewer, user)?;
        Ok(self.preferences_of(self.user(user)?).clone())
    }

    /// Sets the channels `user` is told about `kind` through (empty: not told).
    /// Users change their own; admins (and the host) anyone's. The first
    /// change starts from the workspace defaults.
    pub fn set_notification_channels(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        user: UserId,
        kind: AlertKind,
        channels: Vec<DeliveryChannel>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.may_manage_preferences(actor, user)?;
        self.live_user(user)?;
        let mut prefs = self.preferences_of(self.user(user)?).clone();
        prefs.set(kind, channels);
        self.user_mut(user)?.notifications = Some(prefs);
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Drops `user`'s own notification settings: the workspace defaults apply
    /// again. Same permissions as [`Workspace::set_notification_channels`].
    pub fn reset_notification_preferences(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        user: UserId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.may_manage_preferences(actor, user)?;
        self.live_user(user)?;
        if self.user(user)?.notifications.is_some() {
            self.user_mut(user)?.notifications = None;
        }
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    fn may_manage_preferences(&self, actor: Actor, user: UserId) -> Result<()> {
        access::may_manage_user(
            self.acting_user(actor)?,
            user,
            "only admins may read or change another user's notification settings",
        )?;
        self.user(user).map(|_| ())
    }

    pub(crate) fn preferences_of<'a>(&'a self, user: &'a User) -> &'a NotificationPreferences {
        user.notifications.as_ref().unwrap_or(&self.config.notification_defaults)
    }

    /// Adds the notifications `events` (one command's, issued by `actor`, or
    /// one tick's) cause, when a host collects them.
    pub(crate) fn notify(&mut self, actor: Actor, events: &[Event]) {
        if self.outbox.is_none() || events.is_empty() {
            return;
        }
        let out = self.notifications_for(actor, events);
        if let Some(outbox) = &mut self.outbox {
            outbox.extend(out);
        }
    }

    /// Drops the notifications collected after the first `from` that repeat
    /// an earlier one among them (same recipient, kind and conversation).
    pub(crate) fn dedup_notifications_since(&mut self, from: usize) {
        let Some(outbox) = &mut self.outbox else { return };
        let mut seen = HashSet::new();
        let mut i = 0;
        outbox.retain(|n| {
            i += 1;
            i <= from || seen.insert((n.recipient, n.kind, n.conversation))
        });
    }

    /// The notifications one command's events cause, decided on the
    /// workspace as the command left it. `actor` is who issued the command,
    /// for the events that do not name who caused them (status changes).
    pub(crate) fn notifications_for(&self, actor: Actor, events: &[Event]) -> Vec<Notification> {
        // A conversation the customer started in this command: its first
        // message is the "new conversation", not a reply.
        let started: HashSet<ConversationId> = events
            .iter()
            .filter_map(|e| match e {
                Event::ConversationCreated { conversation, .. } => Some(*conversation),
                _ => None,
            })
            .collect();
        let sla_missed: HashSet<ConversationId> = events
            .iter()
            .filter_map(|e| match e {
                Event::SlaWarning { conversation, .. } => Some(*conversation),
                _ => None,
            })
            .collect();
        let mut batch = Batch { ws: self, seen: HashSet::new(), out: Vec::new() };
        for e in events {
            match e {
                Event::MessageReceived { conversation, channel, .. } => {
                    if started.contains(conversation) {
                        let reason = format!("a customer started a conversation on {}", channel.as_str());
                        batch.everyone(AlertKind::NewConversation, *conversation, None, &reason);
                    } else {
                        batch.assignees(
                            AlertKind::CustomerReplied,
                            *conversation,
                            None,
                            "the customer replied",
                        );
                    }
                }
                Event::Assigned { conversation, user, by, .. } if *by != Some(*user) => {
                    let reason = format!("assigned to you by {}", self.name_of(*by));
                    batch.one(AlertKind::AssignedToYou, *conversation, *user, &reason);
                }
                Event::PriorityChanged { conversation, from, to, by, reason, .. } if to > from => {
                    let why = reason.as_deref().filter(|r| !r.is_empty());
                    if *to == Priority::Urgent {
                        let reason = match why {
                            Some(why) => format!("became urgent ({why})"),
                            None => format!("made urgent by {}", self.name_of(*by)),
                        };
                        batch.audience(AlertKind::Urgent, *conversation, *by, &reason);
                    } else if by.is_none() && sla_missed.contains(conversation) {
                        let reason = format!("raised to {} after a missed response goal", to.as_str());
                        batch.audience(AlertKind::SlaEscalation, *conversation, None, &reason);
                    }
                }
                Event::SlaWarning { conversation, priority, waiting_secs, goal_secs, .. } => {
                    let reason = format!(
                        "the customer has waited {} min, the {} goal is {} min",
                        waiting_secs / 60,
                        priority.as_str(),
                        goal_secs / 60
                    );
                    batch.audience(AlertKind::SlaWarning, *conversation, None, &reason);
                }
                Event::PendingTooLong { conversation, waiting_secs } => {
                    let reason = format!("pending with nothing exchanged for {} min", waiting_secs / 60);
                    batch.audience(AlertKind::PendingTooLong, *conversation, None, &reason);
                }
                Event::MessageSent { conversation, message, author: Author::Ai, .. } => {
                    let confidence = self
                        .live(*conversation)
                        .and_then(|c| c.messages.iter().rev().find(|m| m.id == *message))
                        .and_then(|m| m.ai_confidence());
                    if let Some(confidence) =
                        confidence.filter(|c| *c < self.config.ai_confidence_alert_below)
                    {
                        let reason = format!("the AI replied with {confidence}% confidence");
                        batch.audience(AlertKind::AiConfidenceLow, *conversation, None, &reason);
                    }
                }
                Event::SatisfactionRated { conversation, rating } => {
                    let reason = format!("the customer rated the conversation {rating}/5");
                    batch.audience(AlertKind::CustomerSatisfaction, *conversation, None, &reason);
                }
                // Only changes someone chose: a timer's (pending, archived)
                // would flood and "pending too long" already tells the one
                // that matters; a message's (a reply reopening) is told by the
                // message's own kind, once per cause.
                Event::StatusChanged { conversation, from, to, cause }
                    if matches!(cause, StatusCause::Manual | StatusCause::Handoff) =>
                {
                    let reason = match (cause, actor.user()) {
                        (StatusCause::Handoff, _) => {
                            format!("{} to {}: the AI asked for a human", from.as_str(), to.as_str())
                        }
                        (_, by) => format!("{} to {} by {}", from.as_str(), to.as_str(), self.name_of(by)),
                    };
                    batch.audience(AlertKind::StatusChanged, *conversation, actor.user(), &reason);
                }
                Event::UserMentioned { conversation, user, by, .. } if by != user => {
                    let reason = format!("mentioned by {} in a note", self.name_of(Some(*by)));
                    batch.one(AlertKind::Mentioned, *conversation, *user, &reason);
                }
                _ => {}
            }
        }
        batch.out
    }

    fn name_of(&self, user: Option<UserId>) -> String {
        match user {
            Some(id) => self.user(id).map(|u| u.name.clone()).unwrap_or_else(|_| id.to_string()),
            None => "automation".into(),
        }
    }
}

/// The notifications of one command being decided: what was already said
/// (one per recipient, kind and conversation) and the list so far.
struct Batch<'a> {
    ws: &'a Workspace,
    seen: HashSet<(UserId, AlertKind, ConversationId)>,
    out: Vec<Notification>,
}

impl Batch<'_> {
    /// Tells `user`, if they can see the conversation and want this kind.
    fn one(&mut self, kind: AlertKind, conversation: ConversationId, user: UserId, reason: &str) {
        let ws = self.ws;
        let (Ok(u), Some(c)) = (ws.user(user), ws.live(conversation)) else { return };
        if !can_see(Some(u), c) {
            return;
        }
        let channels = ws.preferences_of(u).channels_for(kind);
        if channels.is_empty() || !self.seen.insert((user, kind, conversation)) {
            return;
        }
        self.out.push(Notification { recipient: user, kind, conversation, channels, reason: reason.into() });
    }

    /// Tells every user who can see the conversation, but `except`.
    fn everyone(
        &mut self,
        kind: AlertKind,
        conversation: ConversationId,
        except: Option<UserId>,
        reason: &str,
    ) {
        let users: Vec<UserId> = self.ws.users.iter().filter(|u| !u.removed).map(|u| u.id).collect();
        for u in users.into_iter().filter(|u| Some(*u) != except) {
            self.one(kind, conversation, u, reason);
        }
    }

    /// Tells the assignees, but `except`.
    fn assignees(
        &mut self,
        kind: AlertKind,
        conversation: ConversationId,
        except: Option<UserId>,
        reason: &str,
    ) {
        let Some(c) = self.ws.live(conversation) else { return };
        let users: BTreeSet<UserId> = c.assignees.iter().copied().collect();
        for u in users.into_iter().filter(|u| Some(*u) != except) {
            self.one(kind, conversation, u, reason);
        }
    }

    /// Tells the assignees or, when nobody is assigned, everyone who can see
    /// the conversation; never `except`.
    fn audience(
        &mut self,
        kind: AlertKind,
        conversation: ConversationId,
        except: Option<UserId>,
        reason: &str,
    ) {
        let Some(c) = self.ws.live(conversation) else { return };
        if c.assignees.is_empty() {
            self.everyone(kind, conversation, except, reason);
        } else {
            self.assignees(kind, conversation, except, reason);
        }
    }
}
