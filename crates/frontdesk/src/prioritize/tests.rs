use super::*;

fn compiled(rules: Vec<PriorityRule>) -> CompiledPriorityRules {
    PriorityRules { rules, ..PriorityRules::default() }.compile().unwrap()
}

fn kw(id: &str, words: &[&str], priority: Priority) -> PriorityRule {
    rule(id, super::words(words), priority)
}

fn fired(rules: &CompiledPriorityRules, text: &str) -> Vec<String> {
    rules.decide(&PrioritySignals::new(text, Channel::Email)).fired.into_iter().map(|f| f.rule_id).collect()
}

#[test]
fn keywords_match_case_insensitively_on_word_boundaries() {
    let r = compiled(vec![kw("down", &["down"], Priority::Urgent)]);
    assert_eq!(fired(&r, "The site is DOWN!"), vec!["down"]);
    assert_eq!(fired(&r, "(down)"), vec!["down"]);
    assert_eq!(fired(&r, "shut-down"), vec!["down"]);
    assert!(fired(&r, "we had a shutdown").is_empty());
    assert!(fired(&r, "downtime").is_empty());
    assert!(fired(&r, "down_time").is_empty(), "`_` is a word character, as in regex \\b");
}

#[test]
fn phrases_match_across_any_whitespace_run() {
    let r = compiled(vec![kw("nw", &["Not   Working"], Priority::High)]);
    assert_eq!(fired(&r, "it is not\n\t working."), vec!["nw"]);
    assert!(fired(&r, "not-working").is_empty());
}

#[test]
fn keywords_in_other_languages_match_with_unicode_case_and_boundaries() {
    let r = compiled(vec![kw("ru", &["срочно"], Priority::Urgent), kw("de", &["Störung"], Priority::Urgent)]);
    assert_eq!(fired(&r, "Очень СРОЧНО, пожалуйста"), vec!["ru"]);
    assert_eq!(fired(&r, "Eine STÖRUNG im Netz"), vec!["de"]);
    assert!(fired(&r, "Netzstörung").is_empty());
}

#[test]
fn combining_marks_continue_a_word() {
    // Hindi "जल्दी" (quickly) must not match inside "जल्दीबाज़ी", joined by signs.
    let r = compiled(vec![kw("hi", &["जल्दी"], Priority::High)]);
    assert_eq!(fired(&r, "कृपया जल्दी करें"), vec!["hi"]);
    assert!(fired(&r, "जल्दीबाज़ी").is_empty());
}

#[test]
fn keywords_in_scripts_without_spaces_match_inside_runs() {
    let r = compiled(vec![kw("ja", &["緊急"], Priority::Urgent), kw("sim", &["SIM"], Priority::High)]);
    assert_eq!(fired(&r, "至急緊急対応をお願いします"), vec!["ja"]);
    assert_eq!(fired(&r, "新しいSIMカードが届かない"), vec!["sim"]);
    assert!(fired(&r, "SIMPLE").is_empty());
}

#[test]
fn overlapping_and_nested_keywords_all_fire() {
    let r = compiled(vec![
        kw("refund", &["refund"], Priority::High),
        kw("refund_request", &["refund request"], Priority::Urgent),
        kw("request_now", &["request now"], Priority::Normal),
    ]);
    assert_eq!(fired(&r, "refund request now"), vec!["refund", "refund_request", "request_now"]);
    assert_eq!(fired(&r, "refund requests"), vec!["refund"]);
}

#[test]
fn the_highest_fired_priority_wins_and_every_fired_rule_is_explained() {
    let r = compiled(vec![
        kw("refund", &["refund"], Priority::High),
        rule("vip", PriorityCondition::Segment { segment: "VIP".into() }, Priority::Urgent),
        rule("wa", PriorityCondition::Channel { channel: Channel::Whatsapp }, Priority::Low),
    ]);
    let signals = PrioritySignals {
        segment: Some(" vip "),
        ..PrioritySignals::new("Refund please", Channel::Whatsapp)
    };
    let d = r.decide(&signals);
    assert_eq!(d.priority, Some(Priority::Urgent));
    let got: Vec<_> = d.fired.iter().map(|f| (f.rule_id.as_str(), f.priority, f.reason.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("refund", Priority::High, "message contains \"refund\""),
            ("vip", Priority::Urgent, "contact segment is \"vip\""),
            ("wa", Priority::Low, "message came in on whatsapp"),
        ]
    );
}

#[test]
fn no_rule_fired_means_keep_the_current_priority() {
    let r = PriorityRules::default_rules().compile().unwrap();
    let d = r.decide(&PrioritySignals::new("Hello, what are your opening hours?", Channel::Webchat));
    assert_eq!(d, PriorityDecision::default());
    assert_eq!(d.next_priority(Priority::High, false), None);
}

#[test]
fn sentiment_below_threshold_fires_and_out_of_range_scores_are_ignored() {
    let r =
        compiled(vec![rule("neg", PriorityCondition::SentimentBelow { threshold: -0.6 }, Priority::High)]);
    let with =
        |s: f32| r.decide(&PrioritySignals { sentiment: Some(s), ..PrioritySignals::new("", Channel::Sms) });
    assert_eq!(with(-0.8).fired[0].reason, "sentiment -0.80 is below -0.60");
    assert!(with(-0.6).fired.is_empty());
    assert!(with(f32::NAN).fired.is_empty());
    assert!(with(-3.0).fired.is_empty());
}

#[test]
fn intent_and_tags_compare_ignoring_case() {
    let r = compiled(vec![
        rule("esc", PriorityCondition::Intent { intent: "Escalation".into() }, Priority::Urgent),
        rule("tag", PriorityCondition::Tag { tag: "billing".into() }, Priority::High),
    ]);
    let tags = vec!["Urgent-Review".to_string(), "BILLING".to_string()];
    let s = PrioritySignals {
        intent: Some("escalation"),
        tags: &tags,
        ..PrioritySignals::new("", Channel::Email)
    };
    assert_eq!(r.decide(&s).fired.len(), 2);
}

#[test]
fn waiting_longer_fires_only_strictly_past_the_threshold() {
    let r = compiled(vec![rule("wait", PriorityCondition::WaitingLonger { seconds: 7200 }, Priority::High)]);
    let at = |w: i64| {
        r.decide(&PrioritySignals { waiting_secs: Some(w), ..PrioritySignals::new("", Channel::Email) })
    };
    assert!(at(7200).fired.is_empty());
    assert_eq!(at(7201).priority, Some(Priority::High));
}

#[test]
fn automation_changes_no_pinned_priority() {
    let high = PriorityDecision { priority: Some(Priority::High), fired: vec![] };
    assert_eq!(high.next_priority(Priority::Urgent, true), None);
    assert_eq!(high.next_priority(Priority::Low, true), None);
    assert_eq!(high.next_priority(Priority::Urgent, false), Some(Priority::High));
    assert_eq!(high.next_priority(Priority::High, false), None);
}

#[test]
fn default_rules_compile_and_follow_the_product_definitions() {
    let r = PriorityRules::default_rules().compile().unwrap();
    let p = |s: PrioritySignals<'_>| r.decide(&s).priority;
    assert_eq!(
        p(PrioritySignals::new("Your service is down since 9am", Channel::Email)),
        Some(Priority::Urgent)
    );
    assert_eq!(p(PrioritySignals::new("I want a refund", Channel::Email)), Some(Priority::High));
    assert_eq!(p(PrioritySignals::new("緊急です", Channel::Whatsapp)), Some(Priority::Urgent));
    let vip = PrioritySignals { segment: Some("VIP"), ..PrioritySignals::new("hi", Channel::Email) };
    assert_eq!(p(vip), Some(Priority::Urgent));
    let late = PrioritySignals { waiting_secs: Some(7201), ..PrioritySignals::new("", Channel::Email) };
    assert_eq!(p(late), Some(Priority::High));
}

#[test]
fn rules_round_trip_through_json_with_a_kind_tag() {
    let rules = PriorityRules::default_rules();
    let json = serde_json::to_string(&rules).unwrap();
    assert!(json.contains(r#"{"kind":"segment","segment":"vip"}"#), "{json}");
    let back: PriorityRules = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rules);
}

#[test]
fn invalid_rule_configs_are_refused_with_stable_codes() {
    let code = |rules: Vec<PriorityRule>| {
        PriorityRules { rules, ..PriorityRules::default() }.compile().unwrap_err().code()
    };
    assert_eq!(code(vec![kw(" ", &["x"], Priority::High)]), "empty_name");
    assert_eq!(code(vec![kw("a", &["x"], Priority::High), kw("A", &["y"], Priority::Low)]), "duplicate");
    assert_eq!(code(vec![kw("a", &[], Priority::High)]), "invalid_argument");
    assert_eq!(code(vec![kw("a", &["ok", "  "], Priority::High)]), "invalid_argument");
    let c = |condition| code(vec![rule("a", condition, Priority::High)]);
    assert_eq!(c(PriorityCondition::SentimentBelow { threshold: 1.5 }), "invalid_argument");
    assert_eq!(c(PriorityCondition::SentimentBelow { threshold: f32::NAN }), "invalid_argument");
    assert_eq!(c(PriorityCondition::WaitingLonger { seconds: 0 }), "invalid_argument");
    assert_eq!(c(PriorityCondition::Tag { tag: " ".into() }), "invalid_argument");
}

#[test]
fn keywords_with_regex_characters_are_literal() {
    let r = compiled(vec![kw("q", &["why?!", "a.b", "(x)"], Priority::High)]);
    assert_eq!(fired(&r, "but why?! really"), vec!["q"]);
    assert!(fired(&r, "axb").is_empty());
    assert_eq!(fired(&r, "see (x) here"), vec!["q"]);
}

#[test]
fn sla_warns_only_past_the_goal_of_the_priority() {
    let goals = ResponseGoals::default();
    assert_eq!(sla_check(Priority::Urgent, 900, &goals), None);
    let w = sla_check(Priority::Urgent, 960, &goals).unwrap();
    assert_eq!((w.kind, w.goal_secs, w.overdue_secs), (SlaWarningKind::UrgentNotAnswered, 900, 60));
    let w = sla_check(Priority::Normal, 7300, &goals).unwrap();
    assert_eq!(w.kind, SlaWarningKind::PendingTooLong);
    assert_eq!(sla_check(Priority::Low, i64::MIN, &goals), None);
    assert!(sla_check(Priority::High, i64::MAX, &goals).is_some());
}

#[test]
fn response_goals_must_be_positive() {
    assert!(ResponseGoals::default().validate().is_ok());
    let bad = ResponseGoals { high_secs: 0, ..ResponseGoals::default() };
    assert_eq!(bad.validate().unwrap_err().code(), "invalid_argument");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_and_keywords_never_panic(
            words in prop::collection::vec("[a-zé緊 .?]{1,6}", 1..6),
            text in any::<String>(),
        ) {
            let words: Vec<String> = words.into_iter().filter(|w| !w.trim().is_empty()).collect();
            prop_assume!(!words.is_empty());
            let rules = PriorityRules { rules: vec![rule("k", PriorityCondition::KeywordsAny { keywords: words }, Priority::High)], ..PriorityRules::default() };
            let r = rules.compile().unwrap();
            let _ = r.decide(&PrioritySignals::new(&text, Channel::Email));
        }

        #[test]
        fn a_keyword_always_fires_when_written_alone(word in "[a-zà-ÿ]{1,8}( [a-z]{1,5})?") {
            let r = compiled(vec![kw("k", &[&word], Priority::High)]);
            prop_assert_eq!(fired(&r, &format!("Hi, {} !", word.to_uppercase())), vec!["k".to_string()]);
        }
    }
}
