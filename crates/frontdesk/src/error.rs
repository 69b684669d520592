//! The one error type of frontdesk. Every variant has a stable snake_case code
//! (see `docs/errors.md`) that travels unchanged into every language binding.

use crate::ids::{ConversationId, InvoiceId, UserId};
use serde::{Deserialize, Serialize};

/// What a failed command or read reports. A command that returns an error
/// changed nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Error {
    /// The entity does not exist, or the acting user may not know that it exists.
    #[error("{entity} {id} not found")]
    NotFound {
        /// The kind of entity ("conversation", "user", ...).
        entity: String,
        /// The id that was looked up.
        id: String,
    },
    /// The acting user is not allowed to do this.
    #[error("forbidden: {reason}")]
    Forbidden {
        /// Why the action is refused, for a person to read.
        reason: String,
    },
    /// The conversation holds invoices that are not paid yet.
    #[error("conversation {conversation} has unpaid invoices: {}", list(invoices))]
    UnpaidInvoice {
        /// The conversation.
        conversation: ConversationId,
        /// The unpaid invoices.
        invoices: Vec<InvoiceId>,
    },
    /// An assignee would not be able to see the conversation.
    #[error("assignees must be able to see the conversation; these users cannot: {}", list(users))]
    AssigneeNotVisible {
        /// The users that cannot see the conversation.
        users: Vec<UserId>,
    },
    /// A visibility list would leave out current assignees.
    #[error("visibility would exclude current assignees: users {}", list(users))]
    VisibilityExcludesAssignees {
        /// The assignees that would lose sight of the conversation.
        users: Vec<UserId>,
    },
    /// A restricted visibility list must name at least one user.
    #[error("a restricted visibility list must name at least one user")]
    EmptyVisibility,
    /// A name (of a user, team, contact or template) is empty.
    #[error("{field} must not be empty")]
    EmptyName {
        /// The field that was empty.
        field: String,
    },
    /// A phone number that cannot be normalized to E.164.
    #[error("invalid phone number {input:?}: {reason}")]
    InvalidPhone {
        /// What was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// An email address that is not of the form `local@domain`.
    #[error("invalid email address {input:?}")]
    InvalidEmail {
        /// What was given.
        input: String,
    },
    /// A value outside the allowed set (an unknown status, channel, ...).
    #[error("invalid {field} {input:?}; expected one of: {}", allowed.join(", "))]
    InvalidValue {
        /// The field.
        field: String,
        /// What was given.
        input: String,
        /// The values that are accepted.
        allowed: Vec<String>,
    },
    /// Any other argument that does not make sense.
    #[error("invalid {field}: {reason}")]
    InvalidArgument {
        /// The argument.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A text longer than the workspace allows.
    #[error("{field} is {len} bytes long; the limit is {max}")]
    TooLong {
        /// The field.
        field: String,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// Something with the same unique key exists already.
    #[error("{entity} {key:?} already exists")]
    Duplicate {
        /// The kind of entity.
        entity: String,
        /// The key that collided.
        key: String,
    },
    /// The user was removed from the workspace.
    #[error("user {user} was removed from the workspace")]
    UserDeleted {
        /// The removed user.
        user: UserId,
    },
    /// The conversation was deleted.
    #[error("conversation {conversation} was deleted")]
    ConversationDeleted {
        /// The deleted conversation.
        conversation: ConversationId,
    },
    /// The AI agent may only reply while it handles the conversation.
    #[error("the AI agent is not handling conversation {conversation}")]
    AiNotActive {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The conversation is set to manual only; change the setting to use the AI.
    #[error("conversation {conversation} is set to manual only")]
    AiManualOnly {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The operation applies to customer conversations, not internal chats, or
    /// the other way round.
    #[error("operation not available for this kind of conversation: {reason}")]
    WrongConversationKind {
        /// Why.
        reason: String,
    },
    /// The invoice is already paid or cancelled.
    #[error("invoice {invoice} is already settled")]
    InvoiceSettled {
        /// The invoice.
        invoice: InvoiceId,
    },
    /// A reply template that does not parse; every problem with its span.
    #[error("invalid template: {}", diagnostics.iter().map(|d| format!("{} at {}..{}: {}", d.code, d.span.start, d.span.end, d.message)).collect::<Vec<_>>().join("; "))]
    TemplateSyntax {
        /// The problems, in source order.
        diagnostics: Vec<crate::template_diagnostics::TemplateDiagnostic>,
    },
    /// Rendering a template left placeholders without a value or default;
    /// every one is listed with its span (never a silent blank).
    #[error("missing template variables: {}", missing.iter().map(|m| format!("{} at {}..{}", m.variable, m.span.start, m.span.end)).collect::<Vec<_>>().join(", "))]
    MissingVariables {
        /// The unfilled placeholders, in source order.
        missing: Vec<crate::template_diagnostics::MissingVariable>,
    },
    /// A search query that does not parse; every diagnostic with its code
    /// and span (see `docs/query-language.md`).
    #[error("invalid query: {}", diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    QuerySyntax {
        /// Every diagnostic of the strict parse (errors and warnings), in
        /// input order.
        diagnostics: Vec<crate::query_diagnostics::Diagnostic>,
    },
    /// A snapshot written by an unknown format version.
    #[error("snapshot format version {found} is not supported (this build reads {supported})")]
    UnsupportedSnapshot {
        /// The version in the snapshot.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A snapshot that cannot be decoded or is inconsistent.
    #[error("invalid snapshot: {reason}")]
    InvalidSnapshot {
        /// What is wrong.
        reason: String,
    },
    /// The store could not be reached or could not commit (disk full, server
    /// gone, file unreadable). The command was not applied; the workspace in
    /// memory is the last committed state.
    #[error("storage unavailable: {reason}")]
    StorageUnavailable {
        /// What the database reported.
        reason: String,
    },
    /// The store stayed locked by another writer longer than the configured
    /// wait. The command was not applied; retrying later may succeed.
    #[error("storage busy: {reason}")]
    StorageBusy {
        /// What the database reported.
        reason: String,
    },
    /// The database was written by a newer frontdesk whose schema this build
    /// does not know.
    #[error("storage schema version {found} is newer than this build supports ({supported})")]
    StorageTooNew {
        /// The schema version in the database.
        found: u32,
        /// The newest schema version this build reads.
        supported: u32,
    },
}

impl Error {
    /// The stable snake_case code of this error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Forbidden { .. } => "forbidden",
            Error::UnpaidInvoice { .. } => "unpaid_invoice",
            Error::AssigneeNotVisible { .. } => "assignee_not_visible",
            Error::VisibilityExcludesAssignees { .. } => "visibility_excludes_assignees",
            Error::EmptyVisibility => "empty_visibility",
            Error::EmptyName { .. } => "empty_name",
            Error::InvalidPhone { .. } => "invalid_phone",
            Error::InvalidEmail { .. } => "invalid_email",
            Error::InvalidValue { .. } => "invalid_value",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::TooLong { .. } => "too_long",
            Error::Duplicate { .. } => "duplicate",
            Error::UserDeleted { .. } => "user_deleted",
            Error::ConversationDeleted { .. } => "conversation_deleted",
            Error::AiNotActive { .. } => "ai_not_active",
            Error::AiManualOnly { .. } => "ai_manual_only",
            Error::WrongConversationKind { .. } => "wrong_conversation_kind",
            Error::InvoiceSettled { .. } => "invoice_settled",
            Error::TemplateSyntax { .. } => "template_syntax",
            Error::MissingVariables { .. } => "missing_variables",
            Error::QuerySyntax { .. } => "query_syntax",
            Error::UnsupportedSnapshot { .. } => "unsupported_snapshot",
            Error::InvalidSnapshot { .. } => "invalid_snapshot",
            Error::StorageUnavailable { .. } => "storage_unavailable",
            Error::StorageBusy { .. } => "storage_busy",
            Error::StorageTooNew { .. } => "storage_too_new",
        }
    }

    /// The family of the error, which bindings map to exception classes:
    /// `not_found`, `forbidden`, `invariant` (a business rule refused the
    /// change) or `invalid_input`.
    pub fn family(&self) -> ErrorFamily {
        match self {
            Error::NotFound { .. } | Error::ConversationDeleted { .. } | Error::UserDeleted { .. } => {
                ErrorFamily::NotFound
            }
            Error::Forbidden { .. } => ErrorFamily::Forbidden,
            Error::UnpaidInvoice { .. }
            | Error::AssigneeNotVisible { .. }
            | Error::VisibilityExcludesAssignees { .. }
            | Error::AiNotActive { .. }
            | Error::AiManualOnly { .. }
            | Error::InvoiceSettled { .. }
            | Error::Duplicate { .. } => ErrorFamily::Invariant,
            Error::EmptyVisibility
            | Error::EmptyName { .. }
            | Error::InvalidPhone { .. }
            | Error::InvalidEmail { .. }
            | Error::InvalidValue { .. }
            | Error::InvalidArgument { .. }
            | Error::TooLong { .. }
            | Error::WrongConversationKind { .. }
            | Error::TemplateSyntax { .. }
            | Error::MissingVariables { .. }
            | Error::QuerySyntax { .. }
            | Error::UnsupportedSnapshot { .. }
            | Error::InvalidSnapshot { .. } => ErrorFamily::InvalidInput,
            Error::StorageUnavailable { .. } | Error::StorageBusy { .. } | Error::StorageTooNew { .. } => {
                ErrorFamily::Storage
            }
        }
    }

    /// Every error code, for documentation and binding checks.
    pub const ALL_CODES: &'static [&'static str] = &[
        "not_found",
        "forbidden",
        "unpaid_invoice",
        "assignee_not_visible",
        "visibility_excludes_assignees",
        "empty_visibility",
        "empty_name",
        "invalid_phone",
        "invalid_email",
        "invalid_value",
        "invalid_argument",
        "too_long",
        "duplicate",
        "user_deleted",
        "conversation_deleted",
        "ai_not_active",
        "ai_manual_only",
        "wrong_conversation_kind",
        "invoice_settled",
        "template_syntax",
        "missing_variables",
        "query_syntax",
        "unsupported_snapshot",
        "invalid_snapshot",
        "storage_unavailable",
        "storage_busy",
        "storage_too_new",
    ];

    pub(crate) fn not_found(entity: &str, id: impl std::fmt::Display) -> Error {
        Error::NotFound { entity: entity.to_string(), id: id.to_string() }
    }

    pub(crate) fn forbidden(reason: impl Into<String>) -> Error {
        Error::Forbidden { reason: reason.into() }
    }

    pub(crate) fn invalid_argument(field: &str, reason: impl Into<String>) -> Error {
        Error::InvalidArgument { field: field.to_string(), reason: reason.into() }
    }

    pub(crate) fn invalid_value<'a>(
        field: &str,
        input: &str,
        allowed: impl Iterator<Item = &'a str>,
    ) -> Error {
        Error::InvalidValue {
            field: field.to_string(),
            input: input.to_string(),
            allowed: allowed.map(str::to_string).collect(),
        }
    }
}

/// Error families, mapped to exception classes by the bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorFamily {
    /// Something does not exist or is not visible to the actor.
    NotFound,
    /// The actor is not allowed.
    Forbidden,
    /// A business rule refused the change (unpaid invoice, visibility, ...).
    Invariant,
    /// The input is malformed.
    InvalidInput,
    /// The durable store failed; nothing was applied.
    Storage,
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The result type of frontdesk operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
