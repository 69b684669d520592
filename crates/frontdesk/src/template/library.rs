//! The workspace's collection of templates and the `/` search over it.

use super::{Template, TemplateBody};
use crate::Error;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How well a template matched a search, best first. The order of the
/// variants is the ranking order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TemplateMatchKind {
    /// The name equals the query.
    ExactName,
    /// The name starts with the query.
    NamePrefix,
    /// A later word of the name starts with the query.
    WordPrefix,
    /// The query occurs elsewhere in the name.
    NameContains,
    /// The query occurs in the template's text.
    BodyContains,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TemplateMatch {
    /// The template's name.
    pub name: String,
    /// Why it matched.
    pub kind: TemplateMatchKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    template: Template,
    // Lowercased once at insertion so every keystroke's search only compares.
    name_lower: String,
    body_lower: String,
}

/// A workspace's reply templates, in insertion order. Names are unique
/// ignoring case.
///
/// Serializes as the list of its templates; reading it back re-checks names
/// and re-parses every body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Template>", into = "Vec<Template>")]
pub struct TemplateLibrary {
    entries: IndexMap<String, Entry>,
}

impl TryFrom<Vec<Template>> for TemplateLibrary {
    type Error = Error;
    fn try_from(templates: Vec<Template>) -> Result<Self, Error> {
        let mut library = TemplateLibrary::new();
        for t in templates {
            library.insert(t)?;
        }
        Ok(library)
    }
}

impl From<TemplateLibrary> for Vec<Template> {
    fn from(l: TemplateLibrary) -> Vec<Template> {
        l.entries.into_values().map(|e| e.template).collect()
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl TemplateLibrary {
    /// An empty library.
    pub fn new() -> TemplateLibrary {
        TemplateLibrary::default()
    }

    /// How many templates there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a template. Fails with `duplicate` if a template with the same
    /// name, ignoring case, exists.
    pub fn insert(&mut self, template: Template) -> Result<(), Error> {
        let k = key(template.name());
        if self.entries.contains_key(&k) {
            return Err(Error::Duplicate {
                entity: "template".to_string(),
                key: template.name().to_string(),
            });
        }
        let name_lower = template.name().to_lowercase();
        let body_lower = template.body().source().to_lowercase();
        self.entries.insert(k, Entry { template, name_lower, body_lower });
        Ok(())
    }

    /// The template with this name, ignoring case.
    pub fn get(&self, name: &str) -> Option<&Template> {
        self.entries.get(&key(name)).map(|e| &e.template)
    }

    /// Every template, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Template> {
        self.entries.values().map(|e| &e.template)
    }

    /// Removes a template, keeping the others in order. Fails with
    /// `not_found` if there is none by that name.
    pub fn remove(&mut self, name: &str) -> Result<Template, Error> {
        self.entries
            .shift_remove(&key(name))
            .map(|e| e.template)
            .ok_or_else(|| Error::not_found("template", name))
    }

    /// Replaces a template's body, keeping its name and place.
    ///
    /// Fails with `not_found` if there is none by that name, and with
    /// `forbidden` if the stored template is WhatsApp-approved: its text is
    /// what WhatsApp approved, so a changed text must be added as a new
    /// template and approved again.
    pub fn replace_body(&mut self, name: &str, body: TemplateBody) -> Result<(), Error> {
        let entry = self.entries.get_mut(&key(name)).ok_or_else(|| Error::not_found("template", name))?;
        if entry.template.body().is_whatsapp_approved() {
            return Err(Error::forbidden(format!(
                "template {:?} is WhatsApp-approved; add the changed text as a new template",
                entry.template.name()
            )));
        }
        entry.body_lower = body.source().to_lowercase();
        entry.template.body = body;
        Ok(())
    }

    /// Finds templates as the agent types `/gre` in the composer.
    ///
    /// The query is trimmed, a leading `/` is ignored, and matching ignores
    /// case (Unicode lowercase). Results are ranked by [`TemplateMatchKind`]
    /// (exact name, name prefix, word prefix, name substring, body
    /// substring), ties broken by lowercase name, then name. An empty query
    /// lists every template by name. At most `limit` results.
    pub fn find(&self, query: &str, limit: usize) -> Vec<TemplateMatch> {
        let q = query.trim();
        let q = q.strip_prefix('/').unwrap_or(q).trim().to_lowercase();
        let mut hits: Vec<(TemplateMatchKind, &Entry)> =
            self.entries.values().filter_map(|e| rank(e, &q).map(|k| (k, e))).collect();
        hits.sort_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then_with(|| a.name_lower.cmp(&b.name_lower))
                .then_with(|| a.template.name.cmp(&b.template.name))
        });
        hits.into_iter()
            .take(limit)
            .map(|(kind, e)| TemplateMatch { name: e.template.name().to_string(), kind })
            .collect()
    }
}

fn rank(e: &Entry, q: &str) -> Option<TemplateMatchKind> {
    let name = e.name_lower.as_str();
    if q.is_empty() {
        return Some(TemplateMatchKind::NamePrefix);
    }
    if name == q {
        return Some(TemplateMatchKind::ExactName);
    }
    if name.starts_with(q) {
        return Some(TemplateMatchKind::NamePrefix);
    }
    if word_starts(name).any(|i| name.get(i..).is_some_and(|rest| rest.starts_with(q))) {
        return Some(TemplateMatchKind::WordPrefix);
    }
    if name.contains(q) {
        return Some(TemplateMatchKind::NameContains);
    }
    if e.body_lower.contains(q) {
        return Some(TemplateMatchKind::BodyContains);
    }
    None
}

/// Byte offsets where a word starts: a letter or digit after a character that
/// is neither (`order-confirmed`, `order_confirmed`, `order confirmed`).
fn word_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_alnum = false;
    s.char_indices().filter_map(move |(i, c)| {
        let alnum = c.is_alphanumeric();
        let start = alnum && !prev_alnum;
        prev_alnum = alnum;
        start.then_some(i)
    })
}
