//! Auto-assignment: an ordered chain of strategies decides who gets a new
//! conversation; when nobody is eligible it waits in a queue that is drained,
//! in priority then age order, as soon as capacity frees up or an agent comes
//! online. Every decision is a pure function of the workspace state and comes
//! with its reason.

use crate::access::{self, can_see};
use crate::actor::Actor;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::ids::{ConversationId, TeamId, UserId};
use crate::priority::Priority;
use crate::routing_types::{RoutingDecision, RoutingOutcome, RoutingStrategy};
use crate::user::Availability;
use crate::validate;
use crate::workspace::{After, Applied, Workspace};
use chrono::{DateTime, Utc};

/// Why one user is not eligible for a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ineligible {
    Unavailable,
    CannotSee,
    NotInTeam,
    AtCapacity,
    MissingSkills,
}

impl Workspace {
    /// Sets the workspace's auto-assignment chain (empty: auto-assignment
    /// off). Admins only. Waiting conversations are routed at once if the new
    /// chain makes someone eligible.
    pub fn set_routing(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        chain: Vec<RoutingStrategy>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change auto-assignment")?;
        let chain = checked_chain(chain)?;
        self.config.routing = chain;
        self.touched(|j| j.settings = true);
        let events = Vec::new();
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Sets a team's own chain, used for conversations routed to the team
    /// (none: the workspace chain, or load balancing when that is empty).
    pub fn set_team_routing(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        team: TeamId,
        chain: Option<Vec<RoutingStrategy>>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.require_admin(actor, "change auto-assignment")?;
        self.team(team)?;
        let chain = chain.map(checked_chain).transpose()?;
        if let Some(t) = self.teams.iter_mut().find(|t| t.id == team) {
            t.routing = chain;
        }
        self.touched(|j| {
            j.teams.insert(team);
        });
        let events = Vec::new();
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Sets the skills a conversation needs (language, product, billing);
    /// skill-based routing sends it only to agents having all of them.
    pub fn set_required_skills(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
        skills: Vec<String>,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.customer_conversation(actor, conversation)?;
        let mut skills = skills.iter().map(|s| validate::tag(s)).collect::<Result<Vec<_>>>()?;
        skills.sort();
        skills.dedup();
        self.update(conversation, |c| {
            c.required_skills = skills;
            c.updated_at = now;
        });
        let events = Vec::new();
        Ok(self.finish_command(now, actor, After::DrainQueue, (), events))
    }

    /// Routes an unassigned conversation through its chain now (a person's
    /// "assign automatically", or a bulk action). Assigns, or queues it.
    pub fn auto_assign(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversation: ConversationId,
    ) -> Result<Applied<RoutingDecision>> {
        let now = self.clock(now);
        let c = self.customer_conversation(actor, conversation)?;
        if c.status.is_closed() {
            return Err(Error::invalid_argument("conversation", "closed conversations are not routed"));
        }
        let mut events = Vec::new();
        let decision = self.route(conversation, now, true, None, &mut events);
        Ok(self.finish_command(now, actor, After::Nothing, decision, events))
    }

    /// What auto-assignment would decide for the conversation now, and why,
    /// without changing anything.
    pub fn explain_routing(&self, viewer: Actor, conversation: ConversationId) -> Result<RoutingDecision> {
        let c = self.customer_conversation(viewer, conversation)?;
        Ok(self.decide(c, false))
    }

    /// Conversations waiting for an eligible agent, in the order they will be
    /// assigned (priority, then age), limited to what `viewer` may see.
    pub fn routing_queue(&self, viewer: Actor) -> Result<Vec<ConversationId>> {
        let user = self.acting_user(viewer)?;
        Ok(self
            .indexes
            .queue
            .iter()
            .map(|(_, _, id)| *id)
            .filter(|id| self.live(*id).is_some_and(|c| can_see(user, c)))
            .collect())
    }

    // ----- the machinery --------------------------------------------------------

    /// The chain that applies to a conversation.
    pub(crate) fn chain_for(&self, c: &Conversation) -> Vec<RoutingStrategy> {
        if let Some(team) = c.team.and_then(|t| self.team(t).ok()) {
            if let Some(chain) = &team.routing {
                return chain.clone();
            }
        }
        self.config.routing.clone()
    }

    /// The pure decision. `forced` routes even when the chain is empty (team
    /// assignment, explicit auto-assign): load balancing is the default.
    pub(crate) fn decide(&self, c: &Conversation, forced: bool) -> RoutingDecision {
        let decision = |outcome, reason: String| RoutingDecision { conversation: c.id, outcome, reason };
        if c.is_internal() || c.status.is_closed() || !c.assignees.is_empty() {
            return decision(RoutingOutcome::NotRouted, "assigned, closed or internal".into());
        }
        let mut chain = self.chain_for(c);
        if chain.is_empty() {
            if !forced && !c.awaiting_assignment {
                return decision(RoutingOutcome::NotRouted, "auto-assignment is off".into());
            }
            chain = vec![RoutingStrategy::LoadBalancing];
        }
        let skills = chain.contains(&RoutingStrategy::SkillBased) && !c.required_skills.is_empty();
        let mut why_not = [0usize; 5];
        let team_members = c.team.and_then(|t| self.team(t).ok()).map(|t| t.members.as_slice());
        let required = crate::workspace::skill_bits(&c.required_skills);
        // One pass over the compact roster; each candidate's load is looked up
        // once and kept. Cheap checks first.
        let mut candidates: Vec<(u32, UserId)> = Vec::new();
        for (index, r) in self.lookup.roster.iter().enumerate() {
            if !r.live {
                continue;
            }
            let id = UserId(index as u64 + 1);
            let reason = if !r.online {
                Some(Ineligible::Unavailable)
            } else if !access::listed(id, r.admin, &c.visibility) {
                Some(Ineligible::CannotSee)
            } else if team_members.is_some_and(|m| m.binary_search(&id).is_err()) {
                Some(Ineligible::NotInTeam)
            } else if skills
                && (r.skills & required != required
                    || !self
                        .users
                        .get(index)
                        .is_some_and(|u| c.required_skills.iter().all(|s| u.skills.binary_search(s).is_ok())))
            {
                Some(Ineligible::MissingSkills)
            } else {
                None
            };
            if let Some(reason) = reason {
                why_not[reason as usize] += 1;
                continue;
            }
            let load = self.indexes.load(id);
            if load >= r.capacity {
                why_not[Ineligible::AtCapacity as usize] += 1;
                continue;
            }
            candidates.push((load, id));
        }
        if candidates.is_empty() {
            let labels =
                ["offline or away", "cannot see it", "not in the team", "at capacity", "missing skills"];
            let parts: Vec<String> = why_not
                .iter()
                .zip(labels)
                .filter(|(n, _)| **n > 0)
                .map(|(n, label)| format!("{n} {label}"))
                .collect();
            let detail = if parts.is_empty() { "no agents".to_string() } else { parts.join(", ") };
            return decision(
                RoutingOutcome::Queue,
                format!("no eligible agent ({detail}); waiting in the queue"),
            );
        }
        let name = |u: UserId| self.user(u).map(|u| u.name.clone()).unwrap_or_else(|_| u.to_string());
        let least_loaded = || candidates.iter().min().copied();
        let skill_note =
            if skills { format!(" with skills {}", c.required_skills.join(", ")) } else { String::new() };
        for step in &chain {
            match step {
                RoutingStrategy::ContactOwner => {
                    let owners: Vec<UserId> = c
                        .contact()
                        .and_then(|id| self.contact_record(id).ok())
                        .map(|contact| contact.routing.assignees.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|o| candidates.iter().any(|(_, u)| u == o))
                        .collect();
                    if !owners.is_empty() {
                        let names: Vec<String> = owners.iter().map(|u| name(*u)).collect();
                        return decision(
                            RoutingOutcome::Assign { users: owners, strategy: *step },
                            format!("contact owner: {} owns this contact", names.join(", ")),
                        );
                    }
                }
                RoutingStrategy::SkillBased => {}
                RoutingStrategy::PriorityBased => {
                    if c.priority == Priority::Urgent {
                        if let Some((load, u)) = least_loaded() {
                            return decision(
                                RoutingOutcome::Assign { users: vec![u], strategy: *step },
                                format!(
                                    "priority-based: urgent, to the least-loaded eligible agent{skill_note}, {} ({load} open)",
                                    name(u),
                                ),
                            );
                        }
                    }
                }
                RoutingStrategy::LoadBalancing => {
                    if let Some((load, u)) = least_loaded() {
                        return decision(
                            RoutingOutcome::Assign { users: vec![u], strategy: *step },
                            format!(
                                "load balancing: {} has the fewest open conversations ({load}) among {} eligible{skill_note}",
                                name(u),
                                candidates.len()
                            ),
                        );
                    }
                }
                RoutingStrategy::RoundRobin => {
                    let last = self.round_robin.get(&team_key(c.team)).copied().unwrap_or(UserId(0));
                    let next =
                        candidates.iter().find(|(_, u)| *u > last).or(candidates.first()).map(|(_, u)| *u);
                    if let Some(u) = next {
                        return decision(
                            RoutingOutcome::Assign { users: vec![u], strategy: *step },
                            format!(
                                "round robin: {}'s turn among {} eligible{skill_note}",
                                name(u),
                                candidates.len()
                            ),
                        );
                    }
                }
            }
        }
        // Only filters or owners in the chain and no owner available: balance load.
        match least_loaded().map(|(_, u)| u) {
            Some(u) => decision(
                RoutingOutcome::Assign { users: vec![u], strategy: RoutingStrategy::LoadBalancing },
                format!(
                    "load balancing (no earlier step chose): {} has the fewest open conversations",
                    name(u)
                ),
            ),
            None => decision(RoutingOutcome::Queue, "no eligible agent; waiting in the queue".into()),
        }
    }

    /// Decides and applies: assigns, or marks the conversation as waiting.
    pub(crate) fn route(
        &mut self,
        conversation: ConversationId,
        now: DateTime<Utc>,
        forced: bool,
        note: Option<String>,
        events: &mut Vec<Event>,
    ) -> RoutingDecision {
        let Some(c) = self.live(conversation) else {
            return RoutingDecision {
                conversation,
                outcome: RoutingOutcome::NotRouted,
                reason: "not found".into(),
            };
        };
        let decision = self.decide(c, forced);
        let team = c.team;
        let was_waiting = c.awaiting_assignment;
        match &decision.outcome {
            RoutingOutcome::Assign { users, strategy } => {
                if *strategy == RoutingStrategy::RoundRobin {
                    if let Some(u) = users.first() {
                        self.round_robin.insert(team_key(team), *u);
                        self.touched(|j| j.round_robin = true);
                    }
                }
                self.update(conversation, |c| c.awaiting_assignment = false);
                events.extend(self.apply_assignment(
                    conversation,
                    now,
                    users,
                    &[],
                    None,
                    Some(note.unwrap_or_else(|| decision.reason.clone())),
                ));
            }
            RoutingOutcome::Queue => {
                if !was_waiting {
                    self.update(conversation, |c| c.awaiting_assignment = true);
                    events.push(Event::Queued { conversation, reason: decision.reason.clone() });
                }
            }
            RoutingOutcome::NotRouted => {}
        }
        decision
    }

    /// Assigns waiting conversations, in priority then age order, to whoever
    /// became eligible. One pass suffices: assigning only ever removes
    /// capacity, so a conversation passed over cannot become assignable later
    /// in the same pass.
    pub(crate) fn drain_queue(&mut self, now: DateTime<Utc>, events: &mut Vec<Event>) {
        if self.indexes.queue.is_empty() {
            return;
        }
        let anyone_free = self.users.iter().any(|u| {
            !u.removed
                && u.availability == Availability::Online
                && u.capacity.is_none_or(|cap| self.indexes.load(u.id) < cap)
        });
        if !anyone_free {
            return;
        }
        let waiting: Vec<ConversationId> = self.indexes.queue.iter().map(|(_, _, id)| *id).collect();
        for id in waiting {
            self.route(id, now, false, None, events);
        }
    }
}

fn team_key(team: Option<TeamId>) -> u64 {
    team.map_or(0, |t| t.0)
}

fn checked_chain(chain: Vec<RoutingStrategy>) -> Result<Vec<RoutingStrategy>> {
    let mut seen = Vec::new();
    for s in &chain {
        if seen.contains(s) {
            return Err(Error::invalid_argument(
                "routing",
                format!("{} appears twice in the chain", s.as_str()),
            ));
        }
        seen.push(*s);
    }
    Ok(chain)
}
