//! Input checks shared by commands. Each returns the cleaned value or a
//! specific error, so commands validate everything before changing anything.

use crate::error::{Error, Result};

/// The longest name (of a user, team, contact, tag) in bytes.
pub(crate) const MAX_NAME_BYTES: usize = 200;
/// The longest tag in bytes.
pub(crate) const MAX_TAG_BYTES: usize = 64;
/// The longest note or assignment note in bytes.
pub(crate) const MAX_NOTE_BYTES: usize = 16 * 1024;

/// A trimmed, non-empty name of bounded length.
pub(crate) fn name(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::EmptyName { field: field.to_string() });
    }
    bounded(field, trimmed, MAX_NAME_BYTES)?;
    Ok(trimmed.to_string())
}

/// An optional name: empty means absent.
pub(crate) fn optional_name(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => name(field, v).map(Some),
    }
}

/// A tag: trimmed, lowercase, non-empty, at most 64 bytes.
pub(crate) fn tag(value: &str) -> Result<String> {
    let t = value.trim().to_lowercase();
    if t.is_empty() {
        return Err(Error::EmptyName { field: "tag".to_string() });
    }
    bounded("tag", &t, MAX_TAG_BYTES)?;
    Ok(t)
}

/// An email address: `local@domain.tld`, no spaces; lowercased.
pub(crate) fn email(value: &str) -> Result<String> {
    let e = value.trim().to_lowercase();
    let invalid = || Error::InvalidEmail { input: value.to_string() };
    bounded("email", &e, MAX_NAME_BYTES)?;
    let (local, domain) = e.split_once('@').ok_or_else(invalid)?;
    let well_formed = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control());
    if well_formed {
        Ok(e)
    } else {
        Err(invalid())
    }
}

/// Text of bounded length (message bodies, notes, and through [`name`],
/// [`tag`], [`email`] and [`note`] every stored text) without a NUL
/// character: PostgreSQL `text` cannot hold U+0000, so a NUL would be
/// accepted here and then abort loading the SQL export (or a store write).
/// Refused rather than stripped, so what is stored is what was sent.
pub(crate) fn bounded(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::TooLong { field: field.to_string(), len: value.len(), max });
    }
    if value.contains('\0') {
        return Err(Error::invalid_argument(
            field,
            "must not contain a NUL character (U+0000); PostgreSQL text cannot store it",
        ));
    }
    Ok(())
}

/// An optional free-text note (assignment note, priority reason): trimmed,
/// empty means absent.
pub(crate) fn note(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            bounded(field, v, MAX_NOTE_BYTES)?;
            Ok(Some(v.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_must_have_a_local_part_and_a_dotted_domain() {
        assert_eq!(email(" Sarah@Company.com ").unwrap(), "sarah@company.com");
        for bad in ["", "sarah", "@company.com", "sarah@", "sarah@company", "sa rah@company.com", "a@b@c.com"]
        {
            assert_eq!(email(bad).unwrap_err().code(), "invalid_email", "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_must_not_be_empty() {
        assert_eq!(name("name", "  Ana ").unwrap(), "Ana");
        assert_eq!(name("name", " \t").unwrap_err().code(), "empty_name");
        assert_eq!(name("name", &"x".repeat(201)).unwrap_err().code(), "too_long");
    }
}
