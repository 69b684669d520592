//! The journal of changes a store asks the workspace to keep, and the way
//! rows committed elsewhere are put back into a live workspace with every
//! index kept in step.

use crate::changes::{Changes, ConversationChange, Rows};
use crate::conversation::{Conversation, ConversationKind};
use crate::error::{Error, Result};
use crate::ids::{ConversationId, UserId};
use crate::workspace::{pair, RosterEntry, Workspace};

impl Workspace {
    /// Starts (or stops) recording which entities commands touch, for
    /// [`Workspace::take_changes`]. Off by default: an in-memory workspace
    /// pays nothing for it.
    pub fn track_changes(&mut self, on: bool) {
        self.journal = if on { Some(Box::default()) } else { None };
    }

    /// What the commands applied since the last call touched (empty when
    /// tracking is off), and a fresh start.
    pub fn take_changes(&mut self) -> Changes {
        match &mut self.journal {
            Some(j) => std::mem::take(&mut **j),
            None => Changes::default(),
        }
    }

    /// How many conversation ids have been handed out (deleted ones included).
    pub fn conversation_slots(&self) -> u64 {
        self.conversations.len() as u64
    }

    /// The id the next message gets.
    pub fn next_message_id(&self) -> u64 {
        self.next_message
    }

    /// The id the next invoice or checkout gets.
    pub fn next_invoice_id(&self) -> u64 {
        self.next_invoice
    }

    /// The reply templates, in the order they were added.
    pub fn template_library(&self) -> &crate::template::TemplateLibrary {
        &self.templates
    }

    /// The last user round-robin chose, per team (0: no team).
    pub fn round_robin_positions(&self) -> &std::collections::BTreeMap<u64, UserId> {
        &self.round_robin
    }

    /// Who could see each deleted conversation.
    pub fn deleted_conversations(&self) -> &std::collections::BTreeMap<ConversationId, crate::Visibility> {
        &self.deleted
    }

    /// A live conversation by id, whoever may see it: for a store persisting
    /// what a command changed. Hosts read through [`Workspace::conversation`].
    pub fn conversation_row(&self, id: ConversationId) -> Option<&Conversation> {
        self.live(id)
    }

    /// The read markers of a conversation: `(user, messages read)` by user.
    pub fn read_markers_of(&self, id: ConversationId) -> &[(UserId, u32)] {
        self.reads.markers.get(&id).map_or(&[], |v| v.as_slice())
    }

    /// Puts entities committed elsewhere into this workspace, replacing those
    /// with the same ids, and keeps every index, lookup and counter in step
    /// (as `derived_state_is_consistent` checks). Costs O(what changed),
    /// except new settings, which rebuild the derived state.
    pub fn apply_rows(&mut self, rows: Rows) -> Result<()> {
        let bad = |reason: String| Error::InvalidSnapshot { reason };
        let mut rebuild = false;
        if let Some(config) = rows.settings {
            config.validate()?;
            self.priority_rules = config.priority_rules.compile()?;
            self.config = config;
            rebuild = true;
        }
        if let Some(t) = rows.templates {
            self.templates = t;
        }
        if let Some(r) = rows.round_robin {
            self.round_robin = r;
        }
        if let Some(f) = rows.saved_filters {
            self.saved_filters = f;
        }
        for u in rows.users {
            let index = slot_index(u.id.0).ok_or_else(|| bad(format!("user id {} out of range", u.id.0)))?;
            let id = u.id;
            self.feed_touch_user(id);
            if let Some(old) = self.users.get(index) {
                self.lookup.user_by_email.remove(&old.email);
            } else if index != self.users.len() {
                return Err(bad(format!("user {} skips an id", id.0)));
            }
            self.lookup.user_by_email.insert(u.email.clone(), id);
            match self.users.get_mut(index) {
                Some(slot) => *slot = u,
                None => self.users.push(u),
            }
            let entry = self.users.get(index).map(RosterEntry::of).unwrap_or_default();
            match self.lookup.roster.get_mut(index) {
                Some(slot) => *slot = entry,
                None => self.lookup.roster.push(entry),
            }
        }
        for t in rows.teams {
            let index = slot_index(t.id.0).ok_or_else(|| bad(format!("team id {} out of range", t.id.0)))?;
            let len = self.teams.len();
            match self.teams.get_mut(index) {
                Some(slot) => *slot = t,
                None if index == len => self.teams.push(t),
                None => return Err(bad(format!("team {} skips an id", t.id.0))),
            }
        }
        for c in rows.contacts {
            let index =
                slot_index(c.id.0).ok_or_else(|| bad(format!("contact id {} out of range", c.id.0)))?;
            self.feed_touch_contact(c.id);
            if let Some(old) = self.contacts.get(index).cloned() {
                self.unindex_contact(&old);
            } else if index != self.contacts.len() {
                return Err(bad(format!("contact {} skips an id", c.id.0)));
            }
            self.index_contact(&c);
            match self.contacts.get_mut(index) {
                Some(slot) => **slot = c,
                None => self.contacts.push(Box::new(c)),
            }
        }
        for (id, visibility) in rows.deleted {
            let index =
                slot_index(id.0).ok_or_else(|| bad(format!("conversation id {} out of range", id.0)))?;
            self.grow_slots(index + 1);
            self.remove_live(id);
            self.deleted.insert(id, visibility);
        }
        for (mut c, markers) in rows.conversations {
            // Loaded lists grow by doubling; keep exactly what is held.
            c.messages.shrink_to_fit();
            let index =
                slot_index(c.id.0).ok_or_else(|| bad(format!("conversation id {} out of range", c.id.0)))?;
            self.grow_slots(index + 1);
            self.remove_live(c.id);
            self.deleted.remove(&c.id);
            if !markers.is_empty() {
                self.reads.markers.insert(c.id, markers);
            }
            self.indexes.insert(&c);
            self.indexes.search.text.add_conversation(&c);
            self.reads.attach(&c);
            for i in &c.invoices {
                self.lookup.invoice_conversation.insert(i.id, c.id);
            }
            if let ConversationKind::Internal { participants } = &c.kind {
                self.lookup.internal_chat.insert(pair(participants), c.id);
            }
            if let Some(slot) = self.conversations.get_mut(index) {
                *slot = Some(Box::new(c));
            }
        }
        let slots = usize::try_from(rows.next_conversation.saturating_sub(1))
            .map_err(|_| bad("next_conversation out of range".into()))?;
        self.grow_slots(slots);
        self.next_message = self.next_message.max(rows.next_message);
        self.next_invoice = self.next_invoice.max(rows.next_invoice);
        self.latest_time = self.latest_time.max(rows.latest_time);
        if rebuild {
            self.rebuild_derived();
        }
        Ok(())
    }

    fn grow_slots(&mut self, len: usize) {
        if self.conversations.len() < len {
            self.conversations.resize_with(len, || None);
        }
    }

    /// Takes a live conversation out of every index and lookup (for a
    /// replacement or a deletion).
    fn remove_live(&mut self, id: ConversationId) {
        self.feed_touch(id);
        self.feed_forget(id);
        let Some(index) = slot_index(id.0) else { return };
        let Some(old) = self.conversations.get_mut(index).and_then(Option::take) else { return };
        self.indexes.remove(&old);
        self.indexes.search.text.remove_conversation(&old);
        self.reads.forget(&old);
        for i in &old.invoices {
            self.lookup.invoice_conversation.remove(&i.id);
        }
        if let ConversationKind::Internal { participants } = &old.kind {
            self.lookup.internal_chat.remove(&pair(participants));
        }
    }

    // ----- what commands touch (no-ops unless tracking) ------------------------

    pub(crate) fn touched_conversation(
        &mut self,
        id: ConversationId,
        messages_before: usize,
        relations: bool,
    ) {
        if let Some(j) = &mut self.journal {
            let entry =
                j.conversations.entry(id).or_insert(ConversationChange { messages_before, relations });
            entry.relations |= relations;
        }
    }

    pub(crate) fn touched(&mut self, mark: impl FnOnce(&mut Changes)) {
        if let Some(j) = &mut self.journal {
            mark(j);
        }
    }
}

fn slot_index(id: u64) -> Option<usize> {
    usize::try_from(id).ok()?.checked_sub(1)
}
