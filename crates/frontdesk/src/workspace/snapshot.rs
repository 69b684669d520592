//! Snapshots: the whole workspace as one serializable value, with a format
//! version, so a host can persist it and load it back losslessly.

use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::read_types::ReadMarker;
use crate::snapshot_types::{Snapshot, SNAPSHOT_FORMAT_VERSION};
use crate::workspace::Workspace;

impl Workspace {
    /// A snapshot of the whole workspace.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            config: self.config.clone(),
            users: self.users.clone(),
            teams: self.teams.clone(),
            contacts: self.contacts.iter().map(|c| Contact::clone(c)).collect(),
            conversations: self.conversations.iter().flatten().map(|c| Conversation::clone(c)).collect(),
            next_conversation: self.conversations.len() as u64 + 1,
            next_message: self.next_message,
            next_invoice: self.next_invoice,
            deleted: self.deleted.clone(),
            round_robin: self.round_robin.clone(),
            templates: self.templates.clone(),
            read_markers: self.reads.to_list(),
            latest_time: self.latest_time,
            saved_filters: self.saved_filters.clone(),
        }
    }

    /// Restores a workspace from a snapshot, checking its version and that ids
    /// are consistent.
    pub fn from_snapshot(snapshot: Snapshot) -> Result<Workspace> {
        if snapshot.format_version != SNAPSHOT_FORMAT_VERSION {
            return Err(Error::UnsupportedSnapshot {
                found: snapshot.format_version,
                supported: SNAPSHOT_FORMAT_VERSION,
            });
        }
        super::integrity::check(&snapshot)?;
        let bad = |reason: &str| Error::InvalidSnapshot { reason: reason.to_string() };
        let sequential =
            |ids: &mut dyn Iterator<Item = u64>| ids.enumerate().all(|(i, id)| id == i as u64 + 1);
        if !sequential(&mut snapshot.users.iter().map(|u| u.id.0))
            || !sequential(&mut snapshot.teams.iter().map(|t| t.id.0))
            || !sequential(&mut snapshot.contacts.iter().map(|c| c.id.0))
        {
            return Err(bad("user, team and contact ids must be 1, 2, 3, ... in order"));
        }
        let slots = snapshot.next_conversation.checked_sub(1).ok_or_else(|| bad("next_conversation is 0"))?;
        let slots = usize::try_from(slots).map_err(|_| bad("too many conversations"))?;
        if slots > snapshot.conversations.len() + snapshot.deleted.len() {
            return Err(bad("next_conversation is beyond the conversations and deletions listed"));
        }
        let mut conversations: Vec<Option<Box<Conversation>>> = Vec::new();
        conversations.resize_with(slots, || None);
        for mut c in snapshot.conversations {
            // Deserialized lists grow by doubling; a loaded workspace keeps
            // exactly what it holds (messages are most of its memory).
            c.messages.shrink_to_fit();
            let index = usize::try_from(c.id.0)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .filter(|i| *i < slots)
                .ok_or_else(|| bad("conversation id out of range"))?;
            let slot = conversations.get_mut(index).ok_or_else(|| bad("conversation id out of range"))?;
            if slot.is_some() || snapshot.deleted.contains_key(&c.id) {
                return Err(bad("conversation id listed twice"));
            }
            *slot = Some(Box::new(c));
        }
        let mut ws = Workspace::new(snapshot.config)?;
        ws.users = snapshot.users;
        ws.teams = snapshot.teams;
        ws.contacts = snapshot.contacts.into_iter().map(Box::new).collect();
        ws.contacts.shrink_to_fit();
        ws.conversations = conversations;
        ws.deleted = snapshot.deleted;
        ws.next_message = snapshot.next_message;
        ws.next_invoice = snapshot.next_invoice;
        ws.round_robin = snapshot.round_robin;
        ws.templates = snapshot.templates;
        ws.restore_saved_filters(snapshot.saved_filters)?;
        ws.restore_markers(snapshot.read_markers)?;
        ws.rebuild_derived();
        ws.latest_time = snapshot.latest_time.max(ws.latest_time_in_data());
        Ok(ws)
    }

    /// Loads saved filters, checking their ids are increasing and below the
    /// next id, and their owners exist.
    pub(crate) fn restore_saved_filters(&mut self, saved: crate::SavedFilters) -> Result<()> {
        let bad = |reason: String| Error::InvalidSnapshot { reason };
        let mut last = 0;
        for f in &saved.filters {
            if f.id.0 <= last || f.id.0 >= saved.next_id {
                return Err(bad(format!("saved filter {} is out of order or not below the next id", f.id)));
            }
            last = f.id.0;
            if let Some(u) = f.owner {
                if self.users.iter().all(|x| x.id != u) {
                    return Err(bad(format!("saved filter {} names an unknown owner {u}", f.id)));
                }
            }
        }
        self.saved_filters = saved;
        Ok(())
    }

    /// Loads read markers, checking they name live conversations and users
    /// and stay within the conversation. Without any (an older snapshot),
    /// each author has read up to their own last message, as if they had
    /// written it in this version.
    fn restore_markers(&mut self, markers: Vec<ReadMarker>) -> Result<()> {
        let bad = |reason: &str| Error::InvalidSnapshot { reason: reason.to_string() };
        if markers.is_empty() {
            for c in self.conversations.iter().flatten() {
                let mut list: Vec<(crate::ids::UserId, u32)> = Vec::new();
                for (i, m) in c.messages.iter().enumerate() {
                    if let crate::message::Author::User(u) = m.author {
                        let read = u32::try_from(i + 1).unwrap_or(u32::MAX);
                        match list.iter_mut().find(|(x, _)| *x == u) {
                            Some(slot) => slot.1 = read,
                            None => list.push((u, read)),
                        }
                    }
                }
                if !list.is_empty() {
                    list.sort_unstable();
                    list.shrink_to_fit();
                    self.reads.markers.insert(c.id, list);
                }
            }
            return Ok(());
        }
        for m in markers {
            let c = self
                .live(m.conversation)
                .ok_or_else(|| bad("a read marker names an unknown conversation"))?;
            if usize::try_from(m.read).map_or(true, |r| r > c.messages.len()) {
                return Err(bad("a read marker is beyond the end of its conversation"));
            }
            self.user(m.user).map_err(|_| bad("a read marker names an unknown user"))?;
            let list = self.reads.markers.entry(m.conversation).or_default();
            match list.binary_search_by_key(&m.user, |(u, _)| *u) {
                Ok(_) => return Err(bad("a read marker is listed twice")),
                Err(i) => list.insert(i, (m.user, m.read)),
            }
        }
        for list in self.reads.markers.values_mut() {
            list.shrink_to_fit();
        }
        Ok(())
    }

    /// The snapshot as JSON.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.snapshot()).map_err(|e| Error::InvalidSnapshot { reason: e.to_string() })
    }

    /// Restores a workspace from JSON written by [`Workspace::to_json`].
    pub fn from_json(json: &str) -> Result<Workspace> {
        let snapshot: Snapshot =
            serde_json::from_str(json).map_err(|e| Error::InvalidSnapshot { reason: e.to_string() })?;
        Workspace::from_snapshot(snapshot)
    }
}
