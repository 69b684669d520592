use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 1, 31, 22, 5, 0).unwrap()
}

fn parse(src: &str) -> TemplateBody {
    TemplateBody::parse(src, false).unwrap()
}

fn parse_wa(src: &str) -> TemplateBody {
    TemplateBody::parse(src, true).unwrap()
}

fn codes(src: &str, wa: bool) -> Vec<(&'static str, String)> {
    let err = TemplateBody::parse(src, wa).unwrap_err();
    err.diagnostics.iter().map(|d| (d.code.as_str(), d.span.slice(src).unwrap().to_string())).collect()
}

fn ctx() -> RenderContext {
    RenderContext::new(now()).with_customer_name("Sarah").with_agent_name("Tom").with_company_name("Acme")
}

/// Segments without spans, so bodies parsed from different sources compare.
type Shape = Vec<(Option<String>, Option<(Variable, Option<String>)>)>;

fn shape(b: &TemplateBody) -> Shape {
    b.segments()
        .iter()
        .map(|s| match s {
            Segment::Text { text } => (Some(text.clone()), None),
            Segment::Placeholder(p) => (None, Some((p.variable.clone(), p.default.clone()))),
        })
        .collect()
}

#[test]
fn greeting_from_the_product_docs_renders_with_context_names() {
    let t = Template::new(
        "greeting",
        "Hi {{customer_name}}! Thanks for reaching out to {{company_name}}. How can I help you today?",
        false,
    )
    .unwrap();
    assert_eq!(
        t.render(&ctx()).unwrap(),
        "Hi Sarah! Thanks for reaching out to Acme. How can I help you today?"
    );
}

#[test]
fn date_and_time_are_written_in_the_workspace_offset() {
    let b = parse("Your appointment is confirmed for {{date}} at {{time}}.");
    let c = ctx().with_utc_offset_minutes(120).unwrap();
    assert_eq!(b.render(&c).unwrap(), "Your appointment is confirmed for 2026-02-01 at 00:05.");
    let c = ctx().with_utc_offset_minutes(-300).unwrap();
    assert_eq!(b.render(&c).unwrap(), "Your appointment is confirmed for 2026-01-31 at 17:05.");
}

#[test]
fn date_and_time_formats_are_selectable() {
    let b = parse("{{date}} {{time}}");
    let c = ctx().with_date_format(DateFormat::DayMonthYear).with_time_format(TimeFormat::H12);
    assert_eq!(b.render(&c).unwrap(), "31/01/2026 10:05 PM");
    let c = ctx().with_date_format(DateFormat::MonthDayYear);
    assert_eq!(b.render(&c).unwrap(), "01/31/2026 22:05");
    let midnight = RenderContext::new(chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 7, 0).unwrap())
        .with_time_format(TimeFormat::H12);
    assert_eq!(parse("{{time}}").render(&midnight).unwrap(), "12:07 AM");
}

#[test]
fn utc_offset_beyond_eighteen_hours_is_refused() {
    assert_eq!(ctx().with_utc_offset_minutes(18 * 60 + 1).unwrap_err().code(), "invalid_argument");
    assert!(ctx().with_utc_offset_minutes(-18 * 60).is_ok());
}

#[test]
fn whitespace_inside_braces_is_allowed_and_names_ignore_case() {
    let b = parse("Hi {{ customer_name }} / {{\tCustomer_Name\n}}");
    assert_eq!(b.render(&ctx()).unwrap(), "Hi Sarah / Sarah");
}

#[test]
fn custom_variables_are_filled_from_values_case_insensitively() {
    let b = parse("Order {{order_id}} ships {{ Ship_Date }}.");
    let c = ctx().with_value("ORDER_ID", "A-17").with_value("ship_date", "Monday");
    assert_eq!(b.render(&c).unwrap(), "Order A-17 ships Monday.");
}

#[test]
fn a_value_for_an_automatic_name_overrides_the_context() {
    let b = parse("Hi {{customer_name}}");
    assert_eq!(b.render(&ctx().with_value("customer_name", "Ms. Lee")).unwrap(), "Hi Ms. Lee");
}

#[test]
fn default_is_used_when_the_value_is_missing_or_blank() {
    let b = parse(r#"Hi {{customer_name | "there"}}!"#);
    assert_eq!(b.render(&RenderContext::new(now())).unwrap(), "Hi there!");
    assert_eq!(b.render(&RenderContext::new(now()).with_customer_name("  ")).unwrap(), "Hi there!");
    assert_eq!(b.render(&ctx()).unwrap(), "Hi Sarah!");
}

#[test]
fn default_may_contain_escaped_quotes_backslashes_and_braces() {
    let b = parse(r#"{{x | "say \"hi\" \\ {{ok}}"}}"#);
    let p = b.placeholders().next().unwrap();
    assert_eq!(p.default.as_deref(), Some(r#"say "hi" \ {{ok}}"#));
}

#[test]
fn an_empty_quoted_default_renders_nothing_on_purpose() {
    let b = parse(r#"Hi{{ suffix | "" }}!"#);
    assert_eq!(b.render(&ctx()).unwrap(), "Hi!");
}

#[test]
fn missing_variable_is_reported_with_its_span_never_blank() {
    let src = "Hi {{customer_name}}, order {{order_id}} for {{order_id}}";
    let b = parse(src);
    let err = b.render(&RenderContext::new(now())).unwrap_err();
    let got: Vec<(String, &str)> =
        err.missing.iter().map(|m| (m.variable.key(), m.span.slice(src).unwrap())).collect();
    assert_eq!(
        got,
        vec![
            ("customer_name".to_string(), "{{customer_name}}"),
            ("order_id".to_string(), "{{order_id}}"),
            ("order_id".to_string(), "{{order_id}}"),
        ]
    );
    assert_ne!(err.missing[1].span, err.missing[2].span);
}

#[test]
fn blank_value_without_default_is_missing_not_rendered_empty() {
    let b = parse("Dear {{customer_name}}");
    let err = b.render(&RenderContext::new(now()).with_customer_name("")).unwrap_err();
    assert_eq!(err.missing.len(), 1);
}

#[test]
fn variables_are_split_into_automatic_and_manual_with_spans_and_defaults() {
    let b =
        parse(r#"{{order_id}} {{customer_name}} {{date}} {{order_id | "n/a"}} {{customer_name | "there"}}"#);
    let v = b.variables();
    let auto: Vec<_> = v.automatic.iter().map(|i| (i.variable.key(), i.spans.len(), i.required)).collect();
    assert_eq!(auto, vec![("customer_name".into(), 2, true), ("date".into(), 1, true)]);
    assert_eq!(v.automatic[0].default.as_deref(), Some("there"));
    let manual: Vec<_> = v.manual.iter().map(|i| (i.variable.key(), i.spans.len(), i.required)).collect();
    assert_eq!(manual, vec![("order_id".into(), 2, true)]);
    let wa = parse_wa(r#"{{2}} then {{1 | "x"}}"#).variables();
    assert!(wa.automatic.is_empty());
    let nums: Vec<_> = wa.manual.iter().map(|i| (i.variable.clone(), i.required)).collect();
    assert_eq!(nums, vec![(Variable::Numbered(1), false), (Variable::Numbered(2), true)]);
}

#[test]
fn numbered_parameters_render_from_values_in_approved_templates() {
    let b = parse_wa("Your order {{1}} ships on {{2}}. Ref {{1}}");
    let c = RenderContext::new(now()).with_value("1", "A-17").with_value("2", "Monday");
    assert_eq!(b.render(&c).unwrap(), "Your order A-17 ships on Monday. Ref A-17");
    let params = b.parameters(&c).unwrap();
    let values: Vec<_> = params.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(values, vec!["A-17", "Monday"]);
}

#[test]
fn parameters_come_in_number_order_whatever_the_text_order() {
    let b = parse_wa("{{2}} {{1}}");
    let c = RenderContext::new(now()).with_value("1", "one").with_value("2", "two");
    let vars: Vec<_> = b.parameters(&c).unwrap().into_iter().map(|p| p.variable).collect();
    assert_eq!(vars, vec![Variable::Numbered(1), Variable::Numbered(2)]);
}

#[test]
fn numbered_parameter_outside_an_approved_template_is_an_error() {
    assert_eq!(codes("Hi {{1}}", false), vec![("numbered_parameter_not_allowed", "{{1}}".to_string())]);
}

#[test]
fn numbered_parameter_zero_is_an_error() {
    assert_eq!(codes("{{0}}", true), vec![("numbered_parameter_zero", "0".to_string())]);
    assert_eq!(codes("{{00}}", true), vec![("numbered_parameter_zero", "00".to_string())]);
}

#[test]
fn numbered_parameters_without_leading_zeros_and_at_most_one_hundred() {
    assert_eq!(codes("{{01}}", true), vec![("invalid_numbered_parameter", "01".to_string())]);
    assert_eq!(codes("{{101}}", true), vec![("invalid_numbered_parameter", "101".to_string())]);
    assert_eq!(codes("{{99999999999999999999}}", true)[0].0, "invalid_numbered_parameter");
    assert!(TemplateBody::parse("{{1}}{{2}}{{3}}", true).is_ok());
}

#[test]
fn numbered_parameters_with_a_gap_report_the_first_parameter_past_it() {
    let err = TemplateBody::parse("{{1}} {{3}} {{4}}", true).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1);
    let d = &err.diagnostics[0];
    assert_eq!(d.code, TemplateErrorCode::NumberedParameterGap);
    assert_eq!((d.span.start, d.span.end), (6, 11));
    assert!(d.message.contains("{{2}}"), "{}", d.message);
    assert_eq!(codes("{{2}}", true), vec![("numbered_parameter_gap", "{{2}}".to_string())]);
}

#[test]
fn mixing_named_and_numbered_is_reported_at_the_first_placeholder_of_the_later_kind() {
    assert_eq!(
        codes("{{1}} {{customer_name}} {{2}}", true),
        vec![("mixed_parameters", "{{customer_name}}".into())]
    );
    assert_eq!(codes("{{name}} {{1}}", true), vec![("mixed_parameters", "{{1}}".into())]);
}

#[test]
fn approved_templates_may_use_named_placeholders_alone() {
    assert!(TemplateBody::parse("Hi {{customer_name}}", true).is_ok());
}

#[test]
fn unclosed_braces_are_reported_at_the_opening() {
    assert_eq!(codes("Hi {{customer_name", false), vec![("unclosed_braces", "{{".into())]);
    let src = "Hi {{name, thanks from {{company_name}}";
    let err = TemplateBody::parse(src, false).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1);
    assert_eq!(err.diagnostics[0].span.start, 3);
}

#[test]
fn stray_closing_braces_are_an_error_not_text() {
    assert_eq!(codes("Hi {customer_name}}", false), vec![("stray_closing_braces", "}}".into())]);
}

#[test]
fn empty_placeholder_is_an_error() {
    assert_eq!(codes("a {{}} b", false), vec![("empty_variable", "{{}}".into())]);
    assert_eq!(codes("a {{  }} b", false), vec![("empty_variable", "{{  }}".into())]);
    assert_eq!(codes(r#"{{ | "x" }}"#, false), vec![("empty_variable", r#"{{ | "x" }}"#.into())]);
}

#[test]
fn invalid_name_characters_are_reported_on_the_name() {
    assert_eq!(codes("{{order-id}}", false), vec![("invalid_variable_name", "order-id".into())]);
    assert_eq!(codes("{{1st}}", false), vec![("invalid_variable_name", "1st".into())]);
    assert_eq!(codes("{{ customer name }}", false), vec![("invalid_variable_name", "customer name".into())]);
    assert_eq!(codes("{{ námé }}", false), vec![("invalid_variable_name", "námé".into())]);
}

#[test]
fn default_without_quotes_is_an_error() {
    assert_eq!(codes("{{customer_name | there}}", false), vec![("default_not_quoted", "| there".into())]);
    assert_eq!(codes("{{customer_name |}}", false), vec![("default_not_quoted", "|".into())]);
}

#[test]
fn unterminated_default_is_an_error_even_when_it_swallows_the_braces() {
    assert_eq!(
        codes(r#"Hi {{customer_name | "there}}!"#, false),
        vec![("unterminated_default", "\"there".into())]
    );
}

#[test]
fn unknown_escape_inside_a_default_is_an_error() {
    assert_eq!(codes(r#"{{x | "a\nb"}}"#, false), vec![("invalid_default_escape", "\\n".into())]);
}

#[test]
fn text_after_the_default_is_an_error() {
    assert_eq!(codes(r#"{{x | "a" "b"}}"#, false), vec![("unexpected_text_in_variable", "\"b\"".into())]);
}

#[test]
fn every_problem_is_reported_in_source_order() {
    let err = TemplateBody::parse("{{}} }} {{a-b}} {{x | y}}", false).unwrap_err();
    let got: Vec<_> = err.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        got,
        vec!["empty_variable", "stray_closing_braces", "invalid_variable_name", "default_not_quoted"]
    );
}

#[test]
fn spans_give_utf16_offsets_for_editors() {
    let src = "😀 é {{}}";
    let d = &TemplateBody::parse(src, false).unwrap_err().diagnostics[0];
    assert_eq!((d.span.start, d.span.end), (8, 12));
    assert_eq!((d.span.start_utf16, d.span.end_utf16), (5, 9));
}

#[test]
fn backslash_escapes_literal_braces() {
    let b = parse(r"Use \{{name}} and \}} literally, {{customer_name}}");
    assert_eq!(b.render(&ctx()).unwrap(), "Use {{name}} and }} literally, Sarah");
}

#[test]
fn doubled_backslash_before_a_placeholder_is_one_backslash() {
    assert_eq!(parse(r"C:\\{{customer_name}}").render(&ctx()).unwrap(), r"C:\Sarah");
    assert_eq!(parse(r"a\\\{{b").render(&ctx()).unwrap(), r"a\{{b");
    assert_eq!(parse(r"a\b \\ c\").render(&ctx()).unwrap(), r"a\b \\ c\");
}

#[test]
fn a_literal_brace_may_stand_right_before_or_after_a_placeholder() {
    assert_eq!(parse("{{{customer_name}}}").render(&ctx()).unwrap(), "{Sarah}");
    assert_eq!(parse("{ {customer_name} }").render(&ctx()).unwrap(), "{ {customer_name} }");
}

#[test]
fn canonical_source_reparses_to_the_same_segments() {
    for src in [
        r#"Hi {{ Customer_Name | "th\"ere" }}!"#,
        r"\{{x}} \}} \\{{date}} a\b {{{time}}}",
        r"trailing \\",
        "{{a}}{{b}}}",
        r"\\\{{ {{{{x}}",
    ] {
        let b = parse(src);
        let canon = b.canonical_source();
        let again = parse(&canon);
        assert_eq!(shape(&again), shape(&b), "{src:?} -> {canon:?}");
        assert_eq!(again.canonical_source(), canon, "canonical form is a fixed point");
    }
    assert_eq!(parse(r#"Hi {{ Customer_Name | "x" }}"#).canonical_source(), r#"Hi {{customer_name | "x"}}"#);
}

#[test]
fn template_name_must_not_be_blank() {
    assert_eq!(Template::new("  ", "x", false).unwrap_err().code(), "empty_name");
    assert_eq!(Template::new("t", "{{}}", false).unwrap_err().code(), "template_syntax");
}

#[test]
fn stored_templates_are_parsed_again_when_read_back() {
    let t = Template::new("greeting", r#"Hi {{customer_name | "there"}}"#, false).unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(
        json,
        r#"{"name":"greeting","source":"Hi {{customer_name | \"there\"}}","whatsapp_approved":false}"#
    );
    let back: Template = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    assert!(serde_json::from_str::<Template>(r#"{"name":"x","source":"{{"}"#).is_err());
}

#[test]
fn every_error_code_is_distinct_snake_case() {
    let mut seen = std::collections::HashSet::new();
    for c in TemplateErrorCode::ALL {
        assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
        assert!(seen.insert(c.as_str()));
        assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
    }
}

// ---- library and search ----

fn library() -> TemplateLibrary {
    let mut lib = TemplateLibrary::new();
    for (name, body) in [
        ("greeting", "Hi {{customer_name}}!"),
        ("Order confirmed", "Your order {{order_id}} is confirmed."),
        ("green-light", "All good to go."),
        ("Thanks", "Great to hear from you."),
        ("Agrément", "Merci {{customer_name}}."),
        ("Agreement", "Signed."),
        ("gre", "Exact."),
    ] {
        lib.insert(Template::new(name, body, false).unwrap()).unwrap();
    }
    lib
}

fn found(lib: &TemplateLibrary, q: &str) -> Vec<(String, TemplateMatchKind)> {
    lib.find(q, 10).into_iter().map(|m| (m.name, m.kind)).collect()
}

#[test]
fn search_ranks_exact_then_prefix_then_word_then_substring_then_body() {
    use TemplateMatchKind::*;
    let lib = library();
    assert_eq!(
        found(&lib, "/gre"),
        vec![
            ("gre".into(), ExactName),
            ("green-light".into(), NamePrefix),
            ("greeting".into(), NamePrefix),
            ("Agreement".into(), NameContains),
            ("Thanks".into(), BodyContains),
        ]
    );
    assert_eq!(found(&lib, "conf"), vec![("Order confirmed".into(), WordPrefix)]);
    assert_eq!(found(&lib, "light"), vec![("green-light".into(), WordPrefix)]);
}

#[test]
fn search_ignores_case_and_the_leading_slash_and_is_unicode_aware() {
    let lib = library();
    assert_eq!(found(&lib, "  AGRÉ"), vec![("Agrément".into(), TemplateMatchKind::NamePrefix)]);
    assert_eq!(found(&lib, "/ORDER"), found(&lib, "order"));
}

#[test]
fn empty_search_lists_every_template_by_name_up_to_the_limit() {
    let lib = library();
    let names: Vec<_> = lib.find("/", 3).into_iter().map(|m| m.name).collect();
    assert_eq!(names, vec!["Agreement", "Agrément", "gre"]);
}

#[test]
fn template_names_are_unique_ignoring_case() {
    let mut lib = library();
    let err = lib.insert(Template::new("GREETING", "x", false).unwrap()).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    assert_eq!(lib.get("Greeting").unwrap().name(), "greeting");
}

#[test]
fn library_keeps_insertion_order_across_removal() {
    let mut lib = library();
    lib.remove("GREEN-LIGHT").unwrap();
    let names: Vec<_> = lib.iter().map(|t| t.name()).collect();
    assert_eq!(names, vec!["greeting", "Order confirmed", "Thanks", "Agrément", "Agreement", "gre"]);
    assert_eq!(lib.remove("nope").unwrap_err().code(), "not_found");
}

#[test]
fn approved_whatsapp_template_text_cannot_be_replaced() {
    let mut lib = TemplateLibrary::new();
    lib.insert(Template::new("shipping", "Order {{1}} shipped", true).unwrap()).unwrap();
    let err = lib.replace_body("shipping", TemplateBody::parse("changed", true).unwrap()).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let mut lib = library();
    lib.replace_body("thanks", parse("Cheers!")).unwrap();
    assert_eq!(lib.find("cheers", 5)[0].name, "Thanks");
}

#[test]
fn library_round_trips_through_json_in_order() {
    let lib = library();
    let json = serde_json::to_string(&lib).unwrap();
    let back: TemplateLibrary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, lib);
    let dup = r#"[{"name":"a","source":"x"},{"name":"A","source":"y"}]"#;
    assert!(serde_json::from_str::<TemplateLibrary>(dup).is_err());
}

// ---- properties ----

fn check_spans(src: &str, spans: impl IntoIterator<Item = Span>) {
    for s in spans {
        assert!(s.start <= s.end && s.end <= src.len(), "{s:?} in {src:?}");
        assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end));
        let utf16 = |b: usize| src[..b].encode_utf16().count();
        assert_eq!((s.start_utf16, s.end_utf16), (utf16(s.start), utf16(s.end)));
    }
}

fn template_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("{".to_string()),
        Just("\\".to_string()),
        Just("\"".to_string()),
        Just("|".to_string()),
        Just(" ".to_string()),
        Just("customer_name".to_string()),
        Just("1".to_string()),
        Just("2".to_string()),
        Just("é😀".to_string()),
        "[a-z_0-9]{0,4}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_spans_are_valid(src in any::<String>(), wa in any::<bool>()) {
        match TemplateBody::parse(&src, wa) {
            Ok(b) => {
                check_spans(&src, b.placeholders().map(|p| p.span));
                if let Err(e) = b.render(&RenderContext::new(now())) {
                    check_spans(&src, e.missing.iter().map(|m| m.span));
                }
            }
            Err(e) => {
                prop_assert!(!e.diagnostics.is_empty());
                check_spans(&src, e.diagnostics.iter().map(|d| d.span));
            }
        }
    }

    #[test]
    fn template_like_text_never_panics_and_reparses_canonically(src in template_like(), wa in any::<bool>()) {
        match TemplateBody::parse(&src, wa) {
            Ok(b) => {
                check_spans(&src, b.placeholders().map(|p| p.span));
                let canon = b.canonical_source();
                let again = TemplateBody::parse(&canon, wa).unwrap();
                prop_assert_eq!(shape(&again), shape(&b));
                let _ = b.render(&ctx().with_value("1", "x"));
            }
            Err(e) => check_spans(&src, e.diagnostics.iter().map(|d| d.span)),
        }
    }

    #[test]
    fn any_segments_written_canonically_parse_back_unchanged(
        parts in prop::collection::vec(
            prop_oneof![
                "[a-z{}\\\\ é]{1,6}".prop_map(|t| (Some(t), None)),
                ("[a-z_]{1,5}", prop::option::of("[a-z\"\\\\{} ]{0,4}")).prop_map(|(n, d)| (None, Some((n, d)))),
            ],
            0..8,
        )
    ) {
        let mut segments: Vec<Segment> = Vec::new();
        for (text, var) in parts {
            match (text, var) {
                (Some(t), _) => match segments.last_mut() {
                    Some(Segment::Text { text }) => text.push_str(&t),
                    _ => segments.push(Segment::Text { text: t }),
                },
                (None, Some((name, default))) => segments.push(Segment::Placeholder(Placeholder {
                    variable: Variable::from_name(name),
                    default,
                    span: SpanMaker::new("").span(0, 0),
                })),
                (None, None) => {}
            }
        }
        let src = emit::canonical_source(&segments);
        let b = TemplateBody::parse(&src, false).unwrap();
        let want: Vec<_> = segments.iter().map(|s| match s {
            Segment::Text { text } => (Some(text.clone()), None),
            Segment::Placeholder(p) => (None, Some((p.variable.clone(), p.default.clone()))),
        }).collect();
        prop_assert_eq!(shape(&b), want, "{:?}", src);
    }
}

use crate::span::SpanMaker;

/// Large adversarial bodies (200 KB of openers, quotes and escapes) parse to
/// a result, never a panic, with every diagnostic span inside the input.
#[test]
fn large_adversarial_bodies_parse_without_panicking_and_spans_stay_in_bounds() {
    for pat in [
        "{{\"",
        "{{\"{{\"\"",
        "{{",
        "}}",
        "\\{{",
        "{{x|\"",
        "{{\"}}",
        "{\"{{\"}\"",
        "{{{{\"\"\"}}",
        "{{x|\"\\a}}",
        "{{x|\"\\a\"\\b",
    ] {
        let src = pat.repeat(200_000 / pat.len());
        if let Err(e) = TemplateBody::parse(&src, true) {
            assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= src.len(), "{pat:?}: {:?}", d.span);
            }
        }
    }
}
