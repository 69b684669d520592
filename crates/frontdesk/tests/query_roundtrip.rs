//! Canonical form properties: every well-formed tree prints to a string that
//! parses back to the same tree, and any string that parses prints to a
//! canonical form that is a fixed point.

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk::query::{
    parse, parse_lenient, ContactRef, DateCmp, DateExpr, DateField, DateFilter, EmailMatch, Expr, Flag,
    HasWhat, NamedPeriod, ParseOptions, Person, Query, RelUnit, TeamRef, Term,
};
use frontdesk::{AiMode, Channel, ContactId, ConversationId, Priority, Status, TeamId, UserId};
use proptest::prelude::*;
use proptest::sample::subsequence;

/// Characters that stress quoting: quotes, escapes, operators, separators and
/// non-ASCII (all already lowercase, as parsed values are).
const CHARS: &[char] = &[
    'a', 'b', 'o', 'r', 'n', 'd', 't', 'e', 'w', 'p', 'i', 'g', 's', 'm', '0', '1', '7', ' ', '-', '+', '"',
    '\\', '\u{201C}', '\u{201D}', '\u{201E}', '(', ')', ':', ',', '.', '=', '>', '<', '!', '*', '@', '#',
    '[', '{', '&', '|', '\'', '/', '_', 'é', 'ß', 'σ', 'ı', '中', '😀',
];

fn raw_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 1..max).prop_map(|v| v.into_iter().collect())
}

/// Free text: anything with a visible character (phrases keep their spaces).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        raw_text(10),
        prop::sample::select(vec![
            "and",
            "or",
            "not",
            "pending",
            "whatsapp",
            "new",
            "unassigned",
            "+",
            "&&",
            "||",
            "-x",
            "10:30",
            "a=b",
            "status=x",
            "re:x",
            "1234",
            "+1234",
            "http://x.y",
        ])
        .prop_map(String::from),
    ]
    .prop_filter("visible", |s| !s.trim().is_empty())
}

/// A field value: trimmed and non-empty, as the parser leaves values.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        raw_text(10),
        prop::sample::select(vec!["none", "me", "7", "#7", "[x", "*", "a..b", ">x", "!x"])
            .prop_map(String::from),
    ]
    .prop_map(|s| s.trim().to_string())
    .prop_filter("non-empty", |s| !s.is_empty())
}

fn no_at() -> impl Strategy<Value = String> {
    value().prop_filter("no @", |s| !s.contains('@'))
}

fn set<T: Clone + Ord + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    subsequence(all, 1..=all.len()).prop_map(|mut v| {
        v.sort();
        v
    })
}

fn person() -> impl Strategy<Value = Person> {
    prop_oneof![
        Just(Person::Me),
        any::<u64>().prop_map(|n| Person::Id(UserId(n))),
        (no_at(), no_at()).prop_map(|(l, d)| Person::Email(format!("{l}@{d}"))),
        no_at().prop_map(Person::Name),
    ]
}

fn date_expr() -> impl Strategy<Value = DateExpr> {
    let min =
        NaiveDate::from_ymd_opt(0, 1, 2).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis();
    let max = NaiveDate::from_ymd_opt(9999, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let units =
        [RelUnit::Minutes, RelUnit::Hours, RelUnit::Days, RelUnit::Weeks, RelUnit::Months, RelUnit::Years];
    prop_oneof![
        (0i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).map(DateExpr::Day)),
        (min..max).prop_map(|ms| DateExpr::Instant(DateTime::<Utc>::from_timestamp_millis(ms).unwrap())),
        (-999_999i64..=999_999, prop::sample::select(units.to_vec()))
            .prop_map(|(amount, unit)| DateExpr::Relative { amount, unit }),
        prop::sample::select(NamedPeriod::ALL.to_vec()).prop_map(DateExpr::Period),
    ]
}

fn minutes(e: &DateExpr) -> Option<i64> {
    match e {
        DateExpr::Relative { amount, unit } => Some(
            amount
                * match unit {
                    RelUnit::Minutes => 1,
                    RelUnit::Hours => 60,
                    RelUnit::Days => 1440,
                    RelUnit::Weeks => 10080,
                    _ => return None,
                },
        ),
        _ => None,
    }
}

/// Orders the ends of a range the way the parser insists on where it can tell.
fn ordered(a: DateExpr, b: DateExpr) -> (DateExpr, DateExpr) {
    let swap = match (&a, &b) {
        (DateExpr::Day(x), DateExpr::Day(y)) => x > y,
        (DateExpr::Instant(x), DateExpr::Instant(y)) => x > y,
        (DateExpr::Relative { amount: x, unit: u }, DateExpr::Relative { amount: y, unit: v }) if u == v => {
            x > y
        }
        _ => matches!((minutes(&a), minutes(&b)), (Some(x), Some(y)) if x > y),
    };
    if swap {
        (b, a)
    } else {
        (a, b)
    }
}

fn date_filter() -> impl Strategy<Value = DateFilter> {
    let field = prop::sample::select(vec![DateField::Created, DateField::Updated, DateField::Closed]);
    let cmp = prop_oneof![
        date_expr().prop_map(|e| match e {
            DateExpr::Relative { .. } => DateCmp::OnOrAfter(e),
            _ => DateCmp::Within(e),
        }),
        date_expr().prop_map(DateCmp::Before),
        date_expr().prop_map(DateCmp::OnOrBefore),
        date_expr().prop_map(DateCmp::After),
        date_expr().prop_map(DateCmp::OnOrAfter),
        (date_expr(), date_expr()).prop_map(|(a, b)| {
            let (a, b) = ordered(a, b);
            DateCmp::Between(a, b)
        }),
    ];
    (field, cmp).prop_map(|(field, cmp)| DateFilter { field, cmp })
}

static STATUSES: [Status; 4] = Status::ALL;
static PRIORITIES: [Priority; 4] = Priority::ALL;
static CHANNELS: [Channel; 7] = Channel::ALL;
static MODES: [AiMode; 3] = AiMode::ALL;

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![
        text().prop_map(Term::Text),
        set(&STATUSES).prop_map(Term::Status),
        set(&PRIORITIES).prop_map(Term::Priority),
        set(&CHANNELS).prop_map(Term::Channel),
        set(&MODES).prop_map(Term::Mode),
        prop::collection::btree_set(any::<u64>(), 1..4)
            .prop_map(|s| Term::Id(s.into_iter().map(ConversationId).collect())),
        person().prop_map(Term::Assignee),
        person().prop_map(Term::Agent),
        prop_oneof![any::<u64>().prop_map(|n| TeamRef::Id(TeamId(n))), value().prop_map(TeamRef::Name)]
            .prop_map(Term::Team),
        value().prop_map(Term::Tag),
        prop_oneof![
            any::<u64>().prop_map(|n| ContactRef::Id(ContactId(n))),
            value().prop_map(ContactRef::Text)
        ]
        .prop_map(Term::Contact),
        value().prop_map(Term::Name),
        // Normalized numbers: a leading 00 would have become +.
        ("\\+?[0-9]{1,15}")
            .prop_filter("no 00", |p| !p.starts_with("00"))
            .prop_map(|p| Term::Phone(parsed_phone(p))),
        prop_oneof![
            value().prop_map(EmailMatch::Domain),
            (no_at(), value()).prop_map(|(l, d)| EmailMatch::Address(format!("{l}@{d}"))),
            no_at().prop_map(EmailMatch::Contains),
        ]
        .prop_map(Term::Email),
        value().prop_map(Term::Company),
        value().prop_map(Term::Campaign),
        date_filter().prop_map(Term::Date),
        prop::sample::select(vec![Flag::Unread, Flag::Unreplied, Flag::New]).prop_map(Term::Flag),
        prop::sample::select(vec![
            HasWhat::Invoice,
            HasWhat::UnpaidInvoice,
            HasWhat::Attachment,
            HasWhat::Assignee,
            HasWhat::Tag,
            HasWhat::Team
        ])
        .prop_map(Term::Has),
    ]
}

/// Trees in the shape the parser produces, built with the normalizing
/// constructors.
fn expr() -> impl Strategy<Value = Expr> {
    term().prop_map(Expr::Term).prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::and),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::or),
            inner.prop_map(Expr::not),
        ]
    })
}

fn opts() -> ParseOptions {
    ParseOptions::default().with_max_len(1 << 20)
}

/// Fragments that make random strings look like queries.
fn query_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "status:",
        "priority:",
        ">=",
        "<",
        "..",
        "*",
        ",",
        "open",
        "pending",
        "high",
        "-",
        "NOT ",
        " OR ",
        " AND ",
        " + ",
        "or",
        "(",
        ")",
        "\"",
        "“",
        "\\",
        " ",
        "  ",
        "phone:",
        "+1",
        " 234",
        "(555)",
        "created:",
        "-7d",
        "3m",
        "2026-01-31",
        "2026-02-30",
        "T10:00Z",
        "today",
        "is:",
        "has:",
        "no:",
        "unread",
        "tag:",
        "none",
        "me",
        "assignee:",
        "agent:",
        "sarah",
        "@acme.com",
        "email:",
        "team:",
        "id:",
        "42",
        "#7",
        "&&",
        "||",
        "[",
        " TO ",
        "]",
        "=",
        "WhatsApp",
        "new",
        "é",
        "\u{0}",
        "\t",
        "\u{FFFD}",
        "stauts:",
        "re:",
        "x",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    // PROPTEST_CASES raises the count for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(768),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_tree_prints_to_a_string_that_parses_back_to_it(root in expr()) {
        let q = Query { root };
        let text = q.to_canonical();
        let back = parse(&text, &opts());
        prop_assert!(back.is_ok(), "{text:?} fails: {:?}", back.err().map(|e| e.to_string()));
        prop_assert_eq!(back.ok(), Some(q), "{}", text);
    }

    #[test]
    fn any_query_like_string_that_parses_has_a_canonical_fixed_point(s in query_like()) {
        check_string(&s)?;
    }

    #[test]
    fn any_string_at_all_gets_an_answer_without_panicking(s in any::<String>()) {
        check_string(&s)?;
    }
}

fn check_string(s: &str) -> Result<(), TestCaseError> {
    if let Ok(q) = parse(s, &opts()) {
        let canonical = q.to_canonical();
        let again = parse(&canonical, &opts());
        prop_assert!(again.is_ok(), "{s:?} -> {canonical:?} fails: {:?}", again.err().map(|e| e.to_string()));
        let again = again.ok();
        prop_assert_eq!(again.as_ref(), Some(&q), "{:?} -> {:?}", s, canonical);
        prop_assert_eq!(again.map(|a| a.to_canonical()), Some(canonical));
    }
    let lenient = parse_lenient(s, &opts());
    let canonical = lenient.query.to_canonical();
    let strict = parse(&canonical, &opts());
    prop_assert!(
        strict.is_ok(),
        "lenient {s:?} -> {canonical:?} fails: {:?}",
        strict.err().map(|e| e.to_string())
    );
    prop_assert_eq!(strict.ok(), Some(lenient.query), "{:?} -> {:?}", s, canonical);
    Ok(())
}

/// A `phone:` value as the parser leaves it: a full number (`+`, 8 to 15
/// digits, country code not starting with 0) in libphonenumber's E.164, any
/// other value as written.
fn parsed_phone(p: String) -> String {
    let full = p.strip_prefix('+').is_some_and(|d| (8..=15).contains(&d.len()) && !d.starts_with('0'));
    if full {
        if let Ok(e164) = frontdesk::normalize_phone(&p, None) {
            return e164;
        }
    }
    p
}
