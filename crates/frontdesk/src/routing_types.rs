//! The values of auto-assignment: the steps of a routing chain and the
//! decisions it takes.

use crate::error::{Error, Result};
use crate::ids::{ConversationId, UserId};
use serde::{Deserialize, Serialize};

/// One step of an auto-assignment chain. Steps run in order; the first that
/// picks someone decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RoutingStrategy {
    /// The contact's predefined assignees who are eligible get the conversation.
    ContactOwner,
    /// Only agents having every skill the conversation needs are eligible
    /// (a filter for the steps after it).
    SkillBased,
    /// Urgent conversations go to the least-loaded eligible agent.
    PriorityBased,
    /// The eligible agent with the fewest open assigned conversations.
    LoadBalancing,
    /// Eligible agents in turn, by id, after the last one chosen.
    RoundRobin,
}

impl RoutingStrategy {
    /// Every step, in declaration order.
    pub const ALL: [RoutingStrategy; 5] = [
        RoutingStrategy::ContactOwner,
        RoutingStrategy::SkillBased,
        RoutingStrategy::PriorityBased,
        RoutingStrategy::LoadBalancing,
        RoutingStrategy::RoundRobin,
    ];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RoutingStrategy::ContactOwner => "contact_owner",
            RoutingStrategy::SkillBased => "skill_based",
            RoutingStrategy::PriorityBased => "priority_based",
            RoutingStrategy::LoadBalancing => "load_balancing",
            RoutingStrategy::RoundRobin => "round_robin",
        }
    }
}

/// Parses the snake_case name, so that every binding accepts the same
/// spellings and fails with the same `invalid_value` (listing the names).
impl std::str::FromStr for RoutingStrategy {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        RoutingStrategy::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or_else(|| {
            Error::invalid_value("routing strategy", s, RoutingStrategy::ALL.iter().map(|r| r.as_str()))
        })
    }
}

/// What auto-assignment decided for a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RoutingOutcome {
    /// Assign these users.
    Assign {
        /// The chosen users.
        users: Vec<UserId>,
        /// The step that chose them.
        strategy: RoutingStrategy,
    },
    /// Nobody is eligible: wait in the queue.
    Queue,
    /// Nothing to do: auto-assignment is off for this conversation, or it is
    /// assigned, closed or an internal chat.
    NotRouted,
}

/// A routing decision and why it was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutingDecision {
    /// The conversation.
    pub conversation: ConversationId,
    /// The outcome.
    pub outcome: RoutingOutcome,
    /// Why, for a person to read ("load balancing: Ben has 0 open conversations").
    pub reason: String,
}
