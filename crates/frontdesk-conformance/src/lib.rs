//! Shared conformance scenarios for every frontdesk binding, and the Rust
//! runner for them.
//!
//! `scenarios/*.json` hold one file per product document; each scenario is a
//! list of steps (who acts, when, which command with which arguments) and what
//! must come out (event types, an error code, or the fields of a read). Every
//! binding has its own runner that interprets the steps by calling its
//! language's idiomatic API: Rust (`tests/conformance.rs`), Python
//! (`bindings/python/tests/test_conformance.py`), Node
//! (`bindings/node/test/conformance.test.mjs`) and Kotlin
//! (`bindings/uniffi/tests/conformance.kts`). The format is described in
//! `scenarios/README.md`.
#![forbid(unsafe_code)]

use chrono::{DateTime, Duration, Utc};
use frontdesk::*;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The folder holding the scenario files.
pub fn scenario_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// One scenario file: the document it comes from and its scenarios.
pub fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every scenario file, in name order (the fixture excluded).
pub fn scenario_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(scenario_dir())
        .expect("scenario dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json") && p.file_name().is_some_and(|n| n != "fixture.json")
        })
        .collect();
    files.sort();
    files
}

/// Runs one scenario against the Rust API; `Err` says which step failed and why.
pub fn run_scenario(fixture: &Value, scenario: &Value) -> Result<(), String> {
    let epoch: DateTime<Utc> = fixture["epoch"].as_str().and_then(|s| s.parse().ok()).ok_or("bad epoch")?;
    let mut config = WorkspaceConfig::reopen_on_reply().company("Acme");
    if let Some(c) = scenario.get("config") {
        if c["preset"] == "new_conversation_after_close" {
            config = WorkspaceConfig::new_conversation_after_close().company("Acme");
        }
        if let Some(v) = c.get("pending_after_secs") {
            config.pending_after_secs = v.as_i64();
        }
        if let Some(v) = c.get("pending_alert_after_secs") {
            config.pending_alert_after_secs = v.as_i64();
        }
        if let Some(v) = c.get("ai_confidence_alert_below").and_then(Value::as_u64) {
            config.ai_confidence_alert_below = u32::try_from(v).map_err(|e| e.to_string())?;
        }
        if let Some(v) = c.get("utc_offset_minutes").and_then(Value::as_i64) {
            config.utc_offset_minutes = i32::try_from(v).map_err(|e| e.to_string())?;
        }
    }
    let mut r =
        Runner { ws: Workspace::new(config).map_err(|e| e.to_string())?, vars: HashMap::new(), epoch, at: 0 };
    r.ws.collect_notifications(true);
    let steps = fixture["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(scenario["steps"].as_array().into_iter().flatten());
    for (i, step) in steps.enumerate() {
        r.step(step).map_err(|e| format!("step {i} ({}): {e}", step))?;
    }
    Ok(())
}

struct Runner {
    ws: Workspace,
    vars: HashMap<String, Value>,
    epoch: DateTime<Utc>,
    at: i64,
}

/// What a step produced: events and a saved value, or an error code.
type Outcome = Result<(Vec<Event>, Value), Error>;

impl Runner {
    fn resolve(&self, v: &Value) -> Result<Value, String> {
        Ok(match v {
            Value::String(s) if s.starts_with('$') => {
                self.vars.get(&s[1..]).cloned().ok_or_else(|| format!("unknown variable {s}"))?
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|x| self.resolve(x)).collect::<Result<_, _>>()?)
            }
            Value::Object(m) => Value::Object(
                m.iter().map(|(k, x)| Ok((k.clone(), self.resolve(x)?))).collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    }

    fn step(&mut self, step: &Value) -> Result<(), String> {
        if let Some(at) = step.get("at").and_then(Value::as_i64) {
            self.at = at;
        }
        let now = self.epoch + Duration::minutes(self.at);
        let actor = match step["as"].as_str() {
            Some("system") | None => Actor::System,
            Some(v) => Actor::User(UserId(self.resolve(&json!(v))?.as_u64().ok_or("actor")?)),
        };
        let args = self.resolve(step.get("args").unwrap_or(&json!({})))?;
        if let Some(read) = step["read"].as_str() {
            let got = match read {
                // Draining the feed is a read that moves the viewer's start.
                "feed" => self.ws.take_feed(actor).map(|f| feed_json(&f)),
                // One shared round for every watcher: each group's viewers
                // and their one feed.
                "feed_groups" => Ok(Value::Array(
                    self.ws
                        .take_feed_groups()
                        .iter()
                        .map(|g| {
                            json!({
                                "viewers": g.viewers.iter().map(|u| u.0).collect::<Vec<_>>(),
                                "tiles": serde_json::to_value(&g.tiles).unwrap_or(Value::Null),
                                "feed": feed_json(&g.feed),
                            })
                        })
                        .collect(),
                )),
                _ => self.read(read, actor, now, &args),
            };
            return self.check_read(step, got);
        }
        let cmd = step["do"].as_str().ok_or("step needs do or read")?;
        if cmd == "bulk" {
            self.bulk(step, actor, now, &args)?;
            return self.check_notifications(step);
        }
        let outcome = self.command(cmd, actor, now, &args)?;
        self.check_notifications(step)?;
        match (outcome, step.get("error")) {
            (Ok((events, value)), None) => {
                if let Some(expected) = step.get("events") {
                    let types: Vec<String> = events.iter().map(event_type).collect();
                    if json!(types) != *expected {
                        return Err(format!("events {types:?}, expected {expected}"));
                    }
                }
                if let Some(name) = step["save"].as_str() {
                    self.vars.insert(name.to_string(), value);
                }
                Ok(())
            }
            (Ok(_), Some(code)) => Err(format!("succeeded, expected error {code}")),
            (Err(e), None) => Err(format!("failed with {} ({e})", e.code())),
            (Err(e), Some(code)) if code == e.code() => Ok(()),
            (Err(e), Some(code)) => Err(format!("failed with {}, expected {code}", e.code())),
        }
    }

    /// Takes the notifications the step caused and, when the step lists
    /// `notifications` (`[recipient, kind]` pairs, in order), compares them.
    fn check_notifications(&mut self, step: &Value) -> Result<(), String> {
        let got: Vec<Value> =
            self.ws.take_notifications().iter().map(|n| json!([n.recipient.0, n.kind.as_str()])).collect();
        if let Some(expected) = step.get("notifications") {
            let expected = self.resolve(expected)?;
            if json!(got) != expected {
                return Err(format!("notifications {}, expected {expected}", json!(got)));
            }
        }
        Ok(())
    }

    fn command(&mut self, cmd: &str, a: Actor, now: DateTime<Utc>, args: &Value) -> Result<Outcome, String> {
        let ws = &mut self.ws;
        let s = |k: &str| args[k].as_str().map(str::to_string);
        let id = |k: &str| args[k].as_u64().ok_or_else(|| format!("argument {k} must be an id"));
        let users_of = |k: &str| -> Result<Vec<UserId>, String> {
            args[k]
                .as_array()
                .ok_or(format!("argument {k} must be a list"))?
                .iter()
                .map(|v| v.as_u64().map(UserId).ok_or(format!("{k} ids")))
                .collect()
        };
        let conv = || id("conversation").map(ConversationId);
        let unit = |r: Result<Applied<()>>| r.map(|a| (a.events, Value::Null));
        let deliv = |r: Result<Applied<Delivered>>| r.map(|a| (a.events, json!(a.value.conversation.0)));
        let channel = |v: &Value| -> Result<Channel, Error> { v.as_str().unwrap_or("").parse() };
        Ok(match cmd {
            "add_user" => {
                let role = if s("role").as_deref() == Some("admin") { Role::Admin } else { Role::Agent };
                let av = match s("availability").as_deref() {
                    Some("online") => Availability::Online,
                    Some("away") => Availability::Away,
                    _ => Availability::Offline,
                };
                let new = NewUser::new(s("name").unwrap_or_default(), s("email").unwrap_or_default(), role)
                    .availability(av);
                ws.add_user(a, now, new).map(|r| (r.events, json!(r.value.0)))
            }
            "add_team" => ws
                .add_team(a, now, &s("name").unwrap_or_default(), users_of("members")?)
                .map(|r| (r.events, json!(r.value.0))),
            "add_contact" => {
                let new = NewContact {
                    name: s("name"),
                    phone: s("phone"),
                    email: s("email"),
                    ..NewContact::default()
                };
                ws.add_contact(a, now, new).map(|r| (r.events, json!(r.value.0)))
            }
            "remove_user" => unit(ws.remove_user(a, now, UserId(id("user")?))),
            "set_contact_routing" => {
                let routing = ContactRouting {
                    assignees: users_of("assignees")?,
                    visibility: visibility(&args["visibility"])?,
                };
                unit(ws.set_contact_routing(a, now, ContactId(id("contact")?), routing))
            }
            "receive_message" => {
                let from = match args.get("contact") {
                    Some(c) => Sender::Contact { contact: ContactId(c.as_u64().ok_or("contact")?) },
                    None => Sender::Address { handle: s("handle").unwrap_or_default() },
                };
                match channel(&args["channel"]) {
                    Err(e) => Err(e),
                    Ok(ch) => deliv(ws.receive_message(
                        a,
                        now,
                        Inbound {
                            from,
                            channel: ch,
                            body: s("body").unwrap_or_default(),
                            attachments: vec![],
                            campaign: s("campaign"),
                        },
                    )),
                }
            }
            "start_conversation" => match channel(&args["channel"]) {
                Err(e) => Err(e),
                Ok(ch) => deliv(ws.start_conversation(
                    a,
                    now,
                    ContactId(id("contact")?),
                    Outbound::text(s("body").unwrap_or_default()).on(ch),
                )),
            },
            "send_message" => {
                let mut m = Outbound::text(s("body").unwrap_or_default());
                if let Some(ch) = args.get("channel") {
                    match channel(ch) {
                        Ok(ch) => m = m.on(ch),
                        Err(e) => return Ok(Err(e)),
                    }
                }
                deliv(ws.send_message(a, now, conv()?, m))
            }
            "send_ai_reply" => {
                let signals = AiReplySignals {
                    confidence: args
                        .get("confidence")
                        .and_then(Value::as_u64)
                        .map(|c| c.min(u64::from(u32::MAX)) as u32),
                    reasoning: s("reasoning"),
                    intent: s("intent"),
                };
                let body = s("body").unwrap_or_default();
                if signals.is_empty() {
                    deliv(ws.send_ai_reply(a, now, conv()?, &body))
                } else {
                    deliv(ws.send_ai_reply_with(a, now, conv()?, AiReply { body, signals }))
                }
            }
            "set_summary" => unit(ws.set_summary(a, now, conv()?, s("summary").as_deref())),
            "rate_satisfaction" => unit(ws.rate_satisfaction(
                a,
                now,
                conv()?,
                args.get("rating").and_then(Value::as_u64).map_or(0, |r| r.min(u64::from(u32::MAX)) as u32),
                s("comment").as_deref(),
            )),
            "send_auto_reply" => deliv(ws.send_auto_reply(a, now, conv()?, &s("body").unwrap_or_default())),
            "add_note" => ws
                .add_note(a, now, conv()?, &s("body").unwrap_or_default())
                .map(|r| (r.events, json!(r.value.0))),
            "send_internal_message" => deliv(ws.send_internal_message(
                a,
                now,
                UserId(id("to")?),
                Outbound::text(s("body").unwrap_or_default()),
            )),
            "send_invoice" => {
                let kind = if s("kind").as_deref() == Some("checkout") {
                    PaymentKind::Checkout
                } else {
                    PaymentKind::Invoice
                };
                let new = NewInvoice {
                    kind,
                    amount_minor: args["amount_minor"].as_i64().ok_or("amount_minor")?,
                    currency: s("currency").unwrap_or_default(),
                    description: s("description").unwrap_or_default(),
                };
                ws.send_invoice(a, now, conv()?, new).map(|r| (r.events, json!(r.value.0)))
            }
            "mark_invoice_paid" => unit(ws.mark_invoice_paid(a, now, InvoiceId(id("invoice")?))),
            "cancel_invoice" => unit(ws.cancel_invoice(a, now, InvoiceId(id("invoice")?))),
            "assign" => unit(ws.assign(a, now, conv()?, users_of("users")?, s("note").as_deref())),
            "unassign" => unit(ws.unassign(a, now, conv()?, users_of("users")?)),
            "transfer" => unit(ws.transfer(a, now, conv()?, users_of("to")?, s("note").as_deref())),
            "assign_team" => ws
                .assign_team(a, now, conv()?, TeamId(id("team")?), s("note").as_deref())
                .map(|r| (r.events, json!(r.value.map(|u| u.0)))),
            "take_over" => unit(ws.take_over(a, now, conv()?)),
            "request_handoff" => unit(ws.request_handoff(a, now, conv()?, s("reason").as_deref())),
            "resume_ai" => unit(ws.resume_ai(a, now, conv()?)),
            "set_ai_mode" => match s("mode").unwrap_or_default().parse() {
                Ok(m) => unit(ws.set_ai_mode(a, now, conv()?, m)),
                Err(e) => Err(e),
            },
            "set_status" => match s("status").unwrap_or_default().parse() {
                Ok(st) => unit(ws.set_status(a, now, conv()?, st)),
                Err(e) => Err(e),
            },
            "close" => unit(ws.close(a, now, conv()?)),
            "reopen" => unit(ws.reopen(a, now, conv()?)),
            "archive" => unit(ws.archive(a, now, conv()?)),
            "delete_conversation" => unit(ws.delete_conversation(a, now, conv()?)),
            "set_priority" => match s("priority").unwrap_or_default().parse() {
                Ok(p) => unit(ws.set_priority(a, now, conv()?, p, s("reason").as_deref())),
                Err(e) => Err(e),
            },
            "clear_priority_pin" => unit(ws.clear_priority_pin(a, now, conv()?)),
            "tag_conversation" => unit(ws.tag_conversation(a, now, conv()?, &s("tag").unwrap_or_default())),
            "set_visibility" => unit(ws.set_visibility(a, now, conv()?, visibility(&args["visibility"])?)),
            "set_availability" => {
                let av = match s("availability").as_deref() {
                    Some("online") => Availability::Online,
                    Some("away") => Availability::Away,
                    _ => Availability::Offline,
                };
                unit(ws.set_availability(a, now, UserId(id("user")?), av))
            }
            "set_user_routing" => {
                let skills = strings(&args["skills"])?;
                let capacity = args["capacity"].as_u64().map(|c| c as u32);
                unit(ws.set_user_routing(a, now, UserId(id("user")?), skills, capacity))
            }
            "set_routing" => match chain(&args["chain"]) {
                Ok(c) => unit(ws.set_routing(a, now, c)),
                Err(e) => Err(e),
            },
            "set_team_routing" => {
                let c = if args["chain"].is_null() { Ok(None) } else { chain(&args["chain"]).map(Some) };
                match c {
                    Ok(c) => unit(ws.set_team_routing(a, now, TeamId(id("team")?), c)),
                    Err(e) => Err(e),
                }
            }
            "set_required_skills" => unit(ws.set_required_skills(a, now, conv()?, strings(&args["skills"])?)),
            "auto_assign" => ws.auto_assign(a, now, conv()?).map(|r| (r.events, Value::Null)),
            "set_priority_rules" => {
                let rules = serde_json::from_value(args["rules"].clone()).map_err(|e| e.to_string())?;
                unit(ws.set_priority_rules(a, now, rules))
            }
            "set_response_goals" => {
                let goals = serde_json::from_value(args["goals"].clone()).map_err(|e| e.to_string())?;
                unit(ws.set_response_goals(a, now, goals))
            }
            "record_ai_signals" => ws
                .record_ai_signals(
                    a,
                    now,
                    conv()?,
                    args["sentiment"].as_f64().map(|x| x as f32),
                    s("intent").as_deref(),
                )
                .map(|r| (r.events, Value::Null)),
            "add_template" => unit(ws.add_template(
                a,
                now,
                &s("name").unwrap_or_default(),
                &s("source").unwrap_or_default(),
                args["whatsapp_approved"].as_bool().unwrap_or(false),
            )),
            "save_filter" => match s("view").unwrap_or_else(|| "team_inbox".into()).parse::<View>() {
                Ok(view) => {
                    let filters = Filters { tag: s("tag"), ..Filters::default() };
                    let new = NewSavedFilter::new(s("name").unwrap_or_default(), view)
                        .query(s("query").unwrap_or_default())
                        .filters(filters)
                        .shared(args["shared"].as_bool().unwrap_or(false));
                    ws.save_filter(a, now, new).map(|r| (r.events, json!(r.value.0)))
                }
                Err(e) => Err(e),
            },
            "rename_saved_filter" => unit(ws.rename_saved_filter(
                a,
                now,
                SavedFilterId(id("filter")?),
                &s("name").unwrap_or_default(),
            )),
            "delete_saved_filter" => unit(ws.delete_saved_filter(a, now, SavedFilterId(id("filter")?))),
            "mark_read" => unit(ws.mark_read(a, now, conv()?)),
            "mark_unread" => unit(ws.mark_unread(a, now, conv()?)),
            "tick" => Ok((ws.tick(now), Value::Null)),
            "set_notification_channels" => {
                let kind = AlertKind::parse(&s("kind").unwrap_or_default()).ok_or("unknown alert kind")?;
                let channels = strings(&args["channels"])?
                    .iter()
                    .map(|c| DeliveryChannel::parse(c).ok_or(format!("unknown channel {c}")))
                    .collect::<Result<Vec<_>, _>>()?;
                unit(ws.set_notification_channels(a, now, UserId(id("user")?), kind, channels))
            }
            "reset_notification_preferences" => {
                unit(ws.reset_notification_preferences(a, now, UserId(id("user")?)))
            }
            "viewing" => ws.viewing(a, conv()?, now).map(|()| (vec![], Value::Null)),
            "typing" => ws.typing(a, conv()?, now).map(|()| (vec![], Value::Null)),
            "watch_views" => {
                let views = strings(&args["views"])?
                    .iter()
                    .map(|v| v.parse::<View>().map(WatchedView::new))
                    .collect::<Result<Vec<_>, _>>();
                match views {
                    Ok(views) => ws.watch_views(a, views).map(|()| (vec![], Value::Null)),
                    Err(e) => Err(e),
                }
            }
            "reload" => {
                let json = ws.to_json().map_err(|e| e.to_string())?;
                self.ws = Workspace::from_json(&json).map_err(|e| e.to_string())?;
                self.ws.collect_notifications(true);
                Ok((vec![], Value::Null))
            }
            other => return Err(format!("unknown command {other}")),
        })
    }

    fn bulk(&mut self, step: &Value, a: Actor, now: DateTime<Utc>, args: &Value) -> Result<(), String> {
        let ids: Vec<ConversationId> = args["conversations"]
            .as_array()
            .ok_or("conversations")?
            .iter()
            .filter_map(Value::as_u64)
            .map(ConversationId)
            .collect();
        let action = match args["action"].as_str().unwrap_or("") {
            "assign" => BulkAction::Assign {
                users: args["users"]
                    .as_array()
                    .ok_or("users")?
                    .iter()
                    .filter_map(Value::as_u64)
                    .map(UserId)
                    .collect(),
                note: args["note"].as_str().map(String::from),
            },
            "archive" => BulkAction::Archive,
            "delete" => BulkAction::Delete,
            "set_priority" => BulkAction::SetPriority {
                priority: args["priority"]
                    .as_str()
                    .unwrap_or("")
                    .parse()
                    .map_err(|e: Error| e.to_string())?,
                reason: args["reason"].as_str().map(String::from),
            },
            "set_status" => BulkAction::SetStatus {
                status: args["status"].as_str().unwrap_or("").parse().map_err(|e: Error| e.to_string())?,
            },
            "assign_team" => BulkAction::AssignTeam { team: TeamId(args["team"].as_u64().ok_or("team")?) },
            other => return Err(format!("unknown bulk action {other}")),
        };
        let results: Vec<Value> = self
            .ws
            .bulk(a, now, &ids, &action)
            .iter()
            .map(|o| match &o.result {
                Ok(_) => Value::Null,
                Err(e) => json!(e.code()),
            })
            .collect();
        if json!(results) != step["results"] {
            return Err(format!("bulk results {results:?}, expected {}", step["results"]));
        }
        Ok(())
    }

    fn read(&self, what: &str, a: Actor, now: DateTime<Utc>, args: &Value) -> Result<Value, Error> {
        let conv = ConversationId(args["conversation"].as_u64().unwrap_or(0));
        let text = |k: &str| args[k].as_str().unwrap_or("").to_string();
        Ok(match what {
            "explain_routing" => {
                let d = self.ws.explain_routing(a, conv)?;
                let (outcome, users, strategy) = match &d.outcome {
                    RoutingOutcome::Assign { users, strategy } => {
                        ("assign", users.iter().map(|u| u.0).collect(), Some(strategy.as_str()))
                    }
                    RoutingOutcome::Queue => ("queue", Vec::new(), None),
                    RoutingOutcome::NotRouted => ("not_routed", Vec::new(), None),
                };
                json!({"outcome": outcome, "users": users, "strategy": strategy, "reason": d.reason})
            }
            "routing_queue" => json!(self.ws.routing_queue(a)?.iter().map(|c| c.0).collect::<Vec<_>>()),
            "view" => {
                let v: View = text("view").parse()?;
                let mut q = ViewQuery::new(v).sort(sort(args)?);
                if let Some(l) = args["limit"].as_u64() {
                    q = q.limit(l as u32);
                }
                if let Some(c) = cursor(args) {
                    q = q.after(c);
                }
                if let Some(m) = args["mode"].as_str() {
                    q.filters.mode = Mode::parse_filter(m)?;
                }
                q.filters.campaign = args["campaign"].as_str().map(str::to_string);
                let page = self.ws.view(a, &q, now)?;
                let mut out = page_view(&page, self.epoch);
                out["count"] = json!(self.ws.count(a, &q, now)?);
                out
            }
            "tiles" => serde_json::to_value(self.ws.tiles(a)?).unwrap_or(Value::Null),
            "unread_count" => json!(self.ws.unread_count(a, conv)?),
            "read_marker" => json!(self.ws.read_marker(a, conv)?),
            "search_ids" => {
                let q = frontdesk::query::parse(&text("query"), &frontdesk::query::ParseOptions::default())
                    .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
                json!(self.ws.search_ids(a, &q, now)?.iter().map(|c| c.0).collect::<Vec<_>>())
            }
            "search_count" => {
                let q = frontdesk::query::parse(&text("query"), &frontdesk::query::ParseOptions::default())
                    .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
                json!(self.ws.search_count(a, &q, now)?)
            }
            "saved_filters" => json!(self
                .ws
                .saved_filters(a, now)?
                .iter()
                .map(|c| json!({"name": c.filter.name, "count": c.count}))
                .collect::<Vec<_>>()),
            "search_text" => {
                let mut o = SearchOptions::new().sort(sort(args)?);
                if let Some(l) = args["limit"].as_u64() {
                    o = o.limit(l as u32);
                }
                if let Some(c) = cursor(args) {
                    o = o.after(c);
                }
                page_view(&self.ws.search_text(a, &text("query"), now, &o)?, self.epoch)
            }
            "render_template" => {
                let values = args["values"]
                    .as_object()
                    .map(|m| {
                        m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect()
                    })
                    .unwrap_or_default();
                json!(self.ws.render_template(a, now, conv, &text("name"), &values)?)
            }
            "find_templates" => json!(self
                .ws
                .find_templates(&text("query"), args["limit"].as_u64().unwrap_or(10) as usize)
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()),
            "explain_priority" => {
                let d = self.ws.explain_priority(a, now, conv)?;
                json!({"priority": d.priority.map(|p| p.as_str()), "fired": d.fired.iter().map(|f| f.rule_id.clone()).collect::<Vec<_>>()})
            }
            "conversation_metrics" => {
                serde_json::to_value(self.ws.conversation_metrics(a, conv)?).unwrap_or(Value::Null)
            }
            "workspace_metrics" => {
                serde_json::to_value(self.ws.workspace_metrics(a, now)?).unwrap_or(Value::Null)
            }
            "agent_metrics" => serde_json::to_value(self.ws.agent_metrics(
                a,
                UserId(args["agent"].as_u64().unwrap_or(0)),
                now,
            )?)
            .unwrap_or(Value::Null),
            "conversation" => conversation_view(self.ws.conversation(a, conv)?),
            "conversations" => json!(self.ws.conversations(a)?.iter().map(|c| c.id.0).collect::<Vec<_>>()),
            "conversation_count" => json!(self.ws.conversation_count(a)?),
            "customer_panel" => {
                let beside = args["beside"].as_u64().map(ConversationId);
                let p =
                    self.ws.customer_panel(a, ContactId(args["contact"].as_u64().unwrap_or(0)), beside)?;
                json!({
                    "total_conversations": p.total_conversations,
                    "related": p.related.iter().map(|r| r.conversation.0).collect::<Vec<_>>(),
                    "first_contact_at": p.first_contact_at.map(|t| (t - self.epoch).num_minutes()),
                    "notes": p.notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
                    "tags": p.tags,
                })
            }
            "export_transcripts" => {
                let audience =
                    if args["audience"] == "customer" { Audience::Customer } else { Audience::Team };
                let list: Vec<ConversationId> = args["conversations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| ConversationId(v.as_u64().unwrap_or(0)))
                    .collect();
                json!(self
                    .ws
                    .export_transcripts(a, &list, audience)
                    .iter()
                    .map(|o| match &o.result {
                        Ok(t) => json!({"conversation": o.conversation.0, "error": null, "kinds": t.entries.iter().map(|e| e.kind.clone()).collect::<Vec<_>>()}),
                        Err(e) => json!({"conversation": o.conversation.0, "error": e.code(), "kinds": null}),
                    })
                    .collect::<Vec<_>>())
            }
            "can_see" => json!(self.ws.can_see(a, conv)),
            "transcript" => {
                let audience =
                    if args["audience"] == "customer" { Audience::Customer } else { Audience::Team };
                let t = self.ws.transcript(a, conv, audience)?;
                json!({
                    "kinds": t.entries.iter().map(|e| e.kind.clone()).collect::<Vec<_>>(),
                    "bodies": t.entries.iter().map(|e| e.body.clone()).collect::<Vec<_>>(),
                    "with": t.with,
                    "summary": t.summary,
                    "satisfaction": t.satisfaction,
                    "confidences": t.entries.iter().map(|e| e.ai.as_ref().and_then(|x| x.confidence)).collect::<Vec<_>>(),
                    "intents": t.entries.iter().map(|e| e.ai.as_ref().and_then(|x| x.intent.clone())).collect::<Vec<_>>(),
                })
            }
            "contact" => {
                let c = self.ws.contact(a, ContactId(args["contact"].as_u64().unwrap_or(0)))?;
                json!({"name": c.name, "phone": c.phone, "email": c.email, "current_conversation": c.current_conversation.map(|x| x.0)})
            }
            "find_contact" => {
                let ch: Channel = args["channel"].as_str().unwrap_or("").parse()?;
                json!(self.ws.find_contact(ch, args["handle"].as_str().unwrap_or("")).map(|c| c.0))
            }
            "next_due" => json!(self.ws.next_due().map(|t| (t - self.epoch).num_minutes())),
            "user" => {
                let u = self.ws.user(UserId(args["user"].as_u64().unwrap_or(0)))?;
                json!({"removed": u.removed, "name": u.name})
            }
            "notification_preferences" => {
                let p = self.ws.notification_preferences(a, UserId(args["user"].as_u64().unwrap_or(0)))?;
                let map: serde_json::Map<String, Value> = AlertKind::ALL
                    .iter()
                    .map(|k| {
                        let channels: Vec<&str> = p.channels_for(*k).iter().map(|c| c.as_str()).collect();
                        (k.as_str().to_string(), json!(channels))
                    })
                    .collect();
                Value::Object(map)
            }
            "present" => {
                let list = self.ws.present(a, conv, now)?;
                json!(list.iter().map(|p| json!({"user": p.user.0, "typing": p.typing})).collect::<Vec<_>>())
            }
            other => json!(format!("unknown read {other}")),
        })
    }

    fn check_read(&mut self, step: &Value, got: Result<Value, Error>) -> Result<(), String> {
        match (got, step.get("error")) {
            (Err(e), Some(code)) if code == e.code() => Ok(()),
            (Err(e), Some(code)) => Err(format!("read failed with {}, expected {code}", e.code())),
            (Err(e), None) => Err(format!("read failed with {}", e.code())),
            (Ok(_), Some(code)) => Err(format!("read succeeded, expected {code}")),
            (Ok(v), None) => {
                let expected = self.resolve(step.get("expect").unwrap_or(&Value::Null))?;
                matches(&v, &expected)?;
                if let Some(name) = step["save"].as_str() {
                    self.vars.insert(name.to_string(), v);
                }
                Ok(())
            }
        }
    }
}

/// `expected` objects are partial: only their keys are compared.
pub fn matches(got: &Value, expected: &Value) -> Result<(), String> {
    match (got, expected) {
        (Value::Object(g), Value::Object(e)) => {
            for (k, v) in e {
                matches(g.get(k).unwrap_or(&Value::Null), v).map_err(|m| format!("{k}: {m}"))?;
            }
            Ok(())
        }
        (g, e) if g == e => Ok(()),
        (g, e) => Err(format!("got {g}, expected {e}")),
    }
}

fn strings(v: &Value) -> Result<Vec<String>, String> {
    v.as_array()
        .ok_or("a list of strings")?
        .iter()
        .map(|x| x.as_str().map(String::from).ok_or_else(|| "a list of strings".to_string()))
        .collect()
}

/// A routing chain by step names.
fn chain(v: &Value) -> Result<Vec<RoutingStrategy>, Error> {
    v.as_array().into_iter().flatten().map(|x| x.as_str().unwrap_or("").parse()).collect()
}

fn sort(args: &Value) -> Result<Sort, Error> {
    args["sort"].as_str().map_or(Ok(Sort::Recent), str::parse)
}

/// `after` is a saved page (its `next` cursor) or a cursor token.
fn cursor(args: &Value) -> Option<Cursor> {
    match &args["after"] {
        Value::String(s) => Some(Cursor::from_token(s.clone())),
        Value::Object(m) => m.get("next").and_then(Value::as_str).map(Cursor::from_token),
        _ => None,
    }
}

/// A page as the scenarios compare it: ids, the next cursor and the first row.
fn page_view(page: &Page, epoch: DateTime<Utc>) -> Value {
    let row = |r: &ListRow| {
        json!({
            "conversation": r.conversation.0,
            "internal": r.internal,
            "contact": r.contact.map(|c| c.0),
            "title": r.title,
            "preview": r.preview,
            "last_activity_at": (r.last_activity_at - epoch).num_minutes(),
            "channel": r.channel.as_str(),
            "unread": r.unread,
            "unreplied": r.unreplied,
            "status": r.status.as_str(),
            "priority": r.priority.as_str(),
            "assignees": r.assignees.iter().map(|u| u.0).collect::<Vec<_>>(),
            "ai_mode": r.ai_mode.as_str(),
        })
    };
    json!({
        "ids": page.rows.iter().map(|r| r.conversation.0).collect::<Vec<_>>(),
        "next": page.next.as_ref().map(|c| c.as_str().to_string()),
        "first": page.rows.first().map(row),
    })
}

fn event_type(e: &Event) -> String {
    serde_json::to_value(e).ok().and_then(|v| v["type"].as_str().map(String::from)).unwrap_or_default()
}

fn visibility(v: &Value) -> Result<Visibility, String> {
    match v {
        Value::String(s) if s == "everyone" => Ok(Visibility::Everyone),
        Value::Array(list) => Ok(Visibility::Users(
            list.iter().map(|x| x.as_u64().map(UserId).ok_or("visibility ids")).collect::<Result<_, _>>()?,
        )),
        other => Err(format!("bad visibility {other}")),
    }
}

/// The fields of a conversation the scenarios compare, named as in the JSON.
fn conversation_view(c: &Conversation) -> Value {
    let mut m = Map::new();
    m.insert("status".into(), json!(c.status.as_str()));
    m.insert("priority".into(), json!(c.priority.as_str()));
    m.insert("priority_pinned".into(), json!(c.priority_pin.is_some()));
    m.insert("ai_mode".into(), json!(c.ai_mode.as_str()));
    m.insert("assignees".into(), json!(c.assignees.iter().map(|u| u.0).collect::<Vec<_>>()));
    m.insert("team".into(), json!(c.team.map(|t| t.0)));
    m.insert("unreplied".into(), json!(c.reply.unreplied));
    m.insert("answered_by_ai".into(), json!(c.reply.answered_by_ai));
    m.insert("channel".into(), json!(c.channel.as_str()));
    m.insert("origin".into(), serde_json::to_value(c.origin).unwrap_or(Value::Null));
    m.insert("continued_from".into(), json!(c.continued_from.map(|x| x.0)));
    m.insert("contact".into(), json!(c.contact().map(|x| x.0)));
    m.insert(
        "visibility".into(),
        match &c.visibility {
            Visibility::Everyone => json!("everyone"),
            Visibility::Users(u) => json!(u.iter().map(|x| x.0).collect::<Vec<_>>()),
        },
    );
    m.insert("tags".into(), json!(c.tags));
    m.insert("messages".into(), json!(c.messages.len()));
    m.insert(
        "message_channels".into(),
        json!(c.messages.iter().map(|x| x.channel.as_str()).collect::<Vec<_>>()),
    );
    Value::Object(m)
}

/// A drained feed as scenarios compare it: ids per view, counts, the tiles
/// (as the `tiles` read gives them) and the ids gone.
fn feed_json(f: &Feed) -> Value {
    let ids = |rows: &[FeedRow]| rows.iter().map(|r| r.row.conversation.0).collect::<Vec<_>>();
    json!({
        "reset": f.reset,
        "gone": f.gone.iter().map(|c| c.0).collect::<Vec<_>>(),
        "tiles": f.tiles.map(|t| serde_json::to_value(t).unwrap_or(Value::Null)),
        "views": f.views.iter().map(|v| json!({
            "view": v.view.as_str(),
            "entered": ids(&v.entered),
            "changed": ids(&v.changed),
            "left": v.left.iter().map(|c| c.0).collect::<Vec<_>>(),
            "count": v.count,
        })).collect::<Vec<_>>(),
    })
}
