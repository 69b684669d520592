//! The one place where frontdesk errors become JavaScript errors.
//!
//! Every `frontdesk::Error` is thrown as an `Error` whose `code` property is the
//! stable snake_case code (`err.code === "unpaid_invoice"`) and whose message
//! starts with the family (`[invariant] ...`; the store's failures are
//! `[storage] ...` with codes `storage_unavailable`, `storage_busy`,
//! `storage_too_new`). Bad arguments the binding itself
//! refuses use the codes of the core (`invalid_argument`, `invalid_value`).
//! Panics are caught by `#[napi(catch_unwind)]` on every method and never
//! cross into JavaScript.
//!
//! The errors that carry spans (`query_syntax`, `template_syntax`,
//! `missing_variables`) keep their `code`, and their message lists every
//! diagnostic with its byte span (the core's wording, e.g. `invalid query:
//! error[invalid_value] at 7..13: ...`). napi-rs errors carry only a code and a
//! message, so structured query diagnostics (byte and UTF-16 spans, fixes)
//! come from the module function `queryDiagnostics(text)`, and a template's
//! variables and spans from `Workspace.templateVariables(name)`.

/// The error type of every method: `napi::Error` with a string code.
pub type JsResult<T> = napi::Result<T, String>;

/// A core error as a JavaScript error.
pub fn js(err: &frontdesk::Error) -> napi::Error<String> {
    napi::Error::new(err.code().to_string(), format!("[{}] {err}", err.family().as_str()))
}

/// Converts a core result.
pub fn check<T>(r: frontdesk::Result<T>) -> JsResult<T> {
    r.map_err(|e| js(&e))
}

/// An argument the binding cannot turn into a core value.
pub fn bad_argument(field: &str, reason: impl Into<String>) -> napi::Error<String> {
    js(&frontdesk::Error::InvalidArgument { field: field.to_string(), reason: reason.into() })
}

/// The workspace lock was poisoned by an earlier internal error.
pub fn poisoned() -> napi::Error<String> {
    napi::Error::new("internal".to_string(), "the workspace is unusable after an internal error".to_string())
}

/// The error as a plain object for per-item results (`{ code, message }`).
pub fn item(err: &frontdesk::Error) -> crate::ItemError {
    crate::ItemError {
        code: err.code().to_string(),
        family: err.family().as_str().to_string(),
        message: err.to_string(),
    }
}
