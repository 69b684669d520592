//! A seeded, deterministic generator of realistic frontdesk workspaces for
//! the benchmarks: 50 users (5 admins, 45 agents), several channels, 10% of
//! conversations with a restricted visibility list, 5 to 20 messages each,
//! most conversations assigned, some closed, some tagged.

use chrono::{DateTime, Duration, Utc};
use frontdesk::*;

/// A small, fast, seeded PRNG (splitmix64): the same seed gives the same
/// workspace on every machine.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with the given seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A generated workspace and what the benchmarks need to know about it.
pub struct Generated {
    /// The workspace.
    pub ws: Workspace,
    /// Admins first, then agents.
    pub users: Vec<UserId>,
    /// How many users are admins (the first ones).
    pub admins: usize,
    /// Message events applied while generating.
    pub messages: u64,
    /// The clock after the last event.
    pub now: DateTime<Utc>,
    /// Bytes of message text stored.
    pub text_bytes: u64,
}

/// A customer message without attachments or campaign.
pub fn customer_message(from: Sender, channel: Channel, body: &str) -> Inbound {
    Inbound { from, channel, body: body.into(), attachments: vec![], campaign: None }
}

/// One exchange of the feed benches: a customer message into `conversation`
/// (open, with an assignee, so that every exchange notifies someone and
/// moves rows in several views) from `handle` on `channel`, then `agent`'s
/// reply.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its first assignee, who replies.
    pub agent: UserId,
    /// Its channel.
    pub channel: Channel,
    /// The customer's handle on that channel.
    pub handle: String,
}

/// Up to `n` exchanges of `ws` ([`Exchange`]), in conversation order.
pub fn exchanges(ws: &Workspace, n: usize) -> Vec<Exchange> {
    ws.conversations(Actor::System)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| !c.status.is_closed() && !c.assignees.is_empty())
        .filter_map(|c| {
            let contact = ws.contact_record(c.contact()?).ok()?;
            Some(Exchange {
                conversation: c.id,
                agent: *c.assignees.first()?,
                channel: c.channel,
                handle: contact.identities.first()?.handle.clone(),
            })
        })
        .take(n)
        .collect()
}

/// The views each watcher of the feed benches watches: an agent's screen.
pub fn screen() -> Vec<WatchedView> {
    [View::TeamInbox, View::Unassigned, View::MyInbox, View::NeedsMyAttention]
        .into_iter()
        .map(WatchedView::new)
        .collect()
}

/// The fixed start of generated time.
pub fn epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(1_772_442_000, 0).unwrap_or_default()
}

const CHANNELS: [Channel; 5] =
    [Channel::Whatsapp, Channel::Webchat, Channel::Sms, Channel::Email, Channel::Linkedin];
const BODIES: [&str; 4] = [
    "Hi, my order has not arrived yet",
    "Thanks, looking into it now",
    "Any update?",
    "All sorted, have a nice day",
];

fn handle(channel: Channel, i: usize) -> String {
    match channel {
        Channel::Whatsapp | Channel::Sms => format!("+44 77{:08}", i),
        Channel::Email => format!("customer{i}@example.com"),
        _ => format!("visitor-{i}"),
    }
}

/// Generates a workspace of `conversations` customer conversations.
pub fn generate(conversations: usize, seed: u64) -> Generated {
    let mut rng = SplitMix64::new(seed);
    let mut config = WorkspaceConfig::reopen_on_reply();
    config.pending_after_secs = None;
    config.archive_after_secs = None;
    config.default_ai_mode = AiMode::Manual;
    let mut ws = Workspace::new(config).expect("valid config");
    let sys = Actor::System;
    let admins = 5;
    let users: Vec<UserId> = (0..50)
        .map(|i| {
            let role = if i < admins { Role::Admin } else { Role::Agent };
            let new = NewUser::new(format!("User {i}"), format!("user{i}@acme.test"), role)
                .availability(Availability::Online);
            ws.add_user(sys, epoch(), new).expect("user").value
        })
        .collect();
    let agents = &users[admins..];
    let mut now = epoch();
    let mut messages = 0u64;
    let mut text_bytes = 0u64;
    for i in 0..conversations {
        now += Duration::seconds(1 + rng.below(20) as i64);
        let channel = CHANNELS[rng.below(CHANNELS.len() as u64) as usize];
        let body = BODIES[0];
        let inbound = customer_message(Sender::Address { handle: handle(channel, i) }, channel, body);
        let id = ws.receive_message(sys, now, inbound).expect("inbound").value.conversation;
        messages += 1;
        text_bytes += body.len() as u64;
        let assignee = rng.chance(85).then(|| agents[rng.below(agents.len() as u64) as usize]);
        if rng.chance(10) {
            let mut list: Vec<UserId> =
                (0..2).map(|_| agents[rng.below(agents.len() as u64) as usize]).collect();
            list.extend(assignee);
            ws.set_visibility(sys, now, id, Visibility::users(list)).expect("visibility");
        }
        if let Some(a) = assignee {
            ws.assign(sys, now, id, vec![a], None).expect("assign");
        }
        if rng.chance(30) {
            ws.set_ai_mode(sys, now, id, AiMode::Active).expect("ai");
        }
        if rng.chance(20) {
            ws.set_priority(sys, now, id, Priority::ALL[rng.below(4) as usize], None).expect("priority");
        }
        if rng.chance(20) {
            ws.tag_conversation(sys, now, id, ["vip", "billing", "refund"][rng.below(3) as usize])
                .expect("tag");
        }
        let total = 5 + rng.below(16);
        for k in 1..total {
            let at = now + Duration::seconds(30 * k as i64);
            let body = BODIES[(k % 4) as usize];
            let result = match (k % 2, assignee) {
                (0, _) => ws.receive_message(
                    sys,
                    at,
                    customer_message(Sender::Address { handle: handle(channel, i) }, channel, body),
                ),
                (_, Some(a)) => ws.send_message(Actor::User(a), at, id, Outbound::text(body)),
                (_, None) => ws.send_auto_reply(sys, at, id, body),
            };
            result.expect("message");
            messages += 1;
            text_bytes += body.len() as u64;
        }
        if rng.chance(30) {
            ws.close(sys, now + Duration::seconds(30 * total as i64), id).expect("close");
        }
    }
    Generated { ws, users, admins, messages, now: now + Duration::hours(1), text_bytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_realistic() {
        let a = generate(300, 7);
        let b = generate(300, 7);
        assert_eq!(a.ws.snapshot(), b.ws.snapshot());
        let all = a.ws.conversations(Actor::System).unwrap();
        assert_eq!(all.len(), 300);
        let restricted = all.iter().filter(|c| c.visibility.is_restricted()).count();
        assert!((10..60).contains(&restricted), "{restricted} restricted");
        assert!(all.iter().all(|c| (5..=20).contains(&c.messages.len())));
    }
}
