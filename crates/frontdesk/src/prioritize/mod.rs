//! Automatic prioritization: configurable rules that turn the signals of an
//! inbound message (its text, the host's sentiment score or intent, the
//! contact's segment, tags, channel, waiting time) into a priority, with an
//! explanation of which rules fired.
//!
//! The engine is a pure function. The workspace calls
//! [`CompiledPriorityRules::decide`] on each inbound message and on each tick,
//! and [`PriorityDecision::next_priority`] tells it whether to change the
//! conversation's priority (a manually pinned priority is never lowered).
//! [`sla_check`] tells whether a conversation has waited past its
//! response-time goal.

mod keywords;
mod sla;

pub use sla::{sla_check, ResponseGoals, SlaWarning, SlaWarningKind};

use crate::{Channel, Error, Priority};
use keywords::KeywordMatcher;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a rule looks at. Serialized with a `kind` tag, e.g.
/// `{"kind": "keywords_any", "keywords": ["outage", "is down"]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriorityCondition {
    /// The message contains any of these words or phrases: case-insensitive,
    /// word-bounded, any language (see `docs/prioritization.md`).
    KeywordsAny {
        /// The words or phrases.
        keywords: Vec<String>,
    },
    /// The host's sentiment score (from -1, very negative, to 1) is below the
    /// threshold.
    SentimentBelow {
        /// The threshold, within -1..=1.
        threshold: f32,
    },
    /// The host's detected intent equals this one (ignoring case).
    Intent {
        /// The intent, e.g. `"escalation"`.
        intent: String,
    },
    /// The contact's segment equals this one (ignoring case).
    Segment {
        /// The segment, e.g. `"vip"`.
        segment: String,
    },
    /// The conversation carries this tag (ignoring case).
    Tag {
        /// The tag.
        tag: String,
    },
    /// The message came in on this channel.
    Channel {
        /// The channel.
        channel: Channel,
    },
    /// The customer has waited longer than this many seconds for a reply.
    WaitingLonger {
        /// The threshold in seconds (positive).
        seconds: i64,
    },
}

/// One rule: when its condition holds, the conversation deserves at least
/// this priority.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriorityRule {
    /// A unique name, reported when the rule fires.
    pub id: String,
    /// What the rule looks at.
    pub condition: PriorityCondition,
    /// The priority it asks for.
    pub priority: Priority,
}

/// A workspace's prioritization rules, as configured (serializable). Compile
/// them once with [`PriorityRules::compile`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PriorityRules {
    /// The rules, in the order their explanations are reported.
    pub rules: Vec<PriorityRule>,
    /// Workspace policy for manually pinned priorities. `false` (the default,
    /// and what older snapshots and rule lists without the key get): a pin
    /// sticks, automation changes nothing until the pin is cleared. `true`:
    /// automation may raise a pinned priority (never lower it); the pin stays.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automation_raises_pinned_priority: bool,
}

fn rule(id: &str, condition: PriorityCondition, priority: Priority) -> PriorityRule {
    PriorityRule { id: id.to_string(), condition, priority }
}

fn words(list: &[&str]) -> PriorityCondition {
    PriorityCondition::KeywordsAny { keywords: list.iter().map(|s| s.to_string()).collect() }
}

impl PriorityRules {
    /// Sensible starting rules, following the product's definitions: urgent
    /// for outages, emergencies, escalations and VIP customers; high for
    /// refunds, failures, complaints, very negative sentiment and customers
    /// waiting past the regular two-hour goal. See `docs/prioritization.md`.
    pub fn default_rules() -> PriorityRules {
        use PriorityCondition as C;
        PriorityRules {
            automation_raises_pinned_priority: false,
            rules: vec![
                rule(
                    "urgent_keywords",
                    words(&[
                        "urgent",
                        "urgently",
                        "emergency",
                        "asap",
                        "as soon as possible",
                        "immediately",
                        "outage",
                        "service down",
                        "site down",
                        "is down",
                        "are down",
                        "went down",
                        "security breach",
                        "data breach",
                        "hacked",
                        "data loss",
                        "urgente",
                        "dringend",
                        "срочно",
                        "緊急",
                        "至急",
                    ]),
                    Priority::Urgent,
                ),
                rule(
                    "escalation_keywords",
                    words(&[
                        "escalate",
                        "speak to a manager",
                        "talk to a manager",
                        "speak to your manager",
                        "legal action",
                        "lawyer",
                    ]),
                    Priority::Urgent,
                ),
                rule("vip_segment", C::Segment { segment: "vip".into() }, Priority::Urgent),
                rule("escalated_tag", C::Tag { tag: "escalated".into() }, Priority::Urgent),
                rule("escalation_intent", C::Intent { intent: "escalation".into() }, Priority::Urgent),
                rule(
                    "time_sensitive_keywords",
                    words(&[
                        "refund",
                        "chargeback",
                        "charged twice",
                        "double charged",
                        "cancel",
                        "cancellation",
                        "complaint",
                        "not working",
                        "doesn't work",
                        "does not work",
                        "broken",
                        "payment failed",
                        "deadline",
                    ]),
                    Priority::High,
                ),
                rule("negative_sentiment", C::SentimentBelow { threshold: -0.6 }, Priority::High),
                rule("complaint_intent", C::Intent { intent: "complaint".into() }, Priority::High),
                rule("waiting_past_regular_goal", C::WaitingLonger { seconds: 7200 }, Priority::High),
            ],
        }
    }

    /// Checks the rules and compiles their keywords once. Fails with
    /// `empty_name` for a blank id, `duplicate` for a repeated id (ignoring
    /// case) and `invalid_argument` for an empty keyword list, a blank
    /// keyword, intent, segment or tag, a threshold outside -1..=1 or a
    /// waiting time that is not positive.
    pub fn compile(&self) -> Result<CompiledPriorityRules, Error> {
        let mut ids = HashSet::new();
        let mut keyword_pairs = Vec::new();
        let mut rules = Vec::with_capacity(self.rules.len());
        for (index, r) in self.rules.iter().enumerate() {
            let id = r.id.trim();
            if id.is_empty() {
                return Err(Error::EmptyName { field: "priority rule id".to_string() });
            }
            if !ids.insert(id.to_lowercase()) {
                return Err(Error::Duplicate { entity: "priority rule".to_string(), key: id.to_string() });
            }
            let invalid =
                |reason: String| Error::invalid_argument("priority rule", format!("{id}: {reason}"));
            let not_blank = |what: &str, v: &str| {
                let v = v.trim().to_lowercase();
                if v.is_empty() {
                    Err(invalid(format!("the {what} is blank")))
                } else {
                    Ok(v)
                }
            };
            let check = match &r.condition {
                PriorityCondition::KeywordsAny { keywords } => {
                    if keywords.is_empty() {
                        return Err(invalid("no keywords".to_string()));
                    }
                    for k in keywords {
                        let k = keywords::normalize(k);
                        if k.is_empty() {
                            return Err(invalid("a keyword is blank".to_string()));
                        }
                        keyword_pairs.push((index, k));
                    }
                    Check::Keywords
                }
                PriorityCondition::SentimentBelow { threshold } => {
                    if !(-1.0..=1.0).contains(threshold) {
                        return Err(invalid(format!("sentiment threshold {threshold} is outside -1..=1")));
                    }
                    Check::SentimentBelow(*threshold)
                }
                PriorityCondition::Intent { intent } => Check::Intent(not_blank("intent", intent)?),
                PriorityCondition::Segment { segment } => Check::Segment(not_blank("segment", segment)?),
                PriorityCondition::Tag { tag } => Check::Tag(not_blank("tag", tag)?),
                PriorityCondition::Channel { channel } => Check::Channel(*channel),
                PriorityCondition::WaitingLonger { seconds } => {
                    if *seconds <= 0 {
                        return Err(invalid(format!("waiting time {seconds} s is not positive")));
                    }
                    Check::WaitingLonger(*seconds)
                }
            };
            rules.push(CompiledRule { id: id.to_string(), priority: r.priority, check });
        }
        let keywords = KeywordMatcher::new(keyword_pairs).map_err(|e| {
            Error::invalid_argument("priority rules", format!("keywords do not compile: {e}"))
        })?;
        let signal_rules = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !matches!(r.check, Check::Keywords))
            .map(|(i, _)| i)
            .collect();
        Ok(CompiledPriorityRules { rules, signal_rules, keywords })
    }
}

#[derive(Clone, Debug)]
enum Check {
    Keywords,
    SentimentBelow(f32),
    Intent(String),
    Segment(String),
    Tag(String),
    Channel(Channel),
    WaitingLonger(i64),
}

#[derive(Clone, Debug)]
struct CompiledRule {
    id: String,
    priority: Priority,
    check: Check,
}

/// Rules ready to evaluate: validated, keywords compiled into one matcher.
/// Build once per configuration change, reuse for every message.
#[derive(Clone, Debug)]
pub struct CompiledPriorityRules {
    rules: Vec<CompiledRule>,
    /// Indices of the rules that are not keyword rules.
    signal_rules: Vec<usize>,
    keywords: KeywordMatcher,
}

/// What is known about an inbound message and its conversation. Anything the
/// host does not know is `None` or empty, and rules on it do not fire.
#[derive(Clone, Copy, Debug)]
pub struct PrioritySignals<'a> {
    /// The message text (empty on a tick without a new message).
    pub text: &'a str,
    /// The host AI's sentiment score, -1 (very negative) to 1; values outside
    /// that range or NaN are ignored.
    pub sentiment: Option<f32>,
    /// The host AI's detected intent.
    pub intent: Option<&'a str>,
    /// The contact's segment (e.g. `"vip"`).
    pub segment: Option<&'a str>,
    /// The conversation's tags.
    pub tags: &'a [String],
    /// The channel of the message.
    pub channel: Channel,
    /// How long the customer has waited for a reply, in seconds.
    pub waiting_secs: Option<i64>,
}

impl<'a> PrioritySignals<'a> {
    /// Signals with just a text and a channel.
    pub fn new(text: &'a str, channel: Channel) -> PrioritySignals<'a> {
        PrioritySignals {
            text,
            sentiment: None,
            intent: None,
            segment: None,
            tags: &[],
            channel,
            waiting_secs: None,
        }
    }
}

/// A rule that fired, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FiredRule {
    /// The rule's id.
    pub rule_id: String,
    /// The priority the rule asks for.
    pub priority: Priority,
    /// Why it fired, for a person: `message contains "outage"`.
    pub reason: String,
}

/// The outcome of evaluating the rules on some signals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PriorityDecision {
    /// The highest priority asked for by a fired rule; `None` when no rule
    /// fired (keep the current priority).
    pub priority: Option<Priority>,
    /// Every rule that fired, in rule order.
    pub fired: Vec<FiredRule>,
}

impl PriorityDecision {
    /// The priority the conversation should change to, if any. `pinned`
    /// says whether a manual pin holds against automation: then nothing
    /// changes (a workspace whose rules set
    /// [`PriorityRules::automation_raises_pinned_priority`] lets automation
    /// raise a pin, never lower it); an unpinned priority follows the
    /// decision. `None` means leave it as it is.
    pub fn next_priority(&self, current: Priority, pinned: bool) -> Option<Priority> {
        let decided = self.priority?;
        if decided == current || pinned {
            None
        } else {
            Some(decided)
        }
    }
}

impl CompiledPriorityRules {
    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Evaluates every rule on the signals.
    pub fn decide(&self, signals: &PrioritySignals<'_>) -> PriorityDecision {
        // (rule index, reason) of every rule that fired, sorted at the end so
        // the explanation follows rule order.
        let mut hits: Vec<(usize, String)> = Vec::new();
        if !signals.text.is_empty() && !self.keywords.is_empty() {
            let mut text = String::with_capacity(signals.text.len() + 8);
            keywords::normalize_into(signals.text, &mut text);
            self.keywords.scan(&text, |rule, keyword| {
                // The first keyword found names the reason.
                if !hits.iter().any(|(r, _)| *r == rule) {
                    hits.push((rule, format!("message contains {keyword:?}")));
                }
            });
        }
        if !self.signal_rules.is_empty() {
            self.signal_hits(signals, &mut hits);
        }
        hits.sort_by_key(|(i, _)| *i);
        let mut decision = PriorityDecision::default();
        for (index, reason) in hits {
            let Some(r) = self.rules.get(index) else { continue };
            decision.priority = decision.priority.max(Some(r.priority));
            decision.fired.push(FiredRule { rule_id: r.id.clone(), priority: r.priority, reason });
        }
        decision
    }

    /// The rules that look at something other than the text.
    fn signal_hits(&self, signals: &PrioritySignals<'_>, hits: &mut Vec<(usize, String)>) {
        let sentiment = signals.sentiment.filter(|s| (-1.0..=1.0).contains(s));
        let fold = |s: &str| s.trim().to_lowercase();
        let intent = signals.intent.map(fold);
        let segment = signals.segment.map(fold);
        let tags: Vec<String> = signals.tags.iter().map(|t| fold(t)).collect();
        for &index in &self.signal_rules {
            let Some(r) = self.rules.get(index) else { continue };
            let reason = match &r.check {
                Check::Keywords => None,
                Check::SentimentBelow(t) => {
                    sentiment.filter(|s| s < t).map(|s| format!("sentiment {s:.2} is below {t:.2}"))
                }
                Check::Intent(want) => (intent.as_ref() == Some(want)).then(|| format!("intent is {want:?}")),
                Check::Segment(want) => {
                    (segment.as_ref() == Some(want)).then(|| format!("contact segment is {want:?}"))
                }
                Check::Tag(want) => tags.contains(want).then(|| format!("conversation is tagged {want:?}")),
                Check::Channel(c) => (signals.channel == *c).then(|| format!("message came in on {c}")),
                Check::WaitingLonger(limit) => signals
                    .waiting_secs
                    .filter(|w| w > limit)
                    .map(|w| format!("customer has waited {w} s, longer than {limit} s")),
            };
            if let Some(reason) = reason {
                hits.push((index, reason));
            }
        }
    }
}

#[cfg(test)]
mod tests;
