//! Channels a conversation can take place on.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A communication channel. A conversation may move between channels; every
/// message records the channel it travelled on.
///
/// The enum is non-exhaustive: new channels are added without breaking callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Channel {
    /// Chat on the host's website.
    Webchat,
    /// WhatsApp.
    Whatsapp,
    /// SMS text messages.
    Sms,
    /// Email.
    Email,
    /// Phone calls (transcripts, voicemail).
    Telephony,
    /// LinkedIn messages.
    Linkedin,
    /// Messages between users of the workspace (internal chat).
    Internal,
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Channel; 7] = [
        Channel::Webchat,
        Channel::Whatsapp,
        Channel::Sms,
        Channel::Email,
        Channel::Telephony,
        Channel::Linkedin,
        Channel::Internal,
    ];

    /// The stable lowercase name used in queries, JSON and every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Webchat => "webchat",
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Telephony => "telephony",
            Channel::Linkedin => "linkedin",
            Channel::Internal => "internal",
        }
    }

    /// The name a person reads ("WhatsApp", "Web chat").
    pub fn label(self) -> &'static str {
        match self {
            Channel::Webchat => "Web chat",
            Channel::Whatsapp => "WhatsApp",
            Channel::Sms => "SMS",
            Channel::Email => "Email",
            Channel::Telephony => "Telephony",
            Channel::Linkedin => "LinkedIn",
            Channel::Internal => "Internal",
        }
    }

    /// Whether phone numbers identify contacts on this channel (so identities are
    /// normalized to E.164).
    pub fn uses_phone_numbers(self) -> bool {
        matches!(self, Channel::Whatsapp | Channel::Sms | Channel::Telephony)
    }

    /// Parses a channel name, case-insensitively, accepting the aliases the
    /// product documents use ("web", "phone", "wa").
    pub fn parse(s: &str) -> Option<Channel> {
        let lower = s.trim().to_lowercase();
        Some(match lower.as_str() {
            "webchat" | "web" | "web_chat" | "chat" => Channel::Webchat,
            "whatsapp" | "wa" => Channel::Whatsapp,
            "sms" | "text" => Channel::Sms,
            "email" | "mail" => Channel::Email,
            "telephony" | "phone" | "call" | "voice" => Channel::Telephony,
            "linkedin" => Channel::Linkedin,
            "internal" => Channel::Internal,
            _ => return None,
        })
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::parse(s)
            .ok_or_else(|| crate::Error::invalid_value("channel", s, Channel::ALL.iter().map(|c| c.as_str())))
    }
}
