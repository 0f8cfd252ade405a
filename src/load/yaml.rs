//! YAML → JSON with a source map.
//!
//! serde-saphyr parses with hard budgets (depth, aliases, nodes) and rejects
//! duplicate keys. We deserialize into a small span-carrying tree, then flatten
//! it into a [`Value`] plus a map from every
//! JSON pointer to the line and column it came from.

use crate::value::{Text, Value, shared_text};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
use serde_saphyr::Spanned;
use std::fmt;

/// Line and column, both 1-based.
pub type Position = (usize, usize);

/// Where each node of a document sits in its file: one entry per node, in
/// document order (pre-order), found again by following a JSON pointer
/// through the value. A map keyed by pointer strings took more memory than
/// the records themselves.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SourceMap {
    nodes: Vec<NodePosition>,
}

/// A node's value position, and its key's when it is a mapping value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct NodePosition {
    pub(super) value: (u32, u32),
    pub(super) key: Option<(u32, u32)>,
}

fn widen((line, column): (u32, u32)) -> Position {
    (line as usize, column as usize)
}

pub(super) fn narrow((line, column): Position) -> (u32, u32) {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(line), clamp(column))
}

/// Nodes in a value, itself included.
fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(map) => map.values().map(node_count).sum(),
        _ => 0,
    }
}

impl SourceMap {
    /// The map of a whole document; it is kept as long as the record, so
    /// without spare capacity.
    pub(super) fn from_nodes(mut nodes: Vec<NodePosition>) -> SourceMap {
        nodes.shrink_to_fit();
        SourceMap { nodes }
    }

    /// The position of the value at `pointer` in `root` (the value this map
    /// was parsed with), or of its nearest ancestor, so a diagnostic always
    /// lands somewhere sensible.
    pub fn value_position(&self, root: &Value, pointer: &str) -> Position {
        self.find(root, pointer)
            .map_or((1, 1), |(node, _)| widen(node.value))
    }

    /// The position of the key that introduces `pointer`, falling back to its value.
    pub fn key_position(&self, root: &Value, pointer: &str) -> Position {
        match self.find(root, pointer) {
            Some((node, true)) => widen(node.key.unwrap_or(node.value)),
            Some((node, false)) => widen(node.value),
            None => (1, 1),
        }
    }

    /// The node at `pointer`, or its nearest existing ancestor; `true` when
    /// the whole pointer was found.
    fn find(&self, root: &Value, pointer: &str) -> Option<(NodePosition, bool)> {
        let mut index = 0;
        let mut value = root;
        let segments = pointer.split('/').skip(1);
        for segment in segments {
            let segment = unescape_pointer_segment(segment);
            let before_child = match value {
                Value::Object(map) => {
                    let mut skipped = 0;
                    let mut found = None;
                    for (key, child) in map {
                        if *key == segment {
                            found = Some((skipped, child));
                            break;
                        }
                        skipped += node_count(child);
                    }
                    found
                }
                Value::Array(items) => segment
                    .parse::<usize>()
                    .ok()
                    .filter(|&position| position < items.len())
                    .map(|position| {
                        let skipped: usize = items[..position].iter().map(node_count).sum();
                        (skipped, &items[position])
                    }),
                _ => None,
            };
            let Some((skipped, child)) = before_child else {
                return self.nodes.get(index).map(|node| (*node, false));
            };
            index += 1 + skipped;
            value = child;
        }
        self.nodes.get(index).map(|node| (*node, true))
    }
}

/// Escape one JSON-pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The key or index one escaped JSON-pointer segment names (RFC 6901).
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Append `/` and one escaped segment to a JSON pointer, allocating
/// nothing for the usual segment that needs no escape.
pub fn push_pointer_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(&escape_pointer_segment(segment));
    } else {
        pointer.push_str(segment);
    }
}

/// Append `/` and an array index to a JSON pointer.
pub fn push_pointer_index(pointer: &mut String, index: usize) {
    use std::fmt::Write;
    write!(pointer, "/{index}").expect("writing to a String cannot fail");
}

enum Node {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
}

/// Mapping keys are strings in every register; numeric or boolean keys are
/// kept in their written form so the schema can report them.
struct Key(String);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::UInt(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Err(E::custom("binary values are not allowed"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Spanned<Key>, Spanned<Node>>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let node = Node::deserialize(deserializer)?;
        match node {
            Node::Null => Ok(Key("null".into())),
            Node::Bool(b) => Ok(Key(b.to_string())),
            Node::Int(i) => Ok(Key(i.to_string())),
            Node::UInt(u) => Ok(Key(u.to_string())),
            Node::Float(f) => Ok(Key(f.to_string())),
            Node::Str(s) => Ok(Key(s)),
            Node::Seq(_) | Node::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain value, not a list or mapping",
            )),
        }
    }
}

/// Limits that keep a hostile file from exhausting the machine.
#[derive(Clone, Debug)]
pub struct ParseLimits {
    pub max_depth: usize,
    pub max_aliases: usize,
    pub max_nodes: usize,
    /// Longest single text value, in characters.
    pub max_string_chars: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_depth: 24,
            max_aliases: 100,
            max_nodes: 200_000,
            max_string_chars: 20_000,
        }
    }
}

/// Why a YAML file was refused; each kind becomes its own diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    Syntax,
    DuplicateKey,
    MultipleDocuments,
    TooDeep,
    AliasLimit,
    TooManyNodes,
}

impl ParseErrorKind {
    fn of(error: &serde_saphyr::Error) -> ParseErrorKind {
        use serde_saphyr::Error as E;
        use serde_saphyr::budget::BudgetBreach as B;
        match error.without_snippet() {
            E::AliasError { error, .. } => match ParseErrorKind::of(error) {
                ParseErrorKind::Syntax => ParseErrorKind::AliasLimit,
                inner => inner,
            },
            E::DuplicateMappingKey { .. } => ParseErrorKind::DuplicateKey,
            E::MultipleDocuments { .. } => ParseErrorKind::MultipleDocuments,
            E::Budget { breach, .. } => match breach {
                B::Depth { .. } => ParseErrorKind::TooDeep,
                B::Documents { .. } => ParseErrorKind::MultipleDocuments,
                B::Aliases { .. } | B::Anchors { .. } => ParseErrorKind::AliasLimit,
                _ => ParseErrorKind::TooManyNodes,
            },
            E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. } => ParseErrorKind::AliasLimit,
            _ => ParseErrorKind::Syntax,
        }
    }
}

/// A YAML refusal with the position the parser blamed.
#[derive(Debug)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub position: Position,
}

/// Parse one record file. The common shape of a record is read line by line
/// in `block_yaml`; other well-formed files in the usual subset by the event
/// reader in `plain_yaml`; everything else, errors included, by serde-saphyr.
pub fn parse(text: &str, limits: &ParseLimits) -> Result<(Value, SourceMap), ParseError> {
    let fast = super::block_yaml::parse(text, limits);
    match fast.or_else(|| super::plain_yaml::parse(text, limits)) {
        Some(parsed) => Ok(parsed),
        None => parse_with_saphyr(text, limits),
    }
}

/// Where a fast reader parts from serde-saphyr on `text`, if anywhere:
/// each must decline the text or read it to the same value and positions.
/// The fuzz target `yaml_readers` and `tests/fuzz_regressions.rs` call it.
#[doc(hidden)]
pub fn fast_reader_difference(text: &str) -> Option<String> {
    let limits = ParseLimits::default();
    let readers = [
        (
            "line reader (block_yaml)",
            super::block_yaml::parse(text, &limits),
        ),
        (
            "event reader (plain_yaml)",
            super::plain_yaml::parse(text, &limits),
        ),
    ];
    for (reader, parsed) in readers {
        let Some((value, map)) = parsed else {
            continue;
        };
        match parse_with_saphyr(text, &limits) {
            Ok((full_value, _)) if value != full_value => {
                return Some(format!(
                    "{reader}: value {value:?}, serde-saphyr {full_value:?}"
                ));
            }
            Ok((_, full_map)) if map != full_map => {
                return Some(format!(
                    "{reader}: positions {map:?}, serde-saphyr {full_map:?}"
                ));
            }
            Ok(_) => {}
            Err(error) => {
                return Some(format!(
                    "{reader} reads what serde-saphyr refuses: {}",
                    error.message
                ));
            }
        }
    }
    None
}

/// The full YAML 1.2 path, with serde-saphyr's budgets and messages.
fn parse_with_saphyr(text: &str, limits: &ParseLimits) -> Result<(Value, SourceMap), ParseError> {
    let budget = serde_saphyr::budget! {
        max_depth: limits.max_depth,
        max_aliases: limits.max_aliases,
        max_nodes: limits.max_nodes,
        max_documents: 1,
    };
    // Count replayed alias events so an alias bomb is named as one before it
    // trips the node budget.
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = limits.max_nodes / 4;
    let options = serde_saphyr::options! {
        alias_limits: alias_limits,
        budget: budget,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        legacy_octal_numbers: false,
        with_snippet: false,
    };
    let root: Spanned<Node> =
        serde_saphyr::from_str_with_options(text, options).map_err(|error| {
            let position = error
                .location()
                .map(|l| (l.line().max(1) as usize, l.column().max(1) as usize))
                .unwrap_or((1, 1));
            ParseError {
                kind: ParseErrorKind::of(&error),
                message: error.without_snippet().to_string(),
                position,
            }
        })?;
    let mut positions = SourceMap::default();
    let value = flatten(root, None, &mut positions);
    Ok((value, SourceMap::from_nodes(positions.nodes)))
}

fn position_of<T>(spanned: &Spanned<T>) -> Position {
    (
        spanned.referenced.line().max(1) as usize,
        spanned.referenced.column().max(1) as usize,
    )
}

/// The value of a node, recording every node's position in document order.
/// A key repeated after merging (`<<`) keeps its first value, so the value
/// and the positions stay in step.
fn flatten(node: Spanned<Node>, key: Option<Position>, map: &mut SourceMap) -> Value {
    map.nodes.push(NodePosition {
        value: narrow(position_of(&node)),
        key: key.map(narrow),
    });
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::Number(i.into()),
        Node::UInt(u) => Value::Number(u.into()),
        Node::Float(f) => Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(shared_text(&f.to_string()))),
        Node::Str(s) => Value::String(shared_text(&s)),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .map(|item| flatten(item, None, map))
                .collect(),
        ),
        Node::Map(entries) => {
            let mut object: Vec<(Text, Value)> = Vec::with_capacity(entries.len());
            // A set, not a scan of `object`: this path reads the hostile
            // files, and a mapping may have 90,000 keys.
            let mut seen: foldhash::HashSet<Text> = foldhash::HashSet::default();
            for (key, value) in entries {
                let name = shared_text(&key.value.0);
                if !seen.insert(name.clone()) {
                    continue;
                }
                let value = flatten(value, Some(position_of(&key)), map);
                object.push((name, value));
            }
            Value::Object(object.into_iter().collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Value, SourceMap) {
        parse(text, &ParseLimits::default()).expect("parses")
    }

    #[test]
    fn yaml_1_1_traps_stay_strings() {
        let value = parse_ok("a: NO\nb: on\nc: 0755\nd: yes\ne: true\nf: 2026-03-15\n")
            .0
            .to_json();
        assert_eq!(value["a"], "NO");
        assert_eq!(value["b"], "on");
        assert_eq!(value["c"], "0755");
        assert_eq!(value["d"], "yes");
        assert_eq!(value["e"], true);
        assert_eq!(value["f"], "2026-03-15");
    }

    #[test]
    fn pointers_map_to_lines() {
        let text = "id: x\nevents:\n  - date: 2026-01-01\n    kind: repair-out\n  - { date: 2026-02-01, minutes: BB-1 }\n";
        let (value, map) = parse_ok(text);
        assert_eq!(map.value_position(&value, "/events/0/kind"), (4, 11));
        assert_eq!(map.key_position(&value, "/events/0/kind"), (4, 5));
        assert_eq!(map.value_position(&value, "/events/1/minutes").0, 5);
        assert_eq!(map.value_position(&value, "/events/1/nothing").0, 5);
        assert_eq!(map.key_position(&value, "/events/1/nothing").0, 5);
        assert_eq!(map.value_position(&value, "/events/7"), (3, 3));
        assert_eq!(map.value_position(&value, ""), (1, 1));
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let (value, map) = parse_ok("id: a\r\nname: b\r\nevents:\r\n  - kind: x\r\n");
        assert_eq!(value.to_json()["name"], "b");
        assert_eq!(map.value_position(&value, "/events/0/kind"), (4, 11));
    }

    #[test]
    fn positions_follow_keys_with_slashes_and_merges() {
        let text = "a/b: 1\nbase: &b { x: 1, y: 2 }\nm:\n  <<: *b\n  y: 3\nlast: [p, q]\n";
        let (value, map) = parse_ok(text);
        assert_eq!(map.value_position(&value, "/a~1b"), (1, 6));
        assert_eq!(value.to_json()["m"]["x"], 1, "{value}");
        assert_eq!(value.to_json()["m"]["y"], 3, "{value}");
        assert_eq!(map.value_position(&value, "/last/1"), (6, 11));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = parse("id: a\nid: b\n", &ParseLimits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::DuplicateKey);
        assert_eq!(err.position.0, 2, "{}", err.message);
    }

    #[test]
    fn several_documents_are_refused() {
        let err = parse("id: a\n---\nid: b\n", &ParseLimits::default()).unwrap_err();
        assert_eq!(
            err.kind,
            ParseErrorKind::MultipleDocuments,
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "a: ".to_owned() + &"[".repeat(100) + &"]".repeat(100);
        let err = parse(&text, &ParseLimits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::TooDeep, "{}", err.message);
    }

    /// Each fast reader either declines a text or reads it exactly as the
    /// full path does, value and positions alike; returns whether the
    /// line reader, which comes first, read it.
    fn fast_agrees_with_full(text: &str) -> bool {
        let limits = ParseLimits::default();
        let by_lines = super::super::block_yaml::parse(text, &limits);
        let by_events = super::super::plain_yaml::parse(text, &limits);
        let took_lines = by_lines.is_some();
        for (reader, (value, map)) in [("line", by_lines), ("event", by_events)]
            .into_iter()
            .filter_map(|(reader, parsed)| Some((reader, parsed?)))
        {
            match parse_with_saphyr(text, &limits) {
                Ok((full_value, full_map)) => {
                    assert_eq!(
                        value, full_value,
                        "{reader} reader: value differs for {text:?}"
                    );
                    assert_eq!(
                        map, full_map,
                        "{reader} reader: positions differ for {text:?}"
                    );
                }
                Err(error) => panic!(
                    "{reader} reader read what the full path refuses ({}): {text:?}",
                    error.message
                ),
            }
        }
        took_lines
    }

    #[test]
    fn fast_reader_declines_what_it_cannot_decide() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "a: 1.5\n",
            "a: .inf\n",
            "a: nan\n",
            "a: 0x1F\n",
            "a: +5\n",
            "a: 1_000\n",
            "a: 0b101\n",
            "a: -.INF\n",
            "a: 1e999\n",
            "1: one\n",
            "true: yes\n",
            "",
            "a: [unclosed\n",
        ] {
            assert!(!fast_agrees_with_full(text), "fast path took {text:?}");
        }
        let deep = format!("a: {}{}", "[".repeat(40), "]".repeat(40));
        assert!(
            !fast_agrees_with_full(&deep),
            "fast path took the deep file"
        );
    }

    #[test]
    fn fast_reader_matches_the_full_path_on_scalars() {
        let scalars = [
            "x",
            "NO",
            "on",
            "yes",
            "0755",
            "007",
            "0",
            "-0",
            "-12",
            "12",
            "999999999999999999",
            "9999999999999999999",
            "2026-03-15",
            "2026-03-15T08:00:00+07:00",
            "2026-03-15 08:00",
            "2026-3-15",
            "20260315",
            "1e3",
            "-1e3",
            "Infinity",
            "infinite",
            "Nancy",
            "~",
            "null",
            "Null",
            "NULL",
            "True",
            "FALSE",
            "tRue",
            "'quoted'",
            "\"1\"",
            "\"\"",
            "''",
            "Đà Nẵng",
            "10.0.0.1",
            "192.168.1.0/24",
            "08:30",
            "v1.2",
            "-",
            "-x",
            "1a",
            "a b",
            "01-CNTT",
            "4CE1221WVE",
            "1e5x",
            "0x",
            "0xZZ",
            "+0127",
            "-0127",
            "1__0",
            "_1",
            "1.",
            ".5",
            "-.5e3",
            "inf",
            "NaN",
            "+infinity",
            "1.5",
            "BB-KK-2025",
            "687/QĐ-BHXH",
            "|\n  block\n  text",
            ">\n  folded\n  text",
        ];
        for scalar in scalars {
            fast_agrees_with_full(&format!("key: {scalar}\n"));
            fast_agrees_with_full(&format!("list:\n  - {scalar}\n  - [{scalar}, x]\n"));
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_reader_matches_on_generated_scalars(scalar in "[-+.0-9a-fA-FxXoObBinftyINFTY:_ eEĐđ/]{0,12}") {
            fast_agrees_with_full(&format!("key: {scalar}\nnext: [{scalar}]\n"));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Arbitrary YAML-ish text, broken or not: the fast reader never
        /// accepts what the full path refuses, nor reads it differently.
        #[test]
        fn fast_reader_matches_on_generated_documents(
            text in "([a-z0-9]{1,3}|: |:|-|- |  |\n|\\[|\\]|\\{|\\}|, |'|\"|#|&a |\\*a|!|\\||>|~|\\.|<<|\t)*"
        ) {
            fast_agrees_with_full(&text);
        }
    }

    #[test]
    fn line_reader_takes_the_usual_record_shapes() {
        let record = "# Thiết bị\n\nid: HN-NB-0001\nname: 'Máy tính: Dell'   # model\n\
            warranty: { until: 2025-01-10, onsite: true }\ntags: [a, \"b, c\", ]\n\
            events:\n  - date: 2022-01-13\n    kind: handover\n\n  - { date: 2025-10-21, kind: x }\n  -\n    note: \"Kiểm kê \\\"2025\\\"\"\n\
            links:\n- one # first\n- \"two\"\nlocation:\n    room: Phòng 2, tầng 3\n";
        assert!(fast_agrees_with_full(record), "declined {record}");
        assert!(fast_agrees_with_full(&record.replace('\n', "\r\n")));
        for declined in [
            "note: |\n  text\n",
            "note: a\n  continued\n",
            "empty:\nnext: 1\n",
            "a: [1,\n  2]\n",
            "a: \"open\n  close\"\n",
            "a: b\tc\n",
            "a: \u{feff}b\n",
            "a: b\u{85}c\n",
            "a: \"\\x41\"\n",
            "---\na: 1\n",
        ] {
            assert!(
                !fast_agrees_with_full(declined),
                "line reader took {declined:?}"
            );
        }
    }

    /// One line of a record-like document: indent, maybe an item marker,
    /// maybe a key, maybe a value (tricky scalars, quotes, flow
    /// collections), maybe a comment.
    fn record_like_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let indent = prop::sample::select(vec!["", "", "  ", "    ", " ", "      "]);
        let item = prop::sample::select(vec!["", "", "", "- ", "-  ", "-"]);
        let key = prop::sample::select(vec![
            "",
            "id: ",
            "a: ",
            "b:",
            "date: ",
            "note:  ",
            "\"q k\": ",
            "'s': ",
            "k :",
            "a b: ",
            "x:y: ",
            "-k: ",
            "id: ",
        ]);
        let value = prop::sample::select(vec![
            "",
            "x",
            "2026-01-02",
            "12",
            "007",
            "Đà Nẵng, tầng 2",
            "a#b",
            "a #c",
            "\"q\\\"d\\\\e\\u00e9\"",
            "\"a: b\"",
            "'it''s'",
            "'open",
            "\"\\x41\"",
            "a: b",
            "08:30",
            "http://x/y",
            "{ a: 1, b: [x, y] }",
            "{ a: \"p, q\", }",
            "[a, b, ]",
            "[]",
            "{}",
            "[a, {b: c}]",
            "{ a: }",
            "[a: b]",
            "{a:1}",
            "~",
            "- x",
            "|",
            "&x y",
            "*x",
            "!t y",
            "? k",
            "%x",
            "-x",
            ":x",
            "a]b",
            "true",
        ]);
        let comment = prop::sample::select(vec!["", "", " # c", "#c", "  "]);
        (indent, item, key, value, comment).prop_map(|(i, m, k, v, c)| format!("{i}{m}{k}{v}{c}"))
    }

    /// A record-shaped tree, with a layout choice on each collection.
    #[derive(Clone, Debug)]
    enum Tree {
        Scalar(&'static str),
        Map(Vec<(&'static str, Tree)>, u8),
        Seq(Vec<Tree>, u8),
    }

    fn tree() -> impl proptest::strategy::Strategy<Value = Tree> {
        use proptest::prelude::*;
        let scalars = prop::sample::select(vec![
            "x",
            "12",
            "007",
            "2026-01-02",
            "Đà Nẵng, tầng 2",
            "a#b",
            "\"q: \\\"x\\\"\"",
            "'it''s'",
            "08:30",
            "http://x/y",
            "~",
            "true",
            "a b ",
            "Phòng thu",
            "-x",
            "null",
            "\"\\u00e9\"",
            "''",
            "a]b",
            "1e3",
            "\u{a0}x\u{a0}",
            "x\u{3000}",
            "x\u{200b}",
            "'a #b'",
            "a,b",
            "\"#\"",
        ]);
        let keys = prop::sample::select(vec![
            "id", "name", "date", "kind", "note", "by", "to", "\"q k\"", "'s'", "a b", "unit",
            "tên", "\u{a0}k",
        ]);
        scalars
            .prop_map(Tree::Scalar)
            .prop_recursive(4, 40, 6, move |inner| {
                prop_oneof![
                    (
                        prop::collection::vec((keys.clone(), inner.clone()), 1..6),
                        0..4u8
                    )
                        .prop_map(|(entries, style)| Tree::Map(entries, style)),
                    (prop::collection::vec(inner, 1..5), 0..4u8)
                        .prop_map(|(items, style)| Tree::Seq(items, style)),
                ]
            })
    }

    /// Style 0 is written as a one-line flow collection; a sequence of
    /// style 1 as indented as its key; the rest as indented blocks.
    fn flow_text(tree: &Tree) -> String {
        match tree {
            Tree::Scalar(s) => s.to_string(),
            Tree::Map(entries, _) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", flow_text(v)))
                    .collect();
                format!("{{ {} }}", entries.join(", "))
            }
            Tree::Seq(items, _) => {
                let items: Vec<String> = items.iter().map(flow_text).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    /// Write `tree` as the value after a key or dash at `indent`; `out`
    /// ends where the value starts.
    fn write_value(tree: &Tree, indent: usize, out: &mut String) {
        match tree {
            Tree::Scalar(_) | Tree::Map(_, 0) | Tree::Seq(_, 0) => {
                out.push(' ');
                out.push_str(&flow_text(tree));
                out.push('\n');
            }
            Tree::Seq(_, 1) => {
                out.push_str(" # c\n");
                write_block(tree, indent, out);
            }
            _ => {
                out.push('\n');
                write_block(tree, indent + 2, out);
            }
        }
    }

    fn write_block(tree: &Tree, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match tree {
            Tree::Map(entries, _) => {
                for (key, value) in entries {
                    out.push_str(&format!("{pad}{key}:"));
                    write_value(value, indent, out);
                }
            }
            Tree::Seq(items, _) => {
                for item in items {
                    match item {
                        // A mapping item starts on the dash's line.
                        Tree::Map(entries, 2) => {
                            out.push_str(&format!("{pad}- "));
                            let mut rest = String::new();
                            write_block(&Tree::Map(entries.clone(), 2), indent + 2, &mut rest);
                            out.push_str(&rest[indent + 2..]);
                        }
                        _ => {
                            out.push_str(&format!("{pad}-"));
                            write_value(item, indent, out);
                        }
                    }
                }
            }
            Tree::Scalar(_) => write_value(tree, indent, out),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Record-shaped documents in every layout the line reader takes:
        /// it reads them exactly as the full path does.
        #[test]
        fn fast_reader_matches_on_record_shaped_documents(
            entries in proptest::collection::vec((proptest::sample::select(vec!["id", "events", "warranty", "note"]), tree()), 1..5),
            ending in proptest::sample::select(vec!["\n", "\r\n"]),
        ) {
            let mut text = String::from("# header\n");
            write_block(&Tree::Map(entries, 3), 0, &mut text);
            fast_agrees_with_full(&text.replace('\n', ending));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Documents built from record-like lines, which reach deep into the
        /// line reader: it never accepts what the full path refuses, nor
        /// reads it differently.
        #[test]
        fn fast_reader_matches_on_record_like_documents(
            lines in proptest::collection::vec(record_like_line(), 1..12),
            ending in proptest::sample::select(vec!["\n", "\r\n", ""]),
        ) {
            fast_agrees_with_full(&(lines.join(ending) + ending));
        }
    }

    /// Every YAML file the project ships (sample records, test fixtures,
    /// fuzz seeds), and most sample records must take the fast path.
    #[test]
    fn fast_reader_matches_the_full_path_on_every_shipped_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut records, mut records_fast) = (0, 0);
        for folder in ["records", "tests", "fuzz/corpus"] {
            let files = walkdir::WalkDir::new(root.join(folder))
                .into_iter()
                .flatten();
            for entry in files.filter(|e| e.file_type().is_file()) {
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let fast = fast_agrees_with_full(&text);
                if folder == "records" && entry.path().extension().is_some_and(|e| e == "yaml") {
                    records += 1;
                    records_fast += usize::from(fast);
                }
            }
        }
        assert!(records > 100, "sample records not found");
        assert!(
            records_fast * 10 >= records * 9,
            "{records_fast} of {records} took the fast path"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            text.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse(&text, &ParseLimits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::AliasLimit, "{}", err.message);
    }
}
