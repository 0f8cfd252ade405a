//! A fast reader for the YAML records are written in: one document of block
//! or flow mappings and sequences holding plain or quoted scalars.
//!
//! It reads the parser's events straight into a [`Value`] and its
//! [`SourceMap`], without serde-saphyr's span-carrying deserialization, which
//! took most of a build's parsing time. Anything outside that subset (an
//! anchor, alias, tag or merge key, a second document, a duplicate key, a
//! scalar whose type is not obvious, a structure near a budget, any syntax
//! error) gives `None`, and [`super::yaml::parse`] reads the file through
//! serde-saphyr instead. So hostile or unusual files get exactly the checks
//! and messages they always had, and every accepted file gives the same value
//! and positions as the full path (see the differential tests in `yaml.rs`).

use super::yaml::{NodePosition, ParseLimits, SourceMap, narrow};
use crate::value::{Text, Value, shared_text};
use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span, StrInput};

/// Read `text` if it is in the common subset; `None` means "use the full path".
pub(super) fn parse(text: &str, limits: &ParseLimits) -> Option<(Value, SourceMap)> {
    let mut options = Options::default();
    options.set_emit_comments(false);
    let mut reader = Reader {
        events: Parser::new_from_str_with_options(text, options),
        nodes: Vec::new(),
        pending_items: Vec::new(),
        pending_entries: Vec::new(),
        // Stay well inside the full path's budgets, so a file near them is
        // judged by the code that enforces them.
        max_depth: limits.max_depth.saturating_sub(2),
        max_nodes: limits.max_nodes / 2,
    };
    reader
        .document()
        .map(|value| (value, SourceMap::from_nodes(reader.nodes)))
}

/// More keys than any register's record has in one mapping.
const MAX_MAPPING_ENTRIES: usize = 128;

/// Whether a mapping holding `siblings` may take `key`. Duplicates are
/// looked for by scanning, which suits a record's small maps; a duplicate,
/// or a large map, is left to the full path.
pub(super) fn may_take_key(siblings: &[(Text, Value)], key: &str) -> bool {
    siblings.len() < MAX_MAPPING_ENTRIES && !siblings.iter().any(|(k, _)| &**k == key)
}

struct Reader<'input> {
    events: Parser<'input, StrInput<'input>>,
    nodes: Vec<NodePosition>,
    /// Items and entries of the collections being read, innermost last:
    /// each collection is built once at its exact size, not grown by
    /// doubling, since every record holds many small maps and lists.
    pending_items: Vec<Value>,
    pending_entries: Vec<(Text, Value)>,
    max_depth: usize,
    max_nodes: usize,
}

impl<'input> Reader<'input> {
    fn next(&mut self) -> Option<(Event<'input>, Span)> {
        self.events.next()?.ok()
    }

    /// Exactly one document with a root node; an empty file goes to the full path.
    fn document(&mut self) -> Option<Value> {
        let (Event::StreamStart, _) = self.next()? else {
            return None;
        };
        let (Event::DocumentStart(..), _) = self.next()? else {
            return None;
        };
        let (event, span) = self.next()?;
        let value = self.node(event, span, None, 1)?;
        let (Event::DocumentEnd, _) = self.next()? else {
            return None;
        };
        let (Event::StreamEnd, _) = self.next()? else {
            return None;
        };
        Some(value)
    }

    fn node(
        &mut self,
        event: Event<'input>,
        span: Span,
        key: Option<(u32, u32)>,
        depth: usize,
    ) -> Option<Value> {
        if depth > self.max_depth || self.nodes.len() >= self.max_nodes {
            return None;
        }
        self.nodes.push(NodePosition {
            value: position(&span),
            key,
        });
        match event {
            Event::Scalar(text, style, 0, None) => scalar(&text, style),
            Event::SequenceStart(_, 0, None) => self.sequence(depth),
            Event::MappingStart(_, 0, None) => self.mapping(depth),
            _ => None,
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Value> {
        let start = self.pending_items.len();
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => {
                    let items = self.pending_items.drain(start..).collect();
                    return Some(Value::Array(items));
                }
                (event, span) => {
                    let item = self.node(event, span, None, depth + 1)?;
                    self.pending_items.push(item);
                }
            }
        }
    }

    fn mapping(&mut self, depth: usize) -> Option<Value> {
        let start = self.pending_entries.len();
        loop {
            let (key, key_span) = match self.next()? {
                (Event::MappingEnd, _) => {
                    let object = self.pending_entries.drain(start..).collect();
                    return Some(Value::Object(object));
                }
                (Event::Scalar(text, style, 0, None), span) => (mapping_key(&text, style)?, span),
                _ => return None,
            };
            if !may_take_key(&self.pending_entries[start..], &key) {
                return None;
            }
            let (event, span) = self.next()?;
            let value = self.node(event, span, Some(position(&key_span)), depth + 1)?;
            self.pending_entries.push((key, value));
        }
    }
}

/// Line and 1-based column, as serde-saphyr reports them.
fn position(span: &Span) -> (u32, u32) {
    narrow((span.start.line(), span.start.col() + 1))
}

/// A key is text; a plain key that would read as another type (`1`, `true`,
/// `~`) or the merge key `<<` is left to the full path.
pub(super) fn mapping_key(text: &str, style: ScalarStyle) -> Option<Text> {
    if style != ScalarStyle::Plain {
        return Some(shared_text(text));
    }
    match scalar(text, style)? {
        Value::String(key) if text != "<<" => Some(key),
        _ => None,
    }
}

/// The value of an untagged scalar under YAML 1.2's core schema with
/// serde-saphyr's options (strict booleans, no legacy octal, leading-zero
/// numbers kept as text); `None` for a spelling that may be a number this
/// reader does not decode (floats, hexadecimal, underscores, `.inf`).
pub(super) fn scalar(text: &str, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::String(shared_text(text)));
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if leading_zero_decimal(text) {
        return Some(Value::String(shared_text(text)));
    }
    if let Some(number) = simple_integer(text) {
        return Some(number);
    }
    if may_be_number(text) {
        return None;
    }
    Some(Value::String(shared_text(text)))
}

/// `0127`, `-0127`: kept as text (serde-saphyr's `leading_zero_numbers_as_strings`).
fn leading_zero_decimal(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `0` or a decimal integer without sign, leading zero or underscore, that
/// fits in 18 digits; negative ones too, except `-0`.
fn simple_integer(text: &str) -> Option<Value> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let plain_digits = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !plain_digits || (negative && digits == "0") {
        return None;
    }
    let magnitude: i64 = digits.parse().ok()?;
    Some(if negative {
        Value::Number((-magnitude).into())
    } else {
        Value::Number((magnitude as u64).into())
    })
}

/// Whether serde-saphyr's integer or float parsers might accept `text`: a
/// sound over-approximation, so whatever is not a number is surely text.
fn may_be_number(text: &str) -> bool {
    let trimmed = text.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    let radix_prefix = ["0x", "0X", "0o", "0O", "0b", "0B"]
        .iter()
        .any(|prefix| unsigned.starts_with(prefix));
    let decimal = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let non_finite = [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(&unsigned);
    radix_prefix || decimal || non_finite || trimmed.parse::<f64>().is_ok()
}
