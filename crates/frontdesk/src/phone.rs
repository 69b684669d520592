//! Phone numbers, normalized to E.164 so that `+1 234 567 890`, `+1-234-567-890`
//! and `001234567890` name the same contact.
//!
//! Parsing and E.164 formatting are libphonenumber's (the `phonenumber` crate,
//! a maintained port with Google's metadata): it knows each country's trunk
//! prefix, so `+44 (0)20 7946 0958`, `020 7946 0958` in a GB workspace and
//! `+442079460958` are one number. `tests/phone_corpus.rs` compares the answers
//! with the reference port (Python's `phonenumbers`).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use phonenumber::{country, metadata::DATABASE, Mode, ParseError};

use crate::error::{Error, Result};

/// Normalizes a phone number to E.164 (`+` followed by 8 to 15 digits).
///
/// Spaces, dashes, dots, slashes and parentheses are dropped; a leading `+` or
/// `00` starts an international number. Anything else is a national number of
/// the workspace's default region: the main region of `default_country_code`
/// (44: GB, 1: US, 49: DE, ...), without which it is refused. libphonenumber
/// then parses the number with that region's rules (its trunk prefix, also when
/// written after the country code as in `+44 (0)20 ...`) and formats it as
/// E.164.
///
/// Policy: a number libphonenumber can parse is accepted even when its metadata
/// does not list it as assigned (`is_valid` false): numbers arriving on a
/// channel are real, and the metadata lags new ranges. Letters (vanity numbers,
/// `ext.`) are refused. Errors are `invalid_phone` with a reason.
pub fn normalize_phone(input: &str, default_country_code: Option<u16>) -> Result<String> {
    // libphonenumber's parsing is most of the cost of a message on a phone
    // channel (two parses, its metadata's regexes): the same customer's number
    // arrives again and again, so accepted answers are remembered. The answer
    // depends only on the arguments, so a remembered one is the same answer.
    let key = (default_country_code, input);
    if let Some(e164) = memo().lock().ok().and_then(|m| m.get(&key as &dyn MemoKey).cloned()) {
        return Ok(e164);
    }
    let e164 = parse_phone(input, default_country_code)?;
    if let Ok(mut m) = memo().lock() {
        if m.len() >= MEMO_CAPACITY {
            m.clear();
        }
        m.insert((default_country_code, input.into()), e164.clone());
    }
    Ok(e164)
}

/// How many accepted numbers are remembered before the memo starts over.
const MEMO_CAPACITY: usize = 16_384;

type Memo = HashMap<(Option<u16>, Box<str>), String>;

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Lets the memo be probed with a borrowed `(code, &str)` without building an
/// owned key for every message.
trait MemoKey {
    fn parts(&self) -> (Option<u16>, &str);
}
impl MemoKey for (Option<u16>, Box<str>) {
    fn parts(&self) -> (Option<u16>, &str) {
        (self.0, &self.1)
    }
}
impl MemoKey for (Option<u16>, &str) {
    fn parts(&self) -> (Option<u16>, &str) {
        (self.0, self.1)
    }
}
impl<'a> Borrow<dyn MemoKey + 'a> for (Option<u16>, Box<str>) {
    fn borrow(&self) -> &(dyn MemoKey + 'a) {
        self
    }
}
impl PartialEq for dyn MemoKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}
impl Eq for dyn MemoKey + '_ {}
impl Hash for dyn MemoKey + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.parts().hash(state);
    }
}

fn parse_phone(input: &str, default_country_code: Option<u16>) -> Result<String> {
    let invalid = |reason: &str| Error::InvalidPhone { input: input.to_string(), reason: reason.to_string() };
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(invalid("empty"));
    }
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, ch) in trimmed.chars().enumerate() {
        match ch {
            '+' if i == 0 => plus = true,
            '0'..='9' => digits.push(ch),
            ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}' => {}
            _ => return Err(invalid("only digits, spaces, dashes, dots and parentheses are allowed")),
        }
    }
    if digits.is_empty() {
        return Err(invalid("no digits"));
    }
    // A leading 00 is the international prefix in every workspace (as in the
    // query language), whatever the default region dials abroad with.
    let international = if plus { Some(digits.as_str()) } else { digits.strip_prefix("00") };
    let parsed = match international {
        Some(rest) => {
            if rest.starts_with('0') {
                return Err(invalid("a country code never starts with 0"));
            }
            phonenumber::parse(None, format!("+{rest}"))
        }
        None => {
            let Some(cc) = default_country_code else {
                return Err(invalid("start with + and the country code (no default country is set)"));
            };
            let Some(region) = default_region(cc) else {
                return Err(invalid(&format!("the default country code {cc} is not a country calling code")));
            };
            phonenumber::parse(Some(region), &digits)
        }
    };
    let number = parsed.map_err(|e| {
        invalid(match e {
            ParseError::InvalidCountryCode => "unknown country calling code",
            ParseError::TooShortAfterIdd | ParseError::TooShortNsn => {
                "too short for a phone number of its country"
            }
            ParseError::TooLong => "E.164 numbers have at most 15 digits",
            _ => "not a phone number",
        })
    })?;
    let e164 = number.format().mode(Mode::E164).to_string();
    if !(9..=16).contains(&e164.len()) {
        return Err(invalid("E.164 numbers have 8 to 15 digits"));
    }
    // A stored number must normalize to itself (snapshot integrity, `phone:`
    // full numbers). libphonenumber strips a trunk prefix after the country
    // code, so a number whose E.164 still starts with one (`+7 8 8...`) would
    // lose a digit each time: such a number is refused.
    match phonenumber::parse(None, &e164) {
        Ok(again) if again.format().mode(Mode::E164).to_string() == e164 => Ok(e164),
        _ => Err(invalid("not a stable phone number: its E.164 form reads as another number")),
    }
}

/// The region whose national numbering a workspace's default country calling
/// code stands for: libphonenumber's main region for that code (1: US, which
/// parses every NANP number; 44: GB; 7: RU).
pub(crate) fn default_region(country_code: u16) -> Option<country::Id> {
    let regions = DATABASE.region(&country_code)?;
    country::Id::from_str(regions.first()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_number_is_the_answer_for_its_default_country_only() {
        for _ in 0..2 {
            assert_eq!(normalize_phone("020 7946 0958", Some(44)).unwrap(), "+442079460958");
            assert_eq!(normalize_phone("020 7946 0958", None).unwrap_err().code(), "invalid_phone");
            assert_eq!(normalize_phone("0201 234567", Some(49)).unwrap(), "+49201234567");
            assert_eq!(normalize_phone("+1 234 567 890", None).unwrap(), "+1234567890");
        }
    }

    #[test]
    fn spaces_dashes_and_parentheses_normalize_to_the_same_e164_number() {
        for s in ["+1 234 567 890", "+1-234-567-890", "+1 (234) 567.890", "001234567890"] {
            assert_eq!(normalize_phone(s, None).unwrap(), "+1234567890", "{s}");
        }
    }

    #[test]
    fn national_numbers_need_a_default_country_code() {
        assert_eq!(normalize_phone("020 7946 0958", None).unwrap_err().code(), "invalid_phone");
        assert_eq!(normalize_phone("020 7946 0958", Some(44)).unwrap(), "+442079460958");
    }

    #[test]
    fn a_trunk_prefix_written_after_the_country_code_is_dropped() {
        for s in ["+44 (0)20 7946 0958", "0044 (0)20 7946 0958", "+4402079460958"] {
            assert_eq!(normalize_phone(s, None).unwrap(), "+442079460958", "{s}");
        }
    }

    #[test]
    fn the_default_region_is_the_main_region_of_the_country_code() {
        assert_eq!(default_region(44), Some(country::Id::GB));
        assert_eq!(default_region(1), Some(country::Id::US));
        assert_eq!(default_region(49), Some(country::Id::DE));
        assert_eq!(default_region(999), None);
        assert_eq!(normalize_phone("030 1234567", Some(999)).unwrap_err().code(), "invalid_phone");
    }

    #[test]
    fn a_normalized_number_normalizes_to_itself() {
        for s in
            ["+7 880 000 001", "+44 (0)20 7946 0958", "+39 06 1234 5678", "+1 234 567 890", "+62 0100000"]
        {
            let once = normalize_phone(s, None).unwrap();
            assert_eq!(normalize_phone(&once, None).unwrap(), once, "{s}");
        }
    }

    #[test]
    fn letters_and_too_short_numbers_are_invalid_phones() {
        for s in ["", "+1 call me", "+123", "+1234567890123456", "+0123456789", "++12345678", "00", "+"] {
            assert_eq!(normalize_phone(s, None).unwrap_err().code(), "invalid_phone", "{s}");
        }
    }
}
