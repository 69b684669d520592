//! Mentions (in progress).
