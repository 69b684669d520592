//! Generates, from the core's sources, (1) the TypeScript shape of every
//! domain event from the `Event` enum (crates/frontdesk/src/event.rs), so
//! `FrontdeskEvent` in index.d.ts is a discriminated union on `type` that
//! follows the core (events still cross as the core's JSON; the generated enum
//! only carries the types), and (2) the JavaScript records that mirror a core
//! record field for field (`RECORDS`), with their conversion. A new variant or
//! field appears by itself; a field type this file cannot express stops the
//! build.
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// Plain enums that index.d.ts already names (types-header.d.ts).
const ALIASES: &[&str] = &["Channel", "Status", "Priority", "AiMode", "Availability"];

/// Core records generated as JavaScript records: (name, core path, fields left
/// out of the JavaScript record).
const RECORDS: &[(&str, &str, &[&str])] = &[
    ("Tiles", "core::Tiles", &[]),
    ("InboxMetrics", "core::InboxMetrics", &[]),
    ("ConversationMetrics", "core::ConversationMetrics", &[]),
    ("Presence", "core::Presence", &[]),
    ("Notification", "core::Notification", &[]),
    ("Delivered", "core::Delivered", &[]),
    ("ListRow", "core::ListRow", &[]),
    ("Page", "core::Page", &[]),
    ("SqlContext", "core::query::sql::SqlContext", &[]),
    ("SavedFilterCount", "core::SavedFilterCount", &[]),
    ("Team", "core::Team", &["routing"]),
    ("Invoice", "core::Invoice", &["message"]),
    ("Attachment", "core::Attachment", &[]),
    ("User", "core::User", &["notifications"]),
    ("Contact", "core::Contact", &["notes", "identities", "routing"]),
    ("FiredRule", "core::prioritize::FiredRule", &[]),
    ("PriorityDecision", "core::prioritize::PriorityDecision", &[]),
    ("ResponseGoals", "core::prioritize::ResponseGoals", &[]),
    ("Transcript", "core::Transcript", &[]),
    ("FeedRow", "core::FeedRow", &[]),
    ("FeedView", "core::FeedView", &[]),
    ("Feed", "core::Feed", &[]),
    ("FeedGroup", "core::FeedGroup", &[]),
    ("SavedFilter", "core::SavedFilter", &[]),
];

fn main() {
    napi_build::setup();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/frontdesk/src");
    let mut enums = HashMap::new();
    let mut structs = HashMap::new();
    collect(&src, &mut enums, &mut structs);
    records(&structs);
    let event = enums.get("Event").expect("the core has an Event enum").clone();
    let mut out = String::new();
    writeln!(
        out,
        "/// A domain event: `type` says what happened; the other fields (camelCase) depend on it."
    )
    .unwrap();
    writeln!(
        out,
        "#[napi(js_name = \"FrontdeskEvent\", discriminant = \"type\", discriminant_case = \"snake_case\")]"
    )
    .unwrap();
    // Field docs would break each case of the union over several lines.
    writeln!(out, "#[allow(missing_docs)]\npub enum EventShape {{").unwrap();
    for v in &event.variants {
        doc(&mut out, &v.attrs);
        writeln!(out, "    {} {{", v.ident).unwrap();
        for f in &v.fields {
            let ts = ts(&f.ty, &enums);
            writeln!(out, "        #[napi(ts_type = {ts:?})]").unwrap();
            writeln!(out, "        {}: serde_json::Value,", f.ident.as_ref().expect("named event fields"))
                .unwrap();
        }
        writeln!(out, "    }},").unwrap();
    }
    writeln!(out, "}}").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("events.rs");
    std::fs::write(dest, out).unwrap();
}

fn records(structs: &HashMap<String, syn::ItemStruct>) {
    let mut out = String::new();
    for (name, path, skip) in RECORDS {
        let s = structs.get(*name).unwrap_or_else(|| panic!("the core has no struct {name}"));
        assert_eq!(s.ident, name, "two core structs are named {name}");
        let fields: Vec<_> = s
            .fields
            .iter()
            .filter(|f| !skip.contains(&f.ident.as_ref().unwrap().to_string().as_str()))
            .collect();
        doc(&mut out, &s.attrs);
        writeln!(out, "#[napi(object)]\n#[derive(Clone)]\npub struct {name} {{").unwrap();
        for f in &fields {
            doc(&mut out, &f.attrs);
            writeln!(out, "    pub {}: {},", f.ident.as_ref().unwrap(), rust(&f.ty)).unwrap();
        }
        writeln!(out, "}}").unwrap();
        let init: String = fields
            .iter()
            .map(|f| format!("{0}: x.{0}.clone().out()?, ", f.ident.as_ref().unwrap()))
            .collect();
        // Cloning every field keeps the generator free of a list of Copy types.
        writeln!(out, "#[allow(clippy::clone_on_copy)]").unwrap();
        writeln!(out, "impl Out<{name}> for &{path} {{\n    fn out(self) -> JsResult<{name}> {{\n        let x = self;\n        Ok({name} {{ {init}}})\n    }}\n}}").unwrap();
        writeln!(out, "impl Out<{name}> for {path} {{\n    fn out(self) -> JsResult<{name}> {{\n        (&self).out()\n    }}\n}}").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("records.rs");
    std::fs::write(dest, out).unwrap();
}

/// The JavaScript-side Rust type of a core field type (its `Out` conversion
/// is in src/lib.rs).
fn rust(ty: &syn::Type) -> String {
    let syn::Type::Path(p) = ty else { panic!("a record field type is not a path") };
    let seg = p.path.segments.last().unwrap();
    let name = seg.ident.to_string();
    let inner = || match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => match a.args.first() {
            Some(syn::GenericArgument::Type(t)) => rust(t),
            _ => panic!("{name} without a type argument"),
        },
        _ => panic!("{name} without a type argument"),
    };
    match name.as_str() {
        "Option" => format!("Option<{}>", inner()),
        "Vec" => format!("Vec<{}>", inner()),
        // Boxed texts (`Box<str>`) cross as strings.
        "Box" => inner(),
        "str" => "String".into(),
        "DateTime" => "DateTime<Utc>".into(),
        "UserId" | "TeamId" | "ContactId" | "ConversationId" | "MessageId" | "InvoiceId"
        | "SavedFilterId" | "u64" | "usize" | "i64" | "f64" => "f64".into(),
        "u32" | "i32" | "bool" | "String" => name,
        "u16" => "u32".into(),
        "View" | "Sort" => name,
        "Role" | "Availability" | "Audience" => name,
        "Cursor" => "String".into(),
        "Filters" => "ViewFilters".into(),
        "PaymentKind" => "PaymentKind".into(),
        "PaymentState" => "PaymentState".into(),
        n if ALIASES.contains(&n) || ["AlertKind", "DeliveryChannel"].contains(&n) => n.into(),
        n if RECORDS.iter().any(|r| r.0 == n) || ["TranscriptEntry"].contains(&n) => n.into(),
        n => panic!("record field type {n} has no JavaScript form"),
    }
}

fn collect(
    dir: &Path,
    enums: &mut HashMap<String, syn::ItemEnum>,
    structs: &mut HashMap<String, syn::ItemStruct>,
) {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, enums, structs);
        } else if path.extension().is_some_and(|e| e == "rs") {
            println!("cargo:rerun-if-changed={}", path.display());
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in file.items {
                if let syn::Item::Struct(s) = &item {
                    let name = s.ident.to_string();
                    if structs.insert(name.clone(), s.clone()).is_some() {
                        structs.get_mut(&name).unwrap().ident = syn::Ident::new("Ambiguous", s.ident.span());
                    }
                }
                if let syn::Item::Enum(e) = item {
                    // Two enums of one name: neither may be used (ambiguous).
                    let name = e.ident.to_string();
                    let twice = enums.contains_key(&name);
                    enums.insert(name.clone(), e);
                    if twice {
                        enums.get_mut(&name).unwrap().variants.clear();
                    }
                }
            }
        }
    }
}

fn doc(out: &mut String, attrs: &[syn::Attribute]) {
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                let line = s.value();
                let line = line.trim();
                // A link reference definition ("[`x`]: crate::x") has no meaning outside rustdoc.
                if !(line.starts_with('[') && line.contains("]: ")) {
                    writeln!(out, "    /// {}", plain_links(line)).unwrap();
                }
            }
        }
    }
}

/// Rustdoc links to core items ("[`View::TeamInbox`]", "[text](crate::x)")
/// become plain text: they resolve in neither this crate nor index.d.ts.
fn plain_links(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            rest = &rest[open..];
            break;
        };
        let (inner, tail) = (&after[..close], &after[close + 1..]);
        let code = inner.len() > 1 && inner.starts_with('`') && inner.ends_with('`');
        if let (true, Some(end)) = (tail.starts_with('('), tail.find(')')) {
            out.push_str(inner);
            rest = &tail[end + 1..];
        } else if code {
            out.push_str(inner);
            rest = tail;
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn snake(name: &str) -> String {
    let mut s = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            s.push('_');
        }
        s.extend(c.to_lowercase());
    }
    s
}

/// The serde attribute `key = "value"` of an enum, if any.
fn serde_attr(e: &syn::ItemEnum, key: &str) -> Option<String> {
    let mut found = None;
    for a in e.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident(key) {
                found = Some(m.value()?.parse::<syn::LitStr>()?.value());
            } else if m.input.peek(syn::Token![=]) {
                m.value()?.parse::<syn::LitStr>()?;
            }
            Ok(())
        });
    }
    found
}

/// The TypeScript type of a core type as the event JSON carries it.
fn ts(ty: &syn::Type, enums: &HashMap<String, syn::ItemEnum>) -> String {
    let syn::Type::Path(p) = ty else { panic!("an event field type is not a path: no TypeScript form") };
    let seg = p.path.segments.last().unwrap();
    let name = seg.ident.to_string();
    let inner = || match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => match a.args.first() {
            Some(syn::GenericArgument::Type(t)) => ts(t, enums),
            _ => panic!("{name} without a type argument"),
        },
        _ => panic!("{name} without a type argument"),
    };
    match name.as_str() {
        "Option" => format!("{} | null", inner()),
        "Vec" => format!("Array<{}>", inner()),
        "UserId" | "TeamId" | "ContactId" | "ConversationId" | "MessageId" | "InvoiceId" | "i64" | "u32" => {
            "number".into()
        }
        "String" => "string".into(),
        "bool" => "boolean".into(),
        n if ALIASES.contains(&n) => n.into(),
        n => {
            let e = enums.get(n).unwrap_or_else(|| panic!("event field type {n} has no TypeScript form"));
            assert_eq!(
                serde_attr(e, "rename_all").as_deref(),
                Some("snake_case"),
                "{n}: serde names are not snake_case"
            );
            let tag = serde_attr(e, "tag");
            let content = serde_attr(e, "content");
            let cases: Vec<String> = e
                .variants
                .iter()
                .map(|v| {
                    let value = format!("'{}'", snake(&v.ident.to_string()));
                    match (&tag, &content, &v.fields) {
                        (None, _, syn::Fields::Unit) => value,
                        (Some(t), _, syn::Fields::Unit) => format!("{{ {t}: {value} }}"),
                        (Some(t), Some(c), syn::Fields::Unnamed(f)) if f.unnamed.len() == 1 => {
                            format!("{{ {t}: {value}; {c}: {} }}", ts(&f.unnamed[0].ty, enums))
                        }
                        _ => panic!("{n}::{}: no TypeScript form for this serde shape", v.ident),
                    }
                })
                .collect();
            cases.join(" | ")
        }
    }
}
