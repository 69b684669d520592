//! The query language's parser and SQL compiler, and the workspace's rows for
//! the reference SQL schema. The Rust side hands over the core's serde forms;
//! `frontdesk/query.py` turns them into typed values.

use crate::convert::time;
use crate::errors::{check, internal};
use crate::{Any, Workspace};
use frontdesk as core;
use frontdesk::query::{self, sql};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Parses a query leniently: its canonical form (the valid parts) and every
/// error and warning as a `QueryDiagnostic`.
#[pyfunction]
pub fn _parse_query<'py>(py: Python<'py>, text: &str) -> PyResult<(String, Bound<'py, PyTuple>)> {
    let parsed = query::parse_lenient(text, &query::ParseOptions::default());
    let canonical = parsed.query.to_string();
    Ok((canonical, crate::convert::records(py, &parsed.diagnostics)?.to_tuple()))
}

/// Compiles a query (parsed strictly) to SQL over the reference schema, as
/// JSON (`CompiledSql`).
#[pyfunction]
pub fn _compile_sql(
    py: Python<'_>,
    text: &str,
    viewer: u64,
    is_admin: bool,
    now: &Any<'_>,
    utc_offset_minutes: i32,
    dialect: &str,
) -> PyResult<String> {
    let q = check(py, crate::inbox::parse_query(text))?;
    let dialect: sql::SqlDialect = serde_json::from_value(serde_json::Value::String(dialect.into()))
        .map_err(|_| pyo3::exceptions::PyValueError::new_err("dialect must be \"postgres\" or \"sqlite\""))?;
    let ctx = sql::SqlContext {
        viewer: core::UserId(viewer),
        is_admin,
        now: time(now, "now")?,
        utc_offset_minutes,
    };
    let compiled = check(py, sql::compile(&q, &ctx, dialect))?;
    serde_json::to_string(&compiled).map_err(|e| internal(py, &e.to_string()))
}

/// The reference schema's `CREATE TABLE` statements for a dialect.
#[pyfunction]
pub fn _sql_schema(dialect: &str) -> PyResult<&'static str> {
    match dialect {
        "postgres" => Ok(sql::POSTGRES_SCHEMA),
        "sqlite" => Ok(sql::SQLITE_SCHEMA),
        _ => Err(pyo3::exceptions::PyValueError::new_err("dialect must be \"postgres\" or \"sqlite\"")),
    }
}

#[pymethods]
impl Workspace {
    /// Every row of the workspace for the reference SQL schema, as JSON
    /// (`SqlRows`); `frontdesk.query.export_rows(ws)` gives typed tables.
    fn _export_rows(&self, py: Python<'_>) -> PyResult<String> {
        let json = self.read_detached(py, |ws| serde_json::to_string(&sql::export_rows(ws)))?;
        json.map_err(|e| internal(py, &e.to_string()))
    }
}
