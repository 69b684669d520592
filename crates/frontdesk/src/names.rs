//! Stable names for the plain enums, so every binding spells them the same
//! way the core's serde does and refuses unknown names with the same error.

use crate::error::Error;

/// Implements `ALL`, `as_str` and `FromStr` (refusing unknown names with
/// `invalid_value`, listing the allowed ones) for a plain enum.
macro_rules! named_enum {
    ($ty:ty, $field:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            /// The stable snake_case name (the same as in JSON).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $name),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($name => Ok(<$ty>::$variant),)+
                    other => Err(Error::invalid_value($field, other, [$($name),+].into_iter())),
                }
            }
        }
    };
}

named_enum!(
    crate::error::ErrorFamily,
    "error family",
    [NotFound => "not_found", Forbidden => "forbidden", Invariant => "invariant", InvalidInput => "invalid_input", Storage => "storage"]
);
named_enum!(crate::user::Role, "role", [Admin => "admin", Agent => "agent"]);
named_enum!(crate::user::Availability, "availability", [Online => "online", Away => "away", Offline => "offline"]);
named_enum!(crate::transcript_types::Audience, "audience", [Customer => "customer", Team => "team"]);
named_enum!(crate::message::PaymentKind, "payment kind", [Invoice => "invoice", Checkout => "checkout"]);
named_enum!(
    crate::message::PaymentState,
    "payment state",
    [Unpaid => "unpaid", Paid => "paid", Cancelled => "cancelled"]
);
named_enum!(
    crate::conversation::Origin,
    "origin",
    [Inbound => "inbound", Outbound => "outbound", Continued => "continued", Internal => "internal"]
);
named_enum!(
    crate::config::ClosedPolicy,
    "closed policy",
    [ReopenOnReply => "reopen_on_reply", NewConversation => "new_conversation_after_close"]
);

impl crate::message::Author {
    /// The stable name of the author's kind ("contact", "user", "ai",
    /// "auto_responder", "system").
    pub fn kind(self) -> &'static str {
        use crate::message::Author;
        match self {
            Author::Contact => "contact",
            Author::User(_) => "user",
            Author::Ai => "ai",
            Author::AutoResponder => "auto_responder",
            Author::System => "system",
        }
    }
}

impl crate::message::MessageKind {
    /// Every kind's name, in declaration order.
    pub const NAMES: [&'static str; 4] = ["text", "note", "invoice", "checkout"];

    /// The stable name of the kind ("text", "note", "invoice", "checkout").
    pub fn kind(self) -> &'static str {
        use crate::message::MessageKind;
        match self {
            MessageKind::Text => "text",
            MessageKind::Note => "note",
            MessageKind::Invoice(_) => "invoice",
            MessageKind::Checkout(_) => "checkout",
        }
    }
}

/// Every enum of the core that people name, by its type name, with its names
/// in declaration order (for `TimeRange`, the named ranges; `Between` is given
/// by its two moments). Bindings generate or check their own enums against
/// this list, so a variant added here cannot be forgotten by one of them.
pub fn enum_names() -> Vec<(&'static str, Vec<&'static str>)> {
    use crate::*;
    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| name(*v)).collect()
    }
    vec![
        ("Status", names(&Status::ALL, Status::as_str)),
        ("Priority", names(&Priority::ALL, Priority::as_str)),
        ("Channel", names(&Channel::ALL, Channel::as_str)),
        ("AiMode", names(&AiMode::ALL, AiMode::as_str)),
        ("Role", names(Role::ALL, Role::as_str)),
        ("Availability", names(Availability::ALL, Availability::as_str)),
        ("ClosedPolicy", names(ClosedPolicy::ALL, ClosedPolicy::as_str)),
        ("Origin", names(Origin::ALL, Origin::as_str)),
        ("PaymentKind", names(PaymentKind::ALL, PaymentKind::as_str)),
        ("PaymentState", names(PaymentState::ALL, PaymentState::as_str)),
        ("Audience", names(Audience::ALL, Audience::as_str)),
        ("RoutingStrategy", names(&RoutingStrategy::ALL, RoutingStrategy::as_str)),
        ("View", names(&View::ALL, View::as_str)),
        ("Sort", names(&Sort::ALL, Sort::as_str)),
        ("Mode", names(&Mode::ALL, Mode::as_str)),
        ("MessageKind", MessageKind::NAMES.to_vec()),
        ("TimeRange", TimeRange::NAMED.iter().map(|(n, _)| *n).collect()),
        ("BulkAction", BulkAction::NAMES.to_vec()),
        ("AlertKind", names(&AlertKind::ALL, AlertKind::as_str)),
        ("DeliveryChannel", names(&DeliveryChannel::ALL, DeliveryChannel::as_str)),
    ]
}

#[cfg(test)]
mod tests {
    use crate::*;

    #[test]
    fn every_named_enum_lists_each_name_once() {
        let all = crate::enum_names();
        let types: std::collections::BTreeSet<&str> = all.iter().map(|(t, _)| *t).collect();
        assert_eq!(types.len(), all.len());
        for (t, names) in all {
            let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
            assert!(!names.is_empty() && unique.len() == names.len(), "{t}: {names:?}");
        }
    }

    #[test]
    fn every_message_kind_is_named_in_message_kind_names() {
        let id = InvoiceId(1);
        let kinds =
            [MessageKind::Text, MessageKind::Note, MessageKind::Invoice(id), MessageKind::Checkout(id)];
        assert_eq!(kinds.map(MessageKind::kind), MessageKind::NAMES);
        for k in kinds {
            assert_eq!(serde_json::to_value(k).unwrap()["kind"], k.kind());
        }
    }

    /// The names must be exactly what serde writes, or a binding and a
    /// snapshot would disagree.
    #[test]
    fn every_name_is_the_serde_name_and_parses_back() {
        fn check<
            T: serde::Serialize + std::str::FromStr<Err = Error> + PartialEq + std::fmt::Debug + Copy,
        >(
            all: &[T],
            name: fn(T) -> &'static str,
        ) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::String(name(*v).into()));
                assert_eq!(name(*v).parse::<T>().unwrap(), *v);
            }
        }
        check(ErrorFamily::ALL, ErrorFamily::as_str);
        check(Role::ALL, Role::as_str);
        check(Availability::ALL, Availability::as_str);
        check(Audience::ALL, Audience::as_str);
        check(PaymentKind::ALL, PaymentKind::as_str);
        check(PaymentState::ALL, PaymentState::as_str);
        check(Origin::ALL, Origin::as_str);
        check(ClosedPolicy::ALL, ClosedPolicy::as_str);
        let err = "boss".parse::<Role>().unwrap_err();
        assert_eq!(
            err,
            Error::InvalidValue {
                field: "role".into(),
                input: "boss".into(),
                allowed: vec!["admin".into(), "agent".into()]
            }
        );
        // Early snapshots spelled the 003 policy "new_conversation"; they still load.
        let old: ClosedPolicy = serde_json::from_str("\"new_conversation\"").unwrap();
        assert_eq!(old, ClosedPolicy::NewConversation);
        assert_eq!(ClosedPolicy::NewConversation.as_str(), "new_conversation_after_close");
        assert_eq!(Author::AutoResponder.kind(), "auto_responder");
        assert_eq!(MessageKind::Checkout(InvoiceId(1)).kind(), "checkout");
    }
}
