//! Response-time goals and the warnings `tick` raises when one is missed.

use crate::{Error, Priority};
use serde::{Deserialize, Serialize};

/// How soon a waiting customer should get a reply, per priority, in seconds.
/// The defaults follow the product documents: urgent within 15 minutes,
/// regular (normal) within 2 hours; high within 1 hour and low within 24
/// hours fill the gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ResponseGoals {
    /// Goal for urgent conversations (default 900 s).
    pub urgent_secs: i64,
    /// Goal for high-priority conversations (default 3 600 s).
    pub high_secs: i64,
    /// Goal for normal conversations (default 7 200 s).
    pub normal_secs: i64,
    /// Goal for low-priority conversations (default 86 400 s).
    pub low_secs: i64,
}

impl Default for ResponseGoals {
    fn default() -> Self {
        ResponseGoals { urgent_secs: 900, high_secs: 3600, normal_secs: 7200, low_secs: 86_400 }
    }
}

impl ResponseGoals {
    /// The goal for a priority, in seconds.
    pub fn goal_for(&self, priority: Priority) -> i64 {
        match priority {
            Priority::Urgent => self.urgent_secs,
            Priority::High => self.high_secs,
            Priority::Normal => self.normal_secs,
            Priority::Low => self.low_secs,
        }
    }

    /// Fails with `invalid_argument` if a goal is not positive.
    pub fn validate(&self) -> Result<(), Error> {
        for p in Priority::ALL {
            let goal = self.goal_for(p);
            if goal <= 0 {
                return Err(Error::invalid_argument(
                    "response goals",
                    format!("the {p} goal must be positive, got {goal} s"),
                ));
            }
        }
        Ok(())
    }
}

/// Which goal was missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SlaWarningKind {
    /// An urgent conversation has not been answered within the urgent goal.
    UrgentNotAnswered,
    /// A conversation of another priority has waited past its goal.
    PendingTooLong,
}

/// A missed response-time goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaWarning {
    /// Which goal was missed.
    pub kind: SlaWarningKind,
    /// The conversation's priority.
    pub priority: Priority,
    /// How long the customer has waited, in seconds.
    pub waiting_secs: i64,
    /// The goal for that priority, in seconds.
    pub goal_secs: i64,
    /// How far past the goal, in seconds (always positive).
    pub overdue_secs: i64,
}

/// Whether a customer waiting `waiting_secs` for a reply on a conversation of
/// `priority` has waited past its goal (strictly longer than the goal).
pub fn sla_check(priority: Priority, waiting_secs: i64, goals: &ResponseGoals) -> Option<SlaWarning> {
    let goal_secs = goals.goal_for(priority);
    let overdue_secs = waiting_secs.saturating_sub(goal_secs);
    if overdue_secs <= 0 {
        return None;
    }
    let kind = if priority == Priority::Urgent {
        SlaWarningKind::UrgentNotAnswered
    } else {
        SlaWarningKind::PendingTooLong
    };
    Some(SlaWarning { kind, priority, waiting_secs, goal_secs, overdue_secs })
}
