//! Conversions for views, search, metrics, routing, priority and templates:
//! keyword arguments in, `frontdesk._values` dataclasses out. Only shapes
//! change here; every rule is the core's.

use crate::convert::{choice, json, text, time};
use frontdesk as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

type Any<'py> = Bound<'py, PyAny>;

/// An instance of the `frontdesk._values` dataclass `class`.
pub fn obj<'py>(py: Python<'py>, class: &str, kw: &Bound<'py, PyDict>) -> PyResult<Any<'py>> {
    py.import("frontdesk._values")?.getattr(class)?.call((), Some(kw))
}

/// A serializable core value as a dataclass whose fields are its serde fields
/// (flat records of numbers and booleans: tiles, metrics).
pub fn flat<'py, T: serde::Serialize>(py: Python<'py>, class: &str, v: &T) -> PyResult<Any<'py>> {
    let value = serde_json::to_value(v).map_err(|e| crate::errors::internal(py, &e.to_string()))?;
    let kw = json(py, &value)?.cast_into::<PyDict>()?;
    obj(py, class, &kw)
}

pub fn template_info<'py>(py: Python<'py>, t: &core::template::Template) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("name", t.name())?;
    kw.set_item("source", t.body().source())?;
    kw.set_item("whatsapp_approved", t.body().is_whatsapp_approved())?;
    obj(py, "TemplateInfo", &kw)
}

/// A routing chain: a list of `RoutingStrategy` members or their names.
pub fn chain(v: &Any<'_>) -> PyResult<Vec<core::RoutingStrategy>> {
    if v.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("chain must be a list of routing strategies, not a str"));
    }
    let mut out = Vec::new();
    for item in
        v.try_iter().map_err(|_| PyTypeError::new_err("chain must be a list of routing strategies"))?
    {
        out.push(choice(&item?, "chain")?);
    }
    Ok(out)
}

/// Response goals: a `ResponseGoals` (any object with the four `*_secs`
/// attributes) or None.
pub fn goals(v: &Any<'_>) -> PyResult<Option<core::prioritize::ResponseGoals>> {
    if v.is_none() {
        return Ok(None);
    }
    let secs = |name: &str| -> PyResult<i64> {
        v.getattr(name)
            .and_then(|x| x.extract())
            .map_err(|_| PyTypeError::new_err(format!("goals must be a ResponseGoals (missing int {name})")))
    };
    Ok(Some(core::prioritize::ResponseGoals {
        urgent_secs: secs("urgent_secs")?,
        high_secs: secs("high_secs")?,
        normal_secs: secs("normal_secs")?,
        low_secs: secs("low_secs")?,
    }))
}

/// Priority rules: JSON text, or a dict / list that `json.dumps` accepts
/// (the documented escape hatch for this deep configuration).
pub fn rules(py: Python<'_>, v: &Any<'_>) -> PyResult<core::prioritize::PriorityRules> {
    let text = if v.is_instance_of::<PyString>() {
        text(v, "rules")?
    } else {
        py.import("json")?.getattr("dumps")?.call1((v,))?.extract::<String>()?
    };
    serde_json::from_str(&text).map_err(|e| {
        crate::errors::exception(
            py,
            &core::Error::InvalidArgument { field: "priority rules".into(), reason: e.to_string() },
        )
    })
}

/// The filters and paging of a view, from keyword arguments.
#[allow(clippy::too_many_arguments)]
pub fn view_query<'py>(
    view: &Any<'py>,
    sort: Option<&Any<'py>>,
    limit: u32,
    after: Option<&Any<'py>>,
    channel: Option<&Any<'py>>,
    status: Option<&Any<'py>>,
    priority: Option<&Any<'py>>,
    ai_mode: Option<&Any<'py>>,
    tag: Option<&Any<'py>>,
    time_range: Option<&Any<'py>>,
    mode: Option<&Any<'py>>,
    campaign: Option<&Any<'py>>,
) -> PyResult<core::ViewQuery> {
    let some = |v: Option<&Any<'py>>| -> Option<Any<'py>> { v.filter(|v| !v.is_none()).cloned() };
    let mut q = core::ViewQuery::new(choice(view, "view")?).limit(limit);
    if let Some(s) = some(sort) {
        q = q.sort(choice(&s, "sort")?);
    }
    if let Some(a) = some(after) {
        q = q.after(core::Cursor::from_token(text(&a, "after")?));
    }
    q.filters = core::Filters {
        channel: some(channel).map(|v| choice(&v, "channel")).transpose()?,
        status: some(status).map(|v| choice(&v, "status")).transpose()?,
        priority: some(priority).map(|v| choice(&v, "priority")).transpose()?,
        ai_mode: some(ai_mode).map(|v| choice(&v, "ai_mode")).transpose()?,
        tag: some(tag).map(|v| text(&v, "tag")).transpose()?,
        time: some(time_range).map(|v| range(&v)).transpose()?,
        mode: match some(mode) {
            Some(v) => core::Mode::parse_filter(&text(&v, "mode")?)
                .map_err(|e| crate::errors::exception(v.py(), &e))?,
            None => None,
        },
        campaign: some(campaign).map(|v| text(&v, "campaign")).transpose()?,
    };
    Ok(q)
}

/// A `TimeRange` member (or its name), or a `(start, end)` tuple of aware
/// datetimes for a custom range.
fn range(v: &Any<'_>) -> PyResult<core::TimeRange> {
    if let Ok(s) = v.cast::<PyString>() {
        return core::TimeRange::named("time_range", s.to_cow()?.as_ref())
            .map_err(|e| crate::errors::exception(v.py(), &e));
    }
    let (from, to): (Any<'_>, Any<'_>) = v.extract().map_err(|_| {
        PyTypeError::new_err("time_range must be a TimeRange or a (start, end) tuple of datetimes")
    })?;
    Ok(core::TimeRange::Between { from: time(&from, "time_range start")?, to: time(&to, "time_range end")? })
}

/// Search paging from keyword arguments.
pub fn search_options(
    sort: Option<&Any<'_>>,
    limit: u32,
    after: Option<&Any<'_>>,
) -> PyResult<core::SearchOptions> {
    let mut o = core::SearchOptions::new().limit(limit);
    if let Some(s) = sort.filter(|v| !v.is_none()) {
        o = o.sort(choice(s, "sort")?);
    }
    if let Some(a) = after.filter(|v| !v.is_none()) {
        o = o.after(core::Cursor::from_token(text(a, "after")?));
    }
    Ok(o)
}

/// Parses a query strictly, as `search_text` does; errors become `query_syntax`.
pub fn parse_query(text: &str) -> core::Result<core::query::Query> {
    core::query::parse(text, &core::query::ParseOptions::default())
        .map_err(|e| core::Error::QuerySyntax { diagnostics: e.diagnostics })
}

/// Custom template values: a dict of str to str (None: none).
pub fn values(v: Option<&Any<'_>>) -> PyResult<std::collections::BTreeMap<String, String>> {
    let mut out = std::collections::BTreeMap::new();
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(out) };
    let d = v.cast::<PyDict>().map_err(|_| PyTypeError::new_err("values must be a dict of str to str"))?;
    for (k, val) in d.iter() {
        out.insert(text(&k, "values key")?, text(&val, "values value")?);
    }
    Ok(out)
}

/// The views to watch: `View`s, or `(View, Sort)` pairs.
pub fn watched_views(views: &Any<'_>) -> PyResult<Vec<core::WatchedView>> {
    let mut out = Vec::new();
    for item in views.try_iter()? {
        let item = item?;
        out.push(if item.is_instance_of::<PyTuple>() {
            let (view, sort): (Any<'_>, Any<'_>) = item.extract()?;
            core::WatchedView { view: choice(&view, "view")?, sort: choice(&sort, "sort")? }
        } else {
            core::WatchedView::new(choice(&item, "view")?)
        });
    }
    Ok(out)
}
