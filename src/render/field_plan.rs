//! What a page needs to know about each field of a register, read from the
//! schemas once per build: labels, enum labels, Markdown and reference
//! flags, and the sort kind of list columns. Rendering a page then follows
//! the record's keys through this tree instead of walking the schemas, their
//! `$ref`s and `allOf` branches again for every field of every page.

use crate::diagnostic::Lang;
use crate::register::Register;
use crate::schema_nav::SchemaNav;
use crate::validate::integrity::references;
use serde_json::Value;
use std::collections::BTreeMap;

/// Schemas describing themselves through `$ref` cycles stop here; records
/// are refused long before this depth (`check.max_depth`).
const MAX_DEPTH: usize = 32;

pub struct FieldPlan {
    /// `title` and `x-title-en`; the key is the label when the schema has none.
    label: [Option<String>; 2],
    /// Value → its label, per language, from `x-enum-labels[-en]`.
    enum_labels: [EnumLabels; 2],
    pub markdown: bool,
    /// The register a text here refers to.
    pub reference: Option<Register>,
    /// How a list column of this field sorts: `date`, `number` or `text`.
    pub sort: &'static str,
    properties: BTreeMap<String, FieldPlan>,
    /// The plan for list items. Scalar items are shown with the list's own
    /// labels, so those are copied in.
    items: Option<Box<FieldPlan>>,
}

/// Enum value → label, hashed with foldhash: looked up for every cell of
/// every table. Its seed is fixed so that an empty map can be a constant;
/// the keys come from the schemas, not from the records.
type EnumLabels = std::collections::HashMap<String, String, foldhash::fast::FixedState>;

const FIXED: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0);

/// A field no schema describes: shown with its key and raw value.
static UNDESCRIBED: FieldPlan = FieldPlan::EMPTY;

impl Default for FieldPlan {
    fn default() -> Self {
        FieldPlan::EMPTY
    }
}

impl FieldPlan {
    const EMPTY: FieldPlan = FieldPlan {
        label: [None, None],
        enum_labels: [
            EnumLabels::with_hasher(FIXED),
            EnumLabels::with_hasher(FIXED),
        ],
        markdown: false,
        reference: None,
        sort: "text",
        properties: BTreeMap::new(),
        items: None,
    };

    /// The plan of every field of `register`, from its schema.
    pub fn for_register(nav: &SchemaNav, schema: &Value, register: Register) -> FieldPlan {
        let mut plan = FieldPlan {
            properties: object_properties(nav, schema, &mut Vec::new()),
            ..FieldPlan::default()
        };
        for (from, pattern, target) in references() {
            if *from == register {
                plan.mark_reference(pattern, *target);
            }
        }
        plan
    }

    pub fn undescribed() -> &'static FieldPlan {
        &UNDESCRIBED
    }

    pub fn field(&self, key: &str) -> &FieldPlan {
        self.properties.get(key).unwrap_or(&UNDESCRIBED)
    }

    pub fn items(&self) -> &FieldPlan {
        self.items.as_deref().unwrap_or(&UNDESCRIBED)
    }

    /// The plan at a JSON pointer of plain keys (`/warranty/until`).
    pub fn at(&self, pointer: &str) -> &FieldPlan {
        pointer
            .trim_start_matches('/')
            .split('/')
            .fold(self, |plan, key| plan.field(key))
    }

    pub fn label<'s>(&'s self, lang: Lang, key: &'s str) -> &'s str {
        self.label[lang_index(lang)].as_deref().unwrap_or(key)
    }

    pub fn enum_label(&self, value: &str, lang: Lang) -> Option<&str> {
        self.enum_labels[lang_index(lang)]
            .get(value)
            .map(String::as_str)
    }

    /// Follow a reference pattern (`/events/*/by`), making the nodes a
    /// schema left undescribed, and mark where it ends.
    fn mark_reference(&mut self, pattern: &str, target: Register) {
        let mut node = self;
        for segment in pattern.trim_start_matches('/').split('/') {
            node = if segment == "*" {
                let (enum_labels, markdown) = (node.enum_labels.clone(), node.markdown);
                node.items.get_or_insert_with(|| {
                    Box::new(FieldPlan {
                        enum_labels,
                        markdown,
                        ..FieldPlan::default()
                    })
                })
            } else {
                node.properties.entry(segment.to_owned()).or_default()
            };
        }
        node.reference = Some(target);
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Vi => 0,
        Lang::En => 1,
    }
}

/// The plans of an object schema's properties, found in `properties`, then
/// in each `allOf` branch and its `then`, the first description of a key
/// winning.
fn object_properties<'a>(
    nav: &SchemaNav<'a>,
    schema: &'a Value,
    path: &mut Vec<*const Value>,
) -> BTreeMap<String, FieldPlan> {
    let mut plans = BTreeMap::new();
    if path.len() >= MAX_DEPTH || path.contains(&(schema as *const Value)) {
        return plans;
    }
    path.push(schema);
    for (key, property) in nav.properties(schema) {
        if !plans.contains_key(key) {
            let plan = property_plan(nav, property, path);
            plans.insert(key.clone(), plan);
        }
    }
    path.pop();
    plans
}

fn property_plan<'a>(
    nav: &SchemaNav<'a>,
    property: &'a Value,
    path: &mut Vec<*const Value>,
) -> FieldPlan {
    let described = nav.value_schema(property);
    let label = [Lang::Vi, Lang::En].map(|lang| nav.title(property, lang).map(str::to_owned));
    let enum_labels = [Lang::Vi, Lang::En].map(|lang| enum_labels(nav, property, lang));
    let sort = match (
        described.get("type").and_then(Value::as_str),
        described.get("format"),
    ) {
        (_, Some(_)) => "date",
        (Some("integer" | "number"), _) => "number",
        _ => "text",
    };
    let markdown = nav.is_markdown(property);
    let items = nav.items(described).map(|item_schema| {
        Box::new(FieldPlan {
            enum_labels: enum_labels.clone(),
            markdown,
            properties: object_properties(nav, item_schema, path),
            ..FieldPlan::default()
        })
    });
    FieldPlan {
        label,
        enum_labels,
        markdown,
        reference: None,
        sort,
        properties: object_properties(nav, described, path),
        items,
    }
}

/// Every enum label of `property`, from `x-enum-labels[-en]` on the
/// property, else on its `$ref` target, else on its items.
fn enum_labels(nav: &SchemaNav, property: &Value, lang: Lang) -> EnumLabels {
    let key = match lang {
        Lang::Vi => "x-enum-labels",
        Lang::En => "x-enum-labels-en",
    };
    let sources = [
        property.get("items").map(|items| nav.value_schema(items)),
        Some(nav.value_schema(property)),
        Some(property),
    ];
    let mut labels = EnumLabels::with_hasher(FIXED);
    // Lowest priority first, so a nearer description overwrites.
    for source in sources.into_iter().flatten() {
        if let Some(map) = source.get(key).and_then(Value::as_object) {
            for (value, label) in map {
                if let Some(label) = label.as_str() {
                    labels.insert(value.clone(), label.to_owned());
                }
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::schema::SchemaSet;
    use serde_json::json;

    fn plan(schemas: &SchemaSet, register: Register) -> FieldPlan {
        let nav = SchemaNav::new(schemas);
        FieldPlan::for_register(&nav, schemas.register_schema(register), register)
    }

    #[test]
    fn labels_enums_and_references_come_from_the_schemas() {
        let schemas = SchemaSet::load(None).unwrap();
        let asset = plan(&schemas, Register::Asset);
        assert_eq!(asset.field("unit").label(Lang::En, "unit"), "Unit");
        assert_eq!(asset.field("unit").reference, Some(Register::Unit));
        let event = asset.field("events").items();
        assert_eq!(event.field("by").reference, Some(Register::Staff));
        assert_eq!(
            event.field("kind").enum_label("repair-out", Lang::Vi),
            Some("Đưa đi sửa chữa, bảo hành")
        );
        assert_eq!(asset.at("/warranty/until").sort, "date");
        // A key the schema does not describe is shown under its own name.
        assert_eq!(asset.field("no-such-field").label(Lang::Vi, "x"), "x");
        // Scalar list items: the list's labels, the items' reference.
        let inventory = plan(&schemas, Register::Inventory);
        assert_eq!(
            inventory.field("by").items().reference,
            Some(Register::Staff)
        );
    }

    /// Schemas are edited by staff; one that describes itself must not hang
    /// the build.
    #[test]
    fn a_self_referencing_schema_ends() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("schema")).unwrap();
        let mut common: Value =
            serde_json::from_str(include_str!("../../schema/common.schema.json")).unwrap();
        common["$defs"]["tree"] = json!({
            "title": "Cây", "x-title-en": "Tree", "type": "object",
            "properties": {
                "children": { "type": "array", "items": { "$ref": "common.schema.json#/$defs/tree" } }
            }
        });
        let mut training: Value =
            serde_json::from_str(include_str!("../../schema/training.schema.json")).unwrap();
        training["properties"]["tree"] = json!({ "$ref": "common.schema.json#/$defs/tree" });
        for (name, document) in [("common", common), ("training", training)] {
            let path = root.path().join(format!("schema/{name}.schema.json"));
            std::fs::write(path, document.to_string()).unwrap();
        }
        let schemas = SchemaSet::load(Some(root.path())).unwrap();
        let training = plan(&schemas, Register::Training);
        let tree = training.field("tree");
        assert_eq!(tree.label(Lang::En, "tree"), "Tree");
        let child = tree.field("children").items();
        assert_eq!(
            child.field("children").label(Lang::En, "children"),
            "children"
        );
    }
}
