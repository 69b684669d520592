//! frontdesk side by side with PostgreSQL and SQLite on the same data.
//!
//! For each size, the seeded generator builds a workspace (plus contact names
//! and a few distinctive messages, see [`enrich`]); `export_rows` loads the
//! same rows into a throwaway PostgreSQL database (COPY) and a SQLite file
//! (one transaction), each with the reference schema and extra indexes; then
//! every hot read runs in all three for an agent and an admin viewer, with
//! the viewer's visibility applied in the SQL: every tile, the first page of
//! 50 of every view (ids, and rows), and a list of searches (first page of 50
//! by recency, and the full count). The answers must agree (ids, counts,
//! tiles, row fields); any difference is printed with the read and the size
//! and the process exits with status 1. Then it prints one table of medians,
//! p99s, ratios and the targets.
//!
//! ```sh
//! URL=$(.ci/postgres.sh start)
//! FRONTDESK_PG_URL=$URL cargo run --release -p frontdesk-benches --bin compare -- --sizes 10000,100000
//! cargo run -p frontdesk-benches --bin compare -- --quick   # 2,000 conversations, agreement only
//! ```
//!
//! Without `FRONTDESK_PG_URL` the binary starts one with `.ci/postgres.sh
//! start` and stops it at the end. Flags: `--sizes a,b,c` (default
//! 10000,100000,1000000), `--quick`, `--show` (print each answer), `--viewers agent,admin`
//! (default both), `--budget-ms N` (time spent per read
//! and engine, default 400), `--iters N` (at most N timed runs, default 2000),
//! `--only TEXT` (only the reads whose name contains TEXT), `--fd-only`
//! (frontdesk's timings alone: no database, no agreement check).

use chrono::{DateTime, Duration, Utc};
use frontdesk::query::sql::{self, CompiledSql, SqlDialect, SqlParam, SqlRows, SqlValue};
use frontdesk::query::{parse, ParseOptions, Query};
use frontdesk::*;
use frontdesk_benches::{generate, SplitMix64};
use std::hint::black_box;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

// ---------------------------------------------------------------- arguments

struct Args {
    sizes: Vec<usize>,
    quick: bool,
    budget: std::time::Duration,
    iters: usize,
    show: bool,
    viewers: Vec<String>,
    only: Option<String>,
    fd_only: bool,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![10_000, 100_000, 1_000_000],
        quick: false,
        budget: std::time::Duration::from_millis(400),
        iters: 2000,
        show: false,
        viewers: vec!["agent".into(), "admin".into()],
        only: None,
        fd_only: false,
    };
    let mut sizes_given = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--quick" => a.quick = true,
            "--show" => a.show = true,
            "--only" => a.only = it.next(),
            "--fd-only" => a.fd_only = true,
            "--viewers" => {
                a.viewers = it.next().unwrap_or_default().split(',').map(|v| v.trim().to_string()).collect();
            }
            "--sizes" => {
                let v = it.next().unwrap_or_default();
                a.sizes = v.split(',').filter_map(|n| n.trim().replace('_', "").parse().ok()).collect();
                sizes_given = true;
            }
            "--budget-ms" => {
                let v: u64 = it.next().and_then(|v| v.parse().ok()).expect("--budget-ms N");
                a.budget = std::time::Duration::from_millis(v);
            }
            "--iters" => a.iters = it.next().and_then(|v| v.parse().ok()).expect("--iters N"),
            _ => {
                eprintln!("unknown flag {flag}; see the header of benches/src/bin/compare.rs");
                std::process::exit(2);
            }
        }
    }
    if a.quick && !sizes_given {
        a.sizes = vec![2_000];
    }
    a
}

// ------------------------------------------------------------------ the data

const FIRST: [&str; 20] = [
    "Ada", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kemi", "Luca",
    "Mira", "Nils", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tomas",
];
const LAST: [&str; 25] = [
    "Okafor", "Silva", "Nguyen", "Schmidt", "Kowalski", "Haddad", "Moreau", "Tanaka", "Larsen", "Rossi",
    "Murphy", "Novak", "Ibrahim", "Costa", "Fischer", "Yilmaz", "Kaur", "Jensen", "Petrov", "Garcia",
    "Dubois", "Sato", "Walsh", "Berg", "Mendes",
];
/// The body of the distinctive message added to some conversations: the
/// one-word (`refund`) and phrase (`"parcel arrived damaged"`) searches.
const REFUND: &str = "I would like a refund please, the parcel arrived damaged";

/// How many contacts [`enrich`] names.
const NAMED: usize = 100_000;

/// Gives the contacts a name (the generator's contacts have none, so
/// `name:` and list titles would be empty) and adds one customer message
/// asking for a refund to 2% of the conversations, so that text searches have
/// a selective word and phrase; the generator's four message bodies match
/// almost every conversation. Returns the clock after the last command.
fn enrich(ws: &mut Workspace, start: DateTime<Utc>, seed: u64) -> DateTime<Utc> {
    let mut rng = SplitMix64::new(seed ^ 0x00c0_ffee);
    // `update_contact` finds the contact by a linear scan of the contacts
    // (O(contact id)), so naming all of 1M contacts would take hours: the
    // first NAMED ones are named (all of them up to 100k conversations).
    let contacts: Vec<ContactId> =
        ws.contacts(Actor::System).expect("contacts").iter().take(NAMED).map(|c| c.id).collect();
    for id in contacts {
        let name = format!(
            "{} {}",
            FIRST[rng.below(FIRST.len() as u64) as usize],
            LAST[rng.below(LAST.len() as u64) as usize]
        );
        let patch = ContactPatch { name: Some(name), ..ContactPatch::default() };
        ws.update_contact(Actor::System, start, id, patch).expect("update contact");
    }
    let mut now = start;
    let picks: Vec<(ContactId, Channel)> = ws
        .conversations(Actor::System)
        .expect("host")
        .iter()
        .filter_map(|c| c.contact().map(|k| (k, c.channel)))
        .collect();
    for (contact, channel) in picks {
        if !rng.chance(2) {
            continue;
        }
        now += Duration::seconds(1);
        let inbound = Inbound {
            from: Sender::Contact { contact },
            channel,
            body: REFUND.into(),
            attachments: vec![],
            campaign: None,
        };
        ws.receive_message(Actor::System, now, inbound).expect("refund message");
    }
    now
}

// ---------------------------------------------------------------- the reads

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Tiles,
    ViewIds,
    ViewRows,
    SearchPage,
    SearchCount,
    TextPage,
    TextCount,
}

struct Read {
    name: String,
    kind: Kind,
    view: Option<View>,
    query: Option<Query>,
}

fn searches(g: &frontdesk_benches::Generated, ws: &Workspace, agent: UserId) -> Vec<(String, bool)> {
    // A phone number of a contact in the middle of the workspace.
    let all = ws.contacts(Actor::System).expect("contacts");
    let phones: Vec<&str> = all.iter().filter_map(|k| k.phone.as_deref()).collect();
    let phone = phones.get(phones.len() / 2).copied().unwrap_or("+447700000001");
    // A day in the middle of the generated period.
    let day = (frontdesk_benches::epoch() + (g.now - frontdesk_benches::epoch()) / 2).format("%Y-%m-%d");
    let other = ws.users().iter().find(|u| u.id != agent && u.role == Role::Agent).map(|u| u.email.clone());
    let other = other.unwrap_or_else(|| "user9@acme.test".into());
    vec![
        ("status:open".into(), false),
        ("channel:whatsapp".into(), false),
        ("tag:vip".into(), false),
        (format!("assignee:{other}"), false),
        ("is:unassigned".into(), false),
        (format!("created:{day}"), false),
        (format!("phone:{phone}"), false),
        ("name:okafor".into(), false),
        ("tag:vip OR priority:urgent".into(), false),
        ("channel:email -status:resolved".into(), false),
        ("(is:unassigned OR tag:billing) -channel:sms".into(), false),
        ("refund".into(), true),
        ("\"parcel arrived damaged\"".into(), true),
    ]
}

fn reads(g: &frontdesk_benches::Generated, ws: &Workspace, agent: UserId) -> Vec<Read> {
    let mut out = vec![Read { name: "all tiles".into(), kind: Kind::Tiles, view: None, query: None }];
    for v in View::ALL.into_iter().filter(|v| view_where(*v, false).is_some()) {
        for (kind, what) in [(Kind::ViewIds, "ids"), (Kind::ViewRows, "rows")] {
            out.push(Read {
                name: format!("{} first 50 {what}", v.as_str()),
                kind,
                view: Some(v),
                query: None,
            });
        }
    }
    for (text, is_text) in searches(g, ws, agent) {
        let q = parse(&text, &ParseOptions::default()).unwrap_or_else(|e| panic!("query {text}: {e:?}"));
        let (page, count) =
            if is_text { (Kind::TextPage, Kind::TextCount) } else { (Kind::SearchPage, Kind::SearchCount) };
        out.push(Read {
            name: format!("search `{text}` first 50"),
            kind: page,
            view: None,
            query: Some(q.clone()),
        });
        out.push(Read { name: format!("search `{text}` count"), kind: count, view: None, query: Some(q) });
    }
    out
}

// ------------------------------------------------------------------ answers

#[derive(Clone, Debug, PartialEq, Eq)]
struct RowCmp {
    id: i64,
    status: String,
    channel: String,
    priority: i64,
    unreplied: i64,
    /// None when SQL cannot say (no name, phone or email in the schema).
    title: Option<String>,
    preview: String,
    unread: i64,
    assignees: Vec<i64>,
    ai_mode: String,
    activity_ms: i64,
}

impl RowCmp {
    fn agrees(&self, sql: &RowCmp) -> bool {
        let title = sql.title.is_none() || self.title == sql.title;
        title && RowCmp { title: None, ..self.clone() } == RowCmp { title: None, ..sql.clone() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Answer {
    Ids(Vec<i64>),
    Count(i64),
    Tiles(Vec<i64>),
    Rows(Vec<RowCmp>),
}

impl Answer {
    fn agrees(&self, sql: &Answer) -> bool {
        match (self, sql) {
            (Answer::Rows(a), Answer::Rows(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.agrees(y))
            }
            _ => self == sql,
        }
    }

    fn brief(&self) -> String {
        match self {
            Answer::Ids(v) => format!("{} ids {:?}", v.len(), &v[..v.len().min(8)]),
            Answer::Count(n) => format!("count {n}"),
            Answer::Tiles(t) => format!("tiles {t:?}"),
            Answer::Rows(r) => format!("{} rows, first {:?}", r.len(), r.first()),
        }
    }
}

// ----------------------------------------------------------------- frontdesk

fn tiles_vec(t: &Tiles) -> Vec<i64> {
    [
        t.assigned_to_me,
        t.my_unreplied_messages,
        t.unassigned,
        t.unreplied_messages,
        t.team_inbox,
        t.in_progress,
        t.closed,
        t.my_inbox,
        t.needs_my_attention,
        t.waiting_for_customer,
        t.unread_conversations,
    ]
    .iter()
    .map(|n| *n as i64)
    .collect()
}

fn row_cmp(r: &ListRow) -> RowCmp {
    RowCmp {
        id: r.conversation.get() as i64,
        status: r.status.as_str().into(),
        channel: r.channel.as_str().into(),
        priority: sql::priority_rank(r.priority),
        unreplied: i64::from(r.unreplied),
        title: Some(r.title.clone()),
        preview: r.preview.clone(),
        unread: i64::from(r.unread),
        assignees: r.assignees.iter().map(|u| u.get() as i64).collect(),
        ai_mode: r.ai_mode.as_str().into(),
        activity_ms: r.last_activity_at.timestamp_millis(),
    }
}

/// Runs a read in frontdesk for timing: the public call alone, its result
/// dropped as it comes. `fd_run` also turns the result into the comparable
/// answer (cloning each row's strings), which is the harness's work, not the
/// library's; the SQL engines' timings keep the client's decoding of the rows,
/// which is their read.
fn fd_read(ws: &Workspace, viewer: UserId, now: DateTime<Utc>, read: &Read) {
    let who = Actor::User(viewer);
    match read.kind {
        Kind::Tiles => drop(black_box(ws.tiles(who).expect("tiles"))),
        Kind::ViewIds => {
            let query = ViewQuery::new(read.view.expect("view"));
            drop(black_box(ws.view_ids(who, &query, now).expect("view_ids")));
        }
        Kind::ViewRows => {
            let query = ViewQuery::new(read.view.expect("view"));
            drop(black_box(ws.view(who, &query, now).expect("view")));
        }
        Kind::SearchPage | Kind::TextPage => {
            let q = read.query.as_ref().expect("query");
            drop(black_box(ws.search_page_ids(who, q, now, &SearchOptions::new()).expect("search")));
        }
        Kind::SearchCount | Kind::TextCount => {
            let q = read.query.as_ref().expect("query");
            black_box(ws.search_count(who, q, now).expect("search_count"));
        }
    }
}

/// Runs a read in frontdesk through the public API only.
fn fd_run(ws: &Workspace, viewer: UserId, now: DateTime<Utc>, read: &Read) -> Answer {
    let who = Actor::User(viewer);
    match read.kind {
        Kind::Tiles => Answer::Tiles(tiles_vec(&ws.tiles(who).expect("tiles"))),
        Kind::ViewIds | Kind::ViewRows => {
            let query = ViewQuery::new(read.view.expect("view"));
            if read.kind == Kind::ViewIds {
                let page = ws.view_ids(who, &query, now).expect("view_ids");
                Answer::Ids(page.ids.iter().map(|id| id.get() as i64).collect())
            } else {
                let page = ws.view(who, &query, now).expect("view");
                Answer::Rows(page.rows.iter().map(row_cmp).collect())
            }
        }
        Kind::SearchPage | Kind::TextPage => {
            // The ids of the page, as the SQL side selects only `c.id`.
            let q = read.query.as_ref().expect("query");
            let (page, _) = ws.search_page_ids(who, q, now, &SearchOptions::new()).expect("search");
            Answer::Ids(page.iter().map(|id| id.get() as i64).collect())
        }
        Kind::SearchCount | Kind::TextCount => {
            let q = read.query.as_ref().expect("query");
            Answer::Count(ws.search_count(who, q, now).expect("search_count") as i64)
        }
    }
}

// ----------------------------------------------------------------- SQL text

/// The activity time of a conversation (last message, else creation); the
/// expression indexes use the same text.
const ACTIVITY: &str = "COALESCE(c.last_message_at, c.created_at)";

/// One SQL read: statements with `$n` placeholders (rewritten to `?n` for
/// SQLite) and their parameters.
#[derive(Clone, Debug)]
struct SqlRead {
    statements: Vec<(String, Vec<SqlParam>)>,
    kind: Kind,
}

/// The conversations `$1` may list: customer conversations they may see and
/// their own internal chats (admins see every customer conversation).
fn listed(admin: bool) -> String {
    let mine = "EXISTS (SELECT 1 FROM conversation_visible_users v WHERE v.conversation_id = c.id AND v.user_id = $1)";
    if admin {
        format!("(c.kind = 'customer' OR (c.kind = 'internal' AND {mine}))")
    } else {
        format!(
            "((c.kind = 'customer' AND (c.visibility_restricted = FALSE OR {mine})) OR (c.kind = 'internal' AND {mine}))"
        )
    }
}

const OPEN: &str = "c.status IN ('open', 'pending')";
const ASSIGNED: &str = "EXISTS (SELECT 1 FROM conversation_assignees a WHERE a.conversation_id = c.id)";
const MINE: &str =
    "EXISTS (SELECT 1 FROM conversation_assignees a WHERE a.conversation_id = c.id AND a.user_id = $1)";
const MY_INTERNAL: &str = "(c.kind = 'internal' AND EXISTS (SELECT 1 FROM conversation_visible_users v \
     WHERE v.conversation_id = c.id AND v.user_id = $1))";

/// The rows of a view, as in docs/views.md; `None` for the views whose rows
/// depend on the messages' order or on the viewer's day (Resolved Today,
/// Ready to Close), which the harness does not write in SQL yet.
fn view_where(view: View, admin: bool) -> Option<String> {
    let l = listed(admin);
    let cust = format!("c.kind = 'customer' AND {l}");
    let my_cust = format!("c.kind = 'customer' AND {OPEN} AND {MINE} AND {l}");
    if let Some(channel) = view.channel() {
        return Some(format!("{cust} AND c.channel = '{}'", channel.as_str()));
    }
    Some(match view {
        View::TeamInbox => l,
        View::Unassigned => format!("{cust} AND {OPEN} AND NOT {ASSIGNED}"),
        View::InProgress => format!("{cust} AND {OPEN} AND {ASSIGNED}"),
        View::Closed => format!("{cust} AND c.status IN ('resolved', 'archived')"),
        View::MyInbox => format!("(({my_cust}) OR {MY_INTERNAL})"),
        View::NeedsMyAttention => format!("{my_cust} AND c.unreplied_count > 0"),
        View::WaitingForCustomer => format!("{my_cust} AND c.unreplied_count = 0"),
        View::Active => format!("{cust} AND c.status = 'open'"),
        View::Pending => format!("{cust} AND c.status = 'pending'"),
        View::NeedsReview => format!("{cust} AND {OPEN} AND NOT {ASSIGNED} AND c.ai_mode = 'paused'"),
        _ => return None,
    })
}

const UNREAD_COUNT: &str = "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id \
     AND (m.author_user_id IS NULL OR m.author_user_id <> $1) \
     AND m.id > COALESCE((SELECT r.last_read_message_id FROM read_markers r \
     WHERE r.conversation_id = c.id AND r.user_id = $1), 0))";
const UNREAD_EXISTS: &str = "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
     AND (m.author_user_id IS NULL OR m.author_user_id <> $1) \
     AND m.id > COALESCE((SELECT r.last_read_message_id FROM read_markers r \
     WHERE r.conversation_id = c.id AND r.user_id = $1), 0))";

fn sql_read(read: &Read, ctx: &sql::SqlContext, dialect: SqlDialect) -> SqlRead {
    let admin = ctx.is_admin;
    let viewer = vec![SqlParam::Int(ctx.viewer.get() as i64)];
    let order = format!("ORDER BY {ACTIVITY} DESC, c.id DESC LIMIT 50");
    let statements = match read.kind {
        Kind::Tiles => {
            // One pass over the listed conversations for ten tiles, with each
            // conversation's assignees aggregated once (assigned, and mine),
            // and one count of the listed conversations with an unread message.
            let l = listed(admin);
            let sum = |cond: &str, what: &str| {
                format!("CAST(COALESCE(SUM(CASE WHEN {cond} THEN {what} ELSE 0 END), 0) AS BIGINT)")
            };
            let assigned = "asg.conversation_id IS NOT NULL";
            let cust_open = format!("c.kind = 'customer' AND {OPEN}");
            let mine = format!("{cust_open} AND COALESCE(asg.mine, 0) = 1");
            let cols = [
                sum(&mine, "1"),
                sum(&mine, "c.unreplied_count"),
                sum(&format!("{cust_open} AND NOT ({assigned})"), "1"),
                sum(&cust_open, "c.unreplied_count"),
                "count(*)".to_string(),
                sum(&format!("{cust_open} AND {assigned}"), "1"),
                sum("c.kind = 'customer' AND c.status IN ('resolved', 'archived')", "1"),
                sum(&format!("({mine}) OR c.kind = 'internal'"), "1"),
                sum(&format!("{mine} AND c.unreplied_count > 0"), "1"),
                sum(&format!("{mine} AND c.unreplied_count = 0"), "1"),
            ];
            let from = "conversations c LEFT JOIN (SELECT a.conversation_id, \
                 MAX(CASE WHEN a.user_id = $1 THEN 1 ELSE 0 END) AS mine \
                 FROM conversation_assignees a GROUP BY a.conversation_id) asg ON asg.conversation_id = c.id";
            vec![
                (format!("SELECT {} FROM {from} WHERE {l}", cols.join(", ")), viewer.clone()),
                (format!("SELECT count(*) FROM conversations c WHERE {l} AND {UNREAD_EXISTS}"), viewer),
            ]
        }
        Kind::ViewIds => {
            let w = view_where(read.view.expect("view"), admin).expect("a view with SQL");
            vec![(format!("SELECT c.id FROM conversations c WHERE {w} {order}"), viewer)]
        }
        Kind::ViewRows => {
            let w = view_where(read.view.expect("view"), admin).expect("a view with SQL");
            let agg = match dialect {
                SqlDialect::Postgres => "string_agg(a.user_id::text, ',')",
                SqlDialect::Sqlite => "group_concat(a.user_id, ',')",
            };
            let sql = format!(
                "SELECT c.id, c.status, c.channel, c.priority, c.unreplied_count, \
                 COALESCE(ct.name, ct.phone, ct.email), \
                 (SELECT substr(m.body, 1, 100) FROM messages m WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1), \
                 {UNREAD_COUNT}, \
                 (SELECT {agg} FROM conversation_assignees a WHERE a.conversation_id = c.id), \
                 c.ai_mode, {ACTIVITY}, c.kind \
                 FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id WHERE {w} {order}"
            );
            vec![(sql, viewer)]
        }
        Kind::SearchPage | Kind::TextPage | Kind::SearchCount | Kind::TextCount => {
            let q = read.query.as_ref().expect("query");
            let CompiledSql { sql: s, params } = sql::compile(q, ctx, dialect).expect("compile");
            let body = s.strip_suffix(" ORDER BY c.id").expect("compiled SQL ends with ORDER BY c.id");
            let sql = if matches!(read.kind, Kind::SearchPage | Kind::TextPage) {
                format!("{body} {order}")
            } else {
                let rest = body.strip_prefix("SELECT c.id ").expect("compiled SQL starts with SELECT c.id");
                format!("SELECT count(*) {rest}")
            };
            return SqlRead { statements: vec![(sql, params)], kind: read.kind };
        }
    };
    let statements = statements
        .into_iter()
        .map(|(s, p)| (if dialect == SqlDialect::Sqlite { dollar_to_question(&s) } else { s }, p))
        .collect();
    SqlRead { statements, kind: read.kind }
}

/// `$12` -> `?12` (our SQL has no `$` elsewhere).
fn dollar_to_question(s: &str) -> String {
    s.replace('$', "?")
}

/// A value read back from either database.
#[derive(Clone, Debug)]
enum Val {
    Null,
    Int(i64),
    Text(String),
}

impl Val {
    fn int(&self) -> i64 {
        match self {
            Val::Int(n) => *n,
            _ => panic!("expected an integer, got {self:?}"),
        }
    }
    fn text(&self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s.clone()),
            Val::Null => None,
            Val::Int(n) => Some(n.to_string()),
        }
    }
}

fn answer(kind: Kind, results: Vec<Vec<Vec<Val>>>) -> Answer {
    match kind {
        Kind::Tiles => Answer::Tiles(results.iter().flat_map(|rows| rows[0].iter().map(Val::int)).collect()),
        Kind::ViewIds | Kind::SearchPage | Kind::TextPage => {
            Answer::Ids(results[0].iter().map(|r| r[0].int()).collect())
        }
        Kind::SearchCount | Kind::TextCount => Answer::Count(results[0][0][0].int()),
        Kind::ViewRows => Answer::Rows(
            results[0]
                .iter()
                .map(|r| {
                    let mut assignees: Vec<i64> = r[8]
                        .text()
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(|s| s.trim().parse().ok())
                        .collect();
                    assignees.sort_unstable();
                    let customer = r[11].text().as_deref() == Some("customer");
                    RowCmp {
                        id: r[0].int(),
                        status: r[1].text().unwrap_or_default(),
                        channel: r[2].text().unwrap_or_default(),
                        priority: r[3].int(),
                        unreplied: r[4].int(),
                        title: if customer { r[5].text() } else { None },
                        preview: r[6].text().unwrap_or_default(),
                        unread: r[7].int(),
                        assignees,
                        ai_mode: r[9].text().unwrap_or_default(),
                        activity_ms: r[10].int(),
                    }
                })
                .collect(),
        ),
    }
}

// ------------------------------------------------------------ the exported rows

/// The reference tables, parents first, as `export_rows` lists them.
const TABLES: [(&str, &[&str]); 10] = [
    ("users", sql::columns::USERS),
    ("teams", sql::columns::TEAMS),
    ("contacts", sql::columns::CONTACTS),
    ("conversations", sql::columns::CONVERSATIONS),
    ("conversation_visible_users", sql::columns::VISIBLE_USERS),
    ("conversation_assignees", sql::columns::ASSIGNEES),
    ("conversation_tags", sql::columns::TAGS),
    ("messages", sql::columns::MESSAGES),
    ("invoices", sql::columns::INVOICES),
    ("read_markers", sql::columns::READ_MARKERS),
];

/// The rows `export_rows` would give for one table, one at a time, built with
/// the same public row functions: at 1M conversations the whole `SqlRows`
/// would need ~6 GB beside the workspace. `--quick` checks that these rows
/// are exactly `export_rows`'s ([`check_export`]).
fn each_row(ws: &Workspace, table: &str, f: &mut dyn FnMut(&[SqlValue])) {
    let conversations = ws.conversations(Actor::System).expect("host");
    match table {
        "users" => ws.users().iter().for_each(|u| f(&sql::user_row(u))),
        "teams" => ws.teams().iter().for_each(|t| f(&sql::team_row(t))),
        "contacts" => {
            ws.contacts(Actor::System).expect("contacts").iter().for_each(|k| f(&sql::contact_row(k)))
        }
        "conversations" => conversations.iter().for_each(|c| f(&sql::conversation_row(c))),
        "conversation_visible_users" | "conversation_assignees" | "conversation_tags" => {
            let which = match table {
                "conversation_visible_users" => 0,
                "conversation_assignees" => 1,
                _ => 2,
            };
            for c in &conversations {
                let rel = sql::relation_rows(c);
                rel[which].iter().for_each(|r| f(r));
            }
        }
        "messages" => {
            for c in &conversations {
                c.messages.iter().for_each(|m| f(&sql::message_row(c.id, m)));
            }
        }
        "invoices" => {
            for c in &conversations {
                c.invoices.iter().for_each(|i| f(&sql::invoice_row(c.id, i)));
            }
        }
        "read_markers" => {
            let users: Vec<UserId> = ws.users().iter().filter(|u| !u.removed).map(|u| u.id).collect();
            for c in &conversations {
                for &u in &users {
                    if let Ok(read) = ws.read_marker(Actor::User(u), c.id) {
                        if let Some(row) = sql::read_marker_row(c, u, read) {
                            f(&row);
                        }
                    }
                }
            }
        }
        _ => panic!("unknown table {table}"),
    }
}

/// Fails unless [`each_row`] gives exactly the rows of `export_rows` (in any
/// order within a table).
fn check_export(ws: &Workspace) -> Result<(), String> {
    let rows: SqlRows = sql::export_rows(ws);
    let names: Vec<&str> = rows.tables.iter().map(|t| t.name.as_str()).collect();
    let ours: Vec<&str> = TABLES.iter().map(|(n, _)| *n).collect();
    if names != ours {
        return Err(format!("export_rows has the tables {names:?}, the harness {ours:?}"));
    }
    for t in &rows.tables {
        let mut theirs: Vec<String> = t.rows.iter().map(|r| format!("{r:?}")).collect();
        let mut mine = Vec::new();
        each_row(ws, &t.name, &mut |r| mine.push(format!("{r:?}")));
        theirs.sort();
        mine.sort();
        if theirs != mine {
            return Err(format!(
                "table {}: export_rows has {} rows, the harness {} (or they differ)",
                t.name,
                theirs.len(),
                mine.len()
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- PostgreSQL

fn pg_params(p: &[SqlParam]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    p.iter()
        .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
            match v {
                SqlParam::Int(n) => Box::new(*n),
                SqlParam::Text(s) => Box::new(s.clone()),
            }
        })
        .collect()
}

fn pg_val(row: &postgres::Row, i: usize) -> Val {
    use postgres::types::Type;
    let t = row.columns()[i].type_().clone();
    if t == Type::INT8 {
        match row.get::<_, Option<i64>>(i) {
            Some(n) => Val::Int(n),
            None => Val::Null,
        }
    } else {
        match row.get::<_, Option<String>>(i) {
            Some(s) => Val::Text(s),
            None => Val::Null,
        }
    }
}

struct PgPrepared {
    statements: Vec<(postgres::Statement, Vec<Box<dyn postgres::types::ToSql + Sync>>)>,
    kind: Kind,
}

fn pg_prepare(client: &mut postgres::Client, r: &SqlRead) -> PgPrepared {
    let statements = r
        .statements
        .iter()
        .map(|(s, p)| (client.prepare(s).unwrap_or_else(|e| panic!("prepare {s}: {e}")), pg_params(p)))
        .collect();
    PgPrepared { statements, kind: r.kind }
}

fn pg_run(client: &mut postgres::Client, p: &PgPrepared) -> Answer {
    let mut results = Vec::new();
    for (stmt, params) in &p.statements {
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        let rows = client.query(stmt, &refs).unwrap_or_else(|e| panic!("query: {e}"));
        results.push(rows.iter().map(|r| (0..r.len()).map(|i| pg_val(r, i)).collect()).collect());
    }
    answer(p.kind, results)
}

fn copy_escape(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

fn pg_load(client: &mut postgres::Client, ws: &Workspace) {
    client.batch_execute(sql::POSTGRES_SCHEMA).expect("postgres schema");
    for (name, columns) in TABLES {
        let mut w =
            client.copy_in(&format!("COPY {name} ({}) FROM STDIN", columns.join(", "))).expect("copy in");
        let mut buf = String::with_capacity(1 << 20);
        each_row(ws, name, &mut |row| {
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    buf.push('\t');
                }
                match v {
                    SqlValue::Null => buf.push_str("\\N"),
                    SqlValue::Bool(b) => buf.push(if *b { 't' } else { 'f' }),
                    SqlValue::Int(n) => buf.push_str(&n.to_string()),
                    SqlValue::Text(s) => copy_escape(&mut buf, s),
                }
            }
            buf.push('\n');
            if buf.len() > (1 << 20) {
                w.write_all(buf.as_bytes()).expect("copy");
                buf.clear();
            }
        });
        w.write_all(buf.as_bytes()).expect("copy");
        w.finish().expect("copy finish");
    }
    client.batch_execute(PG_INDEXES).expect("postgres indexes");
    client.batch_execute("VACUUM ANALYZE").expect("vacuum analyze");
}

/// Indexes on top of the reference schema's (primary keys, messages and
/// invoices by conversation). The same b-tree indexes as SQLite, plus
/// trigram indexes for the `lower(x) LIKE '%...%'` text conditions.
const PG_INDEXES: &str = "
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX conversations_by_activity ON conversations ((COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_by_status ON conversations (status, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_by_channel ON conversations (channel, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_by_contact ON conversations (contact_id);
CREATE INDEX conversations_by_created ON conversations (created_at);
CREATE INDEX assignees_by_user ON conversation_assignees (user_id, conversation_id);
CREATE INDEX visible_by_user ON conversation_visible_users (user_id, conversation_id);
CREATE INDEX tags_by_tag ON conversation_tags ((lower(tag)), conversation_id);
CREATE INDEX messages_by_conversation_id ON messages (conversation_id, id);
CREATE INDEX users_by_email ON users ((lower(email)));
CREATE INDEX contacts_by_phone ON contacts ((lower(phone)) text_pattern_ops);
CREATE INDEX messages_body_trgm ON messages USING gin ((lower(body)) gin_trgm_ops);
CREATE INDEX contacts_name_trgm ON contacts USING gin ((lower(name)) gin_trgm_ops);
CREATE INDEX contacts_email_trgm ON contacts USING gin ((lower(email)) gin_trgm_ops);
CREATE INDEX contacts_phone_trgm ON contacts USING gin ((lower(phone)) gin_trgm_ops);
CREATE INDEX contacts_company_trgm ON contacts USING gin ((lower(company)) gin_trgm_ops);
";

const SQLITE_INDEXES: &str = "
CREATE INDEX conversations_by_activity ON conversations (COALESCE(last_message_at, created_at), id);
CREATE INDEX conversations_by_status ON conversations (status, COALESCE(last_message_at, created_at), id);
CREATE INDEX conversations_by_channel ON conversations (channel, COALESCE(last_message_at, created_at), id);
CREATE INDEX conversations_by_contact ON conversations (contact_id);
CREATE INDEX conversations_by_created ON conversations (created_at);
CREATE INDEX assignees_by_user ON conversation_assignees (user_id, conversation_id);
CREATE INDEX visible_by_user ON conversation_visible_users (user_id, conversation_id);
CREATE INDEX tags_by_tag ON conversation_tags (lower(tag), conversation_id);
CREATE INDEX messages_by_conversation_id ON messages (conversation_id, id);
CREATE INDEX users_by_email ON users (lower(email));
CREATE INDEX contacts_by_phone ON contacts (lower(phone));
";

// -------------------------------------------------------------------- SQLite

fn lite_value(v: &SqlValue) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Bool(b) => Value::Integer(i64::from(*b)),
        SqlValue::Int(n) => Value::Integer(*n),
        SqlValue::Text(s) => Value::Text(s.clone()),
    }
}

fn lite_load(path: &Path, ws: &Workspace) -> rusqlite::Connection {
    let _ = std::fs::remove_file(path);
    let mut conn = rusqlite::Connection::open(path).expect("open sqlite");
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
        .expect("pragmas");
    conn.execute_batch(sql::SQLITE_SCHEMA).expect("sqlite schema");
    let tx = conn.transaction().expect("tx");
    for (name, columns) in TABLES {
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let mut stmt = tx
            .prepare(&format!("INSERT INTO {name} ({}) VALUES ({})", columns.join(", "), marks.join(", ")))
            .expect("insert");
        each_row(ws, name, &mut |row| {
            stmt.execute(rusqlite::params_from_iter(row.iter().map(lite_value))).expect("insert row");
        });
    }
    tx.commit().expect("commit");
    conn.execute_batch(SQLITE_INDEXES).expect("sqlite indexes");
    conn.execute_batch("ANALYZE").expect("analyze");
    conn
}

fn lite_run(conn: &rusqlite::Connection, r: &SqlRead) -> Answer {
    let mut results = Vec::new();
    for (s, p) in &r.statements {
        let mut stmt = conn.prepare_cached(s).unwrap_or_else(|e| panic!("prepare {s}: {e}"));
        let params: Vec<rusqlite::types::Value> = p
            .iter()
            .map(|v| match v {
                SqlParam::Int(n) => rusqlite::types::Value::Integer(*n),
                SqlParam::Text(t) => rusqlite::types::Value::Text(t.clone()),
            })
            .collect();
        let n = stmt.column_count();
        let rows: Vec<Vec<Val>> = stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok((0..n)
                    .map(|i| match row.get_ref(i) {
                        Ok(rusqlite::types::ValueRef::Integer(x)) => Val::Int(x),
                        Ok(rusqlite::types::ValueRef::Text(t)) => {
                            Val::Text(String::from_utf8_lossy(t).into())
                        }
                        Ok(rusqlite::types::ValueRef::Real(x)) => Val::Int(x as i64),
                        _ => Val::Null,
                    })
                    .collect())
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        results.push(rows);
    }
    answer(r.kind, results)
}

// ------------------------------------------------------------------- timing

/// Median and p99 in microseconds.
#[derive(Clone, Copy, Debug)]
struct Stat {
    median: f64,
    p99: f64,
    runs: usize,
}

fn time(budget: std::time::Duration, max: usize, mut f: impl FnMut()) -> Stat {
    // A warm-up run; when it alone takes more than the budget, it counts as
    // the first sample and only two more are taken (slow reads at 1M take
    // seconds each).
    let t = Instant::now();
    f();
    let first = t.elapsed();
    let (mut samples, min) =
        if first > budget { (vec![first.as_secs_f64() * 1e6], 3) } else { (Vec::new(), 5) };
    let start = Instant::now();
    while samples.len() < max && (samples.len() < min || start.elapsed() < budget) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stat { median: at(0.5), p99: at(0.99), runs: samples.len() }
}

// -------------------------------------------------------------------- main

struct Line {
    size: usize,
    viewer: &'static str,
    read: String,
    kind: Kind,
    fd: Stat,
    pg: Stat,
    lite: Stat,
}

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("compare");
    std::fs::create_dir_all(&dir).expect("create target/compare");
    dir
}

fn load_avg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A PostgreSQL server: `FRONTDESK_PG_URL`, or one started (and stopped at
/// the end) with `.ci/postgres.sh`.
struct Server {
    url: String,
    started: bool,
}

impl Server {
    fn get() -> Server {
        if let Ok(url) = std::env::var("FRONTDESK_PG_URL") {
            if !url.is_empty() {
                return Server { url, started: false };
            }
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres.sh");
        let out = Command::new(&script).arg("start").output().expect("run .ci/postgres.sh start");
        assert!(out.status.success(), "postgres.sh start failed: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Server { url, started: true }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.started {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres.sh");
            let _ = Command::new(script).arg("stop").status();
        }
    }
}

fn pg_database(url: &str, name: &str) -> postgres::Client {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("connect to PostgreSQL");
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    let mut cfg: postgres::Config = url.parse().expect("PostgreSQL URL");
    cfg.dbname(name);
    let mut client = cfg.connect(postgres::NoTls).expect("connect to the new database");
    // JIT compilation (on by default in PostgreSQL 15) costs ~0.5 s per
    // large query here, more than it saves; OLTP setups turn it off.
    client.batch_execute("SET jit = off").expect("jit off");
    client
}

fn main() {
    let a = args();
    // `--fd-only`: frontdesk's timings alone, no database (no agreement check).
    let server = (!a.fd_only).then(Server::get);
    let mut lines: Vec<Line> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    println!("# compare: sizes {:?}, quick {}, load average {}", a.sizes, a.quick, load_avg());
    for &n in &a.sizes {
        let t = Instant::now();
        let mut g = generate(n, 42);
        let now = enrich(&mut g.ws, g.now, 42) + Duration::hours(1);
        let ws = &g.ws;
        eprintln!("[{n}] generated in {:.1} s (load {})", t.elapsed().as_secs_f64(), load_avg());
        if a.quick {
            if let Err(e) = check_export(ws) {
                let msg = format!("at {n} conversations, the loaded rows are not export_rows's: {e}");
                eprintln!("{msg}");
                failures.push(msg);
            }
        }
        let t = Instant::now();
        let db = format!("fd_compare_{n}");
        let mut pg = server.as_ref().map(|server| {
            let mut pg = pg_database(&server.url, &db);
            pg_load(&mut pg, ws);
            eprintln!(
                "[{n}] PostgreSQL loaded and indexed in {:.1} s (load {})",
                t.elapsed().as_secs_f64(),
                load_avg()
            );
            pg
        });
        let t = Instant::now();
        let path = cache_dir().join(format!("compare-{n}.db"));
        let lite = server.is_some().then(|| {
            let lite = lite_load(&path, ws);
            eprintln!(
                "[{n}] SQLite loaded and indexed in {:.1} s (load {})",
                t.elapsed().as_secs_f64(),
                load_avg()
            );
            lite
        });
        let agent = g.users[g.admins + 3];
        let admin = g.users[0];
        let mut all = reads(&g, ws, agent);
        if let Some(only) = &a.only {
            all.retain(|r| r.name.contains(only.as_str()));
        }
        for (label, viewer) in [("agent", agent), ("admin", admin)] {
            if !a.viewers.iter().any(|v| v == label) {
                continue;
            }
            let ctx = ws.sql_context(viewer, now).expect("sql context");
            for read in &all {
                let fd_answer = fd_run(ws, viewer, now, read);
                if a.show {
                    eprintln!("[{n}] {label} {}: {}", read.name, fd_answer.brief());
                }
                let (Some(pg), Some(lite)) = (pg.as_mut(), lite.as_ref()) else {
                    let fd = time(a.budget, a.iters, || {
                        fd_read(ws, viewer, now, read);
                    });
                    eprintln!("[{n}] {label} {}: {:.1} us (load {})", read.name, fd.median, load_avg());
                    continue;
                };
                let pg_read = sql_read(read, &ctx, SqlDialect::Postgres);
                let lite_read = sql_read(read, &ctx, SqlDialect::Sqlite);
                let pg_prep = pg_prepare(pg, &pg_read);
                let pg_answer = pg_run(pg, &pg_prep);
                let lite_answer = lite_run(lite, &lite_read);
                for (engine, other) in [("PostgreSQL", &pg_answer), ("SQLite", &lite_answer)] {
                    if !fd_answer.agrees(other) {
                        let msg = format!(
                            "DISAGREE at {n} conversations, {label} viewer, read `{}`: frontdesk {} but {engine} {}",
                            read.name,
                            fd_answer.brief(),
                            other.brief()
                        );
                        eprintln!("{msg}");
                        failures.push(msg);
                    }
                }
                if a.quick {
                    continue;
                }
                let fd = time(a.budget, a.iters, || {
                    fd_read(ws, viewer, now, read);
                });
                let pgs = time(a.budget, a.iters, || {
                    black_box(pg_run(pg, &pg_prep));
                });
                let ls = time(a.budget, a.iters, || {
                    black_box(lite_run(lite, &lite_read));
                });
                eprintln!(
                    "[{n}] {label} {}: {:.1} / {:.1} / {:.1} us (load {})",
                    read.name,
                    fd.median,
                    pgs.median,
                    ls.median,
                    load_avg()
                );
                lines.push(Line {
                    size: n,
                    viewer: label,
                    read: read.name.clone(),
                    kind: read.kind,
                    fd,
                    pg: pgs,
                    lite: ls,
                });
            }
        }
        println!(
            "# {n} conversations: {} reads x {} viewer(s) checked in three engines, {} disagreements so far",
            all.len(),
            a.viewers.len(),
            failures.len()
        );
        drop(pg);
        drop(lite);
        if let Some(server) = &server {
            let mut admin = postgres::Client::connect(&server.url, postgres::NoTls).expect("connect");
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"));
            let _ = std::fs::remove_file(&path);
        }
    }
    if !lines.is_empty() {
        print_table(&lines);
    }
    println!("# load average at the end: {}", load_avg());
    if !failures.is_empty() {
        eprintln!("\n{} DISAGREEMENTS:", failures.len());
        for f in &failures {
            eprintln!("  {f}");
        }
        drop(server);
        std::process::exit(1);
    }
    println!("# all answers agree");
}

fn us(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A ratio of medians: `12x`, `2.5x`, or below 1 as a fraction, `1/40`
/// (frontdesk slower).
fn ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}x")
    } else if x >= 0.95 {
        format!("{x:.1}x")
    } else if x > 0.1 {
        format!("1/{:.1}", 1.0 / x)
    } else {
        format!("1/{:.0}", 1.0 / x)
    }
}

/// The target for a read (stated at 1M conversations).
fn target(l: &Line) -> String {
    let (pg, lite) = (l.pg.median / l.fd.median, l.lite.median / l.fd.median);
    let mut missed = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            missed.push(what);
        }
    };
    let limit = |check: &mut dyn FnMut(bool, String), max_us: f64| {
        check(l.fd.median <= max_us, format!("{:.1}x over {} us", l.fd.median / max_us, max_us));
    };
    match l.kind {
        Kind::Tiles => {
            check(pg >= 100.0, format!("PG {} < 100x", ratio(pg)));
            check(lite >= 50.0, format!("SQLite {} < 50x", ratio(lite)));
        }
        Kind::ViewIds | Kind::ViewRows => {
            limit(&mut check, 5.0);
            check(lite >= 5.0, format!("SQLite {} < 5x", ratio(lite)));
        }
        Kind::SearchPage | Kind::SearchCount => {
            limit(&mut check, if l.kind == Kind::SearchPage { 50.0 } else { 200.0 });
            check(lite >= 10.0, format!("SQLite {} < 10x", ratio(lite)));
            check(pg >= 20.0, format!("PG {} < 20x", ratio(pg)));
        }
        Kind::TextPage => {
            limit(&mut check, 2000.0);
            check(pg >= 20.0, format!("PG {} < 20x", ratio(pg)));
        }
        Kind::TextCount => return "-".into(),
    }
    if missed.is_empty() {
        "met".into()
    } else {
        format!("missed: {}", missed.join("; "))
    }
}

fn print_table(lines: &[Line]) {
    let smallest = lines.iter().map(|l| l.size).min().unwrap_or(0);
    println!();
    println!(
        "| size | viewer | read | frontdesk median / p99 (us) | PostgreSQL median / p99 (us) | SQLite median / p99 (us) | PG / fd | SQLite / fd | fd growth vs {smallest} | target (stated at 1M) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for l in lines {
        let base = lines
            .iter()
            .find(|b| b.size == smallest && b.viewer == l.viewer && b.read == l.read)
            .map(|b| l.fd.median / b.fd.median);
        let growth = match base {
            Some(g) if l.size != smallest => format!("{g:.1}x"),
            _ => "-".into(),
        };
        println!(
            "| {} | {} | {} | {} / {} | {} / {} | {} / {} | {} | {} | {} | {} |",
            l.size,
            l.viewer,
            l.read.replace('|', "\\|"),
            us(l.fd.median),
            us(l.fd.p99),
            us(l.pg.median),
            us(l.pg.p99),
            us(l.lite.median),
            us(l.lite.p99),
            ratio(l.pg.median / l.fd.median),
            ratio(l.lite.median / l.fd.median),
            growth,
            target(l)
        );
    }
    let runs: Vec<usize> = lines.iter().flat_map(|l| [l.fd.runs, l.pg.runs, l.lite.runs]).collect();
    println!(
        "\nTimed runs per cell: {} to {} (after one warm-up run, which is the first sample when it alone exceeds the budget).",
        runs.iter().min().unwrap_or(&0),
        runs.iter().max().unwrap_or(&0)
    );
}
