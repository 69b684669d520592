//! The store's promises, one test each: opening, URLs, schema versions,
//! failed commits, refused commands, catching up, and SQL on the store.

mod support;

use frontdesk::*;
use frontdesk_store::{fault, open, StoredWorkspace};

const SYS: Actor = Actor::System;

fn at(minutes: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc()
        + chrono::Duration::minutes(minutes)
}

fn inbound(handle: &str, body: &str) -> Inbound {
    Inbound {
        from: Sender::Address { handle: handle.into() },
        channel: Channel::Whatsapp,
        body: body.into(),
        attachments: vec![],
        campaign: None,
    }
}

/// An admin, an agent, and two conversations (one restricted to the admin).
fn populate(ws: &mut StoredWorkspace) -> (UserId, UserId, ConversationId, ConversationId) {
    let ana = ws
        .apply(|w| w.add_user(SYS, at(0), NewUser::new("Ana", "ana@example.com", Role::Admin)))
        .unwrap()
        .value;
    let bo = ws
        .apply(|w| w.add_user(SYS, at(0), NewUser::new("Bo", "bo@example.com", Role::Agent)))
        .unwrap()
        .value;
    let c1 =
        ws.apply(|w| w.receive_message(SYS, at(1), inbound("+1 202 555 0101", "my order is late"))).unwrap();
    let c2 =
        ws.apply(|w| w.receive_message(SYS, at(2), inbound("+1 202 555 0102", "refund please"))).unwrap();
    let (c1, c2) = (c1.value.conversation, c2.value.conversation);
    ws.apply(|w| w.set_visibility(Actor::User(ana), at(3), c2, Visibility::users([ana]))).unwrap();
    ws.apply(|w| w.tag_conversation(Actor::User(ana), at(3), c1, "vip")).unwrap();
    (ana, bo, c1, c2)
}

#[test]
fn notifications_and_presence_stay_in_the_process_and_a_refused_command_leaves_none() {
    let dir = support::TempDir::new("notify");
    let url = dir.sqlite_url("inbox.db");
    let mut ws = open(&url, "acme", None).unwrap();
    ws.collect_notifications(true);
    let (ana, bo, c1, _) = populate(&mut ws);
    let told: Vec<(UserId, AlertKind)> =
        ws.take_notifications().into_iter().map(|n| (n.recipient, n.kind)).collect();
    assert!(told.contains(&(bo, AlertKind::NewConversation)), "{told:?}");
    let version = ws.version();
    ws.signal_presence(Actor::User(bo), c1, at(4), true).unwrap();
    assert_eq!(ws.version(), version, "presence is never written");
    assert_eq!(ws.present(Actor::User(ana), c1, at(4)).unwrap().len(), 1);
    // A command refused by the core tells nobody.
    let err = ws
        .apply(|w| {
            w.assign(SYS, at(5), c1, vec![bo], None)?;
            w.assign(SYS, at(5), c1, vec![UserId(99)], None)
        })
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(ws.take_notifications().is_empty());
    assert_eq!(ws.present(Actor::User(ana), c1, at(4)).unwrap().len(), 1);
    // Another process's handle has no presence of this one.
    let other = open(&url, "acme", None).unwrap();
    assert!(other.present(Actor::User(ana), c1, at(4)).unwrap().is_empty());
}

#[test]
fn a_workspace_reopened_from_sqlite_is_the_one_that_was_closed() {
    let dir = support::TempDir::new("reopen");
    let url = dir.sqlite_url("inbox.db");
    let mut ws = open(&url, "acme", None).unwrap();
    let (ana, _, c1, _) = populate(&mut ws);
    let before = ws.snapshot();
    let tiles = ws.tiles(Actor::User(ana)).unwrap();
    ws.close();
    let again = open(&url, "acme", None).unwrap();
    assert_eq!(again.snapshot(), before);
    assert_eq!(again.tiles(Actor::User(ana)).unwrap(), tiles);
    assert_eq!(again.conversation(SYS, c1).unwrap().tags, vec!["vip".to_string()]);
}

#[test]
fn many_workspaces_share_one_database_without_seeing_each_other() {
    let dir = support::TempDir::new("tenants");
    let url = dir.sqlite_url("shared.db");
    let mut acme = open(&url, "acme", None).unwrap();
    populate(&mut acme);
    let globex = open(&url, "globex", Some(WorkspaceConfig::new_conversation_after_close())).unwrap();
    assert!(globex.users().is_empty());
    assert_eq!(globex.conversation_count(Actor::System).unwrap(), 0);
    assert_eq!(globex.config().closed_policy, ClosedPolicy::NewConversation);
    assert_eq!(open(&url, "acme", None).unwrap().users().len(), 2);
}

#[test]
fn a_missing_or_malformed_url_is_refused_as_an_invalid_value() {
    for url in ["", "mysql://x", "sqlite://", "sqlite:///", "file:///tmp/x.db", "postgres"] {
        let err = open(url, "acme", None).unwrap_err();
        assert_eq!(err.code(), "invalid_value", "{url:?} gave {err}");
    }
    let dir = support::TempDir::new("url");
    assert_eq!(open(&dir.sqlite_url("x.db"), "  ", None).unwrap_err().code(), "empty_name");
}

#[test]
fn an_unreachable_database_is_reported_as_storage_unavailable() {
    let err = open("sqlite:///nonexistent-dir/sub/inbox.db", "acme", None).unwrap_err();
    assert_eq!(err.code(), "storage_unavailable");
    let err = open("postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "acme", None).unwrap_err();
    assert_eq!(err.code(), "storage_unavailable");
}

#[test]
fn a_relative_sqlite_url_names_a_file_in_the_current_directory() {
    let dir = support::TempDir::new("relative");
    let url = format!("sqlite://{}", dir.0.join("rel.db").strip_prefix("/").unwrap().display());
    // `sqlite://tmp/...` is relative: resolve it from the root for the test.
    let cwd = std::env::current_dir().unwrap();
    std::env::set_current_dir("/").unwrap();
    let r = open(&url, "acme", None).map(|mut ws| populate(&mut ws));
    std::env::set_current_dir(cwd).unwrap();
    r.unwrap();
    assert!(dir.0.join("rel.db").exists());
}

#[test]
fn an_older_database_is_migrated_when_opened() {
    let dir = support::TempDir::new("migrate");
    let url = dir.sqlite_url("old.db");
    frontdesk_store::create_database_at_schema_version(&url, 1).unwrap();
    let mut ws = open(&url, "acme", None).unwrap();
    populate(&mut ws);
    let latest = ws.latest_time();
    assert!(latest.is_some());
    drop(ws);
    // The column version 2 added holds the latest applied time.
    assert_eq!(open(&url, "acme", None).unwrap().latest_time(), latest);
}

#[test]
fn a_database_written_by_a_newer_frontdesk_is_refused_and_left_untouched() {
    let dir = support::TempDir::new("newer");
    let url = dir.sqlite_url("new.db");
    drop(open(&url, "acme", None).unwrap());
    let path = dir.0.join("new.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE fd_meta SET value = '99' WHERE key = 'schema_version'", []).unwrap();
    drop(conn);
    let err = open(&url, "acme", None).unwrap_err();
    assert_eq!(err.code(), "storage_too_new");
    assert!(err.to_string().contains("99"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: String =
        conn.query_row("SELECT value FROM fd_meta WHERE key = 'schema_version'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "99");
}

#[test]
fn a_refused_command_writes_nothing() {
    let dir = support::TempDir::new("refused");
    let url = dir.sqlite_url("inbox.db");
    let mut ws = open(&url, "acme", None).unwrap();
    let (_, bo, c1, _) = populate(&mut ws);
    let version = ws.version();
    let err = ws.apply(|w| w.delete_conversation(Actor::User(bo), at(5), c1)).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(ws.version(), version);
    assert_eq!(open(&url, "acme", None).unwrap().version(), version);
}

#[test]
fn an_injected_commit_failure_leaves_memory_equal_to_the_database() {
    let dir = support::TempDir::new("fault");
    let url = dir.sqlite_url("inbox.db");
    let mut ws = open(&url, "acme", None).unwrap();
    let (ana, _, c1, _) = populate(&mut ws);
    let committed = ws.snapshot();
    fault::fail_next_writes(1);
    let err = ws.apply(|w| w.receive_message(SYS, at(9), inbound("+1 202 555 0199", "lost?"))).unwrap_err();
    assert_eq!(err.code(), "storage_unavailable");
    // Memory is back to the last committed state before anything reads it.
    assert!(!ws.is_stale());
    assert_eq!(ws.snapshot(), committed);
    assert_eq!(open(&url, "acme", None).unwrap().snapshot(), committed);
    // The next command takes the ids the failed one would have used.
    let again = ws.apply(|w| w.receive_message(SYS, at(9), inbound("+1 202 555 0199", "again"))).unwrap();
    assert_eq!(again.value.conversation, ConversationId(3));
    assert!(ws.apply(|w| w.take_over(Actor::User(ana), at(10), c1)).is_ok());
    assert_eq!(open(&url, "acme", None).unwrap().snapshot(), ws.snapshot());
}

#[test]
fn a_handle_behind_another_catches_up_before_its_command_and_hands_out_fresh_ids() {
    let dir = support::TempDir::new("catchup");
    let url = dir.sqlite_url("inbox.db");
    let mut a = open(&url, "acme", None).unwrap();
    let mut b = open(&url, "acme", None).unwrap();
    let one = a.apply(|w| w.receive_message(SYS, at(1), inbound("+1 202 555 0101", "from a"))).unwrap();
    // b has not seen a's conversation, yet its own gets the next id.
    assert_eq!(b.conversation_count(Actor::System).unwrap(), 0);
    let two = b.apply(|w| w.receive_message(SYS, at(2), inbound("+1 202 555 0102", "from b"))).unwrap();
    assert_eq!(one.value.conversation, ConversationId(1));
    assert_eq!(two.value.conversation, ConversationId(2));
    assert_eq!(b.conversation_count(Actor::System).unwrap(), 2);
    // a sees b's commit after a refresh.
    assert_eq!(a.conversation_count(Actor::System).unwrap(), 1);
    assert!(a.refresh().unwrap());
    assert_eq!(a.snapshot(), b.snapshot());
    assert!(!a.refresh().unwrap(), "nothing new the second time");
    assert!(a.derived_state_is_consistent());
}

#[test]
fn wait_for_change_wakes_when_another_handle_commits() {
    let dir = support::TempDir::new("wait");
    let url = dir.sqlite_url("inbox.db");
    let mut a = open(&url, "acme", None).unwrap();
    let mut b = open(&url, "acme", None).unwrap();
    assert!(!a.wait_for_change(std::time::Duration::from_millis(50)).unwrap());
    b.apply(|w| w.receive_message(SYS, at(1), inbound("+1 202 555 0101", "hello"))).unwrap();
    assert!(a.wait_for_change(std::time::Duration::from_secs(5)).unwrap());
    assert_eq!(a.conversation_count(Actor::System).unwrap(), 1);
}

#[test]
fn a_json_snapshot_can_be_imported_into_an_empty_stored_workspace_only() {
    let dir = support::TempDir::new("import");
    let url = dir.sqlite_url("inbox.db");
    let mut memory = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
    memory.add_user(SYS, at(0), NewUser::new("Ana", "ana@example.com", Role::Admin)).unwrap();
    memory.receive_message(SYS, at(1), inbound("+1 202 555 0101", "hi")).unwrap();
    let from_json = Workspace::from_json(&memory.to_json().unwrap()).unwrap();
    let mut ws = open(&url, "acme", None).unwrap();
    ws.import(&from_json).unwrap();
    assert_eq!(open(&url, "acme", None).unwrap().snapshot(), memory.snapshot());
    assert_eq!(ws.import(&from_json).unwrap_err().code(), "invalid_argument");
}

fn search_matches_memory(url: &str) {
    let mut ws = open(url, "acme", None).unwrap();
    let (ana, bo, _, _) = populate(&mut ws);
    let mut other = open(url, "globex", None).unwrap();
    populate(&mut other);
    for viewer in [ana, bo] {
        for query in
            ["tag:vip", "refund", "is:unassigned", "-tag:vip", "status:open OR tag:vip", "phone:+12025550102"]
        {
            let parsed = frontdesk::query::parse(query, &Default::default()).unwrap();
            let memory = ws.search_ids(Actor::User(viewer), &parsed, at(10)).unwrap();
            let sql = ws.search_sql(viewer, query, at(10)).unwrap();
            assert_eq!(sql, memory, "{query:?} as {viewer}");
        }
    }
    // The agent does not see the restricted conversation, in SQL either.
    assert!(ws.search_sql(bo, "refund", at(10)).unwrap().is_empty());
}

#[test]
fn search_compiled_to_sql_runs_on_the_sqlite_store_and_agrees_with_memory() {
    let dir = support::TempDir::new("sql");
    search_matches_memory(&dir.sqlite_url("inbox.db"));
}

#[test]
fn search_compiled_to_sql_runs_on_the_postgresql_store_and_agrees_with_memory() {
    if let Some(url) = support::postgres_url("sql") {
        search_matches_memory(&url);
    }
}

/// One command, boxed so that a list can hold many.
type Step = Box<dyn FnOnce(&mut Workspace) -> Result<()>>;

/// Commands the random generator does not produce (settings, teams, templates,
/// contact details, skills, AI signals, payments, internal chats, bulk) each
/// reach the database: after each, a fresh open equals memory.
#[test]
fn every_kind_of_command_is_persisted() {
    let dir = support::TempDir::new("kinds");
    let url = dir.sqlite_url("inbox.db");
    let mut ws = open(&url, "acme", None).unwrap();
    let (ana, bo, c1, c2) = populate(&mut ws);
    let ana_a = Actor::User(ana);
    let steps: Vec<Step> = vec![
        Box::new(move |w| w.add_team(ana_a, at(5), "Billing", vec![bo]).map(|_| ())),
        Box::new(move |w| w.set_team_members(ana_a, at(5), TeamId(1), vec![ana, bo]).map(|_| ())),
        Box::new(move |w| {
            w.set_team_routing(ana_a, at(5), TeamId(1), Some(vec![RoutingStrategy::RoundRobin])).map(|_| ())
        }),
        Box::new(move |w| w.set_routing(ana_a, at(5), vec![RoutingStrategy::LoadBalancing]).map(|_| ())),
        Box::new(move |w| {
            w.set_priority_rules(ana_a, at(5), prioritize::PriorityRules::default_rules()).map(|_| ())
        }),
        Box::new(move |w| {
            w.set_response_goals(ana_a, at(5), Some(prioritize::ResponseGoals::default())).map(|_| ())
        }),
        Box::new(move |w| {
            w.add_template(ana_a, at(5), "hi", "Hi {{customer_name | \"there\"}}!", false).map(|_| ())
        }),
        Box::new(move |w| {
            w.update_template(ana_a, at(5), "hi", "Hello {{customer_name | \"there\"}}!").map(|_| ())
        }),
        Box::new(move |w| w.add_template(ana_a, at(5), "bye", "Bye!", false).map(|_| ())),
        Box::new(move |w| w.remove_template(ana_a, at(5), "bye").map(|_| ())),
        Box::new(move |w| {
            let patch = ContactPatch { company: Some("Acme".into()), ..Default::default() };
            w.update_contact(ana_a, at(6), ContactId(1), patch).map(|_| ())
        }),
        Box::new(move |w| {
            w.add_contact_identity(ana_a, at(6), ContactId(1), Channel::Email, "c1@example.com").map(|_| ())
        }),
        Box::new(move |w| w.add_contact_note(ana_a, at(6), ContactId(1), "prefers mornings").map(|_| ())),
        Box::new(move |w| w.tag_contact(ana_a, at(6), ContactId(1), "wholesale").map(|_| ())),
        Box::new(move |w| {
            let routing = ContactRouting { assignees: vec![bo], visibility: Visibility::Everyone };
            w.set_contact_routing(ana_a, at(6), ContactId(1), routing).map(|_| ())
        }),
        Box::new(move |w| w.set_user_routing(ana_a, at(7), bo, vec!["billing".into()], Some(3)).map(|_| ())),
        Box::new(move |w| w.set_user_capacity(ana_a, at(7), bo, Some(4)).map(|_| ())),
        Box::new(move |w| w.set_availability(ana_a, at(7), bo, Availability::Online).map(|_| ())),
        Box::new(move |w| w.set_required_skills(ana_a, at(7), c1, vec!["billing".into()]).map(|_| ())),
        Box::new(move |w| w.auto_assign(ana_a, at(7), c1).map(|_| ())),
        Box::new(move |w| w.record_ai_signals(SYS, at(8), c1, Some(-0.8), Some("refund")).map(|_| ())),
        Box::new(move |w| w.set_priority(ana_a, at(8), c2, Priority::Urgent, Some("VIP")).map(|_| ())),
        Box::new(move |w| w.set_ai_mode(ana_a, at(8), c2, AiMode::Active).map(|_| ())),
        Box::new(move |w| {
            let signals = AiReplySignals {
                confidence: Some(35),
                reasoning: Some("the order number matches a late parcel".into()),
                intent: Some("refund_request".into()),
            };
            w.send_ai_reply_with(SYS, at(8), c2, AiReply { body: "Sorry!".into(), signals }).map(|_| ())
        }),
        Box::new(move |w| w.set_summary(SYS, at(8), c2, Some("Wants a refund for a late order")).map(|_| ())),
        Box::new(move |w| w.rate_satisfaction(SYS, at(8), c2, 4, Some("quick")).map(|_| ())),
        Box::new(move |w| {
            let invoice = NewInvoice {
                kind: PaymentKind::Invoice,
                amount_minor: 2499,
                currency: "EUR".into(),
                description: "pole".into(),
            };
            w.send_invoice(ana_a, at(9), c1, invoice).map(|_| ())
        }),
        Box::new(move |w| w.cancel_invoice(ana_a, at(9), InvoiceId(1)).map(|_| ())),
        Box::new(move |w| w.send_internal_message(ana_a, at(10), bo, Outbound::text("lunch?")).map(|_| ())),
        Box::new(move |w| w.add_note(ana_a, at(10), c1, "@Bo can you check?").map(|_| ())),
        Box::new(move |w| w.mark_read(Actor::User(bo), at(11), c1).map(|_| ())),
        Box::new(move |w| {
            w.bulk(
                ana_a,
                at(12),
                &[c1, c2],
                &BulkAction::SetPriority { priority: Priority::High, reason: None },
            );
            Ok(())
        }),
        Box::new(move |w| w.close(ana_a, at(13), c1).map(|_| ())),
        Box::new(move |w| w.delete_conversation(ana_a, at(14), c1).map(|_| ())),
        Box::new(move |w| {
            w.tick(at(60 * 24 * 30));
            Ok(())
        }),
        Box::new(move |w| {
            let shared = NewSavedFilter::new("Urgent", View::TeamInbox).query("priority:urgent").shared(true);
            w.save_filter(ana_a, at(15), shared).map(|_| ())
        }),
        Box::new(move |w| {
            w.save_filter(ana_a, at(15), NewSavedFilter::new("Mine", View::MyInbox)).map(|_| ())
        }),
        Box::new(move |w| w.rename_saved_filter(ana_a, at(15), SavedFilterId(1), "Urgent work").map(|_| ())),
        Box::new(move |w| w.delete_saved_filter(ana_a, at(15), SavedFilterId(2)).map(|_| ())),
        Box::new(move |w| {
            w.set_notification_channels(ana_a, at(15), ana, AlertKind::Urgent, vec![DeliveryChannel::Push])
                .map(|_| ())
        }),
        Box::new(move |w| {
            let channels = vec![DeliveryChannel::InApp, DeliveryChannel::Email];
            w.set_notification_channels(ana_a, at(15), ana, AlertKind::StatusChanged, channels).map(|_| ())
        }),
        Box::new(move |w| {
            w.set_notification_channels(ana_a, at(15), bo, AlertKind::Mentioned, vec![]).map(|_| ())
        }),
        Box::new(move |w| w.reset_notification_preferences(ana_a, at(15), bo).map(|_| ())),
        Box::new(move |w| w.remove_user(ana_a, at(15), bo).map(|_| ())),
    ];
    for (i, step) in steps.into_iter().enumerate() {
        ws.apply(step).unwrap_or_else(|e| panic!("step {i}: {e}"));
        let fresh = open(&url, "acme", None).unwrap();
        let (f, m) = (fresh.snapshot(), ws.snapshot());
        assert!(f == m, "step {i} did not reach the database:\n{}", support::diff(&f, &m));
    }
}

/// A NUL byte is refused before anything is written (PostgreSQL `text`
/// cannot hold it); other control characters are stored and read back.
fn a_nul_byte_is_refused_and_other_control_characters_round_trip(url: &str) {
    let mut ws = open(url, "acme", None).unwrap();
    let (ana, _, c1, _) = populate(&mut ws);
    let version = ws.version();
    let before = ws.snapshot();
    let err = ws
        .apply(|w| w.send_message(Actor::User(ana), at(5), c1, Outbound::text("refund\0please")))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_argument", "{err}");
    let err = ws.apply(|w| w.receive_message(SYS, at(5), inbound("+1 202 555 0101", "a\0b"))).unwrap_err();
    assert_eq!(err.code(), "invalid_argument", "{err}");
    assert_eq!((ws.version(), ws.snapshot()), (version, before));
    ws.apply(|w| w.send_message(Actor::User(ana), at(6), c1, Outbound::text("tab\there, bell\u{7}, ünï")))
        .unwrap();
    let after = ws.snapshot();
    ws.close();
    let again = open(url, "acme", None).unwrap();
    assert_eq!(again.snapshot(), after, "{}", support::diff(&again.snapshot(), &after));
}

#[test]
fn a_message_body_with_a_nul_byte_is_refused_by_the_sqlite_store_and_nothing_is_written() {
    let dir = support::TempDir::new("nul");
    a_nul_byte_is_refused_and_other_control_characters_round_trip(&dir.sqlite_url("inbox.db"));
}

#[test]
fn a_message_body_with_a_nul_byte_is_refused_by_the_postgresql_store_and_nothing_is_written() {
    if let Some(url) = support::postgres_url("nul") {
        a_nul_byte_is_refused_and_other_control_characters_round_trip(&url);
    }
}

/// Bo switches status-change alerts on (they are off by default); a fresh
/// open still has the setting, and Ana closing a conversation assigned to
/// both tells Bo through the stored workspace, not Ana.
fn a_status_change_setting_is_stored_and_tells_the_others(url: &str) {
    let mut ws = open(url, "acme", None).unwrap();
    let (ana, bo, c1, _) = populate(&mut ws);
    let channels = vec![DeliveryChannel::InApp, DeliveryChannel::Push];
    ws.apply(|w| w.set_notification_channels(Actor::User(bo), at(3), bo, AlertKind::StatusChanged, channels))
        .unwrap();
    ws.apply(|w| w.assign(SYS, at(3), c1, vec![ana, bo], None)).unwrap();
    ws.close();
    let mut ws = open(url, "acme", None).unwrap();
    let prefs = ws.notification_preferences(SYS, bo).unwrap();
    assert_eq!(
        prefs.channels_for(AlertKind::StatusChanged),
        vec![DeliveryChannel::InApp, DeliveryChannel::Push]
    );
    assert!(ws.notification_preferences(SYS, ana).unwrap().channels_for(AlertKind::StatusChanged).is_empty());
    ws.collect_notifications(true);
    ws.apply(|w| w.close(Actor::User(ana), at(4), c1)).unwrap();
    let told: Vec<(UserId, AlertKind)> =
        ws.take_notifications().into_iter().map(|n| (n.recipient, n.kind)).collect();
    assert_eq!(told, vec![(bo, AlertKind::StatusChanged)]);
}

#[test]
fn a_status_change_setting_is_stored_by_the_sqlite_store() {
    let dir = support::TempDir::new("status-alerts");
    a_status_change_setting_is_stored_and_tells_the_others(&dir.sqlite_url("inbox.db"));
}

#[test]
fn a_status_change_setting_is_stored_by_the_postgresql_store() {
    if let Some(url) = support::postgres_url("status_alerts") {
        a_status_change_setting_is_stored_and_tells_the_others(&url);
    }
}
