//! Random workspaces and queries for the search differential test, and the
//! SQLite and PostgreSQL plumbing that loads exported rows and runs compiled
//! queries.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use frontdesk::query::sql::{
    CompiledSql, SqlDialect, SqlParam, SqlRows, SqlValue, POSTGRES_SCHEMA, SQLITE_SCHEMA,
};
use frontdesk::*;
use proptest::prelude::*;

const SYS: Actor = Actor::System;

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc()
}

/// Names, companies and bodies. Lowercase non-ASCII letters and scripts
/// without case are always allowed; the `CAPS` ones only when the workspace
/// is compared with PostgreSQL alone.
const USER_NAMES: &[&str] = &["Sarah Connor", "Zoë Kravitz", "José Núñez", "Bob Smith", "Björn Borg", "李雷"];
const CAPS_USER_NAMES: &[&str] = &["ÉMILE ZOLA", "Øystein Ås"];
const CONTACT_NAMES: &[&str] =
    &["Hans Müller", "Jane Doe", "Ali", "Renée Côté", "田中太郎", "Olga петрова", "max power"];
const CAPS_CONTACT_NAMES: &[&str] = &["JÖRG MÜLLER", "Ünal Çelik", "ÅSA LUND", "Olga Петрова"];
const COMPANIES: &[&str] = &["Acme GmbH", "100%_Juice Co", "Beta", "Straße & Söhne", "Back\\slash Ltd"];
const CAPS_COMPANIES: &[&str] = &["ÖKO AG", "Élan Vital"];
const BODIES: &[&str] = &[
    "I want a REFUND please",
    "refund request for order 7",
    "Where is my parcel?",
    "Danke schön, Grüße aus München",
    "¿Dónde está mi pedido?",
    "100% sure_thing",
    "call me at +1 234 567 890",
    "Bonjour, ça va ?",
    "日本語のメッセージ",
    "emoji 🙂 ok",
    "Straße gesperrt",
    "Thanks, processing",
    "The invoice is attached",
    "say \"hi\" to Ali",
];
const CAPS_BODIES: &[&str] = &["GRÜSSE AUS MÜNCHEN", "ÉCOLE FERMÉE", "Ärger mit der Lieferung"];
const TAGS: &[&str] = &["vip", "billing", "Refund", "spät"];
const CAMPAIGNS: &[&str] = &["spring", "Summer Sale", "winter_2026"];

#[derive(Clone, Debug)]
pub enum Op {
    Receive { contact: u8, channel: u8, body: u8, attachment: bool, campaign: Option<u8> },
    Start { user: u8, contact: u8, channel: u8, body: u8 },
    Send { user: u8, conv: u8, body: u8, channel: Option<u8> },
    Note { user: u8, conv: u8, body: u8 },
    Ai { conv: u8, body: u8 },
    Auto { conv: u8 },
    Internal { user: u8, to: u8, body: u8 },
    Invoice { user: u8, conv: u8, checkout: bool },
    Pay { invoice: u8 },
    Cancel { invoice: u8 },
    Assign { user: u8, conv: u8, users: Vec<u8> },
    AssignTeam { conv: u8, team: u8 },
    TakeOver { user: u8, conv: u8 },
    Status { user: u8, conv: u8, status: u8 },
    Priority { conv: u8, priority: u8 },
    Visibility { conv: u8, users: Option<Vec<u8>> },
    Tag { conv: u8, tag: u8 },
    Read { user: u8, conv: u8 },
    Unread { user: u8, conv: u8 },
    Delete { conv: u8 },
    RemoveUser { user: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let u = 0u8..6;
    let c = 1u8..14;
    prop_oneof![
        6 => (0u8..8, 0u8..6, any::<u8>(), proptest::bool::weighted(0.2), proptest::option::weighted(0.3, 0u8..3))
            .prop_map(|(contact, channel, body, attachment, campaign)| Op::Receive { contact, channel, body, attachment, campaign }),
        1 => (u.clone(), 0u8..8, 0u8..6, any::<u8>()).prop_map(|(user, contact, channel, body)| Op::Start { user, contact, channel, body }),
        4 => (u.clone(), c.clone(), any::<u8>(), proptest::option::weighted(0.2, 0u8..6))
            .prop_map(|(user, conv, body, channel)| Op::Send { user, conv, body, channel }),
        2 => (u.clone(), c.clone(), any::<u8>()).prop_map(|(user, conv, body)| Op::Note { user, conv, body }),
        2 => (c.clone(), any::<u8>()).prop_map(|(conv, body)| Op::Ai { conv, body }),
        1 => c.clone().prop_map(|conv| Op::Auto { conv }),
        1 => (u.clone(), u.clone(), any::<u8>()).prop_map(|(user, to, body)| Op::Internal { user, to, body }),
        2 => (u.clone(), c.clone(), any::<bool>()).prop_map(|(user, conv, checkout)| Op::Invoice { user, conv, checkout }),
        1 => (0u8..8).prop_map(|invoice| Op::Pay { invoice }),
        1 => (0u8..8).prop_map(|invoice| Op::Cancel { invoice }),
        3 => (u.clone(), c.clone(), proptest::collection::vec(0u8..6, 1..3)).prop_map(|(user, conv, users)| Op::Assign { user, conv, users }),
        1 => (c.clone(), 0u8..2).prop_map(|(conv, team)| Op::AssignTeam { conv, team }),
        1 => (u.clone(), c.clone()).prop_map(|(user, conv)| Op::TakeOver { user, conv }),
        3 => (u.clone(), c.clone(), 0u8..4).prop_map(|(user, conv, status)| Op::Status { user, conv, status }),
        2 => (c.clone(), 0u8..4).prop_map(|(conv, priority)| Op::Priority { conv, priority }),
        2 => (c.clone(), proptest::option::of(proptest::collection::vec(0u8..6, 1..3))).prop_map(|(conv, users)| Op::Visibility { conv, users }),
        2 => (c.clone(), 0u8..4).prop_map(|(conv, tag)| Op::Tag { conv, tag }),
        4 => (u.clone(), c.clone()).prop_map(|(user, conv)| Op::Read { user, conv }),
        1 => (u.clone(), c.clone()).prop_map(|(user, conv)| Op::Unread { user, conv }),
        1 => c.clone().prop_map(|conv| Op::Delete { conv }),
        1 => (1u8..6).prop_map(|user| Op::RemoveUser { user }),
    ]
}

/// Everything a random workspace is built from.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Whether names and bodies may hold capital non-ASCII letters.
    pub unicode_caps: bool,
    pub offset: i32,
    pub agents: u8,
    pub contacts: u8,
    /// (operation, minutes waited before it)
    pub ops: Vec<(Op, u16)>,
}

pub fn plan() -> impl Strategy<Value = Plan> {
    (
        proptest::bool::weighted(0.25),
        prop_oneof![Just(0), Just(60), Just(-300), Just(330)],
        2u8..6,
        3u8..8,
        proptest::collection::vec((op(), prop_oneof![3 => 0u16..90, 1 => 90u16..1500]), 15..60),
    )
        .prop_map(|(unicode_caps, offset, agents, contacts, ops)| Plan {
            unicode_caps,
            offset,
            agents,
            contacts,
            ops,
        })
}

fn pick<'a>(base: &[&'a str], caps: &[&'a str], unicode_caps: bool, i: usize) -> &'a str {
    if unicode_caps && i % 3 == 0 {
        caps[(i / 3) % caps.len()]
    } else {
        base[i % base.len()]
    }
}

/// A built workspace, the clock after its last command, and the texts
/// queries draw fragments from.
pub struct Built {
    pub ws: Workspace,
    pub now: DateTime<Utc>,
    pub users: Vec<UserId>,
    pub contacts: Vec<ContactId>,
    pub texts: Vec<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub user_emails: Vec<String>,
    pub user_names: Vec<String>,
}

pub fn build(p: &Plan) -> Built {
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.utc_offset_minutes = p.offset;
    let mut ws = Workspace::new(config).unwrap();
    let mut now = t0();
    let mut users = Vec::new();
    let admin =
        ws.add_user(SYS, now, NewUser::new("Ada Admin", "ada@company.com", Role::Admin)).unwrap().value;
    users.push(admin);
    for i in 0..p.agents as usize {
        let name = pick(USER_NAMES, CAPS_USER_NAMES, p.unicode_caps, i);
        let new = NewUser::new(name, format!("agent{i}@company.com"), Role::Agent)
            .availability(if i % 2 == 0 { Availability::Online } else { Availability::Offline });
        users.push(ws.add_user(SYS, now, new).unwrap().value);
    }
    let teams = [
        ws.add_team(SYS, now, "Support", users[1..].to_vec()).unwrap().value,
        ws.add_team(SYS, now, if p.unicode_caps { "Ventas Ñu" } else { "Ventas ñu" }, vec![users[1]])
            .unwrap()
            .value,
    ];
    let mut contacts = Vec::new();
    for i in 0..p.contacts as usize {
        let mut new = NewContact::named(pick(CONTACT_NAMES, CAPS_CONTACT_NAMES, p.unicode_caps, i));
        if i % 4 != 3 {
            new = new.phone(format!("+49 151 1234 56{i:02}"));
        }
        if i % 3 != 2 {
            let domain = ["acme.com", "gmail.com", "beta.de"][i % 3];
            new = new.email(format!("c{i}.x@{domain}"));
        }
        if i % 2 == 0 {
            new = new.company(pick(COMPANIES, CAPS_COMPANIES, p.unicode_caps, i / 2));
        }
        if i == 6 {
            // A contact known only by an address.
            new = NewContact {
                identities: vec![Identity { channel: Channel::Webchat, handle: "visitor-9".into() }],
                ..NewContact::default()
            };
        }
        contacts.push(ws.add_contact(SYS, now, new).unwrap().value);
    }
    let body = |i: u8| pick(BODIES, CAPS_BODIES, p.unicode_caps, i as usize).to_string();
    let user = |i: u8| users[i as usize % users.len()];
    let conv = |i: u8| ConversationId(i as u64);
    let channel = |i: u8| Channel::ALL[i as usize % 6];
    for (op, wait) in &p.ops {
        now += Duration::minutes(i64::from(*wait));
        let _ = match op.clone() {
            Op::Receive { contact, channel: ch, body: b, attachment, campaign } => ws
                .receive_message(
                    SYS,
                    now,
                    Inbound {
                        from: Sender::Contact { contact: contacts[contact as usize % contacts.len()] },
                        channel: channel(ch),
                        body: body(b),
                        attachments: if attachment {
                            vec![Attachment {
                                name: "photo.jpg".into(),
                                mime: "image/jpeg".into(),
                                size: 1000,
                                reference: "s3://x".into(),
                            }]
                        } else {
                            vec![]
                        },
                        campaign: campaign.map(|c| CAMPAIGNS[c as usize % CAMPAIGNS.len()].to_string()),
                    },
                )
                .map(|_| ()),
            Op::Start { user: u, contact, channel: ch, body: b } => ws
                .start_conversation(
                    Actor::User(user(u)),
                    now,
                    contacts[contact as usize % contacts.len()],
                    Outbound::text(body(b)).on(channel(ch)),
                )
                .map(|_| ()),
            Op::Send { user: u, conv: c, body: b, channel: ch } => {
                let mut out = Outbound::text(body(b));
                out.channel = ch.map(channel);
                ws.send_message(Actor::User(user(u)), now, conv(c), out).map(|_| ())
            }
            Op::Note { user: u, conv: c, body: b } => {
                ws.add_note(Actor::User(user(u)), now, conv(c), &body(b)).map(|_| ())
            }
            Op::Ai { conv: c, body: b } => ws.send_ai_reply(SYS, now, conv(c), &body(b)).map(|_| ()),
            Op::Auto { conv: c } => ws.send_auto_reply(SYS, now, conv(c), "We got your message").map(|_| ()),
            Op::Internal { user: u, to, body: b } => ws
                .send_internal_message(Actor::User(user(u)), now, user(to), Outbound::text(body(b)))
                .map(|_| ()),
            Op::Invoice { user: u, conv: c, checkout } => ws
                .send_invoice(
                    Actor::User(user(u)),
                    now,
                    conv(c),
                    NewInvoice {
                        kind: if checkout { PaymentKind::Checkout } else { PaymentKind::Invoice },
                        amount_minor: 1250,
                        currency: "EUR".into(),
                        description: "Order".into(),
                    },
                )
                .map(|_| ()),
            Op::Pay { invoice } => ws.mark_invoice_paid(SYS, now, InvoiceId(invoice as u64 + 1)).map(|_| ()),
            Op::Cancel { invoice } => ws.cancel_invoice(SYS, now, InvoiceId(invoice as u64 + 1)).map(|_| ()),
            Op::Assign { user: u, conv: c, users: list } => ws
                .assign(Actor::User(user(u)), now, conv(c), list.iter().map(|i| user(*i)).collect(), None)
                .map(|_| ()),
            Op::AssignTeam { conv: c, team } => {
                ws.assign_team(SYS, now, conv(c), teams[team as usize % 2], None).map(|_| ())
            }
            Op::TakeOver { user: u, conv: c } => ws.take_over(Actor::User(user(u)), now, conv(c)).map(|_| ()),
            Op::Status { user: u, conv: c, status } => ws
                .set_status(Actor::User(user(u)), now, conv(c), Status::ALL[status as usize % 4])
                .map(|_| ()),
            Op::Priority { conv: c, priority } => {
                ws.set_priority(SYS, now, conv(c), Priority::ALL[priority as usize % 4], None).map(|_| ())
            }
            Op::Visibility { conv: c, users: list } => {
                let vis = match list {
                    None => Visibility::Everyone,
                    Some(l) => Visibility::users(l.iter().map(|i| user(*i))),
                };
                ws.set_visibility(SYS, now, conv(c), vis).map(|_| ())
            }
            Op::Tag { conv: c, tag } => {
                ws.tag_conversation(SYS, now, conv(c), TAGS[tag as usize % 4]).map(|_| ())
            }
            Op::Read { user: u, conv: c } => ws.mark_read(Actor::User(user(u)), now, conv(c)).map(|_| ()),
            Op::Unread { user: u, conv: c } => ws.mark_unread(Actor::User(user(u)), now, conv(c)).map(|_| ()),
            Op::Delete { conv: c } => ws.delete_conversation(Actor::User(users[0]), now, conv(c)).map(|_| ()),
            Op::RemoveUser { user: u } => ws.remove_user(SYS, now, user(u)).map(|_| ()),
        };
    }
    now += Duration::minutes(30);
    let mut texts: Vec<String> = Vec::new();
    let mut phones = Vec::new();
    let mut emails = Vec::new();
    for k in ws.contacts(Actor::System).unwrap().iter() {
        texts.extend(k.name.iter().chain(&k.company).map(|t| t.to_string()));
        phones.extend(k.phone.iter().map(|t| t.to_string()));
        emails.extend(k.email.iter().map(|t| t.to_string()));
    }
    for c in ws.conversations(SYS).unwrap() {
        texts.extend(c.messages.iter().map(|m| m.body.to_string()));
    }
    texts.push("refund".into());
    let user_emails = ws.users().iter().map(|u| u.email.clone()).collect();
    let user_names = ws.users().iter().map(|u| u.name.clone()).collect();
    Built { ws, now, users, contacts, texts, phones, emails, user_emails, user_names }
}

/// A random query tree; terms are drawn from the grammar's kinds and filled
/// with values from the workspace when rendered.
#[derive(Clone, Debug)]
pub enum QNode {
    Term(u8, u16, u16),
    And(Vec<QNode>),
    Or(Vec<QNode>),
    Not(Box<QNode>),
}

pub fn qnode() -> impl Strategy<Value = QNode> {
    let leaf = (0u8..22, any::<u16>(), any::<u16>()).prop_map(|(k, a, b)| QNode::Term(k, a, b));
    leaf.prop_recursive(3, 10, 3, |inner| {
        prop_oneof![
            3 => proptest::collection::vec(inner.clone(), 2..4).prop_map(QNode::And),
            2 => proptest::collection::vec(inner.clone(), 2..4).prop_map(QNode::Or),
            1 => inner.prop_map(|n| QNode::Not(Box::new(n))),
        ]
    })
}

/// A phrase in quotes, with `"` and `\` escaped.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Part of `s`: `len` characters from character `start`, trimmed; `fallback`
/// when that leaves nothing.
fn fragment(s: &str, start: usize, len: usize, fallback: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return fallback.into();
    }
    let from = start % chars.len();
    let f: String = chars[from..(from + len).min(chars.len())].iter().collect();
    let f = f.trim().to_string();
    if f.is_empty() {
        fallback.into()
    } else {
        f
    }
}

impl QNode {
    pub fn render(&self, b: &Built) -> String {
        match self {
            QNode::Term(k, x, y) => term(b, *k, *x as usize, *y as usize),
            QNode::And(items) => {
                format!("({})", items.iter().map(|i| i.render(b)).collect::<Vec<_>>().join(" "))
            }
            QNode::Or(items) => {
                format!("({})", items.iter().map(|i| i.render(b)).collect::<Vec<_>>().join(" OR "))
            }
            QNode::Not(inner) => format!("-({})", inner.render(b)),
        }
    }
}

fn term(b: &Built, kind: u8, x: usize, y: usize) -> String {
    let one = |list: &[&str]| list[x % list.len()].to_string();
    let users = b.ws.users();
    let user = &users[x % users.len()];
    let texts = &b.texts;
    let frag = |fallback: &str| fragment(&texts[x % texts.len()], y, 1 + (y / 7) % 6, fallback);
    match kind {
        0 => {
            format!("status:{}", one(&["open", "pending", "resolved", "archived", "open,pending", "active"]))
        }
        1 => format!(
            "priority:{}",
            one(&["low", "normal", "high", "urgent", ">=high", "<=normal", "low..normal"])
        ),
        2 => format!(
            "channel:{}",
            one(&["webchat", "whatsapp", "sms", "email", "telephony", "linkedin", "internal", "sms,email"])
        ),
        3 => format!("mode:{}", one(&["ai", "paused", "manual"])),
        4 => format!("id:{},{}", x % 14 + 1, y % 14 + 1),
        5 | 6 => {
            let field = if kind == 5 { "assignee" } else { "agent" };
            match y % 5 {
                0 => format!("{field}:me"),
                1 => format!("{field}:{}", user.id.0),
                2 => format!("{field}:{}", user.email),
                3 => format!("{field}:{}", quote(&fragment(&user.name, y / 5, 2 + y % 4, "a"))),
                _ if kind == 5 => "assignee:none".into(),
                _ => format!("agent:{}", quote(&user.name)),
            }
        }
        7 => one(&["team:support", "team:1", "team:2", "team:none", "team:\"ventas ñu\"", "team:ventas"]),
        8 => format!("tag:{}", one(&["vip", "billing", "refund", "none", "spät", "VIP"])),
        9 => {
            if y % 2 == 0 {
                format!("contact:{}", x % 9 + 1)
            } else {
                format!("contact:{}", quote(&frag("a")))
            }
        }
        10 => format!("name:{}", quote(&frag("e"))),
        11 => {
            let phone =
                b.phones.get(x % b.phones.len().max(1)).cloned().unwrap_or_else(|| "+491511234".into());
            let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
            if y % 3 == 0 {
                format!("phone:{phone}")
            } else {
                // A fragment starting with 00 would read as an international prefix.
                let f = fragment(&digits, y, 2 + y % 5, "15");
                let f = f.trim_start_matches('0');
                format!("phone:{}", if f.is_empty() { "15" } else { f })
            }
        }
        12 => {
            let email =
                b.emails.get(x % b.emails.len().max(1)).cloned().unwrap_or_else(|| "c0.x@acme.com".into());
            match y % 4 {
                0 => format!("email:@{}", email.split('@').nth(1).unwrap_or("acme.com")),
                1 => format!("email:{email}"),
                2 => format!("email:{}", quote(&fragment(&email, y, 3, "x"))),
                _ => "email:@cme.com".into(),
            }
        }
        13 => format!("company:{}", quote(&frag("co"))),
        14 => format!("campaign:{}", one(&["spring", "\"summer sale\"", "winter_2026", "fall"])),
        15 => {
            let field = ["created", "updated", "closed"][y % 3];
            let date = one(&[
                "today",
                "yesterday",
                "this_week",
                "last_week",
                "this_month",
                "-2h",
                ">=-1d",
                ">=2026-03-03",
                "<2026-03-04",
                "<=2026-03-02",
                "2026-03-02..2026-03-05",
                ">2026-03-03T10:00:00Z",
                "2026-03-03",
            ]);
            format!("{field}:{date}")
        }
        16 => one(&["is:unread", "is:unreplied", "is:new", "is:assigned", "is:mine", "is:unassigned"]),
        17 => format!(
            "{}:{}",
            if y % 2 == 0 { "has" } else { "no" },
            one(&["invoice", "unpaid_invoice", "attachment", "assignee", "tag", "team"])
        ),
        18 | 19 => quote(&frag("refund")),
        20 => one(&[
            "WhatsApp",
            "pending",
            "New",
            "Unassigned",
            "unread",
            "Active",
            "refund",
            "müller",
            "MÜLLER",
        ]),
        _ => format!("agent:{}", quote(&fragment(&b.user_names[x % b.user_names.len()], y, 3, "o"))),
    }
}

// ----- SQLite ------------------------------------------------------------------

pub fn sqlite_db(rows: &SqlRows) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(SQLITE_SCHEMA).unwrap();
    conn.execute_batch("BEGIN").unwrap();
    for insert in rows.inserts(SqlDialect::Sqlite) {
        let values = insert.params.iter().map(|v| match v {
            SqlValue::Null => rusqlite::types::Value::Null,
            SqlValue::Bool(b) => rusqlite::types::Value::Integer(i64::from(*b)),
            SqlValue::Int(n) => rusqlite::types::Value::Integer(*n),
            SqlValue::Text(s) => rusqlite::types::Value::Text(s.clone()),
        });
        conn.execute(&insert.sql, rusqlite::params_from_iter(values))
            .unwrap_or_else(|e| panic!("{e}: {}", insert.sql));
    }
    conn.execute_batch("COMMIT").unwrap();
    conn
}

pub fn sqlite_ids(conn: &rusqlite::Connection, c: &CompiledSql) -> Vec<i64> {
    let values = c.params.iter().map(|p| match p {
        SqlParam::Int(n) => rusqlite::types::Value::Integer(*n),
        SqlParam::Text(s) => rusqlite::types::Value::Text(s.clone()),
    });
    let mut stmt = conn.prepare(&c.sql).unwrap_or_else(|e| panic!("{e}: {}", c.sql));
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

// ----- PostgreSQL --------------------------------------------------------------

/// The PostgreSQL client for the differential tests, or `None` (with a line
/// saying so) when `FRONTDESK_PG_URL` is not set. With
/// `FRONTDESK_REQUIRE_PG=1`, a missing URL or an unreachable server fails.
pub fn pg_client() -> Option<postgres::Client> {
    let required = std::env::var("FRONTDESK_REQUIRE_PG").is_ok_and(|v| v == "1");
    let url = match std::env::var("FRONTDESK_PG_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            assert!(
                !required,
                "FRONTDESK_REQUIRE_PG=1 but FRONTDESK_PG_URL is not set (see .ci/postgres.sh)"
            );
            println!("PostgreSQL comparison skipped: set FRONTDESK_PG_URL (e.g. $(.ci/postgres.sh start))");
            return None;
        }
    };
    match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(c) => Some(c),
        Err(e) if required => panic!("FRONTDESK_REQUIRE_PG=1 but PostgreSQL at {url} is unreachable: {e}"),
        Err(e) => {
            println!("PostgreSQL comparison skipped: cannot connect to FRONTDESK_PG_URL ({e})");
            None
        }
    }
}

/// Integer columns that may hold NULL (the others are text).
const NULLABLE_INT_COLUMNS: &[&str] = &[
    "contact_id",
    "team_id",
    "closed_at",
    "last_message_at",
    "author_user_id",
    "satisfaction",
    "ai_confidence",
];

/// Recreates the reference tables as temporary tables of this connection
/// (so parallel tests and runs never see each other's rows, and nothing is
/// left behind) and loads `rows` into them.
pub fn pg_load(client: &mut postgres::Client, rows: &SqlRows) {
    client
        .batch_execute(&format!(
            "SET search_path TO pg_temp; DROP TABLE IF EXISTS read_markers, invoices, messages, \
             conversation_tags, conversation_assignees, conversation_visible_users, conversations, \
             contacts, teams, users CASCADE; {POSTGRES_SCHEMA}"
        ))
        .unwrap();
    let mut tx = client.transaction().unwrap();
    for table in &rows.tables {
        let one = SqlRows { tables: vec![table.clone()] };
        let width = table.columns.len();
        for insert in one.inserts(SqlDialect::Postgres) {
            let params: Vec<Box<dyn postgres::types::ToSql + Sync>> = insert
                .params
                .iter()
                .enumerate()
                .map(|(i, v)| -> Box<dyn postgres::types::ToSql + Sync> {
                    match v {
                        SqlValue::Null
                            if NULLABLE_INT_COLUMNS.contains(&table.columns[i % width].as_str()) =>
                        {
                            Box::new(None::<i64>)
                        }
                        SqlValue::Null => Box::new(None::<String>),
                        SqlValue::Bool(b) => Box::new(*b),
                        SqlValue::Int(n) => Box::new(*n),
                        SqlValue::Text(s) => Box::new(s.clone()),
                    }
                })
                .collect();
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
            tx.execute(insert.sql.as_str(), &refs).unwrap_or_else(|e| panic!("{e}: {}", insert.sql));
        }
    }
    tx.commit().unwrap();
}

pub fn pg_ids(client: &mut postgres::Client, c: &CompiledSql) -> Vec<i64> {
    let params: Vec<Box<dyn postgres::types::ToSql + Sync>> = c
        .params
        .iter()
        .map(|p| -> Box<dyn postgres::types::ToSql + Sync> {
            match p {
                SqlParam::Int(n) => Box::new(*n),
                SqlParam::Text(s) => Box::new(s.clone()),
            }
        })
        .collect();
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
    let rows = client.query(c.sql.as_str(), &refs).unwrap_or_else(|e| panic!("{e}: {}", c.sql));
    rows.iter().map(|r| r.get::<_, i64>(0)).collect()
}
