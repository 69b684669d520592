//! Dates in queries. A date names an interval `[start, end)` of instants: a
//! calendar day or period in the workspace time zone, or a single millisecond
//! for a date-time or a relative date. Relative dates and named periods stay
//! symbolic in the query and are resolved against `now` when the query runs,
//! so a saved query means the same thing tomorrow.

use super::diagnostics::{fix, DiagnosticCode, Diags, Span};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which timestamp of a conversation a date filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateField {
    /// When the conversation started (`created:`).
    Created,
    /// When anything last happened in it (`updated:`).
    Updated,
    /// When it was last resolved or archived (`closed:`); open conversations
    /// have no such date and never match.
    Closed,
}

impl DateField {
    /// The field name in queries.
    pub fn as_str(self) -> &'static str {
        match self {
            DateField::Created => "created",
            DateField::Updated => "updated",
            DateField::Closed => "closed",
        }
    }
}

/// The unit of a relative date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelUnit {
    /// `min`: 60 seconds.
    Minutes,
    /// `h`: 60 minutes.
    Hours,
    /// `d`: 24 hours.
    Days,
    /// `w`: 7 days.
    Weeks,
    /// `mo`: a calendar month in the workspace time zone (Mar 31 - 1mo = Feb 28).
    Months,
    /// `y`: twelve calendar months.
    Years,
}

impl RelUnit {
    /// The canonical suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            RelUnit::Minutes => "min",
            RelUnit::Hours => "h",
            RelUnit::Days => "d",
            RelUnit::Weeks => "w",
            RelUnit::Months => "mo",
            RelUnit::Years => "y",
        }
    }

    fn parse(s: &str) -> Option<RelUnit> {
        Some(match s {
            "min" | "mins" | "minute" | "minutes" => RelUnit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => RelUnit::Hours,
            "d" | "day" | "days" => RelUnit::Days,
            "w" | "wk" | "wks" | "week" | "weeks" => RelUnit::Weeks,
            "mo" | "mon" | "mos" | "month" | "months" => RelUnit::Months,
            "y" | "yr" | "yrs" | "year" | "years" => RelUnit::Years,
            _ => return None,
        })
    }
}

/// A calendar period named by a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedPeriod {
    /// The current day.
    Today,
    /// The day before.
    Yesterday,
    /// Monday to Sunday of the current ISO week.
    ThisWeek,
    /// The ISO week before.
    LastWeek,
    /// The current calendar month.
    ThisMonth,
    /// The calendar month before.
    LastMonth,
    /// The current calendar year.
    ThisYear,
    /// The calendar year before.
    LastYear,
}

impl NamedPeriod {
    /// Every period, in documentation order.
    pub const ALL: [NamedPeriod; 8] = [
        NamedPeriod::Today,
        NamedPeriod::Yesterday,
        NamedPeriod::ThisWeek,
        NamedPeriod::LastWeek,
        NamedPeriod::ThisMonth,
        NamedPeriod::LastMonth,
        NamedPeriod::ThisYear,
        NamedPeriod::LastYear,
    ];

    /// The word in queries.
    pub fn as_str(self) -> &'static str {
        match self {
            NamedPeriod::Today => "today",
            NamedPeriod::Yesterday => "yesterday",
            NamedPeriod::ThisWeek => "this_week",
            NamedPeriod::LastWeek => "last_week",
            NamedPeriod::ThisMonth => "this_month",
            NamedPeriod::LastMonth => "last_month",
            NamedPeriod::ThisYear => "this_year",
            NamedPeriod::LastYear => "last_year",
        }
    }
}

/// A date as written in a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateExpr {
    /// `2026-01-31`: that whole day in the workspace time zone.
    Day(NaiveDate),
    /// `2026-01-31T10:00:00+01:00`: one millisecond, stored in UTC.
    Instant(DateTime<Utc>),
    /// `-7d`, `+2h`: one millisecond, `amount` units from now (negative is past).
    Relative {
        /// How many units; negative for the past.
        amount: i64,
        /// The unit.
        unit: RelUnit,
    },
    /// `today`, `last_week`...: that period in the workspace time zone.
    Period(NamedPeriod),
}

impl fmt::Display for DateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateExpr::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            DateExpr::Instant(t) => f.write_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            DateExpr::Relative { amount, unit } => {
                let sign = if *amount < 0 { '-' } else { '+' };
                write!(f, "{sign}{}{}", amount.unsigned_abs(), unit.as_str())
            }
            DateExpr::Period(p) => f.write_str(p.as_str()),
        }
    }
}

/// How a date filter compares the timestamp `t` with the interval `[s, e)` of
/// its date(s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateCmp {
    /// `field:D`: `s <= t < e` (for a relative date, `s <= t`: "since").
    Within(DateExpr),
    /// `field:<D`: `t < s`.
    Before(DateExpr),
    /// `field:<=D`: `t < e`.
    OnOrBefore(DateExpr),
    /// `field:>D`: `t >= e`.
    After(DateExpr),
    /// `field:>=D`: `t >= s`.
    OnOrAfter(DateExpr),
    /// `field:A..B`: `s(A) <= t < e(B)`. Open ends are `OnOrAfter`/`OnOrBefore`.
    Between(DateExpr, DateExpr),
}

/// A condition on one of a conversation's timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateFilter {
    /// The timestamp tested.
    pub field: DateField,
    /// The comparison.
    pub cmp: DateCmp,
}

/// The instants `[start, end)` a date expression stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// The first instant inside.
    pub start: DateTime<Utc>,
    /// The first instant after.
    pub end: DateTime<Utc>,
}

/// The half-open bounds a timestamp must fall in; a missing bound is unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeBounds {
    /// The timestamp must be at or after this.
    pub start: Option<DateTime<Utc>>,
    /// The timestamp must be before this.
    pub end: Option<DateTime<Utc>>,
}

impl TimeBounds {
    /// Whether `t` falls within the bounds.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t < e)
    }
}

/// The largest offset a fixed UTC offset can have, in minutes (just under 24 h).
pub const MAX_UTC_OFFSET_MINUTES: i32 = 24 * 60 - 1;

fn clamp_offset(minutes: i32) -> i64 {
    i64::from(minutes.clamp(-MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES))
}

/// Workspace-local wall time to UTC, saturating at the ends of time.
fn local_to_utc(local: NaiveDateTime, offset_minutes: i32) -> DateTime<Utc> {
    let shifted =
        TimeDelta::try_minutes(clamp_offset(offset_minutes)).and_then(|d| local.checked_sub_signed(d));
    match shifted {
        Some(t) => t.and_utc(),
        None if offset_minutes > 0 => DateTime::<Utc>::MIN_UTC,
        None => DateTime::<Utc>::MAX_UTC,
    }
}

fn utc_to_local(t: DateTime<Utc>, offset_minutes: i32) -> NaiveDateTime {
    let naive = t.naive_utc();
    match TimeDelta::try_minutes(clamp_offset(offset_minutes)).and_then(|d| naive.checked_add_signed(d)) {
        Some(local) => local,
        None => naive,
    }
}

fn day_start(d: Option<NaiveDate>, offset: i32, future: bool) -> DateTime<Utc> {
    match d {
        Some(d) => local_to_utc(d.and_time(NaiveTime::MIN), offset),
        None if future => DateTime::<Utc>::MAX_UTC,
        None => DateTime::<Utc>::MIN_UTC,
    }
}

fn days_interval(first: Option<NaiveDate>, after_last: Option<NaiveDate>, offset: i32) -> Interval {
    Interval { start: day_start(first, offset, false), end: day_start(after_last, offset, true) }
}

fn point(t: DateTime<Utc>) -> Interval {
    let end = t.checked_add_signed(TimeDelta::milliseconds(1)).unwrap_or(DateTime::<Utc>::MAX_UTC);
    Interval { start: t, end }
}

fn shift(now: DateTime<Utc>, amount: i64, unit: RelUnit, offset: i32) -> DateTime<Utc> {
    let saturated = if amount < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC };
    let delta = match unit {
        RelUnit::Minutes => TimeDelta::try_minutes(amount),
        RelUnit::Hours => TimeDelta::try_hours(amount),
        RelUnit::Days => TimeDelta::try_days(amount),
        RelUnit::Weeks => TimeDelta::try_weeks(amount),
        RelUnit::Months | RelUnit::Years => {
            let factor: i64 = if unit == RelUnit::Years { 12 } else { 1 };
            let months =
                amount.unsigned_abs().checked_mul(factor.unsigned_abs()).and_then(|m| u32::try_from(m).ok());
            // Calendar arithmetic happens on the workspace's wall clock, so
            // "-1mo" on the 1st lands on the 1st.
            let local = utc_to_local(now, offset);
            let moved = months.and_then(|m| {
                if amount < 0 {
                    local.checked_sub_months(Months::new(m))
                } else {
                    local.checked_add_months(Months::new(m))
                }
            });
            return match moved {
                Some(l) => local_to_utc(l, offset),
                None => saturated,
            };
        }
    };
    delta.and_then(|d| now.checked_add_signed(d)).unwrap_or(saturated)
}

/// The interval `[start, end)` that `expr` stands for, given the current time
/// and the workspace's fixed offset from UTC in minutes (east positive, clamped
/// to ±23:59). Never fails: dates past the ends of time saturate.
pub fn resolve(expr: &DateExpr, now: DateTime<Utc>, utc_offset_minutes: i32) -> Interval {
    let offset = utc_offset_minutes;
    match *expr {
        DateExpr::Day(d) => days_interval(Some(d), d.succ_opt(), offset),
        DateExpr::Instant(t) => point(t),
        DateExpr::Relative { amount, unit } => point(shift(now, amount, unit, offset)),
        DateExpr::Period(p) => {
            let today = utc_to_local(now, offset).date();
            match p {
                NamedPeriod::Today => days_interval(Some(today), today.succ_opt(), offset),
                NamedPeriod::Yesterday => days_interval(today.pred_opt(), Some(today), offset),
                NamedPeriod::ThisWeek | NamedPeriod::LastWeek => {
                    let back = i64::from(today.weekday().num_days_from_monday());
                    let monday = today.checked_sub_signed(TimeDelta::days(back));
                    let (first, after) = if p == NamedPeriod::ThisWeek {
                        (monday, monday.and_then(|m| m.checked_add_signed(TimeDelta::days(7))))
                    } else {
                        (monday.and_then(|m| m.checked_sub_signed(TimeDelta::days(7))), monday)
                    };
                    days_interval(first, after, offset)
                }
                NamedPeriod::ThisMonth | NamedPeriod::LastMonth => {
                    let first = today.with_day(1);
                    let (from, after) = if p == NamedPeriod::ThisMonth {
                        (first, first.and_then(|f| f.checked_add_months(Months::new(1))))
                    } else {
                        (first.and_then(|f| f.checked_sub_months(Months::new(1))), first)
                    };
                    days_interval(from, after, offset)
                }
                NamedPeriod::ThisYear | NamedPeriod::LastYear => {
                    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1);
                    let (from, after) = if p == NamedPeriod::ThisYear {
                        (first, first.and_then(|f| f.checked_add_months(Months::new(12))))
                    } else {
                        (first.and_then(|f| f.checked_sub_months(Months::new(12))), first)
                    };
                    days_interval(from, after, offset)
                }
            }
        }
    }
}

impl DateCmp {
    /// The bounds a timestamp must fall in for this comparison to hold, given
    /// the current time and the workspace's UTC offset in minutes.
    pub fn bounds(&self, now: DateTime<Utc>, utc_offset_minutes: i32) -> TimeBounds {
        let r = |e: &DateExpr| resolve(e, now, utc_offset_minutes);
        match self {
            DateCmp::Within(e @ DateExpr::Relative { .. }) => {
                TimeBounds { start: Some(r(e).start), end: None }
            }
            DateCmp::Within(e) => {
                let i = r(e);
                TimeBounds { start: Some(i.start), end: Some(i.end) }
            }
            DateCmp::Before(e) => TimeBounds { start: None, end: Some(r(e).start) },
            DateCmp::OnOrBefore(e) => TimeBounds { start: None, end: Some(r(e).end) },
            DateCmp::After(e) => TimeBounds { start: Some(r(e).end), end: None },
            DateCmp::OnOrAfter(e) => TimeBounds { start: Some(r(e).start), end: None },
            DateCmp::Between(a, b) => TimeBounds { start: Some(r(a).start), end: Some(r(b).end) },
        }
    }
}

impl DateFilter {
    /// See [`DateCmp::bounds`].
    pub fn bounds(&self, now: DateTime<Utc>, utc_offset_minutes: i32) -> TimeBounds {
        self.cmp.bounds(now, utc_offset_minutes)
    }
}

/// Relative amounts are capped at six digits so month arithmetic stays in u32.
const MAX_AMOUNT_DIGITS: usize = 6;

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num<T: std::str::FromStr>(s: &str, a: usize, b: usize) -> Option<T> {
    s.get(a..b).filter(|p| all_digits(p)).and_then(|p| p.parse().ok())
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

/// Parses `YYYY-MM-DD` at the start of `s`, reporting impossible dates.
fn parse_day(s: &str, span: Span, diags: &mut Diags) -> Result<NaiveDate, bool> {
    let (Some(y), Some(m), Some(d)) = (num::<i32>(s, 0, 4), num::<u32>(s, 5, 7), num::<u32>(s, 8, 10)) else {
        return Err(false);
    };
    if s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
        return Err(false);
    }
    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
        return Ok(date);
    }
    let date_span = Span::new(span.start, span.start + 10);
    match days_in_month(y, m) {
        Some(last) if d > last => {
            let month =
                NaiveDate::from_ymd_opt(y, m, 1).map(|f| f.format("%B %Y").to_string()).unwrap_or_default();
            diags.push(
                DiagnosticCode::InvalidDate,
                date_span,
                format!("{} does not exist: {month} has {last} days", s.get(..10).unwrap_or(s)),
                vec![fix(date_span, format!("{y:04}-{m:02}-{last:02}"))],
            );
        }
        _ => diags.push(
            DiagnosticCode::InvalidDate,
            date_span,
            format!("{} is not a date: months run 01 to 12 and days from 01", s.get(..10).unwrap_or(s)),
            Vec::new(),
        ),
    }
    Err(true)
}

/// Parses the time-and-zone part after `YYYY-MM-DDT`.
fn parse_time_zone(rest: &str) -> Result<(NaiveTime, Option<i32>), &'static str> {
    let bad = "write times as HH:MM or HH:MM:SS, e.g. 2026-01-31T09:30:00Z";
    let (Some(h), Some(mi)) = (num::<u32>(rest, 0, 2), num::<u32>(rest, 3, 5)) else { return Err(bad) };
    if rest.get(2..3) != Some(":") {
        return Err(bad);
    }
    let mut pos = 5;
    let mut sec = 0;
    let mut nano = 0;
    if rest.get(pos..pos + 1) == Some(":") {
        sec = num::<u32>(rest, pos + 1, pos + 3).ok_or(bad)?;
        pos += 3;
        if rest.get(pos..pos + 1) == Some(".") {
            let digits = rest.get(pos + 1..).unwrap_or("").bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                return Err("fractions of a second take 1 to 9 digits");
            }
            let frac: u32 = num(rest, pos + 1, pos + 1 + digits).ok_or(bad)?;
            nano = frac * 10u32.pow(9 - u32::try_from(digits).unwrap_or(9));
            pos += 1 + digits;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(h, mi, sec, nano)
        .filter(|_| sec < 60)
        .ok_or("that time of day does not exist")?;
    let zone = rest.get(pos..).unwrap_or("");
    let offset = match zone {
        "" => None,
        "z" | "Z" => Some(0),
        _ => {
            let sign = match zone.get(..1) {
                Some("+") => 1,
                Some("-") => -1,
                _ => return Err(bad),
            };
            let (Some(zh), Some(zm)) = (num::<i32>(zone, 1, 3), num::<i32>(zone, 4, 6)) else {
                return Err(bad);
            };
            if zone.len() != 6 || zone.get(3..4) != Some(":") || zh > 23 || zm > 59 {
                return Err("write the zone as Z or ±HH:MM");
            }
            Some(sign * (zh * 60 + zm))
        }
    };
    Ok((time, offset))
}

fn invalid(diags: &mut Diags, span: Span, message: impl Into<String>) -> Option<DateExpr> {
    diags.push(DiagnosticCode::InvalidDate, span, message, Vec::new());
    None
}

const DATE_FORMS: &str =
    "use 2026-01-31, 2026-01-31T09:30:00Z, -7d, today, yesterday, this_week, last_week, \
                          this_month, last_month, this_year or last_year";

/// Parses one date value; `span` locates `s` in the query for diagnostics.
pub(crate) fn parse_date(s: &str, span: Span, diags: &mut Diags) -> Option<DateExpr> {
    let lower = s.to_ascii_lowercase();
    let words = lower.replace('-', "_");
    if let Some(p) = NamedPeriod::ALL.iter().find(|p| p.as_str() == words) {
        return Some(DateExpr::Period(*p));
    }
    let bytes = lower.as_bytes();
    let first = bytes.first().copied();
    if matches!(first, Some(b'+' | b'-')) || (first.is_some_and(|b| b.is_ascii_digit()) && !s.contains('-')) {
        return parse_relative(&lower, span, diags);
    }
    match parse_day(s, span, diags) {
        Ok(day) if s.len() == 10 => Some(DateExpr::Day(day)),
        Ok(day) => {
            if !matches!(s.get(10..11), Some("T" | "t")) {
                return invalid(diags, span, format!("{s:?} is not a date; {DATE_FORMS}"));
            }
            match parse_time_zone(s.get(11..).unwrap_or("")) {
                Err(msg) => invalid(diags, span, msg),
                Ok((_, None)) => {
                    diags.push(
                        DiagnosticCode::InvalidDate,
                        span,
                        "a date-time needs a zone: add Z for UTC or an offset such as +01:00",
                        vec![fix(Span::at(span.end), "Z")],
                    );
                    None
                }
                Ok((time, Some(offset))) => {
                    let local = day.and_time(time);
                    let utc =
                        TimeDelta::try_minutes(i64::from(offset)).and_then(|d| local.checked_sub_signed(d));
                    // Millisecond precision is what conversations store, and
                    // the canonical form prints at most milliseconds.
                    let utc = utc.and_then(|t| t.with_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000));
                    match utc.filter(|t| (0..=9999).contains(&t.year())) {
                        Some(t) => Some(DateExpr::Instant(t.and_utc())),
                        None => invalid(diags, span, "that instant is outside the years 0000 to 9999 in UTC"),
                    }
                }
            }
        }
        Err(true) => None,
        Err(false) => invalid(diags, span, format!("{s:?} is not a date; {DATE_FORMS}")),
    }
}

fn parse_relative(lower: &str, span: Span, diags: &mut Diags) -> Option<DateExpr> {
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'+') => (1i64, lower.get(1..).unwrap_or("")),
        Some(b'-') => (-1i64, lower.get(1..).unwrap_or("")),
        _ => (0, lower),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let unit_text = body.get(digits..).unwrap_or("");
    if digits == 0 || unit_text.is_empty() {
        return invalid(
            diags,
            span,
            format!("a relative date is a sign, a number and a unit, e.g. -7d; {DATE_FORMS}"),
        );
    }
    if digits > MAX_AMOUNT_DIGITS {
        return invalid(diags, span, "a relative date takes at most six digits");
    }
    let amount: i64 = body.get(..digits).and_then(|d| d.parse().ok())?;
    let number = body.get(..digits).unwrap_or("");
    if unit_text == "m" {
        let unit_span = Span::new(span.end.saturating_sub(1), span.end);
        diags.push(
            DiagnosticCode::AmbiguousUnit,
            unit_span,
            "`m` could mean minutes or months: write `min` for minutes or `mo` for months",
            vec![fix(unit_span, "min"), fix(unit_span, "mo")],
        );
        return None;
    }
    let Some(unit) = RelUnit::parse(unit_text) else {
        return invalid(
            diags,
            span,
            format!("unknown unit {unit_text:?}: use min (minutes), h, d, w, mo (months) or y"),
        );
    };
    if sign == 0 {
        diags.push(
            DiagnosticCode::InvalidDate,
            span,
            format!(
                "say whether {number}{unit_text} is in the past (-{number}{unit_text}) or the future (+)"
            ),
            vec![fix(Span::at(span.start), "-"), fix(Span::at(span.start), "+")],
        );
        return None;
    }
    Some(DateExpr::Relative { amount: sign * amount, unit })
}

/// Whether a range from `a` to `b` is certainly empty whatever `now` and the
/// time zone (only decidable for dates of the same kind).
pub(crate) fn is_inverted(a: &DateExpr, b: &DateExpr) -> bool {
    fn fixed_minutes(amount: i64, unit: RelUnit) -> Option<i64> {
        let per = match unit {
            RelUnit::Minutes => 1,
            RelUnit::Hours => 60,
            RelUnit::Days => 1440,
            RelUnit::Weeks => 10080,
            RelUnit::Months | RelUnit::Years => return None,
        };
        amount.checked_mul(per)
    }
    match (a, b) {
        (DateExpr::Day(x), DateExpr::Day(y)) => x > y,
        (DateExpr::Instant(x), DateExpr::Instant(y)) => x > y,
        (DateExpr::Relative { amount: x, unit: ux }, DateExpr::Relative { amount: y, unit: uy }) => {
            if ux == uy {
                return x > y;
            }
            match (fixed_minutes(*x, *ux), fixed_minutes(*y, *uy)) {
                (Some(x), Some(y)) => x > y,
                _ => false,
            }
        }
        _ => false,
    }
}
