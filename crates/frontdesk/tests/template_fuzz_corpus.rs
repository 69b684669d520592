//! Runs every file of the `template_parse` fuzz corpus through the fuzz
//! target's checks, so the corpus guards the parser on stable Rust too.

use frontdesk::template::{RenderContext, TemplateBody};
use frontdesk::Span;
use std::path::PathBuf;

fn check_span(src: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= src.len(), "{s:?} outside {src:?}");
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{s:?} splits a character in {src:?}"
    );
    let utf16 = |b: usize| src.get(..b).map(|p| p.encode_utf16().count());
    assert_eq!(Some(s.start_utf16), utf16(s.start), "{src:?}");
    assert_eq!(Some(s.end_utf16), utf16(s.end), "{src:?}");
}

/// The body of the fuzz target (`fuzz/fuzz_targets/template_parse.rs`).
fn check(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let approved = data.first().is_some_and(|b| b & 1 == 1);
    match TemplateBody::parse(src, approved) {
        Ok(body) => {
            for p in body.placeholders() {
                check_span(src, p.span);
            }
            let ctx = RenderContext::new(chrono::DateTime::UNIX_EPOCH);
            if let Err(missing) = body.render(&ctx) {
                assert!(!missing.missing.is_empty());
                for m in &missing.missing {
                    check_span(src, m.span);
                }
            }
            let again = TemplateBody::parse(&body.canonical_source(), approved).unwrap();
            assert_eq!(again.segments().len(), body.segments().len(), "{src:?}");
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                check_span(src, d.span);
            }
        }
    }
}

#[test]
fn every_template_fuzz_corpus_file_parses_or_fails_cleanly_with_valid_spans() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/template_parse");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    assert!(files.len() >= 30, "expected a seed corpus in {}", dir.display());
    for f in files {
        check(&std::fs::read(&f).unwrap());
    }
}
