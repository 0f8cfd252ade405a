//! The fastest reader, for records written the way people and `itreg import`
//! write them: block mappings and sequences, with one plain or quoted scalar,
//! or one flow collection closed on the same line, per line.
//!
//! It reads lines directly. The event reader in `plain_yaml` spends most
//! of its time in the YAML tokenizer underneath it, which this one does
//! without. Anything else (block scalars, multi-line scalars or flow
//! collections, anchors, tags, document markers, tabs, control characters,
//! an empty value, a duplicate key, any syntax error) gives `None`, and
//! [`super::yaml::parse`] moves on to the next reader. So a file it accepts has the value and positions the
//! full path would give it (see the differential tests in `yaml.rs`), and a
//! file it declines is judged exactly as before.

use super::plain_yaml::{mapping_key, may_take_key, scalar};
use super::yaml::{NodePosition, ParseLimits, SourceMap};
use crate::value::{Text, Value, shared_text};
use serde_saphyr::granit_parser::ScalarStyle;

/// Read `text` if every line is in the subset; `None` means "use another reader".
pub(super) fn parse(text: &str, limits: &ParseLimits) -> Option<(Value, SourceMap)> {
    if !plain_characters(text) {
        return None;
    }
    let lines = content_lines(text)?;
    let first = lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let mut reader = Reader {
        lines,
        current: 0,
        nodes: Vec::new(),
        pending_items: Vec::new(),
        pending_entries: Vec::new(),
        // The same margins as the event reader: a file near a budget is
        // judged by the code that enforces it.
        max_depth: limits.max_depth.saturating_sub(2),
        max_nodes: limits.max_nodes / 2,
        last_column: (0, 0, 0),
    };
    let value = reader.mapping(0, None, 1)?;
    if reader.current != reader.lines.len() {
        return None;
    }
    Some((value, SourceMap::from_nodes(reader.nodes)))
}

/// No tab, no byte-order mark, and no character YAML forbids, escapes or
/// once read as a line break (C0 and C1 controls, DEL, U+2028, U+2029,
/// U+FFFE, U+FFFF), so every other character of a scalar is its own text.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let after = |i: usize| (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' | b'\r' => true,
        0..0x20 | 0x7f => false,
        0xc2 => !matches!(after(i).0, Some(0x80..=0x9f)),
        0xe2 => !matches!(after(i), (Some(0x80), Some(0xa8..=0xa9))),
        0xef => !matches!(
            after(i),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe..=0xbf))
        ),
        _ => true,
    })
}

/// A line that holds more than blanks or a comment.
#[derive(Clone, Copy)]
struct Line<'t> {
    /// 1-based.
    number: u32,
    /// Leading spaces.
    indent: usize,
    /// The whole line, without its line break.
    text: &'t str,
}

/// The lines that hold content; `None` for a lone carriage return or a
/// document marker, which the other readers handle.
fn content_lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.contains('\r') {
            return None;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
            return None;
        }
        lines.push(Line {
            number: u32::try_from(index + 1).ok()?,
            indent,
            text: line,
        });
    }
    Some(lines)
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// Whether the rest of a line from `at` is blank or a comment after a blank.
fn ends_line(bytes: &[u8], at: usize) -> bool {
    let after = skip_spaces(bytes, at);
    after == bytes.len() || (after > at && bytes[after] == b'#')
}

/// A `-` item marker at `at`: a dash followed by a space or the line's end.
fn is_item_marker(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b'-') && matches!(bytes.get(at + 1), None | Some(b' '))
}

/// Whether a plain scalar may start at `at` (YAML 1.2 `ns-plain-first`,
/// kept narrow: `-`, `?` and `:` only before a character that is surely text).
fn starts_plain(bytes: &[u8], at: usize, in_flow: bool) -> bool {
    match bytes.get(at) {
        None => false,
        Some(b'-' | b'?' | b':') => match bytes.get(at + 1) {
            None | Some(b' ') => false,
            Some(b',' | b'[' | b']' | b'{' | b'}') => !in_flow,
            Some(_) => true,
        },
        Some(&b) => !b"#,[]{}&*!|>'\"%@`".contains(&b),
    }
}

/// Where a plain scalar starting at `at` ends: before ` #`, before a `:`
/// that is followed by a space or the line's end (or, in a flow, by a flow
/// indicator), or before a flow indicator in a flow. Trailing spaces are not
/// part of it.
fn plain_end(bytes: &[u8], at: usize, in_flow: bool) -> usize {
    let mut end = at;
    while end < bytes.len() {
        let b = bytes[end];
        let next = bytes.get(end + 1).copied();
        let ends = match b {
            b' ' => next == Some(b'#'),
            b':' => match next {
                None | Some(b' ') => true,
                Some(b',' | b'[' | b']' | b'{' | b'}') => in_flow,
                Some(_) => false,
            },
            b',' | b'[' | b']' | b'{' | b'}' => in_flow,
            _ => false,
        };
        if ends {
            break;
        }
        end += 1;
    }
    while end > at && bytes[end - 1] == b' ' {
        end -= 1;
    }
    end
}

/// A quoted scalar starting at the quote at `at`, closed on the same line:
/// its text and the byte after the closing quote. Escapes other than the
/// common ones go to another reader.
fn quoted(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let mut out = String::new();
    let mut run_start = at + 1;
    let mut index = at + 1;
    loop {
        let b = *bytes.get(index)?;
        if quote == b'\'' && b == b'\'' {
            out.push_str(&text[run_start..index]);
            if bytes.get(index + 1) == Some(&b'\'') {
                out.push('\'');
                index += 2;
                run_start = index;
                continue;
            }
            return Some((out, index + 1));
        }
        if quote == b'"' && b == b'"' {
            out.push_str(&text[run_start..index]);
            return Some((out, index + 1));
        }
        if quote == b'"' && b == b'\\' {
            out.push_str(&text[run_start..index]);
            let (character, length) = escape(&bytes[index + 1..])?;
            out.push(character);
            index += 1 + length;
            run_start = index;
            continue;
        }
        index += 1;
    }
}

/// The character of a double-quoted escape (after the backslash), and how
/// many bytes it took.
fn escape(after: &[u8]) -> Option<(char, usize)> {
    let simple = match after.first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'0' => '\0',
        b' ' => ' ',
        b'u' => {
            let hex = std::str::from_utf8(after.get(1..5)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            return char::from_u32(u32::from_str_radix(hex, 16).ok()?).map(|c| (c, 5));
        }
        _ => return None,
    };
    Some((simple, 1))
}

/// A mapping key starting at `at`: its text and the byte after its `:`.
fn key(text: &str, at: usize, in_flow: bool) -> Option<(Text, usize)> {
    let bytes = text.as_bytes();
    let (key, end) = match bytes.get(at)? {
        b'"' | b'\'' => {
            let (key, end) = quoted(text, at)?;
            (shared_text(&key), end)
        }
        _ if starts_plain(bytes, at, in_flow) => {
            let end = plain_end(bytes, at, in_flow);
            let spelled = &text[at..end];
            let key = mapping_key(spelled, ScalarStyle::Plain)?;
            (key, skip_spaces(bytes, end))
        }
        _ => return None,
    };
    if bytes.get(end) != Some(&b':') || !matches!(bytes.get(end + 1), None | Some(b' ')) {
        return None;
    }
    // Keys longer than YAML's limit of 1024 characters go to the full path.
    (key.len() <= 1024).then_some((key, end + 1))
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    /// The line being read.
    current: usize,
    nodes: Vec<NodePosition>,
    /// Items and entries of the collections being read, innermost last, so
    /// each collection is built once at its exact size.
    pending_items: Vec<Value>,
    pending_entries: Vec<(Text, Value)>,
    max_depth: usize,
    max_nodes: usize,
    /// The last position worked out: line number, byte and characters
    /// before it, so a long line of flow items is counted once, not once
    /// per item.
    last_column: (u32, usize, usize),
}

impl<'t> Reader<'t> {
    /// Line and 1-based column, in characters, of byte `at` of `line`.
    fn position(&mut self, line: &Line<'_>, at: usize) -> (u32, u32) {
        let (last_line, last_byte, last_characters) = self.last_column;
        let (from, mut characters) = if last_line == line.number && last_byte <= at {
            (last_byte, last_characters)
        } else {
            (0, 0)
        };
        // Count every byte that starts a character.
        let bytes = &line.text.as_bytes()[from..at];
        characters += bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.last_column = (line.number, at, characters);
        (
            line.number,
            u32::try_from(characters + 1).unwrap_or(u32::MAX),
        )
    }

    fn line(&self) -> Line<'t> {
        self.lines[self.current]
    }

    /// Record a node's position before its children's, as the source map
    /// wants them in document order.
    fn enter(
        &mut self,
        line: &Line<'_>,
        at: usize,
        key: Option<(u32, u32)>,
        depth: usize,
    ) -> Option<()> {
        if depth > self.max_depth || self.nodes.len() >= self.max_nodes {
            return None;
        }
        let value = self.position(line, at);
        self.nodes.push(NodePosition { value, key });
        Some(())
    }

    /// A block mapping whose keys sit at `column` of the current line and of
    /// every following line at that indent.
    fn mapping(&mut self, column: usize, key: Option<(u32, u32)>, depth: usize) -> Option<Value> {
        self.enter(&self.line(), column, key, depth)?;
        let start = self.pending_entries.len();
        loop {
            let line = self.line();
            let (name, after_colon) = self::key(line.text, column, false)?;
            if !may_take_key(&self.pending_entries[start..], &name) {
                return None;
            }
            let key_at = self.position(&line, column);
            let value = self.mapping_value(after_colon, column, key_at, depth + 1)?;
            self.pending_entries.push((name, value));
            match self.lines.get(self.current) {
                Some(next) if next.indent == column => continue,
                Some(next) if next.indent > column => return None,
                _ => break,
            }
        }
        Some(self.finish_mapping(start))
    }

    /// The mapping of the pending entries from `start` on, at its exact size.
    fn finish_mapping(&mut self, start: usize) -> Value {
        Value::Object(self.pending_entries.drain(start..).collect())
    }

    /// The value after a key's `:` at byte `at` of the current line; the
    /// key itself sits at `column`. Leaves `current` on the line after it.
    fn mapping_value(
        &mut self,
        at: usize,
        column: usize,
        key: (u32, u32),
        depth: usize,
    ) -> Option<Value> {
        let line = self.line();
        let bytes = line.text.as_bytes();
        if !ends_line(bytes, at) {
            return self.inline_value(skip_spaces(bytes, at), Some(key), depth);
        }
        self.current += 1;
        let next = *self.lines.get(self.current)?;
        let item = is_item_marker(next.text.as_bytes(), next.indent);
        if next.indent > column {
            self.nested(next, Some(key), depth)
        } else if next.indent == column && item {
            // A sequence as indented as its key is placed where its first
            // item's content starts, not at the dash.
            let content = skip_spaces(next.text.as_bytes(), column + 1);
            if ends_line(next.text.as_bytes(), column + 1) {
                return None;
            }
            self.sequence(column, content, Some(key), depth)
        } else {
            None
        }
    }

    /// A block collection that starts on line `first`.
    fn nested(&mut self, first: Line<'t>, key: Option<(u32, u32)>, depth: usize) -> Option<Value> {
        if is_item_marker(first.text.as_bytes(), first.indent) {
            self.sequence(first.indent, first.indent, key, depth)
        } else {
            self.mapping(first.indent, key, depth)
        }
    }

    /// A block sequence whose `-` markers sit at `column`, placed at byte
    /// `at` of the current line.
    fn sequence(
        &mut self,
        column: usize,
        at: usize,
        key: Option<(u32, u32)>,
        depth: usize,
    ) -> Option<Value> {
        self.enter(&self.line(), at, key, depth)?;
        let start = self.pending_items.len();
        loop {
            let item = self.item(column, depth + 1)?;
            self.pending_items.push(item);
            match self.lines.get(self.current) {
                Some(next) if next.indent == column => {
                    if !is_item_marker(next.text.as_bytes(), column) {
                        break;
                    }
                }
                Some(next) if next.indent > column => return None,
                _ => break,
            }
        }
        Some(Value::Array(self.pending_items.drain(start..).collect()))
    }

    /// One `-` item of a sequence at `column`: a scalar or flow collection
    /// on its line, a mapping that starts on its line, or a block collection
    /// on the lines below.
    fn item(&mut self, column: usize, depth: usize) -> Option<Value> {
        let line = self.line();
        let bytes = line.text.as_bytes();
        if !is_item_marker(bytes, column) {
            return None;
        }
        let at = skip_spaces(bytes, column + 1);
        if ends_line(bytes, column + 1) {
            self.current += 1;
            let next = *self.lines.get(self.current)?;
            return if next.indent > column {
                self.nested(next, None, depth)
            } else {
                None
            };
        }
        if is_item_marker(bytes, at) {
            return None;
        }
        if key(line.text, at, false).is_some() {
            return self.mapping(at, None, depth);
        }
        self.inline_value(at, None, depth)
    }

    /// A scalar or flow collection at byte `at` of the current line, which
    /// must end the line. Leaves `current` on the next line.
    fn inline_value(&mut self, at: usize, key: Option<(u32, u32)>, depth: usize) -> Option<Value> {
        let line = self.line();
        let (value, end) = self.node_on_line(&line, at, key, depth, false)?;
        if !ends_line(line.text.as_bytes(), end) {
            return None;
        }
        self.current += 1;
        Some(value)
    }

    /// A flow collection opening at byte `at` of `line` and closing on it:
    /// its value and the byte after its closing bracket.
    fn flow(
        &mut self,
        line: &Line<'t>,
        at: usize,
        key: Option<(u32, u32)>,
        depth: usize,
    ) -> Option<(Value, usize)> {
        self.enter(line, at, key, depth)?;
        let bytes = line.text.as_bytes();
        let is_mapping = bytes[at] == b'{';
        let close = if is_mapping { b'}' } else { b']' };
        let (items_start, entries_start) = (self.pending_items.len(), self.pending_entries.len());
        let mut index = skip_spaces(bytes, at + 1);
        while bytes.get(index) != Some(&close) {
            if is_mapping {
                let (name, after_colon) = self::key(line.text, index, true)?;
                if !may_take_key(&self.pending_entries[entries_start..], &name) {
                    return None;
                }
                let key_at = self.position(line, index);
                let value_at = skip_spaces(bytes, after_colon);
                let (value, end) =
                    self.node_on_line(line, value_at, Some(key_at), depth + 1, true)?;
                self.pending_entries.push((name, value));
                index = end;
            } else {
                let (value, end) = self.node_on_line(line, index, None, depth + 1, true)?;
                self.pending_items.push(value);
                index = end;
            }
            index = skip_spaces(bytes, index);
            match bytes.get(index)? {
                b',' => index = skip_spaces(bytes, index + 1),
                &b if b == close => {}
                _ => return None,
            }
        }
        let value = if is_mapping {
            self.finish_mapping(entries_start)
        } else {
            Value::Array(self.pending_items.drain(items_start..).collect())
        };
        Some((value, index + 1))
    }

    /// A scalar or flow collection at byte `at` of `line`, inside a flow
    /// or not: its value and the byte after it.
    fn node_on_line(
        &mut self,
        line: &Line<'t>,
        at: usize,
        key: Option<(u32, u32)>,
        depth: usize,
        in_flow: bool,
    ) -> Option<(Value, usize)> {
        let bytes = line.text.as_bytes();
        match bytes.get(at)? {
            b'[' | b'{' => self.flow(line, at, key, depth),
            b'"' | b'\'' => {
                self.enter(line, at, key, depth)?;
                let (text, end) = quoted(line.text, at)?;
                Some((Value::String(shared_text(&text)), end))
            }
            _ if starts_plain(bytes, at, in_flow) => {
                self.enter(line, at, key, depth)?;
                let end = plain_end(bytes, at, in_flow);
                // A `: ` left over means a mapping where none may start.
                if bytes.get(end) == Some(&b':') {
                    return None;
                }
                Some((scalar(&line.text[at..end], ScalarStyle::Plain)?, end))
            }
            _ => None,
        }
    }
}
