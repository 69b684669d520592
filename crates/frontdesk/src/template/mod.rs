//! Reply templates: canned answers with placeholders that an agent inserts by
//! typing `/` in the composer.
//!
//! ```text
//! Hi {{customer_name | "there"}}! Thanks for reaching out to {{company_name}}.
//! Your appointment is confirmed for {{date}} at {{time}}.
//! ```
//!
//! A template body is parsed once ([`TemplateBody::parse`]) into segments, so
//! rendering only concatenates. The full syntax, every diagnostic code and the
//! search ranking are described in `docs/templates.md`.

mod emit;
mod library;
mod parse;
mod render;

pub use crate::template_diagnostics::{MissingVariable, TemplateDiagnostic, TemplateErrorCode, Variable};
pub use library::{TemplateLibrary, TemplateMatch, TemplateMatchKind};
pub use render::{
    DateFormat, MissingVariables, RenderContext, TemplateParameter, TimeFormat, MAX_UTC_OFFSET_MINUTES,
};

use crate::span::Span;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Highest numbered parameter accepted (`{{100}}`); WhatsApp templates use a
/// handful, and a bound keeps the gap check cheap on hostile input.
pub const MAX_NUMBERED_PARAMETER: u32 = 100;

/// One `{{...}}` in a template body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    /// What the placeholder stands for.
    pub variable: Variable,
    /// The text used when no (or only a blank) value is given, from
    /// `{{name | "default"}}`.
    pub default: Option<String>,
    /// Where the whole placeholder, braces included, sits in the source.
    pub span: Span,
}

/// A piece of a parsed template body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Segment {
    /// Literal text, with escapes already resolved.
    Text {
        /// The text.
        text: String,
    },
    /// A placeholder to be filled in.
    Placeholder(Placeholder),
}

/// A template body that does not parse. Lists every problem found, in source
/// order (never empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct TemplateSyntaxError {
    /// The problems, in source order.
    pub diagnostics: Vec<TemplateDiagnostic>,
}

impl fmt::Display for TemplateSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid template: ")?;
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{} at {}..{}: {}", d.code, d.span.start, d.span.end, d.message)?;
        }
        Ok(())
    }
}

impl From<TemplateSyntaxError> for Error {
    /// Keeps every diagnostic with its span (code `template_syntax`).
    fn from(e: TemplateSyntaxError) -> Error {
        Error::TemplateSyntax { diagnostics: e.diagnostics }
    }
}

/// The variables a template needs, split by who supplies them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVariables {
    /// Filled from the render context: customer, agent and company names,
    /// date and time. In order of first use.
    pub automatic: Vec<VariableInfo>,
    /// Filled by the agent: custom names and numbered parameters. In order of
    /// first use, except numbered parameters, which come in number order.
    pub manual: Vec<VariableInfo>,
}

/// One variable of a template and every place it is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableInfo {
    /// The variable.
    pub variable: Variable,
    /// The spans of every placeholder using it, in source order.
    pub spans: Vec<Span>,
    /// The first default given for it, if any placeholder gives one.
    pub default: Option<String>,
    /// Whether rendering fails without a value: true when at least one
    /// placeholder for it has no default.
    pub required: bool,
}

/// A parsed template body. Parsing happens once; rendering reuses the parsed
/// segments.
///
/// Serializes as its source and flag only (`{"source": ..., "whatsapp_approved":
/// ...}`) and parses again when read back, so a stored body is always valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BodyRepr", into = "BodyRepr")]
pub struct TemplateBody {
    source: String,
    whatsapp_approved: bool,
    segments: Vec<Segment>,
}

#[derive(Serialize, Deserialize)]
struct BodyRepr {
    source: String,
    #[serde(default)]
    whatsapp_approved: bool,
}

impl TryFrom<BodyRepr> for TemplateBody {
    type Error = TemplateSyntaxError;
    fn try_from(r: BodyRepr) -> Result<Self, Self::Error> {
        TemplateBody::parse(&r.source, r.whatsapp_approved)
    }
}

impl From<TemplateBody> for BodyRepr {
    fn from(b: TemplateBody) -> BodyRepr {
        BodyRepr { source: b.source, whatsapp_approved: b.whatsapp_approved }
    }
}

impl TemplateBody {
    /// Parses a template body. `whatsapp_approved` marks a template approved
    /// by WhatsApp: only those may use numbered parameters (`{{1}}`).
    ///
    /// Every problem is reported at once, each with its span and code.
    pub fn parse(source: &str, whatsapp_approved: bool) -> Result<TemplateBody, TemplateSyntaxError> {
        let segments = parse::parse(source, whatsapp_approved)?;
        Ok(TemplateBody { source: source.to_string(), whatsapp_approved, segments })
    }

    /// The text the body was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether this is a WhatsApp-approved template.
    pub fn is_whatsapp_approved(&self) -> bool {
        self.whatsapp_approved
    }

    /// The parsed pieces, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Every placeholder, in source order.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Placeholder(p) => Some(p),
            Segment::Text { .. } => None,
        })
    }

    /// The variables the template needs, split into automatic and manual.
    pub fn variables(&self) -> TemplateVariables {
        let mut all: Vec<VariableInfo> = Vec::new();
        for p in self.placeholders() {
            let index = match all.iter().position(|v| v.variable == p.variable) {
                Some(index) => index,
                None => {
                    all.push(VariableInfo {
                        variable: p.variable.clone(),
                        spans: Vec::new(),
                        default: None,
                        required: false,
                    });
                    all.len() - 1
                }
            };
            let Some(info) = all.get_mut(index) else { continue };
            info.spans.push(p.span);
            if info.default.is_none() {
                info.default.clone_from(&p.default);
            }
            info.required |= p.default.is_none();
        }
        let (automatic, mut manual): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|v| v.variable.is_automatic());
        manual.sort_by_key(|v| match v.variable {
            Variable::Numbered(n) => n,
            _ => 0,
        });
        TemplateVariables { automatic, manual }
    }

    /// The body written in the canonical syntax: `{{name}}` and
    /// `{{name | "default"}}` without extra spaces, names in lowercase and
    /// escapes only where needed. It parses back to the same segments.
    pub fn canonical_source(&self) -> String {
        emit::canonical_source(&self.segments)
    }

    /// Fills in the placeholders. Fails listing every placeholder that has
    /// neither a non-blank value nor a default; never renders a silent blank.
    pub fn render(&self, ctx: &RenderContext) -> Result<String, MissingVariables> {
        render::render(self, ctx)
    }

    /// The value of each distinct variable, as a provider API for approved
    /// templates wants them: numbered parameters in number order, named ones
    /// in order of first use. Fails like [`TemplateBody::render`].
    pub fn parameters(&self, ctx: &RenderContext) -> Result<Vec<TemplateParameter>, MissingVariables> {
        render::parameters(self, ctx)
    }
}

/// A named reply template in a workspace's library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TemplateRepr", into = "TemplateRepr")]
pub struct Template {
    name: String,
    body: TemplateBody,
}

#[derive(Serialize, Deserialize)]
struct TemplateRepr {
    name: String,
    #[serde(flatten)]
    body: TemplateBody,
}

impl TryFrom<TemplateRepr> for Template {
    type Error = Error;
    fn try_from(r: TemplateRepr) -> Result<Self, Error> {
        Template::from_body(&r.name, r.body)
    }
}

impl From<Template> for TemplateRepr {
    fn from(t: Template) -> TemplateRepr {
        TemplateRepr { name: t.name, body: t.body }
    }
}

impl Template {
    /// Parses `source` into a template called `name` (trimmed; must not be
    /// blank). Syntax problems become a `template_syntax` error carrying every
    /// diagnostic with its span.
    pub fn new(name: &str, source: &str, whatsapp_approved: bool) -> Result<Template, Error> {
        let body = TemplateBody::parse(source, whatsapp_approved)?;
        Template::from_body(name, body)
    }

    /// Names an already parsed body.
    pub fn from_body(name: &str, body: TemplateBody) -> Result<Template, Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::EmptyName { field: "template name".to_string() });
        }
        Ok(Template { name: name.to_string(), body })
    }

    /// The template's name, as the agent searches for it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The parsed body.
    pub fn body(&self) -> &TemplateBody {
        &self.body
    }

    /// Shorthand for [`TemplateBody::render`].
    pub fn render(&self, ctx: &RenderContext) -> Result<String, MissingVariables> {
        self.body.render(ctx)
    }
}

#[cfg(test)]
mod tests;

/// Checks the template parser's promises on one input and says which one
/// broke: parsing never panics; a body that parses renders to text or to a
/// non-empty list of missing variables; its canonical source parses again to
/// as many segments; every span (placeholders, missing variables,
/// diagnostics) lies on character boundaries with matching UTF-16 offsets.
/// `whatsapp_approved` selects the mode. The fuzz target and the corpus
/// regression test both run it.
pub fn check_parse(source: &str, whatsapp_approved: bool) -> Result<(), String> {
    let check_span = |s: Span| -> Result<(), String> {
        let utf16 = |b: usize| source.get(..b).map(|p| p.encode_utf16().count());
        let fine = s.start <= s.end
            && s.end <= source.len()
            && source.is_char_boundary(s.start)
            && source.is_char_boundary(s.end)
            && utf16(s.start) == Some(s.start_utf16)
            && utf16(s.end) == Some(s.end_utf16);
        if fine {
            Ok(())
        } else {
            Err(format!("span {s:?} is not a valid span of {source:?}"))
        }
    };
    match TemplateBody::parse(source, whatsapp_approved) {
        Ok(body) => {
            for p in body.placeholders() {
                check_span(p.span)?;
            }
            let ctx = RenderContext::new(chrono::DateTime::UNIX_EPOCH);
            if let Err(missing) = body.render(&ctx) {
                if missing.missing.is_empty() {
                    return Err(format!("rendering {source:?} failed without naming a variable"));
                }
                for m in &missing.missing {
                    check_span(m.span)?;
                }
            }
            let again = TemplateBody::parse(&body.canonical_source(), whatsapp_approved)
                .map_err(|e| format!("canonical source of {source:?} does not parse: {e}"))?;
            if again.segments().len() != body.segments().len() {
                return Err(format!("canonical source of {source:?} parses to another shape"));
            }
        }
        Err(e) => {
            if e.diagnostics.is_empty() {
                return Err(format!("{source:?} failed without a diagnostic"));
            }
            for d in &e.diagnostics {
                check_span(d.span)?;
            }
        }
    }
    Ok(())
}
