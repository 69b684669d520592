//! Template parsing never panics; a body that parses renders to text or to a
//! list of missing variables; every span lies on character boundaries.
#![no_main]

use frontdesk::template::{RenderContext, TemplateBody};
use frontdesk::Span;
use libfuzzer_sys::fuzz_target;

fn check_span(src: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= src.len(), "{s:?} outside {src:?}");
    assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end), "{s:?} splits a character");
    let utf16 = |b: usize| src.get(..b).map(|p| p.encode_utf16().count());
    assert_eq!(Some(s.start_utf16), utf16(s.start));
    assert_eq!(Some(s.end_utf16), utf16(s.end));
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    // The first byte picks the WhatsApp flag so both modes are explored.
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
            let again = TemplateBody::parse(&body.canonical_source(), approved).expect("canonical source parses");
            assert_eq!(again.segments().len(), body.segments().len());
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                check_span(src, d.span);
            }
        }
    }
});
