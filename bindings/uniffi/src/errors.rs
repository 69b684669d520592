//! The one place where frontdesk errors become Kotlin and Swift errors.
//!
//! Each family is a case of `FrontdeskError` (Kotlin `FrontdeskException.NotFound`,
//! `.Forbidden`, `.Invariant`, `.InvalidInput`; Swift `FrontdeskError.notFound`, ...)
//! carrying the stable `code` and a `detail` for people. uniffi itself turns a
//! Rust panic into an internal error of the generated code, so none crosses.

use frontdesk::ErrorFamily;

/// A refused command or read. `code` is the stable snake_case code.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum FrontdeskError {
    /// Unknown id, or something the actor may not see.
    #[error("{detail}")]
    NotFound {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
    },
    /// The actor is not allowed.
    #[error("{detail}")]
    Forbidden {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
    },
    /// A business rule refused the change.
    #[error("{detail}")]
    Invariant {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
    },
    /// The input is malformed.
    #[error("{detail}")]
    InvalidInput {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
    },
}

impl From<frontdesk::Error> for FrontdeskError {
    fn from(e: frontdesk::Error) -> Self {
        let (code, detail) = (e.code().to_string(), e.to_string());
        match e.family() {
            ErrorFamily::NotFound => FrontdeskError::NotFound { code, detail },
            ErrorFamily::Forbidden => FrontdeskError::Forbidden { code, detail },
            ErrorFamily::Invariant => FrontdeskError::Invariant { code, detail },
            _ => FrontdeskError::InvalidInput { code, detail },
        }
    }
}

impl FrontdeskError {
    /// The stable code of any case.
    pub fn code(&self) -> &str {
        match self {
            FrontdeskError::NotFound { code, .. }
            | FrontdeskError::Forbidden { code, .. }
            | FrontdeskError::Invariant { code, .. }
            | FrontdeskError::InvalidInput { code, .. } => code,
        }
    }
}

/// The workspace lock was poisoned by an earlier internal error.
pub fn poisoned() -> FrontdeskError {
    FrontdeskError::InvalidInput {
        code: "internal".into(),
        detail: "the workspace is unusable after an internal error".into(),
    }
}

/// A time the core cannot represent.
pub fn bad_time() -> FrontdeskError {
    frontdesk::Error::InvalidArgument { field: "now".into(), reason: "is out of range".into() }.into()
}
