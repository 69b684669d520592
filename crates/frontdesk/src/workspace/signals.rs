//! What the host's AI and the customer say about a conversation: the
//! summary the AI wrote and the customer's satisfaction rating. (The AI's
//! per-reply signals travel with the reply, see `send_ai_reply_with`.) The
//! library never calls a model: the host supplies these values.

use crate::actor::Actor;
use crate::conversation::Satisfaction;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::ConversationId;
use crate::validate;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

/// The lowest and highest satisfaction rating.
pub(crate) const RATINGS: std::ops::RangeInclusive<u32> = 1..=5;

impl Workspace {
    /// Sets the conversation summary the host's AI wrote; `None` (or blank
    /// text) clears it. The summary is kept, exported with the conversation
    /// and matched by free-text search. Customer conversations only. Host only.
    pub fn set_summary(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        summary: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        crate::access::require_host(actor, "only the host supplies AI summaries")?;
        let c = self.visible(None, conversation)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind { reason: "internal chats have no summary".into() });
        }
        let summary = match summary.map(str::trim) {
            None | Some("") => None,
            Some(s) => {
                validate::bounded("summary", s, self.config.max_message_bytes)?;
                Some(s.to_string())
            }
        };
        if c.summary == summary {
            return Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()));
        }
        let old = c.summary.clone();
        self.update(conversation, |c| c.summary.clone_from(&summary));
        self.indexes.search.text.set_summary(conversation.0, old.as_deref(), summary.as_deref());
        Ok(self.finish_command(now, actor, After::Nothing, (), vec![Event::SummaryUpdated { conversation }]))
    }

    /// Records the customer's satisfaction rating of a conversation, 1 to 5,
    /// with an optional comment; a later rating replaces an earlier one.
    /// Customer conversations only. Host only (the host runs the survey).
    pub fn rate_satisfaction(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        rating: u32,
        comment: Option<&str>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        crate::access::require_host(actor, "only the host records satisfaction ratings")?;
        let c = self.visible(None, conversation)?;
        if c.is_internal() {
            return Err(Error::WrongConversationKind { reason: "internal chats have no customer".into() });
        }
        if !RATINGS.contains(&rating) {
            return Err(Error::invalid_argument("rating", format!("{rating} is not a rating from 1 to 5")));
        }
        let comment = validate::note("comment", comment)?;
        self.update(conversation, |c| {
            c.satisfaction = Some(Box::new(Satisfaction { rating, comment, at: now }))
        });
        Ok(self.finish_command(
            now,
            actor,
            After::Nothing,
            (),
            vec![Event::SatisfactionRated { conversation, rating }],
        ))
    }
}
