//! Conversions for views, search, metrics, routing, priority and templates:
//! keyword arguments in, `frontdesk._values` dataclasses out. Only shapes
//! change here; every rule is the core's.

use crate::convert::{choice, json, member, text, time};
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

pub fn row<'py>(py: Python<'py>, r: &core::ListRow) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("conversation", r.conversation.0)?;
    kw.set_item("internal", r.internal)?;
    kw.set_item("contact", r.contact.map(|c| c.0))?;
    kw.set_item("title", &r.title)?;
    kw.set_item("preview", &r.preview)?;
    kw.set_item("last_activity_at", r.last_activity_at)?;
    kw.set_item("channel", member(py, "Channel", r.channel.as_str())?)?;
    kw.set_item("unread", r.unread)?;
    kw.set_item("unreplied", r.unreplied)?;
    kw.set_item("status", member(py, "Status", r.status.as_str())?)?;
    kw.set_item("priority", member(py, "Priority", r.priority.as_str())?)?;
    kw.set_item("assignees", PyTuple::new(py, r.assignees.iter().map(|u| u.0))?)?;
    kw.set_item("ai_mode", member(py, "AiMode", r.ai_mode.as_str())?)?;
    obj(py, "ListRow", &kw)
}

pub fn page<'py>(py: Python<'py>, p: &core::Page) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    let rows = p.rows.iter().map(|r| row(py, r)).collect::<PyResult<Vec<_>>>()?;
    kw.set_item("rows", PyTuple::new(py, rows)?)?;
    kw.set_item("next", p.next.as_ref().map(|c| c.as_str().to_string()))?;
    obj(py, "Page", &kw)
}

pub fn decision<'py>(py: Python<'py>, d: &core::RoutingDecision) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("conversation", d.conversation.0)?;
    let (outcome, users, strategy) = match &d.outcome {
        core::RoutingOutcome::Assign { users, strategy } => (
            "assign",
            users.iter().map(|u| u.0).collect(),
            Some(member(py, "RoutingStrategy", strategy.as_str())?),
        ),
        core::RoutingOutcome::Queue => ("queue", Vec::new(), None),
        core::RoutingOutcome::NotRouted => ("not_routed", Vec::new(), None),
    };
    kw.set_item("outcome", outcome)?;
    kw.set_item("users", PyTuple::new(py, users)?)?;
    kw.set_item("strategy", strategy)?;
    kw.set_item("reason", &d.reason)?;
    obj(py, "RoutingDecision", &kw)
}

pub fn priority_decision<'py>(py: Python<'py>, d: &core::prioritize::PriorityDecision) -> PyResult<Any<'py>> {
    let fired = d
        .fired
        .iter()
        .map(|f| {
            let kw = PyDict::new(py);
            kw.set_item("rule_id", &f.rule_id)?;
            kw.set_item("priority", member(py, "Priority", f.priority.as_str())?)?;
            kw.set_item("reason", &f.reason)?;
            obj(py, "FiredRule", &kw)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let kw = PyDict::new(py);
    kw.set_item("priority", d.priority.map(|p| member(py, "Priority", p.as_str())).transpose()?)?;
    kw.set_item("fired", PyTuple::new(py, fired)?)?;
    obj(py, "PriorityDecision", &kw)
}

pub fn template_info<'py>(py: Python<'py>, t: &core::template::Template) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("name", t.name())?;
    kw.set_item("source", t.body().source())?;
    kw.set_item("whatsapp_approved", t.body().is_whatsapp_approved())?;
    obj(py, "TemplateInfo", &kw)
}

pub fn template_match<'py>(py: Python<'py>, m: &core::template::TemplateMatch) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("name", &m.name)?;
    let kind =
        serde_json::to_value(m.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    kw.set_item("kind", kind)?;
    obj(py, "TemplateMatch", &kw)
}

pub fn variables<'py>(py: Python<'py>, v: &core::template::TemplateVariables) -> PyResult<Any<'py>> {
    let list = |items: &[core::template::VariableInfo]| -> PyResult<Bound<'py, PyTuple>> {
        let out = items
            .iter()
            .map(|i| {
                let kw = PyDict::new(py);
                kw.set_item("key", i.variable.key())?;
                kw.set_item("spans", PyTuple::new(py, i.spans.iter().map(|s| (s.start, s.end)))?)?;
                kw.set_item("default", &i.default)?;
                kw.set_item("required", i.required)?;
                obj(py, "VariableInfo", &kw)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, out)
    };
    let kw = PyDict::new(py);
    kw.set_item("automatic", list(&v.automatic)?)?;
    kw.set_item("manual", list(&v.manual)?)?;
    obj(py, "TemplateVariables", &kw)
}

pub fn sql_context<'py>(py: Python<'py>, c: &core::query::sql::SqlContext) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("viewer", c.viewer.0)?;
    kw.set_item("is_admin", c.is_admin)?;
    kw.set_item("now", c.now)?;
    kw.set_item("utc_offset_minutes", c.utc_offset_minutes)?;
    obj(py, "SqlContext", &kw)
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
        return match s.to_cow()?.as_ref() {
            "last_hour" => Ok(core::TimeRange::LastHour),
            "today" => Ok(core::TimeRange::Today),
            "this_week" => Ok(core::TimeRange::ThisWeek),
            "this_month" => Ok(core::TimeRange::ThisMonth),
            other => Err(crate::errors::exception(
                v.py(),
                &core::Error::InvalidValue {
                    field: "time_range".into(),
                    input: other.into(),
                    allowed: ["last_hour", "today", "this_week", "this_month"].map(String::from).to_vec(),
                },
            )),
        };
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

/// The name of an enum value as its serde form (the names the Python enums use).
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// A saved filter as a `SavedFilter` (its view filters flattened as `view`'s keyword arguments).
pub fn saved_filter<'py>(py: Python<'py>, f: &core::SavedFilter) -> PyResult<Any<'py>> {
    let opt = |class: &str, v: Option<String>| -> PyResult<Option<Any<'py>>> {
        v.map(|s| member(py, class, &s)).transpose()
    };
    let kw = PyDict::new(py);
    kw.set_item("id", f.id.0)?;
    kw.set_item("name", &f.name)?;
    kw.set_item("owner", f.owner.map(|u| u.0))?;
    kw.set_item("shared", f.shared)?;
    kw.set_item("query", &f.query)?;
    kw.set_item("view", member(py, "View", &serde_name(&f.view))?)?;
    kw.set_item("sort", member(py, "Sort", &serde_name(&f.sort))?)?;
    let x = &f.filters;
    kw.set_item("channel", opt("Channel", x.channel.map(|v| v.as_str().to_string()))?)?;
    kw.set_item("status", opt("Status", x.status.map(|v| v.as_str().to_string()))?)?;
    kw.set_item("priority", opt("Priority", x.priority.map(|v| v.as_str().to_string()))?)?;
    kw.set_item("ai_mode", opt("AiMode", x.ai_mode.map(|v| v.as_str().to_string()))?)?;
    kw.set_item("tag", &x.tag)?;
    let time_range: Option<Any<'py>> = match &x.time {
        None => None,
        Some(core::TimeRange::Between { from, to }) => Some(PyTuple::new(py, [*from, *to])?.into_any()),
        Some(r) => {
            let v = serde_json::to_value(r).map_err(|e| crate::errors::internal(py, &e.to_string()))?;
            let name = v.get("range").and_then(|n| n.as_str()).unwrap_or_default().to_string();
            Some(member(py, "TimeRange", &name)?)
        }
    };
    kw.set_item("time_range", time_range)?;
    kw.set_item("mode", opt("Mode", x.mode.map(|m| serde_name(&m)))?)?;
    kw.set_item("campaign", &x.campaign)?;
    kw.set_item("created_at", f.created_at)?;
    obj(py, "SavedFilter", &kw)
}

/// A saved filter with its count for one viewer, as a `SavedFilterCount`.
pub fn saved_filter_count<'py>(py: Python<'py>, c: &core::SavedFilterCount) -> PyResult<Any<'py>> {
    let kw = PyDict::new(py);
    kw.set_item("filter", saved_filter(py, &c.filter)?)?;
    kw.set_item("count", c.count)?;
    obj(py, "SavedFilterCount", &kw)
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

/// A drained feed as `Feed` of `FeedView`s of `FeedRow`s.
pub fn feed<'py>(py: Python<'py>, f: &core::Feed) -> PyResult<Any<'py>> {
    let feed_row = |r: &core::FeedRow| -> PyResult<Any<'py>> {
        let kw = PyDict::new(py);
        kw.set_item("row", row(py, &r.row)?)?;
        kw.set_item("group", r.group)?;
        kw.set_item("cursor", r.cursor.as_str())?;
        obj(py, "FeedRow", &kw)
    };
    let ids = |list: &[core::ConversationId]| PyTuple::new(py, list.iter().map(|c| c.0));
    let mut views = Vec::new();
    for v in &f.views {
        let kw = PyDict::new(py);
        kw.set_item("view", member(py, "View", v.view.as_str())?)?;
        kw.set_item("sort", member(py, "Sort", v.sort.as_str())?)?;
        kw.set_item(
            "entered",
            PyTuple::new(py, v.entered.iter().map(feed_row).collect::<PyResult<Vec<_>>>()?)?,
        )?;
        kw.set_item(
            "changed",
            PyTuple::new(py, v.changed.iter().map(feed_row).collect::<PyResult<Vec<_>>>()?)?,
        )?;
        kw.set_item("left", ids(&v.left)?)?;
        kw.set_item("count", v.count)?;
        views.push(obj(py, "FeedView", &kw)?);
    }
    let kw = PyDict::new(py);
    kw.set_item("viewer", f.viewer.0)?;
    kw.set_item("reset", f.reset)?;
    kw.set_item("views", PyTuple::new(py, views)?)?;
    kw.set_item("tiles", f.tiles.map(|t| flat(py, "Tiles", &t)).transpose()?)?;
    kw.set_item("gone", ids(&f.gone)?)?;
    obj(py, "Feed", &kw)
}
