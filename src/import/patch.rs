//! `import --update` edits a record in place instead of rewriting it.
//!
//! Only the top-level fields whose value changed are written again, in
//! itreg's format, and new fields go in after the field the schema puts
//! before them. Everything else, comments and the writer's own layout
//! included, stays as it was, so the reviewer's diff shows just what the
//! sheet changed. When the file's layout does not allow that (a root
//! mapping in braces or indented, several keys on a line), or the edited
//! text would not read back as the intended record, the caller rewrites the
//! whole record.

use crate::load::yaml::{self, ParseLimits};
use serde_json::{Map, Value};

/// `old_text` changed to hold `fields` (in schema order), or `None` when
/// it cannot be edited in place.
pub fn in_place(old_text: &str, fields: &Map<String, Value>) -> Option<String> {
    let (old_value, source_map) = yaml::parse(old_text, &ParseLimits::default()).ok()?;
    let old_json = old_value.to_json();
    let old = old_json.as_object()?;
    if old.keys().any(|key| !fields.contains_key(key)) {
        return None; // a field was dropped: not an update's doing
    }
    if old.is_empty() {
        return None;
    }
    let mut starts = Vec::with_capacity(old.len());
    for key in old.keys() {
        let mut pointer = String::new();
        yaml::push_pointer_segment(&mut pointer, key);
        let (line, column) = source_map.key_position(&old_value, &pointer);
        // Each field on lines of its own, starting at the left margin.
        if column != 1 || starts.last().is_some_and(|&last| line <= last) {
            return None;
        }
        starts.push(line);
    }
    // Written fields end their lines the way the file does.
    let line_end = if old_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lines: Vec<&str> = old_text.split_inclusive('\n').collect();
    let blocks = field_blocks(&lines, &starts, line_end);
    // A field the old text lacks goes after the nearest field before it
    // in schema order that the old text has, or before them all.
    let old_keys: Vec<&String> = old.keys().collect();
    let mut first_new: Vec<&str> = Vec::new();
    let mut new_after: Vec<Vec<&str>> = vec![Vec::new(); old.len()];
    let mut anchor = None;
    for key in fields.keys() {
        match old_keys.iter().position(|old_key| *old_key == key) {
            Some(index) => anchor = Some(index),
            None => match anchor {
                Some(index) => new_after[index].push(key),
                None => first_new.push(key),
            },
        }
    }
    let mut out: String = lines[..starts[0] - 1].concat();
    write_fields(&mut out, fields, &first_new, line_end);
    for (index, (key, old_field)) in old.iter().enumerate() {
        let block = &blocks[index];
        if fields.get(key) == Some(old_field) {
            out.push_str(&block.field);
        } else {
            write_fields(&mut out, fields, &[key.as_str()], line_end);
        }
        write_fields(&mut out, fields, &new_after[index], line_end);
        out.push_str(&block.gap);
    }
    let (read_back, _) = yaml::parse(&out, &ParseLimits::default()).ok()?;
    (read_back.to_json().as_object() == Some(fields)).then_some(out)
}

/// One top-level field's text, and the blank and comment lines after it,
/// which belong with whatever follows.
struct FieldBlock {
    field: String,
    gap: String,
}

/// The text of each field starting at the 1-based `starts` lines.
fn field_blocks(lines: &[&str], starts: &[usize], line_end: &str) -> Vec<FieldBlock> {
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).map_or(lines.len(), |next| next - 1);
            let own = &lines[start - 1..end];
            let gap_lines = own
                .iter()
                .skip(1)
                .rev()
                .take_while(|line| {
                    let content = line.trim_start();
                    content.trim_end().is_empty() || content.starts_with('#')
                })
                .count();
            let (field, gap) = own.split_at(own.len() - gap_lines);
            let mut field = field.concat();
            if !field.ends_with('\n') {
                field.push_str(line_end);
            }
            FieldBlock {
                field,
                gap: gap.concat(),
            }
        })
        .collect()
}

/// Append the named fields of `fields`, in itreg's format.
fn write_fields(out: &mut String, fields: &Map<String, Value>, keys: &[&str], line_end: &str) {
    for key in keys {
        if let Some((key, value)) = fields.get_key_value(*key) {
            let mut one = Map::new();
            one.insert(key.clone(), value.clone());
            out.push_str(&crate::emit::record(&one).replace('\n', line_end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    const OLD: &str = "# yaml-language-server: $schema=../../../schema/asset.schema.json\n\
        # Máy của phòng tin học\n\
        id: A-1\n\
        name: Máy cũ   # tên trên tem\n\
        serial: S1\n\
        \n\
        # Lịch sử\n\
        events:\n  - date: 2024-01-18\n    kind: handover # bàn giao\n\
        status: in-use\n";

    #[test]
    fn only_changed_fields_are_rewritten_and_comments_stay() {
        let new = fields(json!({
            "id": "A-1", "name": "Máy mới", "serial": "S1",
            "events": [{"date": "2024-01-18", "kind": "handover"}],
            "status": "in-use",
        }));
        let text = in_place(OLD, &new).expect("edited in place");
        assert_eq!(
            text,
            OLD.replace("name: Máy cũ   # tên trên tem\n", "name: Máy mới\n")
        );
    }

    #[test]
    fn new_fields_follow_their_schema_neighbour() {
        let new = fields(json!({
            "id": "A-1", "name": "Máy cũ", "serial": "S1", "config": "Core i5",
            "events": [{"date": "2024-01-18", "kind": "handover"}],
            "status": "in-use", "note": "mới",
        }));
        let text = in_place(OLD, &new).expect("edited in place");
        let expected = OLD
            .replace("serial: S1\n", "serial: S1\nconfig: Core i5\n")
            .replace("status: in-use\n", "status: in-use\nnote: mới\n");
        assert_eq!(text, expected);
    }

    #[test]
    fn layouts_that_cannot_be_edited_in_place_are_declined() {
        let new = fields(json!({"id": "A-1", "name": "B"}));
        assert_eq!(in_place("{ id: A-1, name: A }\n", &new), None);
        // A field the update would drop.
        assert_eq!(in_place("id: A-1\nname: A\nold: x\n", &new), None);
        assert_eq!(in_place("id: [\n", &new), None);
    }

    #[test]
    fn windows_line_endings_are_kept() {
        let old = OLD.replace('\n', "\r\n");
        let new = fields(json!({
            "id": "A-1", "name": "Máy mới", "serial": "S1",
            "events": [{"date": "2024-01-18", "kind": "handover"}],
            "status": "in-use",
            "note": "Ghi chú",
        }));
        let expected = OLD
            .replace("name: Máy cũ   # tên trên tem\n", "name: Máy mới\n")
            .replace("status: in-use\n", "status: in-use\nnote: Ghi chú\n")
            .replace('\n', "\r\n");
        assert_eq!(in_place(&old, &new), Some(expected));
    }

    #[test]
    fn a_last_line_without_newline_is_ended() {
        let new = fields(json!({"id": "A-1", "name": "Máy B", "note": "Ghi chú"}));
        assert_eq!(
            in_place("id: A-1\nname: Máy A", &new).as_deref(),
            Some("id: A-1\nname: Máy B\nnote: Ghi chú\n")
        );
    }
}
