//! Metrics: per conversation (read from its messages), and per workspace and
//! per agent (sums of incrementally maintained scope counters). Durations
//! are whole milliseconds. See `docs/views.md` for each definition.

use crate::access;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::{ConversationId, UserId};
use crate::message::{Author, MessageKind};
use crate::metrics_types::{ConversationMetrics, InboxMetrics};
use crate::view_index::{activity, day_of, is_reply, reply_facts, Handled, Scope};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

fn ms(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (b - a).num_milliseconds()
}

impl Workspace {
    /// The figures of one conversation, for a viewer who may see it.
    /// O(messages).
    pub fn conversation_metrics(&self, viewer: Actor, id: ConversationId) -> Result<ConversationMetrics> {
        let user = self.acting_user(viewer)?;
        let c = self.visible(user, id)?;
        let notes = c.messages.iter().filter(|m| m.kind == MessageKind::Note).count();
        let messages = c.messages.len() - notes;
        let mut waiting: Option<DateTime<Utc>> = None;
        let (mut sum, mut turns) = (0i64, 0i64);
        for m in &c.messages {
            if m.author == Author::Contact {
                waiting.get_or_insert(m.at);
            } else if is_reply(m.author, m.kind) {
                if let Some(t0) = waiting.take() {
                    sum += ms(t0, m.at);
                    turns += 1;
                }
            }
        }
        let facts = reply_facts(c);
        Ok(ConversationMetrics {
            duration_ms: ms(c.created_at, activity(c)),
            messages: u32::try_from(messages).unwrap_or(u32::MAX),
            notes: u32::try_from(notes).unwrap_or(u32::MAX),
            first_response_ms: facts.first_response_ms,
            average_response_ms: (turns > 0).then(|| sum / turns),
            resolution_ms: if c.status.is_closed() { c.closed_at.map(|t| ms(c.created_at, t)) } else { None },
            handled_by_human: !c.is_internal() && facts.handled == Handled::Human,
            handled_by_ai: !c.is_internal() && facts.handled == Handled::Ai,
        })
    }

    /// The workspace's figures over the customer conversations `viewer` may
    /// see; "today" is `now`'s day in the workspace time zone. O(log days).
    pub fn workspace_metrics(&self, viewer: Actor, now: DateTime<Utc>) -> Result<InboxMetrics> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        Ok(self.metrics_of(&self.customer_scopes(who), now))
    }

    /// An agent's figures over the customer conversations currently assigned
    /// to them (any status). Readable by the agent themself, admins and the
    /// host: an agent's set may hold conversations another agent may not see.
    pub fn agent_metrics(&self, viewer: Actor, agent: UserId, now: DateTime<Utc>) -> Result<InboxMetrics> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        self.user(agent)?;
        access::may_read_agent_metrics(who, agent)?;
        let scopes: Vec<&Scope> = self.indexes.views.mine.get(&agent).into_iter().collect();
        Ok(self.metrics_of(&scopes, now))
    }

    fn metrics_of(&self, scopes: &[&Scope], now: DateTime<Utc>) -> InboxMetrics {
        let today = day_of(now, self.indexes.views.offset_secs);
        let sum = |f: &dyn Fn(&Scope) -> u64| -> u64 { scopes.iter().map(|s| f(s)).sum() };
        let conversations = sum(&|s| u64::from(s.tally.n));
        let backlog = sum(&|s| u64::from(s.tally.open));
        let frt_n = sum(&|s| u64::from(s.tally.first_response_n));
        let frt_sum: i64 = scopes.iter().map(|s| s.tally.first_response_sum_ms).sum();
        let by_ai = sum(&|s| u64::from(s.tally.handled_by_ai));
        let by_humans = sum(&|s| u64::from(s.tally.handled_by_humans));
        let rated = sum(&|s| u64::from(s.tally.satisfaction_n));
        let rating_sum = sum(&|s| s.tally.satisfaction_sum);
        InboxMetrics {
            conversations,
            new_today: sum(&|s| u64::from(s.tally.created_by_day.get(&today).copied().unwrap_or(0))),
            resolved_today: sum(&|s| u64::from(s.tally.closed_by_day.get(&today).copied().unwrap_or(0))),
            backlog,
            average_first_response_ms: i64::try_from(frt_n).ok().filter(|n| *n > 0).map(|n| frt_sum / n),
            resolution_rate: (conversations > 0)
                .then(|| (conversations - backlog) as f64 / conversations as f64),
            handled_by_ai: by_ai,
            handled_by_humans: by_humans,
            ai_share: (by_ai + by_humans > 0).then(|| by_ai as f64 / (by_ai + by_humans) as f64),
            satisfaction_ratings: rated,
            average_satisfaction: (rated > 0).then(|| rating_sum as f64 / rated as f64),
        }
    }
}
