//! Conversation priority.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How urgent a conversation is. Ordered: `Low < Normal < High < Urgent`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Priority {
    /// General information, non-urgent feedback.
    Low,
    /// Standard inquiries (the default).
    #[default]
    Normal,
    /// Important but not critical; time-sensitive.
    High,
    /// Requires immediate attention.
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent];

    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// Parses a priority name case-insensitively.
    pub fn parse(s: &str) -> Option<Priority> {
        Some(match s.trim().to_lowercase().as_str() {
            "low" => Priority::Low,
            "normal" | "medium" => Priority::Normal,
            "high" => Priority::High,
            "urgent" => Priority::Urgent,
            _ => return None,
        })
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::parse(s).ok_or_else(|| {
            crate::Error::invalid_value("priority", s, Priority::ALL.iter().map(|c| c.as_str()))
        })
    }
}
