//! Python values in, core values out, and back. Only shape conversions live
//! here: every rule is the core's.

use chrono::{DateTime, FixedOffset, Utc};
use frontdesk as core;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDateTime, PyDict, PyList, PyString, PyType};
use std::str::FromStr;

/// The name the host system acts under (`frontdesk.SYSTEM`).
pub const SYSTEM: &str = "system";
/// The visibility that lets every user see a conversation (`frontdesk.EVERYONE`).
pub const EVERYONE: &str = "everyone";

/// An id: a Python `int` from 0 to 2**64 - 1 (bools are refused).
pub fn id(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{what} must be an int id, not a bool")));
    }
    value.extract::<u64>().map_err(|e| {
        if value.is_instance_of::<pyo3::types::PyInt>() {
            PyValueError::new_err(format!("{what} must be an id between 0 and 2**64 - 1, got {value}"))
        } else {
            PyTypeError::new_err(format!("{what} must be an int id, got {}: {e}", type_name(value)))
        }
    })
}

/// A list of ids.
pub fn ids(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u64>> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{what} must be a list of int ids, not a str")));
    }
    let mut out = Vec::new();
    for item in
        value.try_iter().map_err(|_| PyTypeError::new_err(format!("{what} must be a list of int ids")))?
    {
        out.push(id(&item?, what)?);
    }
    Ok(out)
}

/// The actor: `frontdesk.SYSTEM` or a user id.
pub fn actor(value: &Bound<'_, PyAny>) -> PyResult<core::Actor> {
    if let Ok(s) = value.cast::<PyString>() {
        return if s.to_cow()? == SYSTEM {
            Ok(core::Actor::System)
        } else {
            Err(PyValueError::new_err(format!("actor must be frontdesk.SYSTEM or a user id, got {s:?}")))
        };
    }
    if value.is_none() {
        return Err(PyTypeError::new_err("actor must be frontdesk.SYSTEM or a user id, not None"));
    }
    Ok(core::Actor::User(core::UserId(id(value, "actor")?)))
}

/// A timezone-aware `datetime` (naive datetimes are refused: frontdesk never
/// guesses a time zone).
pub fn time(value: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<Utc>> {
    let dt = value.cast::<PyDateTime>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a timezone-aware datetime.datetime, got {}",
            type_name(value)
        ))
    })?;
    if dt.getattr("tzinfo")?.is_none() || dt.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err(format!(
            "{what} is a naive datetime; pass a timezone-aware one, e.g. datetime.now(timezone.utc)"
        )));
    }
    let fixed: DateTime<FixedOffset> = dt.extract()?;
    Ok(fixed.to_utc())
}

/// Any str (including the members of frontdesk's str enums).
pub fn text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let s = value
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str, got {}", type_name(value))))?;
    Ok(s.to_cow()?.to_string())
}

/// An optional str.
pub fn opt_text(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => text(v, what).map(Some),
    }
}

/// One of the core's enums, given as its enum member or its name.
pub fn choice<T: FromStr<Err = core::Error>>(value: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let s = text(value, what)?;
    T::from_str(&s).map_err(|e| crate::errors::exception(value.py(), &e))
}

/// A visibility: `frontdesk.EVERYONE` or a list of user ids.
pub fn visibility(value: &Bound<'_, PyAny>) -> PyResult<core::Visibility> {
    if let Ok(s) = value.cast::<PyString>() {
        return if s.to_cow()? == EVERYONE {
            Ok(core::Visibility::Everyone)
        } else {
            Err(PyValueError::new_err("visibility must be frontdesk.EVERYONE or a list of user ids"))
        };
    }
    Ok(core::Visibility::Users(ids(value, "visibility")?.into_iter().map(core::UserId).collect()))
}

pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

// ----- out ---------------------------------------------------------------------

static ENUMS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The member of the Python enum `class` whose value is `value`
/// (`Status("open")`).
pub fn member<'py>(py: Python<'py>, class: &str, value: &str) -> PyResult<Bound<'py, PyAny>> {
    let module =
        ENUMS.get_or_try_init(py, || py.import("frontdesk._enums").map(|m| m.into_any().unbind()))?;
    let cls = module.bind(py).getattr(class)?.cast_into::<PyType>()?;
    cls.call1((value,))
}

/// A serde value (events, nested records) as plain Python data.
pub fn json<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A core value's serde form as plain Python data: its JSON text read by
/// Python's `json.loads`, which builds the dicts and lists in C, several times
/// faster than building them one call at a time from here.
fn plain<'py>(py: Python<'py>, v: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let loads = LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(|f| f.unbind()))?;
    let text = serde_json::to_string(v).map_err(|e| crate::errors::internal(py, &e.to_string()))?;
    loads.bind(py).call1((text,))
}

static EVENTS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Events as the typed classes of `frontdesk.events` (generated from the
/// core's `Event`), built from the core's JSON form of each event.
pub fn events<'py>(py: Python<'py>, events: &[core::Event]) -> PyResult<Bound<'py, PyList>> {
    let event = EVENTS
        .get_or_try_init(py, || py.import("frontdesk.events")?.getattr("_event").map(|f| f.unbind()))?;
    let list = PyList::empty(py);
    for e in events {
        list.append(event.bind(py).call1((plain(py, e)?,))?)?;
    }
    Ok(list)
}

static RECORD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A core record the package returns as the dataclass of the same name in
/// `frontdesk._records`, which `gen_records.py` generates from the core's
/// struct: the value crosses as its serde form, so no field is restated here.
pub trait Record: serde::Serialize {
    /// The Python class name.
    const NAME: &'static str;
}

macro_rules! records {
    ($module:path => $($name:ident),*) => {
        const _: () = {
            use $module as m;
            $(impl Record for m::$name { const NAME: &'static str = stringify!($name); })*
        };
    };
}
records!(core => Delivered, ReplyState, PriorityPin, Attachment, Message, Invoice, Conversation, ContactNote,
    Contact, User, Team, TranscriptEntry, Transcript, CustomerPanel, Notification, Presence, ListRow, Page,
    Tiles, ConversationMetrics, InboxMetrics, RoutingDecision, SavedFilter, SavedFilterCount, FeedRow,
    FeedView, Feed, FeedGroup);
records!(core::prioritize => FiredRule, PriorityDecision);
records!(core::template => TemplateMatch, VariableInfo, TemplateVariables, TemplateDiagnostic, MissingVariable);
impl Record for core::query::Diagnostic {
    const NAME: &'static str = "QueryDiagnostic";
}
impl Record for core::query::Fix {
    const NAME: &'static str = "QueryFix";
}
records!(core::query::sql => SqlContext);

/// A core record as its `frontdesk._records` dataclass.
pub fn record<'py, T: Record>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let build = RECORD
        .get_or_try_init(py, || py.import("frontdesk._records")?.getattr("_record").map(|f| f.unbind()))?;
    build.bind(py).call1((T::NAME, plain(py, v)?))
}

/// Records as a list of dataclasses.
pub fn records<'py, 'a, T: Record + 'a>(
    py: Python<'py>,
    items: impl IntoIterator<Item = &'a T>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        list.append(record(py, item)?)?;
    }
    Ok(list)
}

/// A command's result that is a record (`Applied.value`).
pub struct Rec<T>(pub T);

impl<'py, T: Record> IntoPyObject<'py> for Rec<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record(py, &self.0)
    }
}

// ----- arguments of the generated methods --------------------------------------

/// A Python argument as the core type a method takes; `name` is the argument's
/// name, quoted when it is refused. The generated methods (`commands.rs`)
/// convert every argument through this, so the conversion of a type lives in
/// one place.
pub trait Arg: Sized {
    /// Converts `value`, the argument `name`.
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self>;
}

macro_rules! id_args {
    ($($ty:ident),*) => {$(
        impl Arg for core::$ty {
            fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
                id(value, name).map(core::$ty)
            }
        }
    )*};
}
id_args!(ConversationId, UserId, TeamId, ContactId, InvoiceId, SavedFilterId);

macro_rules! choice_args {
    ($($ty:ty),*) => {$(
        impl Arg for $ty {
            fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
                choice(value, name)
            }
        }
    )*};
}
choice_args!(
    core::Audience,
    core::Status,
    core::Priority,
    core::AiMode,
    core::Channel,
    core::Availability,
    core::Role
);

impl Arg for core::Actor {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        actor(value)
    }
}

impl Arg for Vec<core::ConversationId> {
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        Ok(ids(value, name)?.into_iter().map(core::ConversationId).collect())
    }
}

impl Arg for String {
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        text(value, name)
    }
}

macro_rules! plain_args {
    ($($ty:ty: $what:literal),*) => {$(
        impl Arg for $ty {
            fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
                value.extract().map_err(|_| PyTypeError::new_err(format!("{name} must be {}", $what)))
            }
        }
    )*};
}
plain_args!(i64: "an int", u32: "an int from 0 to 2**32 - 1", usize: "a non-negative int", bool: "a bool",
    f32: "a float");

impl Arg for Vec<core::Attachment> {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        crate::attachments(Some(value))
    }
}

impl Arg for Vec<core::UserId> {
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        Ok(ids(value, name)?.into_iter().map(core::UserId).collect())
    }
}

impl Arg for Vec<String> {
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        crate::strings(Some(value), name)
    }
}

impl Arg for core::Visibility {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        visibility(value)
    }
}

impl Arg for Vec<core::RoutingStrategy> {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        crate::inbox::chain(value)
    }
}

impl Arg for core::prioritize::PriorityRules {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        crate::inbox::rules(value.py(), value)
    }
}

impl Arg for core::prioritize::ResponseGoals {
    fn arg(value: &Bound<'_, PyAny>, _: &str) -> PyResult<Self> {
        crate::inbox::goals(value)?.ok_or_else(|| PyTypeError::new_err("goals must be a ResponseGoals"))
    }
}

/// None stays None.
impl<T: Arg> Arg for Option<T> {
    fn arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        opt(Some(value), name)
    }
}

/// An optional argument: missing or None is None.
pub fn opt<T: Arg>(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<T>> {
    value.filter(|v| !v.is_none()).map(|v| T::arg(v, name)).transpose()
}
