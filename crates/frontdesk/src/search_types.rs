//! The values of search: how to page through results.

use crate::view_types::{Cursor, Sort};
use serde::{Deserialize, Serialize};

/// How to page through search results: the order, the page size and where to
/// start. The orders and cursors are those of views ([`Sort`], [`Cursor`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchOptions {
    /// The order of the results.
    #[serde(default)]
    pub sort: Sort,
    /// Rows per page, 1 to 1000.
    pub limit: u32,
    /// Start strictly after this position (none: the first page).
    #[serde(default)]
    pub cursor: Option<Cursor>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { sort: Sort::Recent, limit: 50, cursor: None }
    }
}

impl SearchOptions {
    /// The first page of 50 results, most recent activity first.
    pub fn new() -> SearchOptions {
        SearchOptions::default()
    }

    /// Sets the order.
    pub fn sort(mut self, sort: Sort) -> SearchOptions {
        self.sort = sort;
        self
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> SearchOptions {
        self.limit = limit;
        self
    }

    /// Continues after a cursor from a previous page.
    pub fn after(mut self, cursor: Cursor) -> SearchOptions {
        self.cursor = Some(cursor);
        self
    }
}
