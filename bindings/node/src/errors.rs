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
//! The core's fields of the error (`diagnostics`, `missing`, `invoices`, ...) travel as its JSON in the
//! message of the error's `cause`; `index.js` rethrows it as a `FrontdeskError` with them (docs/errors.md).

/// The error type of every method: `napi::Error` with a string code.
pub type JsResult<T> = napi::Result<T, String>;

/// A core error as a JavaScript error.
pub fn js(err: &frontdesk::Error) -> napi::Error<String> {
    let mut details = serde_json::to_value(err).unwrap_or_default();
    if let frontdesk::Error::MissingVariables { missing } = err {
        let keys =
            missing.iter().map(|m| serde_json::json!({ "variable": m.variable.key(), "span": m.span }));
        details["missing"] = keys.collect();
    }
    details["family"] = err.family().as_str().into();
    let mut e = napi::Error::new(err.code().to_string(), format!("[{}] {err}", err.family().as_str()));
    e.set_cause(napi::Error::from_reason(details.to_string()));
    e
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
    let mut e = napi::Error::new(
        "internal".to_string(),
        "the workspace is unusable after an internal error".to_string(),
    );
    e.set_cause(napi::Error::from_reason(r#"{"code":"internal"}"#.to_string()));
    e
}

/// The error as a plain object for per-item results (`{ code, message }`).
pub fn item(err: &frontdesk::Error) -> crate::ItemError {
    crate::ItemError {
        code: err.code().to_string(),
        family: err.family().as_str().to_string(),
        message: err.to_string(),
    }
}
