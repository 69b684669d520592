//! The values of saved filters: a named query (the query language's
//! canonical text plus a view, a sort and view filters) kept for its owner
//! or shared with the whole workspace.

use crate::ids::UserId;
use crate::view_types::{Filters, Sort, View};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifies a saved filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SavedFilterId(pub u64);

impl std::fmt::Display for SavedFilterId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What to save: a name, a query and where it applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSavedFilter {
    /// The name shown in the list (trimmed, unique among the filters the
    /// owner lists, case-insensitively).
    pub name: String,
    /// A query in the query language; empty for none. Stored in canonical
    /// form.
    #[serde(default)]
    pub query: String,
    /// The view it narrows.
    pub view: View,
    /// The order of its list.
    #[serde(default)]
    pub sort: Sort,
    /// The view filters on top of the query.
    #[serde(default)]
    pub filters: Filters,
    /// Shared with the whole workspace (a standard filter set for everyone)
    /// rather than kept for its owner alone.
    #[serde(default)]
    pub shared: bool,
}

impl NewSavedFilter {
    /// A private filter of `view` with no query, no filters, most recent
    /// first.
    pub fn new(name: impl Into<String>, view: View) -> NewSavedFilter {
        NewSavedFilter {
            name: name.into(),
            query: String::new(),
            view,
            sort: Sort::Recent,
            filters: Filters::default(),
            shared: false,
        }
    }

    /// Sets the query text.
    pub fn query(mut self, query: impl Into<String>) -> NewSavedFilter {
        self.query = query.into();
        self
    }

    /// Sets the view filters.
    pub fn filters(mut self, filters: Filters) -> NewSavedFilter {
        self.filters = filters;
        self
    }

    /// Sets the order.
    pub fn sort(mut self, sort: Sort) -> NewSavedFilter {
        self.sort = sort;
        self
    }

    /// Shares it with the workspace.
    pub fn shared(mut self, shared: bool) -> NewSavedFilter {
        self.shared = shared;
        self
    }
}

/// A saved filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SavedFilter {
    /// Its id.
    pub id: SavedFilterId,
    /// Its name.
    pub name: String,
    /// Who saved it (none: the host, whose filters are always shared).
    pub owner: Option<UserId>,
    /// Listed for every user, not only its owner.
    pub shared: bool,
    /// The query in canonical form (empty: no query).
    pub query: String,
    /// The view it narrows.
    pub view: View,
    /// The order of its list.
    pub sort: Sort,
    /// The view filters on top of the query.
    pub filters: Filters,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A saved filter as a viewer lists it, with how many conversations it holds
/// for that viewer now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SavedFilterCount {
    /// The filter.
    pub filter: SavedFilter,
    /// The conversations of its view, filters and query that the viewer may
    /// see.
    pub count: u64,
}

/// Every saved filter of a workspace and the id the next one gets: what a
/// snapshot and a store keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilters {
    /// The id the next saved filter gets (ids are never reused).
    pub next_id: u64,
    /// The filters, in id order.
    pub filters: Vec<SavedFilter>,
}

impl Default for SavedFilters {
    fn default() -> Self {
        SavedFilters { next_id: 1, filters: Vec::new() }
    }
}
