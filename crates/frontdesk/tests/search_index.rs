//! Differential test of index-served search: after random command sequences
//! (messages with random text, deletes, visibility, tag and assignee changes,
//! contact edits, removed users), `Workspace::search` and `search_ids`
//! (served by the search index) return exactly what the reference scan
//! (`search_scan`, `search_ids_scan`: the per-conversation evaluator) returns,
//! for every actor, every sort and page by page. A follower workspace kept in
//! step through `take_changes` / `apply_rows` (the store's catch-up path) must
//! answer the same too.

mod common;
use chrono::Duration;
use common::t;
use common::world::{cmd, Cmd, World};
use frontdesk::query::{parse, Expr, ParseOptions, Query, Term};
use frontdesk::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Words message bodies and contact fields are made of: ASCII, capitals
/// with umlauts, Greek, CJK, digits, punctuation inside words, emoji.
const WORDS: &[&str] = &[
    "refund",
    "Refunds",
    "request",
    "invoice",
    "MÜLLER",
    "müller",
    "Straße",
    "ΟΔΥΣΣΕΥΣ",
    "退款",
    "请求",
    "東京",
    "カタカナ",
    "ひらがな",
    "e.g.",
    "don't",
    "v2.5",
    "a_b",
    "@acme.com",
    "x@y.org",
    "+49 30 1234",
    "🙂",
    "re-fund",
    "-",
    "१२३",
    "é",
    "e\u{301}",
];

#[derive(Clone, Debug)]
enum Step {
    World(Cmd),
    /// An agent writes (or a note is added) with a random text.
    Say {
        actor: u8,
        conv: u8,
        words: Vec<u8>,
        note: bool,
    },
    /// The host's AI sets (or clears, with no words) a conversation summary.
    Summarize {
        conv: u8,
        words: Vec<u8>,
    },
    /// A contact's name, email and company change.
    EditContact {
        contact: u8,
        name: Vec<u8>,
        email: u8,
        company: Vec<u8>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let words = proptest::collection::vec(any::<u8>(), 1..5);
    prop_oneof![
        6 => cmd().prop_map(Step::World),
        2 => (any::<u8>(), any::<u8>(), words.clone(), any::<bool>())
            .prop_map(|(actor, conv, words, note)| Step::Say { actor, conv, words, note }),
        1 => (any::<u8>(), proptest::collection::vec(any::<u8>(), 0..4))
            .prop_map(|(conv, words)| Step::Summarize { conv, words }),
        1 => (any::<u8>(), words.clone(), any::<u8>(), words)
            .prop_map(|(contact, name, email, company)| Step::EditContact { contact, name, email, company }),
    ]
}

fn text_of(words: &[u8]) -> String {
    let seps = [" ", " ", ", ", ".", "-", ""];
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push_str(seps[usize::from(*w) % seps.len()]);
        }
        s.push_str(WORDS[usize::from(*w) % WORDS.len()]);
    }
    s
}

fn apply(world: &mut World, step: &Step, now: chrono::DateTime<chrono::Utc>) {
    match step {
        Step::World(c) => {
            let _ = world.apply(c, now);
        }
        Step::Say { actor, conv, words, note } => {
            let actor = world.actor(*actor);
            let id = ConversationId(u64::from(*conv % 12) + 1);
            let body = text_of(words);
            let _ = if *note {
                world.ws.add_note(actor, now, id, &body).map(|_| ())
            } else {
                world.ws.send_message(actor, now, id, Outbound::text(&body)).map(|_| ())
            };
        }
        Step::Summarize { conv, words } => {
            let id = ConversationId(u64::from(*conv % 12) + 1);
            let summary = (!words.is_empty()).then(|| text_of(words));
            let _ = world.ws.set_summary(Actor::System, now, id, summary.as_deref());
        }
        Step::EditContact { contact, name, email, company } => {
            let id = world.contacts[usize::from(*contact) % world.contacts.len()];
            let patch = ContactPatch {
                name: Some(text_of(name)),
                email: Some(format!(
                    "c{email}@{}.com",
                    ["acme", "globex", "initech"][usize::from(*email) % 3]
                )),
                company: Some(text_of(company)),
                ..ContactPatch::default()
            };
            let _ = world.ws.update_contact(Actor::System, now, id, patch);
        }
    }
}

/// Query texts: every kind of term the index serves, and those it narrows.
const TERMS: &[&str] = &[
    "status:open",
    "status:pending,resolved",
    "archived",
    "channel:whatsapp",
    "channel:sms,email",
    "internal",
    "priority:>=high",
    "mode:ai",
    "mode:manual",
    "tag:vip",
    "tag:none",
    "has:tag",
    "assignee:me",
    "assignee:none",
    "assignee:cal",
    "assignee:u2@example.com",
    "agent:me",
    "agent:dee",
    "team:support",
    "team:none",
    "is:unassigned",
    "is:unread",
    "is:unreplied",
    "is:new",
    "is:mine",
    "has:invoice",
    "has:unpaid_invoice",
    "has:attachment",
    "campaign:spring",
    "contact:1",
    "contact:2",
    "contact:acme",
    "name:contact",
    "name:müller",
    "company:refund",
    "phone:+12025550101",
    "phone:555",
    "email:@acme.com",
    "email:c1",
    "created:>=2026-01-01",
    "created:<2026-01-01T01:00:00Z",
    "created:2026-03-02",
    "created:2026-03-01..2026-03-03",
    "created:<2026-03-03",
    "created:>2026-03-02T12:00:00Z",
    "created:2026-03-02T10:00:00Z..2026-03-03T00:00:00Z",
    "updated:>=2026-01-01T00:30:00Z",
    "closed:2026-01-01",
    "id:3,5",
    "refund",
    "\"refund request\"",
    "müller",
    "退款",
    "\"退款请求\"",
    "ΟΔΥΣΣΕΥΣ",
    "straße",
    "\"e.g.\"",
    "v2",
    "don't",
    "hello",
    "\"need help\"",
    "🙂",
    "1234",
    "e\u{301}",
];

fn query_text() -> impl Strategy<Value = String> {
    let leaf = (0..TERMS.len()).prop_map(|i| TERMS[i].to_string());
    leaf.prop_recursive(3, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" ")),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("({})", v.join(" OR "))),
            inner.prop_map(|q| format!("-({q})")),
        ]
    })
}

/// Every way of reading the query agrees: ids and every page of every sort.
fn same_answers(ws: &Workspace, actors: &[Actor], query: &Query, text: &str) -> Result<(), TestCaseError> {
    let now = t(10_000);
    for actor in actors {
        let fast = ws.search_ids(*actor, query, now).map_err(|e| e.code());
        let slow = ws.search_ids_scan(*actor, query, now).map_err(|e| e.code());
        prop_assert_eq!(&fast, &slow, "ids of {:?} as {:?}", text, actor);
        let count = ws.search_count(*actor, query, now).map_err(|e| e.code());
        prop_assert_eq!(count, slow.as_ref().map(|v| v.len() as u64).map_err(|e| *e), "count of {:?}", text);
        if slow.is_err() {
            continue;
        }
        for sort in Sort::ALL {
            for limit in [2u32, 50] {
                let mut options = SearchOptions::new().sort(sort).limit(limit);
                for _ in 0..30 {
                    let a = ws.search(*actor, query, now, &options).unwrap();
                    let b = ws.search_scan(*actor, query, now, &options).unwrap();
                    prop_assert_eq!(&a, &b, "page of {:?} as {:?} by {:?}", text, actor, sort);
                    let (ids, next) = ws.search_page_ids(*actor, query, now, &options).unwrap();
                    let row_ids: Vec<_> = a.rows.iter().map(|r| r.conversation).collect();
                    prop_assert_eq!(&ids, &row_ids, "page ids of {:?} as {:?} by {:?}", text, actor, sort);
                    prop_assert_eq!(&next, &a.next, "page ids' cursor of {:?}", text);
                    match a.next {
                        Some(c) => options = options.after(c),
                        None => break,
                    }
                }
            }
        }
    }
    Ok(())
}

/// Queries requiring one status, channel or tag (first pages walk that
/// value's recency order), alone or with another conjunct, negated or not.
fn one_value_query() -> impl Strategy<Value = String> {
    const VALUES: &[&str] = &[
        "status:open",
        "status:pending",
        "status:resolved",
        "status:archived",
        "channel:email",
        "channel:whatsapp",
        "channel:sms",
        "channel:webchat",
        "channel:internal",
        "tag:vip",
        "tag:refund",
        "tag:nothing",
    ];
    let value = (0..VALUES.len()).prop_map(|i| VALUES[i].to_string());
    let other = prop_oneof![
        (0..VALUES.len()).prop_map(|i| VALUES[i].to_string()),
        (0..TERMS.len()).prop_map(|i| TERMS[i].to_string()),
    ];
    (value, proptest::option::of((other, 0..3u8))).prop_map(|(v, rest)| match rest {
        None => v,
        Some((o, 0)) => format!("{v} {o}"),
        Some((o, 1)) => format!("{v} -{o}"),
        Some((o, _)) => format!("-{o} {v}"),
    })
}

/// The store's catch-up path: the rows the leader's commands touched.
fn rows_of(leader: &mut Workspace) -> Rows {
    let changes = leader.take_changes();
    Rows {
        settings: changes.settings.then(|| leader.config().clone()),
        templates: changes.templates.then(|| leader.template_library().clone()),
        round_robin: changes.round_robin.then(|| leader.round_robin_positions().clone()),
        saved_filters: changes.saved_filters.then(|| leader.saved_filter_state().clone()),
        users: changes.users.iter().filter_map(|u| leader.user(*u).ok().cloned()).collect(),
        teams: changes.teams.iter().filter_map(|k| leader.team(*k).ok().cloned()).collect(),
        contacts: changes.contacts.iter().filter_map(|k| leader.contact_record(*k).ok().cloned()).collect(),
        conversations: changes
            .conversations
            .keys()
            .filter_map(|id| {
                leader.conversation_row(*id).map(|c| (c.clone(), leader.read_markers_of(*id).to_vec()))
            })
            .collect(),
        deleted: changes
            .deleted
            .iter()
            .filter_map(|id| leader.deleted_conversations().get(id).map(|v| (*id, v.clone())))
            .collect(),
        next_conversation: leader.conversation_slots() + 1,
        next_message: leader.next_message_id(),
        next_invoice: leader.next_invoice_id(),
        latest_time: leader.latest_time(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 500, ..ProptestConfig::default() })]

    #[test]
    fn index_served_search_equals_the_scan_after_random_commands(
        reopen in any::<bool>(),
        steps in proptest::collection::vec(step(), 20..80),
        queries in proptest::collection::vec(query_text(), 6),
    ) {
        let mut world = World::new(reopen);
        world.ws.track_changes(true);
        let _ = world.ws.take_changes();
        let mut follower = world.ws.clone();
        follower.track_changes(false);
        let mut parsed = Vec::new();
        for q in &queries {
            let query = parse(q, &ParseOptions::default())
                .map_err(|e| TestCaseError::fail(format!("{q:?} does not parse: {e}")))?;
            parsed.push((q.clone(), query));
        }
        for (i, s) in steps.iter().enumerate() {
            let now = t(0) + Duration::minutes(i as i64 * 7);
            apply(&mut world, s, now);
            let rows = rows_of(&mut world.ws);
            follower.apply_rows(rows).unwrap();
            if i % 5 == 4 || i + 1 == steps.len() {
                prop_assert!(world.ws.derived_state_is_consistent());
                prop_assert!(follower.derived_state_is_consistent());
                for (text, query) in &parsed {
                    same_answers(&world.ws, &world.actors, query, text)?;
                    let a = world.ws.search_ids_scan(Actor::System, query, t(10_000)).unwrap();
                    let b = follower.search_ids(Actor::System, query, t(10_000)).unwrap();
                    prop_assert_eq!(&a, &b, "follower, {:?}", text);
                }
            }
        }
    }

    /// First pages of queries requiring one status, channel or tag (served
    /// by a walk of that value's recency order, kept in step as statuses,
    /// channels, tags and activity change) equal the scan's, page by page for
    /// every actor and sort, and so do their ids and counts.
    #[test]
    fn one_status_channel_or_tag_pages_equal_the_scan(
        steps in proptest::collection::vec(step(), 20..120),
        queries in proptest::collection::vec(one_value_query(), 8),
    ) {
        let mut world = World::new(false);
        for (i, s) in steps.iter().enumerate() {
            apply(&mut world, s, t(0) + Duration::minutes(i as i64 * 7));
        }
        prop_assert!(world.ws.derived_state_is_consistent());
        for q in &queries {
            let query = parse(q, &ParseOptions::default())
                .map_err(|e| TestCaseError::fail(format!("{q:?} does not parse: {e}")))?;
            same_answers(&world.ws, &world.actors, &query, q)?;
        }
    }

    /// Any substring of any text (message bodies, contact fields), searched
    /// as text, finds the same conversations through the index as by the
    /// scan, whatever its script and wherever it starts or ends.
    #[test]
    fn text_terms_equal_the_scan_for_any_substring(
        steps in proptest::collection::vec(step(), 10..40),
        picks in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>()), 12),
    ) {
        let mut world = World::new(false);
        for (i, s) in steps.iter().enumerate() {
            apply(&mut world, s, t(0) + Duration::minutes(i as i64));
        }
        let ws = &world.ws;
        let mut texts: Vec<String> = Vec::new();
        for c in ws.conversations(Actor::System).unwrap() {
            texts.extend(c.messages.iter().map(|m| m.body.to_lowercase()));
        }
        for k in &ws.contacts(Actor::System).unwrap() {
            texts.extend([&k.name, &k.email, &k.phone, &k.company].iter().filter_map(|f| f.as_ref()).map(|f| f.to_lowercase()));
        }
        prop_assume!(!texts.is_empty());
        for (which, a, b) in picks {
            let text = &texts[usize::from(which) % texts.len()];
            let chars: Vec<char> = text.chars().collect();
            let (a, b) = (usize::from(a) % (chars.len() + 1), usize::from(b) % (chars.len() + 1));
            let (a, b) = (a.min(b), a.max(b).max(a.min(b) + 1).min(chars.len()));
            let s: String = chars[a.min(b)..b].iter().collect();
            if s.is_empty() {
                continue;
            }
            for term in [Term::Text(s.clone()), Term::Name(s.clone()), Term::Company(s.clone()), Term::Phone(s.clone())] {
                let query = Query { root: Expr::Term(term) };
                let fast = ws.search_ids(Actor::System, &query, t(10_000)).unwrap();
                let slow = ws.search_ids_scan(Actor::System, &query, t(10_000)).unwrap();
                prop_assert_eq!(&fast, &slow, "{:?} in {:?}", s, text);
            }
        }
    }
}
