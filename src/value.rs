//! The parsed form of a record, kept from load to the last page written.
//!
//! serde_json's `Value` with `preserve_order` costs 80 bytes a node and 112 a
//! map entry before any text; a repository of 100k assets has 6.2 million
//! nodes, and they took about 800 MB. This value costs 24 bytes a node and 40
//! a map entry. It keeps the document's key order and is not changed once
//! parsed, so arrays and maps are boxed slices with no spare capacity, and a
//! map finds a key by scanning its few entries. Keys and short texts repeat
//! from record to record (field names, dates, kinds, unit and staff ids), so
//! the parsers share one copy of each ([`shared_text`]). Schema validation
//! needs serde_json's type and gets a copy of one record at a time
//! (`to_json`).

use crate::load::yaml::unescape_pointer_segment;
use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Number;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

/// Text in a record: a key or a string value.
pub type Text = Arc<str>;

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(Text),
    Array(Box<[Value]>),
    Object(Map),
}

/// A mapping's entries in document order. Keys are unique: the parser
/// refuses duplicates before a map is built.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    entries: Box<[(Text, Value)]>,
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(name, _)| &**name == key)
            .map(|(_, value)| value)
    }

    /// The value of `key`, to edit it in place (the masking step).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(name, _)| &**name == key)
            .map(|(_, value)| value)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> + Clone {
        self.entries.iter().map(|(key, value)| (&**key, value))
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|(key, _)| &**key)
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.entries.iter().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.iter()
            .map(|(key, value)| (key.to_owned(), value.to_json()))
            .collect()
    }

    /// Keeps the entries `keep` accepts, editing the ones it keeps.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        let mut entries = std::mem::take(&mut self.entries).into_vec();
        entries.retain_mut(|(key, value)| keep(key, value));
        self.entries = entries.into_boxed_slice();
    }
}

impl<K: Into<Text>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(entries: I) -> Self {
        Map {
            entries: entries
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        }
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a str, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Value)>,
        fn(&'a (Text, Value)) -> (&'a str, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(key, value)| (&**key, value))
    }
}

/// Texts longer than this are seldom repeated and are not shared.
const MAX_SHARED_LEN: usize = 40;
/// A bound on each thread's table, so hostile input cannot grow it without
/// end; texts beyond it are still read, just not shared.
const MAX_SHARED_TEXTS: usize = 1 << 20;

thread_local! {
    static SHARED_TEXTS: RefCell<foldhash::HashSet<Text>> = RefCell::default();
}

/// `text` as a record holds it: one shared copy per thread for short texts,
/// which at 100k devices saves a copy of each key and date in 600k events.
pub fn shared_text(text: &str) -> Text {
    if text.len() > MAX_SHARED_LEN {
        return Text::from(text);
    }
    SHARED_TEXTS.with_borrow_mut(|table| {
        if let Some(shared) = table.get(text) {
            return shared.clone();
        }
        let shared = Text::from(text);
        if table.len() < MAX_SHARED_TEXTS {
            table.insert(shared.clone());
        }
        shared
    })
}

/// Empty this thread's table of shared texts, once a load is over: records
/// keep their copies, and a long `serve` session does not keep texts of
/// records long gone.
pub fn forget_shared_texts() {
    SHARED_TEXTS.with_borrow_mut(|table| *table = Default::default());
}

impl Value {
    /// The value of `key` when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The value a JSON pointer (RFC 6901) names.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut value = self;
        for segment in pointer.strip_prefix('/')?.split('/') {
            let segment = unescape_pointer_segment(segment);
            value = match value {
                Value::Object(map) => map.get(&segment)?,
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    /// A typed view of this value, deserialized from a borrow of it.
    pub fn deserialize_as<'de, T: serde::Deserialize<'de>>(
        &'de self,
    ) -> Result<T, de::value::Error> {
        T::deserialize(self.into_deserializer())
    }

    /// A serde_json copy, for the schema validator and other JSON consumers.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(text) => serde_json::Value::String(text.to_string()),
            Value::Array(items) => items.iter().map(Value::to_json).collect(),
            Value::Object(map) => serde_json::Value::Object(map.to_json()),
        }
    }

    /// A serde_json copy of a mapping's entries, for editing them (`import`);
    /// empty when this is not a mapping.
    pub fn to_json_object(&self) -> serde_json::Map<String, serde_json::Value> {
        self.as_object().map(Map::to_json).unwrap_or_default()
    }
}

impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(text) => Value::String(text.into()),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(key, value)| (key, Value::from(value)))
                    .collect(),
            ),
        }
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

/// Compact JSON, as serde_json's `Value` displays.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| std::fmt::Error)?)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => n.serialize(serializer),
            Value::String(text) => serializer.serialize_str(text),
            Value::Array(items) => serializer.collect_seq(items.iter()),
            Value::Object(map) => serializer.collect_map(map.iter()),
        }
    }
}

/// A text of a typed record view. Deserialized from a record's [`Value`],
/// it shares the value's copy: at 100k devices, copies of their ids, units,
/// kinds and event fields took about 100 MB. From any other deserializer it
/// is simply a new text.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedText(Text);

/// The name [`ValueDeserializer`] recognises to hand over its text.
pub(crate) const SHARED_TEXT: &str = "$itreg::SharedText";

thread_local! {
    /// The text [`ValueDeserializer`] last offered a [`SharedText`]. serde
    /// passes only borrowed strings, so the shared copy goes around it.
    static OFFERED_TEXT: RefCell<Option<Text>> = const { RefCell::new(None) };
}

impl SharedText {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText(Text::from(text))
    }
}

impl From<&SharedText> for String {
    fn from(text: &SharedText) -> String {
        text.as_str().to_owned()
    }
}

impl From<SharedText> for String {
    fn from(text: SharedText) -> String {
        text.as_str().to_owned()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        **self == *other.0
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SharedText, D::Error> {
        deserializer.deserialize_newtype_struct(SHARED_TEXT, SharedTextVisitor)
    }
}

struct SharedTextVisitor;

impl<'de> Visitor<'de> for SharedTextVisitor {
    type Value = SharedText;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<SharedText, D::Error> {
        d.deserialize_str(self)
    }

    /// The offered text when `text` is that very text, else a copy.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<SharedText, E> {
        let offered = OFFERED_TEXT.with_borrow_mut(Option::take);
        Ok(match offered {
            Some(shared) if std::ptr::eq(shared.as_ref(), text) => SharedText(shared),
            _ => SharedText::from(text),
        })
    }
}

/// A number to a visitor. A float with no fraction (`5.0`, `1e3`) is an
/// integer to JSON Schema, so it is offered as one: a count the schema
/// accepts must reach the typed model too.
pub(crate) fn visit_number<'de, V: Visitor<'de>, E: de::Error>(
    n: &Number,
    visitor: V,
) -> Result<V::Value, E> {
    if let Some(u) = n.as_u64() {
        return visitor.visit_u64(u);
    }
    if let Some(i) = n.as_i64() {
        return visitor.visit_i64(i);
    }
    let float = n.as_f64().unwrap_or(f64::NAN);
    // 2^64 and -2^63 are exact in f64; the casts below are then exact too.
    if float.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&float) {
        visitor.visit_u64(float as u64)
    } else if float.fract() == 0.0 && (-9_223_372_036_854_775_808.0..0.0).contains(&float) {
        visitor.visit_i64(float as i64)
    } else {
        visitor.visit_f64(float)
    }
}

/// Reads a borrowed value for serde, so typed records are made without a
/// copy ([`Value::deserialize_as`]).
pub struct ValueDeserializer<'de, E> {
    value: &'de Value,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for &'de Value {
    type Deserializer = ValueDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        ValueDeserializer {
            value: self,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for ValueDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.iter())),
            Value::Object(map) => visitor
                .visit_map(de::value::MapDeserializer::new(map.iter().map(
                    |(key, value)| (de::value::BorrowedStrDeserializer::new(key), value),
                ))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Unit variants are strings; a variant with data is a one-entry map.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            Value::String(text) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::new(text))
            }
            Value::Object(map) if map.len() == 1 => visitor.visit_enum(
                de::value::MapAccessDeserializer::new(de::value::MapDeserializer::new(
                    map.iter()
                        .map(|(key, value)| (de::value::BorrowedStrDeserializer::new(key), value)),
                )),
            ),
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
    ) -> Result<V::Value, E> {
        match self.value {
            // A `SharedText` takes this value's own copy of the text.
            Value::String(text) if name == SHARED_TEXT => {
                OFFERED_TEXT.set(Some(text.clone()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    fn sample() -> Value {
        Value::from(json!({
            "id": "HN-PC-0001",
            "kind": "laptop",
            "count": 3,
            "events": [{"date": "2026-01-02", "kind": "repair"}],
            "retired": null,
            "a/b": {"c~d": true}
        }))
    }

    #[test]
    fn round_trips_through_json_keeping_key_order() {
        let json = sample().to_json();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "kind", "count", "events", "retired", "a/b"]);
        assert_eq!(Value::from(json.clone()).to_json(), json);
        assert_eq!(serde_json::to_value(sample()).unwrap(), json);
    }

    #[test]
    fn pointers_follow_rfc_6901() {
        let value = sample();
        assert_eq!(
            value.pointer("/events/0/kind").and_then(Value::as_str),
            Some("repair")
        );
        assert_eq!(value.pointer("/a~1b/c~0d"), Some(&Value::Bool(true)));
        assert_eq!(value.pointer("/events/1"), None);
        assert_eq!(value.pointer(""), Some(&value));
    }

    #[test]
    fn typed_records_deserialize_from_a_borrowed_value() {
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Kind {
            Laptop,
            Desktop,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        struct Event {
            date: chrono::NaiveDate,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        struct Asset<'a> {
            id: &'a str,
            kind: Kind,
            count: u32,
            events: Vec<Event>,
            retired: Option<String>,
            missing: Option<String>,
        }
        let value = sample();
        let asset: Asset = value.deserialize_as().unwrap();
        assert_eq!(asset.id, "HN-PC-0001");
        assert_eq!(asset.kind, Kind::Laptop);
        assert_eq!(asset.count, 3);
        assert_eq!(asset.events[0].date.to_string(), "2026-01-02");
        assert_eq!((asset.retired, asset.missing), (None, None));
        let wrong = Value::from(json!({"id": 1}));
        assert!(wrong.deserialize_as::<Asset>().is_err());
    }

    #[test]
    fn short_texts_are_shared_until_the_load_is_over() {
        let first = shared_text("2026-01-02");
        assert!(Arc::ptr_eq(&first, &shared_text("2026-01-02")));
        let long = "x".repeat(MAX_SHARED_LEN + 1);
        assert!(!Arc::ptr_eq(&shared_text(&long), &shared_text(&long)));
        forget_shared_texts();
        let again = shared_text("2026-01-02");
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(first, again);
    }

    #[test]
    fn typed_texts_share_the_value_copy_and_copy_from_elsewhere() {
        #[derive(Deserialize)]
        struct Event {
            kind: SharedText,
            minutes: Option<SharedText>,
            to: Vec<SharedText>,
        }
        let value =
            Value::from(json!({"kind": "repair-out", "minutes": "BB-01", "to": ["a", "b"]}));
        let event: Event = value.deserialize_as().unwrap();
        let held = |key: &str| match value.get(key) {
            Some(Value::String(text)) => text.clone(),
            _ => panic!("{key} is a string"),
        };
        assert!(Arc::ptr_eq(&event.kind.0, &held("kind")));
        assert!(Arc::ptr_eq(
            &event.minutes.as_ref().unwrap().0,
            &held("minutes")
        ));
        let Some(Value::Array(to)) = value.get("to") else {
            panic!("to is an array")
        };
        assert_eq!(event.to.len(), 2);
        for (typed, item) in event.to.iter().zip(to) {
            assert!(matches!(item, Value::String(text) if Arc::ptr_eq(&typed.0, text)));
        }
        // serde_json has no shared copy to give: the text is copied.
        let copied: Event = serde_json::from_value(json!({"kind": "k", "to": []})).unwrap();
        assert_eq!(copied.kind, "k");
        assert_eq!(copied.minutes, None);
        // A wrong type is still refused.
        let wrong = Value::from(json!({"kind": 3, "to": []}));
        assert!(wrong.deserialize_as::<Event>().is_err());
    }

    #[test]
    fn retain_edits_and_removes_entries() {
        let mut map = sample().as_object().unwrap().clone();
        map.retain(|key, _| key != "events");
        assert_eq!(map.len(), 5);
        assert!(map.get("events").is_none());
    }
}
