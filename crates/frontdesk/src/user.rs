//! Users of a workspace: admins and agents.

use crate::ids::{TeamId, UserId};
use serde::{Deserialize, Serialize};

/// What a user may do. Admins see every conversation and may delete; agents
/// see what visibility lists allow them to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Role {
    /// Sees everything, may close any conversation and delete.
    Admin,
    /// Sees what visibility allows, closes what is assigned to them.
    Agent,
}

/// Whether a user can take conversations now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Availability {
    /// Available for new conversations.
    Online,
    /// Signed in but not taking new conversations.
    Away,
    /// Not available.
    #[default]
    Offline,
}

/// A user (admin or agent) of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// Display name, used in templates (`{{agent_name}}`) and mentions.
    pub name: String,
    /// Email address, unique in the workspace (compared case-insensitively).
    pub email: String,
    /// Admin or agent.
    pub role: Role,
    /// Online, away or offline.
    pub availability: Availability,
    /// Skills used by routing (language, product, billing, ...), lowercase.
    pub skills: Vec<String>,
    /// The most open conversations routing may give this user (none: no limit).
    pub capacity: Option<u32>,
    /// Teams the user belongs to.
    pub teams: Vec<TeamId>,
    /// Removed users keep their id (for history) but can do nothing.
    pub removed: bool,
    /// The user's own notification settings (none: the workspace defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<crate::notification_types::NotificationPreferences>,
}

impl User {
    /// Whether the user is an admin that has not been removed.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin && !self.removed
    }
}

/// What is needed to add a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// Display name (not empty).
    pub name: String,
    /// Email address (unique).
    pub email: String,
    /// Admin or agent.
    pub role: Role,
    /// Initial availability.
    #[serde(default)]
    pub availability: Availability,
    /// Skills for routing.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Routing capacity.
    #[serde(default)]
    pub capacity: Option<u32>,
}

impl NewUser {
    /// A user with the given name, email and role, offline, without skills.
    pub fn new(name: impl Into<String>, email: impl Into<String>, role: Role) -> NewUser {
        NewUser {
            name: name.into(),
            email: email.into(),
            role,
            availability: Availability::Offline,
            skills: Vec::new(),
            capacity: None,
        }
    }

    /// Sets the initial availability.
    pub fn availability(mut self, availability: Availability) -> NewUser {
        self.availability = availability;
        self
    }

    /// Sets the skills.
    pub fn skills<S: Into<String>>(mut self, skills: impl IntoIterator<Item = S>) -> NewUser {
        self.skills = skills.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the routing capacity.
    pub fn capacity(mut self, capacity: u32) -> NewUser {
        self.capacity = Some(capacity);
        self
    }
}

/// A team that conversations can be routed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Team {
    /// The team's id.
    pub id: TeamId,
    /// Its name ("Sales", "Support").
    pub name: String,
    /// Its members, in id order.
    pub members: Vec<UserId>,
    /// The team's own auto-assignment chain (none: the workspace's).
    #[serde(default)]
    pub routing: Option<Vec<crate::routing_types::RoutingStrategy>>,
}
