//! Writes parsed segments back in the canonical syntax, escaping exactly what
//! the parser would otherwise read differently.

use super::{Placeholder, Segment};

pub(super) fn canonical_source(segments: &[Segment]) -> String {
    let mut out = String::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Text { text } => {
                let before_placeholder = matches!(segments.get(i + 1), Some(Segment::Placeholder(_)));
                text_into(&mut out, text, before_placeholder);
            }
            Segment::Placeholder(p) => placeholder_into(&mut out, p),
        }
    }
    out
}

fn text_into(out: &mut String, text: &str, before_placeholder: bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = text.get(i..).unwrap_or("");
        if rest.starts_with('\\') {
            let k = rest.bytes().take_while(|&c| c == b'\\').count();
            let after = text.get(i + k..).unwrap_or("");
            // Backslashes are only special right before `{{` or `}}`, including
            // the `{{` of a placeholder that follows this text (possibly behind
            // trailing literal `{`s, which join its opening run).
            let special = after.starts_with("{{")
                || after.starts_with("}}")
                || (before_placeholder && after.bytes().all(|c| c == b'{'));
            let count = if special { 2 * k } else { k };
            out.extend(std::iter::repeat_n('\\', count));
            i += k;
        } else if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push('\\');
            out.push_str(rest.get(..2).unwrap_or(""));
            i += 2;
        } else if let Some(c) = rest.chars().next() {
            out.push(c);
            i += c.len_utf8();
        } else {
            break;
        }
    }
}

fn placeholder_into(out: &mut String, p: &Placeholder) {
    out.push_str("{{");
    out.push_str(&p.variable.key());
    if let Some(default) = &p.default {
        out.push_str(" | \"");
        for c in default.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push_str("}}");
}
