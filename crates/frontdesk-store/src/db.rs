//! The two databases behind one small interface: statements with `$n`
//! placeholders and [`SqlValue`] parameters, rows read column by column.
//! Everything above this file is the same for SQLite and PostgreSQL.

use frontdesk::query::sql::SqlValue;
use frontdesk::{Error, Result};
use postgres::fallible_iterator::FallibleIterator;
use std::collections::HashMap;
use std::time::Duration;

/// One row of a result, read by column position.
pub(crate) trait Row {
    fn int(&self, i: usize) -> Result<Option<i64>>;
    fn text(&self, i: usize) -> Result<Option<String>>;
    /// A text column borrowed from the row (no copy).
    fn str(&self, i: usize) -> Result<Option<&str>>;
}

/// What the store needs of a database connection.
pub(crate) trait Db: Send {
    /// Runs several statements without parameters (schema changes).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction that will write: on SQLite it takes the database's
    /// write lock at once (`BEGIN IMMEDIATE`), waiting up to the busy timeout.
    fn begin_write(&mut self) -> Result<()>;
    /// Starts a transaction that only reads a consistent state.
    fn begin_read(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    fn rollback(&mut self);
    /// Runs one statement; `$1, $2, ...` are its parameters.
    fn exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64>;
    /// Runs a query and hands each row to `each`.
    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()>;
    /// The clause that locks a selected row until commit (`FOR UPDATE` on
    /// PostgreSQL; nothing on SQLite, whose write transaction locks the file).
    fn for_update(&self) -> &'static str;
    /// Tells other processes that `channel` changed (PostgreSQL `NOTIFY`,
    /// delivered at commit). SQLite needs nothing: readers see its data version.
    fn notify(&mut self, channel: &str, payload: &str) -> Result<()>;
    /// A cheap token that changes when another connection commits, if the
    /// database offers one (SQLite's `data_version`), or whether a
    /// notification arrived (PostgreSQL).
    fn changed_elsewhere(&mut self) -> Result<bool>;
    /// Starts listening to `channel` (PostgreSQL).
    fn listen(&mut self, channel: &str) -> Result<()>;
    /// Waits up to `timeout` for another process's commit notice. Returns
    /// whether one arrived (SQLite polls its data version).
    fn wait_for_change(&mut self, timeout: Duration) -> Result<bool>;
    /// Opens a new session when the server closed the old one (a restart, a
    /// dropped connection). Returns whether it did: session state (temporary
    /// views, `LISTEN`) must then be set up again.
    fn reconnect_if_closed(&mut self) -> Result<bool> {
        Ok(false)
    }
}

// ----- SQLite ----------------------------------------------------------------------

pub(crate) struct Sqlite {
    conn: rusqlite::Connection,
    data_version: i64,
}

impl Sqlite {
    pub(crate) fn open(path: &str, busy: Duration, synchronous: &str) -> Result<Sqlite> {
        let conn = rusqlite::Connection::open(path).map_err(sqlite_error)?;
        conn.busy_timeout(busy).map_err(sqlite_error)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sqlite_error)?;
        conn.pragma_update(None, "synchronous", synchronous).map_err(sqlite_error)?;
        // 64 MiB of page cache (the default is 2 MiB): a command that touches
        // conversations all over a large workspace reads its pages once, and
        // a large transaction does not spill dirty pages to the WAL early.
        conn.pragma_update(None, "cache_size", -65536).map_err(sqlite_error)?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut db = Sqlite { conn, data_version: 0 };
        db.data_version = db.read_data_version()?;
        Ok(db)
    }

    fn read_data_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(sqlite_error)
    }
}

/// `$n` placeholders as SQLite's `?n`.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

struct SqliteParam<'a>(&'a SqlValue);

impl rusqlite::ToSql for SqliteParam<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self.0 {
            SqlValue::Null => ToSqlOutput::Owned(Value::Null),
            SqlValue::Bool(b) => ToSqlOutput::Owned(Value::Integer(i64::from(*b))),
            SqlValue::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            SqlValue::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn sqlite_params(params: &[SqlValue]) -> impl rusqlite::Params + '_ {
    rusqlite::params_from_iter(params.iter().map(SqliteParam))
}

impl Row for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>> {
        self.get::<_, Option<i64>>(i).map_err(sqlite_error)
    }
    fn text(&self, i: usize) -> Result<Option<String>> {
        self.get::<_, Option<String>>(i).map_err(sqlite_error)
    }
    fn str(&self, i: usize) -> Result<Option<&str>> {
        let value = self.get_ref(i).map_err(sqlite_error)?;
        value.as_str_or_null().map_err(|e| sqlite_error(e.into()))
    }
}

impl Db for Sqlite {
    fn batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(sqlite_error)
    }
    fn begin_write(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(sqlite_error)
    }
    fn begin_read(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN DEFERRED").map_err(sqlite_error)
    }
    fn commit(&mut self) -> Result<()> {
        let r = self.conn.execute_batch("COMMIT").map_err(sqlite_error);
        if r.is_err() {
            self.rollback();
        }
        r
    }
    fn rollback(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
    fn exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(&sqlite_sql(sql)).map_err(sqlite_error)?;
        let n = stmt.execute(sqlite_params(params)).map_err(sqlite_error)?;
        Ok(n as u64)
    }
    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&sqlite_sql(sql)).map_err(sqlite_error)?;
        let mut rows = stmt.query(sqlite_params(params)).map_err(sqlite_error)?;
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            each(row)?;
        }
        Ok(())
    }
    fn for_update(&self) -> &'static str {
        ""
    }
    fn notify(&mut self, _channel: &str, _payload: &str) -> Result<()> {
        Ok(())
    }
    fn changed_elsewhere(&mut self) -> Result<bool> {
        let v = self.read_data_version()?;
        let changed = v != self.data_version;
        self.data_version = v;
        Ok(changed)
    }
    fn listen(&mut self, _channel: &str) -> Result<()> {
        Ok(())
    }
    fn wait_for_change(&mut self, timeout: Duration) -> Result<bool> {
        let until = std::time::Instant::now() + timeout;
        loop {
            if self.changed_elsewhere()? {
                return Ok(true);
            }
            if std::time::Instant::now() >= until {
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

pub(crate) fn sqlite_error(e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    match &e {
        rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, DatabaseBusy | DatabaseLocked) => {
            Error::StorageBusy { reason: e.to_string() }
        }
        _ => Error::StorageUnavailable { reason: e.to_string() },
    }
}

// ----- PostgreSQL ----------------------------------------------------------------

pub(crate) struct Postgres {
    url: String,
    lock_timeout: Duration,
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    notified: bool,
}

impl Postgres {
    pub(crate) fn connect(url: &str, lock_timeout: Duration) -> Result<Postgres> {
        let client = Self::session(url, lock_timeout)?;
        Ok(Postgres {
            url: url.to_string(),
            lock_timeout,
            client,
            statements: HashMap::new(),
            notified: false,
        })
    }

    fn session(url: &str, lock_timeout: Duration) -> Result<postgres::Client> {
        let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(pg_error)?;
        client
            .batch_execute(&format!(
                "SET lock_timeout = {}; SET client_min_messages = warning",
                lock_timeout.as_millis().max(1)
            ))
            .map_err(pg_error)?;
        Ok(client)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(pg_error)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn drain_notices(&mut self) -> Result<bool> {
        let mut any = false;
        let mut notes = self.client.notifications();
        let mut it = notes.iter();
        while it.next().map_err(pg_error)?.is_some() {
            any = true;
        }
        Ok(any)
    }
}

/// A SQL `NULL` that PostgreSQL accepts for a column of any type.
#[derive(Debug)]
struct AnyNull;

impl postgres::types::ToSql for AnyNull {
    fn to_sql(
        &self,
        _: &postgres::types::Type,
        _: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        Ok(postgres::types::IsNull::Yes)
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

fn pg_params(params: &[SqlValue]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| -> &(dyn postgres::types::ToSql + Sync) {
            match v {
                SqlValue::Null => &AnyNull,
                SqlValue::Bool(b) => b,
                SqlValue::Int(n) => n,
                SqlValue::Text(s) => s,
            }
        })
        .collect()
}

impl Row for postgres::Row {
    fn int(&self, i: usize) -> Result<Option<i64>> {
        self.try_get::<_, Option<i64>>(i).map_err(pg_error)
    }
    fn text(&self, i: usize) -> Result<Option<String>> {
        self.try_get::<_, Option<String>>(i).map_err(pg_error)
    }
    fn str(&self, i: usize) -> Result<Option<&str>> {
        self.try_get::<_, Option<&str>>(i).map_err(pg_error)
    }
}

impl Db for Postgres {
    fn batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(pg_error)
    }
    fn begin_write(&mut self) -> Result<()> {
        self.client.batch_execute("BEGIN").map_err(pg_error)
    }
    fn begin_read(&mut self) -> Result<()> {
        self.client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").map_err(pg_error)
    }
    fn commit(&mut self) -> Result<()> {
        let r = self.client.batch_execute("COMMIT").map_err(pg_error);
        if r.is_err() {
            self.rollback();
        }
        r
    }
    fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }
    fn exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        self.client.execute(&stmt, &pg_params(params)).map_err(pg_error)
    }
    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()> {
        let stmt = self.statement(sql)?;
        let params = pg_params(params);
        let mut rows = self.client.query_raw(&stmt, params).map_err(pg_error)?;
        while let Some(row) = rows.next().map_err(pg_error)? {
            each(&row)?;
        }
        Ok(())
    }
    fn for_update(&self) -> &'static str {
        " FOR UPDATE"
    }
    fn notify(&mut self, channel: &str, payload: &str) -> Result<()> {
        self.exec(
            "SELECT pg_notify($1, $2)",
            &[SqlValue::Text(channel.into()), SqlValue::Text(payload.into())],
        )
        .map(|_| ())
    }
    fn changed_elsewhere(&mut self) -> Result<bool> {
        let any = self.drain_notices()? || self.notified;
        self.notified = false;
        Ok(any)
    }
    fn listen(&mut self, channel: &str) -> Result<()> {
        self.client.batch_execute(&format!("LISTEN \"{}\"", channel.replace('"', ""))).map_err(pg_error)
    }
    fn reconnect_if_closed(&mut self) -> Result<bool> {
        if !self.client.is_closed() {
            return Ok(false);
        }
        self.client = Self::session(&self.url, self.lock_timeout)?;
        self.statements.clear();
        // Commits may have been missed while disconnected.
        self.notified = true;
        Ok(true)
    }
    fn wait_for_change(&mut self, timeout: Duration) -> Result<bool> {
        if self.changed_elsewhere()? {
            return Ok(true);
        }
        let mut notes = self.client.notifications();
        let mut it = notes.timeout_iter(timeout);
        let got = it.next().map_err(pg_error)?.is_some();
        Ok(got)
    }
}

pub(crate) fn pg_error(e: postgres::Error) -> Error {
    use postgres::error::SqlState;
    let busy = e.code().is_some_and(|c| {
        *c == SqlState::LOCK_NOT_AVAILABLE
            || *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::QUERY_CANCELED
    });
    if busy {
        Error::StorageBusy { reason: e.to_string() }
    } else {
        Error::StorageUnavailable { reason: e.to_string() }
    }
}
