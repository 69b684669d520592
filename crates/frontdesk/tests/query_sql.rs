//! Compiled queries run on a real SQLite over a small hand-built data set in
//! the reference schema; each case pins the conversation ids returned.

use chrono::{DateTime, Utc};
use frontdesk::query::sql::{compile, SqlContext, SqlDialect, SqlParam, POSTGRES_SCHEMA, SQLITE_SCHEMA};
use frontdesk::query::{parse, Expr, ParseOptions, Query};
use frontdesk::UserId;
use rusqlite::{params_from_iter, types::Value, Connection};

const SARAH: u64 = 1;
const BOB: u64 = 2;
const ADMIN: u64 = 3;

fn ms(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-11T12:00:00Z").unwrap().with_timezone(&Utc)
}

fn db() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SQLITE_SCHEMA).unwrap();
    conn.execute_batch(
        "INSERT INTO users VALUES
            (1, 'Sarah Connor', 'sarah@company.com', 'agent', FALSE),
            (2, 'Bob Smith', 'Bob@Company.com', 'agent', FALSE),
            (3, 'Ann Admin', 'ann@company.com', 'admin', FALSE),
            (4, 'Carol King', 'carol@company.com', 'agent', FALSE);
         INSERT INTO teams VALUES (1, 'Support'), (2, 'Sales');
         INSERT INTO contacts VALUES
            (1, 'Hans Müller', '+4915112345678', 'hans@acme.com', 'Acme GmbH', NULL),
            (2, 'JÖRG MÜLLER', '+441234567890', 'joerg@beta.de', 'Beta', NULL),
            (3, 'Jane Doe', '+12345678901', 'jane@gmail.com', '100%_Juice Co', NULL),
            (4, 'Ali', NULL, NULL, NULL, NULL);",
    )
    .unwrap();
    let convs = [
        // id, kind, contact, status, priority, channel, team, mode, campaign, restricted, created, closed, unreplied
        (
            1,
            "customer",
            Some(1),
            "open",
            3,
            "whatsapp",
            Some(1),
            "active",
            Some("spring"),
            false,
            "2026-03-10T10:00:00Z",
            None,
            1,
        ),
        (
            2,
            "customer",
            Some(2),
            "pending",
            2,
            "email",
            None,
            "paused",
            None,
            true,
            "2026-01-31T23:30:00Z",
            None,
            0,
        ),
        (
            3,
            "customer",
            Some(3),
            "resolved",
            1,
            "sms",
            Some(2),
            "manual",
            Some("Spring"),
            false,
            "2026-01-15T09:00:00Z",
            Some("2026-01-20T08:00:00Z"),
            0,
        ),
        (
            4,
            "internal",
            None,
            "open",
            0,
            "internal",
            None,
            "manual",
            None,
            true,
            "2026-03-11T11:00:00Z",
            None,
            0,
        ),
        (
            5,
            "customer",
            Some(4),
            "archived",
            1,
            "webchat",
            None,
            "active",
            None,
            false,
            "2025-12-01T09:00:00Z",
            Some("2026-02-01T10:00:00Z"),
            0,
        ),
        (
            6,
            "customer",
            Some(1),
            "open",
            1,
            "telephony",
            None,
            "active",
            None,
            false,
            "2026-03-11T11:59:00Z",
            None,
            1,
        ),
    ];
    for (
        id,
        kind,
        contact,
        status,
        prio,
        channel,
        team,
        mode,
        campaign,
        restricted,
        created,
        closed,
        unreplied,
    ) in convs
    {
        conn.execute(
            "INSERT INTO conversations (id, kind, contact_id, status, priority, channel, team_id, ai_mode, campaign,
                visibility_restricted, created_at, updated_at, closed_at, unreplied_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
            rusqlite::params![id, kind, contact, status, prio, channel, team, mode, campaign, restricted, ms(created), closed.map(ms), unreplied],
        )
        .unwrap();
    }
    conn.execute_batch(
        "INSERT INTO conversation_visible_users VALUES (2, 2), (4, 1), (4, 2);
         INSERT INTO conversation_assignees VALUES (1, 1), (2, 2), (3, 1), (3, 2), (4, 1);
         INSERT INTO conversation_tags VALUES (1, 'vip'), (1, 'refund'), (3, 'Spam');
         INSERT INTO messages (id, conversation_id, channel, author_kind, author_user_id, is_note, body, has_attachment, created_at) VALUES
            (1, 1, 'whatsapp', 'contact', NULL, FALSE, 'I want a REFUND please', FALSE, 0),
            (2, 1, 'whatsapp', 'agent', 1, FALSE, 'Sure, processing', FALSE, 0),
            (3, 1, 'whatsapp', 'contact', NULL, FALSE, 'thanks', FALSE, 0),
            (4, 2, 'email', 'contact', NULL, FALSE, 'Is the Straße closed?', FALSE, 0),
            (5, 2, 'email', 'agent', 2, TRUE, 'check with 100% certainty', TRUE, 0),
            (6, 3, 'sms', 'contact', NULL, FALSE, 'refund request for order 7', FALSE, 0),
            (7, 3, 'sms', 'ai', NULL, FALSE, 'Refund done', FALSE, 0),
            (8, 4, 'internal', 'agent', 1, FALSE, 'internal chat', FALSE, 0),
            (9, 4, 'internal', 'agent', 2, FALSE, 'ok', FALSE, 0),
            (10, 5, 'webchat', 'contact', NULL, FALSE, 'hello', FALSE, 0),
            (11, 5, 'webchat', 'agent', 4, FALSE, 'bye', FALSE, 0),
            (12, 6, 'telephony', 'contact', NULL, FALSE, 'call me', FALSE, 0);
         INSERT INTO invoices VALUES (1, 1, 'invoice', 'unpaid'), (2, 3, 'invoice', 'paid'), (3, 5, 'invoice', 'void');
         INSERT INTO read_markers VALUES (1, 1, 2), (4, 1, 9), (3, 1, 7);",
    )
    .unwrap();
    conn
}

fn ctx(viewer: u64, offset: i32) -> SqlContext {
    SqlContext { viewer: UserId(viewer), is_admin: viewer == ADMIN, now: now(), utc_offset_minutes: offset }
}

fn run(conn: &Connection, q: &Query, ctx: &SqlContext) -> Vec<i64> {
    let compiled = compile(q, ctx, SqlDialect::Sqlite).unwrap();
    let values = compiled.params.iter().map(|p| match p {
        SqlParam::Int(n) => Value::Integer(*n),
        SqlParam::Text(s) => Value::Text(s.clone()),
    });
    let mut stmt = conn.prepare(&compiled.sql).unwrap_or_else(|e| panic!("{e}: {}", compiled.sql));
    let rows = stmt.query_map(params_from_iter(values), |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn ids(conn: &Connection, query: &str, viewer: u64, offset: i32) -> Vec<i64> {
    let q = parse(query, &ParseOptions::default()).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    run(conn, &q, &ctx(viewer, offset))
}

/// (query, viewer, UTC offset in minutes, expected ids)
const CASES: &[(&str, u64, i32, &[i64])] = &[
    // Visibility: 2 is restricted to Bob, 4 to Sarah and Bob; admins see all.
    ("", SARAH, 0, &[1, 3, 4, 5, 6]),
    ("", BOB, 0, &[1, 2, 3, 4, 5, 6]),
    ("", ADMIN, 0, &[1, 2, 3, 4, 5, 6]),
    ("", 4, 0, &[1, 3, 5, 6]),
    // Text: message bodies and contact fields, case-insensitive.
    ("refund", SARAH, 0, &[1, 3]),
    ("\"refund request\"", SARAH, 0, &[3]),
    ("REFUND", SARAH, 0, &[1, 3]),
    ("hans", SARAH, 0, &[1, 6]),
    ("+4915", SARAH, 0, &[1, 6]),
    ("straße", ADMIN, 0, &[2]),
    ("\"100%\"", ADMIN, 0, &[2, 3]),
    ("(refund OR hello) -tag:vip", SARAH, 0, &[3, 5]),
    // LIKE wildcards in the query are literal characters.
    ("company:_", ADMIN, 0, &[3]),
    ("company:%", ADMIN, 0, &[3]),
    ("company:\"100%_juice\"", ADMIN, 0, &[3]),
    // Contact fields.
    ("phone:+49 151 12345678", SARAH, 0, &[1, 6]),
    ("phone:0049 151-1234-5678", SARAH, 0, &[1, 6]),
    ("email:@acme.com", SARAH, 0, &[1, 6]),
    ("email:HANS@acme.com", SARAH, 0, &[1, 6]),
    ("email:acme", SARAH, 0, &[1, 6]),
    ("name:jane", SARAH, 0, &[3]),
    ("contact:1", SARAH, 0, &[1, 6]),
    ("contact:jane", SARAH, 0, &[3]),
    // Enumerations.
    ("status:open", SARAH, 0, &[1, 4, 6]),
    ("-status:open", SARAH, 0, &[3, 5]),
    ("active", SARAH, 0, &[1, 4, 6]),
    ("WhatsApp OR pending", ADMIN, 0, &[1, 2]),
    ("WhatsApp + pending", ADMIN, 0, &[]),
    ("priority:>=high", SARAH, 0, &[1]),
    ("priority:>=high", ADMIN, 0, &[1, 2]),
    ("priority:low", SARAH, 0, &[4]),
    ("channel:sms,email", ADMIN, 0, &[2, 3]),
    ("mode:ai", SARAH, 0, &[1, 5, 6]),
    ("mode:manual", SARAH, 0, &[3, 4]),
    ("id:3,5,2", SARAH, 0, &[3, 5]),
    // People.
    ("assignee:me", SARAH, 0, &[1, 3, 4]),
    ("is:mine is:unread", SARAH, 0, &[1]),
    ("is:unassigned", SARAH, 0, &[5, 6]),
    ("assignee:bob@company.com", SARAH, 0, &[3]),
    ("assignee:bob@company.com", ADMIN, 0, &[2, 3]),
    ("assigned:sarah@company.com", SARAH, 0, &[1, 3, 4]),
    ("assignee:2", ADMIN, 0, &[2, 3]),
    ("agent:Sarah", SARAH, 0, &[1, 3, 4]),
    ("agent:carol", SARAH, 0, &[5]),
    ("agent:me", BOB, 0, &[2, 3, 4]),
    // Teams, tags, campaigns; negations keep rows whose column is NULL.
    ("team:support", SARAH, 0, &[1]),
    ("team:2", SARAH, 0, &[3]),
    ("team:none", SARAH, 0, &[4, 5, 6]),
    ("-team:1", SARAH, 0, &[3, 4, 5, 6]),
    ("tag:vip", SARAH, 0, &[1]),
    ("tag:SPAM", SARAH, 0, &[3]),
    ("-tag:vip", SARAH, 0, &[3, 4, 5, 6]),
    ("no:tag", SARAH, 0, &[4, 5, 6]),
    ("campaign:spring", SARAH, 0, &[1, 3]),
    ("-campaign:spring", SARAH, 0, &[4, 5, 6]),
    ("-contact:1", SARAH, 0, &[3, 4, 5]),
    // Dates: created 2 is 2026-01-31T23:30Z, which is Feb 1 at UTC+1.
    ("created:2026-02-01", ADMIN, 60, &[2]),
    ("created:2026-02-01", ADMIN, 0, &[]),
    ("created:2026-01-31", ADMIN, 0, &[2]),
    ("created:2026-01-01..2026-01-31", ADMIN, 0, &[2, 3]),
    ("created:>2026-01-31", ADMIN, 0, &[1, 4, 6]),
    ("created:<2026-01-15", ADMIN, 0, &[5]),
    ("created:<=2026-01-15", ADMIN, 0, &[3, 5]),
    ("created:>=-24h", SARAH, 0, &[4, 6]),
    ("created:-2d", SARAH, 0, &[1, 4, 6]),
    ("created:today", SARAH, 0, &[4, 6]),
    ("created:this_month", SARAH, 0, &[1, 4, 6]),
    ("created:last_month", ADMIN, 0, &[]),
    ("created:>=2026-03-11T11:30:00+00:00", SARAH, 0, &[6]),
    ("closed:2026-01-20", SARAH, 0, &[3]),
    ("closed:>=2026-01-01", SARAH, 0, &[3, 5]),
    ("-closed:>=2026-01-01", SARAH, 0, &[1, 4, 6]),
    // Flags that depend on messages and on the viewer.
    ("is:unread", SARAH, 0, &[1, 5, 6]),
    ("is:unreplied", SARAH, 0, &[1, 6]),
    ("is:new", SARAH, 0, &[6]),
    ("is:new", ADMIN, 0, &[2, 6]),
    ("New + Unassigned", SARAH, 0, &[6]),
    ("has:invoice", SARAH, 0, &[1, 3, 5]),
    ("has:unpaid_invoice", SARAH, 0, &[1]),
    ("has:attachment", ADMIN, 0, &[2]),
    ("-has:attachment", SARAH, 0, &[1, 3, 4, 5, 6]),
    // Values that look like SQL stay values.
    ("tag:\"x' OR 1=1 --\"", SARAH, 0, &[]),
    ("\"'); DROP TABLE conversations; --\"", SARAH, 0, &[]),
];

#[test]
fn compiled_queries_return_the_expected_conversations_on_sqlite() {
    let conn = db();
    let mut failures = Vec::new();
    for (query, viewer, offset, want) in CASES {
        let got = ids(&conn, query, *viewer, *offset);
        if got != *want {
            failures
                .push(format!("{query:?} as user {viewer} (offset {offset}): got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sqlite_lower_folds_ascii_only_so_non_ascii_capitals_in_data_do_not_match() {
    let conn = db();
    // "Hans Müller" matches: its ü is already lowercase.
    assert_eq!(ids(&conn, "müller", ADMIN, 0), [1, 6]);
    // The query is lowercased in Rust (Unicode), so the capital Ü of the query
    // does not matter either.
    assert_eq!(ids(&conn, "MÜLLER", ADMIN, 0), [1, 6]);
    // "JÖRG MÜLLER" (conversation 2) is not found: SQLite's lower() leaves Ö
    // and Ü alone. PostgreSQL with a UTF-8 database returns [1, 2, 6].
    assert_eq!(ids(&conn, "name:jörg", ADMIN, 0), Vec::<i64>::new());
    assert_eq!(ids(&conn, "name:j", ADMIN, 0), [2, 3]);
}

#[test]
fn no_query_value_appears_in_the_sql_text() {
    let q = parse("tag:\"zz' OR 1=1 --\" \"qq%x\" assignee:nobody@x.y", &ParseOptions::default()).unwrap();
    for dialect in [SqlDialect::Sqlite, SqlDialect::Postgres] {
        let c = compile(&q, &ctx(SARAH, 0), dialect).unwrap();
        for needle in ["zz", "qq", "nobody", "1=1"] {
            assert!(!c.sql.contains(needle), "{needle} spliced into {}", c.sql);
        }
    }
}

#[test]
fn postgres_uses_dollar_placeholders_numbered_like_the_params() {
    let q = parse("refund status:open,pending assignee:me is:unread created:>=-7d", &ParseOptions::default())
        .unwrap();
    let c = compile(&q, &ctx(SARAH, 0), SqlDialect::Postgres).unwrap();
    assert!(!c.sql.contains('?'), "{}", c.sql);
    for n in 1..=c.params.len() {
        assert!(c.sql.contains(&format!("${n}")), "${n} unused in {}", c.sql);
    }
    assert!(!c.sql.contains(&format!("${}", c.params.len() + 1)));
    let s = compile(&q, &ctx(SARAH, 0), SqlDialect::Sqlite).unwrap();
    assert_eq!(s.sql.replace('?', "$"), c.sql);
    assert_eq!(s.params, c.params);
}

#[test]
fn the_viewer_is_bound_once_and_reused() {
    let q = parse("assignee:me is:unread", &ParseOptions::default()).unwrap();
    let c = compile(&q, &ctx(SARAH, 0), SqlDialect::Sqlite).unwrap();
    assert_eq!(c.params, [SqlParam::Int(1)]);
}

#[test]
fn relative_dates_resolve_when_compiled_not_when_parsed() {
    let conn = db();
    let q = parse("created:>=-24h", &ParseOptions::default()).unwrap();
    let mut later = ctx(SARAH, 0);
    later.now = now() + chrono::TimeDelta::days(1);
    assert_eq!(run(&conn, &q, &ctx(SARAH, 0)), [4, 6]);
    assert_eq!(run(&conn, &q, &later), Vec::<i64>::new());
}

#[test]
fn trees_deeper_than_the_compile_limit_are_refused() {
    let mut e = Expr::Term(frontdesk::query::Term::Text("x".into()));
    for _ in 0..1000 {
        e = Expr::Not(Box::new(e));
    }
    let err = compile(&Query { root: e }, &ctx(SARAH, 0), SqlDialect::Sqlite).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
}

#[test]
fn the_deepest_parsable_query_runs_on_sqlite() {
    let conn = db();
    let depth = frontdesk::query::HARD_MAX_DEPTH;
    let mut text = String::from("refund");
    for i in 0..depth {
        text = if i % 2 == 0 { format!("-(x OR {text})") } else { format!("(y {text})") };
    }
    let q = parse(&text, &ParseOptions::default().with_max_depth(depth).with_max_len(1 << 16)).unwrap();
    assert!(run(&conn, &q, &ctx(ADMIN, 0)).len() <= 6);
}

#[test]
fn the_documented_schema_is_the_one_in_the_code() {
    let doc = include_str!("../../../docs/sql-schema.md");
    assert!(doc.contains(SQLITE_SCHEMA), "docs/sql-schema.md must hold SQLITE_SCHEMA verbatim");
    assert!(doc.contains(POSTGRES_SCHEMA), "docs/sql-schema.md must hold POSTGRES_SCHEMA verbatim");
}
