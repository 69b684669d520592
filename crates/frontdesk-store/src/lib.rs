//! # frontdesk-store
//!
//! Durable, shareable frontdesk workspaces. A [`StoredWorkspace`] keeps the
//! whole workspace in memory (views, counts and searches stay as fast as the
//! in-memory [`Workspace`]) and writes through a database:
//!
//! - **SQLite** (`sqlite:///abs/path.db`, `sqlite://relative.db`) is the
//!   embedded default: a file, no server, WAL mode.
//! - **PostgreSQL** (`postgres://...`) lets many processes on many machines
//!   share workspaces.
//!
//! Each command runs in one transaction that writes only what the command
//! touched (the core reports it: [`frontdesk::Changes`]) and returns only once
//! it committed. A refused command writes nothing. If the commit fails, the
//! command returns `storage_unavailable` or `storage_busy` and the workspace
//! in memory is the last committed state.
//!
//! Several processes may open the same workspace: writes are ordered by a
//! per-workspace version, and a process whose memory is behind applies what
//! others committed before it runs its command, so no update is lost and no
//! id is handed out twice. Reads are served from memory as of the last
//! command or [`StoredWorkspace::refresh`].
//!
//! ```
//! use frontdesk::*;
//! let dir = std::env::temp_dir().join(format!("frontdesk-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let url = format!("sqlite://{}", dir.join("inbox.db").display());
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc();
//! let mut ws = frontdesk_store::open(&url, "acme", None).unwrap();
//! let ana = ws.apply(|w| w.add_user(Actor::System, now, NewUser::new("Ana", "ana@example.com", Role::Admin))).unwrap().value;
//! ws.close();
//! let ws = frontdesk_store::open(&url, "acme", None).unwrap();
//! assert_eq!(ws.user(ana).unwrap().name, "Ana");
//! # std::fs::remove_dir_all(&dir).ok();
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod backing;
mod codec;
mod db;
mod persist;
mod schema;

use db::Db;
use frontdesk::query::sql::{compile, CompiledSql, SqlDialect, SqlParam, SqlValue};
use frontdesk::{ConversationId, Error, Result, Workspace, WorkspaceConfig};
use std::time::Duration;

pub use backing::Backing;
pub use schema::SCHEMA_VERSION;

/// How a store connects and waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How long a command waits for another process's write lock before it
    /// fails with `storage_busy` (SQLite busy timeout, PostgreSQL
    /// `lock_timeout`). Default 5 s.
    pub busy_timeout: Duration,
    /// SQLite's `synchronous` setting: `NORMAL` (default; with WAL a commit
    /// survives a process crash, and the last commits may be lost only if the
    /// machine loses power) or `FULL` (every commit is synced to disk).
    pub sqlite_synchronous: String,
}

impl Default for Options {
    fn default() -> Self {
        Options { busy_timeout: Duration::from_secs(5), sqlite_synchronous: "NORMAL".into() }
    }
}

/// Which database a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Sqlite(String),
    Postgres(String),
}

fn parse_url(url: &str) -> Result<Target> {
    let bad = |reason: &str| Error::InvalidValue {
        field: "url".into(),
        input: url.into(),
        allowed: vec![format!("sqlite:///abs/path.db, sqlite://relative.db or postgres://... ({reason})")],
    };
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() || path == "/" {
            return Err(bad("the SQLite URL names no file"));
        }
        if path.contains('\0') {
            return Err(bad("the path contains a NUL byte"));
        }
        return Ok(Target::Sqlite(path.to_string()));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Target::Postgres(url.to_string()));
    }
    Err(bad("unknown scheme"))
}

/// Opens (creating when absent) the workspace `workspace_id` in the database
/// at `url`, with default [`Options`]. `config` is used only when the
/// workspace is created (default: [`WorkspaceConfig::reopen_on_reply`]).
pub fn open(url: &str, workspace_id: &str, config: Option<WorkspaceConfig>) -> Result<StoredWorkspace> {
    open_with(url, workspace_id, config, Options::default())
}

/// [`open`] with explicit [`Options`].
pub fn open_with(
    url: &str,
    workspace_id: &str,
    config: Option<WorkspaceConfig>,
    options: Options,
) -> Result<StoredWorkspace> {
    if workspace_id.trim().is_empty() {
        return Err(Error::EmptyName { field: "workspace_id".into() });
    }
    let (mut db, schema_lock): (Box<dyn Db>, &str) = match parse_url(url)? {
        Target::Sqlite(path) => {
            let synchronous = options.sqlite_synchronous.to_ascii_uppercase();
            if !["OFF", "NORMAL", "FULL", "EXTRA"].contains(&synchronous.as_str()) {
                return Err(Error::InvalidValue {
                    field: "sqlite_synchronous".into(),
                    input: options.sqlite_synchronous.clone(),
                    allowed: vec!["OFF".into(), "NORMAL".into(), "FULL".into(), "EXTRA".into()],
                });
            }
            (Box::new(db::Sqlite::open(&path, options.busy_timeout, &synchronous)?), "")
        }
        Target::Postgres(url) => (
            Box::new(db::Postgres::connect(&url, options.busy_timeout)?),
            // One process creates or migrates the schema at a time.
            "SELECT pg_advisory_xact_lock(7285019364)",
        ),
    };
    schema::migrate(db.as_mut(), schema_lock)?;
    let config = config.unwrap_or_else(WorkspaceConfig::reopen_on_reply);
    db.begin_write()?;
    let found = persist::find_or_create(db.as_mut(), workspace_id, &config);
    let ws_key = match found {
        Ok((key, _)) => {
            db.commit()?;
            key
        }
        Err(e) => {
            db.rollback();
            return Err(e);
        }
    };
    let mut stored = StoredWorkspace {
        db,
        key: ws_key,
        name: workspace_id.to_string(),
        ws: Workspace::new(config)?,
        version: -1,
        stale: true,
    };
    stored.start_session()?;
    stored.reload()?;
    Ok(stored)
}

fn channel(key: i64) -> String {
    format!("frontdesk_ws_{key}")
}

/// A workspace kept in a database. Reads go to the in-memory [`Workspace`]
/// (through `Deref`); commands go through [`StoredWorkspace::apply`].
pub struct StoredWorkspace {
    db: Box<dyn Db>,
    key: i64,
    name: String,
    ws: Workspace,
    /// The committed version the memory reflects.
    version: i64,
    /// Memory may differ from the database (a failed commit, a failed
    /// catch-up): the next call reloads it first.
    stale: bool,
}

impl std::fmt::Debug for StoredWorkspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredWorkspace").field("name", &self.name).field("version", &self.version).finish()
    }
}

impl std::ops::Deref for StoredWorkspace {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.ws
    }
}

impl StoredWorkspace {
    /// Runs a command and makes it durable: inside one database transaction
    /// that holds the workspace's write lock, it first applies what other
    /// processes committed, then runs `command` on the workspace in memory and
    /// writes what it touched. Returns once the transaction committed.
    ///
    /// A command that fails writes nothing. If writing or committing fails,
    /// the error is `storage_unavailable` or `storage_busy`, nothing was
    /// applied, and the workspace in memory is reloaded to the last committed
    /// state before the next call.
    ///
    /// ```ignore
    /// let delivered = ws.apply(|w| w.receive_message(Actor::System, now, inbound))?;
    /// ```
    pub fn apply<T>(&mut self, command: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
        self.reconnect()?;
        if self.stale {
            self.reload()?;
        }
        self.db.begin_write()?;
        // A command that fails leaves no notification behind.
        let ephemeral = self.ws.ephemeral();
        match self.apply_in_transaction(command) {
            Ok(value) => match self.db.commit() {
                Ok(()) => {
                    self.version += 1;
                    Ok(value)
                }
                Err(e) => {
                    self.stale = true;
                    self.recover();
                    self.ws.restore_ephemeral(ephemeral);
                    Err(e)
                }
            },
            Err(e) => {
                self.db.rollback();
                self.recover();
                self.ws.restore_ephemeral(ephemeral);
                Err(e)
            }
        }
    }

    /// Starts or stops collecting notifications (see
    /// [`Workspace::collect_notifications`]). Nothing is written: notifications
    /// live in this process only.
    pub fn collect_notifications(&mut self, on: bool) {
        self.ws.collect_notifications(on);
    }

    /// The notifications the commands and ticks of this process caused since
    /// the last call (see [`Workspace::take_notifications`]).
    pub fn take_notifications(&mut self) -> Vec<frontdesk::Notification> {
        self.ws.take_notifications()
    }

    /// Records a viewing (or, with `typing`, a typing) signal. Presence is
    /// ephemeral: kept in this process only, never written.
    pub fn signal_presence(
        &mut self,
        actor: frontdesk::Actor,
        conversation: frontdesk::ConversationId,
        now: chrono::DateTime<chrono::Utc>,
        typing: bool,
    ) -> Result<()> {
        if typing {
            self.ws.typing(actor, conversation, now)
        } else {
            self.ws.viewing(actor, conversation, now)
        }
    }

    /// Sets the views a user watches (see [`Workspace::watch_views`]).
    /// Ephemeral like presence: kept in this process only, never written.
    pub fn watch_views(
        &mut self,
        viewer: frontdesk::Actor,
        views: Vec<frontdesk::WatchedView>,
    ) -> Result<()> {
        self.ws.watch_views(viewer, views)
    }

    /// What changed for a watching user since their last drain (see
    /// [`Workspace::take_feed`]).
    pub fn take_feed(&mut self, viewer: frontdesk::Actor) -> Result<frontdesk::Feed> {
        self.ws.take_feed(viewer)
    }

    /// One shared drain round for every watching user (see
    /// [`Workspace::take_feed_groups`]).
    pub fn take_feed_groups(&mut self) -> Vec<frontdesk::FeedGroup> {
        self.ws.take_feed_groups()
    }

    /// After a failed write, puts memory back to the last committed state at
    /// once by reading it again. When even that fails (the server is gone),
    /// the handle stays stale: the next command or refresh reloads first.
    fn recover(&mut self) {
        if self.stale {
            let _ = self.reconnect().and_then(|()| self.reload());
        }
    }

    /// Whether memory may differ from the database because a write failed
    /// and the database could not be read back yet; the next command or
    /// [`StoredWorkspace::refresh`] reloads it first.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    fn apply_in_transaction<T>(&mut self, command: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
        let header = persist::header(self.db.as_mut(), self.key, true)?;
        if header.version != self.version {
            self.catch_up_in_transaction()?;
        }
        self.ws.take_changes();
        let result = command(&mut self.ws);
        let changes = self.ws.take_changes();
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                if !changes.is_empty() {
                    // The core promises a refused command changes nothing; if
                    // that ever failed, memory is not trusted.
                    self.stale = true;
                }
                return Err(e);
            }
        };
        let version = self.version + 1;
        let written = persist::write(self.db.as_mut(), self.key, version, &self.ws, &changes)
            .and_then(|()| self.db.notify(&channel(self.key), &version.to_string()))
            .and_then(|()| fault::check());
        if let Err(e) = written {
            self.stale = true;
            return Err(e);
        }
        Ok(value)
    }

    /// Writes a whole in-memory workspace (for example one restored from a
    /// JSON snapshot with [`Workspace::from_json`]) into this stored
    /// workspace, which must still be empty (version 0). One transaction.
    pub fn import(&mut self, source: &Workspace) -> Result<()> {
        let mut ws = Workspace::from_snapshot(source.snapshot())?;
        ws.track_changes(true);
        let changes = frontdesk::Changes {
            settings: true,
            templates: true,
            round_robin: true,
            saved_filters: true,
            users: ws.users().iter().map(|u| u.id).collect(),
            teams: ws.teams().iter().map(|t| t.id).collect(),
            contacts: ws.contacts(frontdesk::Actor::System)?.iter().map(|c| c.id).collect(),
            conversations: (1..=ws.conversation_slots())
                .map(ConversationId)
                .filter(|id| ws.conversation_row(*id).is_some())
                .map(|id| (id, frontdesk::ConversationChange { messages_before: 0, relations: true }))
                .collect(),
            deleted: ws.deleted_conversations().keys().copied().collect(),
        };
        self.db.begin_write()?;
        let r = (|| {
            let header = persist::header(self.db.as_mut(), self.key, true)?;
            if header.version != 0 {
                return Err(Error::InvalidArgument {
                    field: "workspace".into(),
                    reason: format!(
                        "import needs an empty stored workspace; {:?} is at version {}",
                        self.name, header.version
                    ),
                });
            }
            persist::write(self.db.as_mut(), self.key, 1, &ws, &changes)
        })();
        match r.and_then(|()| self.db.commit()) {
            Ok(()) => {
                self.ws = ws;
                self.version = 1;
                Ok(())
            }
            Err(e) => {
                self.db.rollback();
                Err(e)
            }
        }
    }

    /// Applies what other processes committed since this one's last command
    /// or refresh. Returns whether anything was new. Reads are served from
    /// memory, so a reader sees others' commits after a refresh (or after its
    /// own next command).
    pub fn refresh(&mut self) -> Result<bool> {
        self.reconnect()?;
        if self.stale {
            self.reload()?;
            return Ok(true);
        }
        self.db.changed_elsewhere()?;
        self.db.begin_read()?;
        let r = (|| {
            let header = persist::header(self.db.as_mut(), self.key, false)?;
            if header.version == self.version {
                return Ok(false);
            }
            self.catch_up_in_transaction()?;
            Ok(true)
        })();
        self.db.rollback();
        r
    }

    /// Waits up to `timeout` for another process to commit to this database
    /// (PostgreSQL `LISTEN`/`NOTIFY`; SQLite's data version, polled), then
    /// refreshes. Returns whether anything new was applied.
    pub fn wait_for_change(&mut self, timeout: Duration) -> Result<bool> {
        self.db.wait_for_change(timeout)?;
        self.refresh()
    }

    /// Per-session state: the workspace's views and the change channel.
    fn start_session(&mut self) -> Result<()> {
        schema::scope_views(self.db.as_mut(), self.key)?;
        self.db.listen(&channel(self.key))
    }

    fn reconnect(&mut self) -> Result<()> {
        if self.db.reconnect_if_closed()? {
            self.start_session()?;
        }
        Ok(())
    }

    fn catch_up_in_transaction(&mut self) -> Result<()> {
        let r = persist::since(self.db.as_mut(), self.key, self.version)
            .and_then(|(rows, version)| self.ws.apply_rows(rows).map(|()| version));
        match r {
            Ok(version) => {
                self.version = version;
                Ok(())
            }
            Err(e) => {
                self.stale = true;
                Err(e)
            }
        }
    }

    /// Reads the whole workspace again from the database (on open, and after
    /// a failed commit).
    fn reload(&mut self) -> Result<()> {
        self.db.changed_elsewhere()?;
        self.db.begin_read()?;
        let r = persist::load(self.db.as_mut(), self.key);
        self.db.rollback();
        let (snapshot, version) = r?;
        let mut ws = Workspace::from_snapshot(snapshot)?;
        ws.track_changes(true);
        ws.restore_ephemeral(self.ws.ephemeral());
        self.ws = ws;
        self.version = version;
        self.stale = false;
        Ok(())
    }

    /// The in-memory workspace, as of the last command or refresh.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The workspace's name (its id in the database).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The committed version the memory reflects: one more per command that
    /// changed something.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Runs a search compiled to SQL directly on the store's tables, as
    /// `viewer` may see them, and returns the matching ids in id order. The
    /// same query through [`Workspace::search_ids`] answers from memory.
    pub fn search_sql(
        &mut self,
        viewer: frontdesk::UserId,
        query: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ConversationId>> {
        let parsed = frontdesk::query::parse(query, &frontdesk::query::ParseOptions::default())
            .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
        let ctx = self.ws.sql_context(viewer, now)?;
        // `$n` placeholders; the SQLite connection reads them as `?n`.
        let CompiledSql { sql, params } = compile(&parsed, &ctx, SqlDialect::Postgres)?;
        let params: Vec<SqlValue> = params
            .into_iter()
            .map(|p| match p {
                SqlParam::Int(n) => SqlValue::Int(n),
                SqlParam::Text(t) => SqlValue::Text(t),
            })
            .collect();
        let mut ids = Vec::new();
        self.db.query(&sql, &params, &mut |r| {
            ids.extend(codec::uint(r.int(0)?).map(ConversationId));
            Ok(())
        })?;
        Ok(ids)
    }

    /// Closes the connection. Everything acknowledged is already durable.
    pub fn close(self) {}
}

/// Creates a database whose schema is at an older `version`, to test
/// migrations. Not for applications.
#[doc(hidden)]
pub fn create_database_at_schema_version(url: &str, version: u32) -> Result<()> {
    let mut db: Box<dyn Db> = match parse_url(url)? {
        Target::Sqlite(path) => Box::new(db::Sqlite::open(&path, Duration::from_secs(5), "NORMAL")?),
        Target::Postgres(url) => Box::new(db::Postgres::connect(&url, Duration::from_secs(5))?),
    };
    schema::create_at_version(db.as_mut(), version)
}

/// Fault injection for tests: makes the next writes fail as if the database
/// had refused the commit.
#[doc(hidden)]
pub mod fault {
    use std::cell::Cell;

    thread_local! {
        static FAIL_NEXT: Cell<u32> = const { Cell::new(0) };
    }

    /// The next `n` command writes on this thread fail with
    /// `storage_unavailable` after writing their rows and before committing.
    pub fn fail_next_writes(n: u32) {
        FAIL_NEXT.with(|f| f.set(n));
    }

    pub(crate) fn check() -> frontdesk::Result<()> {
        let failed = FAIL_NEXT.with(|f| {
            let n = f.get();
            f.set(n.saturating_sub(1));
            n > 0
        });
        if failed {
            return Err(frontdesk::Error::StorageUnavailable { reason: "injected commit failure".into() });
        }
        Ok(())
    }
}
