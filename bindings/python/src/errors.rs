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
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyTuple, PyType};
use std::panic::{catch_unwind, AssertUnwindSafe};

static NOT_FOUND: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FORBIDDEN: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVARIANT: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_INPUT: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static STORAGE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static QUERY_SYNTAX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TEMPLATE_SYNTAX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MISSING_VARIABLES: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py, 'a>(
    py: Python<'py>,
    cell: &'a PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'a Bound<'py, PyType>> {
    cell.import(py, "frontdesk._errors", name)
}

/// An exception class (its cell and name) with the details it carries.
type Detailed<'py> = (&'static PyOnceLock<Py<PyType>>, &'static str, Bound<'py, PyTuple>);

/// The structured details of the errors that carry spans: query diagnostics,
/// template diagnostics and missing template variables (as a tuple of
/// dataclasses), with the exception class that exposes them.
pub(crate) fn details<'py>(py: Python<'py>, err: &frontdesk::Error) -> PyResult<Option<Detailed<'py>>> {
    use crate::convert::records;
    Ok(Some(match err {
        frontdesk::Error::QuerySyntax { diagnostics } => {
            (&QUERY_SYNTAX, "QuerySyntaxError", records(py, diagnostics)?.to_tuple())
        }
        frontdesk::Error::TemplateSyntax { diagnostics } => {
            (&TEMPLATE_SYNTAX, "TemplateSyntaxError", records(py, diagnostics)?.to_tuple())
        }
        frontdesk::Error::MissingVariables { missing } => {
            (&MISSING_VARIABLES, "MissingVariablesError", records(py, missing)?.to_tuple())
        }
        _ => return Ok(None),
    }))
}

/// The Python exception instance for a frontdesk error.
pub fn exception(py: Python<'_>, err: &frontdesk::Error) -> PyErr {
    match details(py, err) {
        Ok(Some((cell, name, items))) => {
            return match class(py, cell, name).and_then(|c| c.call1((err.to_string(), err.code(), items))) {
                Ok(instance) => PyErr::from_value(instance),
                Err(e) => e,
            }
        }
        Ok(None) => {}
        Err(e) => return e,
    }
    let cls = match err.family() {
        ErrorFamily::NotFound => class(py, &NOT_FOUND, "NotFoundError"),
        ErrorFamily::Forbidden => class(py, &FORBIDDEN, "ForbiddenError"),
        ErrorFamily::Invariant => class(py, &INVARIANT, "InvariantError"),
        ErrorFamily::InvalidInput => class(py, &INVALID_INPUT, "InvalidInputError"),
        ErrorFamily::Storage => class(py, &STORAGE, "StorageError"),
    };
    match cls.and_then(|c| c.call1((err.to_string(), err.code()))) {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// The error for a panic or another failure that is not the caller's fault.
pub fn internal(py: Python<'_>, what: &str) -> PyErr {
    match class(py, &BASE, "FrontdeskError").and_then(|c| c.call1((what.to_string(), "internal"))) {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
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
