//! Transcripts: a conversation exported as JSON or plain text.

use crate::actor::Actor;
use crate::conversation::ConversationKind;
use crate::error::{Error, Result};
use crate::ids::ConversationId;
use crate::message::{Author, MessageKind, PaymentState};
use crate::transcript_types::{Audience, ExportOutcome, Transcript, TranscriptEntry};
use crate::workspace::Workspace;

impl Workspace {
    /// The transcript of a conversation for an audience. The customer-facing
    /// transcript leaves out private notes; internal chats have no customer
    /// transcript.
    pub fn transcript(
        &self,
        viewer: Actor,
        conversation: ConversationId,
        audience: Audience,
    ) -> Result<Transcript> {
        let user = self.acting_user(viewer)?;
        let c = self.visible(user, conversation)?;
        let with = match &c.kind {
            ConversationKind::Customer { contact } => self.contact_record(*contact)?.display_name(),
            ConversationKind::Internal { participants } => {
                if audience == Audience::Customer {
                    return Err(Error::WrongConversationKind {
                        reason: "internal chats have no customer".into(),
                    });
                }
                participants.iter().map(|u| self.user_label(*u)).collect::<Vec<_>>().join(", ")
            }
        };
        // The AI's summary, reasoning and confidence and the rating are the
        // team's: a customer transcript leaves them out.
        let team = audience == Audience::Team;
        let entries = c
            .messages
            .iter()
            .filter(|m| audience == Audience::Team || m.is_customer_visible())
            .map(|m| {
                let (kind, body) = match m.kind {
                    MessageKind::Text => ("message", m.body.to_string()),
                    MessageKind::Note => ("note", m.body.to_string()),
                    MessageKind::Invoice(id) | MessageKind::Checkout(id) => {
                        let label =
                            if matches!(m.kind, MessageKind::Invoice(_)) { "invoice" } else { "checkout" };
                        let body = c
                            .invoices
                            .iter()
                            .find(|i| i.id == id)
                            .map(|i| {
                                let state = match i.state {
                                    PaymentState::Unpaid => "unpaid",
                                    PaymentState::Paid => "paid",
                                    PaymentState::Cancelled => "cancelled",
                                };
                                format!(
                                    "{} {}.{:02} {} ({state})",
                                    i.description,
                                    i.amount_minor / 100,
                                    i.amount_minor % 100,
                                    i.currency
                                )
                            })
                            .unwrap_or_else(|| m.body.to_string());
                        (label, body)
                    }
                };
                TranscriptEntry {
                    message: m.id,
                    at: m.at,
                    channel: m.channel,
                    from: match m.author {
                        Author::Contact => with.clone(),
                        Author::User(u) => self.user_label(u),
                        Author::Ai => "AI agent".to_string(),
                        Author::AutoResponder => "Auto-responder".to_string(),
                        Author::System => "System".to_string(),
                    },
                    kind: kind.to_string(),
                    body,
                    attachments: m.attachments.iter().map(|a| a.name.clone()).collect(),
                    ai: if team { m.ai.as_deref().cloned() } else { None },
                }
            })
            .collect();
        Ok(Transcript {
            conversation,
            with,
            status: c.status,
            audience,
            entries,
            summary: if team { c.summary.clone() } else { None },
            satisfaction: if team { c.satisfaction.as_ref().map(|s| s.rating) } else { None },
        })
    }

    /// Transcripts of many conversations in one call ("Export" among the bulk
    /// actions): one outcome per requested id, in the order given, each
    /// included or refused exactly as [`Workspace::transcript`] would for
    /// this viewer, so a conversation the viewer may not see is `not_found`
    /// and reveals nothing. O(total messages exported).
    pub fn export_transcripts(
        &self,
        viewer: Actor,
        conversations: &[ConversationId],
        audience: Audience,
    ) -> Vec<ExportOutcome> {
        conversations
            .iter()
            .map(|&conversation| ExportOutcome {
                conversation,
                result: self.transcript(viewer, conversation, audience),
            })
            .collect()
    }

    /// The transcript as pretty-printed JSON.
    pub fn export_json(
        &self,
        viewer: Actor,
        conversation: ConversationId,
        audience: Audience,
    ) -> Result<String> {
        let t = self.transcript(viewer, conversation, audience)?;
        serde_json::to_string_pretty(&t).map_err(|e| Error::invalid_argument("transcript", e.to_string()))
    }

    /// The transcript as plain text, one line per message, times in the
    /// workspace time zone.
    pub fn export_text(
        &self,
        viewer: Actor,
        conversation: ConversationId,
        audience: Audience,
    ) -> Result<String> {
        let t = self.transcript(viewer, conversation, audience)?;
        let offset = self.config.offset();
        let mut out = format!("Conversation {} with {} ({})\n", t.conversation.0, t.with, t.status);
        if let Some(summary) = &t.summary {
            out.push_str(&format!("Summary: {summary}\n"));
        }
        if let Some(rating) = t.satisfaction {
            out.push_str(&format!("Satisfaction: {rating}/5\n"));
        }
        for e in &t.entries {
            let at = e.at.with_timezone(&offset).format("%Y-%m-%d %H:%M");
            let kind = if e.kind == "message" { String::new() } else { format!(" [{}]", e.kind) };
            out.push_str(&format!("[{at}] {} via {}{kind}: {}\n", e.from, e.channel.label(), e.body));
            if let Some(ai) = &e.ai {
                let mut parts = Vec::new();
                if let Some(c) = ai.confidence {
                    parts.push(format!("confidence {c}%"));
                }
                if let Some(i) = &ai.intent {
                    parts.push(format!("intent {i}"));
                }
                if let Some(r) = &ai.reasoning {
                    parts.push(format!("reasoning: {r}"));
                }
                out.push_str(&format!("    AI {}\n", parts.join(", ")));
            }
            for a in &e.attachments {
                out.push_str(&format!("    attachment: {a}\n"));
            }
        }
        Ok(out)
    }

    fn user_label(&self, user: crate::ids::UserId) -> String {
        self.user(user).map(|u| u.name.clone()).unwrap_or_else(|_| user.to_string())
    }
}
