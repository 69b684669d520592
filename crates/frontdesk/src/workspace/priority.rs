//! Auto-prioritization wired into the workspace: rules run on every customer
//! message and on AI signals, and response-time goals raise SLA warnings in
//! `tick`.
//!
//! Automation only ever raises a priority; lowering is a person's decision.
//! A pinned (manually set) priority sticks: automation leaves it alone unless
//! the workspace's rules set `automation_raises_pinned_priority`, which lets
//! automation raise (never lower) a pin.

use crate::actor::Actor;
use crate::conversation::{Conversation, SlaMark};
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::ConversationId;
use crate::message::Author;
use crate::prioritize::{PriorityDecision, PriorityRules, PrioritySignals, ResponseGoals, SlaWarningKind};
use crate::priority::Priority;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Replaces the auto-prioritization rules (compiled once, here). Admins only.
    pub fn set_priority_rules(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        rules: PriorityRules,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change priority rules")?;
        let compiled = rules.compile()?;
        self.config.priority_rules = rules;
        self.touched(|j| j.settings = true);
        self.priority_rules = compiled;
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Sets the response-time goals behind SLA warnings (none: no warnings).
    /// Admins only.
    pub fn set_response_goals(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        goals: Option<ResponseGoals>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change response-time goals")?;
        if let Some(g) = &goals {
            g.validate()?;
        }
        self.config.response_goals = goals;
        self.touched(|j| j.settings = true);
        self.rebuild_derived();
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Feeds the host AI's reading of the conversation (sentiment from -1 to 1,
    /// a detected intent) to the priority rules, with the latest customer
    /// message. Raises the priority if rules say so; returns the decision and
    /// which rules fired. Host only.
    pub fn record_ai_signals(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        sentiment: Option<f32>,
        intent: Option<&str>,
    ) -> Result<Applied<PriorityDecision>> {
        let now = self.clock(now);
        crate::access::require_host(actor, "only the host reports AI signals")?;
        self.customer_conversation(actor, conversation)?;
        if let Some(s) = sentiment {
            if !s.is_finite() || !(-1.0..=1.0).contains(&s) {
                return Err(Error::invalid_argument("sentiment", "a number from -1 to 1"));
            }
        }
        let intent = crate::validate::optional_name("intent", intent)?;
        let mut events = Vec::new();
        let decision =
            self.auto_prioritize(conversation, now, None, sentiment, intent.as_deref(), &mut events);
        Ok(self.finish_command(now, actor, After::Nothing, decision, events))
    }

    /// What the rules decide for the conversation now (its latest customer
    /// message, how long it has waited), without changing anything.
    pub fn explain_priority(
        &self,
        viewer: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<PriorityDecision> {
        let now = self.clock(now);
        let c = self.customer_conversation(viewer, conversation)?;
        Ok(self.decide_priority(c, now, None, None, None))
    }

    fn decide_priority(
        &self,
        c: &Conversation,
        now: DateTime<Utc>,
        text: Option<&str>,
        sentiment: Option<f32>,
        intent: Option<&str>,
    ) -> PriorityDecision {
        let last_inbound = c.messages.iter().rev().find(|m| m.author == Author::Contact).map(|m| &*m.body);
        let text = text.or(last_inbound).unwrap_or("");
        let contact = c.contact().and_then(|id| self.contact_record(id).ok());
        let mut tags = c.tags.clone();
        if let Some(contact) = contact {
            tags.extend(contact.tags.iter().cloned());
        }
        let signals = PrioritySignals {
            text,
            sentiment,
            intent,
            segment: contact.and_then(|c| c.segment.as_deref()),
            tags: &tags,
            channel: c.channel,
            waiting_secs: c.reply.waiting_since.map(|since| (now - since).num_seconds().max(0)),
        };
        self.priority_rules.decide(&signals)
    }

    /// Runs the rules and raises the priority when they ask for more.
    pub(crate) fn auto_prioritize(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        text: Option<&str>,
        sentiment: Option<f32>,
        intent: Option<&str>,
        events: &mut Vec<Event>,
    ) -> PriorityDecision {
        let Some(c) = self.live(conversation) else { return PriorityDecision::default() };
        if self.priority_rules.is_empty() || c.is_internal() {
            return PriorityDecision::default();
        }
        let decision = self.decide_priority(c, now, text, sentiment, intent);
        let from = c.priority;
        let pinned = c.priority_pin.is_some();
        if pinned && !self.config.priority_rules.automation_raises_pinned_priority {
            return decision;
        }
        if let Some(to) = decision.priority.filter(|p| *p > from) {
            let reason = decision.fired.iter().map(|f| f.reason.clone()).collect::<Vec<_>>().join("; ");
            self.update(conversation, |c| c.priority = to);
            events.push(Event::PriorityChanged {
                conversation,
                from,
                to,
                by: None,
                reason: Some(reason),
                pinned,
            });
        }
        decision
    }

    /// A response-time goal was missed: warn once for this waiting period and
    /// priority, then let waiting-time rules escalate.
    pub(crate) fn fire_sla(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        events: &mut Vec<Event>,
    ) {
        let Some(goals) = self.config.response_goals else { return };
        let Some(c) = self.live(conversation) else { return };
        let Some(since) = c.reply.waiting_since else { return };
        let priority = c.priority;
        let kind = if priority == Priority::Urgent {
            SlaWarningKind::UrgentNotAnswered
        } else {
            SlaWarningKind::PendingTooLong
        };
        self.update(conversation, |c| c.sla_warned = Some(SlaMark { since, priority }));
        events.push(Event::SlaWarning {
            conversation,
            kind,
            priority,
            waiting_secs: (now - since).num_seconds().max(0),
            goal_secs: goals.goal_for(priority),
        });
        self.auto_prioritize(conversation, now, None, None, None, events);
    }
}
