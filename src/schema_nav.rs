//! Reading labels and classifications out of the JSON Schemas, following
//! `$ref`s into `common.schema.json`. The site's field plans and the
//! masking step's list of confidential fields both read the schemas
//! through it, so they agree on what a field is.

use crate::diagnostic::Lang;
use crate::validate::schema::SchemaSet;
use serde_json::Value;

pub struct SchemaNav<'a> {
    schemas: &'a SchemaSet,
}

impl<'a> SchemaNav<'a> {
    pub fn new(schemas: &'a SchemaSet) -> Self {
        SchemaNav { schemas }
    }

    /// Follow a `$ref` (local or into another schema file) once.
    pub fn resolve(&self, node: &'a Value, document: &'a Value) -> &'a Value {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        if let Some(target) = self.schemas.external_ref(reference) {
            return target;
        }
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_document = if file.is_empty() {
            Some(document)
        } else {
            self.schemas.document(file.trim_end_matches(".schema.json"))
        };
        target_document
            .and_then(|d| d.pointer(fragment))
            .unwrap_or(node)
    }

    pub fn common(&self) -> &'a Value {
        self.schemas.document("common").unwrap_or(&Value::Null)
    }

    /// The node a property's value is described by, `$ref` followed.
    pub fn value_schema(&self, property: &'a Value) -> &'a Value {
        self.resolve(property, self.common())
    }

    /// An object schema's properties: its own `properties`, then those of
    /// each `allOf` branch and its `then`. A key may come more than once;
    /// its first description is the one that counts.
    pub fn properties(&self, schema: &'a Value) -> impl Iterator<Item = (&'a String, &'a Value)> {
        let branches = schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|branch| [Some(branch), branch.get("then")])
            .flatten();
        std::iter::once(schema)
            .chain(branches)
            .filter_map(|node| node.get("properties").and_then(Value::as_object))
            .flatten()
    }

    pub fn items(&self, node: &'a Value) -> Option<&'a Value> {
        node.get("items").map(|items| self.value_schema(items))
    }

    /// A property's own `title` or `x-title-en`, or its `$ref` target's.
    pub fn title(&self, property: &'a Value, lang: Lang) -> Option<&'a str> {
        let key = match lang {
            Lang::Vi => "title",
            Lang::En => "x-title-en",
        };
        [property, self.value_schema_of(property)]
            .iter()
            .find_map(|node| node.get(key).and_then(Value::as_str))
    }

    fn value_schema_of(&self, property: &'a Value) -> &'a Value {
        self.value_schema(property)
    }

    pub fn is_confidential(&self, property: &Value) -> bool {
        let marked = |node: &Value| {
            node.get("x-classification").and_then(Value::as_str) == Some("confidential")
        };
        marked(property) || marked(self.value_schema_of(property))
    }

    pub fn is_markdown(&self, property: &Value) -> bool {
        property
            .get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r.ends_with("/markdown"))
            || property.get("contentMediaType").and_then(Value::as_str) == Some("text/markdown")
    }
}
