//! A deliberately naive reference for views, counts, tiles, unread and
//! metrics: everything is recomputed from scratch from the public API
//! (`ws.conversations(Actor::System)`, users, contacts) and from read markers
//! the model tracks itself by replaying the rules ("writing reads", mark
//! read, mark unread). Slow and obvious on purpose.
#![allow(dead_code)]

use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, TimeZone, Utc};
use frontdesk::*;
use std::collections::HashMap;

/// Read markers as the rules define them.
#[derive(Default)]
pub struct Model {
    markers: HashMap<(UserId, ConversationId), u32>,
    seen: HashMap<ConversationId, usize>,
}

impl Model {
    /// Replays messages added since the last call: their authors read up to
    /// them. Forgets deleted conversations.
    pub fn observe(&mut self, ws: &Workspace) {
        let live: Vec<&Conversation> = ws.conversations(Actor::System).unwrap();
        let ids: std::collections::HashSet<ConversationId> = live.iter().map(|c| c.id).collect();
        self.markers.retain(|(_, c), _| ids.contains(c));
        self.seen.retain(|c, _| ids.contains(c));
        for c in live {
            let seen = self.seen.entry(c.id).or_insert(0);
            for (i, m) in c.messages.iter().enumerate().skip(*seen) {
                if let Author::User(u) = m.author {
                    self.markers.insert((u, c.id), (i + 1) as u32);
                }
            }
            *seen = c.messages.len();
        }
    }

    pub fn mark_read(&mut self, ws: &Workspace, user: UserId, id: ConversationId) {
        let c = ws.conversation(Actor::System, id).unwrap();
        self.markers.insert((user, id), c.messages.len() as u32);
    }

    pub fn mark_unread(&mut self, ws: &Workspace, user: UserId, id: ConversationId) {
        let c = ws.conversation(Actor::System, id).unwrap();
        if let Some(i) = c.messages.iter().rposition(|m| m.author != Author::User(user)) {
            self.markers.insert((user, id), i as u32);
        }
    }

    pub fn unread(&self, viewer: Option<UserId>, c: &Conversation) -> u32 {
        let Some(u) = viewer else { return 0 };
        let read = self.markers.get(&(u, c.id)).copied().unwrap_or(0) as usize;
        c.messages.iter().skip(read).filter(|m| m.author != Author::User(u)).count() as u32
    }
}

/// The viewer's user, if any, and whether they are an admin.
fn who(ws: &Workspace, viewer: Actor) -> (Option<UserId>, bool) {
    match viewer {
        Actor::System => (None, true),
        Actor::User(u) => (Some(u), ws.user(u).unwrap().is_admin()),
    }
}

/// Whether the viewer lists the conversation at all (Team inbox membership).
pub fn listed(ws: &Workspace, viewer: Actor, c: &Conversation) -> bool {
    let (user, admin) = who(ws, viewer);
    match (&c.kind, user) {
        (ConversationKind::Internal { .. }, None) => true,
        (ConversationKind::Internal { participants }, Some(u)) => participants.contains(&u),
        (ConversationKind::Customer { .. }, _) => admin || user.is_some_and(|u| c.visibility.includes(u)),
    }
}

pub fn in_view(ws: &Workspace, viewer: Actor, view: View, c: &Conversation, now: DateTime<Utc>) -> bool {
    if !listed(ws, viewer, c) {
        return false;
    }
    let me = viewer.user();
    let customer = !c.is_internal();
    let open = !c.status.is_closed();
    let mine = customer && open && me.is_some_and(|u| c.assignees.contains(&u));
    match view {
        View::TeamInbox => true,
        View::Unassigned => customer && open && c.assignees.is_empty(),
        View::InProgress => customer && open && !c.assignees.is_empty(),
        View::Closed => customer && !open,
        View::MyInbox => mine || (c.is_internal() && me.is_some()),
        View::NeedsMyAttention => mine && c.reply.unreplied > 0,
        View::WaitingForCustomer => mine && c.reply.unreplied == 0,
        View::Active => customer && c.status == Status::Open,
        View::Pending => customer && c.status == Status::Pending,
        View::ResolvedToday => {
            let offset = ws.config().offset();
            customer
                && !open
                && c.closed_at.is_some_and(|t| {
                    t.with_timezone(&offset).date_naive() == now.with_timezone(&offset).date_naive()
                })
        }
        View::ReadyToClose => {
            let last =
                c.messages.iter().rev().find(|m| m.kind != MessageKind::Note && m.author != Author::System);
            mine && c.reply.unreplied == 0
                && last.is_some_and(|m| matches!(m.author, Author::User(_) | Author::Ai))
                && c.invoices.iter().all(|i| i.state != PaymentState::Unpaid)
        }
        View::NeedsReview => customer && open && c.assignees.is_empty() && c.ai_mode == AiMode::Paused,
        View::WebchatInbox
        | View::WhatsappInbox
        | View::SmsInbox
        | View::EmailInbox
        | View::TelephonyInbox
        | View::LinkedinInbox => customer && Some(c.channel) == view.channel(),
    }
}

pub fn activity(c: &Conversation) -> DateTime<Utc> {
    c.last_message_at.unwrap_or(c.created_at)
}

fn window(
    ws: &Workspace,
    range: &TimeRange,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let offset = ws.config().offset();
    let midnight =
        |d: NaiveDate| offset.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap()).unwrap().to_utc();
    let today = now.with_timezone(&offset).date_naive();
    match *range {
        TimeRange::LastHour => (Some(now - Duration::hours(1)), None),
        TimeRange::Today => (Some(midnight(today)), Some(midnight(today + Days::new(1)))),
        TimeRange::ThisWeek => {
            let monday = today - Days::new(today.weekday().num_days_from_monday() as u64);
            (Some(midnight(monday)), Some(midnight(monday + Days::new(7))))
        }
        TimeRange::ThisMonth => {
            let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
            (Some(midnight(first)), Some(midnight(first + Months::new(1))))
        }
        TimeRange::Between { from, to } => (Some(from), Some(to)),
    }
}

pub fn matches(ws: &Workspace, f: &Filters, c: &Conversation, now: DateTime<Utc>) -> bool {
    let t = activity(c);
    let in_window = match &f.time {
        None => true,
        Some(r) => {
            let (from, to) = window(ws, r, now);
            from.is_none_or(|x| t >= x) && to.is_none_or(|x| t < x)
        }
    };
    f.channel.is_none_or(|x| x == c.channel)
        && f.status.is_none_or(|x| x == c.status)
        && f.priority.is_none_or(|x| x == c.priority)
        && f.ai_mode.is_none_or(|x| x == c.ai_mode)
        && f.tag.as_ref().is_none_or(|x| c.tags.contains(&x.trim().to_lowercase()))
        && f.mode.is_none_or(|m| match m {
            Mode::AiHandled => c.ai_mode == AiMode::Active,
            Mode::Manual => c.ai_mode != AiMode::Active,
        })
        && f.campaign.as_ref().is_none_or(|x| {
            c.campaign.as_ref().is_some_and(|k| k.trim().to_lowercase() == x.trim().to_lowercase())
        })
        && in_window
}

fn group(sort: Sort, c: &Conversation) -> u32 {
    match sort {
        Sort::Recent | Sort::Oldest => 0,
        Sort::Priority => 3 - Priority::ALL.iter().position(|p| *p == c.priority).unwrap() as u32,
        Sort::Channel => Channel::ALL.iter().position(|x| *x == c.channel).unwrap() as u32,
        Sort::Assignment => u32::from(!c.assignees.is_empty()),
    }
}

/// The whole list, sorted by sorting everything.
pub fn list<'a>(
    ws: &'a Workspace,
    viewer: Actor,
    q: &ViewQuery,
    now: DateTime<Utc>,
) -> Vec<&'a Conversation> {
    let mut rows: Vec<&Conversation> = ws
        .conversations(Actor::System)
        .unwrap()
        .into_iter()
        .filter(|c| in_view(ws, viewer, q.view, c, now) && matches(ws, &q.filters, c, now))
        .collect();
    rows.sort_by(|a, b| {
        let ka = (activity(a), a.id);
        let kb = (activity(b), b.id);
        group(q.sort, a).cmp(&group(q.sort, b)).then(if q.sort == Sort::Oldest {
            ka.cmp(&kb)
        } else {
            kb.cmp(&ka)
        })
    });
    rows
}

pub fn tiles(ws: &Workspace, model: &Model, viewer: Actor) -> Tiles {
    let all = ws.conversations(Actor::System).unwrap();
    let count =
        |view: View| all.iter().filter(|c| in_view(ws, viewer, view, c, DateTime::UNIX_EPOCH)).count() as u64;
    let me = viewer.user();
    let mine: Vec<&&Conversation> = all
        .iter()
        .filter(|c| !c.is_internal() && !c.status.is_closed() && me.is_some_and(|u| c.assignees.contains(&u)))
        .collect();
    let open_listed =
        all.iter().filter(|c| !c.is_internal() && !c.status.is_closed() && listed(ws, viewer, c));
    Tiles {
        assigned_to_me: mine.len() as u64,
        my_unreplied_messages: mine.iter().map(|c| c.reply.unreplied as u64).sum(),
        unassigned: count(View::Unassigned),
        unreplied_messages: open_listed.map(|c| c.reply.unreplied as u64).sum(),
        unread_conversations: all.iter().filter(|c| listed(ws, viewer, c) && model.unread(me, c) > 0).count()
            as u64,
        team_inbox: count(View::TeamInbox),
        in_progress: count(View::InProgress),
        closed: count(View::Closed),
        my_inbox: count(View::MyInbox),
        needs_my_attention: count(View::NeedsMyAttention),
        waiting_for_customer: count(View::WaitingForCustomer),
    }
}

/// First response and who handled a conversation, by the documented rules.
pub fn reply_facts(c: &Conversation) -> (Option<i64>, bool, bool) {
    let is_reply =
        |m: &Message| m.kind != MessageKind::Note && matches!(m.author, Author::User(_) | Author::Ai);
    let first_customer = c.messages.iter().position(|m| m.author == Author::Contact);
    let frt = first_customer.and_then(|i| {
        let t0 = c.messages[i].at;
        c.messages[i..].iter().find(|m| is_reply(m)).map(|m| (m.at - t0).num_milliseconds())
    });
    let human = c.messages.iter().any(|m| is_reply(m) && matches!(m.author, Author::User(_)));
    let ai = !human && c.messages.iter().any(|m| is_reply(m) && m.author == Author::Ai);
    (frt, human, ai)
}

pub fn metrics_of(ws: &Workspace, set: &[&Conversation], now: DateTime<Utc>) -> InboxMetrics {
    let offset = ws.config().offset();
    let today = now.with_timezone(&offset).date_naive();
    let day = |t: DateTime<Utc>| t.with_timezone(&offset).date_naive();
    let n = set.len() as u64;
    let backlog = set.iter().filter(|c| !c.status.is_closed()).count() as u64;
    let facts: Vec<_> = set.iter().map(|c| reply_facts(c)).collect();
    let frts: Vec<i64> = facts.iter().filter_map(|f| f.0).collect();
    let by_ai = facts.iter().filter(|f| f.2).count() as u64;
    let by_humans = facts.iter().filter(|f| f.1).count() as u64;
    let ratings: Vec<u32> = set.iter().filter_map(|c| c.satisfaction.as_ref().map(|s| s.rating)).collect();
    InboxMetrics {
        conversations: n,
        new_today: set.iter().filter(|c| day(c.created_at) == today).count() as u64,
        resolved_today: set
            .iter()
            .filter(|c| c.status.is_closed() && c.closed_at.is_some_and(|t| day(t) == today))
            .count() as u64,
        backlog,
        average_first_response_ms: (!frts.is_empty()).then(|| frts.iter().sum::<i64>() / frts.len() as i64),
        resolution_rate: (n > 0).then(|| (n - backlog) as f64 / n as f64),
        handled_by_ai: by_ai,
        handled_by_humans: by_humans,
        ai_share: (by_ai + by_humans > 0).then(|| by_ai as f64 / (by_ai + by_humans) as f64),
        satisfaction_ratings: ratings.len() as u64,
        average_satisfaction: (!ratings.is_empty())
            .then(|| ratings.iter().map(|r| u64::from(*r)).sum::<u64>() as f64 / ratings.len() as f64),
    }
}

pub fn workspace_metrics(ws: &Workspace, viewer: Actor, now: DateTime<Utc>) -> InboxMetrics {
    let all = ws.conversations(Actor::System).unwrap();
    let set: Vec<&Conversation> =
        all.into_iter().filter(|c| !c.is_internal() && listed(ws, viewer, c)).collect();
    metrics_of(ws, &set, now)
}

pub fn agent_metrics(ws: &Workspace, agent: UserId, now: DateTime<Utc>) -> InboxMetrics {
    let all = ws.conversations(Actor::System).unwrap();
    let set: Vec<&Conversation> = all.into_iter().filter(|c| c.assignees.contains(&agent)).collect();
    metrics_of(ws, &set, now)
}
