//! Who may see and who may act: every access rule of the workspace, in one
//! place. Reads, commands, views, search, notifications, presence, the
//! customer panel, transcripts, routing and the SQL compiler's visibility
//! predicate ask here; none of them restates a rule. See docs/semantics.md,
//! "Visibility" and "Roles".
//!
//! A viewer is an `Option<&User>`: `None` is the host (the system), which
//! sees everything. Removed users may not act at all (the workspace refuses
//! them before asking here) and see nothing.

use crate::actor::Actor;
use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::user::User;
use crate::visibility::Visibility;

/// Who is looking, as views, search, metrics and saved filters need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    /// The host.
    System,
    /// An admin (live).
    Admin(UserId),
    /// Any other user.
    Agent(UserId),
}

impl Who {
    /// The class of an acting user (`None`: the host).
    pub(crate) fn of(user: Option<&User>) -> Who {
        match user {
            None => Who::System,
            Some(u) if u.is_admin() => Who::Admin(u.id),
            Some(u) => Who::Agent(u.id),
        }
    }

    /// The user behind it, if any.
    pub(crate) fn user(self) -> Option<UserId> {
        match self {
            Who::System => None,
            Who::Admin(u) | Who::Agent(u) => Some(u),
        }
    }
}

/// Whether the viewer sees every conversation whatever its list says: the
/// host and admins.
pub(crate) fn sees_everything(user: Option<&User>) -> bool {
    user.is_none_or(User::is_admin)
}

/// Whether a list lets a user see, given whether they are an admin: the one
/// visibility rule, for callers that hold a user's id and role rather than
/// the user (routing's roster, notifications' recipients).
pub(crate) fn listed(user: UserId, admin: bool, visibility: &Visibility) -> bool {
    admin || visibility.includes(user)
}

/// The conversation visibility rule: the host and admins see everything;
/// others see what the conversation's list allows; removed users see nothing.
pub(crate) fn can_see(user: Option<&User>, c: &Conversation) -> bool {
    match user {
        None => true,
        Some(u) => !u.removed && listed(u.id, u.is_admin(), &c.visibility),
    }
}

/// Whether a command on a deleted conversation says "deleted" to the viewer
/// (rather than "not found"): only to those who could see it before.
pub(crate) fn knew_deleted(user: Option<&User>, visibility: &Visibility) -> bool {
    user.is_none_or(|u| listed(u.id, u.is_admin(), visibility))
}

/// Contact notes are the confidential side of a contact: seen by the host,
/// admins and the users inside the contact's predefined visibility.
pub(crate) fn may_see_contact_notes(user: Option<&User>, k: &Contact) -> bool {
    match user {
        None => true,
        Some(u) => listed(u.id, u.is_admin(), &k.routing.visibility),
    }
}

/// The visibility rule as a SQL condition over `conversations c` (see
/// `query::sql`); `viewer` binds the viewer's id and returns its placeholder
/// (called only when needed). None when the viewer sees everything. Kept
/// beside [`can_see`] so that the two cannot drift; a differential test
/// (tests/access_differential.rs) compares them on random workspaces.
pub(crate) fn sql_visible(sees_everything: bool, viewer: impl FnOnce() -> String) -> Option<String> {
    (!sees_everything).then(|| {
        let viewer = viewer();
        format!(
            "(c.visibility_restricted = FALSE OR EXISTS (SELECT 1 FROM conversation_visible_users v \
             WHERE v.conversation_id = c.id AND v.user_id = {viewer}))"
        )
    })
}

/// Admins (or the host) only.
pub(crate) fn require_admin(user: Option<&User>, what: &str) -> Result<()> {
    if sees_everything(user) {
        Ok(())
    } else {
        Err(Error::forbidden(format!("only admins may {what}")))
    }
}

/// The host only (what arrives from outside: inbound messages, AI signals,
/// automated messages, ratings). `refusal` says what only the host does.
pub(crate) fn require_host(actor: Actor, refusal: &str) -> Result<()> {
    match actor {
        Actor::System => Ok(()),
        Actor::User(_) => Err(Error::forbidden(refusal)),
    }
}

/// A user's own settings (availability, notification preferences) are
/// changed by that user, an admin or the host. `refusal` says what is refused.
pub(crate) fn may_manage_user(user: Option<&User>, target: UserId, refusal: &str) -> Result<()> {
    match user {
        Some(u) if u.id != target && !u.is_admin() => Err(Error::forbidden(refusal)),
        _ => Ok(()),
    }
}

/// Writing in an internal chat: its participants only.
pub(crate) fn may_write_internal(user: &User, participants: &[UserId]) -> Result<()> {
    if participants.contains(&user.id) {
        Ok(())
    } else {
        Err(Error::forbidden("only participants write in an internal chat"))
    }
}

/// An agent's metrics are read by the agent themself, admins and the host:
/// an agent's set may hold conversations another agent may not see.
pub(crate) fn may_read_agent_metrics(who: Who, agent: UserId) -> Result<()> {
    match who {
        Who::Agent(u) if u != agent => Err(Error::forbidden("only admins read another agent's metrics")),
        _ => Ok(()),
    }
}

/// Whether `who` lists a saved filter: their own and the shared ones; the
/// host lists every filter.
pub(crate) fn lists_saved_filter(who: Who, shared: bool, owner: Option<UserId>) -> bool {
    match who {
        Who::System => true,
        Who::Admin(u) | Who::Agent(u) => shared || owner == Some(u),
    }
}

/// Whether `who` finds a saved filter when changing it: admins find every
/// filter, private ones of others included (others get "not found").
pub(crate) fn finds_saved_filter_to_change(who: Who, shared: bool, owner: Option<UserId>) -> bool {
    matches!(who, Who::Admin(_)) || lists_saved_filter(who, shared, owner)
}

/// Changing a saved filter: its owner, an admin or the host.
pub(crate) fn may_change_saved_filter(who: Who, owner: Option<UserId>) -> Result<()> {
    match who {
        Who::Agent(u) if owner != Some(u) => {
            Err(Error::forbidden("only its owner or an admin changes a saved filter"))
        }
        _ => Ok(()),
    }
}

/// Closing (resolving or archiving by hand): an assignee, an admin or the
/// host. What else may block closing is in `workspace/transitions.rs`.
pub(crate) fn may_close(user: Option<&User>, c: &Conversation) -> Result<()> {
    match user {
        Some(u) if !u.is_admin() && !c.is_assigned_to(u.id) => {
            Err(Error::forbidden("only an assignee or an admin may close a conversation"))
        }
        _ => Ok(()),
    }
}

/// Deleting a conversation: admins and the host.
pub(crate) fn may_delete(user: Option<&User>) -> Result<()> {
    match user {
        Some(u) if !u.is_admin() => Err(Error::forbidden("only admins may delete conversations")),
        _ => Ok(()),
    }
}

/// Changing a conversation's visibility: an assignee, an admin or the host;
/// anyone who sees it while it has no assignee.
pub(crate) fn may_change_visibility(user: Option<&User>, c: &Conversation) -> Result<()> {
    match user {
        Some(u) if !u.is_admin() && !c.assignees.is_empty() && !c.is_assigned_to(u.id) => {
            Err(Error::forbidden("only an assignee or an admin may change visibility"))
        }
        _ => Ok(()),
    }
}
