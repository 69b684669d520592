//! Saved filters: named queries kept for their owner or shared with the
//! workspace, listed with a live count for each viewer. See
//! `docs/views.md` ("Saved filters").

use crate::access::{self, Who};
use crate::actor::Actor;
use crate::applied::Applied;
use crate::error::{Error, Result};
use crate::query::ParseOptions;
use crate::saved_filter_types::{NewSavedFilter, SavedFilter, SavedFilterCount, SavedFilterId};
use crate::validate;
use crate::view_types::ViewQuery;
use crate::workspace::views::window;
use crate::workspace::{After, Workspace};
use chrono::{DateTime, Utc};

impl Workspace {
    /// Saves a named query for the actor, or for everyone when
    /// `new.shared`. The query is parsed strictly (`query_syntax` with every
    /// diagnostic) and kept in canonical form; the name must be new among
    /// the filters the owner lists (`duplicate`). The host may save filters;
    /// they have no owner and are always shared.
    pub fn save_filter(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        new: NewSavedFilter,
    ) -> Result<Applied<SavedFilterId>> {
        let now = self.clock(now);
        let owner = self.acting_user(actor)?.map(|u| u.id);
        let name = validate::name("name", &new.name)?;
        let query = canonical_query(&new.query)?;
        if let Some(range) = &new.filters.time {
            window(range, now, self.config.offset())?;
        }
        let shared = new.shared || owner.is_none();
        self.check_filter_name(owner, shared, &name, None)?;
        let id = SavedFilterId(self.saved_filters.next_id);
        self.saved_filters.next_id += 1;
        self.saved_filters.filters.push(SavedFilter {
            id,
            name,
            owner,
            shared,
            query,
            view: new.view,
            sort: new.sort,
            filters: new.filters,
            created_at: now,
        });
        self.touch_saved_filters();
        Ok(self.finish_command(now, actor, After::Nothing, id, Vec::new()))
    }

    /// Renames a saved filter. Its owner, an admin or the host may; others
    /// get `forbidden`, or `not_found` for another user's private filter.
    pub fn rename_saved_filter(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        filter: SavedFilterId,
        name: &str,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        let f = self.saved_filter_to_change(actor, filter)?;
        let (owner, shared) = (f.owner, f.shared);
        let name = validate::name("name", name)?;
        self.check_filter_name(owner, shared, &name, Some(filter))?;
        if let Some(f) = self.saved_filters.filters.iter_mut().find(|f| f.id == filter) {
            f.name = name;
        }
        self.touch_saved_filters();
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// Deletes a saved filter: its owner, an admin or the host.
    pub fn delete_saved_filter(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        filter: SavedFilterId,
    ) -> Result<Applied<()>> {
        let now = self.clock(now);
        self.saved_filter_to_change(actor, filter)?;
        self.saved_filters.filters.retain(|f| f.id != filter);
        self.touch_saved_filters();
        Ok(self.finish_command(now, actor, After::Nothing, (), Vec::new()))
    }

    /// The saved filters `viewer` lists — their own and the shared ones (the
    /// host: all), in id order — each with how many conversations it holds
    /// for `viewer` at `now`: only what the viewer may see, so a shared
    /// filter counts differently for different people.
    ///
    /// Cost per filter: without a query, the view's `count` (see
    /// `docs/views.md`); with one, a search over the viewer's conversations
    /// (the search cost) plus O(matches · scopes · log n) to keep the matches
    /// that are rows of the view with its filters. Counts are computed at
    /// the read, not maintained.
    pub fn saved_filters(&self, viewer: Actor, now: DateTime<Utc>) -> Result<Vec<SavedFilterCount>> {
        let now = self.clock(now);
        let who = self.who(viewer)?;
        let mut out = Vec::new();
        for f in self.saved_filters.filters.iter().filter(|f| lists(who, f)) {
            let count = self.saved_filter_count_for(viewer, who, f, now)?;
            out.push(SavedFilterCount { filter: f.clone(), count });
        }
        Ok(out)
    }

    /// The list query of a saved filter (its view, filters and sort; first
    /// page of 50), for [`Workspace::view`] when it has no query. A filter
    /// with a query is listed with [`Workspace::search_text`] and its
    /// `query`. `not_found` when the viewer does not list it.
    pub fn saved_filter(&self, viewer: Actor, filter: SavedFilterId) -> Result<SavedFilter> {
        let who = self.who(viewer)?;
        self.saved_filters
            .filters
            .iter()
            .find(|f| f.id == filter && lists(who, f))
            .cloned()
            .ok_or_else(|| Error::not_found("saved filter", filter))
    }

    /// Every saved filter and the next id, as a store persists them (not a
    /// read for users: private filters of everyone are in it).
    pub fn saved_filter_state(&self) -> &crate::saved_filter_types::SavedFilters {
        &self.saved_filters
    }

    fn saved_filter_count_for(
        &self,
        viewer: Actor,
        who: Who,
        f: &SavedFilter,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let q = ViewQuery::new(f.view).filters(f.filters.clone()).sort(f.sort);
        if f.query.is_empty() {
            return self.count(viewer, &q, now);
        }
        let parsed = crate::query::parse(&f.query, &ParseOptions::default())
            .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
        let ids = self.search_ids(viewer, &parsed, now)?;
        self.count_in_view(who, &q, now, &ids)
    }

    fn saved_filter_to_change(&self, actor: Actor, filter: SavedFilterId) -> Result<&SavedFilter> {
        let who = self.who(actor)?;
        let f = self
            .saved_filters
            .filters
            .iter()
            .find(|f| f.id == filter && lists_or_admin(who, f))
            .ok_or_else(|| Error::not_found("saved filter", filter))?;
        access::may_change_saved_filter(who, f.owner)?;
        Ok(f)
    }

    /// Names are unique, case-insensitively, among the filters the owner
    /// lists; a shared name must also be new among the other shared ones.
    fn check_filter_name(
        &self,
        owner: Option<crate::ids::UserId>,
        shared: bool,
        name: &str,
        except: Option<SavedFilterId>,
    ) -> Result<()> {
        let key = name.to_lowercase();
        let clash = self.saved_filters.filters.iter().any(|f| {
            Some(f.id) != except
                && (f.shared || (f.owner == owner && owner.is_some()) || (shared && f.owner == owner))
                && f.name.to_lowercase() == key
        });
        if clash {
            return Err(Error::Duplicate { entity: "saved filter".into(), key: name.to_string() });
        }
        Ok(())
    }

    fn touch_saved_filters(&mut self) {
        if let Some(j) = &mut self.journal {
            j.saved_filters = true;
        }
    }
}

/// Whether `who` lists the filter (see [`access::lists_saved_filter`]).
fn lists(who: Who, f: &SavedFilter) -> bool {
    access::lists_saved_filter(who, f.shared, f.owner)
}

/// Whether `who` finds the filter to change it (see
/// [`access::finds_saved_filter_to_change`]).
fn lists_or_admin(who: Who, f: &SavedFilter) -> bool {
    access::finds_saved_filter_to_change(who, f.shared, f.owner)
}

/// The canonical text of a query (empty for none), or `query_syntax`.
fn canonical_query(text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    let q = crate::query::parse(text, &ParseOptions::default())
        .map_err(|e| Error::QuerySyntax { diagnostics: e.diagnostics })?;
    Ok(q.to_string())
}
