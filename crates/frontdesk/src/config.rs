//! Per-workspace settings: which lifecycle policy applies, timeouts, time zone.

use crate::error::{Error, Result};
use crate::notification_types::NotificationPreferences;
use crate::prioritize::{PriorityRules, ResponseGoals};
use crate::routing_types::RoutingStrategy;
use crate::status::AiMode;
use crate::validate;
use chrono::{FixedOffset, Offset, Utc};
use serde::{Deserialize, Serialize};

/// What happens when a customer writes to (or an agent writes into) a closed
/// conversation. The product documents disagree; each policy reproduces one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedPolicy {
    /// The closed conversation opens again ("Archived conversation gets reply →
    /// Active").
    ReopenOnReply,
    /// A new conversation starts ("once a conversation has been closed, a future
    /// message to or from the customer will create a new conversation"), unless
    /// someone explicitly reopened the closed one.
    #[serde(rename = "new_conversation_after_close", alias = "new_conversation")]
    NewConversation,
}

/// Settings of one workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceConfig {
    /// The business name (`{{company_name}}` in templates).
    pub company_name: String,
    /// What a message to a closed conversation does.
    pub closed_policy: ClosedPolicy,
    /// An open conversation with no message exchanged for this long becomes
    /// pending (none: never).
    pub pending_after_secs: Option<i64>,
    /// A resolved conversation archives after this long (none: never).
    pub archive_after_secs: Option<i64>,
    /// The workspace time zone as a fixed offset from UTC in minutes; "today"
    /// and template dates use it.
    pub utc_offset_minutes: i32,
    /// The AI mode of new customer conversations.
    pub default_ai_mode: AiMode,
    /// Country calling code for national phone numbers (e.g. 44). Its main
    /// region (44: GB, 1: US, 49: DE, ...) is the workspace's default region:
    /// libphonenumber parses national numbers with that region's rules. None:
    /// national numbers are refused.
    #[serde(default)]
    pub default_country_code: Option<u16>,
    /// The longest message body accepted, in bytes.
    pub max_message_bytes: usize,
    /// The auto-assignment chain for new inbound conversations (empty: off).
    #[serde(default)]
    pub routing: Vec<RoutingStrategy>,
    /// Auto-prioritization rules applied to each customer message (empty:
    /// off). `PriorityRules::default_rules()` gives a sensible start.
    #[serde(default)]
    pub priority_rules: PriorityRules,
    /// Response-time goals per priority; when set, `tick` emits an SLA
    /// warning once per waiting period and priority when a goal is missed.
    #[serde(default)]
    pub response_goals: Option<ResponseGoals>,
    /// The notification channels per alert kind of users who have not set
    /// their own (see [`NotificationPreferences`]).
    #[serde(default = "NotificationPreferences::overview_defaults")]
    pub notification_defaults: NotificationPreferences,
    /// A pending conversation with nothing exchanged for this long raises a
    /// "pending too long" alert from `tick`, once per waiting period (none:
    /// never).
    #[serde(default)]
    pub pending_alert_after_secs: Option<i64>,
    /// How long a viewing or typing signal lasts without being repeated, in
    /// seconds; a reply while another agent typed this recently carries a
    /// collision warning.
    #[serde(default = "default_presence_ttl")]
    pub presence_ttl_secs: i64,
    /// An AI reply whose confidence (percent, from the host) is below this
    /// raises an "AI confidence low" alert.
    #[serde(default = "default_ai_confidence_alert_below")]
    pub ai_confidence_alert_below: u32,
}

/// The default `ai_confidence_alert_below`: 50 percent.
pub const DEFAULT_AI_CONFIDENCE_ALERT_BELOW: u32 = 50;

fn default_ai_confidence_alert_below() -> u32 {
    DEFAULT_AI_CONFIDENCE_ALERT_BELOW
}

fn default_presence_ttl() -> i64 {
    30
}

impl WorkspaceConfig {
    /// The automatic status rules of the AI-assisted inbox: pending after 1 hour
    /// without a response, archived 7 days after resolution, and any message
    /// reopens a closed conversation. The AI handles new conversations.
    pub fn reopen_on_reply() -> WorkspaceConfig {
        WorkspaceConfig {
            company_name: String::new(),
            closed_policy: ClosedPolicy::ReopenOnReply,
            pending_after_secs: Some(3600),
            archive_after_secs: Some(7 * 24 * 3600),
            utc_offset_minutes: 0,
            default_ai_mode: AiMode::Active,
            default_country_code: None,
            max_message_bytes: 64 * 1024,
            routing: Vec::new(),
            priority_rules: PriorityRules::default(),
            response_goals: None,
            notification_defaults: NotificationPreferences::overview_defaults(),
            pending_alert_after_secs: None,
            presence_ttl_secs: default_presence_ttl(),
            ai_confidence_alert_below: DEFAULT_AI_CONFIDENCE_ALERT_BELOW,
        }
    }

    /// The helpdesk-ticket rules: a closed conversation stays closed and new
    /// messages start a new conversation; no timed transitions; humans answer
    /// unless an AI agent is configured.
    pub fn new_conversation_after_close() -> WorkspaceConfig {
        WorkspaceConfig {
            closed_policy: ClosedPolicy::NewConversation,
            pending_after_secs: None,
            archive_after_secs: None,
            default_ai_mode: AiMode::Manual,
            notification_defaults: NotificationPreferences::inbox_defaults(),
            ..WorkspaceConfig::reopen_on_reply()
        }
    }

    /// The workspace time zone as a chrono offset (UTC if out of range, which
    /// [`WorkspaceConfig::validate`] refuses).
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_minutes.saturating_mul(60)).unwrap_or(Utc.fix())
    }

    /// Checks the settings: offset within ±18 hours, positive timeouts, a
    /// positive message size limit.
    pub fn validate(&self) -> Result<()> {
        if !(-18 * 60..=18 * 60).contains(&self.utc_offset_minutes) {
            return Err(Error::invalid_argument("utc_offset_minutes", "must be within ±18 hours (±1080)"));
        }
        for (field, v) in [
            ("pending_after_secs", self.pending_after_secs),
            ("archive_after_secs", self.archive_after_secs),
            ("pending_alert_after_secs", self.pending_alert_after_secs),
            ("presence_ttl_secs", Some(self.presence_ttl_secs)),
        ] {
            if v.is_some_and(|s| s <= 0 || s > 100 * 365 * 86_400) {
                return Err(Error::invalid_argument(
                    field,
                    "must be a positive number of seconds (at most 100 years)",
                ));
            }
        }
        if let Some(goals) = &self.response_goals {
            goals.validate()?;
        }
        if self.max_message_bytes == 0 {
            return Err(Error::invalid_argument("max_message_bytes", "must be positive"));
        }
        validate::bounded("company_name", &self.company_name, validate::MAX_NAME_BYTES)
    }

    /// Sets the company name.
    pub fn company(mut self, name: impl Into<String>) -> WorkspaceConfig {
        self.company_name = name.into();
        self
    }
}

impl Default for WorkspaceConfig {
    fn default() -> Self {
        WorkspaceConfig::reopen_on_reply()
    }
}
