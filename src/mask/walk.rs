//! Walks over a record's value for the masking step: every text in it, the
//! texts at a pointer pattern (`/events/*/by`, `*` for every list item),
//! and removing the field at one.

use crate::value::{Text, Value};

/// Hand `visit` every string in `value`, at any depth.
pub fn for_each_text<'v>(value: &'v Value, visit: &mut dyn FnMut(&'v str)) {
    match value {
        Value::String(text) => visit(text),
        Value::Array(items) => items.iter().for_each(|item| for_each_text(item, visit)),
        Value::Object(map) => map.values().for_each(|item| for_each_text(item, visit)),
        _ => {}
    }
}

/// Hand `visit` every string at `pattern` in `value`, to change in place.
pub fn for_each_text_mut(value: &mut Value, pattern: &str, visit: &mut dyn FnMut(&mut Text)) {
    let segments: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
    texts_at(value, &segments, visit);
}

fn texts_at(value: &mut Value, segments: &[&str], visit: &mut dyn FnMut(&mut Text)) {
    let Some((head, rest)) = segments.split_first() else {
        if let Value::String(text) = value {
            visit(text);
        }
        return;
    };
    match value {
        Value::Array(items) if *head == "*" => {
            items
                .iter_mut()
                .for_each(|item| texts_at(item, rest, visit));
        }
        Value::Object(map) => {
            if let Some(child) = map.get_mut(head) {
                texts_at(child, rest, visit);
            }
        }
        _ => {}
    }
}

/// Remove the field at `pattern` from `value` wherever it is, handing
/// `removed` each value taken out.
pub fn remove_at(value: &mut Value, pattern: &str, removed: &mut dyn FnMut(&Value)) {
    let segments: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
    remove(value, &segments, removed);
}

fn remove(value: &mut Value, segments: &[&str], removed: &mut dyn FnMut(&Value)) {
    let Some((head, rest)) = segments.split_first() else {
        return;
    };
    match value {
        Value::Array(items) if *head == "*" => {
            items
                .iter_mut()
                .for_each(|item| remove(item, rest, removed));
        }
        // Most records lack the field: look before rebuilding the map.
        Value::Object(map) if rest.is_empty() && map.get(head).is_some() => {
            map.retain(|key, child| {
                if key == *head {
                    removed(child);
                }
                key != *head
            });
        }
        Value::Object(map) => {
            if let Some(child) = map.get_mut(head) {
                remove(child, rest, removed);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(json: serde_json::Value) -> Value {
        Value::from(json)
    }

    #[test]
    fn texts_at_a_pattern_change_in_place_and_others_stay() {
        let mut record = value(json!({
            "events": [{ "by": "a", "to": "b" }, { "by": "c" }, { "note": "d" }],
            "by": "e"
        }));
        for_each_text_mut(&mut record, "/events/*/by", &mut |text| {
            *text = Text::from(text.to_uppercase().as_str())
        });
        assert_eq!(
            record.to_json(),
            json!({
                "events": [{ "by": "A", "to": "b" }, { "by": "C" }, { "note": "d" }],
                "by": "e"
            })
        );
    }

    #[test]
    fn removing_a_field_keeps_the_written_order_and_hands_over_what_went() {
        let mut record = value(json!({
            "id": "x",
            "entries": [{ "full_name": "A", "mobile": "0912345678", "request": "create" }],
            "mobile": "0987654321",
            "unit": "hn"
        }));
        let mut gone = Vec::new();
        remove_at(&mut record, "/entries/*/mobile", &mut |v| {
            for_each_text(v, &mut |t| gone.push(t.to_owned()))
        });
        remove_at(&mut record, "/mobile", &mut |v| {
            for_each_text(v, &mut |t| gone.push(t.to_owned()))
        });
        remove_at(&mut record, "/absent", &mut |_| panic!("nothing to remove"));
        assert_eq!(gone, ["0912345678", "0987654321"]);
        let keys: Vec<&str> = record.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "entries", "unit"]);
        assert_eq!(
            record.pointer("/entries/0").unwrap().to_json(),
            json!({ "full_name": "A", "request": "create" })
        );
    }
}
