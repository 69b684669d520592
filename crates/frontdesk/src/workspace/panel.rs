//! The customer panel: a contact's details, conversations, notes and tags as
//! one viewer may see them.

use crate::access::can_see;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::{ContactId, ConversationId};
use crate::panel_types::{CustomerPanel, RelatedConversation};
use crate::workspace::Workspace;

impl Workspace {
    /// The customer panel for a contact as `viewer` may see it: total
    /// conversations, the related (other) conversations, the first contact
    /// time, notes and tags. Conversations the viewer may not see are neither
    /// counted nor listed nor used for the first contact time, and notes
    /// follow [`Workspace::contact`]. `beside` is the conversation the panel
    /// is shown next to; it is left out of `related` (it must be visible to
    /// the viewer, like any conversation read). O(the contact's conversations).
    pub fn customer_panel(
        &self,
        viewer: Actor,
        contact: ContactId,
        beside: Option<ConversationId>,
    ) -> Result<CustomerPanel> {
        let user = self.acting_user(viewer)?;
        let record = self.contact_record(contact)?;
        if let Some(id) = beside {
            self.visible(user, id)?;
        }
        // The contact's conversations from the search index's contact
        // postings (plus any whose id is too large for it): O(the contact's
        // conversations), not a scan of the workspace.
        let index = &self.indexes.search;
        let mut seen: Vec<_> = index
            .contact
            .of(contact.0)
            .into_iter()
            .map(|id| ConversationId(u64::from(id)))
            .chain(index.oversized.iter().map(|id| ConversationId(*id)))
            .filter_map(|id| self.live(id))
            .filter(|c| c.contact() == Some(contact) && can_see(user, c))
            .collect();
        let first_contact_at = seen.iter().map(|c| c.created_at).min();
        let total_conversations = u32::try_from(seen.len()).unwrap_or(u32::MAX);
        seen.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let related = seen
            .into_iter()
            .filter(|c| Some(c.id) != beside)
            .map(|c| RelatedConversation {
                conversation: c.id,
                status: c.status,
                channel: c.channel,
                created_at: c.created_at,
                last_message_at: c.last_message_at,
            })
            .collect();
        let shown = self.contact_as_seen(user, record);
        Ok(CustomerPanel {
            notes: shown.notes.clone(),
            tags: shown.tags.clone(),
            contact: shown,
            total_conversations,
            related,
            first_contact_at,
        })
    }
}
