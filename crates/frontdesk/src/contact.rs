//! Contacts: the customers and leads conversations are with.

use crate::channel::Channel;
use crate::ids::{ContactId, ConversationId, UserId};
use crate::visibility::Visibility;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a contact is reached on one channel (a phone number, an email address,
/// a LinkedIn handle, a webchat visitor id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Identity {
    /// The channel.
    pub channel: Channel,
    /// The address on that channel; phone channels hold E.164 numbers, email is
    /// lowercase.
    pub handle: String,
}

/// A note about a contact, visible to every user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContactNote {
    /// Who wrote it.
    pub author: Option<UserId>,
    /// When.
    pub at: DateTime<Utc>,
    /// The text.
    pub text: String,
}

/// Predefined assignment and visibility for a contact's new inbound
/// conversations ("manage conversations" on the contact).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContactRouting {
    /// Users assigned to each new inbound conversation of the contact.
    #[serde(default)]
    pub assignees: Vec<UserId>,
    /// Visibility of each new conversation with the contact.
    #[serde(default)]
    pub visibility: Visibility,
}

/// A customer or lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Contact {
    /// The contact's id.
    pub id: ContactId,
    // The five texts below are boxed: a contact's details are replaced
    // whole, never grown in place, and a `String`'s capacity word would add
    // 8 bytes to each of them (40 per contact); they read as `&str` through
    // `as_deref()` and serialize as strings.
    /// Name, if known.
    pub name: Option<Box<str>>,
    /// Phone number in E.164.
    pub phone: Option<Box<str>>,
    /// Email address, lowercase.
    pub email: Option<Box<str>>,
    /// Company name.
    pub company: Option<Box<str>>,
    /// Segment such as "vip", lowercase.
    pub segment: Option<Box<str>>,
    /// Tags, sorted, lowercase.
    pub tags: Vec<String>,
    /// Notes from team members.
    pub notes: Vec<ContactNote>,
    /// Addresses per channel.
    pub identities: Vec<Identity>,
    /// Predefined assignees and visibility for new conversations.
    pub routing: ContactRouting,
    /// The conversation new messages join (the latest created or reopened one).
    pub current_conversation: Option<ConversationId>,
    /// When the contact was created.
    pub created_at: DateTime<Utc>,
}

impl Contact {
    /// The contact's details as the input that would create it.
    pub(crate) fn as_new(&self) -> NewContact {
        NewContact {
            name: self.name.as_deref().map(String::from),
            phone: self.phone.as_deref().map(String::from),
            email: self.email.as_deref().map(String::from),
            company: self.company.as_deref().map(String::from),
            segment: self.segment.as_deref().map(String::from),
            tags: self.tags.clone(),
            identities: self.identities.clone(),
        }
    }

    /// What a list shows for the contact: its name, else its phone, email or
    /// first identity.
    pub fn display_name(&self) -> String {
        if let Some(name) = &self.name {
            return name.to_string();
        }
        if let Some(phone) = &self.phone {
            return phone.to_string();
        }
        if let Some(email) = &self.email {
            return email.to_string();
        }
        match self.identities.first() {
            Some(identity) => identity.handle.clone(),
            None => self.id.to_string(),
        }
    }
}

/// What is needed to create a contact. At least one of name, phone, email or
/// an identity must be given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Phone number, any common spelling; normalized to E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Company.
    #[serde(default)]
    pub company: Option<String>,
    /// Segment such as "VIP".
    #[serde(default)]
    pub segment: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Addresses on other channels (LinkedIn handle, webchat visitor id, ...).
    #[serde(default)]
    pub identities: Vec<Identity>,
}

impl NewContact {
    /// A contact with a name.
    pub fn named(name: impl Into<String>) -> NewContact {
        NewContact { name: Some(name.into()), ..NewContact::default() }
    }

    /// Sets the phone number.
    pub fn phone(mut self, phone: impl Into<String>) -> NewContact {
        self.phone = Some(phone.into());
        self
    }

    /// Sets the email address.
    pub fn email(mut self, email: impl Into<String>) -> NewContact {
        self.email = Some(email.into());
        self
    }

    /// Sets the company.
    pub fn company(mut self, company: impl Into<String>) -> NewContact {
        self.company = Some(company.into());
        self
    }

    /// Sets the segment.
    pub fn segment(mut self, segment: impl Into<String>) -> NewContact {
        self.segment = Some(segment.into());
        self
    }
}

/// Changes to a contact's details. `None` leaves a field as it is; an empty
/// string clears an optional field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPatch {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// New email address.
    #[serde(default)]
    pub email: Option<String>,
    /// New company.
    #[serde(default)]
    pub company: Option<String>,
    /// New segment.
    #[serde(default)]
    pub segment: Option<String>,
}
