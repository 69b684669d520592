//! What a template problem names: the variable, the stable error code, and
//! the diagnostics and missing placeholders that `crate::error::Error`
//! carries. A leaf module, so the error type does not depend on templates.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a placeholder stands for.
///
/// The five well-known names are filled automatically from the
/// [`RenderContext`](crate::template::RenderContext); custom names and numbered parameters are filled by the
/// agent.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variable {
    /// `{{customer_name}}`: the contact's name.
    CustomerName,
    /// `{{agent_name}}`: the name of the agent who sends the reply.
    AgentName,
    /// `{{company_name}}`: the workspace's company name.
    CompanyName,
    /// `{{date}}`: today's date in the workspace time zone.
    Date,
    /// `{{time}}`: the current time in the workspace time zone.
    Time,
    /// Any other name, e.g. `{{order_id}}`; stored in lowercase.
    Custom(String),
    /// A numbered parameter of a WhatsApp-approved template, e.g. `{{1}}`.
    Numbered(u32),
}

impl Variable {
    /// The key of the variable as written in a template and as used in
    /// [`RenderContext::with_value`](crate::template::RenderContext::with_value): `"customer_name"`, `"order_id"`, `"1"`.
    pub fn key(&self) -> String {
        match self {
            Variable::Custom(name) => name.clone(),
            Variable::Numbered(n) => n.to_string(),
            other => other.automatic_key().unwrap_or_default().to_string(),
        }
    }

    /// The key of an automatic variable, `None` for custom and numbered ones.
    pub(crate) fn automatic_key(&self) -> Option<&'static str> {
        Some(match self {
            Variable::CustomerName => "customer_name",
            Variable::AgentName => "agent_name",
            Variable::CompanyName => "company_name",
            Variable::Date => "date",
            Variable::Time => "time",
            Variable::Custom(_) | Variable::Numbered(_) => return None,
        })
    }

    /// Whether the value comes from the render context (customer, agent and
    /// company names, date and time) rather than from the agent.
    pub fn is_automatic(&self) -> bool {
        self.automatic_key().is_some()
    }

    /// The variable a (valid, lowercase) name refers to.
    pub(crate) fn from_name(name: String) -> Variable {
        match name.as_str() {
            "customer_name" => Variable::CustomerName,
            "agent_name" => Variable::AgentName,
            "company_name" => Variable::CompanyName,
            "date" => Variable::Date,
            "time" => Variable::Time,
            _ => Variable::Custom(name),
        }
    }
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Variable::Custom(name) => f.write_str(name),
            Variable::Numbered(n) => write!(f, "{n}"),
            other => f.write_str(other.automatic_key().unwrap_or_default()),
        }
    }
}

/// Stable snake_case codes of template syntax diagnostics (see
/// `docs/templates.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TemplateErrorCode {
    /// `{{` without a matching `}}` (before the next `{{` or the end).
    UnclosedBraces,
    /// `}}` outside a placeholder; write `\}}` for literal braces.
    StrayClosingBraces,
    /// `{{}}` or `{{ }}`: a placeholder without a name.
    EmptyVariable,
    /// A name that is not letters, digits and `_` starting with a letter or `_`.
    InvalidVariableName,
    /// A numbered parameter with leading zeros or above the maximum.
    InvalidNumberedParameter,
    /// `{{0}}`: numbered parameters start at 1.
    NumberedParameterZero,
    /// Numbered parameters skip a number (`{{1}}` and `{{3}}` without `{{2}}`).
    NumberedParameterGap,
    /// A numbered parameter in a template that is not WhatsApp-approved.
    NumberedParameterNotAllowed,
    /// Named and numbered placeholders in one template.
    MixedParameters,
    /// `|` not followed by a double-quoted default.
    DefaultNotQuoted,
    /// A default whose closing `"` is missing.
    UnterminatedDefault,
    /// A backslash in a default that is not `\"` or `\\`.
    InvalidDefaultEscape,
    /// Text after the default inside the braces.
    UnexpectedTextInVariable,
}

impl TemplateErrorCode {
    /// Every code, for documentation and binding checks.
    pub const ALL: [TemplateErrorCode; 13] = [
        TemplateErrorCode::UnclosedBraces,
        TemplateErrorCode::StrayClosingBraces,
        TemplateErrorCode::EmptyVariable,
        TemplateErrorCode::InvalidVariableName,
        TemplateErrorCode::InvalidNumberedParameter,
        TemplateErrorCode::NumberedParameterZero,
        TemplateErrorCode::NumberedParameterGap,
        TemplateErrorCode::NumberedParameterNotAllowed,
        TemplateErrorCode::MixedParameters,
        TemplateErrorCode::DefaultNotQuoted,
        TemplateErrorCode::UnterminatedDefault,
        TemplateErrorCode::InvalidDefaultEscape,
        TemplateErrorCode::UnexpectedTextInVariable,
    ];

    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateErrorCode::UnclosedBraces => "unclosed_braces",
            TemplateErrorCode::StrayClosingBraces => "stray_closing_braces",
            TemplateErrorCode::EmptyVariable => "empty_variable",
            TemplateErrorCode::InvalidVariableName => "invalid_variable_name",
            TemplateErrorCode::InvalidNumberedParameter => "invalid_numbered_parameter",
            TemplateErrorCode::NumberedParameterZero => "numbered_parameter_zero",
            TemplateErrorCode::NumberedParameterGap => "numbered_parameter_gap",
            TemplateErrorCode::NumberedParameterNotAllowed => "numbered_parameter_not_allowed",
            TemplateErrorCode::MixedParameters => "mixed_parameters",
            TemplateErrorCode::DefaultNotQuoted => "default_not_quoted",
            TemplateErrorCode::UnterminatedDefault => "unterminated_default",
            TemplateErrorCode::InvalidDefaultEscape => "invalid_default_escape",
            TemplateErrorCode::UnexpectedTextInVariable => "unexpected_text_in_variable",
        }
    }
}

impl fmt::Display for TemplateErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a template body, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDiagnostic {
    /// The stable code.
    pub code: TemplateErrorCode,
    /// An explanation for a person.
    pub message: String,
    /// The offending source text.
    pub span: Span,
}

/// A placeholder that could not be filled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingVariable {
    /// The variable without a value.
    pub variable: Variable,
    /// The placeholder's span in the template source.
    pub span: Span,
}
