//! Which field stopped a record from being read into the typed model.
//!
//! The model reads records through [`Value::deserialize_as`], whose errors
//! carry no path. A record that fails there is read again through this
//! slower deserializer, which notes the path of the field that failed, so
//! the record gets an error placed at that field instead of vanishing.

use crate::value::Value;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// The field a typed view could not read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// Keys and array indices from the record's root to the field.
    pub path: Vec<String>,
    /// serde's words for what was wrong.
    pub message: String,
    /// The field is missing (the path ends with its name) rather than
    /// holding a value the model cannot take.
    pub missing: bool,
}

impl FieldError {
    /// The JSON pointer of the field (of its parent when it is missing,
    /// since a missing field has no position of its own).
    pub fn located_pointer(&self) -> String {
        let upto = if self.missing {
            self.path.len().saturating_sub(1)
        } else {
            self.path.len()
        };
        pointer(&self.path[..upto])
    }

    /// The field as people write it: `installations[0].workstations`.
    pub fn dotted(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            if segment.parse::<usize>().is_ok() {
                out.push_str(&format!("[{segment}]"));
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(segment);
            }
        }
        out
    }

    fn within(mut self, segment: String) -> Self {
        self.path.insert(0, segment);
        self
    }
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.dotted(), self.message)
    }
}

impl std::error::Error for FieldError {}

impl de::Error for FieldError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FieldError {
            path: Vec::new(),
            message: message.to_string(),
            missing: false,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        FieldError {
            path: vec![field.to_owned()],
            message: format!("missing field `{field}`"),
            missing: true,
        }
    }
}

/// Why `value` cannot be read as a `T`, with the field's path; `None` when
/// it can.
pub fn field_error<'de, T: Deserialize<'de>>(value: &'de Value) -> Option<FieldError> {
    T::deserialize(Tracked(value)).err()
}

/// A deserializer over a borrowed value whose errors name their field.
struct Tracked<'de>(&'de Value);

impl<'de> de::Deserializer<'de> for Tracked<'de> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => crate::value::visit_number(n, visitor),
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => visitor.visit_seq(Items { items, next: 0 }),
            Value::Object(map) => visitor.visit_map(Entries {
                entries: map.iter().collect(),
                next: 0,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::String(text) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::new(text))
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a value that is not a name"),
                &"an enum variant",
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::String(text) if name == crate::value::SHARED_TEXT => {
                visitor.visit_borrowed_str(text)
            }
            _ => visitor.visit_newtype_struct(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct Items<'de> {
    items: &'de [Value],
    next: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = FieldError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, FieldError> {
        let Some(item) = self.items.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        seed.deserialize(Tracked(item))
            .map(Some)
            .map_err(|e| e.within(index.to_string()))
    }
}

struct Entries<'de> {
    entries: Vec<(&'de str, &'de Value)>,
    next: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = FieldError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, FieldError> {
        let Some((key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, FieldError> {
        let Some(&(key, value)) = self.entries.get(self.next) else {
            return Err(de::Error::custom("a value without its key"));
        };
        self.next += 1;
        seed.deserialize(Tracked(value))
            .map_err(|e| e.within(key.to_owned()))
    }
}
