//! Prioritization (in progress).
