//! Phone numbers, normalized to E.164 so that `+1 234 567 890`, `+1-234-567-890`
//! and `001234567890` name the same contact.

use crate::error::{Error, Result};

/// Normalizes a phone number to E.164 (`+` followed by 8 to 15 digits).
///
/// Spaces, dashes, dots, slashes and parentheses are dropped; a leading `00` is
/// the international prefix. A national number (leading `0` or no prefix) is
/// accepted only when `default_country_code` is given, and its single leading
/// trunk `0` is dropped.
pub fn normalize_phone(input: &str, default_country_code: Option<u16>) -> Result<String> {
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
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        match default_country_code {
            Some(cc) => {
                let national = digits.strip_prefix('0').unwrap_or(&digits);
                format!("{cc}{national}")
            }
            None => return Err(invalid("start with + and the country code (no default country is set)")),
        }
    };
    if international.starts_with('0') {
        return Err(invalid("a country code never starts with 0"));
    }
    if !(8..=15).contains(&international.len()) {
        return Err(invalid("E.164 numbers have 8 to 15 digits"));
    }
    Ok(format!("+{international}"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn letters_and_too_short_numbers_are_invalid_phones() {
        for s in ["", "+1 call me", "+123", "+1234567890123456", "+0123456789", "++12345678"] {
            assert_eq!(normalize_phone(s, None).unwrap_err().code(), "invalid_phone", "{s}");
        }
    }
}
