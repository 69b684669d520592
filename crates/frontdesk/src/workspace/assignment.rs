//! Manual assignment, team routing, AI take-over and hand-off, priority,
//! tags and visibility.

use crate::access::{self, can_see};
use crate::actor::Actor;
use crate::conversation::{Conversation, PriorityPin};
use crate::error::{Error, Result};
use crate::event::{Event, StatusCause};
use crate::ids::{ConversationId, TeamId, UserId};
use crate::priority::Priority;
use crate::routing_types::RoutingOutcome;
use crate::status::{AiMode, Status};
use crate::user::User;
use crate::validate;
use crate::visibility::Visibility;
use crate::workspace::messaging::hand_over_to_humans;
use crate::workspace::{transitions, After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Adds assignees. Any user who can see the conversation may assign
    /// anyone (themselves included) who can see it too; assigning someone the
    /// visibility list leaves out is refused, naming them.
    pub fn assign(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        users: Vec<UserId>,
        note: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let users = self.checked_assignees(c, users)?;
        let note = validate::note("note", note)?;
        let new: Vec<UserId> = users.into_iter().filter(|u| !c.is_assigned_to(*u)).collect();
        let events = self.apply_assignment(conversation, now, &new, &[], actor.user(), note);
        Ok(self.finish_command(now, actor, After::Nothing, (), events))
    }

    /// Removes assignees (those not assigned are ignored).
    pub fn unassign(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        users: Vec<UserId>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let gone: Vec<UserId> = users.into_iter().filter(|u| c.is_assigned_to(*u)).collect();
        let events = self.apply_assignment(conversation, now, &[], &gone, actor.user(), None);
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Transfers the conversation: the given users become its only assignees.
    pub fn transfer(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        to: Vec<UserId>,
        note: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let to = self.checked_assignees(c, to)?;
        let note = validate::note("note", note)?;
        let new: Vec<UserId> = to.iter().copied().filter(|u| !c.is_assigned_to(*u)).collect();
        let gone: Vec<UserId> =
            c.assignees.iter().copied().filter(|u| to.binary_search(u).is_err()).collect();
        let events = self.apply_assignment(conversation, now, &new, &gone, actor.user(), note);
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Routes the conversation to a team: it is unassigned and goes through
    /// the auto-assignment machinery with the team's chain (load balancing by
    /// default) among the team's eligible members. With nobody eligible it
    /// waits in the queue, with the team. Returns the chosen member.
    pub fn assign_team(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        team: TeamId,
        note: Option<&str>,
    ) -> Result<Applied<Option<UserId>>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        self.team(team)?;
        let note = validate::note("note", note)?;
        if c.status.is_closed() {
            return Err(Error::invalid_argument("conversation", "closed conversations are not routed"));
        }
        let gone = c.assignees.clone();
        let mut events = Vec::new();
        if c.team != Some(team) {
            self.update(conversation, |c| c.team = Some(team));
            events.push(Event::TeamAssigned { conversation, team, by: actor.user() });
        }
        events.extend(self.apply_assignment(conversation, now, &[], &gone, actor.user(), None));
        let decision = self.route(conversation, now, true, note, &mut events);
        let chosen = match decision.outcome {
            RoutingOutcome::Assign { users, .. } => users.first().copied(),
            _ => None,
        };
        Ok(self.finish_command(now, actor, After::DrainQueue, chosen, events))
    }

    /// Takes the conversation over from the AI: assigns the taker, pauses the
    /// AI (its answered messages become unreplied until a human replies) and
    /// emits a hand-off event.
    pub fn take_over(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.human(actor)?;
        let c = self.customer_conversation(actor, conversation)?;
        let mut events = Vec::new();
        if c.ai_mode == AiMode::Active {
            events.extend(self.apply_ai_mode(conversation, now, AiMode::Paused, Some(user.id)));
        }
        let c = self.customer_conversation(actor, conversation)?;
        if !c.is_assigned_to(user.id) {
            events.extend(self.apply_assignment(conversation, now, &[user.id], &[], Some(user.id), None));
        }
        events.push(Event::TakenOver { conversation, by: user.id });
        Ok(self.finish_command(now, actor, After::Nothing, (), events))
    }

    /// The AI agent asks for a human: the AI pauses and the conversation
    /// becomes pending ("in the human agent queue"). Host only.
    pub fn request_handoff(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        reason: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        crate::access::require_host(actor, "only the host (its AI agent) requests a hand-off")?;
        let c = self.customer_conversation(actor, conversation)?;
        if c.ai_mode != AiMode::Active {
            return Err(Error::AiNotActive { conversation });
        }
        let reason = validate::note("reason", reason)?;
        let from = c.status;
        let mut events = self.apply_ai_mode(conversation, now, AiMode::Paused, None);
        if from != Status::Pending {
            self.update(conversation, |c| transitions::enter(c, Status::Pending, now, StatusCause::Handoff));
            events.push(Event::StatusChanged {
                conversation,
                from,
                to: Status::Pending,
                cause: StatusCause::Handoff,
            });
        }
        events.push(Event::AiHandoffRequested { conversation, reason });
        Ok(self.finish_command(now, actor, After::Nothing, (), events))
    }

    /// Hands the conversation back to the AI. Refused for manual-only
    /// conversations: change the setting with [`Workspace::set_ai_mode`].
    pub fn resume_ai(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        match c.ai_mode {
            AiMode::Manual => Err(Error::AiManualOnly { conversation }),
            AiMode::Active => Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new())),
            AiMode::Paused => {
                let events = self.apply_ai_mode(conversation, now, AiMode::Active, actor.user());
                Ok(self.finish_command(now, actor, After::Nothing, (), events))
            }
        }
    }

    /// Sets the AI mode explicitly (including manual only).
    pub fn set_ai_mode(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        mode: AiMode,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.customer_conversation(actor, conversation)?;
        let events = self.apply_ai_mode(conversation, now, mode, actor.user());
        Ok(self.finish_command(now, actor, After::Nothing, (), events))
    }

    /// Sets the priority by hand, with an optional reason. The priority is
    /// pinned: automation never lowers it until the pin is cleared.
    pub fn set_priority(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        priority: Priority,
        reason: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let reason = validate::note("reason", reason)?;
        let from = c.priority;
        let by = actor.user();
        self.update(conversation, |c| {
            c.priority = priority;
            c.priority_pin = Some(Box::new(PriorityPin { by, reason: reason.clone(), at: now }));
            c.updated_at = now;
        });
        let event = Event::PriorityChanged { conversation, from, to: priority, by, reason, pinned: true };
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![event]))
    }

    /// Clears a manual priority pin; automation may change the priority again.
    pub fn clear_priority_pin(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        if c.priority_pin.is_none() {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        let p = c.priority;
        self.update(conversation, |c| {
            c.priority_pin = None;
            c.updated_at = now;
        });
        let event = Event::PriorityChanged {
            conversation,
            from: p,
            to: p,
            by: actor.user(),
            reason: None,
            pinned: false,
        };
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![event]))
    }

    /// Tags the conversation.
    pub fn tag_conversation(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        tag: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let tag = validate::tag(tag)?;
        if c.tags.binary_search(&tag).is_ok() {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        if c.tags.len() >= 100 {
            return Err(Error::invalid_argument("tag", "at most 100 tags per conversation"));
        }
        self.update(conversation, |c| {
            if let Err(at) = c.tags.binary_search(&tag) {
                c.tags.insert(at, tag.clone());
            }
            c.updated_at = now;
        });
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::TagAdded { conversation, tag }]))
    }

    /// Removes a tag from the conversation.
    pub fn untag_conversation(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        tag: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        let tag = validate::tag(tag)?;
        if c.tags.binary_search(&tag).is_err() {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        self.update(conversation, |c| {
            c.tags.retain(|t| *t != tag);
            c.updated_at = now;
        });
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::TagRemoved { conversation, tag }]))
    }

    /// Sets who may see the conversation. Allowed to an assignee or an admin
    /// (or, while nobody is assigned, to anyone who can see it). A restricted
    /// list must keep every current assignee; otherwise the change is refused,
    /// naming them.
    pub fn set_visibility(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        visibility: Visibility,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let user = self.acting_user(actor)?.cloned();
        let c = self.customer_conversation(actor, conversation)?;
        access::may_change_visibility(user.as_ref(), c)?;
        let visibility = self.checked_visibility(visibility)?;
        let excluded: Vec<UserId> =
            c.assignees.iter().copied().filter(|a| !visibility.includes(*a)).collect();
        if !excluded.is_empty() {
            return Err(Error::VisibilityExcludesAssignees { users: excluded });
        }
        if c.visibility == visibility {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        self.update(conversation, |c| {
            c.visibility = visibility.clone();
            c.updated_at = now;
        });
        let events = vec![Event::VisibilityChanged { conversation, visibility }];
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    // ----- helpers ------------------------------------------------------------

    /// A visibility list naming only live users, at least one.
    pub(crate) fn checked_visibility(&self, visibility: Visibility) -> Result<Visibility> {
        let visibility = visibility.normalized();
        if let Visibility::Users(list) = &visibility {
            if list.is_empty() {
                return Err(Error::EmptyVisibility);
            }
            for u in list {
                self.live_user(*u)?;
            }
        }
        Ok(visibility)
    }

    /// A customer conversation the actor can see.
    pub(crate) fn customer_conversation(&self, actor: Actor, id: ConversationId) -> Result<&Conversation> {
        let user = self.acting_user(actor)?;
        let c = self.visible(user, id)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind { reason: "not available for internal chats".into() });
        }
        Ok(c)
    }

    /// Live users who can all see `c`, sorted; otherwise the right error.
    pub(crate) fn checked_assignees(&self, c: &Conversation, users: Vec<UserId>) -> Result<Vec<UserId>> {
        let users = self.live_members(users)?;
        let hidden: Vec<UserId> = users
            .iter()
            .copied()
            .filter(|u| !self.user(*u).is_ok_and(|user: &User| can_see(Some(user), c)))
            .collect();
        if !hidden.is_empty() {
            return Err(Error::AssigneeNotVisible { users: hidden });
        }
        Ok(users)
    }

    pub(crate) fn apply_assignment(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        add: &[UserId],
        remove: &[UserId],
        by: Option<UserId>,
        note: Option<String>,
    ) -> Vec<Event> {
        if add.is_empty() && remove.is_empty() {
            return Vec::new();
        }
        self.update(conversation, |c| {
            c.assignees.retain(|a| !remove.contains(a));
            c.assignees.extend_from_slice(add);
            c.assignees.sort_unstable();
            c.assignees.dedup();
            if !c.assignees.is_empty() {
                c.awaiting_assignment = false;
            }
            c.updated_at = now;
        });
        let mut events = Vec::new();
        for user in remove {
            events.push(Event::Unassigned { conversation, user: *user, by });
        }
        for user in add {
            events.push(Event::Assigned { conversation, user: *user, by, note: note.clone() });
        }
        events
    }

    pub(crate) fn apply_ai_mode(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        to: AiMode,
        by: Option<UserId>,
    ) -> Vec<Event> {
        let changed = self.update(conversation, |c| {
            let from = c.ai_mode;
            if from == to {
                return None;
            }
            if from == AiMode::Active {
                hand_over_to_humans(&mut c.reply);
            }
            c.ai_mode = to;
            c.updated_at = now;
            Some(from)
        });
        match changed.flatten() {
            Some(from) => vec![Event::AiModeChanged { conversation, from, to, by }],
            None => Vec::new(),
        }
    }
}
