//! The result of a command: the value it produced and the events it caused.

use crate::event::Event;

/// The value a command produced and the events it caused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied<T> {
    /// What the command returns (a new id, a decision, or `()`).
    pub value: T,
    /// What happened, in order.
    pub events: Vec<Event>,
}

impl<T> Applied<T> {
    pub(crate) fn new(value: T, events: Vec<Event>) -> Applied<T> {
        Applied { value, events }
    }
}
