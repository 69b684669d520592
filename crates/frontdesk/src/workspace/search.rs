//! Search: a parsed [`Query`] run against the workspace for a viewer, with
//! the sort orders and cursors of views. The semantics of every term are
//! those of the SQL compiler (`query::sql`); `docs/query-language.md` lists
//! them and what each costs.

use crate::access::can_see;
use crate::access::Who;
use crate::actor::Actor;
use crate::conversation::Conversation;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, UserId};
use crate::query::sql::{SqlContext, MAX_COMPILE_DEPTH};
use crate::query::{Expr, ParseOptions, Person, Query, Term};
use crate::search_types::SearchOptions;
use crate::view_index::{activity, cell_of, Cell, Key, Scope, CELLS};
use crate::view_types::{Cursor, ListRow, Page, Sort};
use crate::workspace::query_eval::{cell_matches, is_cell_expr, CellFacts, EvalContext, Row};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Where the candidates of a search come from.
enum Source<'a> {
    /// These conversation ids (an `id:` filter in the conjunction).
    Ids(Vec<ConversationId>),
    /// The cells of these index scopes that the cell filters allow.
    Scopes(Vec<&'a Scope>),
}

/// A matching row's position under a sort: greatest group last, and inside a
/// group time order (newest first unless the sort is ascending).
#[derive(Clone, Copy)]
pub(crate) struct Ranked {
    pub(crate) group: u16,
    pub(crate) key: Key,
}

pub(crate) fn order(sort: Sort, a: &Ranked, b: &Ranked) -> Ordering {
    let (x, y) = (a.key.time_id(), b.key.time_id());
    a.group.cmp(&b.group).then_with(|| if sort.ascending() { x.cmp(&y) } else { y.cmp(&x) })
}

/// Keeps the first `n` of `hits` in the order of `sort`, sorted.
pub(crate) fn keep_first(hits: &mut Vec<Ranked>, sort: Sort, n: usize) {
    if hits.len() > n {
        hits.select_nth_unstable_by(n, |a, b| order(sort, a, b));
        hits.truncate(n);
    }
    hits.sort_unstable_by(|a, b| order(sort, a, b));
}

/// The first `limit` of `hits` (sorted, at most `limit + 1`) and the cursor
/// after them when more follow.
fn page_cut(sort: Sort, mut hits: Vec<Ranked>, limit: usize) -> (Vec<Ranked>, Option<Cursor>) {
    let more = hits.len() > limit;
    hits.truncate(limit);
    let next = if more { hits.last().map(|r| Cursor::encode(sort, r.key)) } else { None };
    (hits, next)
}

/// Checks the page size and decodes the cursor.
fn page_options(options: &SearchOptions) -> Result<(Sort, Option<Ranked>, usize)> {
    if options.limit == 0 || options.limit > 1000 {
        return Err(Error::invalid_argument("limit", "must be between 1 and 1000"));
    }
    let sort = options.sort;
    let after = match &options.cursor {
        Some(c) => {
            let (cell, key) = c.decode(sort)?;
            Some(Ranked { group: sort.group(cell), key })
        }
        None => None,
    };
    Ok((sort, after, usize::try_from(options.limit).unwrap_or(usize::MAX)))
}

impl Workspace {
    /// The conversations matching `query` that `viewer` may see, one page at
    /// a time in the order of `options.sort`, as the same [`ListRow`]s views
    /// return. The cursor of a page works exactly like a view's: the next
    /// page holds the matches strictly after the previous page's last row in
    /// the current order.
    ///
    /// "May see" is the visibility rule (admins and the host see every
    /// conversation, other people's internal chats included), as in the SQL
    /// compiler. `now` resolves relative dates and periods in the workspace
    /// time zone; `me` and `is:unread` refer to the viewer (for the host, `me`
    /// is nobody and nothing is unread).
    ///
    /// Cost: see `docs/search.md`. Errors: an
    /// unknown or removed viewer, a `limit` outside 1..=1000, a cursor of
    /// another sort, or a hand-built tree deeper than
    /// [`MAX_COMPILE_DEPTH`](crate::query::sql::MAX_COMPILE_DEPTH)
    /// (`invalid_argument`).
    pub fn search(
        &self,
        viewer: Actor,
        query: &Query,
        now: DateTime<Utc>,
        options: &SearchOptions,
    ) -> Result<Page> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let (sort, after, limit) = page_options(options)?;
        let Some(hits) = self.index_first_page(who, query, now, sort, after, limit)? else {
            return self.search_scan(viewer, query, now, options);
        };
        Ok(self.page_of(who, sort, hits, limit))
    }

    /// The ids of the page [`Workspace::search`] returns, and its cursor,
    /// without building the rows: for hosts that render rows themselves or
    /// fetch them elsewhere (and what a database's `SELECT id ... LIMIT 50`
    /// answers). Same semantics, order, cursors and errors as
    /// [`Workspace::search`].
    pub fn search_page_ids(
        &self,
        viewer: Actor,
        query: &Query,
        now: DateTime<Utc>,
        options: &SearchOptions,
    ) -> Result<(Vec<ConversationId>, Option<Cursor>)> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let (sort, after, limit) = page_options(options)?;
        let hits = match self.index_first_page(who, query, now, sort, after, limit)? {
            Some(hits) => hits,
            None => {
                let page = self.search_scan(viewer, query, now, options)?;
                return Ok((page.rows.iter().map(|r| r.conversation).collect(), page.next));
            }
        };
        let (hits, next) = page_cut(sort, hits, limit);
        Ok((hits.iter().map(|r| r.key.id()).collect(), next))
    }

    /// The reference evaluator behind [`Workspace::search`]: tests every
    /// candidate conversation with the per-row evaluator instead of reading
    /// the search index. Same results; kept for the differential tests and
    /// as the fallback when the index cannot serve a workspace.
    #[doc(hidden)]
    pub fn search_scan(
        &self,
        viewer: Actor,
        query: &Query,
        now: DateTime<Utc>,
        options: &SearchOptions,
    ) -> Result<Page> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let (sort, after, limit) = page_options(options)?;
        let mut hits: Vec<Ranked> = Vec::new();
        self.each_match(who, query, now, |c| {
            let cell = cell_of(c);
            let r = Ranked { group: sort.group(cell), key: Key::new(cell.index(), activity(c), c.id) };
            if after.as_ref().is_none_or(|a| order(sort, a, &r) == Ordering::Less) {
                hits.push(r);
            }
        })?;
        keep_first(&mut hits, sort, limit + 1);
        Ok(self.page_of(who, sort, hits, limit))
    }

    /// The page of `limit` rows from `hits` (sorted, at most `limit + 1`).
    fn page_of(&self, who: Who, sort: Sort, hits: Vec<Ranked>, limit: usize) -> Page {
        let (hits, next) = page_cut(sort, hits, limit);
        let rows: Vec<ListRow> =
            hits.iter().filter_map(|r| self.live(r.key.id())).map(|c| self.row(who, c)).collect();
        Page { rows, next }
    }

    /// Every conversation matching `query` that `viewer` may see, in id
    /// order: for exports, bulk actions and tests. Same semantics and errors
    /// as [`Workspace::search`]; the same ids as the SQL compiler returns over
    /// [`export_rows`](crate::query::sql::export_rows).
    pub fn search_ids(
        &self,
        viewer: Actor,
        query: &Query,
        now: DateTime<Utc>,
    ) -> Result<Vec<ConversationId>> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        match self.index_matches(who, query, now)? {
            Some(m) => Ok(m.iter().map(|id| ConversationId(u64::from(id))).collect()),
            None => self.search_ids_scan(viewer, query, now),
        }
    }

    /// How many conversations match `query` for `viewer`: the size of the
    /// combined posting bitmap, without reading any conversation (unless a
    /// term needs the per-conversation check, see `docs/search.md`). Same
    /// semantics and errors as [`Workspace::search_ids`], whose length it is:
    /// the count a search shows before its first page, and what a saved
    /// filter with a query counts.
    pub fn search_count(&self, viewer: Actor, query: &Query, now: DateTime<Utc>) -> Result<u64> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        match self.index_matches(who, query, now)? {
            Some(m) => Ok(m.len()),
            None => Ok(self.search_ids_scan(viewer, query, now)?.len() as u64),
        }
    }

    /// The reference evaluator behind [`Workspace::search_ids`] (see
    /// [`Workspace::search_scan`]).
    #[doc(hidden)]
    pub fn search_ids_scan(
        &self,
        viewer: Actor,
        query: &Query,
        now: DateTime<Utc>,
    ) -> Result<Vec<ConversationId>> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let mut ids = Vec::new();
        self.each_match(who, query, now, |c| ids.push(c.id))?;
        ids.sort_unstable();
        Ok(ids)
    }

    /// Parses `text` strictly ([`query::parse`](crate::query::parse) with the
    /// default limits) and runs [`Workspace::search`]. A query that does not
    /// parse is refused with every diagnostic (`query_syntax`); warnings alone
    /// do not fail it.
    pub fn search_text(
        &self,
        viewer: Actor,
        text: &str,
        now: DateTime<Utc>,
        options: &SearchOptions,
    ) -> Result<Page> {
        let now = self.clock(now);
        let query = crate::query::parse(text, &ParseOptions::default())
            .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
        self.search(viewer, &query, now, options)
    }

    /// The [`SqlContext`] for running compiled queries as `viewer` over this
    /// workspace's exported rows: the viewer, whether they are an admin, `now`
    /// and the workspace's UTC offset. Errors: an unknown or removed user.
    pub fn sql_context(&self, viewer: UserId, now: DateTime<Utc>) -> Result<SqlContext> {
        let now = self.clock(now);
        let user = self.live_user(viewer)?;
        Ok(SqlContext {
            viewer,
            is_admin: crate::access::sees_everything(Some(user)),
            now,
            utc_offset_minutes: self.config.utc_offset_minutes,
        })
    }

    /// Calls `f` with every conversation `who` may see that matches `query`,
    /// reading only the index cells and scopes the query's conjunction allows.
    pub(crate) fn each_match<'a>(
        &'a self,
        who: Who,
        query: &Query,
        now: DateTime<Utc>,
        mut f: impl FnMut(&'a Conversation),
    ) -> Result<()> {
        let depth = query.depth();
        if depth > MAX_COMPILE_DEPTH {
            return Err(Error::invalid_argument(
                "query",
                format!("the query nests {depth} levels deep; the limit is {MAX_COMPILE_DEPTH}"),
            ));
        }
        let user = who.user().and_then(|u| self.user(u).ok());
        let ctx = EvalContext {
            ws: self,
            viewer: who.user(),
            now,
            utc_offset_minutes: self.config.utc_offset_minutes,
        };
        let conjuncts: &[Expr] = match &query.root {
            Expr::And(items) => items,
            other => std::slice::from_ref(other),
        };
        let cell_filters: Vec<&Expr> = conjuncts.iter().filter(|e| is_cell_expr(e)).collect();
        let mut test = |c: &'a Conversation| {
            if can_see(user, c) && ctx.matches(&Row::new(self, c), &query.root) {
                f(c);
            }
        };
        match self.source(who, conjuncts) {
            Source::Ids(ids) => {
                for id in ids {
                    if let Some(c) = self.live(id) {
                        test(c);
                    }
                }
            }
            Source::Scopes(scopes) => {
                for scope in scopes {
                    for (index, n) in scope.tally.cells.iter().enumerate().take(CELLS) {
                        if *n == 0 {
                            continue;
                        }
                        let Some(index) = u16::try_from(index).ok() else { continue };
                        let Some(cell) = Cell::decode(index) else { continue };
                        let facts = CellFacts {
                            status: cell.status,
                            priority: cell.priority,
                            channel: cell.channel,
                            assigned: cell.assigned,
                            unreplied: cell.unreplied,
                        };
                        if !cell_filters.iter().all(|e| cell_matches(&facts, e)) {
                            continue;
                        }
                        let lo = Key::new(index, DateTime::<Utc>::MIN_UTC, ConversationId(0));
                        let hi = Key::new(index, DateTime::<Utc>::MAX_UTC, ConversationId(u64::MAX));
                        for key in scope.rows.range(lo..=hi) {
                            if let Some(c) = self.live(key.id()) {
                                test(c);
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The narrowest candidate source the conjunction allows: an `id:` list;
    /// else the index scope of one assignee (`assignee:me`, an id, or an exact
    /// email); else every scope `who` may see.
    fn source(&self, who: Who, conjuncts: &[Expr]) -> Source<'_> {
        let mut assignee: Option<Option<UserId>> = None;
        for e in conjuncts {
            match e {
                Expr::Term(Term::Id(ids)) => {
                    let set: BTreeSet<ConversationId> = ids.iter().copied().collect();
                    return Source::Ids(set.into_iter().collect());
                }
                Expr::Term(Term::Assignee(p)) if assignee.is_none() => {
                    assignee = match p {
                        Person::Me => Some(who.user()),
                        Person::Id(u) => Some(Some(*u)),
                        Person::Email(e) => Some(self.lookup.user_by_email.get(e).copied()),
                        Person::Name(_) => None,
                    };
                }
                _ => {}
            }
        }
        let v = &self.indexes.views;
        if let Some(user) = assignee {
            // Only customer conversations have assignees, and `mine` holds
            // each user's; no such user means no match.
            return Source::Scopes(user.and_then(|u| v.mine.get(&u)).into_iter().collect());
        }
        Source::Scopes(match who {
            Who::System | Who::Admin(_) => vec![&v.everyone, &v.restricted, &v.internal],
            Who::Agent(u) => std::iter::once(&v.everyone)
                .chain(v.restricted_by_user.get(&u))
                .chain(v.internal_by_user.get(&u))
                .collect(),
        })
    }
}
