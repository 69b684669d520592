//! The one place where frontdesk errors become Python exceptions.
//!
//! Every `frontdesk::Error` becomes an instance of the exception class of its
//! family (`NotFoundError`, `ForbiddenError`, `InvariantError`,
//! `InvalidInputError`, `StorageError`, all subclasses of `FrontdeskError`) carrying the stable
//! `code`. The errors that carry spans have their own subclasses of
//! `InvalidInputError`: `QuerySyntaxError.diagnostics`,
//! `TemplateSyntaxError.diagnostics` and `MissingVariablesError.missing`
//! (tuples of `frontdesk._records` dataclasses). A Rust panic never crosses into Python: it becomes a
//! `FrontdeskError` with code `internal`.

use frontdesk::ErrorFamily;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// An exception class of `frontdesk._errors` (errors are rare: no cache).
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("frontdesk._errors")?.getattr(name)
}

/// The structured details of the errors that carry spans: query diagnostics,
/// template diagnostics and missing template variables (as a tuple of
/// dataclasses), with the name of the exception class that exposes them.
fn details<'py>(
    py: Python<'py>,
    err: &frontdesk::Error,
) -> PyResult<Option<(&'static str, Bound<'py, PyTuple>)>> {
    use crate::convert::records;
    Ok(Some(match err {
        frontdesk::Error::QuerySyntax { diagnostics } => {
            ("QuerySyntaxError", records(py, diagnostics)?.to_tuple())
        }
        frontdesk::Error::TemplateSyntax { diagnostics } => {
            ("TemplateSyntaxError", records(py, diagnostics)?.to_tuple())
        }
        frontdesk::Error::MissingVariables { missing } => {
            ("MissingVariablesError", records(py, missing)?.to_tuple())
        }
        _ => return Ok(None),
    }))
}

/// The Python exception instance for a frontdesk error.
pub fn exception(py: Python<'_>, err: &frontdesk::Error) -> PyErr {
    let instance = details(py, err).and_then(|details| match details {
        Some((name, items)) => class(py, name)?.call1((err.to_string(), err.code(), items)),
        None => {
            let name = match err.family() {
                ErrorFamily::NotFound => "NotFoundError",
                ErrorFamily::Forbidden => "ForbiddenError",
                ErrorFamily::Invariant => "InvariantError",
                ErrorFamily::InvalidInput => "InvalidInputError",
                ErrorFamily::Storage => "StorageError",
            };
            class(py, name)?.call1((err.to_string(), err.code()))
        }
    });
    instance.map_or_else(|e| e, PyErr::from_value)
}

/// The error for a panic or another failure that is not the caller's fault.
pub fn internal(py: Python<'_>, what: &str) -> PyErr {
    class(py, "FrontdeskError")
        .and_then(|c| c.call1((what.to_string(), "internal")))
        .map_or_else(|e| e, PyErr::from_value)
}

/// Converts a core result.
pub fn check<T>(py: Python<'_>, result: frontdesk::Result<T>) -> PyResult<T> {
    result.map_err(|e| exception(py, &e))
}

/// Runs `f`, turning a Rust panic into a `FrontdeskError` with code `internal`.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(internal(py, "internal error in frontdesk (a bug); the workspace was not changed")),
    }
}
