//! `@` mentions in internal notes: which team members a note notifies.
//!
//! Mentions are internal: they live in notes, which the customer never sees.
//! The rules (see `docs/mentions.md`), tried in this order at each `@`:
//!
//! 1. `@"Sarah Lee"`: the quoted text is a full display name (ignoring case
//!    and repeated spaces).
//! 2. `@Sarah Lee`: the longest full display name that the text after the `@`
//!    starts with, ending at a word boundary (what the composer's dropdown
//!    inserts).
//! 3. `@sarah.lee`, `@sarah_lee`, `@sarah-lee`, `@SarahLee`: the token equals a
//!    full name with its spaces and punctuation removed.
//! 4. `@Sarah`: the token equals the first word of a display name.
//!
//! An `@` only starts a mention at the start of the text, after whitespace or
//! after opening punctuation, so `help@acme.com` is not one. When several
//! team members fit, the mention is reported as ambiguous and nobody is
//! notified: the composer asks the author to pick.

use crate::span::{Span, SpanMaker};
use crate::UserId;
use serde::{Deserialize, Serialize};

/// A team member who can be mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionCandidate {
    /// The user.
    pub user: UserId,
    /// Their display name, e.g. `"Sarah Lee"`.
    pub name: String,
}

impl MentionCandidate {
    /// A candidate.
    pub fn new(user: UserId, name: impl Into<String>) -> MentionCandidate {
        MentionCandidate { user, name: name.into() }
    }
}

/// Whom a mention refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MentionTarget {
    /// Exactly one team member.
    User {
        /// The mentioned user.
        user: UserId,
    },
    /// Several team members fit; none is notified.
    Ambiguous {
        /// Every user that fits, in candidate order.
        users: Vec<UserId>,
    },
}

/// One mention found in a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where the mention is, from the `@` to the end of the name.
    pub span: Span,
    /// The mention as written, `@` included.
    pub text: String,
    /// Whom it refers to.
    pub target: MentionTarget,
}

/// Finds the mentions in a note, in text order. An `@name` that fits no
/// candidate is not a mention and is left out.
pub fn find_mentions(text: &str, candidates: &[MentionCandidate]) -> Vec<Mention> {
    let names: Vec<Name> = candidates
        .iter()
        .filter_map(|c| {
            let full = normalize(&c.name);
            let first = full.split(' ').next().unwrap_or("").to_string();
            let compact = compact(&full);
            (!full.is_empty()).then_some(Name { user: c.user, full, first, compact })
        })
        .collect();
    let mut spans = SpanMaker::new(text);
    let mut mentions = Vec::new();
    let mut i = 0;
    while let Some(offset) = text.get(i..).and_then(|rest| rest.find('@')) {
        let at = i + offset;
        let before = text.get(..at).and_then(|s| s.chars().next_back());
        let after = text.get(at + 1..).unwrap_or("");
        let found = if may_start_mention(before) { resolve(after, &names) } else { None };
        match found {
            Some((len, users)) => {
                let end = at + 1 + len;
                let target = match users.as_slice() {
                    [user] => MentionTarget::User { user: *user },
                    _ => MentionTarget::Ambiguous { users },
                };
                let written = text.get(at..end).unwrap_or("").to_string();
                mentions.push(Mention { span: spans.span(at, end), text: written, target });
                i = end;
            }
            None => i = at + 1,
        }
    }
    mentions
}

/// The users to notify: every unambiguous mention, each user once, in order
/// of first mention.
pub fn mentioned_users(mentions: &[Mention]) -> Vec<UserId> {
    let mut users = Vec::new();
    for m in mentions {
        if let MentionTarget::User { user } = m.target {
            if !users.contains(&user) {
                users.push(user);
            }
        }
    }
    users
}

struct Name {
    user: UserId,
    /// Lowercase, single spaces.
    full: String,
    first: String,
    /// Lowercase without spaces and punctuation.
    compact: String,
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn may_start_mention(before: Option<char>) -> bool {
    match before {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | ',' | ';' | ':')
        }
    }
}

/// The length after the `@` of the mention and the users it fits, or `None`
/// if it fits nobody.
fn resolve(after: &str, names: &[Name]) -> Option<(usize, Vec<UserId>)> {
    if let Some(quoted) = after.strip_prefix('"') {
        let close = quoted.find(['"', '\n'])?;
        if !quoted.get(close..).is_some_and(|rest| rest.starts_with('"')) {
            return None;
        }
        let wanted = normalize(quoted.get(..close).unwrap_or(""));
        let users = users_where(names, |n| n.full == wanted)?;
        return Some((close + 2, users));
    }
    let mut best: Option<(usize, Vec<UserId>)> = None;
    for n in names {
        let Some(len) = full_name_prefix(after, &n.full) else { continue };
        match &mut best {
            Some((best_len, users)) if *best_len == len => {
                if !users.contains(&n.user) {
                    users.push(n.user);
                }
            }
            Some((best_len, _)) if *best_len > len => {}
            _ => best = Some((len, vec![n.user])),
        }
    }
    if best.is_some() {
        return best;
    }
    let token_len = token_len(after);
    let token = after.get(..token_len).unwrap_or("");
    if token.is_empty() {
        return None;
    }
    let wanted = compact(token);
    if let Some(users) = users_where(names, |n| n.compact == wanted) {
        return Some((token_len, users));
    }
    let has_separator = token.contains(['.', '-', '_']);
    let lower = token.to_lowercase();
    let users = users_where(names, |n| !has_separator && n.first == lower)?;
    Some((token_len, users))
}

fn users_where(names: &[Name], fits: impl Fn(&Name) -> bool) -> Option<Vec<UserId>> {
    let mut users = Vec::new();
    for n in names.iter().filter(|n| fits(n)) {
        if !users.contains(&n.user) {
            users.push(n.user);
        }
    }
    (!users.is_empty()).then_some(users)
}

/// Bytes of `text` that spell `name` (lowercase, single spaces) ignoring case,
/// if they end at a word boundary. A space in the name matches one space (or
/// no-break space) in the text, never a line break.
fn full_name_prefix(text: &str, name: &str) -> Option<usize> {
    let mut wanted = name.chars().peekable();
    for (i, c) in text.char_indices() {
        if wanted.peek().is_none() {
            return (!is_word_char(c)).then_some(i);
        }
        if matches!(c, ' ' | '\u{a0}') {
            if wanted.next() != Some(' ') {
                return None;
            }
            continue;
        }
        // Compared as sequences: a few characters lowercase to several.
        for l in c.to_lowercase() {
            if wanted.next() != Some(l) {
                return None;
            }
        }
    }
    wanted.peek().is_none().then_some(text.len())
}

/// Length of the `@token`: word characters, with `.`, `-` and `_` allowed
/// between them (a trailing `.` ends the sentence, not the name).
fn token_len(text: &str) -> usize {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            end = i + c.len_utf8();
        } else if matches!(c, '.' | '-') && chars.peek().is_some_and(|(_, n)| is_word_char(*n)) {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<MentionCandidate> {
        vec![
            MentionCandidate::new(UserId(1), "Sarah Lee"),
            MentionCandidate::new(UserId(2), "Tom Baker"),
            MentionCandidate::new(UserId(3), "Sarah Kim"),
            MentionCandidate::new(UserId(4), "José Álvarez"),
            MentionCandidate::new(UserId(5), "Mo"),
        ]
    }

    fn targets(text: &str) -> Vec<(String, MentionTarget)> {
        find_mentions(text, &team()).into_iter().map(|m| (m.text, m.target)).collect()
    }

    fn user(id: u64) -> MentionTarget {
        MentionTarget::User { user: UserId(id) }
    }

    #[test]
    fn first_name_mentions_a_member_when_unique() {
        assert_eq!(targets("@tom can you check?"), vec![("@tom".into(), user(2))]);
    }

    #[test]
    fn shared_first_name_is_ambiguous_and_notifies_nobody() {
        let got = find_mentions("ping @Sarah", &team());
        assert_eq!(got[0].target, MentionTarget::Ambiguous { users: vec![UserId(1), UserId(3)] });
        assert!(mentioned_users(&got).is_empty());
    }

    #[test]
    fn full_display_name_as_inserted_by_the_dropdown_wins_over_the_first_name() {
        assert_eq!(targets("@Sarah Lee please look"), vec![("@Sarah Lee".into(), user(1))]);
        assert_eq!(targets("thanks @sarah kim!"), vec![("@sarah kim".into(), user(3))]);
    }

    #[test]
    fn quoted_full_name_mentions_that_member() {
        assert_eq!(targets(r#"cc @"sarah   LEE" now"#), vec![(r#"@"sarah   LEE""#.into(), user(1))]);
        assert!(targets(r#"@"Nobody Here""#).is_empty());
        assert!(targets("@\"Sarah Lee").is_empty(), "an unclosed quote is not a mention");
    }

    #[test]
    fn compact_full_name_forms_mention_that_member() {
        for form in ["@sarah.lee", "@sarah_lee", "@sarah-lee", "@SarahLee"] {
            assert_eq!(targets(&format!("{form}: done")), vec![(form.to_string(), user(1))], "{form}");
        }
    }

    #[test]
    fn email_addresses_are_not_mentions() {
        assert!(targets("write to tom@acme.com or mo@x.io").is_empty());
    }

    #[test]
    fn unknown_names_are_not_mentions() {
        assert!(targets("meet @ 5pm, @nobody, @@").is_empty());
    }

    #[test]
    fn names_must_end_at_a_word_boundary() {
        assert!(targets("@Tomás").is_empty());
        assert!(targets("@Mohammed").is_empty());
        assert_eq!(targets("(@Mo)"), vec![("@Mo".into(), user(5))]);
        assert_eq!(targets("@tom."), vec![("@tom".into(), user(2))]);
    }

    #[test]
    fn non_ascii_names_match_ignoring_case() {
        assert_eq!(targets("@JOSÉ ÁLVAREZ ok"), vec![("@JOSÉ ÁLVAREZ".into(), user(4))]);
        assert_eq!(targets("@josé"), vec![("@josé".into(), user(4))]);
    }

    #[test]
    fn mentioned_users_are_listed_once_in_first_mention_order() {
        let m = find_mentions("@tom @Sarah Lee @Tom Baker", &team());
        assert_eq!(m.len(), 3);
        assert_eq!(mentioned_users(&m), vec![UserId(2), UserId(1)]);
    }

    #[test]
    fn spans_cover_the_mention_in_bytes_and_utf16() {
        let text = "😀 @Mo";
        let m = &find_mentions(text, &team())[0];
        assert_eq!(m.span.slice(text), Some("@Mo"));
        assert_eq!((m.span.start_utf16, m.span.end_utf16), (3, 6));
    }

    #[test]
    fn same_display_name_twice_is_ambiguous() {
        let team = vec![MentionCandidate::new(UserId(1), "Alex"), MentionCandidate::new(UserId(2), "alex")];
        let m = find_mentions("@Alex", &team);
        assert_eq!(m[0].target, MentionTarget::Ambiguous { users: vec![UserId(1), UserId(2)] });
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_never_panics_and_spans_start_at_an_at_sign(text in any::<String>(), name in "\\PC{0,12}") {
                let team = vec![MentionCandidate::new(UserId(1), name), MentionCandidate::new(UserId(2), "İsmail Ǆemal")];
                for m in find_mentions(&text, &team) {
                    prop_assert!(m.span.slice(&text).is_some_and(|s| s.starts_with('@')));
                }
            }
        }
    }
}
