//! Placeholders left by `itreg new`: a scaffolded record holds `TODO …`
//! wherever a required value is still to be written. Check reports each
//! one plainly, instead of the schema's type or pattern error it would
//! otherwise trigger, so a half-filled record says what is left to do.

use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::Record;
use crate::load::yaml::{push_pointer_index, push_pointer_segment};
use crate::value::Value;

/// Every placeholder starts with this word.
pub const MARK: &str = "TODO";

pub fn is_placeholder(value: &Value) -> bool {
    value.as_str().is_some_and(is_placeholder_text)
}

pub fn is_placeholder_text(text: &str) -> bool {
    text.starts_with(MARK)
}

/// JSON pointers of the placeholders in `value`.
pub fn pointers(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect(value, &mut String::new(), &mut found);
    found
}

/// `pointer` is extended and truncated in place, so only the pointers of
/// placeholders are allocated.
fn collect(value: &Value, pointer: &mut String, found: &mut Vec<String>) {
    let depth = pointer.len();
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                push_pointer_index(pointer, i);
                collect(item, pointer, found);
                pointer.truncate(depth);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                push_pointer_segment(pointer, key);
                collect(item, pointer, found);
                pointer.truncate(depth);
            }
        }
        _ if is_placeholder(value) => found.push(pointer.clone()),
        _ => {}
    }
}

/// One diagnostic per placeholder in `record`.
pub fn diagnostics(record: &Record, pointers: &[String]) -> Vec<Diagnostic> {
    pointers
        .iter()
        .map(|pointer| {
            // An item in a list is named by its list.
            let field = pointer
                .rsplit('/')
                .find(|segment| !segment.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or_default();
            Diagnostic::error(
                "placeholder",
                &record.path,
                Bilingual::new(
                    format!("`{field}` chưa điền: còn giá trị mẫu {MARK}"),
                    format!("`{field}` is not filled in: it still holds the {MARK} placeholder"),
                ),
            )
            .at_field(record.position(pointer), pointer)
            .with_hint(
                "Thay cả giá trị TODO bằng giá trị thật; giá trị mẫu ghi tên trường và các giá trị cho phép hoặc một ví dụ",
                "Replace the whole TODO value with the real one; it names the field and its allowed values or an example",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_nested_placeholders() {
        let value = json!({
            "id": "x",
            "name": "TODO Tên",
            "items": [{ "asset": "A", "result": "TODO found" }],
            "note": "not TODO",
        });
        assert_eq!(pointers(&Value::from(value)), ["/name", "/items/0/result"]);
    }
}
