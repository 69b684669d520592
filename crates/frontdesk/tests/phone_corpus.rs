//! Differential test: frontdesk's E.164 for phone numbers written the ways
//! people write them equals libphonenumber's (Python's `phonenumbers`, the
//! reference port), recorded in `fixtures/phone_corpus.json` by
//! `fixtures/phone_corpus.py`.

use frontdesk::normalize_phone;
use serde_json::Value;

#[test]
fn every_number_of_the_corpus_normalizes_to_the_reference_e164() {
    let text = include_str!("fixtures/phone_corpus.json");
    let corpus: Value = serde_json::from_str(text).unwrap();
    let entries = corpus["entries"].as_array().unwrap();
    assert!(entries.len() >= 40, "the corpus has {} entries", entries.len());
    let mut wrong = Vec::new();
    for e in entries {
        let input = e["input"].as_str().unwrap();
        let code = e["default_country_code"].as_u64().map(|c| u16::try_from(c).unwrap());
        let expected = e["e164"].as_str().unwrap();
        let got = normalize_phone(input, code);
        match &got {
            Ok(p) if p == expected => {
                // A stored number re-normalizes to itself (snapshot integrity).
                assert_eq!(normalize_phone(p, None).unwrap(), *p, "{p} is stable");
                assert_eq!(normalize_phone(p, code).unwrap(), *p, "{p} is stable in its region");
            }
            _ => wrong.push(format!("{input:?} in {}: expected {expected}, got {got:?}", e["region"])),
        }
    }
    assert!(wrong.is_empty(), "{} of {} differ:\n{}", wrong.len(), entries.len(), wrong.join("\n"));
}
