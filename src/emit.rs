//! Writing records as YAML text, for `itreg import` and `itreg new`.
//!
//! Records are small, so a purpose-built writer beats a general emitter: it
//! lays fields out the way the sample records are written (short mappings
//! on one line in braces, lists of mappings as blocks) and quotes every
//! string that a YAML 1.1 or 1.2 reader could take for something else
//! (`NO`, `0755`, `yes`, `~`, a leading `*`, `&` or `!`, `: ` inside).
//! Plain style is the exception, allowed only for text made of letters,
//! digits and a few harmless marks.

use serde_json::{Map, Value};

/// The first line of a written record: tells yaml-language-server which
/// schema to show help from. `depth` is how many folders the file sits
/// below the repository root (`records/assets/hn/X.yaml` is 3).
pub fn modeline(schema_slug: &str, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}schema/{schema_slug}.schema.json\n",
        "../".repeat(depth)
    )
}

/// A record as YAML: one `key: value` line per field, in the map's order.
pub fn record(fields: &Map<String, Value>) -> String {
    let mut out = String::new();
    mapping_block(fields, 0, &mut out);
    out
}

/// `fields` with known keys in the order the schema lists its properties
/// (the order `docs/design/records.md` shows), nested objects too, and any
/// other keys after them as they were.
pub fn in_schema_order(fields: &Map<String, Value>, schema: &Value) -> Map<String, Value> {
    let properties = schema.get("properties").and_then(Value::as_object);
    let mut ordered = Map::new();
    let known = properties.into_iter().flat_map(|p| p.keys());
    for key in known.chain(fields.keys()) {
        if ordered.contains_key(key) {
            continue;
        }
        if let Some(value) = fields.get(key) {
            let sub_schema = properties.and_then(|p| p.get(key)).unwrap_or(&Value::Null);
            ordered.insert(key.clone(), value_in_order(value, sub_schema));
        }
    }
    ordered
}

fn value_in_order(value: &Value, schema: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(in_schema_order(map, schema)),
        Value::Array(items) => {
            let item_schema = schema.get("items").unwrap_or(&Value::Null);
            Value::Array(
                items
                    .iter()
                    .map(|v| value_in_order(v, item_schema))
                    .collect(),
            )
        }
        _ => value.clone(),
    }
}

/// Widest flow mapping `{ … }` kept on one line; longer ones become blocks.
const FLOW_WIDTH: usize = 100;

fn mapping_block(fields: &Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in fields {
        out.push_str(&" ".repeat(indent));
        out.push_str(&string(key));
        out.push(':');
        node_after_key(value, indent, out);
    }
}

/// A value after `key:`, either on the same line or as an indented block.
fn node_after_key(value: &Value, indent: usize, out: &mut String) {
    match inline(value) {
        Some(text) if indent + text.len() <= FLOW_WIDTH || !is_container(value) => {
            out.push(' ');
            out.push_str(&text);
            out.push('\n');
        }
        _ => {
            out.push('\n');
            match value {
                Value::Object(map) => mapping_block(map, indent + 2, out),
                Value::Array(items) => sequence_block(items, indent + 2, out),
                _ => {}
            }
        }
    }
}

fn sequence_block(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        let fits = inline(item).is_some_and(|text| indent + 2 + text.len() <= FLOW_WIDTH);
        match item {
            // A mapping's first key sits on the dash line, the rest align with it.
            Value::Object(map) if !map.is_empty() && !fits => {
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&string(key));
                    out.push(':');
                    node_after_key(value, indent + 2, out);
                }
            }
            _ => node_after_key(item, indent, out),
        }
    }
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

/// The value on one line: scalars, and mappings or lists of scalars in
/// flow style. `None` when it holds nested containers.
fn inline(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) if map.is_empty() => Some("{}".into()),
        Value::Array(items) if items.is_empty() => Some("[]".into()),
        Value::Object(map) => {
            let parts: Option<Vec<String>> = map
                .iter()
                .map(|(k, v)| scalar(v).map(|v| format!("{}: {v}", string(k))))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
        }
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(scalar).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        _ => scalar(value),
    }
}

/// A scalar in a form that reads back as the same JSON value; `None` for
/// containers.
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("~".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(string(s)),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// A string, plain when that is unambiguous, else double-quoted.
pub fn string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// Words YAML 1.1 or 1.2 read as booleans or null when unquoted.
const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null"];

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() {
        // Numbers, octal, hex, times and the like; dates stay plain as in
        // the sample records, since every reader keeps them as text or dates.
        return is_date_or_datetime(s) || is_dashed_code(s);
    }
    first.is_alphabetic()
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || PLAIN_MARKS.contains(c))
        && !RESERVED.iter().any(|word| s.eq_ignore_ascii_case(word))
}

/// Marks allowed inside a plain scalar: none of them is a YAML indicator
/// in the middle of a word (`:`, `#`, `,`, brackets and quotes are not here).
const PLAIN_MARKS: &str = " -_./()+;=–@";

/// Codes such as `2026-hn-q1-003`: dashes and a run of two letters, which
/// no YAML number, date or float has (`1e-5` has one letter at a time).
fn is_dashed_code(s: &str) -> bool {
    s.contains('-')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && s.as_bytes()
            .windows(2)
            .any(|w| w.iter().all(u8::is_ascii_alphabetic))
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS±HH:MM`.
fn is_date_or_datetime(s: &str) -> bool {
    let shape = |pattern: &str| {
        s.len() == pattern.len()
            && s.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
                b'9' => c.is_ascii_digit(),
                b'S' => c == b'+' || c == b'-',
                _ => c == p,
            })
    };
    shape("9999-99-99") || shape("9999-99-99T99:99:99S99:99")
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            // Outside YAML's printable set, or a byte-order mark.
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{ParseLimits, parse};
    use proptest::prelude::*;
    use serde_json::json;

    fn round_trip(value: &Value) -> Value {
        let Value::Object(map) = value else {
            panic!("a mapping")
        };
        let text = record(map);
        parse(&text, &ParseLimits::default())
            .unwrap_or_else(|e| panic!("{text}\n{e:?}"))
            .0
            .to_json()
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        for s in [
            "NO",
            "no",
            "Yes",
            "on",
            "OFF",
            "y",
            "null",
            "~",
            "0755",
            "3.2",
            "1e5",
            "0x1F",
            "12:30",
            "-1",
            ".inf",
            "*ref",
            "&anchor",
            "!tag",
            "a: b",
            "a #b",
            "[x]",
            "{x}",
            "x,y",
            "'q'",
            "\"q\"",
            "@x",
            "`x`",
            "|x",
            ">x",
            "%x",
            "?x",
            "- x",
            "",
            " x",
            "x ",
            "7X2K9Q2",
            "1e-5",
            "1E-10",
            "0x1F-2",
            "a\nb",
            "tab\there",
            "\u{feff}bom",
            "\u{2028}",
        ] {
            assert!(string(s).starts_with('"'), "{s:?} must be quoted");
            assert_eq!(round_trip(&json!({ "k": s }))["k"], s, "{s:?}");
        }
    }

    #[test]
    fn keeps_plain_vietnamese_text_and_dates() {
        for s in [
            "Máy tính để bàn Dell OptiPlex 7010",
            "Phòng 203",
            "2026-03-15",
            "2026-11-02T09:00:00+07:00",
            "2026-hn-q1-003",
            "anhnv@vss.gov.vn",
            "HN-Q1-PC-0012",
            "Công ty TNHH Tin học ABC",
        ] {
            assert_eq!(string(s), s);
        }
    }

    #[test]
    fn lays_out_like_the_sample_records() {
        let value = json!({
            "id": "HN-PC-0003",
            "config": "Core i5, RAM 8 GB",
            "warranty": { "until": "2026-03-15", "onsite": true },
            "servers": ["A", "B"],
            "installations": [
                { "unit": "hn", "workstations": 3, "acceptance": { "minutes": "BB-1" } }
            ],
            "empty": [],
            "nothing": null,
        });
        let Value::Object(map) = &value else {
            unreachable!()
        };
        assert_eq!(
            record(map),
            "id: HN-PC-0003\n\
             config: \"Core i5, RAM 8 GB\"\n\
             warranty: { until: 2026-03-15, onsite: true }\n\
             servers: [A, B]\n\
             installations:\n  \
               - unit: hn\n    \
                 workstations: 3\n    \
                 acceptance: { minutes: BB-1 }\n\
             empty: []\n\
             nothing: ~\n"
        );
        assert_eq!(round_trip(&value), value);
    }

    proptest! {
        #[test]
        fn any_string_reads_back_unchanged(s in any::<String>()) {
            let value = json!({ "k": s.clone(), "m": { "a": s.clone() }, "l": [s.clone()] });
            prop_assert_eq!(round_trip(&value), value);
        }

        #[test]
        fn vietnamese_like_strings_read_back(s in "[a-zA-Zàáảãạăđêôơư0-9 :#,'\"\\-\\[\\]{}*&!|>%@`?.]{0,30}") {
            let value = json!({ "k": s, "nested": [{ "x": s, "y": [s] }] });
            prop_assert_eq!(round_trip(&value), value);
        }
    }
}
