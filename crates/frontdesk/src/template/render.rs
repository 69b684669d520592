//! Filling in placeholders.

use super::{Segment, TemplateBody, Variable};
use crate::template_diagnostics::MissingVariable;
use crate::Error;
use chrono::{DateTime, Datelike, FixedOffset, Offset, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::{self, Write};

/// How `{{date}}` is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `2026-01-31` (ISO 8601; the default, unambiguous everywhere).
    #[default]
    Iso,
    /// `31/01/2026`.
    DayMonthYear,
    /// `01/31/2026`.
    MonthDayYear,
}

/// How `{{time}}` is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// `14:05` (the default).
    #[default]
    H24,
    /// `2:05 PM`.
    H12,
}

/// Everything a template can be filled from. Built with
/// [`RenderContext::new`] and the `with_*` methods.
///
/// A value that is empty or only whitespace counts as missing, so the
/// placeholder falls back to its default or is reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderContext {
    customer_name: Option<String>,
    agent_name: Option<String>,
    company_name: Option<String>,
    now: DateTime<Utc>,
    utc_offset_minutes: i32,
    date_format: DateFormat,
    time_format: TimeFormat,
    values: HashMap<String, String>,
}

/// Largest UTC offset accepted, in minutes (±18 hours, as ISO 8601 allows).
pub const MAX_UTC_OFFSET_MINUTES: i32 = 18 * 60;

impl RenderContext {
    /// A context at the instant `now` (used for `{{date}}` and `{{time}}`), in
    /// UTC, with no names and no values.
    pub fn new(now: DateTime<Utc>) -> RenderContext {
        RenderContext {
            customer_name: None,
            agent_name: None,
            company_name: None,
            now,
            utc_offset_minutes: 0,
            date_format: DateFormat::default(),
            time_format: TimeFormat::default(),
            values: HashMap::new(),
        }
    }

    /// Sets the customer's name (`{{customer_name}}`).
    pub fn with_customer_name(mut self, name: impl Into<String>) -> RenderContext {
        self.customer_name = Some(name.into());
        self
    }

    /// Sets the sending agent's name (`{{agent_name}}`).
    pub fn with_agent_name(mut self, name: impl Into<String>) -> RenderContext {
        self.agent_name = Some(name.into());
        self
    }

    /// Sets the company name (`{{company_name}}`).
    pub fn with_company_name(mut self, name: impl Into<String>) -> RenderContext {
        self.company_name = Some(name.into());
        self
    }

    /// Sets the workspace time zone as a fixed offset from UTC in minutes
    /// (`120` for UTC+2, `-300` for UTC-5). Fails beyond ±18 hours.
    pub fn with_utc_offset_minutes(mut self, minutes: i32) -> Result<RenderContext, Error> {
        if minutes.abs() > MAX_UTC_OFFSET_MINUTES {
            return Err(Error::invalid_argument(
                "utc_offset_minutes",
                format!("{minutes} is outside -{MAX_UTC_OFFSET_MINUTES}..={MAX_UTC_OFFSET_MINUTES}"),
            ));
        }
        self.utc_offset_minutes = minutes;
        Ok(self)
    }

    /// Sets how `{{date}}` is written.
    pub fn with_date_format(mut self, format: DateFormat) -> RenderContext {
        self.date_format = format;
        self
    }

    /// Sets how `{{time}}` is written.
    pub fn with_time_format(mut self, format: TimeFormat) -> RenderContext {
        self.time_format = format;
        self
    }

    /// Sets the value of a variable by its key: a custom name (`"order_id"`,
    /// matched case-insensitively) or a number (`"1"`). A value for an
    /// automatic name (`"customer_name"`, `"date"`, ...) overrides the context,
    /// as when the agent edits a filled-in value before sending.
    pub fn with_value(mut self, key: impl Into<String>, value: impl Into<String>) -> RenderContext {
        self.set_value(key, value);
        self
    }

    /// Like [`RenderContext::with_value`], in place.
    pub fn set_value(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let mut key = key.into();
        key.make_ascii_lowercase();
        self.values.insert(key.trim().to_string(), value.into());
    }

    /// The instant used for `{{date}}` and `{{time}}`.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The workspace's offset from UTC in minutes.
    pub fn utc_offset_minutes(&self) -> i32 {
        self.utc_offset_minutes
    }

    fn local_now(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.utc_offset_minutes * 60)
            .or_else(|| FixedOffset::east_opt(0))
            .unwrap_or_else(|| Utc.fix());
        self.now.with_timezone(&offset)
    }

    /// The value for a variable, or `None` if it has no non-blank value.
    fn value(&self, variable: &Variable, scratch: &mut String) -> Option<Value<'_>> {
        let override_value = match variable {
            Variable::Custom(name) => self.values.get(name.as_str()),
            Variable::Numbered(n) => {
                scratch.clear();
                let _ = write!(scratch, "{n}");
                self.values.get(scratch.as_str())
            }
            other => other.automatic_key().and_then(|k| self.values.get(k)),
        };
        let found = match (override_value, variable) {
            (Some(v), _) => Some(Value::Borrowed(v.as_str())),
            (None, Variable::CustomerName) => self.customer_name.as_deref().map(Value::Borrowed),
            (None, Variable::AgentName) => self.agent_name.as_deref().map(Value::Borrowed),
            (None, Variable::CompanyName) => self.company_name.as_deref().map(Value::Borrowed),
            (None, Variable::Date) => Some(Value::Owned(self.format_date())),
            (None, Variable::Time) => Some(Value::Owned(self.format_time())),
            (None, Variable::Custom(_) | Variable::Numbered(_)) => None,
        };
        found.filter(|v| !v.as_str().trim().is_empty())
    }

    fn format_date(&self) -> String {
        let d = self.local_now();
        let (y, m, day) = (d.year(), d.month(), d.day());
        match self.date_format {
            DateFormat::Iso => format!("{y:04}-{m:02}-{day:02}"),
            DateFormat::DayMonthYear => format!("{day:02}/{m:02}/{y:04}"),
            DateFormat::MonthDayYear => format!("{m:02}/{day:02}/{y:04}"),
        }
    }

    fn format_time(&self) -> String {
        let t = self.local_now();
        let (h, m) = (t.hour(), t.minute());
        match self.time_format {
            TimeFormat::H24 => format!("{h:02}:{m:02}"),
            TimeFormat::H12 => {
                let suffix = if h < 12 { "AM" } else { "PM" };
                let h12 = if h % 12 == 0 { 12 } else { h % 12 };
                format!("{h12}:{m:02} {suffix}")
            }
        }
    }
}

enum Value<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl Value<'_> {
    fn as_str(&self) -> &str {
        match self {
            Value::Borrowed(s) => s,
            Value::Owned(s) => s,
        }
    }
}

/// Rendering failed: these placeholders have no value and no default. Lists
/// every occurrence, in source order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct MissingVariables {
    /// The unfilled placeholders, in source order.
    pub missing: Vec<MissingVariable>,
}

impl MissingVariables {
    /// The stable code of this failure.
    pub const CODE: &'static str = "missing_variables";
}

impl fmt::Display for MissingVariables {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing template variables: ")?;
        for (i, m) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} at {}..{}", m.variable, m.span.start, m.span.end)?;
        }
        Ok(())
    }
}

impl From<MissingVariables> for Error {
    /// Keeps every missing placeholder with its span (code `missing_variables`).
    fn from(e: MissingVariables) -> Error {
        Error::MissingVariables { missing: e.missing }
    }
}

/// The value of one distinct variable, for provider APIs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateParameter {
    /// The variable.
    pub variable: Variable,
    /// Its rendered value.
    pub value: String,
}

pub(super) fn render(body: &TemplateBody, ctx: &RenderContext) -> Result<String, MissingVariables> {
    let mut out = String::with_capacity(body.source.len() + 32);
    let mut missing = Vec::new();
    let mut scratch = String::new();
    for segment in &body.segments {
        match segment {
            Segment::Text { text } => out.push_str(text),
            Segment::Placeholder(p) => match ctx.value(&p.variable, &mut scratch) {
                Some(v) => out.push_str(v.as_str()),
                None => match &p.default {
                    Some(d) => out.push_str(d),
                    None => missing.push(MissingVariable { variable: p.variable.clone(), span: p.span }),
                },
            },
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(MissingVariables { missing })
    }
}

pub(super) fn parameters(
    body: &TemplateBody,
    ctx: &RenderContext,
) -> Result<Vec<TemplateParameter>, MissingVariables> {
    let mut params: Vec<TemplateParameter> = Vec::new();
    let mut missing = Vec::new();
    let mut scratch = String::new();
    for p in body.placeholders() {
        if params.iter().any(|q| q.variable == p.variable) {
            continue;
        }
        let value =
            ctx.value(&p.variable, &mut scratch).map(|v| v.as_str().to_string()).or(p.default.clone());
        match value {
            Some(value) => params.push(TemplateParameter { variable: p.variable.clone(), value }),
            None => missing.push(MissingVariable { variable: p.variable.clone(), span: p.span }),
        }
    }
    if !missing.is_empty() {
        return Err(MissingVariables { missing });
    }
    params.sort_by_key(|p| match p.variable {
        Variable::Numbered(n) => n,
        _ => 0,
    });
    Ok(params)
}
