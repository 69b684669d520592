//! Python bindings for frontdesk: a thin layer over the core crate. Each method
//! converts its arguments, calls the core once and converts the result; no rule
//! lives here. Errors are mapped in `errors.rs` only.
#![deny(missing_docs)]

mod commands;
mod convert;
mod errors;
mod inbox;
mod query;
mod values;

use chrono::{DateTime, Utc};
use convert::Rec;
use convert::{actor, choice, id, ids, opt_text, text, time};
use errors::{check, guard, internal};
use frontdesk as core;
use frontdesk_store::Backing;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::sync::{Mutex, MutexGuard};
use values::{Applied, Inbound};

pub(crate) type Any<'py> = Bound<'py, PyAny>;

/// One team's inbox, in memory or kept durable in a database (`open`). Safe
/// to share between threads: calls are serialized by an internal lock; the GIL
/// is released while a call waits for the lock and while a command, a refresh
/// or a long read runs.
#[pyclass(frozen, module = "frontdesk")]
pub struct Workspace {
    inner: Mutex<Backing>,
}

impl Workspace {
    fn new(backing: Backing) -> Self {
        Workspace { inner: Mutex::new(backing) }
    }

    /// The workspace lock, taken with the GIL released while waiting.
    fn lock(&self, py: Python<'_>) -> PyResult<MutexGuard<'_, Backing>> {
        self.inner.lock_py_attached(py).map_err(|_| poisoned(py))
    }

    /// Runs a read with the GIL held (it may build Python objects).
    fn read<R>(&self, py: Python<'_>, f: impl FnOnce(&core::Workspace) -> R) -> PyResult<R> {
        check(py, self.lock(py)?.read(f))
    }

    /// Runs a long read (`to_json`) with the GIL released.
    fn read_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&core::Workspace) -> R + Send,
    ) -> PyResult<R> {
        let r = py.detach(|| self.inner.lock().ok().map(|backing| backing.read(f)));
        check(py, r.ok_or_else(|| poisoned(py))?)
    }

    /// Runs a command with the GIL released (waiting for the lock, and on a
    /// stored workspace the transaction); durable when it returns.
    fn command<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut core::Workspace) -> core::Result<T> + Send,
    ) -> PyResult<T> {
        let r = py.detach(|| self.inner.lock().ok().map(|mut backing| backing.command(f)));
        check(py, r.ok_or_else(|| poisoned(py))?)
    }

    /// Runs a command and wraps its result as `Applied`.
    fn run<'py, T: IntoPyObject<'py> + Send>(
        &self,
        py: Python<'py>,
        f: impl FnOnce(&mut core::Workspace) -> core::Result<core::Applied<T>> + Send,
    ) -> PyResult<Applied> {
        guard(py, || {
            let applied = self.command(py, f)?;
            values::applied(py, applied)
        })
    }
}

fn poisoned(py: Python<'_>) -> PyErr {
    internal(py, "the workspace is unusable after an internal error")
}

fn attachments(value: Option<&Any<'_>>) -> PyResult<Vec<core::Attachment>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for item in
        value.try_iter().map_err(|_| PyTypeError::new_err("attachments must be a list of Attachment"))?
    {
        let item = item?;
        let field = |name: &str| item.getattr(name);
        let wrong = |_| PyTypeError::new_err("attachments must be a list of frontdesk.Attachment");
        out.push(core::Attachment {
            name: field("name").and_then(|v| v.extract()).map_err(wrong)?,
            mime: field("mime").and_then(|v| v.extract()).map_err(wrong)?,
            size: field("size").and_then(|v| v.extract()).map_err(wrong)?,
            reference: field("reference").and_then(|v| v.extract()).map_err(wrong)?,
        });
    }
    Ok(out)
}

fn opt_id(value: Option<&Any<'_>>, what: &str) -> PyResult<Option<u64>> {
    match value {
        Some(v) if !v.is_none() => id(v, what).map(Some),
        _ => Ok(None),
    }
}

pub(crate) fn strings(value: Option<&Any<'_>>, what: &str) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(Vec::new()) };
    if value.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(format!("{what} must be a list of str, not a str")));
    }
    let mut out = Vec::new();
    for item in value.try_iter().map_err(|_| PyTypeError::new_err(format!("{what} must be a list of str")))? {
        out.push(text(&item?, what)?);
    }
    Ok(out)
}

/// Builds a core inbound message from keyword arguments (shared by
/// `receive_message` and `Inbound`).
pub(crate) fn inbound(
    channel: &Any<'_>,
    body: &Any<'_>,
    handle: Option<&Any<'_>>,
    contact: Option<&Any<'_>>,
    atts: Option<&Any<'_>>,
    campaign: Option<&Any<'_>>,
) -> PyResult<core::Inbound> {
    let handle = opt_text(handle, "handle")?;
    let contact = opt_id(contact, "contact")?;
    let from = match (handle, contact) {
        (Some(handle), None) => core::Sender::Address { handle },
        (None, Some(c)) => core::Sender::Contact { contact: core::ContactId(c) },
        _ => return Err(PyValueError::new_err("give exactly one of handle= or contact=")),
    };
    Ok(core::Inbound {
        from,
        channel: choice(channel, "channel")?,
        body: text(body, "body")?,
        attachments: attachments(atts)?,
        campaign: opt_text(campaign, "campaign")?,
    })
}

fn config_from(py: Python<'_>, cfg: &Any<'_>) -> PyResult<core::WorkspaceConfig> {
    let get = |name: &str| cfg.getattr(name);
    let optional = |name: &str| -> PyResult<Option<Any<'_>>> {
        if cfg.hasattr(name)? {
            Ok(Some(cfg.getattr(name)?).filter(|v| !v.is_none()))
        } else {
            Ok(None)
        }
    };
    let opt_i64 = |name: &str| -> PyResult<Option<i64>> {
        let v = get(name)?;
        if v.is_none() {
            Ok(None)
        } else if v.is_instance_of::<pyo3::types::PyBool>() {
            Err(PyTypeError::new_err(format!("{name} must be an int or None")))
        } else {
            v.extract().map(Some).map_err(|_| PyTypeError::new_err(format!("{name} must be an int or None")))
        }
    };
    let policy: core::ClosedPolicy =
        text(&get("closed_policy")?, "closed_policy")?.parse().map_err(|e| errors::exception(py, &e))?;
    let country = match opt_i64("default_country_code")? {
        None => None,
        Some(c) => Some(
            u16::try_from(c).map_err(|_| PyValueError::new_err("default_country_code must be 1..65535"))?,
        ),
    };
    let max = opt_i64("max_message_bytes")?
        .ok_or_else(|| PyTypeError::new_err("max_message_bytes must be an int"))?;
    let offset = opt_i64("utc_offset_minutes")?
        .ok_or_else(|| PyTypeError::new_err("utc_offset_minutes must be an int"))?;
    Ok(core::WorkspaceConfig {
        company_name: text(&get("company_name")?, "company_name")?,
        closed_policy: policy,
        pending_after_secs: opt_i64("pending_after_secs")?,
        archive_after_secs: opt_i64("archive_after_secs")?,
        utc_offset_minutes: i32::try_from(offset)
            .map_err(|_| PyValueError::new_err("utc_offset_minutes is out of range"))?,
        default_ai_mode: choice(&get("default_ai_mode")?, "default_ai_mode")?,
        default_country_code: country,
        max_message_bytes: usize::try_from(max)
            .map_err(|_| PyValueError::new_err("max_message_bytes must not be negative"))?,
        // The newer settings are optional attributes, so a config object
        // written before them still works.
        routing: match optional("routing")? {
            None => Vec::new(),
            Some(v) => inbox::chain(&v)?,
        },
        priority_rules: match optional("priority_rules")? {
            None => core::prioritize::PriorityRules::default(),
            Some(v) => inbox::rules(py, &v)?,
        },
        response_goals: match optional("response_goals")? {
            None => None,
            Some(v) => inbox::goals(&v)?,
        },
        notification_defaults: match optional("notification_defaults")? {
            None => core::NotificationPreferences::overview_defaults(),
            Some(v) => serde_json::from_str(&text(&v, "notification_defaults")?)
                .map_err(|e| PyValueError::new_err(format!("notification_defaults: {e}")))?,
        },
        pending_alert_after_secs: match optional("pending_alert_after_secs")? {
            None => None,
            Some(_) => opt_i64("pending_alert_after_secs")?,
        },
        presence_ttl_secs: match optional("presence_ttl_secs")? {
            None => 30,
            Some(_) => opt_i64("presence_ttl_secs")?.unwrap_or(30),
        },
        ai_confidence_alert_below: match optional("ai_confidence_alert_below")? {
            None => core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW,
            Some(_) => opt_i64("ai_confidence_alert_below")?
                .map(u32::try_from)
                .transpose()
                .map_err(|_| PyValueError::new_err("ai_confidence_alert_below must be 0..4294967295"))?
                .unwrap_or(core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW),
        },
    })
}

fn config_dict<'py>(py: Python<'py>, c: &core::WorkspaceConfig) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("company_name", &c.company_name)?;
    d.set_item("closed_policy", convert::member(py, "ClosedPolicy", c.closed_policy.as_str())?)?;
    d.set_item("pending_after_secs", c.pending_after_secs)?;
    d.set_item("archive_after_secs", c.archive_after_secs)?;
    d.set_item("utc_offset_minutes", c.utc_offset_minutes)?;
    d.set_item("default_ai_mode", convert::member(py, "AiMode", c.default_ai_mode.as_str())?)?;
    d.set_item("default_country_code", c.default_country_code)?;
    d.set_item("max_message_bytes", c.max_message_bytes)?;
    let routing = c
        .routing
        .iter()
        .map(|r| convert::member(py, "RoutingStrategy", r.as_str()))
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item("routing", PyTuple::new(py, routing)?)?;
    // Priority rules cross as JSON text (see docs/bindings.md); none is None.
    let rules = if c.priority_rules.rules.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&c.priority_rules).map_err(|e| errors::internal(py, &e.to_string()))?)
    };
    d.set_item("priority_rules", rules)?;
    let goals = match &c.response_goals {
        None => None,
        Some(g) => Some(inbox::flat(py, "ResponseGoals", g)?),
    };
    d.set_item("response_goals", goals)?;
    // Notification defaults cross as JSON text, like priority rules.
    let defaults =
        serde_json::to_string(&c.notification_defaults).map_err(|e| errors::internal(py, &e.to_string()))?;
    d.set_item("notification_defaults", defaults)?;
    d.set_item("pending_alert_after_secs", c.pending_alert_after_secs)?;
    d.set_item("presence_ttl_secs", c.presence_ttl_secs)?;
    d.set_item("ai_confidence_alert_below", c.ai_confidence_alert_below)?;
    Ok(d)
}

/// The settings of a preset ("reopen_on_reply" or "new_conversation_after_close")
/// as a dict; `WorkspaceConfig.reopen_on_reply()` wraps it.
#[pyfunction]
fn _preset<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
    let c = match name {
        "reopen_on_reply" => core::WorkspaceConfig::reopen_on_reply(),
        "new_conversation_after_close" => core::WorkspaceConfig::new_conversation_after_close(),
        _ => return Err(PyValueError::new_err(format!("unknown preset {name:?}"))),
    };
    config_dict(py, &c)
}

/// Normalizes a phone number to E.164 (`+` and 8 to 15 digits).
#[pyfunction]
#[pyo3(signature = (number, default_country_code = None))]
fn normalize_phone(py: Python<'_>, number: &Any<'_>, default_country_code: Option<u16>) -> PyResult<String> {
    let number = text(number, "number")?;
    check(py, core::normalize_phone(&number, default_country_code))
}

/// Opens (creating when absent) the workspace `workspace_id` kept in the
/// database at `url`: `sqlite:///abs/path.db`, `sqlite://relative.db` or
/// `postgres://...`. `config` is used only when the workspace is created
/// (default: the `reopen_on_reply` preset). Every command is durable when it
/// returns; several processes may open the same workspace. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (url, workspace_id, config = None))]
fn open(
    py: Python<'_>,
    url: &Any<'_>,
    workspace_id: &Any<'_>,
    config: Option<&Any<'_>>,
) -> PyResult<Workspace> {
    let (url, name) = (text(url, "url")?, text(workspace_id, "workspace_id")?);
    let config = match config.filter(|c| !c.is_none()) {
        None => None,
        Some(c) => Some(config_from(py, c)?),
    };
    let stored = guard(py, || check(py, py.detach(|| frontdesk_store::open(&url, &name, config))))?;
    Ok(Workspace::new(Backing::Stored(stored)))
}

/// Every stable error code.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    core::Error::ALL_CODES.to_vec()
}

fn now(value: &Any<'_>) -> PyResult<DateTime<Utc>> {
    time(value, "now")
}

fn uid(v: &Any<'_>, what: &str) -> PyResult<core::UserId> {
    id(v, what).map(core::UserId)
}

fn cid(v: &Any<'_>) -> PyResult<core::ConversationId> {
    id(v, "conversation").map(core::ConversationId)
}

fn users(v: &Any<'_>, what: &str) -> PyResult<Vec<core::UserId>> {
    Ok(ids(v, what)?.into_iter().map(core::UserId).collect())
}

#[pymethods]
impl Workspace {
    /// An empty workspace. `config` is a `WorkspaceConfig` (default: the
    /// `reopen_on_reply` preset).
    #[new]
    #[pyo3(signature = (config = None))]
    fn py_new(py: Python<'_>, config: Option<&Any<'_>>) -> PyResult<Workspace> {
        let config = match config.filter(|c| !c.is_none()) {
            None => core::WorkspaceConfig::default(),
            Some(c) => config_from(py, c)?,
        };
        let ws = check(py, core::Workspace::new(config))?;
        Ok(Workspace::new(Backing::Memory(ws)))
    }

    /// Restores a workspace from JSON written by `to_json` (releases the GIL).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &Any<'_>) -> PyResult<Workspace> {
        let json = text(json, "json")?;
        let ws = guard(py, || check(py, py.detach(|| core::Workspace::from_json(&json))))?;
        Ok(Workspace::new(Backing::Memory(ws)))
    }

    /// Applies what other processes committed to a stored workspace since this
    /// handle's last command or refresh; returns whether anything was new.
    /// Reads are served from memory, so they see others' commits after a
    /// refresh (or after this handle's next command). Always False in memory.
    /// Releases the GIL.
    fn refresh(&self, py: Python<'_>) -> PyResult<bool> {
        guard(py, || {
            let r = py.detach(|| self.inner.lock().ok().map(|mut backing| backing.refresh()));
            check(py, r.ok_or_else(|| poisoned(py))?)
        })
    }

    /// Closes a stored workspace's database connection (`close` is the
    /// conversation command); every acknowledged command is already durable.
    /// Later calls raise `StorageError` (`storage_unavailable`). Does nothing
    /// in memory; closing twice is fine.
    fn close_store(&self, py: Python<'_>) -> PyResult<()> {
        guard(py, || {
            let done = py.detach(|| self.inner.lock().ok().map(|mut backing| backing.close()));
            done.ok_or_else(|| poisoned(py))
        })
    }

    /// The whole workspace as JSON (a versioned snapshot; releases the GIL).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || check(py, self.read_detached(py, |ws| ws.to_json())?))
    }

    /// The workspace settings as a `WorkspaceConfig`.
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Any<'py>> {
        let d = self.read(py, |ws| config_dict(py, ws.config()))??;
        py.import("frontdesk")?.getattr("WorkspaceConfig")?.call((), Some(&d))
    }

    // ----- directory ---------------------------------------------------------------

    /// Replaces a user's routing skills and capacity (admins); skills None
    /// keeps the user's skills (the core's `set_user_capacity`).
    #[pyo3(signature = (actor, user, skills = None, capacity = None, *, now))]
    fn set_user_routing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        skills: Option<&Any<'_>>,
        capacity: Option<u32>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u) = (convert::actor(actor)?, self::now(now)?, uid(user, "user")?);
        match convert::opt::<Vec<String>>(skills, "skills")? {
            Some(skills) => self.run(py, |ws| ws.set_user_routing(a, t, u, skills, capacity)),
            None => self.run(py, |ws| ws.set_user_capacity(a, t, u, capacity)),
        }
    }

    // ----- messages ----------------------------------------------------------------

    /// Delivers a message from a contact (the system only). Give `handle=` (an
    /// address on the channel) or `contact=` (a known contact id). Returns a
    /// `Delivered`.
    #[pyo3(signature = (actor, *, now, channel, body, handle = None, contact = None, attachments = None, campaign = None))]
    #[allow(clippy::too_many_arguments)]
    fn receive_message(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        now: &Any<'_>,
        channel: &Any<'_>,
        body: &Any<'_>,
        handle: Option<&Any<'_>>,
        contact: Option<&Any<'_>>,
        attachments: Option<&Any<'_>>,
        campaign: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let m = inbound(channel, body, handle, contact, attachments, campaign)?;
        self.run(py, |ws| ws.receive_message(a, t, m).map(|r| map_value(r, Rec)))
    }

    /// Delivers many inbound messages in one call (the batch call: one
    /// crossing, the GIL released while the core works). Returns one item per
    /// message, in order: a `Delivered`, or the `FrontdeskError` that refused
    /// that message (the others are still delivered).
    #[pyo3(signature = (actor, messages, *, now))]
    fn receive_messages<'py>(
        &self,
        py: Python<'py>,
        actor: &Any<'py>,
        messages: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let mut batch = Vec::new();
        for item in messages
            .try_iter()
            .map_err(|_| PyTypeError::new_err("messages must be a list of frontdesk.Inbound"))?
        {
            let item = item?;
            let m = item.cast::<Inbound>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "messages must hold frontdesk.Inbound, got {}",
                    convert::type_name(&item)
                ))
            })?;
            batch.push(m.get().core.clone());
        }
        guard(py, || {
            // One crossing and, on a stored workspace, one transaction: a
            // refused message changes nothing, the others are written together.
            let results = self.command(py, |ws| {
                Ok(batch
                    .into_iter()
                    .map(|m| ws.receive_message(a, t, m).map(|r| r.value))
                    .collect::<Vec<_>>())
            })?;
            let list = PyList::empty(py);
            for r in results {
                match r {
                    Ok(d) => list.append(Rec(d))?,
                    Err(e) => list.append(errors::exception(py, &e).into_value(py))?,
                }
            }
            Ok(list)
        })
    }

    /// Sends an invoice or a checkout (WhatsApp or SMS). Returns the invoice id.
    #[pyo3(signature = (actor, conversation, *, now, kind, amount_minor, currency, description))]
    #[allow(clippy::too_many_arguments)]
    fn send_invoice(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
        kind: &Any<'_>,
        amount_minor: i64,
        currency: &Any<'_>,
        description: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        let kind = choice(kind, "kind")?;
        let new = core::NewInvoice {
            kind,
            amount_minor,
            currency: text(currency, "currency")?,
            description: text(description, "description")?,
        };
        self.run(py, |ws| ws.send_invoice(a, t, c, new).map(|r| map_value(r, |i| i.0)))
    }

    // ----- assignment, AI, priority, tags, visibility --------------------------------

    // ----- lifecycle ------------------------------------------------------------------

    /// Applies one action to many conversations; one `BulkOutcome` each.
    /// `action` is a `BulkAction`; its arguments are keywords (`users`, `note`,
    /// `team`, `status`, `priority`, `reason`).
    #[pyo3(signature = (actor, conversations, action, *, now, users = None, note = None, team = None, status = None, priority = None, reason = None))]
    #[allow(clippy::too_many_arguments)]
    fn bulk<'py>(
        &self,
        py: Python<'py>,
        actor: &Any<'py>,
        conversations: &Any<'py>,
        action: &Any<'py>,
        now: &Any<'py>,
        users: Option<&Any<'py>>,
        note: Option<&Any<'py>>,
        team: Option<&Any<'py>>,
        status: Option<&Any<'py>>,
        priority: Option<&Any<'py>>,
        reason: Option<&Any<'py>>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let list: Vec<core::ConversationId> =
            ids(conversations, "conversations")?.into_iter().map(core::ConversationId).collect();
        let need = |v: Option<&Any<'py>>, what: &str| {
            v.filter(|v| !v.is_none())
                .cloned()
                .ok_or_else(|| PyTypeError::new_err(format!("bulk action needs {what}=")))
        };
        let action = match text(action, "action")?.as_str() {
            "assign" => core::BulkAction::Assign {
                users: self::users(&need(users, "users")?, "users")?,
                note: opt_text(note, "note")?,
            },
            "assign_team" => {
                core::BulkAction::AssignTeam { team: core::TeamId(id(&need(team, "team")?, "team")?) }
            }
            "set_status" => {
                core::BulkAction::SetStatus { status: choice(&need(status, "status")?, "status")? }
            }
            "set_priority" => core::BulkAction::SetPriority {
                priority: choice(&need(priority, "priority")?, "priority")?,
                reason: opt_text(reason, "reason")?,
            },
            "auto_assign" => core::BulkAction::AutoAssign,
            "archive" => core::BulkAction::Archive,
            "delete" => core::BulkAction::Delete,
            other => {
                return Err(errors::exception(
                    py,
                    &core::Error::InvalidValue {
                        field: "action".into(),
                        input: other.into(),
                        allowed: core::BulkAction::NAMES.map(String::from).to_vec(),
                    },
                ))
            }
        };
        guard(py, || {
            let outcomes = self.command(py, |ws| Ok(ws.bulk(a, t, &list, &action)))?;
            outcomes.iter().map(|o| values::bulk_outcome(py, o)).collect()
        })
    }

    /// Applies every timed transition due at `now`; returns the events.
    fn tick<'py>(&self, py: Python<'py>, now: &Any<'py>) -> PyResult<Bound<'py, PyList>> {
        let t = self::now(now)?;
        guard(py, || {
            let events = self.command(py, |ws| Ok(ws.tick(t)))?;
            convert::events(py, &events)
        })
    }

    /// Starts (or stops) collecting notifications for `take_notifications`.
    fn collect_notifications(&self, py: Python<'_>, on: bool) -> PyResult<()> {
        check(py, self.lock(py)?.collect_notifications(on))
    }

    /// The notifications the commands and ticks caused since the last call.
    fn take_notifications<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = check(py, self.lock(py)?.take_notifications())?;
        convert::records(py, &list)
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    #[pyo3(signature = (actor, conversation, *, now))]
    fn viewing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<()> {
        let (a, c, t) = (convert::actor(actor)?, cid(conversation)?, self::now(now)?);
        check(py, self.lock(py)?.signal_presence(a, c, t, false))
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    #[pyo3(signature = (actor, conversation, *, now))]
    fn typing(&self, py: Python<'_>, actor: &Any<'_>, conversation: &Any<'_>, now: &Any<'_>) -> PyResult<()> {
        let (a, c, t) = (convert::actor(actor)?, cid(conversation)?, self::now(now)?);
        check(py, self.lock(py)?.signal_presence(a, c, t, true))
    }

    /// Sets the views `viewer` watches: `View`s (most recent first) or
    /// `(View, Sort)` pairs; empty stops. Ephemeral: never written.
    fn watch_views(&self, py: Python<'_>, viewer: &Any<'_>, views: &Any<'_>) -> PyResult<()> {
        let (a, views) = (convert::actor(viewer)?, inbox::watched_views(views)?);
        check(py, self.lock(py)?.watch_views(a, views))
    }

    /// What changed for `viewer` in the views they watch since the last call,
    /// as a `Feed`.
    fn take_feed<'py>(&self, py: Python<'py>, viewer: &Any<'py>) -> PyResult<Any<'py>> {
        let a = convert::actor(viewer)?;
        let feed = check(py, self.lock(py)?.take_feed(a))?;
        guard(py, || convert::record(py, &feed))
    }

    /// One drain round for every watching user, shared: a list of
    /// `FeedGroup`s, one feed for all viewers whose feeds are equal.
    fn take_feed_groups<'py>(&self, py: Python<'py>) -> PyResult<Vec<Any<'py>>> {
        let groups = check(py, self.lock(py)?.take_feed_groups())?;
        guard(py, || groups.iter().map(|g| convert::record(py, g)).collect())
    }

    // ----- reads ------------------------------------------------------------------------

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        self.read(py, |ws| {
            Ok(format!(
                "Workspace(users={}, contacts={}, conversations={})",
                ws.users().len(),
                ws.contacts(core::Actor::System).map_or(0, |l| l.len()),
                ws.conversation_count(core::Actor::System).unwrap_or(0)
            ))
        })?
    }

    // ----- unread, views, tiles and metrics --------------------------------------

    /// One page of a list (`View`) for `viewer`, as a `Page` of `ListRow`s.
    /// `after` is the `next` cursor of the previous page; `time_range` is a
    /// `TimeRange` or a `(start, end)` tuple of aware datetimes; `mode` is a
    /// `Mode` ("all", "ai_handled", "manual"); `campaign` a source campaign.
    #[pyo3(signature = (viewer, view, *, now, sort = None, limit = 50, after = None, channel = None, status = None, priority = None, ai_mode = None, tag = None, time_range = None, mode = None, campaign = None))]
    #[allow(clippy::too_many_arguments)]
    fn view<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        view: &Any<'py>,
        now: &Any<'py>,
        sort: Option<&Any<'py>>,
        limit: u32,
        after: Option<&Any<'py>>,
        channel: Option<&Any<'py>>,
        status: Option<&Any<'py>>,
        priority: Option<&Any<'py>>,
        ai_mode: Option<&Any<'py>>,
        tag: Option<&Any<'py>>,
        time_range: Option<&Any<'py>>,
        mode: Option<&Any<'py>>,
        campaign: Option<&Any<'py>>,
    ) -> PyResult<Any<'py>> {
        let (a, t) = (actor(viewer)?, self::now(now)?);
        let q = inbox::view_query(
            view, sort, limit, after, channel, status, priority, ai_mode, tag, time_range, mode, campaign,
        )?;
        guard(py, || {
            let p = check(py, self.read(py, |ws| ws.view(a, &q, t))?)?;
            convert::record(py, &p)
        })
    }

    /// How many rows a list holds for `viewer` (same filters as `view`).
    #[pyo3(signature = (viewer, view, *, now, channel = None, status = None, priority = None, ai_mode = None, tag = None, time_range = None, mode = None, campaign = None))]
    #[allow(clippy::too_many_arguments)]
    fn count<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        view: &Any<'py>,
        now: &Any<'py>,
        channel: Option<&Any<'py>>,
        status: Option<&Any<'py>>,
        priority: Option<&Any<'py>>,
        ai_mode: Option<&Any<'py>>,
        tag: Option<&Any<'py>>,
        time_range: Option<&Any<'py>>,
        mode: Option<&Any<'py>>,
        campaign: Option<&Any<'py>>,
    ) -> PyResult<u64> {
        let (a, t) = (actor(viewer)?, self::now(now)?);
        let q = inbox::view_query(
            view, None, 50, None, channel, status, priority, ai_mode, tag, time_range, mode, campaign,
        )?;
        guard(py, || check(py, self.read(py, |ws| ws.count(a, &q, t))?))
    }

    // ----- search ---------------------------------------------------------------------

    /// One page of the conversations matching a query in the query language
    /// (parsed strictly: a query with errors raises `QuerySyntaxError`;
    /// warnings alone do not), as a `Page` of `ListRow`s. The core's
    /// `search_text`; the core's `search` takes a parsed tree instead.
    #[pyo3(signature = (viewer, query, *, now, sort = None, limit = 50, after = None))]
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        query: &Any<'py>,
        now: &Any<'py>,
        sort: Option<&Any<'py>>,
        limit: u32,
        after: Option<&Any<'py>>,
    ) -> PyResult<Any<'py>> {
        let (a, q, t) = (actor(viewer)?, text(query, "query")?, self::now(now)?);
        let o = inbox::search_options(sort, limit, after)?;
        guard(py, || {
            let p = check(py, self.read(py, |ws| ws.search_text(a, &q, t, &o))?)?;
            convert::record(py, &p)
        })
    }

    // ----- saved filters --------------------------------------------------------------

    /// Saves a named query (query language, may be empty) on a view with
    /// `view`'s filters, for the actor alone or, with `shared`, for everyone.
    /// The value of the `Applied` is the new filter's id.
    #[pyo3(signature = (actor, name, view, *, now, query = None, shared = false, sort = None, channel = None, status = None, priority = None, ai_mode = None, tag = None, time_range = None, mode = None, campaign = None))]
    #[allow(clippy::too_many_arguments)]
    fn save_filter<'py>(
        &self,
        py: Python<'py>,
        actor: &Any<'py>,
        name: &Any<'py>,
        view: &Any<'py>,
        now: &Any<'py>,
        query: Option<&Any<'py>>,
        shared: bool,
        sort: Option<&Any<'py>>,
        channel: Option<&Any<'py>>,
        status: Option<&Any<'py>>,
        priority: Option<&Any<'py>>,
        ai_mode: Option<&Any<'py>>,
        tag: Option<&Any<'py>>,
        time_range: Option<&Any<'py>>,
        mode: Option<&Any<'py>>,
        campaign: Option<&Any<'py>>,
    ) -> PyResult<Applied> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let q = inbox::view_query(
            view, sort, 50, None, channel, status, priority, ai_mode, tag, time_range, mode, campaign,
        )?;
        let new = core::NewSavedFilter {
            name: text(name, "name")?,
            query: opt_text(query, "query")?.unwrap_or_default(),
            view: q.view,
            sort: q.sort,
            filters: q.filters,
            shared,
        };
        self.run(py, |ws| ws.save_filter(a, t, new).map(|r| map_value(r, |f| f.0)))
    }

    // ----- routing ----------------------------------------------------------------------

    // ----- priority -----------------------------------------------------------------------

    // ----- templates ----------------------------------------------------------------------

    /// Renders a template for a reply in a conversation; `values` fills custom
    /// variables. Placeholders left empty raise `MissingVariablesError`.
    #[pyo3(signature = (viewer, conversation, name, *, now, values = None))]
    fn render_template(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
        name: &Any<'_>,
        now: &Any<'_>,
        values: Option<&Any<'_>>,
    ) -> PyResult<String> {
        let (a, c, n, t) = (actor(viewer)?, cid(conversation)?, text(name, "name")?, self::now(now)?);
        let v = inbox::values(values)?;
        guard(py, || check(py, self.read(py, |ws| ws.render_template(a, t, c, &n, &v))?))
    }
}

pub(crate) fn map_value<T, U>(a: core::Applied<T>, f: impl FnOnce(T) -> U) -> core::Applied<U> {
    core::Applied { value: f(a.value), events: a.events }
}

/// Every value of every core enum the package mirrors as a Python enum, by
/// the Python enum's name, taken from the core's own lists (`ALL`). A test
/// compares them with the members of `frontdesk._enums`, so a variant added to
/// the core fails the test suite until the Python enum (and its stub) has it.
#[pyfunction]
fn _core_enums() -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    let mut all: std::collections::BTreeMap<_, _> = core::enum_names().into_iter().collect();
    // Python's filter mode also takes "all" (no filter).
    if let Some(mode) = all.get_mut("Mode") {
        mode.insert(0, "all");
    }
    all
}

/// The native part of the `frontdesk` package; import `frontdesk` instead.
#[pymodule]
fn _frontdesk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Workspace>()?;
    m.add_class::<Inbound>()?;
    m.add_function(wrap_pyfunction!(_preset, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_phone, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add_function(wrap_pyfunction!(_core_enums, m)?)?;
    m.add_function(wrap_pyfunction!(query::_parse_query, m)?)?;
    m.add_function(wrap_pyfunction!(query::_compile_sql, m)?)?;
    m.add_function(wrap_pyfunction!(query::_sql_schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SNAPSHOT_FORMAT_VERSION", core::SNAPSHOT_FORMAT_VERSION)?;
    Ok(())
}

/// A whole number for the core to range-check: one out of `u32` becomes
/// `u32::MAX`, which every range the core checks refuses with its own code.
pub(crate) fn percent(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
