//! Python bindings for frontdesk: a thin layer over the core crate. Each method
//! converts its arguments, calls the core once and converts the result; no rule
//! lives here. Errors are mapped in `errors.rs` only.
#![deny(missing_docs)]

mod convert;
mod errors;
mod inbox;
mod values;

use chrono::{DateTime, Utc};
use convert::{actor, choice, id, ids, opt_text, text, time};
use errors::{check, guard, internal};
use frontdesk as core;
use frontdesk_store::Backing;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::sync::{Mutex, MutexGuard};
use values::{
    Applied, Attachment, BulkOutcome, Contact, Conversation, CustomerPanel, Delivered, ExportOutcome,
    Inbound, Team, Transcript, User,
};

type Any<'py> = Bound<'py, PyAny>;

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
            Applied::new(py, applied)
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
        let a = item
            .cast::<Attachment>()
            .map_err(|_| PyTypeError::new_err("attachments must be a list of frontdesk.Attachment"))?;
        out.push(core::Attachment::from(a.get()));
    }
    Ok(out)
}

fn opt_id(value: Option<&Any<'_>>, what: &str) -> PyResult<Option<u64>> {
    match value {
        Some(v) if !v.is_none() => id(v, what).map(Some),
        _ => Ok(None),
    }
}

fn strings(value: Option<&Any<'_>>, what: &str) -> PyResult<Vec<String>> {
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
        ai_confidence_alert_below: core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW,
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

    /// The policy for messages to closed conversations.
    fn closed_policy<'py>(&self, py: Python<'py>) -> PyResult<Any<'py>> {
        let p = self.read(py, |ws| ws.closed_policy())?;
        convert::member(py, "ClosedPolicy", p.as_str())
    }

    // ----- directory ---------------------------------------------------------------

    /// Adds a user (admins or the system). Returns the new user id.
    #[pyo3(signature = (actor, name, email, role, *, now, availability = None, skills = None, capacity = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_user(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        name: &Any<'_>,
        email: &Any<'_>,
        role: &Any<'_>,
        now: &Any<'_>,
        availability: Option<&Any<'_>>,
        skills: Option<&Any<'_>>,
        capacity: Option<u32>,
    ) -> PyResult<Applied> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let new = core::NewUser {
            name: text(name, "name")?,
            email: text(email, "email")?,
            role: role_in(role)?,
            availability: match availability.filter(|v| !v.is_none()) {
                None => core::Availability::Offline,
                Some(v) => availability_in(v)?,
            },
            skills: strings(skills, "skills")?,
            capacity,
        };
        self.run(py, |ws| ws.add_user(a, t, new).map(|r| map_value(r, |u| u.0)))
    }

    /// Sets a user's availability ("online", "away", "offline").
    #[pyo3(signature = (actor, user, availability, *, now))]
    fn set_availability(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        availability: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u, av) =
            (convert::actor(actor)?, self::now(now)?, uid(user, "user")?, availability_in(availability)?);
        self.run(py, |ws| ws.set_availability(a, t, u, av))
    }

    /// Replaces a user's routing skills and capacity (admins).
    #[pyo3(signature = (actor, user, skills, capacity = None, *, now))]
    fn set_user_routing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        skills: &Any<'_>,
        capacity: Option<u32>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u, s) =
            (convert::actor(actor)?, self::now(now)?, uid(user, "user")?, strings(Some(skills), "skills")?);
        self.run(py, |ws| ws.set_user_routing(a, t, u, s, capacity))
    }

    /// Removes a user: unassigned everywhere, can no longer act (admins).
    #[pyo3(signature = (actor, user, *, now))]
    fn remove_user(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u) = (convert::actor(actor)?, self::now(now)?, uid(user, "user")?);
        self.run(py, |ws| ws.remove_user(a, t, u))
    }

    /// Creates a team (admins). Returns the team id.
    #[pyo3(signature = (actor, name, members, *, now))]
    fn add_team(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        name: &Any<'_>,
        members: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, n, m) =
            (convert::actor(actor)?, self::now(now)?, text(name, "name")?, users(members, "members")?);
        self.run(py, |ws| ws.add_team(a, t, &n, m).map(|r| map_value(r, |x| x.0)))
    }

    /// Replaces a team's members (admins).
    #[pyo3(signature = (actor, team, members, *, now))]
    fn set_team_members(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        team: &Any<'_>,
        members: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, tm, m) = (
            convert::actor(actor)?,
            self::now(now)?,
            core::TeamId(id(team, "team")?),
            users(members, "members")?,
        );
        self.run(py, |ws| ws.set_team_members(a, t, tm, m))
    }

    /// Creates a contact. Returns the contact id.
    #[pyo3(signature = (actor, *, now, name = None, phone = None, email = None, company = None, segment = None, tags = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_contact(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        now: &Any<'_>,
        name: Option<&Any<'_>>,
        phone: Option<&Any<'_>>,
        email: Option<&Any<'_>>,
        company: Option<&Any<'_>>,
        segment: Option<&Any<'_>>,
        tags: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let new = core::NewContact {
            name: opt_text(name, "name")?,
            phone: opt_text(phone, "phone")?,
            email: opt_text(email, "email")?,
            company: opt_text(company, "company")?,
            segment: opt_text(segment, "segment")?,
            tags: strings(tags, "tags")?,
            identities: Vec::new(),
        };
        self.run(py, |ws| ws.add_contact(a, t, new).map(|r| map_value(r, |x| x.0)))
    }

    /// Changes a contact's details; None leaves a field, "" clears it.
    #[pyo3(signature = (actor, contact, *, now, name = None, phone = None, email = None, company = None, segment = None))]
    #[allow(clippy::too_many_arguments)]
    fn update_contact(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        now: &Any<'_>,
        name: Option<&Any<'_>>,
        phone: Option<&Any<'_>>,
        email: Option<&Any<'_>>,
        company: Option<&Any<'_>>,
        segment: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, core::ContactId(id(contact, "contact")?));
        let patch = core::ContactPatch {
            name: opt_text(name, "name")?,
            phone: opt_text(phone, "phone")?,
            email: opt_text(email, "email")?,
            company: opt_text(company, "company")?,
            segment: opt_text(segment, "segment")?,
        };
        self.run(py, |ws| ws.update_contact(a, t, c, patch))
    }

    /// Adds an address on a channel to a contact.
    #[pyo3(signature = (actor, contact, channel, handle, *, now))]
    fn add_contact_identity(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        channel: &Any<'_>,
        handle: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, core::ContactId(id(contact, "contact")?));
        let (ch, h) = (choice::<core::Channel>(channel, "channel")?, text(handle, "handle")?);
        self.run(py, |ws| ws.add_contact_identity(a, t, c, ch, &h))
    }

    /// Adds a note about a contact.
    #[pyo3(signature = (actor, contact, text, *, now))]
    fn add_contact_note(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        text: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) = (
            convert::actor(actor)?,
            self::now(now)?,
            core::ContactId(id(contact, "contact")?),
            convert::text(text, "text")?,
        );
        self.run(py, |ws| ws.add_contact_note(a, t, c, &s))
    }

    /// Tags a contact.
    #[pyo3(signature = (actor, contact, tag, *, now))]
    fn tag_contact(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        tag: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) = (
            convert::actor(actor)?,
            self::now(now)?,
            core::ContactId(id(contact, "contact")?),
            text(tag, "tag")?,
        );
        self.run(py, |ws| ws.tag_contact(a, t, c, &s))
    }

    /// Sets the assignees and visibility of the contact's new inbound
    /// conversations (admins).
    #[pyo3(signature = (actor, contact, *, now, assignees = None, visibility = None))]
    fn set_contact_routing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        now: &Any<'_>,
        assignees: Option<&Any<'_>>,
        visibility: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, core::ContactId(id(contact, "contact")?));
        let routing = core::ContactRouting {
            assignees: match assignees.filter(|v| !v.is_none()) {
                None => Vec::new(),
                Some(v) => users(v, "assignees")?,
            },
            visibility: match visibility.filter(|v| !v.is_none()) {
                None => core::Visibility::Everyone,
                Some(v) => convert::visibility(v)?,
            },
        };
        self.run(py, |ws| ws.set_contact_routing(a, t, c, routing))
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
        self.run(py, |ws| ws.receive_message(a, t, m).map(|r| map_value(r, Delivered::from)))
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
                    Ok(d) => list.append(Delivered::from(d))?,
                    Err(e) => list.append(errors::exception(py, &e).into_value(py))?,
                }
            }
            Ok(list)
        })
    }

    /// Starts a conversation with a contact by sending the first message.
    #[pyo3(signature = (actor, contact, channel, body, *, now, attachments = None))]
    #[allow(clippy::too_many_arguments)]
    fn start_conversation(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        contact: &Any<'_>,
        channel: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
        attachments: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, core::ContactId(id(contact, "contact")?));
        let m = core::Outbound {
            channel: Some(choice(channel, "channel")?),
            body: text(body, "body")?,
            attachments: self::attachments(attachments)?,
        };
        self.run(py, |ws| ws.start_conversation(a, t, c, m).map(|r| map_value(r, Delivered::from)))
    }

    /// Sends a message written by a person (optionally on another channel).
    #[pyo3(signature = (actor, conversation, body, *, now, channel = None, attachments = None))]
    #[allow(clippy::too_many_arguments)]
    fn send_message(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
        channel: Option<&Any<'_>>,
        attachments: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        let channel = match channel.filter(|v| !v.is_none()) {
            None => None,
            Some(v) => Some(choice(v, "channel")?),
        };
        let m = core::Outbound {
            channel,
            body: text(body, "body")?,
            attachments: self::attachments(attachments)?,
        };
        self.run(py, |ws| ws.send_message(a, t, c, m).map(|r| map_value(r, Delivered::from)))
    }

    /// Sends the AI agent's reply (the system only, while the AI is active),
    /// optionally with the AI's confidence in percent (0 to 100), its
    /// reasoning and the intent it detected.
    #[pyo3(signature = (actor, conversation, body, *, now, confidence=None, reasoning=None, intent=None))]
    #[allow(clippy::too_many_arguments)]
    fn send_ai_reply(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
        confidence: Option<i64>,
        reasoning: Option<&Any<'_>>,
        intent: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c, b) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(body, "body")?);
        let signals = core::AiReplySignals {
            confidence: confidence.map(percent),
            reasoning: convert::opt_text(reasoning, "reasoning")?,
            intent: convert::opt_text(intent, "intent")?,
        };
        if signals.is_empty() {
            return self.run(py, |ws| ws.send_ai_reply(a, t, c, &b).map(|r| map_value(r, Delivered::from)));
        }
        let reply = core::AiReply { body: b, signals };
        self.run(py, |ws| ws.send_ai_reply_with(a, t, c, reply).map(|r| map_value(r, Delivered::from)))
    }

    /// Sets (or, with None, clears) the conversation summary the host's AI
    /// wrote (the system only).
    #[pyo3(signature = (actor, conversation, summary, *, now))]
    fn set_summary(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        summary: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        let summary = convert::opt_text(summary, "summary")?;
        self.run(py, |ws| ws.set_summary(a, t, c, summary.as_deref()))
    }

    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    #[pyo3(signature = (actor, conversation, rating, comment=None, *, now))]
    fn rate_satisfaction(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        rating: i64,
        comment: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        let comment = convert::opt_text(comment, "comment")?;
        self.run(py, |ws| ws.rate_satisfaction(a, t, c, percent(rating), comment.as_deref()))
    }

    /// Sends an automatic response; it answers nothing (the system only).
    #[pyo3(signature = (actor, conversation, body, *, now))]
    fn send_auto_reply(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, b) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(body, "body")?);
        self.run(py, |ws| ws.send_auto_reply(a, t, c, &b).map(|r| map_value(r, Delivered::from)))
    }

    /// Adds a system message (handoff notice, payment confirmation).
    #[pyo3(signature = (actor, conversation, body, *, now))]
    fn send_system_message(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, b) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(body, "body")?);
        self.run(py, |ws| ws.send_system_message(a, t, c, &b).map(|r| map_value(r, Delivered::from)))
    }

    /// Adds a private note (never shown to the customer). Returns the message id.
    #[pyo3(signature = (actor, conversation, body, *, now))]
    fn add_note(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, b) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(body, "body")?);
        self.run(py, |ws| ws.add_note(a, t, c, &b).map(|r| map_value(r, |m| m.0)))
    }

    /// Sends an internal message to another user (or to oneself).
    #[pyo3(signature = (actor, to, body, *, now, attachments = None))]
    fn send_internal_message(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        to: &Any<'_>,
        body: &Any<'_>,
        now: &Any<'_>,
        attachments: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, u) = (convert::actor(actor)?, self::now(now)?, uid(to, "to")?);
        let m = core::Outbound {
            channel: None,
            body: text(body, "body")?,
            attachments: self::attachments(attachments)?,
        };
        self.run(py, |ws| ws.send_internal_message(a, t, u, m).map(|r| map_value(r, Delivered::from)))
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
        let kind = match text(kind, "kind")?.as_str() {
            "invoice" => core::PaymentKind::Invoice,
            "checkout" => core::PaymentKind::Checkout,
            other => {
                return Err(errors::exception(
                    py,
                    &core::Error::InvalidValue {
                        field: "kind".into(),
                        input: other.into(),
                        allowed: vec!["invoice".into(), "checkout".into()],
                    },
                ))
            }
        };
        let new = core::NewInvoice {
            kind,
            amount_minor,
            currency: text(currency, "currency")?,
            description: text(description, "description")?,
        };
        self.run(py, |ws| ws.send_invoice(a, t, c, new).map(|r| map_value(r, |i| i.0)))
    }

    /// Records that an invoice was paid (the system or admins).
    #[pyo3(signature = (actor, invoice, *, now))]
    fn mark_invoice_paid(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        invoice: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, i) = (convert::actor(actor)?, self::now(now)?, core::InvoiceId(id(invoice, "invoice")?));
        self.run(py, |ws| ws.mark_invoice_paid(a, t, i))
    }

    /// Cancels an invoice (the system or admins).
    #[pyo3(signature = (actor, invoice, *, now))]
    fn cancel_invoice(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        invoice: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, i) = (convert::actor(actor)?, self::now(now)?, core::InvoiceId(id(invoice, "invoice")?));
        self.run(py, |ws| ws.cancel_invoice(a, t, i))
    }

    // ----- assignment, AI, priority, tags, visibility --------------------------------

    /// Assigns users (added to the current assignees), with an optional note.
    #[pyo3(signature = (actor, conversation, users, note = None, *, now))]
    fn assign(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        users: &Any<'_>,
        note: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, u, n) = (
            convert::actor(actor)?,
            self::now(now)?,
            cid(conversation)?,
            self::users(users, "users")?,
            opt_text(note, "note")?,
        );
        self.run(py, |ws| ws.assign(a, t, c, u, n.as_deref()))
    }

    /// Removes assignees.
    #[pyo3(signature = (actor, conversation, users, *, now))]
    fn unassign(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        users: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, u) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, self::users(users, "users")?);
        self.run(py, |ws| ws.unassign(a, t, c, u))
    }

    /// Transfers: the given users become the only assignees.
    #[pyo3(signature = (actor, conversation, to, note = None, *, now))]
    fn transfer(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        to: &Any<'_>,
        note: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, u, n) = (
            convert::actor(actor)?,
            self::now(now)?,
            cid(conversation)?,
            users(to, "to")?,
            opt_text(note, "note")?,
        );
        self.run(py, |ws| ws.transfer(a, t, c, u, n.as_deref()))
    }

    /// Routes to a team; returns the chosen member's id or None.
    #[pyo3(signature = (actor, conversation, team, note = None, *, now))]
    fn assign_team(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        team: &Any<'_>,
        note: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, tm, n) = (
            convert::actor(actor)?,
            self::now(now)?,
            cid(conversation)?,
            core::TeamId(id(team, "team")?),
            opt_text(note, "note")?,
        );
        self.run(py, |ws| ws.assign_team(a, t, c, tm, n.as_deref()).map(|r| map_value(r, |u| u.map(|u| u.0))))
    }

    /// Takes the conversation over from the AI.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn take_over(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.take_over(a, t, c))
    }

    /// The AI asks for a human (the system only).
    #[pyo3(signature = (actor, conversation, reason = None, *, now))]
    fn request_handoff(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        reason: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, r) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, opt_text(reason, "reason")?);
        self.run(py, |ws| ws.request_handoff(a, t, c, r.as_deref()))
    }

    /// Hands the conversation back to the AI.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn resume_ai(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.resume_ai(a, t, c))
    }

    /// Sets the AI mode ("active", "paused", "manual").
    #[pyo3(signature = (actor, conversation, mode, *, now))]
    fn set_ai_mode(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        mode: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, m) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, choice(mode, "mode")?);
        self.run(py, |ws| ws.set_ai_mode(a, t, c, m))
    }

    /// Sets the priority by hand (pinned), with an optional reason.
    #[pyo3(signature = (actor, conversation, priority, reason = None, *, now))]
    fn set_priority(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        priority: &Any<'_>,
        reason: Option<&Any<'_>>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, p, r) = (
            convert::actor(actor)?,
            self::now(now)?,
            cid(conversation)?,
            choice(priority, "priority")?,
            opt_text(reason, "reason")?,
        );
        self.run(py, |ws| ws.set_priority(a, t, c, p, r.as_deref()))
    }

    /// Clears a manual priority pin.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn clear_priority_pin(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.clear_priority_pin(a, t, c))
    }

    /// Tags the conversation.
    #[pyo3(signature = (actor, conversation, tag, *, now))]
    fn tag_conversation(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        tag: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(tag, "tag")?);
        self.run(py, |ws| ws.tag_conversation(a, t, c, &s))
    }

    /// Removes a tag.
    #[pyo3(signature = (actor, conversation, tag, *, now))]
    fn untag_conversation(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        tag: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?, text(tag, "tag")?);
        self.run(py, |ws| ws.untag_conversation(a, t, c, &s))
    }

    /// Sets who may see the conversation: `EVERYONE` or a list of user ids.
    #[pyo3(signature = (actor, conversation, visibility, *, now))]
    fn set_visibility(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        visibility: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, v) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, convert::visibility(visibility)?);
        self.run(py, |ws| ws.set_visibility(a, t, c, v))
    }

    // ----- lifecycle ------------------------------------------------------------------

    /// Changes the status ("open", "pending", "resolved", "archived").
    #[pyo3(signature = (actor, conversation, status, *, now))]
    fn set_status(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        status: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, choice(status, "status")?);
        self.run(py, |ws| ws.set_status(a, t, c, s))
    }

    /// Closes (resolves) the conversation.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn close(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.close(a, t, c))
    }

    /// Reopens the conversation.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn reopen(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.reopen(a, t, c))
    }

    /// Archives the conversation.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn archive(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.archive(a, t, c))
    }

    /// Deletes the conversation and everything in it (admins).
    #[pyo3(signature = (actor, conversation, *, now))]
    fn delete_conversation(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.delete_conversation(a, t, c))
    }

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
    ) -> PyResult<Vec<BulkOutcome>> {
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
            "archive" => core::BulkAction::Archive,
            "delete" => core::BulkAction::Delete,
            other => {
                return Err(errors::exception(
                    py,
                    &core::Error::InvalidValue {
                        field: "action".into(),
                        input: other.into(),
                        allowed: ["assign", "assign_team", "set_status", "set_priority", "archive", "delete"]
                            .map(String::from)
                            .to_vec(),
                    },
                ))
            }
        };
        guard(py, || {
            let outcomes = self.command(py, |ws| Ok(ws.bulk(a, t, &list, &action)))?;
            outcomes.iter().map(|o| BulkOutcome::new(py, o)).collect()
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
    fn take_notifications(&self, py: Python<'_>) -> PyResult<Vec<values::Notification>> {
        let list = check(py, self.lock(py)?.take_notifications())?;
        Ok(list.iter().map(values::Notification::from).collect())
    }

    /// The notification settings in force for `user`: alert kind -> channels.
    fn notification_preferences(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        user: &Any<'_>,
    ) -> PyResult<std::collections::BTreeMap<String, Vec<String>>> {
        let (a, u) = (convert::actor(viewer)?, uid(user, "user")?);
        let prefs = check(py, self.read(py, |ws| ws.notification_preferences(a, u))?)?;
        Ok(core::AlertKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_string(),
                    prefs.channels_for(*k).iter().map(|c| c.as_str().to_string()).collect(),
                )
            })
            .collect())
    }

    /// Sets the channels `user` is told about `kind` through (empty: not told).
    #[pyo3(signature = (actor, user, kind, channels, *, now))]
    fn set_notification_channels(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        kind: &str,
        channels: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u) = (convert::actor(actor)?, self::now(now)?, uid(user, "user")?);
        let kind = core::AlertKind::parse(kind)
            .ok_or_else(|| PyValueError::new_err(format!("unknown alert kind {kind:?}")))?;
        let channels = strings(Some(channels), "channels")?
            .iter()
            .map(|c| {
                core::DeliveryChannel::parse(c)
                    .ok_or_else(|| PyValueError::new_err(format!("unknown channel {c:?}")))
            })
            .collect::<PyResult<Vec<_>>>()?;
        self.run(py, |ws| ws.set_notification_channels(a, t, u, kind, channels))
    }

    /// Drops `user`'s own notification settings (the workspace defaults apply).
    #[pyo3(signature = (actor, user, *, now))]
    fn reset_notification_preferences(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        user: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, u) = (convert::actor(actor)?, self::now(now)?, uid(user, "user")?);
        self.run(py, |ws| ws.reset_notification_preferences(a, t, u))
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

    /// Who else is viewing or typing in the conversation at `now`.
    #[pyo3(signature = (viewer, conversation, *, now))]
    fn present(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Vec<values::Presence>> {
        let (a, c, t) = (convert::actor(viewer)?, cid(conversation)?, self::now(now)?);
        let list = check(py, self.read(py, |ws| ws.present(a, c, t))?)?;
        Ok(list
            .iter()
            .map(|p| values::Presence { user: p.user.0, typing: p.typing, last_seen: p.last_seen })
            .collect())
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
        guard(py, || inbox::feed(py, &feed))
    }

    /// When the next timed transition is due (None: nothing is waiting).
    fn next_due(&self, py: Python<'_>) -> PyResult<Option<DateTime<Utc>>> {
        self.read(py, |ws| ws.next_due())
    }

    // ----- reads ------------------------------------------------------------------------

    /// A conversation as `viewer` may see it (hidden ones raise NotFoundError).
    fn conversation(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
    ) -> PyResult<Conversation> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        guard(py, || {
            self.read(py, |ws| {
                let conv = check(py, ws.conversation(a, c))?;
                Conversation::new(py, conv)
            })?
        })
    }

    /// Every conversation `viewer` may see, in id order.
    fn conversations(&self, py: Python<'_>, viewer: &Any<'_>) -> PyResult<Vec<Conversation>> {
        let a = actor(viewer)?;
        guard(py, || {
            self.read(py, |ws| {
                check(py, ws.conversations(a))?.into_iter().map(|c| Conversation::new(py, c)).collect()
            })?
        })
    }

    /// Whether `viewer` may see the conversation (False for unknown ids).
    fn can_see(&self, py: Python<'_>, viewer: &Any<'_>, conversation: &Any<'_>) -> PyResult<bool> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        self.read(py, |ws| ws.can_see(a, c))
    }

    /// How many live conversations `viewer` may see (all for the system).
    fn conversation_count(&self, py: Python<'_>, viewer: &Any<'_>) -> PyResult<usize> {
        let a = actor(viewer)?;
        check(py, self.read(py, |ws| ws.conversation_count(a))?)
    }

    /// A user by id.
    fn user(&self, py: Python<'_>, user: &Any<'_>) -> PyResult<User> {
        let u = uid(user, "user")?;
        self.read(py, |ws| User::new(py, check(py, ws.user(u))?))?
    }

    /// A user by email address, or None.
    fn user_by_email(&self, py: Python<'_>, email: &Any<'_>) -> PyResult<Option<User>> {
        let e = text(email, "email")?;
        self.read(py, |ws| ws.user_by_email(&e).map(|u| User::new(py, u)).transpose())?
    }

    /// Every user (removed ones included), in id order.
    fn users(&self, py: Python<'_>) -> PyResult<Vec<User>> {
        self.read(py, |ws| ws.users().iter().map(|u| User::new(py, u)).collect())?
    }

    /// A team by id.
    fn team(&self, py: Python<'_>, team: &Any<'_>) -> PyResult<Team> {
        let t = core::TeamId(id(team, "team")?);
        self.read(py, |ws| Team::new(py, check(py, ws.team(t))?))?
    }

    /// Every team, in id order.
    fn teams(&self, py: Python<'_>) -> PyResult<Vec<Team>> {
        self.read(py, |ws| ws.teams().iter().map(|t| Team::new(py, t)).collect())?
    }

    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see, no notes unless the viewer is inside the contact's
    /// predefined visibility (admins and the system always are).
    fn contact(&self, py: Python<'_>, viewer: &Any<'_>, contact: &Any<'_>) -> PyResult<Contact> {
        let (a, c) = (actor(viewer)?, core::ContactId(id(contact, "contact")?));
        self.read(py, |ws| Contact::new(py, &check(py, ws.contact(a, c))?))?
    }

    /// Every contact, in id order, each as `viewer` may see it.
    fn contacts(&self, py: Python<'_>, viewer: &Any<'_>) -> PyResult<Vec<Contact>> {
        let a = actor(viewer)?;
        self.read(py, |ws| check(py, ws.contacts(a))?.iter().map(|c| Contact::new(py, c)).collect())?
    }

    /// The contact reached at `handle` on `channel`, or None.
    fn find_contact(&self, py: Python<'_>, channel: &Any<'_>, handle: &Any<'_>) -> PyResult<Option<u64>> {
        let (ch, h) = (choice::<core::Channel>(channel, "channel")?, text(handle, "handle")?);
        self.read(py, |ws| ws.find_contact(ch, &h).map(|c| c.0))
    }

    /// The transcript for an audience ("customer" leaves private notes out).
    #[pyo3(signature = (viewer, conversation, audience = None))]
    fn transcript(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
        audience: Option<&Any<'_>>,
    ) -> PyResult<Transcript> {
        let (a, c, au) = (actor(viewer)?, cid(conversation)?, audience_in(audience)?);
        self.read(py, |ws| Transcript::new(py, &check(py, ws.transcript(a, c, au))?))?
    }

    /// Transcripts of many conversations; one `ExportOutcome` each, in order,
    /// a conversation the viewer may not see refused as not found.
    #[pyo3(signature = (viewer, conversations, audience=None))]
    fn export_transcripts(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversations: &Any<'_>,
        audience: Option<&Any<'_>>,
    ) -> PyResult<Vec<ExportOutcome>> {
        let a = actor(viewer)?;
        let list: Vec<core::ConversationId> =
            convert::ids(conversations, "conversations")?.into_iter().map(core::ConversationId).collect();
        let au = audience_in(audience)?;
        self.read(py, |ws| {
            ws.export_transcripts(a, &list, au).iter().map(|o| ExportOutcome::new(py, o)).collect()
        })?
    }

    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or None.
    #[pyo3(signature = (viewer, contact, beside=None))]
    fn customer_panel(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        contact: &Any<'_>,
        beside: Option<&Any<'_>>,
    ) -> PyResult<CustomerPanel> {
        let (a, k) = (actor(viewer)?, core::ContactId(id(contact, "contact")?));
        let b = match beside {
            Some(v) if !v.is_none() => Some(cid(v)?),
            _ => None,
        };
        self.read(py, |ws| CustomerPanel::new(py, &check(py, ws.customer_panel(a, k, b))?))?
    }

    /// The transcript as pretty-printed JSON.
    #[pyo3(signature = (viewer, conversation, audience = None))]
    fn export_json(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
        audience: Option<&Any<'_>>,
    ) -> PyResult<String> {
        let (a, c, au) = (actor(viewer)?, cid(conversation)?, audience_in(audience)?);
        check(py, self.read(py, |ws| ws.export_json(a, c, au))?)
    }

    /// The transcript as plain text.
    #[pyo3(signature = (viewer, conversation, audience = None))]
    fn export_text(
        &self,
        py: Python<'_>,
        viewer: &Any<'_>,
        conversation: &Any<'_>,
        audience: Option<&Any<'_>>,
    ) -> PyResult<String> {
        let (a, c, au) = (actor(viewer)?, cid(conversation)?, audience_in(audience)?);
        check(py, self.read(py, |ws| ws.export_text(a, c, au))?)
    }

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

    /// Marks the conversation read for the acting user (users only).
    #[pyo3(signature = (actor, conversation, *, now))]
    fn mark_read(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.mark_read(a, t, c))
    }

    /// Makes the latest message someone else wrote unread again for the acting user.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn mark_unread(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        self.run(py, |ws| ws.mark_unread(a, t, c))
    }

    /// How many messages of the conversation are unread for `viewer` (0 for the host).
    fn unread_count(&self, py: Python<'_>, viewer: &Any<'_>, conversation: &Any<'_>) -> PyResult<u32> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        guard(py, || check(py, self.read(py, |ws| ws.unread_count(a, c))?))
    }

    /// How many messages of the conversation `viewer` has read (their read marker).
    fn read_marker(&self, py: Python<'_>, viewer: &Any<'_>, conversation: &Any<'_>) -> PyResult<u32> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        guard(py, || check(py, self.read(py, |ws| ws.read_marker(a, c))?))
    }

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
            inbox::page(py, &p)
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

    /// The dashboard tiles for `viewer` (a `Tiles`).
    fn tiles<'py>(&self, py: Python<'py>, viewer: &Any<'py>) -> PyResult<Any<'py>> {
        let a = actor(viewer)?;
        guard(py, || {
            let tiles = check(py, self.read(py, |ws| ws.tiles(a))?)?;
            inbox::flat(py, "Tiles", &tiles)
        })
    }

    /// The figures of one conversation (a `ConversationMetrics`).
    fn conversation_metrics<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        conversation: &Any<'py>,
    ) -> PyResult<Any<'py>> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        guard(py, || {
            let m = check(py, self.read(py, |ws| ws.conversation_metrics(a, c))?)?;
            inbox::flat(py, "ConversationMetrics", &m)
        })
    }

    /// The figures of the conversations `viewer` may see (an `InboxMetrics`).
    #[pyo3(signature = (viewer, *, now))]
    fn workspace_metrics<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Any<'py>> {
        let (a, t) = (actor(viewer)?, self::now(now)?);
        guard(py, || {
            let m = check(py, self.read(py, |ws| ws.workspace_metrics(a, t))?)?;
            inbox::flat(py, "InboxMetrics", &m)
        })
    }

    /// The figures of one agent's assigned conversations (the agent, admins and the host).
    #[pyo3(signature = (viewer, agent, *, now))]
    fn agent_metrics<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        agent: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Any<'py>> {
        let (a, u, t) = (actor(viewer)?, uid(agent, "agent")?, self::now(now)?);
        guard(py, || {
            let m = check(py, self.read(py, |ws| ws.agent_metrics(a, u, t))?)?;
            inbox::flat(py, "InboxMetrics", &m)
        })
    }

    // ----- search ---------------------------------------------------------------------

    /// Searches with a query in the query language (parsed strictly; a query
    /// with errors raises `QuerySyntaxError`). The binding has no query tree,
    /// so this is `search_text`.
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
        self.search_text(py, viewer, query, now, sort, limit, after)
    }

    /// Every conversation matching the query that `viewer` may see, in id order.
    #[pyo3(signature = (viewer, query, *, now))]
    fn search_ids<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        query: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let (a, q, t) = (actor(viewer)?, text(query, "query")?, self::now(now)?);
        guard(py, || {
            let parsed = check(py, inbox::parse_query(&q))?;
            let ids = check(py, self.read(py, |ws| ws.search_ids(a, &parsed, t))?)?;
            PyTuple::new(py, ids.iter().map(|c| c.0))
        })
    }

    /// One page of the conversations matching the query, as a `Page` of `ListRow`s.
    #[pyo3(signature = (viewer, query, *, now, sort = None, limit = 50, after = None))]
    #[allow(clippy::too_many_arguments)]
    fn search_text<'py>(
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
            inbox::page(py, &p)
        })
    }

    /// How many conversations match the query for `viewer` (the length of
    /// `search_ids`, counted on the index without listing them).
    #[pyo3(signature = (viewer, query, *, now))]
    fn search_count<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        query: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<u64> {
        let (a, q, t) = (actor(viewer)?, text(query, "query")?, self::now(now)?);
        guard(py, || {
            let parsed = check(py, inbox::parse_query(&q))?;
            check(py, self.read(py, |ws| ws.search_count(a, &parsed, t))?)
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

    /// Renames a saved filter (its owner or an admin).
    #[pyo3(signature = (actor, filter, name, *, now))]
    fn rename_saved_filter(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        filter: &Any<'_>,
        name: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t) = (convert::actor(actor)?, self::now(now)?);
        let (f, n) = (core::SavedFilterId(id(filter, "filter")?), text(name, "name")?);
        self.run(py, |ws| ws.rename_saved_filter(a, t, f, &n))
    }

    /// Deletes a saved filter (its owner or an admin).
    #[pyo3(signature = (actor, filter, *, now))]
    fn delete_saved_filter(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        filter: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, f) = (convert::actor(actor)?, self::now(now)?, core::SavedFilterId(id(filter, "filter")?));
        self.run(py, |ws| ws.delete_saved_filter(a, t, f))
    }

    /// The saved filters `viewer` lists (their own and the shared ones), each
    /// with how many conversations it holds for `viewer` (`SavedFilterCount`s).
    #[pyo3(signature = (viewer, *, now))]
    fn saved_filters<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let (a, t) = (actor(viewer)?, self::now(now)?);
        guard(py, || {
            let list = check(py, self.read(py, |ws| ws.saved_filters(a, t))?)?;
            let items =
                list.iter().map(|c| inbox::saved_filter_count(py, c)).collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)
        })
    }

    /// One saved filter that `viewer` lists (a `SavedFilter`).
    fn saved_filter<'py>(&self, py: Python<'py>, viewer: &Any<'py>, filter: &Any<'py>) -> PyResult<Any<'py>> {
        let (a, f) = (actor(viewer)?, core::SavedFilterId(id(filter, "filter")?));
        guard(py, || {
            let sf = check(py, self.read(py, |ws| ws.saved_filter(a, f))?)?;
            inbox::saved_filter(py, &sf)
        })
    }

    /// What compiled search SQL needs to run as `viewer` (a `SqlContext`).
    #[pyo3(signature = (viewer, *, now))]
    fn sql_context<'py>(&self, py: Python<'py>, viewer: &Any<'py>, now: &Any<'py>) -> PyResult<Any<'py>> {
        let (u, t) = (uid(viewer, "viewer")?, self::now(now)?);
        guard(py, || {
            let c = check(py, self.read(py, |ws| ws.sql_context(u, t))?)?;
            inbox::sql_context(py, &c)
        })
    }

    // ----- routing ----------------------------------------------------------------------

    /// Sets the workspace's auto-assignment chain (a list of `RoutingStrategy`; empty: off).
    #[pyo3(signature = (actor, chain, *, now))]
    fn set_routing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        chain: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, inbox::chain(chain)?);
        self.run(py, |ws| ws.set_routing(a, t, c))
    }

    /// Sets a team's own chain (None: the workspace chain, or load balancing).
    #[pyo3(signature = (actor, team, chain, *, now))]
    fn set_team_routing(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        team: &Any<'_>,
        chain: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, tm) = (convert::actor(actor)?, self::now(now)?, core::TeamId(id(team, "team")?));
        let c = if chain.is_none() { None } else { Some(inbox::chain(chain)?) };
        self.run(py, |ws| ws.set_team_routing(a, t, tm, c))
    }

    /// Sets the skills a conversation needs.
    #[pyo3(signature = (actor, conversation, skills, *, now))]
    fn set_required_skills(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        skills: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c, s) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, strings(Some(skills), "skills")?);
        self.run(py, |ws| ws.set_required_skills(a, t, c, s))
    }

    /// Routes an unassigned conversation now; the value is a `RoutingDecision`.
    #[pyo3(signature = (actor, conversation, *, now))]
    fn auto_assign(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, c) = (convert::actor(actor)?, self::now(now)?, cid(conversation)?);
        guard(py, || {
            let r = self.command(py, |ws| ws.auto_assign(a, t, c))?;
            let value = inbox::decision(py, &r.value)?.unbind();
            Applied::new(py, core::Applied { value, events: r.events })
        })
    }

    /// What auto-assignment would decide now, and why (a `RoutingDecision`); changes nothing.
    fn explain_routing<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        conversation: &Any<'py>,
    ) -> PyResult<Any<'py>> {
        let (a, c) = (actor(viewer)?, cid(conversation)?);
        guard(py, || {
            let d = check(py, self.read(py, |ws| ws.explain_routing(a, c))?)?;
            inbox::decision(py, &d)
        })
    }

    /// Conversations waiting for an eligible agent, in assignment order.
    fn routing_queue<'py>(&self, py: Python<'py>, viewer: &Any<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let a = actor(viewer)?;
        guard(py, || {
            let ids = check(py, self.read(py, |ws| ws.routing_queue(a))?)?;
            PyTuple::new(py, ids.iter().map(|c| c.0))
        })
    }

    // ----- priority -----------------------------------------------------------------------

    /// Replaces the priority rules: JSON text or a dict (`{"rules": [...]}`,
    /// see docs/prioritization.md). Admins only.
    #[pyo3(signature = (actor, rules, *, now))]
    fn set_priority_rules(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        rules: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, r) = (convert::actor(actor)?, self::now(now)?, inbox::rules(py, rules)?);
        self.run(py, |ws| ws.set_priority_rules(a, t, r))
    }

    /// Sets the response-time goals (a `ResponseGoals`, or None: no SLA warnings).
    #[pyo3(signature = (actor, goals, *, now))]
    fn set_response_goals(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        goals: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, g) = (convert::actor(actor)?, self::now(now)?, inbox::goals(goals)?);
        self.run(py, |ws| ws.set_response_goals(a, t, g))
    }

    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority
    /// rules (host only); the value is a `PriorityDecision`.
    #[pyo3(signature = (actor, conversation, *, now, sentiment = None, intent = None))]
    fn record_ai_signals(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        conversation: &Any<'_>,
        now: &Any<'_>,
        sentiment: Option<f32>,
        intent: Option<&Any<'_>>,
    ) -> PyResult<Applied> {
        let (a, t, c, i) =
            (convert::actor(actor)?, self::now(now)?, cid(conversation)?, opt_text(intent, "intent")?);
        guard(py, || {
            let r = self.command(py, |ws| ws.record_ai_signals(a, t, c, sentiment, i.as_deref()))?;
            let value = inbox::priority_decision(py, &r.value)?.unbind();
            Applied::new(py, core::Applied { value, events: r.events })
        })
    }

    /// What the priority rules decide for the conversation now (a `PriorityDecision`); changes nothing.
    #[pyo3(signature = (viewer, conversation, *, now))]
    fn explain_priority<'py>(
        &self,
        py: Python<'py>,
        viewer: &Any<'py>,
        conversation: &Any<'py>,
        now: &Any<'py>,
    ) -> PyResult<Any<'py>> {
        let (a, c, t) = (actor(viewer)?, cid(conversation)?, self::now(now)?);
        guard(py, || {
            let d = check(py, self.read(py, |ws| ws.explain_priority(a, t, c))?)?;
            inbox::priority_decision(py, &d)
        })
    }

    // ----- templates ----------------------------------------------------------------------

    /// Adds a reply template (admins). A syntax error raises `TemplateSyntaxError`.
    #[pyo3(signature = (actor, name, source, *, now, whatsapp_approved = false))]
    fn add_template(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        name: &Any<'_>,
        source: &Any<'_>,
        now: &Any<'_>,
        whatsapp_approved: bool,
    ) -> PyResult<Applied> {
        let (a, t, n, s) =
            (convert::actor(actor)?, self::now(now)?, text(name, "name")?, text(source, "source")?);
        self.run(py, |ws| ws.add_template(a, t, &n, &s, whatsapp_approved))
    }

    /// Replaces a template's text (admins).
    #[pyo3(signature = (actor, name, source, *, now))]
    fn update_template(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        name: &Any<'_>,
        source: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, n, s) =
            (convert::actor(actor)?, self::now(now)?, text(name, "name")?, text(source, "source")?);
        self.run(py, |ws| ws.update_template(a, t, &n, &s))
    }

    /// Removes a template (admins).
    #[pyo3(signature = (actor, name, *, now))]
    fn remove_template(
        &self,
        py: Python<'_>,
        actor: &Any<'_>,
        name: &Any<'_>,
        now: &Any<'_>,
    ) -> PyResult<Applied> {
        let (a, t, n) = (convert::actor(actor)?, self::now(now)?, text(name, "name")?);
        self.run(py, |ws| ws.remove_template(a, t, &n))
    }

    /// A template by name, ignoring case (a `TemplateInfo`).
    fn template<'py>(&self, py: Python<'py>, name: &Any<'py>) -> PyResult<Any<'py>> {
        let n = text(name, "name")?;
        guard(py, || {
            self.read(py, |ws| {
                let t = check(py, ws.template(&n))?;
                inbox::template_info(py, t)
            })?
        })
    }

    /// Every template, in the order they were added.
    fn templates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(py, || {
            self.read(py, |ws| {
                let list = ws
                    .templates()
                    .into_iter()
                    .map(|t| inbox::template_info(py, t))
                    .collect::<PyResult<Vec<_>>>()?;
                PyTuple::new(py, list)
            })?
        })
    }

    /// Templates matching what the agent typed after `/`, best first.
    #[pyo3(signature = (query, limit = 10))]
    fn find_templates<'py>(
        &self,
        py: Python<'py>,
        query: &Any<'py>,
        limit: usize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let q = text(query, "query")?;
        guard(py, || {
            let found = self.read(py, |ws| ws.find_templates(&q, limit))?;
            PyTuple::new(
                py,
                found.iter().map(|m| inbox::template_match(py, m)).collect::<PyResult<Vec<_>>>()?,
            )
        })
    }

    /// The variables a template needs (a `TemplateVariables`).
    fn template_variables<'py>(&self, py: Python<'py>, name: &Any<'py>) -> PyResult<Any<'py>> {
        let n = text(name, "name")?;
        guard(py, || {
            let v = check(py, self.read(py, |ws| ws.template_variables(&n))?)?;
            inbox::variables(py, &v)
        })
    }

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

fn map_value<T, U>(a: core::Applied<T>, f: impl FnOnce(T) -> U) -> core::Applied<U> {
    core::Applied { value: f(a.value), events: a.events }
}

/// A core enum from its stable name; unknown names get the core's
/// `invalid_value` error, listing the allowed names.
fn named<T: std::str::FromStr<Err = core::Error>>(v: &Any<'_>, field: &str) -> PyResult<T> {
    text(v, field)?.parse::<T>().map_err(|e| errors::exception(v.py(), &e))
}

fn role_in(v: &Any<'_>) -> PyResult<core::Role> {
    named(v, "role")
}

fn availability_in(v: &Any<'_>) -> PyResult<core::Availability> {
    named(v, "availability")
}

fn audience_in(v: Option<&Any<'_>>) -> PyResult<core::Audience> {
    match v.filter(|v| !v.is_none()) {
        Some(v) => named(v, "audience"),
        None => Ok(core::Audience::Team),
    }
}

/// The native part of the `frontdesk` package; import `frontdesk` instead.
#[pymodule]
fn _frontdesk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Workspace>()?;
    m.add_class::<Applied>()?;
    m.add_class::<Delivered>()?;
    m.add_class::<Conversation>()?;
    m.add_class::<values::Message>()?;
    m.add_class::<values::Invoice>()?;
    m.add_class::<values::ReplyState>()?;
    m.add_class::<values::PriorityPin>()?;
    m.add_class::<Attachment>()?;
    m.add_class::<Contact>()?;
    m.add_class::<User>()?;
    m.add_class::<Team>()?;
    m.add_class::<Transcript>()?;
    m.add_class::<values::TranscriptEntry>()?;
    m.add_class::<BulkOutcome>()?;
    m.add_class::<values::Notification>()?;
    m.add_class::<values::Presence>()?;
    m.add_class::<ExportOutcome>()?;
    m.add_class::<CustomerPanel>()?;
    m.add_class::<Inbound>()?;
    m.add_function(wrap_pyfunction!(_preset, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_phone, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add("SNAPSHOT_FORMAT_VERSION", core::SNAPSHOT_FORMAT_VERSION)?;
    Ok(())
}

/// A whole number for the core to range-check: one out of `u32` becomes
/// `u32::MAX`, which every range the core checks refuses with its own code.
fn percent(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
