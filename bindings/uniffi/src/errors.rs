//! The one place where frontdesk errors become Kotlin and Swift errors.
//!
//! Each family is a case of `FrontdeskError` (Kotlin `FrontdeskException.NotFound`,
//! `.Forbidden`, `.Invariant`, `.InvalidInput`, `.Storage`; Swift `FrontdeskError.notFound`, ...)
//! carrying the stable `code` and a `detail` for people; `InvalidInput` also
//! carries the `diagnostics` (with spans) of `query_syntax`, `template_syntax`
//! and `missing_variables`. uniffi itself turns a
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
    /// The input is malformed. For `query_syntax`, `template_syntax` and
    /// `missing_variables`, `diagnostics` lists every problem with its span;
    /// it is empty for the other codes.
    #[error("{detail}")]
    InvalidInput {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
        /// Every problem and where it is.
        diagnostics: Vec<ErrorDiagnostic>,
    },
    /// The durable store failed (`storage_unavailable`, `storage_busy`,
    /// `storage_too_new`); nothing was applied.
    #[error("{detail}")]
    Storage {
        /// The stable code.
        code: String,
        /// A message for a person.
        detail: String,
    },
}

/// One problem of a refused query or template, or one missing template
/// variable, with its span.
#[derive(Debug, uniffi::Record)]
pub struct ErrorDiagnostic {
    /// The diagnostic's stable code (for a missing variable: `missing_variable`).
    pub code: String,
    /// A message for a person (for a missing variable: its key).
    pub message: String,
    /// Where, in bytes of the UTF-8 text: start (included).
    pub start: u64,
    /// Where, in bytes: end (excluded).
    pub end: u64,
    /// Where, in UTF-16 code units (Kotlin and Swift string indices), for
    /// query diagnostics: start.
    pub utf16_start: Option<u64>,
    /// For query diagnostics: the UTF-16 end.
    pub utf16_end: Option<u64>,
    /// Suggested replacements of the span, best first (query diagnostics).
    pub replacements: Vec<String>,
}

fn n(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// The spans of the errors that carry them.
fn diagnostics(e: &frontdesk::Error) -> Vec<ErrorDiagnostic> {
    match e {
        frontdesk::Error::QuerySyntax { diagnostics } => diagnostics
            .iter()
            .map(|d| ErrorDiagnostic {
                code: d.code.as_str().into(),
                message: d.message.clone(),
                start: n(d.span.start),
                end: n(d.span.end),
                utf16_start: Some(n(d.utf16_span.start)),
                utf16_end: Some(n(d.utf16_span.end)),
                replacements: d.fixes.iter().map(|f| f.replacement.clone()).collect(),
            })
            .collect(),
        frontdesk::Error::TemplateSyntax { diagnostics } => diagnostics
            .iter()
            .map(|d| ErrorDiagnostic {
                code: d.code.as_str().into(),
                message: d.message.clone(),
                start: n(d.span.start),
                end: n(d.span.end),
                utf16_start: None,
                utf16_end: None,
                replacements: Vec::new(),
            })
            .collect(),
        frontdesk::Error::MissingVariables { missing } => missing
            .iter()
            .map(|m| ErrorDiagnostic {
                code: "missing_variable".into(),
                message: m.variable.key(),
                start: n(m.span.start),
                end: n(m.span.end),
                utf16_start: None,
                utf16_end: None,
                replacements: Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl From<frontdesk::Error> for FrontdeskError {
    fn from(e: frontdesk::Error) -> Self {
        let (code, detail) = (e.code().to_string(), e.to_string());
        let diagnostics = diagnostics(&e);
        match e.family() {
            ErrorFamily::NotFound => FrontdeskError::NotFound { code, detail },
            ErrorFamily::Forbidden => FrontdeskError::Forbidden { code, detail },
            ErrorFamily::Invariant => FrontdeskError::Invariant { code, detail },
            ErrorFamily::InvalidInput => FrontdeskError::InvalidInput { code, detail, diagnostics },
            ErrorFamily::Storage => FrontdeskError::Storage { code, detail },
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
            | FrontdeskError::InvalidInput { code, .. }
            | FrontdeskError::Storage { code, .. } => code,
        }
    }
}

/// The workspace lock was poisoned by an earlier internal error.
pub fn poisoned() -> FrontdeskError {
    FrontdeskError::InvalidInput {
        code: "internal".into(),
        detail: "the workspace is unusable after an internal error".into(),
        diagnostics: Vec::new(),
    }
}
