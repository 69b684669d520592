//! Search rules: the examples of the query-language documents on a small,
//! realistic workspace, the API's paging and errors, and the pinned
//! differences between in-memory search and SQL text matching.

mod search_support;

use chrono::{DateTime, Duration, Utc};
use frontdesk::query::sql::{compile, export_rows, SqlDialect};
use frontdesk::query::{parse, DiagnosticCode, ParseOptions};
use frontdesk::*;
use search_support::{pg_client, pg_ids, pg_load, sqlite_db, sqlite_ids};

const SYS: Actor = Actor::System;

/// Minutes from Monday 2026-03-02 09:00 UTC.
fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc() + Duration::minutes(minutes)
}

struct Inbox {
    ws: Workspace,
    ada: UserId,
    sarah: UserId,
    tom: UserId,
}

fn inbound(
    ws: &mut Workspace,
    at: DateTime<Utc>,
    contact: ContactId,
    channel: Channel,
    body: &str,
) -> ConversationId {
    let inbound = Inbound {
        from: Sender::Contact { contact },
        channel,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    };
    ws.receive_message(SYS, at, inbound).unwrap().value.conversation
}

/// 1: Alice, WhatsApp, two days ago, a refund request; Sarah assigned and
///    replied; pending.
/// 2: Hans, email, today; nobody answered (Sarah left a note); open.
/// 3: Jane, webchat, today; Tom assigned, the AI answered, Tom's note
///    mentions the refund request; open.
/// 4: Bob, WhatsApp, yesterday; "refunded twice"; nobody answered; pending.
/// 5: Carl, SMS, today; about a refund; visible to Tom only; open.
fn inbox() -> Inbox {
    let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    let add = |ws: &mut Workspace, name: &str, email: &str, role| {
        ws.add_user(SYS, t(-5000), NewUser::new(name, email, role)).unwrap().value
    };
    let ada = add(&mut ws, "Ada Admin", "ada@company.com", Role::Admin);
    let sarah = add(&mut ws, "Sarah Connor", "sarah@company.com", Role::Agent);
    let tom = add(&mut ws, "Tom Jones", "tom@company.com", Role::Agent);
    let contact = |ws: &mut Workspace, c: NewContact| ws.add_contact(SYS, t(-5000), c).unwrap().value;
    let alice = contact(
        &mut ws,
        NewContact::named("Alice Martin").phone("+1 234 567 890").email("alice@example.com"),
    );
    let hans =
        contact(&mut ws, NewContact::named("Hans Müller").phone("+49 151 12345678").company("Acme GmbH"));
    let jane = contact(&mut ws, NewContact::named("Jane Doe").email("jane@gmail.com"));
    let bob = contact(&mut ws, NewContact::named("Bob Stone").phone("+44 20 7946 0958"));
    let carl = contact(&mut ws, NewContact::named("Carl Rich").phone("+1 555 0100"));

    let c1 = inbound(
        &mut ws,
        t(-2 * 1440),
        alice,
        Channel::Whatsapp,
        "Hi, I'd like a refund request for my order",
    );
    ws.assign(Actor::User(ada), t(-2 * 1440 + 5), c1, vec![sarah], None).unwrap();
    ws.send_message(Actor::User(sarah), t(-2 * 1440 + 10), c1, Outbound::text("Sure, processing it"))
        .unwrap();
    ws.set_status(Actor::User(sarah), t(-2 * 1440 + 20), c1, Status::Pending).unwrap();

    let c2 = inbound(&mut ws, t(10), hans, Channel::Email, "Where is my parcel?");
    ws.add_note(Actor::User(sarah), t(12), c2, "Checking with the courier").unwrap();

    let c3 = inbound(&mut ws, t(20), jane, Channel::Webchat, "How long do Refunds take?");
    ws.send_ai_reply(SYS, t(21), c3, "Usually five days.").unwrap();
    ws.assign(Actor::User(ada), t(22), c3, vec![tom], None).unwrap();
    ws.add_note(Actor::User(tom), t(23), c3, "refund request escalated to billing").unwrap();

    // Time never runs backwards: dated yesterday, these commands are applied
    // at t(23), the latest time so far; the fixture then moves Bob's
    // conversation back to yesterday in the data, as an import would.
    let c4 = inbound(&mut ws, t(-1440), bob, Channel::Whatsapp, "hello, I was refunded twice");
    ws.set_status(SYS, t(-1430), c4, Status::Pending).unwrap();
    let mut ws = backdate(ws, c4, Duration::minutes(-1440 - 23));

    let c5 = inbound(&mut ws, t(30), carl, Channel::Sms, "refund please");
    ws.set_visibility(SYS, t(31), c5, Visibility::users([tom])).unwrap();
    assert_eq!([c1, c2, c3, c4, c5].map(|c| c.0), [1, 2, 3, 4, 5]);
    Inbox { ws, ada, sarah, tom }
}

/// Moves every timestamp of one conversation by `by`, through a snapshot.
fn backdate(ws: Workspace, id: ConversationId, by: Duration) -> Workspace {
    let mut snapshot = ws.snapshot();
    let c = snapshot.conversations.iter_mut().find(|c| c.id == id).unwrap();
    c.created_at += by;
    c.updated_at += by;
    let optional = [
        &mut c.last_message_at,
        &mut c.last_exchange_at,
        &mut c.closed_at,
        &mut c.reply.waiting_since,
        &mut c.reply.ai_waiting_since,
    ];
    for at in optional.into_iter().flatten() {
        *at += by;
    }
    for m in &mut c.messages {
        m.at += by;
    }
    Workspace::from_snapshot(snapshot).unwrap()
}

fn ids(ws: &Workspace, viewer: UserId, query: &str) -> Vec<u64> {
    let q = parse(query, &ParseOptions::default()).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    ws.search_ids(Actor::User(viewer), &q, t(60)).unwrap().iter().map(|c| c.0).collect()
}

#[test]
fn the_documented_examples_return_the_right_conversations() {
    let Inbox { ws, ada, sarah, .. } = inbox();
    let cases: &[(&str, UserId, &[u64])] = &[
        ("\"refund request\"", sarah, &[1, 3]),
        ("refund", sarah, &[1, 3, 4]),
        ("refund", ada, &[1, 3, 4, 5]),
        ("phone:+1234567890", sarah, &[1]),
        ("phone:+1 234 567 890", sarah, &[1]),
        ("assigned:sarah@company.com", sarah, &[1]),
        ("agent:Sarah", sarah, &[1, 2]),
        ("WhatsApp + pending", sarah, &[1, 4]),
        ("New + Unassigned", sarah, &[2, 4]),
        ("New + Unassigned", ada, &[2, 4, 5]),
        ("Status: Active", sarah, &[2, 3]),
        ("status:open", sarah, &[2, 3]),
        ("created:today", sarah, &[2, 3]),
        ("created:yesterday", sarah, &[4]),
        ("created:>=-7d -created:today", sarah, &[1, 4]),
        ("müller", sarah, &[2]),
        ("company:acme", sarah, &[2]),
        ("email:@gmail.com", sarah, &[3]),
        ("assignee:me", sarah, &[1]),
        // The AI answered 3 while it handled it.
        ("is:unreplied", sarah, &[2, 4]),
    ];
    let mut failures = Vec::new();
    for (query, viewer, want) in cases {
        let got = ids(&ws, *viewer, query);
        if got != *want {
            failures.push(format!("{query:?} as {viewer}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn search_only_returns_conversations_the_viewer_may_see() {
    let Inbox { ws, ada, sarah, tom } = inbox();
    assert_eq!(ids(&ws, sarah, ""), [1, 2, 3, 4]);
    assert_eq!(ids(&ws, tom, "refund please"), [5]);
    assert_eq!(ids(&ws, sarah, "refund please"), Vec::<u64>::new());
    assert_eq!(ids(&ws, ada, "id:5"), [5]);
    assert_eq!(ids(&ws, sarah, "id:5"), Vec::<u64>::new());
    // The host sees everything; for it `me` is nobody and nothing is unread.
    let q = |s: &str| parse(s, &ParseOptions::default()).unwrap();
    assert_eq!(ws.search_ids(SYS, &q(""), t(60)).unwrap().len(), 5);
    assert!(ws.search_ids(SYS, &q("assignee:me"), t(60)).unwrap().is_empty());
    assert!(ws.search_ids(SYS, &q("is:unread"), t(60)).unwrap().is_empty());
}

#[test]
fn a_first_page_by_assignee_lists_only_what_the_viewer_may_see() {
    let Inbox { mut ws, ada, sarah, tom } = inbox();
    // 5 is visible to Tom only; assigned to him, it is in his own list, which
    // first pages by assignee read.
    ws.assign(Actor::User(ada), t(40), ConversationId(5), vec![tom], None).unwrap();
    let page = |viewer: UserId, query: &str| -> Vec<u64> {
        let options = SearchOptions::new();
        let rows = ws.search_text(Actor::User(viewer), query, t(60), &options).unwrap().rows;
        rows.iter().map(|r| r.conversation.0).collect()
    };
    for query in ["assignee:tom@company.com", "assignee:tom", "assignee:tom@company.com status:open"] {
        assert_eq!(page(sarah, query), [3], "{query}");
        assert_eq!(page(ada, query), [5, 3], "{query}");
        assert_eq!(page(tom, query), [5, 3], "{query}");
    }
    assert_eq!(page(tom, "assignee:me"), [5, 3]);
    assert_eq!(page(sarah, "assignee:me"), [1]);
}

#[test]
fn is_unread_follows_the_viewers_read_markers_and_notes_count_for_agent() {
    let Inbox { mut ws, sarah, tom, .. } = inbox();
    // Writing reads: Sarah wrote last in 1 and 2 (a reply, a note) and has
    // not opened 3 and 4.
    assert_eq!(ids(&ws, sarah, "is:unread"), [3, 4]);
    ws.mark_read(Actor::User(sarah), t(40), ConversationId(3)).unwrap();
    assert_eq!(ids(&ws, sarah, "is:unread"), [4]);
    assert_eq!(ids(&ws, tom, "is:unread"), [1, 2, 4, 5]);
    // Tom is on 3 both as assignee and as the author of a note.
    assert_eq!(ids(&ws, tom, "agent:me"), [3]);
    assert_eq!(ids(&ws, tom, "agent:tom@company.com -assignee:me"), Vec::<u64>::new());
    assert_eq!(ids(&ws, tom, "agent:sarah -assignee:sarah"), [2]);
}

#[test]
fn search_pages_with_the_views_sorts_and_cursors() {
    let Inbox { ws, sarah, .. } = inbox();
    let viewer = Actor::User(sarah);
    let mut options = SearchOptions::new().limit(2);
    let first = ws.search_text(viewer, "refund OR müller", t(60), &options).unwrap();
    // Most recent activity first: 3 (t23), 2 (t12), then 4 and 1.
    assert_eq!(first.rows.iter().map(|r| r.conversation.0).collect::<Vec<_>>(), [3, 2]);
    assert_eq!(first.rows[0].title, "Jane Doe");
    options = options.after(first.next.clone().unwrap());
    let second = ws.search_text(viewer, "refund OR müller", t(60), &options).unwrap();
    assert_eq!(second.rows.iter().map(|r| r.conversation.0).collect::<Vec<_>>(), [4, 1]);
    assert!(second.next.is_none());
    // A cursor belongs to its sort order.
    let other = SearchOptions::new().sort(Sort::Priority).after(first.next.unwrap());
    assert_eq!(ws.search_text(viewer, "refund", t(60), &other).unwrap_err().code(), "invalid_argument");
    let zero = SearchOptions::new().limit(0);
    assert_eq!(ws.search_text(viewer, "refund", t(60), &zero).unwrap_err().code(), "invalid_argument");
    // Views' row format, unread included.
    let page = ws.search_text(viewer, "id:4", t(60), &SearchOptions::new()).unwrap();
    assert_eq!(page.rows[0].unread, 1);
    assert_eq!(page.rows[0].preview, "hello, I was refunded twice");
}

#[test]
fn a_query_that_does_not_parse_is_refused_with_every_diagnostic() {
    let Inbox { ws, sarah, .. } = inbox();
    let err = ws
        .search_text(Actor::User(sarah), "status:pendng (refund", t(60), &SearchOptions::new())
        .unwrap_err();
    assert_eq!(err.code(), "query_syntax");
    assert_eq!(err.family(), ErrorFamily::InvalidInput);
    let Error::QuerySyntax { diagnostics } = err else { panic!("not a syntax error") };
    let codes: Vec<DiagnosticCode> = diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&DiagnosticCode::InvalidValue), "{codes:?}");
    assert!(codes.contains(&DiagnosticCode::UnbalancedParenthesis), "{codes:?}");
    // Warnings alone do not fail a search.
    assert!(ws.search_text(Actor::User(sarah), "refund or müller", t(60), &SearchOptions::new()).is_ok());
}

#[test]
fn a_removed_or_unknown_viewer_cannot_search() {
    let Inbox { mut ws, ada, tom, .. } = inbox();
    ws.remove_user(Actor::User(ada), t(50), tom).unwrap();
    let q = parse("refund", &ParseOptions::default()).unwrap();
    assert_eq!(ws.search_ids(Actor::User(tom), &q, t(60)).unwrap_err().code(), "user_deleted");
    assert_eq!(ws.search_ids(Actor::User(UserId(99)), &q, t(60)).unwrap_err().code(), "not_found");
    assert_eq!(ws.sql_context(tom, t(60)).unwrap_err().code(), "user_deleted");
}

#[test]
fn the_exported_rows_give_the_same_ids_on_sqlite_for_the_documented_examples() {
    let Inbox { ws, ada, sarah, tom } = inbox();
    let db = sqlite_db(&export_rows(&ws));
    for query in
        ["\"refund request\"", "refund", "agent:Sarah", "New + Unassigned", "is:unread", "created:today"]
    {
        let q = parse(query, &ParseOptions::default()).unwrap();
        for v in [ada, sarah, tom] {
            let memory: Vec<i64> =
                ws.search_ids(Actor::User(v), &q, t(60)).unwrap().iter().map(|c| c.0 as i64).collect();
            let compiled = compile(&q, &ws.sql_context(v, t(60)).unwrap(), SqlDialect::Sqlite).unwrap();
            assert_eq!(sqlite_ids(&db, &compiled), memory, "{query:?} as {v}");
        }
    }
}

/// A workspace whose contact names hold capital non-ASCII letters.
fn capitals() -> (Workspace, UserId) {
    let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    let ada = ws.add_user(SYS, t(0), NewUser::new("Ada", "ada@company.com", Role::Admin)).unwrap().value;
    for (name, company) in [("JÖRG MÜLLER", "Beta"), ("Hans Müller", "İSTANBUL Ltd"), ("ΟΔΥΣΣΕΑΣ", "Gamma")]
    {
        let k = ws.add_contact(SYS, t(0), NewContact::named(name).company(company)).unwrap().value;
        inbound(&mut ws, t(1), k, Channel::Whatsapp, "hi");
    }
    (ws, ada)
}

/// Runs `query` as `viewer` in memory, on SQLite and (when configured) on
/// PostgreSQL.
fn three_ways(ws: &Workspace, viewer: UserId, query: &str) -> (Vec<i64>, Vec<i64>, Option<Vec<i64>>) {
    let q = parse(query, &ParseOptions::default()).unwrap();
    let memory = ws.search_ids(Actor::User(viewer), &q, t(60)).unwrap().iter().map(|c| c.0 as i64).collect();
    let rows = export_rows(ws);
    let ctx = ws.sql_context(viewer, t(60)).unwrap();
    let sqlite = sqlite_ids(&sqlite_db(&rows), &compile(&q, &ctx, SqlDialect::Sqlite).unwrap());
    let pg = pg_client().map(|mut client| {
        pg_load(&mut client, &rows);
        pg_ids(&mut client, &compile(&q, &ctx, SqlDialect::Postgres).unwrap())
    });
    (memory, sqlite, pg)
}

#[test]
fn sqlite_misses_capital_non_ascii_letters_in_data_that_memory_and_postgresql_fold() {
    let (ws, ada) = capitals();
    // Conversation 1 is JÖRG MÜLLER, 2 Hans Müller.
    let (memory, sqlite, pg) = three_ways(&ws, ada, "name:müller");
    assert_eq!(memory, [1, 2]);
    assert_eq!(sqlite, [2], "SQLite's lower() leaves Ö and Ü as they are");
    if let Some(pg) = pg {
        assert_eq!(pg, [1, 2]);
    }
    let (memory, sqlite, _) = three_ways(&ws, ada, "name:jörg");
    assert_eq!((memory, sqlite), (vec![1], vec![]));
}

#[test]
fn turkish_dotted_capital_i_and_final_sigma_lowercase_differently_in_rust_and_postgresql() {
    let (ws, ada) = capitals();
    // Rust lowercases İ to "i̇" (i and a combining dot), so "istanbul" is not
    // in it; PostgreSQL's lower() gives a plain i.
    let (memory, sqlite, pg) = three_ways(&ws, ada, "company:istanbul");
    assert_eq!((memory, sqlite), (vec![], vec![]));
    if let Some(pg) = pg {
        assert_eq!(pg, [2]);
    }
    // Rust writes a word-final Σ as ς; PostgreSQL writes σ everywhere.
    let (memory, _, pg) = three_ways(&ws, ada, "name:οδυσσεα\u{3c2}");
    assert_eq!(memory, [3]);
    if let Some(pg) = pg {
        assert_eq!(pg, Vec::<i64>::new());
    }
    let (memory, _, pg) = three_ways(&ws, ada, "name:οδυσσεα\u{3c3}");
    assert_eq!(memory, Vec::<i64>::new());
    if let Some(pg) = pg {
        assert_eq!(pg, [3]);
    }
    // Text without the differing letter matches everywhere.
    let (memory, _, pg) = three_ways(&ws, ada, "name:οδυσσεα");
    assert_eq!(memory, [3]);
    if let Some(pg) = pg {
        assert_eq!(pg, [3]);
    }
}

#[test]
fn has_unpaid_invoice_finds_exactly_the_conversations_the_close_rule_refuses() {
    let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    let admin = ws.add_user(SYS, t(0), NewUser::new("Ada", "ada@x.io", Role::Admin)).unwrap().value;
    let mut convs = Vec::new();
    for (i, kind) in
        [PaymentKind::Invoice, PaymentKind::Checkout, PaymentKind::Invoice].into_iter().enumerate()
    {
        let contact = ws.add_contact(SYS, t(0), NewContact::named(format!("C{i}"))).unwrap().value;
        let c = inbound(&mut ws, t(1), contact, Channel::Whatsapp, "can I pay?");
        let new = NewInvoice { kind, amount_minor: 500, currency: "EUR".into(), description: "order".into() };
        let inv = ws.send_invoice(Actor::User(admin), t(2), c, new).unwrap().value;
        if i == 2 {
            ws.mark_invoice_paid(SYS, t(3), inv).unwrap();
        }
        convs.push(c);
    }
    let q = |text: &str| parse(text, &ParseOptions::default()).unwrap();
    let unpaid = ws.search_ids(Actor::User(admin), &q("has:unpaid_invoice"), t(4)).unwrap();
    let refused: Vec<ConversationId> =
        convs.iter().copied().filter(|c| ws.clone().close(Actor::User(admin), t(4), *c).is_err()).collect();
    assert_eq!(unpaid, refused);
    assert_eq!(unpaid, vec![convs[0]], "an unpaid checkout is not an unpaid invoice");
    assert_eq!(ws.search_ids(Actor::User(admin), &q("has:invoice"), t(4)).unwrap(), vec![convs[0], convs[2]]);
    // The SQL compiler agrees on SQLite.
    let ctx = ws.sql_context(admin, t(4)).unwrap();
    let db = sqlite_db(&export_rows(&ws));
    let sql = compile(&q("has:unpaid_invoice"), &ctx, SqlDialect::Sqlite).unwrap();
    assert_eq!(sqlite_ids(&db, &sql), vec![convs[0].get() as i64]);
}

#[test]
fn a_full_phone_number_matches_exactly_that_number_and_a_fragment_matches_its_digits_anywhere() {
    let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    let ada = ws.add_user(SYS, t(0), NewUser::new("Ada", "ada@company.com", Role::Admin)).unwrap().value;
    // Conversation 1 is +49301234567, 2 is +493012345678 (one digit longer).
    for phone in ["+49 30 1234567", "+49 30 12345678"] {
        let k = ws.add_contact(SYS, t(0), NewContact::named("K").phone(phone)).unwrap().value;
        inbound(&mut ws, t(1), k, Channel::Whatsapp, "hi");
    }
    let cases: &[(&str, &[i64])] = &[
        ("phone:+49 30 1234567", &[1]),
        ("phone:0049 30 1234567", &[1]),
        ("phone:+493012345678", &[2]),
        ("tel:+49 (30) 123-4567", &[1]),
        // A trunk prefix after the country code is dropped, as for stored phones.
        ("phone:+49 030 1234567", &[1]),
        ("phone:\"+49 (0)30 1234567\"", &[1]),
        // Fragments: digits anywhere, or a `+` prefix too short to be a number.
        ("phone:1234567", &[1, 2]),
        ("phone:45678", &[2]),
        ("phone:+4930", &[1, 2]),
        ("phone:+493", &[1, 2]),
        ("phone:30 1234", &[1, 2]),
    ];
    for (query, want) in cases {
        let (memory, sqlite, pg) = three_ways(&ws, ada, query);
        assert_eq!(memory, *want, "{query:?} in memory");
        assert_eq!(sqlite, *want, "{query:?} on SQLite");
        if let Some(pg) = pg {
            assert_eq!(pg, *want, "{query:?} on PostgreSQL");
        }
    }
}
