//! Notifications: which alert kinds exist, the channels they arrive through,
//! each user's preferences, and the notification records the workspace
//! produces. Who receives what is decided in `workspace/notifications.rs`.

use crate::ids::{ConversationId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a notification is about (the product's "alert types").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AlertKind {
    /// A customer started a conversation: everyone who can see it.
    NewConversation,
    /// The recipient was assigned (by someone else or by automation).
    AssignedToYou,
    /// A customer wrote into a conversation assigned to the recipient.
    CustomerReplied,
    /// The conversation's priority became urgent.
    Urgent,
    /// A customer has waited longer than the response goal (SLA warning).
    SlaWarning,
    /// Automation raised the priority of a conversation that missed its
    /// response goal.
    SlaEscalation,
    /// A conversation stayed pending with nothing exchanged for the
    /// workspace's `pending_alert_after_secs`.
    PendingTooLong,
    /// The recipient was mentioned in a private note.
    Mentioned,
    /// The AI replied with a confidence below the workspace's
    /// `ai_confidence_alert_below` (the host's signal on the AI message).
    AiConfidenceLow,
    /// The customer rated their satisfaction with the conversation.
    CustomerSatisfaction,
    /// Someone else changed the conversation's status (set, closed,
    /// reopened, archived, or an AI hand-off to the human queue). Off by
    /// default ("Status changes - None").
    StatusChanged,
}

impl AlertKind {
    /// Every kind, in a fixed order.
    pub const ALL: [AlertKind; 11] = [
        AlertKind::NewConversation,
        AlertKind::AssignedToYou,
        AlertKind::CustomerReplied,
        AlertKind::Urgent,
        AlertKind::SlaWarning,
        AlertKind::SlaEscalation,
        AlertKind::PendingTooLong,
        AlertKind::Mentioned,
        AlertKind::AiConfidenceLow,
        AlertKind::CustomerSatisfaction,
        AlertKind::StatusChanged,
    ];

    /// The stable snake_case name (`assigned_to_you`).
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::NewConversation => "new_conversation",
            AlertKind::AssignedToYou => "assigned_to_you",
            AlertKind::CustomerReplied => "customer_replied",
            AlertKind::Urgent => "urgent",
            AlertKind::SlaWarning => "sla_warning",
            AlertKind::SlaEscalation => "sla_escalation",
            AlertKind::PendingTooLong => "pending_too_long",
            AlertKind::Mentioned => "mentioned",
            AlertKind::AiConfidenceLow => "ai_confidence_low",
            AlertKind::CustomerSatisfaction => "customer_satisfaction",
            AlertKind::StatusChanged => "status_changed",
        }
    }

    /// The kind named `name` (as [`AlertKind::as_str`] writes it).
    pub fn parse(name: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// How a notification reaches a person. More channels may be added; hosts
/// deliver the ones they support and ignore the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[non_exhaustive]
pub enum DeliveryChannel {
    /// The in-app notification center and visual indicators.
    InApp,
    /// An email.
    Email,
    /// A desktop (browser) notification.
    Desktop,
    /// A sound alert.
    Sound,
    /// A mobile push notification.
    Push,
    /// A Slack message.
    Slack,
}

impl DeliveryChannel {
    /// Every channel ("All channels").
    pub const ALL: [DeliveryChannel; 6] = [
        DeliveryChannel::InApp,
        DeliveryChannel::Email,
        DeliveryChannel::Desktop,
        DeliveryChannel::Sound,
        DeliveryChannel::Push,
        DeliveryChannel::Slack,
    ];

    /// The stable snake_case name (`in_app`).
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryChannel::InApp => "in_app",
            DeliveryChannel::Email => "email",
            DeliveryChannel::Desktop => "desktop",
            DeliveryChannel::Sound => "sound",
            DeliveryChannel::Push => "push",
            DeliveryChannel::Slack => "slack",
        }
    }

    /// The channel named `name` (as [`DeliveryChannel::as_str`] writes it).
    pub fn parse(name: &str) -> Option<DeliveryChannel> {
        DeliveryChannel::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// For each alert kind, the channels it arrives through. A kind that is
/// absent (or maps to no channel) is off: no notification of that kind is
/// produced for the person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NotificationPreferences {
    /// Channels per kind.
    pub channels: BTreeMap<AlertKind, BTreeSet<DeliveryChannel>>,
}

impl NotificationPreferences {
    /// The channels of `kind` (empty: off).
    pub fn channels_for(&self, kind: AlertKind) -> Vec<DeliveryChannel> {
        self.channels.get(&kind).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    /// Sets the channels of `kind` (empty: off).
    pub fn set(&mut self, kind: AlertKind, channels: impl IntoIterator<Item = DeliveryChannel>) {
        let set: BTreeSet<DeliveryChannel> = channels.into_iter().collect();
        if set.is_empty() {
            self.channels.remove(&kind);
        } else {
            self.channels.insert(kind, set);
        }
    }

    fn with(mut self, kind: AlertKind, channels: &[DeliveryChannel]) -> NotificationPreferences {
        self.set(kind, channels.iter().copied());
        self
    }

    /// The settings of the AI-assisted inbox's overview: "New conversations -
    /// Email + In-app", "Assigned to me - All channels", "Urgent - All
    /// channels", "☐ Customer response - In-app only" (unchecked: off), "Low
    /// AI confidence - Email". The kinds it lists without a setting (pending
    /// too long, SLA warning and escalation, mentions, customer satisfaction
    /// feedback) are in-app; status changes are off, as in the inbox guide.
    pub fn overview_defaults() -> NotificationPreferences {
        use DeliveryChannel::{Email, InApp};
        NotificationPreferences::default()
            .with(AlertKind::NewConversation, &[Email, InApp])
            .with(AlertKind::AssignedToYou, &DeliveryChannel::ALL)
            .with(AlertKind::Urgent, &DeliveryChannel::ALL)
            .with(AlertKind::SlaWarning, &[InApp])
            .with(AlertKind::SlaEscalation, &[InApp])
            .with(AlertKind::PendingTooLong, &[InApp])
            .with(AlertKind::Mentioned, &[InApp])
            .with(AlertKind::AiConfidenceLow, &[Email])
            .with(AlertKind::CustomerSatisfaction, &[InApp])
    }

    /// The settings of the inbox guide: "New conversations - Sound + Visual",
    /// "Assigned to me - All alerts", "Customer reply - Visual only" (visual:
    /// in-app). Urgent and low AI confidence as in the overview (all
    /// channels; email); SLA warnings, escalations, pending too long,
    /// mentions and satisfaction feedback in-app; "☐ Status changes - None"
    /// (off).
    pub fn inbox_defaults() -> NotificationPreferences {
        use DeliveryChannel::{Email, InApp, Sound};
        NotificationPreferences::default()
            .with(AlertKind::NewConversation, &[Sound, InApp])
            .with(AlertKind::AssignedToYou, &DeliveryChannel::ALL)
            .with(AlertKind::CustomerReplied, &[InApp])
            .with(AlertKind::Urgent, &DeliveryChannel::ALL)
            .with(AlertKind::SlaWarning, &[InApp])
            .with(AlertKind::SlaEscalation, &[InApp])
            .with(AlertKind::PendingTooLong, &[InApp])
            .with(AlertKind::Mentioned, &[InApp])
            .with(AlertKind::AiConfidenceLow, &[Email])
            .with(AlertKind::CustomerSatisfaction, &[InApp])
    }
}

/// One person to tell about one thing, through the channels they chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Notification {
    /// Who is told.
    pub recipient: UserId,
    /// What about.
    pub kind: AlertKind,
    /// The conversation it concerns (the recipient can see it).
    pub conversation: ConversationId,
    /// The channels from the recipient's preferences (never empty).
    pub channels: Vec<DeliveryChannel>,
    /// A short reason, in English ("assigned to you by Ana").
    pub reason: String,
}
