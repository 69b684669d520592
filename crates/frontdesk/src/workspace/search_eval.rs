//! Index-served search: a query is evaluated as set algebra over the posting
//! bitmaps of [`crate::search_index`], with the viewer's visibility as one
//! more operand, and first pages walk the recency order until they have a
//! page. Terms no posting list answers (`is:unread`, `updated:`, `closed:`,
//! and text terms the text index only narrows) are tested per conversation
//! with the reference evaluator (`query_eval`) over the candidates the rest
//! of the query left, so results are those of the scan by construction.
//! `docs/search.md` lists which term is served how.

use crate::access::Who;
use crate::conversation::Conversation;
use crate::ids::{ConversationId, UserId};
use crate::query::sql::MAX_COMPILE_DEPTH;
use crate::query::{ContactRef, DateField, EmailMatch, Expr, Flag, HasWhat, Person, Query, TeamRef, Term};
use crate::search_index::text::{is_one_word, COMPANY, EMAIL, NAME, PHONE};
use crate::search_index::{activity_of, slot_of, time_key, Recency, SearchIndex, DAY_MS, NONE};
use crate::view_index::{activity, cell_of, channel_rank, class_cell, Cell, Key, Scope};
use crate::view_types::Sort;
use crate::workspace::query_eval::{cell_matches, is_cell_expr, CellFacts, EvalContext, Row};
use crate::workspace::search::{keep_first, Ranked};
use crate::workspace::views::Merge;
use crate::workspace::Workspace;
use crate::{Channel, Priority};
use chrono::{DateTime, Utc};
use roaring::RoaringBitmap;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::ops::Bound;

/// The cell standing for a part of a partition (see `view_index::class_cell`).
type PartCell = fn(u16) -> Option<Cell>;

/// A query compiled for membership tests (see [`IndexEval::probe`]).
enum Probe<'b> {
    /// In one of these posting lists.
    In(Vec<&'b RoaringBitmap>),
    And(Vec<Probe<'b>>),
    Or(Vec<Probe<'b>>),
    Not(Box<Probe<'b>>),
    /// The reference evaluator decides, on the conversation's row.
    Row(&'b Term),
}

impl Probe<'_> {
    /// Whether conversation `id` passes; `row` evaluates a term on it.
    fn test(&self, id: u32, row: &mut dyn FnMut(&Term) -> bool) -> bool {
        match self {
            Probe::In(lists) => lists.iter().any(|b| b.contains(id)),
            Probe::And(items) => items.iter().all(|p| p.test(id, row)),
            Probe::Or(items) => items.iter().any(|p| p.test(id, row)),
            Probe::Not(inner) => !inner.test(id, row),
            Probe::Row(t) => row(t),
        }
    }
}

/// What the recency walk of a first page did.
enum Walk {
    /// It filled the page (or ran out of entries).
    Page(Vec<Ranked>),
    /// It did not apply.
    Skipped,
    /// It gave up; per conjunct, the contacts it looked up for
    /// contact-field terms (see [`IndexEval::contact_candidates`]).
    No(Vec<Option<(RoaringBitmap, bool)>>),
}

const STATUS_FIELD: u8 = 1;
const PRIORITY_FIELD: u8 = 2;
const CHANNEL_FIELD: u8 = 4;
const CLASS_FIELD: u8 = 8;

/// The cell facts a cell expression reads, as a set of the flags above
/// (assigned and unreplied are both `CLASS_FIELD`: part of the class, as
/// the status).
fn cell_fields(e: &Expr, out: &mut u8) {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| cell_fields(i, out)),
        Expr::Not(inner) => cell_fields(inner, out),
        Expr::Term(t) => {
            *out |= match t {
                Term::Status(_) => STATUS_FIELD,
                Term::Priority(_) => PRIORITY_FIELD,
                Term::Channel(_) => CHANNEL_FIELD,
                _ => CLASS_FIELD,
            }
        }
    }
}

/// Evaluates a query over the posting lists.
struct IndexEval<'a> {
    ws: &'a Workspace,
    idx: &'a SearchIndex,
    ctx: EvalContext<'a>,
}

impl<'a> IndexEval<'a> {
    /// An evaluator over `ws`'s search index for `who` at `now`.
    fn new(ws: &'a Workspace, who: Who, now: DateTime<Utc>) -> IndexEval<'a> {
        IndexEval {
            ws,
            idx: &ws.indexes.search,
            ctx: EvalContext {
                ws,
                viewer: who.user(),
                now,
                utc_offset_minutes: ws.config.utc_offset_minutes,
            },
        }
    }
}

impl Workspace {
    /// The conversations `who` may see, in the search index's terms: all of
    /// them for admins and the host, the everyone-visible ones and those
    /// listing the agent otherwise (`access::can_see` in bitmap form;
    /// `tests/access_differential.rs` holds the two to the same answer).
    pub(crate) fn visible_set(&self, who: Who) -> RoaringBitmap {
        let idx = &self.indexes.search;
        match who {
            Who::System | Who::Admin(_) => idx.all.clone(),
            Who::Agent(u) => match idx.listed.get(&u) {
                Some(listed) => &idx.everyone | listed,
                None => idx.everyone.clone(),
            },
        }
    }

    /// How many conversations [`Workspace::visible_set`] holds, without
    /// building it.
    pub(crate) fn visible_count(&self, who: Who) -> u64 {
        let idx = &self.indexes.search;
        match who {
            Who::System | Who::Admin(_) => idx.all.len(),
            Who::Agent(u) => match idx.listed.get(&u) {
                Some(listed) => idx.everyone.union_len(listed),
                None => idx.everyone.len(),
            },
        }
    }
}

/// How costly a conjunct is to evaluate: cheap bitmap terms first, so the
/// per-conversation tests see the fewest candidates.
fn cost(e: &Expr) -> u8 {
    match e {
        Expr::Term(t) => match t {
            Term::Flag(Flag::Unread) | Term::Date(_) => 2,
            Term::Text(_)
            | Term::Name(_)
            | Term::Company(_)
            | Term::Phone(_)
            | Term::Email(_)
            | Term::Contact(ContactRef::Text(_)) => 3,
            _ => 0,
        },
        Expr::Not(inner) => cost(inner),
        Expr::And(items) | Expr::Or(items) => items.iter().map(cost).max().unwrap_or(0).max(1),
    }
}

impl<'a> IndexEval<'a> {
    /// The conversations of `cand` that match `e`.
    fn eval(&self, e: &Expr, cand: &RoaringBitmap) -> RoaringBitmap {
        match e {
            Expr::And(items) => {
                let mut order: Vec<&Expr> = items.iter().collect();
                order.sort_by_key(|e| cost(e));
                let mut cur = cand.clone();
                for item in order {
                    if cur.is_empty() {
                        break;
                    }
                    cur = self.eval(item, &cur);
                }
                cur
            }
            Expr::Or(items) => {
                // The branches posting lists answer: their union once, then
                // one intersection with the candidates; the others each
                // among the candidates not matched yet.
                let (exact, other): (Vec<&Expr>, Vec<&Expr>) = items.iter().partition(|e| self.is_exact(e));
                let mut out = match exact.as_slice() {
                    [] => RoaringBitmap::new(),
                    [one] => self.eval(one, cand),
                    many => {
                        let mut union = RoaringBitmap::new();
                        for e in many {
                            union |= self.postings(e).as_ref();
                        }
                        union & cand
                    }
                };
                if other.is_empty() {
                    return out;
                }
                let mut rest = cand - &out;
                for item in other {
                    if rest.is_empty() {
                        break;
                    }
                    let m = self.eval(item, &rest);
                    rest -= &m;
                    out |= m;
                }
                out
            }
            Expr::Not(inner) if self.is_exact(inner) => cand - self.postings(inner).as_ref(),
            Expr::Not(inner) => cand - self.eval(inner, cand),
            Expr::Term(t) => self.term(t, cand),
        }
    }

    /// Whether the posting lists alone answer `e` exactly, for every
    /// conversation, without reading one (see [`IndexEval::postings`]).
    fn is_exact(&self, e: &Expr) -> bool {
        match e {
            Expr::And(items) | Expr::Or(items) => items.iter().all(|i| self.is_exact(i)),
            Expr::Not(inner) => self.is_exact(inner),
            Expr::Term(t) => matches!(
                t,
                Term::Status(_)
                    | Term::Priority(_)
                    | Term::Channel(_)
                    | Term::Mode(_)
                    | Term::Team(_)
                    | Term::Tag(_)
                    | Term::Campaign(_)
                    | Term::Assignee(_)
                    | Term::Agent(_)
                    | Term::Flag(Flag::Unreplied | Flag::New)
                    | Term::Has(_)
            ),
        }
    }

    /// The posting lists whose union is `t`, for the terms that name values
    /// the index keeps a list for (a missing value's list is left out: it
    /// matches nothing); `None` for terms that resolve names or need rows.
    fn lists(&self, t: &Term) -> Option<Vec<&'a RoaringBitmap>> {
        let idx = self.idx;
        let some = |l: &mut dyn Iterator<Item = Option<&'a RoaringBitmap>>| Some(l.flatten().collect());
        match t {
            Term::Status(v) => some(&mut v.iter().map(|k| idx.status.get(k))),
            Term::Priority(v) => some(&mut v.iter().map(|k| idx.priority.get(k))),
            Term::Channel(v) => some(&mut v.iter().map(|k| idx.channel.get(k))),
            Term::Mode(v) => some(&mut v.iter().map(|k| idx.mode.get(k))),
            Term::Team(TeamRef::Id(id)) => some(&mut std::iter::once(idx.team.get(id))),
            Term::Tag(s) => some(&mut std::iter::once(idx.tag.get(s.as_str()))),
            Term::Campaign(s) => some(&mut std::iter::once(idx.campaign.get(s.as_str()))),
            Term::Flag(Flag::Unreplied) => Some(vec![&idx.unreplied]),
            Term::Has(h) => Some(vec![match h {
                HasWhat::Invoice => &idx.invoice,
                HasWhat::UnpaidInvoice => &idx.unpaid,
                HasWhat::Attachment => &idx.attachment,
                HasWhat::Assignee => &idx.assigned,
                HasWhat::Tag => &idx.tagged,
                HasWhat::Team => &idx.teamed,
            }]),
            _ => None,
        }
    }

    /// Every live conversation matching `e`, whoever sees it, for an
    /// expression [`IndexEval::is_exact`] accepts: a posting list itself
    /// when one term names one value, else unions, intersections and
    /// differences of them (`NOT` against all live conversations). The
    /// caller intersects it with its candidates once.
    fn postings(&self, e: &Expr) -> Cow<'a, RoaringBitmap> {
        let idx = self.idx;
        let union = |lists: &mut dyn Iterator<Item = Option<&'a RoaringBitmap>>| -> Cow<'a, RoaringBitmap> {
            let mut lists = lists.flatten();
            let Some(first) = lists.next() else { return Cow::Owned(RoaringBitmap::new()) };
            match lists.next() {
                None => Cow::Borrowed(first),
                Some(second) => {
                    let mut out = first | second;
                    for b in lists {
                        out |= b;
                    }
                    Cow::Owned(out)
                }
            }
        };
        match e {
            Expr::And(items) => {
                let mut parts: Vec<Cow<'a, RoaringBitmap>> = items.iter().map(|i| self.postings(i)).collect();
                parts.sort_by_key(|b| b.len());
                let mut parts = parts.into_iter();
                let Some(first) = parts.next() else { return Cow::Borrowed(&idx.all) };
                let mut out = first.into_owned();
                for b in parts {
                    out &= b.as_ref();
                }
                Cow::Owned(out)
            }
            Expr::Or(items) => {
                let mut out = RoaringBitmap::new();
                for i in items {
                    out |= self.postings(i).as_ref();
                }
                Cow::Owned(out)
            }
            Expr::Not(inner) => Cow::Owned(&idx.all - self.postings(inner).as_ref()),
            Expr::Term(t) => match self.lists(t) {
                Some(lists) => union(&mut lists.into_iter().map(Some)),
                // Terms that resolve names or combine lists: their set
                // among all conversations.
                None => Cow::Owned(self.term(t, &idx.all)),
            },
        }
    }

    /// `e` compiled for the membership tests of a walk: the posting lists
    /// its terms name, resolved once (names and people included), and the
    /// reference evaluator for the terms no posting list answers.
    fn probe<'b>(&self, e: &'b Expr) -> Probe<'b>
    where
        'a: 'b,
    {
        let idx = self.idx;
        let lists = |l: &mut dyn Iterator<Item = Option<&'a RoaringBitmap>>| Probe::In(l.flatten().collect());
        match e {
            Expr::And(items) => Probe::And(items.iter().map(|i| self.probe(i)).collect()),
            Expr::Or(items) => Probe::Or(items.iter().map(|i| self.probe(i)).collect()),
            Expr::Not(inner) => Probe::Not(Box::new(self.probe(inner))),
            Expr::Term(t) => match (self.lists(t), t) {
                (Some(lists), _) => Probe::In(lists),
                (None, Term::Team(TeamRef::Name(n))) => lists(
                    &mut self
                        .ws
                        .teams
                        .iter()
                        .filter(|t| t.name.to_lowercase() == *n)
                        .map(|t| idx.team.get(&t.id)),
                ),
                (None, Term::Assignee(p)) => {
                    lists(&mut self.people(p).into_iter().map(|u| idx.assignee.get(&u)))
                }
                (None, Term::Agent(p)) => lists(
                    &mut self.people(p).into_iter().flat_map(|u| [idx.assignee.get(&u), idx.author.get(&u)]),
                ),
                (None, Term::Flag(Flag::New)) => {
                    Probe::Not(Box::new(Probe::In(vec![&idx.internal, &idx.replied])))
                }
                (None, _) => Probe::Row(t),
            },
        }
    }

    /// An estimate of the share of conversations matching `e`, from the
    /// posting sizes (an upper bound for the terms it knows, 1 for the
    /// others, 0 for those a recency walk should not serve).
    fn density(&self, e: &Expr, total: f64) -> f64 {
        let idx = self.idx;
        let share = |n: u64| n as f64 / total;
        let sum = |lists: &mut dyn Iterator<Item = Option<&RoaringBitmap>>| {
            share(lists.flatten().map(RoaringBitmap::len).sum())
        };
        match e {
            Expr::And(items) => items.iter().map(|i| self.density(i, total)).fold(1.0, f64::min),
            Expr::Or(items) => items.iter().map(|i| self.density(i, total)).sum::<f64>().min(1.0),
            // The complement of a term the postings count (an unknown
            // term's 1 says nothing about its complement).
            Expr::Not(inner) if matches!(**inner, Expr::Term(_)) && self.is_exact(inner) => {
                let d = self.density(inner, total);
                if d < 1.0 {
                    1.0 - d
                } else {
                    1.0
                }
            }
            Expr::Not(_) => 1.0,
            Expr::Term(t) => match t {
                Term::Status(v) => sum(&mut v.iter().map(|k| idx.status.get(k))),
                Term::Priority(v) => sum(&mut v.iter().map(|k| idx.priority.get(k))),
                Term::Channel(v) => sum(&mut v.iter().map(|k| idx.channel.get(k))),
                Term::Mode(v) => sum(&mut v.iter().map(|k| idx.mode.get(k))),
                Term::Tag(s) => sum(&mut std::iter::once(idx.tag.get(s.as_str()))),
                Term::Campaign(s) => sum(&mut std::iter::once(idx.campaign.get(s.as_str()))),
                Term::Team(TeamRef::Id(team)) => sum(&mut std::iter::once(idx.team.get(team))),
                Term::Flag(Flag::Unreplied) => share(idx.unreplied.len()),
                Term::Id(v) => share(v.len() as u64),
                Term::Assignee(p) => sum(&mut self.people(p).iter().map(|u| idx.assignee.get(u))),
                Term::Has(h) => share(
                    match h {
                        HasWhat::Invoice => &idx.invoice,
                        HasWhat::UnpaidInvoice => &idx.unpaid,
                        HasWhat::Attachment => &idx.attachment,
                        HasWhat::Assignee => &idx.assigned,
                        HasWhat::Tag => &idx.tagged,
                        HasWhat::Team => &idx.teamed,
                    }
                    .len(),
                ),
                // A date range clusters in time: the recency walk would meet
                // its matches late, if at all. Contact ids are few.
                Term::Date(_) | Term::Contact(_) => 0.0,
                _ => 1.0,
            },
        }
    }

    /// Tests each candidate with the reference evaluator.
    fn each(&self, t: &Term, cand: &RoaringBitmap) -> RoaringBitmap {
        cand.iter()
            .filter(|id| {
                self.ws
                    .live(ConversationId(u64::from(*id)))
                    .is_some_and(|c| self.ctx.term(&Row::new(self.ws, c), t))
            })
            .collect()
    }

    /// The users `p` names (as `EvalContext::person` decides).
    fn people(&self, p: &Person) -> Vec<UserId> {
        match p {
            Person::Me => self.ctx.viewer.into_iter().collect(),
            Person::Id(id) => vec![*id],
            Person::Email(e) => {
                self.ws.users.iter().filter(|u| u.email.to_lowercase() == *e).map(|u| u.id).collect()
            }
            Person::Name(n) => self
                .ws
                .users
                .iter()
                .filter(|u| u.name.to_lowercase().contains(n.as_str()))
                .map(|u| u.id)
                .collect(),
        }
    }

    fn term(&self, t: &Term, cand: &RoaringBitmap) -> RoaringBitmap {
        let idx = self.idx;
        let any = |lists: &mut dyn Iterator<Item = Option<&RoaringBitmap>>| {
            let mut out = RoaringBitmap::new();
            for b in lists.flatten() {
                out |= b & cand;
            }
            out
        };
        match t {
            Term::Status(v) => any(&mut v.iter().map(|k| idx.status.get(k))),
            Term::Priority(v) => any(&mut v.iter().map(|k| idx.priority.get(k))),
            Term::Channel(v) => any(&mut v.iter().map(|k| idx.channel.get(k))),
            Term::Mode(v) => any(&mut v.iter().map(|k| idx.mode.get(k))),
            Term::Id(v) => {
                v.iter().filter_map(|id| u32::try_from(id.0).ok()).filter(|id| cand.contains(*id)).collect()
            }
            Term::Assignee(p) => {
                let users = self.people(p);
                any(&mut users.iter().map(|u| idx.assignee.get(u)))
            }
            Term::Agent(p) => {
                let users = self.people(p);
                any(&mut users.iter().flat_map(|u| [idx.assignee.get(u), idx.author.get(u)]))
            }
            Term::Team(TeamRef::Id(id)) => any(&mut std::iter::once(idx.team.get(id))),
            Term::Team(TeamRef::Name(n)) => {
                let teams = self.ws.teams.iter().filter(|t| t.name.to_lowercase() == *n);
                any(&mut teams.map(|t| idx.team.get(&t.id)))
            }
            Term::Tag(s) => any(&mut std::iter::once(idx.tag.get(s.as_str()))),
            Term::Campaign(s) => any(&mut std::iter::once(idx.campaign.get(s.as_str()))),
            Term::Contact(ContactRef::Id(k)) => {
                let mut out = RoaringBitmap::new();
                idx.contact.each(k.0, |id| {
                    if cand.contains(id) {
                        out.insert(id);
                    }
                });
                out
            }
            Term::Flag(Flag::Unreplied) => &idx.unreplied & cand,
            Term::Flag(Flag::New) => cand - &idx.internal - &idx.replied,
            Term::Has(h) => match h {
                HasWhat::Invoice => &idx.invoice & cand,
                HasWhat::UnpaidInvoice => &idx.unpaid & cand,
                HasWhat::Attachment => &idx.attachment & cand,
                HasWhat::Assignee => &idx.assigned & cand,
                HasWhat::Tag => &idx.tagged & cand,
                HasWhat::Team => &idx.teamed & cand,
            },
            Term::Date(df) => {
                let b = df.bounds(self.ctx.now, self.ctx.utc_offset_minutes);
                let start = b.start.map(|s| s.timestamp_millis());
                let end = b.end.map(|e| e.timestamp_millis());
                let within = |t: i64| t != NONE && start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e);
                match df.field {
                    DateField::Created => self.created_between(start, end, cand),
                    DateField::Updated => {
                        cand.iter().filter(|id| within(slot_of(&idx.updated, *id))).collect()
                    }
                    DateField::Closed => cand.iter().filter(|id| within(slot_of(&idx.closed, *id))).collect(),
                }
            }
            Term::Text(_)
            | Term::Name(_)
            | Term::Company(_)
            | Term::Phone(_)
            | Term::Email(_)
            | Term::Contact(ContactRef::Text(_)) => self.text(t, cand),
            Term::Flag(Flag::Unread) => self.each(t, cand),
        }
    }

    /// The conversations of `cand` created in `[start, end)` (milliseconds;
    /// none: unbounded): the whole UTC days inside the range from the
    /// per-day bitmaps, the partial days at its ends from the ordered set.
    fn created_between(&self, start: Option<i64>, end: Option<i64>, cand: &RoaringBitmap) -> RoaringBitmap {
        let idx = self.idx;
        let scan = |lo: Bound<i64>, hi: Bound<i64>| -> RoaringBitmap {
            let lo = match lo {
                Bound::Included(s) => Bound::Included((s, 0)),
                _ => Bound::Unbounded,
            };
            let hi = match hi {
                Bound::Excluded(e) => Bound::Excluded((e, 0)),
                _ => Bound::Unbounded,
            };
            idx.created.range((lo, hi)).map(|(_, id)| *id).filter(|id| cand.contains(*id)).collect()
        };
        if let (Some(s), Some(e)) = (start, end) {
            if s >= e {
                return RoaringBitmap::new();
            }
        }
        // Whole days: from the first day starting at or after `start` to the
        // last day ending at or before `end`.
        let first = start.map(|s| s.div_euclid(DAY_MS) + i64::from(s.rem_euclid(DAY_MS) != 0));
        let last = end.map(|e| e.div_euclid(DAY_MS));
        if let (Some(f), Some(l)) = (first, last) {
            if f >= l {
                return scan(
                    Bound::Included(start.unwrap_or(i64::MIN)),
                    Bound::Excluded(end.unwrap_or(i64::MAX)),
                );
            }
        }
        let days =
            (first.map_or(Bound::Unbounded, Bound::Included), last.map_or(Bound::Unbounded, Bound::Excluded));
        let mut out = RoaringBitmap::new();
        for (_, b) in idx.created_days.range(days) {
            out |= b & cand;
        }
        if let (Some(s), Some(f)) = (start, first) {
            out |= scan(Bound::Included(s), Bound::Excluded(f.saturating_mul(DAY_MS)));
        }
        if let (Some(e), Some(l)) = (end, last) {
            out |= scan(Bound::Included(l.saturating_mul(DAY_MS)), Bound::Excluded(e));
        }
        out
    }

    /// Text terms: the text index narrows the candidates, the reference
    /// evaluator decides (see `search_index::text`).
    fn text(&self, t: &Term, cand: &RoaringBitmap) -> RoaringBitmap {
        let (found, exact) = self.text_candidates(t, cand);
        if exact {
            found
        } else {
            self.each(t, &found)
        }
    }

    /// The candidates of a text term among `cand`, and whether they are
    /// exactly its matches (else each needs the reference check).
    fn text_candidates(&self, t: &Term, cand: &RoaringBitmap) -> (RoaringBitmap, bool) {
        const ALL: &[usize] = &[NAME, EMAIL, PHONE, COMPANY];
        // The text, the contact fields it is looked for in, whether message
        // bodies too, and whether "every word of the text is inside an
        // indexed word" is exactly the term (a lone word looked for as a
        // substring).
        let (s, fields, body, contains): (&str, &[usize], bool, bool) = match t {
            Term::Text(s) => (s, ALL, true, true),
            Term::Contact(ContactRef::Text(s)) => (s, ALL, false, true),
            Term::Name(s) => (s, &[NAME], false, true),
            Term::Company(s) => (s, &[COMPANY], false, true),
            Term::Phone(s) => (s, &[PHONE], false, !crate::query::is_full_phone_number(s)),
            Term::Email(EmailMatch::Contains(s)) => (s, &[EMAIL], false, true),
            Term::Email(EmailMatch::Domain(s) | EmailMatch::Address(s)) => (s, &[EMAIL], false, false),
            _ => return (cand.clone(), false),
        };
        let text = &self.idx.text;
        let mut out = RoaringBitmap::new();
        match self.equal_candidates(t) {
            Some(Some(contacts)) => return (self.conversations_of(&contacts, cand), false),
            Some(None) => return (cand.clone(), false),
            None => {}
        }
        if body {
            for words in [&text.body, &text.summary] {
                match words.candidates(s) {
                    Some(b) => out |= b & cand,
                    None => return (cand.clone(), false),
                }
            }
        }
        let mut contacts = RoaringBitmap::new();
        for f in fields {
            match text.contact.get(*f).and_then(|w| w.candidates(s)) {
                Some(b) => contacts |= b,
                None => return (cand.clone(), false),
            }
        }
        out |= self.conversations_of(&contacts, cand);
        (out, contains && is_one_word(s))
    }

    /// For a text term on contact fields only (`name:`, `company:`,
    /// `phone:`, `email:`, `contact:` text): the contacts whose fields may
    /// match, and whether exactly those match (else each conversation needs
    /// the reference check). `None` for other terms, or when the text index
    /// cannot narrow the term.
    fn contact_candidates(&self, t: &Term) -> Option<(RoaringBitmap, bool)> {
        const ALL: &[usize] = &[NAME, EMAIL, PHONE, COMPANY];
        let (s, fields, contains): (&str, &[usize], bool) = match t {
            Term::Contact(ContactRef::Text(s)) => (s, ALL, true),
            Term::Name(s) => (s, &[NAME], true),
            Term::Company(s) => (s, &[COMPANY], true),
            Term::Phone(s) => (s, &[PHONE], !crate::query::is_full_phone_number(s)),
            Term::Email(EmailMatch::Contains(s)) => (s, &[EMAIL], true),
            Term::Email(EmailMatch::Domain(s) | EmailMatch::Address(s)) => (s, &[EMAIL], false),
            _ => return None,
        };
        if let Some(contacts) = self.equal_candidates(t) {
            return contacts.map(|k| (k, false));
        }
        let mut contacts = RoaringBitmap::new();
        for f in fields {
            contacts |= self.idx.text.contact.get(*f).and_then(|w| w.candidates(s))?;
        }
        Some((contacts, contains && is_one_word(s)))
    }

    /// For a term that asks a contact field to *equal* a text (a full phone
    /// number, a whole email address): the contacts holding each word of
    /// the text as a whole word of that field, one lookup per word instead
    /// of a search of the vocabulary (the field's words are the text's). A
    /// superset: each needs the reference check. `None` for other terms;
    /// `Some(None)` when the text has no word (the index cannot narrow).
    fn equal_candidates(&self, t: &Term) -> Option<Option<RoaringBitmap>> {
        let (s, field) = match t {
            Term::Phone(s) if crate::query::is_full_phone_number(s) => (s, PHONE),
            Term::Email(EmailMatch::Address(s)) => (s, EMAIL),
            _ => return None,
        };
        Some(self.idx.text.contact.get(field).and_then(|w| w.with_words(s)))
    }

    /// The conversations of `cand` with one of these contacts: one read of
    /// the contacts' column each (contacts and their conversations are
    /// mostly numbered in the same order, so the ids come nearly sorted),
    /// then one intersection with `cand`.
    fn conversations_of(&self, contacts: &RoaringBitmap, cand: &RoaringBitmap) -> RoaringBitmap {
        let by_contact = &self.idx.contact;
        let mut ids: Vec<u32> = Vec::with_capacity(contacts.len().min(by_contact.len() as u64) as usize);
        for k in contacts {
            by_contact.each(u64::from(k), |id| ids.push(id));
        }
        if !ids.is_sorted() {
            ids.sort_unstable();
            ids.dedup();
        }
        let all =
            RoaringBitmap::from_sorted_iter(ids.iter().copied()).unwrap_or_else(|_| ids.iter().collect());
        all & cand
    }
}

impl Workspace {
    /// Every conversation `who` may see that matches `query`, from the
    /// search index; `None` when the index cannot serve this workspace (a
    /// conversation id beyond 32 bits), in which case callers scan.
    pub(crate) fn index_matches(
        &self,
        who: Who,
        query: &Query,
        now: DateTime<Utc>,
    ) -> crate::error::Result<Option<RoaringBitmap>> {
        let depth = query.depth();
        if depth > MAX_COMPILE_DEPTH {
            return Err(crate::error::Error::invalid_argument(
                "query",
                format!("the query nests {depth} levels deep; the limit is {MAX_COMPILE_DEPTH}"),
            ));
        }
        let idx = &self.indexes.search;
        if !idx.oversized.is_empty() || !idx.text.oversized.is_empty() {
            return Ok(None);
        }
        let visible = self.visible_set(who);
        let eval = IndexEval::new(self, who, now);
        Ok(Some(eval.eval(&query.root, &visible)))
    }

    /// The first `limit + 1` matches of `query` for `who` after `after` in
    /// the order of `sort`, from the index; `None` when the index cannot
    /// serve this workspace. Text conjuncts that the text index only narrows
    /// (phrases) are checked on the rows the walk visits, not on every
    /// candidate, so a first page checks about a page of rows.
    pub(crate) fn index_first_page(
        &self,
        who: Who,
        query: &Query,
        now: DateTime<Utc>,
        sort: Sort,
        after: Option<Ranked>,
        limit: usize,
    ) -> crate::error::Result<Option<Vec<Ranked>>> {
        let conjuncts: &[Expr] = match &query.root {
            Expr::And(items) => items,
            other => std::slice::from_ref(other),
        };
        let is_text = |e: &Expr| {
            matches!(
                e,
                Expr::Term(
                    Term::Text(_)
                        | Term::Name(_)
                        | Term::Company(_)
                        | Term::Phone(_)
                        | Term::Email(_)
                        | Term::Contact(ContactRef::Text(_))
                )
            )
        };
        // A query requiring one status, channel or tag walks that value's recency
        // order first (about a page of entries); the view partitions merge
        // several ranges, each costing a descent of its ordered set.
        let by_value = self.value_source(conjuncts).is_some();
        if !by_value {
            if let Some(hits) = self.cell_first_page(who, query, sort, after, limit) {
                return Ok(Some(hits));
            }
        }
        // The contacts of contact-field conjuncts the walk looked up, by
        // conjunct, so that the bitmap path below does not look them up again.
        let mut known: Vec<Option<(RoaringBitmap, bool)>> = Vec::new();
        match self.walk_first_page(who, query, now, sort, after, limit) {
            Walk::Page(hits) => return Ok(Some(hits)),
            Walk::No(looked_up) => known = looked_up,
            Walk::Skipped => {}
        }
        if by_value {
            if let Some(hits) = self.cell_first_page(who, query, sort, after, limit) {
                return Ok(Some(hits));
            }
        }
        if !conjuncts.iter().any(is_text) {
            return Ok(self
                .index_matches(who, query, now)?
                .map(|m| self.first_in_order(&m, sort, after, limit, None)));
        }
        // Everything but the text conjuncts, then their candidates.
        let rest = Query { root: Expr::And(conjuncts.iter().filter(|e| !is_text(e)).cloned().collect()) };
        let Some(mut cand) = self.index_matches(who, &rest, now)? else { return Ok(None) };
        let eval = IndexEval::new(self, who, now);
        let mut checks: Vec<&Term> = Vec::new();
        for (i, e) in conjuncts.iter().enumerate().filter(|(_, e)| is_text(e)) {
            if let Expr::Term(t) = e {
                let (found, exact) = match known.get_mut(i).and_then(Option::take) {
                    // What `text_candidates` gives for a contact-field term.
                    Some((contacts, exact)) => (eval.conversations_of(&contacts, &cand), exact),
                    None => eval.text_candidates(t, &cand),
                };
                cand = found;
                if !exact {
                    checks.push(t);
                }
            }
        }
        let accept = |c: &Conversation| {
            let row = Row::new(self, c);
            checks.iter().all(|t| eval.ctx.term(&row, t))
        };
        let check: Option<&dyn Fn(&Conversation) -> bool> =
            if checks.is_empty() { None } else { Some(&accept) };
        Ok(Some(self.first_in_order(&cand, sort, after, limit, check)))
    }

    /// The first `limit + 1` matches of a query made only of the facts a
    /// view cell holds (status, channel, `has:assignee`, `is:unreplied`; see
    /// `is_cell_expr`) in a recency order, read like a view's first page:
    /// the viewer's scopes of the view index (the same conversations as the
    /// visibility bitmaps), and in each the classes (or channel slots) the
    /// query takes, merged in time order, stopping at the page. `None` when
    /// the query names a priority, or a channel together with another fact
    /// (no coarse partition holds both), or the sort groups rows.
    fn cell_first_page(
        &self,
        who: Who,
        query: &Query,
        sort: Sort,
        after: Option<Ranked>,
        limit: usize,
    ) -> Option<Vec<Ranked>> {
        if !matches!(sort, Sort::Recent | Sort::Oldest) || query.depth() > MAX_COMPILE_DEPTH {
            return None;
        }
        // One `assignee:` conjunct is read from that user's scope of the
        // view index (customer conversations assigned to them).
        let conjuncts: &[Expr] = match &query.root {
            Expr::And(items) => items,
            other => std::slice::from_ref(other),
        };
        let assignee = |e: &&Expr| matches!(e, Expr::Term(Term::Assignee(_)));
        let cells: Vec<Expr>;
        let (root, person) = match conjuncts.iter().filter(assignee).count() {
            0 => (&query.root, None),
            1 => {
                cells = conjuncts.iter().filter(|e| !assignee(e)).cloned().collect();
                let person = conjuncts.iter().find_map(|e| match e {
                    Expr::Term(Term::Assignee(p)) => Some(p),
                    _ => None,
                });
                (&Expr::And(cells), person)
            }
            _ => return None,
        };
        if !is_cell_expr(root) {
            return None;
        }
        let mut fields = 0u8;
        cell_fields(root, &mut fields);
        let by_channel = fields & !CHANNEL_FIELD == 0;
        if !by_channel && fields & (CHANNEL_FIELD | PRIORITY_FIELD) != 0 {
            return None;
        }
        let v = &self.indexes.views;
        let idx = &self.indexes.search;
        // Visibility, when the scopes read are not the viewer's own.
        let mut check: Option<UserId> = None;
        let scopes: Vec<&Scope> = match person {
            Some(p) => {
                // Only people are resolved here: no time is read.
                let eval = IndexEval::new(self, who, DateTime::<Utc>::MIN_UTC);
                let users = eval.people(p);
                // `mine` holds customer conversations only: an internal chat
                // with assignees (commands never make one) goes the bitmap way.
                let internal_assigned = users
                    .first()
                    .and_then(|u| idx.assignee.get(u))
                    .is_some_and(|b| !b.is_disjoint(&idx.internal));
                if users.len() > 1 || !idx.oversized.is_empty() || internal_assigned {
                    return None;
                }
                if let Who::Agent(u) = who {
                    check = Some(u);
                }
                users.first().and_then(|u| v.mine.get(u)).into_iter().collect()
            }
            None => match who {
                Who::System | Who::Admin(_) => vec![&v.everyone, &v.restricted, &v.internal],
                Who::Agent(u) => std::iter::once(&v.everyone)
                    .chain(v.restricted_by_user.get(&u))
                    .chain(v.internal_by_user.get(&u))
                    .collect(),
            },
        };
        let listed = check.map(|u| idx.listed.get(&u));
        let visible = |id: ConversationId| match listed {
            None => true,
            Some(l) => u32::try_from(id.0)
                .is_ok_and(|id| idx.everyone.contains(id) || l.is_some_and(|b| b.contains(id))),
        };
        let asc = sort.ascending();
        let mut ranges = Vec::new();
        for scope in scopes {
            let (set, counts, part_cell): (_, &[u32], PartCell) = if by_channel {
                (&scope.by_channel, &scope.channel_n, Cell::decode)
            } else {
                (&scope.by_class, &scope.class_n, class_cell)
            };
            for (k, n) in counts.iter().enumerate() {
                let Ok(k) = u16::try_from(k) else { continue };
                let Some(cell) = part_cell(k).filter(|_| *n > 0) else { continue };
                let facts = CellFacts {
                    status: cell.status,
                    priority: cell.priority,
                    channel: cell.channel,
                    assigned: cell.assigned,
                    unreplied: cell.unreplied,
                };
                if !cell_matches(&facts, root) {
                    continue;
                }
                let key = |at: DateTime<Utc>, id: u64| Key::new(k, at, ConversationId(id));
                let mut lo = Bound::Included(key(DateTime::<Utc>::MIN_UTC, 0));
                let mut hi = Bound::Included(key(DateTime::<Utc>::MAX_UTC, u64::MAX));
                if let Some(a) = after {
                    let at = Bound::Excluded(a.key.with_cell(k));
                    if asc {
                        lo = at;
                    } else {
                        hi = at;
                    }
                }
                ranges.push((set.range((lo, hi)), 0));
            }
        }
        let want = limit.saturating_add(1);
        Some(
            Merge::new(ranges, asc)
                .filter(|key| visible(key.id()))
                .take(want)
                .filter_map(|key| self.live(key.id()))
                .map(|c| Ranked { group: 0, key: Key::new(cell_of(c).index(), activity(c), c.id) })
                .collect(),
        )
    }

    /// The first `limit + 1` matches of a query whose matches are dense, by
    /// walking the recency order and testing each entry against the posting
    /// lists (a membership test per term) until the page is full, without
    /// building the query's bitmap: a page then costs about `limit / density`
    /// entries whatever the workspace's size. Only for the recency orders,
    /// queries with no text term, and when the posting sizes say that the
    /// walk should fill the page within a few times `limit` entries; it
    /// gives up (the caller evaluates the bitmap, reusing the contacts
    /// looked up here) after a budget of entries, so a wrong estimate costs
    /// a bounded walk.
    fn walk_first_page(
        &self,
        who: Who,
        query: &Query,
        now: DateTime<Utc>,
        sort: Sort,
        after: Option<Ranked>,
        limit: usize,
    ) -> Walk {
        let idx = &self.indexes.search;
        if !matches!(sort, Sort::Recent | Sort::Oldest)
            || query.depth() > MAX_COMPILE_DEPTH
            || !idx.oversized.is_empty()
            || !idx.text.oversized.is_empty()
        {
            return Walk::Skipped;
        }
        let eval = IndexEval::new(self, who, now);
        // The conjuncts: terms on contact fields are tested through their
        // contacts; the others must be cheap per conversation (no text).
        let conjuncts: &[Expr] = match &query.root {
            Expr::And(items) => items,
            other => std::slice::from_ref(other),
        };
        let total = idx.all.len().max(1) as f64;
        // The entries walked: the recency order of one status, channel or
        // tag the query requires (the smallest), else the whole order.
        let source = self.value_source(conjuncts);
        let entries_of: &Recency = match source {
            Some((_, None)) => return Walk::Page(Vec::new()),
            Some((_, Some(set))) => set,
            None => &idx.recency,
        };
        // The share of the walked entries that should match: that of the
        // most selective other conjunct (an upper bound).
        let mut density: f64 = 1.0;
        let mut rest: Vec<&Expr> = Vec::new();
        let mut by_contact: Vec<(usize, &Term, RoaringBitmap, bool)> = Vec::new();
        for (i, e) in conjuncts.iter().enumerate() {
            match e {
                // Every walked entry has it.
                _ if source.is_some_and(|(at, _)| at == i) => {}
                e if cost(e) <= 2 => {
                    density = density.min(eval.density(e, total));
                    rest.push(e);
                }
                Expr::Term(t) => {
                    let Some((contacts, exact)) = eval.contact_candidates(t) else { return Walk::Skipped };
                    let share = contacts.len() as f64 / self.contacts.len().max(1) as f64;
                    density = density.min(share);
                    by_contact.push((i, t, contacts, exact));
                }
                _ => return Walk::Skipped,
            }
        }
        let give_up = |by_contact: Vec<(usize, &Term, RoaringBitmap, bool)>| {
            let mut known: Vec<Option<(RoaringBitmap, bool)>> = vec![None; conjuncts.len()];
            for (i, _, contacts, exact) in by_contact {
                if let Some(slot) = known.get_mut(i) {
                    *slot = Some((contacts, exact));
                }
            }
            Walk::No(known)
        };
        // An agent's page holds only what they may see: about the share of
        // the everyone-visible and listed conversations (taken as
        // independent of the query).
        if let Who::Agent(u) = who {
            let seen = idx.everyone.len() + idx.listed.get(&u).map_or(0, RoaringBitmap::len);
            density *= (seen as f64 / total).min(1.0);
        }
        let want = limit.saturating_add(1);
        // Walk when about 4 pages of entries fill one page; or when the walk
        // is short (up to 2,048 entries, or a 256th of the conversations):
        // a walk step costs tens of ns whatever the workspace's size, while
        // the bitmap path reads every container of its operands, which grow
        // with the workspace; or, for terms on contact fields, when the walk
        // reads fewer entries than twice the matching contacts.
        let expected = want as f64 / density;
        let contacts: u64 = by_contact.iter().map(|(_, _, k, _)| k.len()).sum();
        let short = expected <= 2048f64.max(total / 256.0);
        if density <= 0.0 || (density < 0.25 && !short && expected > 2.0 * contacts as f64) {
            return give_up(by_contact);
        }
        let budget = (expected * 4.0) as usize + 64;
        let listed = match who {
            Who::System | Who::Admin(_) => None,
            Who::Agent(u) => Some(idx.listed.get(&u)),
        };
        let visible = |id: u32| match listed {
            None => true,
            Some(l) => idx.everyone.contains(id) || l.is_some_and(|b| b.contains(id)),
        };
        let mut hits: Vec<Ranked> = Vec::with_capacity(want);
        let mut steps = 0usize;
        let probes: Vec<Probe<'_>> = rest.iter().map(|e| eval.probe(e)).collect();
        let mut take = |id: u32| -> Option<bool> {
            steps += 1;
            if steps > budget {
                return None;
            }
            if visible(id) {
                // Posting lists first; the conversation is read only for the
                // terms they do not answer and for a hit.
                let c = OnceCell::new();
                let conv = || *c.get_or_init(|| self.live(ConversationId(u64::from(id))));
                let row = OnceCell::new();
                let mut on_row = |t: &Term| {
                    conv().is_some_and(|c| eval.ctx.term(row.get_or_init(|| Row::new(self, c)), t))
                };
                if !probes.iter().all(|p| p.test(id, &mut on_row)) {
                    return Some(false);
                }
                let c = conv()?;
                let of_contact = |(_, t, contacts, exact): &(usize, &Term, RoaringBitmap, bool)| {
                    c.contact().and_then(|k| u32::try_from(k.0).ok()).is_some_and(|k| contacts.contains(k))
                        && (*exact || eval.ctx.term(row.get_or_init(|| Row::new(self, c)), t))
                };
                if by_contact.iter().all(of_contact) {
                    hits.push(Ranked { group: 0, key: Key::new(cell_of(c).index(), activity(c), c.id) });
                }
            }
            Some(hits.len() >= want)
        };
        let bound = after.map(|a| (time_key(a.key.at()), u32::try_from(a.key.id().0).unwrap_or(u32::MAX)));
        let mut walked = true;
        let lo =
            if sort.ascending() { bound.map_or(Bound::Unbounded, Bound::Excluded) } else { Bound::Unbounded };
        let hi =
            if sort.ascending() { Bound::Unbounded } else { bound.map_or(Bound::Unbounded, Bound::Excluded) };
        let range = entries_of.range((lo, hi));
        let entries: Box<dyn Iterator<Item = &((i64, u32), u32)>> =
            if sort.ascending() { Box::new(range) } else { Box::new(range.rev()) };
        for (_, id) in entries {
            match take(*id) {
                Some(true) => break,
                Some(false) => {}
                None => {
                    walked = false;
                    break;
                }
            }
        }
        if walked {
            Walk::Page(hits)
        } else {
            give_up(by_contact)
        }
    }

    /// The conjunct (by position) requiring one status, channel or tag whose
    /// recency order is the smallest, and that order (`None`: no
    /// conversation has the value); `None` when no conjunct names a single
    /// status, channel or tag.
    fn value_source<'s>(&'s self, conjuncts: &[Expr]) -> Option<(usize, Option<&'s Recency>)> {
        let idx = &self.indexes.search;
        let mut best: Option<(usize, Option<&Recency>)> = None;
        for (i, e) in conjuncts.iter().enumerate() {
            let set = match e {
                Expr::Term(Term::Status(v)) if v.len() == 1 => v.first().map(|k| idx.recent_status.get(k)),
                Expr::Term(Term::Channel(v)) if v.len() == 1 => v.first().map(|k| idx.recent_channel.get(k)),
                Expr::Term(Term::Tag(k)) => Some(idx.recent_tag.get(k.as_str())),
                _ => None,
            };
            let Some(set) = set else { continue };
            let len = |s: Option<&Recency>| s.map_or(0, BTreeSet::len);
            if best.is_none_or(|(_, b)| len(set) < len(b)) {
                best = Some((i, set));
            }
        }
        best
    }

    /// The first `limit + 1` of `matches` strictly after `after` in the
    /// order of `sort`, sorted, keeping those `accept` takes (none: all).
    /// Each group of the sort is either walked in recency order (stopping
    /// once the page is full) or, when it holds few conversations, ranked
    /// whole: whichever reads fewer entries. With nothing to check per row,
    /// ranking reads the activity column only (a few ns a match, in id
    /// order) and reads the conversations of the page alone.
    pub(crate) fn first_in_order(
        &self,
        matches: &RoaringBitmap,
        sort: Sort,
        after: Option<Ranked>,
        limit: usize,
        check: Option<&dyn Fn(&Conversation) -> bool>,
    ) -> Vec<Ranked> {
        let by_column = check.is_none();
        let accept = |c: &Conversation| check.is_none_or(|f| f(c));
        let idx = &self.indexes.search;
        let want = limit.saturating_add(1);
        let groups: Vec<(u16, Cow<'_, RoaringBitmap>)> = match sort {
            Sort::Recent | Sort::Oldest => vec![(0, Cow::Borrowed(matches))],
            Sort::Priority => [Priority::Urgent, Priority::High, Priority::Normal, Priority::Low]
                .into_iter()
                .enumerate()
                .map(|(g, p)| {
                    (g as u16, Cow::Owned(idx.priority.get(&p).map(|b| b & matches).unwrap_or_default()))
                })
                .collect(),
            Sort::Channel => {
                let mut chans: Vec<Channel> = Channel::ALL.to_vec();
                chans.sort_by_key(|c| channel_rank(*c));
                chans
                    .into_iter()
                    .map(|c| {
                        (
                            channel_rank(c),
                            Cow::Owned(idx.channel.get(&c).map(|b| b & matches).unwrap_or_default()),
                        )
                    })
                    .collect()
            }
            Sort::Assignment => {
                vec![(0, Cow::Owned(matches - &idx.assigned)), (1, Cow::Owned(matches & &idx.assigned))]
            }
        };
        let total = idx.all.len().max(1);
        let mut hits: Vec<Ranked> = Vec::new();
        for (group, members) in groups {
            if hits.len() >= want {
                break;
            }
            if after.is_some_and(|a| a.group > group) || members.is_empty() {
                continue;
            }
            let from = after.filter(|a| a.group == group).map(|a| (time_key(a.key.at()), a.key.id()));
            let need = want - hits.len();
            let n = members.len();
            // Ranking the group whole reads n rows; walking reads about
            // total / n entries per hit, each a fifth of a row's cost, unless
            // the matches cluster in time (a date range): a walk that runs
            // four times longer than expected gives up and ranks.
            let expected = (need as u64).saturating_mul(total) / n.max(1);
            // Ranking by the activity column costs a few ns a match: it is
            // chosen for up to four times the entries the walk expects to
            // read, after a short walk of about two pages (matches that
            // cluster at the top of the order, such as recent ones, fill the
            // page at once).
            let by_rank = by_column && n <= expected.saturating_mul(4);
            let mut rank = !by_column && n.saturating_mul(5) <= expected;
            if !rank {
                let start = hits.len();
                let budget = if by_rank {
                    (need as u64).saturating_mul(2).saturating_add(16).min(total / 2)
                } else {
                    expected.saturating_mul(4).saturating_add(1000)
                };
                let mut steps = 0u64;
                let mut take = |entry: &((i64, u32), u32)| {
                    steps += 1;
                    if members.contains(entry.1) {
                        if let Some(c) = self.live(ConversationId(u64::from(entry.1))).filter(|c| accept(c)) {
                            let key = Key::new(cell_of(c).index(), activity(c), c.id);
                            hits.push(Ranked { group, key });
                        }
                    }
                    hits.len() >= want || steps > budget
                };
                let bound = from.map(|(at, id)| (at, u32::try_from(id.0).unwrap_or(u32::MAX)));
                if sort.ascending() {
                    let lo = bound.map_or(Bound::Unbounded, Bound::Excluded);
                    for entry in idx.recency.range((lo, Bound::Unbounded)) {
                        if take(entry) {
                            break;
                        }
                    }
                } else {
                    let hi = bound.map_or(Bound::Unbounded, Bound::Excluded);
                    for entry in idx.recency.range((Bound::Unbounded, hi)).rev() {
                        if take(entry) {
                            break;
                        }
                    }
                }
                if steps > budget && hits.len() < want {
                    hits.truncate(start);
                    rank = true;
                }
            }
            if rank && by_column {
                hits.extend(self.rank_by_column(&members, sort, group, from, need));
            } else if rank {
                let mut ranked: Vec<Ranked> = members
                    .iter()
                    .filter_map(|id| self.live(ConversationId(u64::from(id))))
                    .filter(|c| accept(c))
                    .map(|c| Ranked { group, key: Key::new(cell_of(c).index(), activity(c), c.id) })
                    .filter(|r| after.is_none_or(|a| crate::workspace::search::order(sort, &a, r).is_lt()))
                    .collect();
                keep_first(&mut ranked, sort, need);
                hits.extend(ranked);
            }
        }
        hits.truncate(want);
        hits
    }

    /// The first `need` of `members` (one group of `sort`) strictly after
    /// `from` (the recency key and id of the cursor), sorted: a bounded heap
    /// over the activity column, then the page's conversations alone read.
    fn rank_by_column(
        &self,
        members: &RoaringBitmap,
        sort: Sort,
        group: u16,
        from: Option<((i64, u32), ConversationId)>,
        need: usize,
    ) -> Vec<Ranked> {
        let idx = &self.indexes.search;
        let asc = sort.ascending();
        let bound = from.map(|(at, id)| (at, u32::try_from(id.0).unwrap_or(u32::MAX)));
        // Greater is better: the newest first, or (ascending) the oldest,
        // by complementing every part (order-reversing, no overflow).
        let better = |(s, n): (i64, u32), id: u32| if asc { (!s, !n, !id) } else { (s, n, id) };
        let mut heap: BinaryHeap<Reverse<(i64, u32, u32)>> =
            BinaryHeap::with_capacity(need.saturating_add(1));
        // Newer conversations mostly have greater ids: meeting the likely
        // best first, the heap rejects most of the rest with one comparison.
        let ids: Box<dyn Iterator<Item = u32>> =
            if asc { Box::new(members.iter()) } else { Box::new(members.iter().rev()) };
        for id in ids {
            let Some(at) = activity_of(&idx.activity_secs, &idx.activity_nanos, id) else { continue };
            if let Some(b) = bound {
                let k = (at, id);
                if (asc && k <= b) || (!asc && k >= b) {
                    continue;
                }
            }
            let g = better(at, id);
            if heap.len() < need {
                heap.push(Reverse(g));
            } else if heap.peek().is_some_and(|Reverse(worst)| g > *worst) {
                heap.pop();
                heap.push(Reverse(g));
            }
        }
        let mut ranked: Vec<Ranked> = heap
            .into_iter()
            .filter_map(|Reverse(g)| self.live(ConversationId(u64::from(if asc { !g.2 } else { g.2 }))))
            .map(|c| Ranked { group, key: Key::new(cell_of(c).index(), activity(c), c.id) })
            .collect();
        keep_first(&mut ranked, sort, need);
        ranked
    }
}
