//! A workspace kept in memory or in a durable store, behind the same methods:
//! what each language binding holds, so that `Workspace(config)` and
//! `open(url, ...)` give objects with one set of methods.
//!
//! Reads go to the workspace in memory either way; commands on a stored
//! workspace go through [`StoredWorkspace::apply`] (one transaction each,
//! catching up with other processes first). After `close`, a stored workspace
//! refuses every call with `storage_unavailable`.

use crate::StoredWorkspace;
use frontdesk::{Error, Result, Workspace};

/// Where a workspace lives: in memory, or in a store.
#[derive(Debug)]
pub enum Backing {
    /// In memory only (`Workspace(config)`, `from_json`).
    Memory(Workspace),
    /// In SQLite or PostgreSQL (`open(url, ...)`).
    Stored(StoredWorkspace),
    /// A stored workspace after `close()`.
    Closed,
}

fn closed() -> Error {
    Error::StorageUnavailable { reason: "the workspace was closed".into() }
}

impl Backing {
    /// Runs a read on the workspace in memory.
    pub fn read<R>(&self, f: impl FnOnce(&Workspace) -> R) -> Result<R> {
        match self {
            Backing::Memory(ws) => Ok(f(ws)),
            Backing::Stored(stored) => Ok(f(stored)),
            Backing::Closed => Err(closed()),
        }
    }

    /// Runs a command; on a stored workspace it is durable when this returns.
    pub fn command<T>(&mut self, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
        match self {
            Backing::Memory(ws) => f(ws),
            Backing::Stored(stored) => stored.apply(f),
            Backing::Closed => Err(closed()),
        }
    }

    /// Starts or stops collecting notifications (never written anywhere).
    pub fn collect_notifications(&mut self, on: bool) -> Result<()> {
        match self {
            Backing::Memory(ws) => ws.collect_notifications(on),
            Backing::Stored(stored) => stored.collect_notifications(on),
            Backing::Closed => return Err(closed()),
        }
        Ok(())
    }

    /// The notifications caused since the last call.
    pub fn take_notifications(&mut self) -> Result<Vec<frontdesk::Notification>> {
        match self {
            Backing::Memory(ws) => Ok(ws.take_notifications()),
            Backing::Stored(stored) => Ok(stored.take_notifications()),
            Backing::Closed => Err(closed()),
        }
    }

    /// Records a viewing or typing signal (ephemeral, never written).
    pub fn signal_presence(
        &mut self,
        actor: frontdesk::Actor,
        conversation: frontdesk::ConversationId,
        now: chrono::DateTime<chrono::Utc>,
        typing: bool,
    ) -> Result<()> {
        match self {
            Backing::Memory(ws) if typing => ws.typing(actor, conversation, now),
            Backing::Memory(ws) => ws.viewing(actor, conversation, now),
            Backing::Stored(stored) => stored.signal_presence(actor, conversation, now, typing),
            Backing::Closed => Err(closed()),
        }
    }

    /// Sets the views a user watches (ephemeral, never written).
    pub fn watch_views(
        &mut self,
        viewer: frontdesk::Actor,
        views: Vec<frontdesk::WatchedView>,
    ) -> Result<()> {
        match self {
            Backing::Memory(ws) => ws.watch_views(viewer, views),
            Backing::Stored(stored) => stored.watch_views(viewer, views),
            Backing::Closed => Err(closed()),
        }
    }

    /// What changed for a watching user since their last drain.
    pub fn take_feed(&mut self, viewer: frontdesk::Actor) -> Result<frontdesk::Feed> {
        match self {
            Backing::Memory(ws) => ws.take_feed(viewer),
            Backing::Stored(stored) => stored.take_feed(viewer),
            Backing::Closed => Err(closed()),
        }
    }

    /// One shared drain round for every watching user.
    pub fn take_feed_groups(&mut self) -> Result<Vec<frontdesk::FeedGroup>> {
        match self {
            Backing::Memory(ws) => Ok(ws.take_feed_groups()),
            Backing::Stored(stored) => Ok(stored.take_feed_groups()),
            Backing::Closed => Err(closed()),
        }
    }

    /// Applies what other processes committed; always `false` in memory.
    pub fn refresh(&mut self) -> Result<bool> {
        match self {
            Backing::Memory(_) => Ok(false),
            Backing::Stored(stored) => stored.refresh(),
            Backing::Closed => Err(closed()),
        }
    }

    /// Closes a stored workspace's connection (nothing to do in memory;
    /// closing twice is harmless).
    pub fn close(&mut self) {
        if let Backing::Stored(_) = self {
            if let Backing::Stored(stored) = std::mem::replace(self, Backing::Closed) {
                stored.close();
            }
        }
    }
}
