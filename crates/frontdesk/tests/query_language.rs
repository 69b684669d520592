//! The query language, table-driven: inputs and their canonical form, or the
//! diagnostic they must produce.

use frontdesk::query::{
    parse, parse_lenient, resolve, DateExpr, DiagnosticCode, NamedPeriod, ParseOptions, RelUnit, Severity,
    Span,
};

fn opts() -> ParseOptions {
    ParseOptions::default()
}

fn canonical(input: &str) -> String {
    match parse(input, &opts()) {
        Ok(q) => q.to_canonical(),
        Err(e) => panic!("{input:?} should parse: {e}"),
    }
}

/// Inputs that parse, with the canonical form they must print as.
const PARSES: &[(&str, &str)] = &[
    // Examples from the product documents.
    ("\"refund request\"", "\"refund request\""),
    ("refund", "refund"),
    ("phone:+1234567890", "phone:+1234567890"),
    ("assigned:sarah@company.com", "assignee:sarah@company.com"),
    ("agent:Sarah", "agent:sarah"),
    ("WhatsApp + pending", "channel:whatsapp status:pending"),
    ("New + Unassigned", "is:new -has:assignee"),
    ("Status: Active", "status:open"),
    ("Priority: Urgent", "priority:urgent"),
    ("created:>=-24h", "created:>=-24h"),
    // Phones normalize to E.164.
    ("phone:+1 234 567 890", "phone:+1234567890"),
    ("phone:+1 (555) 123-4567", "phone:+15551234567"),
    ("phone:0044 20.7946.0958", "phone:+442079460958"),
    ("phone:+1 234 567 890 refund", "phone:+1234567890 refund"),
    ("(phone:+1 234)", "phone:+1234"),
    ("phone:555", "phone:555"),
    ("phone:(001) 234", "phone:+1234"),
    ("phone:\"(+44) 20\"", "phone:+4420"),
    // Enumerations, lists and comparisons.
    ("status:open,pending", "status:open,pending"),
    ("status:pending,open,active", "status:open,pending"),
    ("state:closed", "status:resolved"),
    ("status:!=resolved", "-status:resolved"),
    ("priority:>=high", "priority:>=high"),
    ("priority:>normal", "priority:>=high"),
    ("priority:<high", "priority:<=normal"),
    ("priority:low..high", "priority:<=high"),
    ("priority:normal..high", "priority:normal,high"),
    ("priority:high..*", "priority:>=high"),
    ("priority:medium", "priority:normal"),
    ("channel:wa,SMS", "channel:whatsapp,sms"),
    ("mode:ai", "mode:active"),
    ("id:42,#7", "id:7,42"),
    // Shorthand words and is:/has:/no:.
    ("-pending", "-status:pending"),
    ("WhatsApp OR SMS", "channel:whatsapp OR channel:sms"),
    ("is:open", "status:open"),
    ("is:whatsapp", "channel:whatsapp"),
    ("is:mine", "assignee:me"),
    ("is:assigned", "has:assignee"),
    ("is:unassigned", "-has:assignee"),
    ("assignee:none", "-has:assignee"),
    ("is:unread is:unreplied", "is:unread is:unreplied"),
    ("no:tag", "-has:tag"),
    ("tag:none", "-has:tag"),
    ("has:unpaid", "has:unpaid_invoice"),
    ("has:attachments", "has:attachment"),
    // People, teams, contacts.
    ("assignee:me", "assignee:me"),
    ("agent:me", "agent:me"),
    ("assignee:7", "assignee:7"),
    ("assignee:#7", "assignee:7"),
    ("assignee:\"7\"", "assignee:\"7\""),
    ("assignee:\"Sarah Connor\"", "assignee:\"sarah connor\""),
    ("team:Support", "team:support"),
    ("team:3", "team:3"),
    ("team:none", "-has:team"),
    ("contact:12", "contact:12"),
    ("contact:\"12\"", "contact:\"12\""),
    ("name:\"O'Brien\"", "name:o'brien"),
    ("email:@acme.com", "email:@acme.com"),
    ("email:Sarah@Acme.com", "email:sarah@acme.com"),
    ("email:sarah", "email:sarah"),
    ("company:\"Acme Corp\"", "company:\"acme corp\""),
    ("tag:\"vip customer\"", "tag:\"vip customer\""),
    ("campaign:Spring_Sale", "campaign:spring_sale"),
    // Dates.
    ("created:2026-01-31", "created:2026-01-31"),
    ("created:>2026-01-31", "created:>2026-01-31"),
    ("created:<=2026-01-31", "created:<=2026-01-31"),
    ("created:2026-01-01..2026-01-31", "created:2026-01-01..2026-01-31"),
    ("created:2026-01-01..*", "created:>=2026-01-01"),
    ("created:*..2026-01-31", "created:<=2026-01-31"),
    ("created:-7d", "created:>=-7d"),
    ("created:>-2hours", "created:>-2h"),
    ("created:<-30min", "created:<-30min"),
    ("updated:>=-1mo", "updated:>=-1mo"),
    ("updated:today", "updated:today"),
    ("closed:last-week", "closed:last_week"),
    ("created:>=2026-01-31T10:00:00+01:00", "created:>=2026-01-31T09:00:00Z"),
    ("created:<2026-01-31T10:00:00.123456z", "created:<2026-01-31T10:00:00.123Z"),
    ("created:-7d..-1d", "created:-7d..-1d"),
    // Boolean structure and precedence: NOT > AND > OR.
    ("a OR b c", "a OR b c"),
    ("(a OR b) c", "(a OR b) c"),
    ("a AND b", "a b"),
    ("x AND (y OR z)", "x (y OR z)"),
    ("NOT tag:spam", "-tag:spam"),
    ("-tag:spam", "-tag:spam"),
    ("NOT NOT refund", "refund"),
    ("--refund", "refund"),
    ("((refund))", "refund"),
    ("-(a OR b)", "-(a OR b)"),
    ("NOT (a b)", "-(a b)"),
    ("-\"refund request\"", "-\"refund request\""),
    ("a -b", "a -b"),
    ("(a OR (b OR c)) d", "(a OR b OR c) d"),
    ("-OR", "-\"or\""),
    // Text.
    ("“refund request”", "\"refund request\""),
    ("\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""),
    ("\"pending\"", "\"pending\""),
    ("a or b", "a \"or\" b"),
    ("Müller", "müller"),
    ("ÇAĞRI", "çağri"),
    ("http://example.com/x", "\"http://example.com/x\""),
    ("10:30", "\"10:30\""),
    ("1234", "\"1234\""),
    ("+1234", "+1234"),
    ("a\tb\nc", "a b c"),
    ("refund\u{0}now", "refund now"),
    ("", ""),
    ("   ", ""),
];

#[test]
fn every_table_input_prints_its_canonical_form() {
    let mut failures = Vec::new();
    for (input, want) in PARSES {
        match parse(input, &opts()) {
            Ok(q) if q.to_canonical() == *want => {}
            Ok(q) => failures.push(format!("{input:?}: got {:?}, want {want:?}", q.to_canonical())),
            Err(e) => failures.push(format!("{input:?}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_canonical_form_parses_to_the_same_query() {
    for (input, _) in PARSES {
        let q = parse(input, &opts()).unwrap();
        let again = parse(&q.to_canonical(), &opts()).unwrap();
        assert_eq!(q, again, "{input:?}");
    }
}

/// Inputs that fail, with the first error's code and byte span.
const FAILS: &[(&str, &str, usize, usize)] = &[
    ("\"refund", "unterminated_quote", 0, 7),
    ("(refund", "unbalanced_parenthesis", 0, 1),
    ("refund)", "unbalanced_parenthesis", 6, 7),
    ("()", "empty_group", 0, 2),
    ("a ( ) b", "empty_group", 2, 5),
    ("status:", "empty_value", 0, 7),
    ("status:open,", "empty_value", 11, 12),
    ("status:open,,pending", "empty_value", 12, 13),
    ("status:(open OR pending)", "empty_value", 0, 7),
    ("\"\"", "empty_phrase", 0, 2),
    ("a OR", "dangling_operator", 2, 4),
    ("OR a", "dangling_operator", 0, 2),
    ("a AND", "dangling_operator", 2, 5),
    ("a AND AND b", "dangling_operator", 6, 9),
    ("a + OR b", "dangling_operator", 2, 3),
    ("NOT", "dangling_negation", 0, 3),
    ("a NOT)", "dangling_negation", 2, 5),
    ("- refund", "dangling_negation", 0, 1),
    ("stauts:open", "unknown_field", 0, 6),
    ("re:invoice", "unknown_field", 0, 2),
    ("status:pendng", "invalid_value", 7, 13),
    ("priority:hihg", "invalid_value", 9, 13),
    ("priority:>urgent", "invalid_value", 10, 16),
    ("is:bogus", "invalid_value", 3, 8),
    ("has:bogus", "invalid_value", 4, 9),
    ("agent:none", "invalid_value", 6, 10),
    ("priority:>=high,urgent", "invalid_value", 11, 22),
    ("created:*..*", "invalid_value", 8, 12),
    ("created:2026-02-30", "invalid_date", 8, 18),
    ("created:2026-13-01", "invalid_date", 8, 18),
    ("created:7d", "invalid_date", 8, 10),
    ("created:2026", "invalid_date", 8, 12),
    ("created:2026-01-31T10:00", "invalid_date", 8, 24),
    ("created:2026-01-31T25:00Z", "invalid_date", 8, 25),
    ("created:-3s", "invalid_date", 8, 11),
    ("created:>-3m", "ambiguous_unit", 11, 12),
    ("created:2026-02-01..2026-01-01", "inverted_range", 8, 30),
    ("priority:high..low", "inverted_range", 9, 18),
    ("phone:abc", "invalid_phone", 6, 9),
    ("phone:00", "invalid_phone", 6, 8),
    ("phone:+1234567890123456", "invalid_phone", 6, 23),
    ("status:>open", "unsupported_operator", 7, 8),
    ("a && b", "foreign_syntax", 2, 4),
    ("a || b", "foreign_syntax", 2, 4),
    ("status=open", "foreign_syntax", 0, 11),
    ("created>2026-01-01", "foreign_syntax", 0, 18),
    ("created:[2026-01-01 TO 2026-01-31]", "foreign_syntax", 0, 34),
    ("status<solved", "foreign_syntax", 0, 13),
    ("status>=open", "foreign_syntax", 0, 12),
    ("mode<ai", "foreign_syntax", 0, 7),
    ("priority<hihg", "foreign_syntax", 0, 13),
    ("status:\"\"", "empty_value", 7, 9),
    ("is:", "empty_value", 0, 3),
];

fn first_error(input: &str) -> (String, Span) {
    match parse(input, &opts()) {
        Ok(q) => panic!("{input:?} should fail but parsed as {q}"),
        Err(e) => {
            let d = e.errors().next().expect("an error");
            (d.code.as_str().to_string(), d.span)
        }
    }
}

#[test]
fn every_table_input_fails_with_its_code_and_span() {
    let mut failures = Vec::new();
    for (input, code, start, end) in FAILS {
        let (got, span) = first_error(input);
        if got != *code || span != Span::new(*start, *end) {
            failures.push(format!("{input:?}: got {got} at {span}, want {code} at {start}..{end}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_first_fix_of_a_lone_error_makes_the_query_parse() {
    let mut failures = Vec::new();
    for (input, ..) in FAILS {
        let err = parse(input, &opts()).unwrap_err();
        let errors: Vec<_> = err.errors().collect();
        if errors.len() != 1 {
            continue;
        }
        let Some(fix) = errors[0].fixes.first() else { continue };
        let fixed = fix.apply(input).unwrap();
        if let Err(e) = parse(&fixed, &opts()) {
            failures.push(format!("{input:?} fixed to {fixed:?} still fails: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_empty_value_lists_the_allowed_values_and_no_suggested_fix_leads_to_another_error() {
    for (input, listed) in [
        ("status:", "open, pending, resolved, archived"),
        ("status: ", "open, pending, resolved, archived"),
        ("status:\"\"", "open, pending, resolved, archived"),
        ("priority:", "urgent, high, normal, low"),
        ("mode:", "active, paused, manual"),
        ("has:", "invoice, unpaid_invoice, attachment"),
    ] {
        let err = parse(input, &opts()).unwrap_err();
        let d = err.errors().next().unwrap();
        assert_eq!(d.code, DiagnosticCode::EmptyValue, "{input:?}");
        assert!(d.message.contains(listed), "{input:?}: {}", d.message);
    }
    // `status<solved` used to suggest `status:<solved` (unsupported_operator);
    // status has no order, so the fix drops the comparison and corrects the value.
    assert_eq!(fixes_of("status<solved", DiagnosticCode::ForeignSyntax), ["status:resolved"]);
    assert_eq!(fixes_of("status<=open", DiagnosticCode::ForeignSyntax), ["status:open"]);
    assert_eq!(fixes_of("status==open", DiagnosticCode::ForeignSyntax), ["status:open"]);
    assert_eq!(fixes_of("priority<high", DiagnosticCode::ForeignSyntax), ["priority:<high"]);
    // Every fix of these lone errors parses without a new error.
    for input in [
        "status<solved",
        "status>open",
        "mode<ai",
        "status=open",
        "status==open",
        "status!=open",
        "created<2026-01-01",
    ] {
        let err = parse(input, &opts()).unwrap_err();
        let errors: Vec<_> = err.errors().collect();
        assert_eq!(errors.len(), 1, "{input:?}: {err}");
        for f in &errors[0].fixes {
            let fixed = f.apply(input).unwrap();
            assert!(
                parse(&fixed, &opts()).is_ok(),
                "{input:?} fixed to {fixed:?}: {:?}",
                parse(&fixed, &opts()).err()
            );
        }
    }
}

fn fixes_of(input: &str, code: DiagnosticCode) -> Vec<String> {
    let lenient = parse_lenient(input, &opts());
    let d =
        lenient.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{input:?}: no {code}"));
    d.fixes.iter().map(|f| f.apply(input).unwrap()).collect()
}

#[test]
fn unknown_field_suggests_the_closest_field_then_quoting() {
    assert_eq!(fixes_of("stauts:open", DiagnosticCode::UnknownField), ["status:open", "\"stauts:open\""]);
    assert_eq!(fixes_of("re:invoice", DiagnosticCode::UnknownField), ["\"re:invoice\""]);
}

#[test]
fn invalid_enum_value_lists_the_allowed_values_and_suggests_the_closest() {
    let err = parse("status:pendng", &opts()).unwrap_err();
    let d = err.errors().next().unwrap();
    assert!(d.message.contains("open, pending, resolved, archived"), "{}", d.message);
    assert_eq!(fixes_of("status:pendng", DiagnosticCode::InvalidValue), ["status:pending"]);
}

#[test]
fn impossible_date_suggests_the_last_day_of_the_month() {
    assert_eq!(fixes_of("created:2026-02-30", DiagnosticCode::InvalidDate), ["created:2026-02-28"]);
}

#[test]
fn ambiguous_m_offers_minutes_and_months() {
    assert_eq!(fixes_of("created:>-3m", DiagnosticCode::AmbiguousUnit), ["created:>-3min", "created:>-3mo"]);
}

#[test]
fn inverted_range_suggests_swapping_the_ends() {
    assert_eq!(
        fixes_of("created:2026-02-01..2026-01-01", DiagnosticCode::InvertedRange),
        ["created:2026-01-01..2026-02-01"]
    );
}

#[test]
fn foreign_syntax_suggests_the_native_spelling() {
    assert_eq!(fixes_of("a && b", DiagnosticCode::ForeignSyntax), ["a AND b"]);
    assert_eq!(fixes_of("a || b", DiagnosticCode::ForeignSyntax), ["a OR b"]);
    assert_eq!(fixes_of("status=open", DiagnosticCode::ForeignSyntax), ["status:open"]);
    assert_eq!(
        fixes_of("created:[2026-01-01 TO 2026-01-31]", DiagnosticCode::ForeignSyntax),
        ["created:2026-01-01..2026-01-31"]
    );
}

#[test]
fn date_time_without_zone_suggests_utc() {
    assert_eq!(
        fixes_of("created:2026-01-31T10:00", DiagnosticCode::InvalidDate),
        ["created:2026-01-31T10:00Z"]
    );
}

#[test]
fn uppercase_or_is_an_operator_lowercase_or_is_a_word() {
    assert_eq!(canonical("a OR b"), "a OR b");
    let lenient = parse_lenient("a or b", &opts());
    assert!(!lenient.has_errors());
    assert_eq!(lenient.query.to_canonical(), "a \"or\" b");
    let warning = &lenient.diagnostics[0];
    assert_eq!(
        (warning.code, warning.severity, warning.span),
        (DiagnosticCode::LowercaseOr, Severity::Warning, Span::new(2, 4))
    );
}

#[test]
fn space_after_colon_is_accepted_with_a_warning() {
    let lenient = parse_lenient("Status: Active", &opts());
    assert_eq!(lenient.query.to_canonical(), "status:open");
    assert_eq!(lenient.diagnostics.len(), 1);
    assert_eq!(lenient.diagnostics[0].code, DiagnosticCode::SpaceAfterColon);
    assert_eq!(lenient.diagnostics[0].span, Span::new(7, 8));
    assert_eq!(canonical("created: -7d"), "created:>=-7d");
    assert_eq!(canonical("priority: >=high"), "priority:>=high");
    assert_eq!(canonical("phone: +1 234"), "phone:+1234");
}

#[test]
fn quoting_a_shorthand_word_searches_the_text() {
    assert_eq!(canonical("pending"), "status:pending");
    assert_eq!(canonical("\"pending\""), "\"pending\"");
    assert_eq!(canonical("new"), "is:new");
    assert_eq!(canonical("\"new\" order"), "\"new\" order");
}

#[test]
fn control_characters_are_spaces_with_a_warning() {
    let lenient = parse_lenient("refund\u{1}now \"a\u{7}b\"", &opts());
    assert!(!lenient.has_errors());
    assert_eq!(lenient.query.to_canonical(), "refund now \"a b\"");
    let codes: Vec<_> = lenient.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [DiagnosticCode::ControlCharacter, DiagnosticCode::ControlCharacter]);
}

#[test]
fn replacement_characters_are_kept_and_reported() {
    let lenient = parse_lenient("caf\u{FFFD}", &opts());
    assert_eq!(lenient.query.to_canonical(), "caf\u{FFFD}");
    assert_eq!(lenient.diagnostics[0].code, DiagnosticCode::ReplacementCharacter);
}

#[test]
fn spans_are_given_in_bytes_and_in_utf16_code_units() {
    let err = parse("😀 é stauts:open", &opts()).unwrap_err();
    let d = err.errors().next().unwrap();
    assert_eq!(d.span, Span::new(8, 14));
    assert_eq!(d.utf16_span, Span::new(5, 11));
    assert_eq!(d.fixes[0].utf16_span, Span::new(5, 11));
}

#[test]
fn lenient_parse_keeps_the_valid_parts() {
    let cases = [
        ("status:open (refund", "status:open refund"),
        ("refund stauts:open", "refund \"stauts:open\""),
        ("status:bogus refund", "refund"),
        ("status:open,bogus", "status:open"),
        ("\"refund req", "\"refund req\""),
        ("a OR", "a"),
        ("a && b", "a b"),
        ("a || b", "a OR b"),
        ("created:[2026-01-01 TO *]", "created:>=2026-01-01"),
        ("status=open", "status:open"),
        ("created:>-3m", ""),
        ("refund)", "refund"),
        ("priority:high..low x", "x"),
    ];
    for (input, want) in cases {
        let lenient = parse_lenient(input, &opts());
        assert!(lenient.has_errors(), "{input:?} has errors");
        assert_eq!(lenient.query.to_canonical(), want, "{input:?}");
        assert_eq!(parse(want, &opts()).unwrap(), lenient.query, "{input:?}");
    }
}

#[test]
fn too_long_queries_are_refused_before_reading() {
    let long = "a ".repeat(3000);
    let err = parse(&long, &opts()).unwrap_err();
    let codes: Vec<_> = err.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [DiagnosticCode::QueryTooLong]);
    assert_eq!(err.diagnostics[0].span, Span::new(4096, 6000));
    let lenient = parse_lenient(&long, &opts());
    assert!(lenient.has_errors());
    assert!(parse(&long, &opts().with_max_len(10_000)).is_ok());
}

#[test]
fn the_length_limit_never_splits_a_character() {
    let s = "é".repeat(3000);
    let lenient = parse_lenient(&s, &opts());
    assert_eq!(lenient.diagnostics[0].span.start, 4096);
    let s = format!("a{}", "é".repeat(3000));
    let lenient = parse_lenient(&s, &opts());
    assert_eq!(lenient.diagnostics[0].span.start, 4095);
}

#[test]
fn nesting_deeper_than_the_limit_is_reported() {
    let ok = format!("{}a{}", "(".repeat(32), ")".repeat(32));
    assert_eq!(canonical(&ok), "a");
    let deep = format!("{}a{}", "(".repeat(33), ")".repeat(33));
    assert_eq!(first_error(&deep), ("nesting_too_deep".to_string(), Span::new(32, 33)));
    assert!(parse(&deep, &opts().with_max_depth(40)).is_ok());
}

#[test]
fn a_megabyte_of_open_parentheses_is_answered_quickly() {
    let input = "(".repeat(1 << 20);
    let started = std::time::Instant::now();
    assert_eq!(first_error(&input).0, "query_too_long");
    let big = opts().with_max_len(2 << 20).with_max_depth(usize::MAX);
    for text in
        [input.clone(), ")".repeat(1 << 20), "\"".repeat(1 << 20), "-".repeat(1 << 20), "a:".repeat(1 << 19)]
    {
        let err = parse(&text, &big).unwrap_err();
        assert!(err.diagnostics.len() <= 65, "{} diagnostics", err.diagnostics.len());
        let lenient = parse_lenient(&text, &big);
        assert!(lenient.has_errors());
    }
    // Linear work; generous for unoptimized builds on a busy machine.
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

#[test]
fn every_diagnostic_code_is_snake_case_and_unique() {
    let names: Vec<&str> = DiagnosticCode::ALL.iter().map(|c| c.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
    for n in names {
        assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{n}");
    }
}

#[test]
fn every_diagnostic_code_is_documented() {
    let doc = include_str!("../../../docs/query-language.md");
    for code in DiagnosticCode::ALL {
        assert!(
            doc.contains(&format!("`{}`", code.as_str())),
            "{} is not in docs/query-language.md",
            code.as_str()
        );
    }
}

mod dates {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(s: &str) -> DateExpr {
        DateExpr::Day(s.parse().unwrap())
    }

    #[test]
    fn a_day_is_midnight_to_midnight_in_the_workspace_zone() {
        let now = utc("2026-03-10T12:00:00Z");
        let i = resolve(&day("2026-01-31"), now, 60);
        assert_eq!((i.start, i.end), (utc("2026-01-30T23:00:00Z"), utc("2026-01-31T23:00:00Z")));
    }

    #[test]
    fn comparisons_on_a_day_use_its_start_or_its_end() {
        let q = parse("created:>2026-01-31", &opts()).unwrap();
        let frontdesk::query::Expr::Term(frontdesk::query::Term::Date(f)) = q.root else { panic!() };
        let b = f.bounds(utc("2026-03-10T12:00:00Z"), 0);
        assert_eq!((b.start, b.end), (Some(utc("2026-02-01T00:00:00Z")), None));
        assert!(!b.contains(utc("2026-01-31T23:59:59Z")));
        assert!(b.contains(utc("2026-02-01T00:00:00Z")));
    }

    #[test]
    fn today_and_yesterday_follow_the_workspace_zone() {
        // 23:30 UTC on the 9th is already the 10th at UTC+1.
        let now = utc("2026-03-09T23:30:00Z");
        let t = resolve(&DateExpr::Period(NamedPeriod::Today), now, 60);
        assert_eq!(t.start, utc("2026-03-09T23:00:00Z"));
        let y = resolve(&DateExpr::Period(NamedPeriod::Yesterday), now, 60);
        assert_eq!((y.start, y.end), (utc("2026-03-08T23:00:00Z"), utc("2026-03-09T23:00:00Z")));
    }

    #[test]
    fn weeks_start_on_monday() {
        let now = utc("2026-03-11T10:00:00Z"); // a Wednesday
        let w = resolve(&DateExpr::Period(NamedPeriod::ThisWeek), now, 0);
        assert_eq!((w.start, w.end), (utc("2026-03-09T00:00:00Z"), utc("2026-03-16T00:00:00Z")));
        let l = resolve(&DateExpr::Period(NamedPeriod::LastWeek), now, 0);
        assert_eq!((l.start, l.end), (utc("2026-03-02T00:00:00Z"), utc("2026-03-09T00:00:00Z")));
        let m = resolve(&DateExpr::Period(NamedPeriod::LastMonth), now, 0);
        assert_eq!((m.start, m.end), (utc("2026-02-01T00:00:00Z"), utc("2026-03-01T00:00:00Z")));
    }

    #[test]
    fn a_relative_date_is_one_millisecond_that_moves_with_now() {
        let now = utc("2026-03-31T12:00:00Z");
        let r = resolve(&DateExpr::Relative { amount: -7, unit: RelUnit::Days }, now, 0);
        assert_eq!(
            (r.start, r.end.timestamp_millis() - r.start.timestamp_millis()),
            (utc("2026-03-24T12:00:00Z"), 1)
        );
        let tomorrow = now + chrono::TimeDelta::days(1);
        let r2 = resolve(&DateExpr::Relative { amount: -7, unit: RelUnit::Days }, tomorrow, 0);
        assert_eq!(r2.start, utc("2026-03-25T12:00:00Z"));
    }

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        let now = utc("2026-03-31T12:00:00Z");
        let r = resolve(&DateExpr::Relative { amount: -1, unit: RelUnit::Months }, now, 0);
        assert_eq!(r.start, utc("2026-02-28T12:00:00Z"));
    }

    #[test]
    fn dates_past_the_ends_of_time_saturate() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let far = resolve(&DateExpr::Relative { amount: -999_999, unit: RelUnit::Years }, now, 0);
        assert_eq!(far.start, DateTime::<Utc>::MIN_UTC);
        let r = resolve(&day("2026-01-01"), DateTime::<Utc>::MAX_UTC, i32::MAX);
        assert!(r.start < r.end);
    }
}
