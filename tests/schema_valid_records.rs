//! No silent drops (issue 22): any record its schema accepts reaches the
//! typed model, every rule and report runs over it without a panic, and the
//! F1 equipment report counts every asset.
//!
//! The records are generated from the schemas in `schema/` themselves (any
//! value the schema allows in every field: patterns, formats, enums,
//! bounds, optional fields present or not, if/then), written as block YAML
//! or as JSON, and put through the real `check` pipeline in memory.
//! `PROPTEST_CASES` sets the number of cases (256 by default).

mod common;

use chrono::{Datelike, NaiveDate};
use itreg::check::{CheckOptions, check_files};
use itreg::config::Config;
use itreg::load::RawFile;
use itreg::register::Register;
use itreg::reports::{self, Cell, Params, Period};
use itreg::rules::time::Quarter;
use itreg::validate::schema::SchemaSet;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

const TODAY: &str = "2026-11-23";

/// The schema documents by file name.
fn schema_documents() -> HashMap<String, Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

/// Generates JSON values that a schema accepts, from a seeded RNG.
struct Generator<'a> {
    documents: &'a HashMap<String, Value>,
    runner: TestRunner,
}

impl<'a> Generator<'a> {
    fn new(documents: &'a HashMap<String, Value>, seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        Generator {
            documents,
            runner: TestRunner::new_with_rng(ProptestConfig::default(), rng),
        }
    }

    fn rng(&mut self) -> &mut TestRng {
        self.runner.rng()
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng().random_range(0..100) < percent
    }

    /// The schema a `$ref` names, with the document it sits in.
    fn resolve(&self, reference: &str, document: &str) -> (Value, String) {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() { document } else { file };
        let root = &self.documents[file];
        let target = root
            .pointer(fragment)
            .unwrap_or_else(|| panic!("{reference}"));
        (target.clone(), file.to_owned())
    }

    fn value(&mut self, schema: &Value, document: &str) -> Value {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let (target, file) = self.resolve(reference, document);
            return self.value(&target, &file);
        }
        if let Some(constant) = schema.get("const") {
            return constant.clone();
        }
        if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
            let at = self.rng().random_range(0..choices.len());
            return choices[at].clone();
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or(schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            let at = self.rng().random_range(0..branches.len());
            return self.value(&branches[at].clone(), document);
        }
        let kind = match schema.get("type") {
            Some(Value::String(kind)) => kind.clone(),
            Some(Value::Array(kinds)) => {
                let at = self.rng().random_range(0..kinds.len());
                kinds[at].as_str().unwrap().to_owned()
            }
            _ if schema.get("properties").is_some() => "object".to_owned(),
            _ => "string".to_owned(),
        };
        match kind.as_str() {
            "object" => self.object(schema, document),
            "array" => self.array(schema, document),
            "string" => Value::String(self.string(schema)),
            "integer" => self.integer(schema),
            "number" => self.number(schema),
            "boolean" => Value::Bool(self.chance(50)),
            "null" => Value::Null,
            other => panic!("type {other}"),
        }
    }

    fn object(&mut self, schema: &Value, document: &str) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if required.contains(&name.as_str()) || self.chance(50) {
                    let value = self.value(property, document);
                    object.insert(name.clone(), value);
                }
            }
        }
        // if/then: where the `if` holds, the `then` constrains the fields.
        for branch in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(condition), Some(then)) = (branch.get("if"), branch.get("then")) else {
                continue;
            };
            if !holds(condition, &object) {
                continue;
            }
            for name in then
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = name.as_str().unwrap();
                if !object.contains_key(name) {
                    let property = &schema["properties"][name];
                    let value = self.value(property, document);
                    object.insert(name.to_owned(), value);
                }
            }
            for (name, narrower) in then
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if object.contains_key(name) {
                    let value = self.value(narrower, document);
                    object.insert(name.clone(), value);
                }
            }
        }
        Value::Object(object)
    }

    fn array(&mut self, schema: &Value, document: &str) -> Value {
        let least = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let most = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(least + 3, |m| (m as usize).min(least + 3));
        let count = self.rng().random_range(least..=most);
        let items = schema.get("items").cloned().unwrap_or(json!({}));
        let mut values: Vec<Value> = (0..count).map(|_| self.value(&items, document)).collect();
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            let mut seen = Vec::new();
            values.retain(|v| {
                let fresh = !seen.contains(v);
                seen.push(v.clone());
                fresh
            });
        }
        Value::Array(values)
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let low = schema
            .get("minimum")
            .and_then(Value::as_i64)
            .or_else(|| {
                schema
                    .get("exclusiveMinimum")
                    .and_then(Value::as_i64)
                    .map(|m| m + 1)
            })
            .unwrap_or(i64::MIN / 2);
        let high = schema
            .get("maximum")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX / 2);
        let value = match self.rng().random_range(0..4) {
            0 => low,
            1 => high,
            2 => self
                .rng()
                .random_range(low..=high.min(low.saturating_add(100))),
            _ => self.rng().random_range(low..=high),
        };
        // JSON Schema counts 5.0 as an integer too.
        if value.unsigned_abs() < (1 << 53) && self.chance(10) {
            json!(value as f64)
        } else {
            json!(value)
        }
    }

    fn number(&mut self, schema: &Value) -> Value {
        let low = schema
            .get("minimum")
            .or(schema.get("exclusiveMinimum"))
            .and_then(Value::as_f64)
            .unwrap_or(-1e9);
        let high = schema.get("maximum").and_then(Value::as_f64).unwrap_or(1e9);
        let value: f64 = self.rng().random_range(low..=high);
        if value == low && schema.get("exclusiveMinimum").is_some() {
            json!(high)
        } else if self.chance(50) {
            json!(value.round())
        } else {
            json!(value)
        }
    }

    fn string(&mut self, schema: &Value) -> String {
        let least = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        let most = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .unwrap_or(200);
        match schema.get("format").and_then(Value::as_str) {
            Some("date") => return self.date().to_string(),
            Some("date-time") => return self.date_time(),
            Some("email") if schema.get("pattern").is_none() => {
                return self.matching("[a-z0-9._-]{1,12}@[a-z0-9-]{1,12}\\.(vn|com)");
            }
            _ => {}
        }
        let regex = match schema.get("pattern").and_then(Value::as_str) {
            Some(pattern) if pattern.starts_with('^') && pattern.ends_with('$') => {
                bounded(&pattern[1..pattern.len() - 1])
            }
            // Unanchored (`\S`): the pattern somewhere in free text.
            Some(pattern) => format!("{TEXT}{{0,10}}{pattern}{TEXT}{{0,10}}"),
            None => format!("{TEXT}{{{least},{}}}", most.min(least + 60)),
        };
        // The length bounds hold for most draws; a long one is drawn again.
        let mut text = self.matching(&regex);
        for _ in 0..20 {
            let length = text.chars().count() as u64;
            if (least..=most).contains(&length) {
                break;
            }
            text = self.matching(&regex);
        }
        text
    }

    fn matching(&mut self, regex: &str) -> String {
        let strategy =
            proptest::string::string_regex(regex).unwrap_or_else(|e| panic!("{regex}: {e}"));
        strategy.new_tree(&mut self.runner).unwrap().current()
    }

    /// Mostly recent dates, sometimes anywhere in 0000-9999.
    fn date(&mut self) -> NaiveDate {
        let year = if self.chance(85) {
            self.rng().random_range(2000..=2030)
        } else {
            self.rng().random_range(0..=9999)
        };
        let day = self.rng().random_range(0..366);
        NaiveDate::from_yo_opt(year, 1)
            .unwrap()
            .checked_add_days(chrono::Days::new(day))
            .filter(|d| d.year() == year)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap())
    }

    fn date_time(&mut self) -> String {
        let date = self.date();
        let (h, m, s) = (
            self.rng().random_range(0..24),
            self.rng().random_range(0..60),
            self.rng().random_range(0..60),
        );
        let zone = match self.rng().random_range(0..3) {
            0 => "Z".to_owned(),
            1 => "+07:00".to_owned(),
            _ => format!(
                "-{:02}:{:02}",
                self.rng().random_range(0..24),
                self.rng().random_range(0..60)
            ),
        };
        format!("{date}T{h:02}:{m:02}:{s:02}{zone}")
    }
}

/// A schema pattern as proptest's generator reads it, with repetitions
/// bounded so that values mostly fit their `maxLength`.
fn bounded(pattern: &str) -> String {
    let mut out = String::new();
    let mut escaped = false;
    for c in pattern.chars() {
        match c {
            '+' if !escaped => out.push_str("{1,6}"),
            '*' if !escaped => out.push_str("{0,3}"),
            c => out.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out.replace("\\d", "[0-9]")
}

/// Printable text in any script, with the odd newline, quote and colon
/// that YAML must carry.
const TEXT: &str = "[\\p{L}\\p{N}\\p{P}\\p{S} \\n\\t]";

/// Whether an `if` schema of the kinds the registers use (`required`,
/// `properties` with `const` or `enum`) holds for `object`.
fn holds(condition: &Value, object: &Map<String, Value>) -> bool {
    let required_present = condition
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .all(|name| object.contains_key(name.as_str().unwrap()));
    let properties_match = condition
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .all(|(name, rule)| match object.get(name) {
            None => true,
            Some(value) => {
                rule.get("const").is_none_or(|c| c == value)
                    && rule
                        .get("enum")
                        .and_then(Value::as_array)
                        .is_none_or(|choices| choices.contains(value))
            }
        });
    required_present && properties_match
}

/// Block YAML with every scalar written as JSON (a JSON string is a YAML
/// double-quoted scalar).
fn block_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                out.push_str(&format!("{pad}{}:", serde_json::to_string(key).unwrap()));
                nested(item, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                nested(item, indent, out);
            }
        }
        scalar => out.push_str(&format!("{pad}{scalar}\n")),
    }
}

fn nested(value: &Value, indent: usize, out: &mut String) {
    let container = matches!(value, Value::Object(m) if !m.is_empty())
        || matches!(value, Value::Array(a) if !a.is_empty());
    if container {
        out.push('\n');
        block_yaml(value, indent + 2, out);
    } else {
        out.push_str(&format!(" {value}\n"));
    }
}

/// JSON text as YAML reads it: YAML allows DEL, most C1 controls and
/// U+FFFE/U+FFFF only escaped, where JSON leaves them raw. They only occur
/// inside strings, so each becomes a `\uXXXX` escape.
fn yaml_printable(json: &str) -> String {
    json.chars()
        .map(|c| match c {
            '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => {
                format!("\\u{:04x}", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

/// Where a record of `register` lives, from its own fields.
fn record_path(register: Register, record: &Value) -> String {
    let text = |key: &str| match &record[key] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let folder = register.folder();
    match register {
        Register::Asset => format!("records/{folder}/{}/{}.yaml", text("unit"), text("id")),
        Register::Inventory => format!("records/{folder}/{}/{}.yaml", text("year"), text("unit")),
        Register::Training => format!("records/{folder}/{}.yaml", text("year")),
        _ => format!("records/{folder}/{}.yaml", text("id")),
    }
}

/// One case: a record of every register and a few more assets, tied
/// together by their references often enough that rules get past them.
struct Case {
    records: Vec<(Register, Value)>,
    root: String,
}

/// A schema-valid record of `register`, tried until the validator agrees.
fn valid_record(
    generator: &mut Generator,
    schemas: &SchemaSet,
    register: Register,
    adjust: &dyn Fn(&mut Generator, &mut Value),
) -> Value {
    let file = format!("{}.schema.json", register.slug());
    let schema = generator.documents[&file].clone();
    let mut last = Vec::new();
    for _ in 0..50 {
        let mut record = generator.value(&schema, &file);
        adjust(generator, &mut record);
        let violations = schemas.validate(register.slug(), &record);
        if violations.is_empty() {
            return record;
        }
        last = violations
            .iter()
            .map(|v| format!("{} {}", v.pointer, v.message.en))
            .collect();
    }
    panic!("the generator cannot make a valid {register:?}: {last:#?}");
}

/// Point reference fields at the case's unit and staff member, sometimes.
fn tie(generator: &mut Generator, value: &mut Value, unit: &str, staff: &str) {
    const UNIT_FIELDS: [&str; 4] = ["unit", "to_unit", "parent", "units"];
    const STAFF_FIELDS: [&str; 9] = [
        "assigned_to",
        "by",
        "admin",
        "admins",
        "approved_by",
        "staff",
        "signed_by",
        "requested_by",
        "decided_by",
    ];
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let target = if UNIT_FIELDS.contains(&key.as_str()) {
                    Some(unit)
                } else if STAFF_FIELDS.contains(&key.as_str()) {
                    Some(staff)
                } else {
                    None
                };
                match (target, &mut *item) {
                    (Some(target), Value::String(text)) if generator.chance(70) => {
                        *text = target.to_owned();
                    }
                    (Some(target), Value::Array(items)) if generator.chance(70) => {
                        for item in items.iter_mut().filter(|i| i.is_string()) {
                            *item = json!(target);
                        }
                        items.dedup();
                    }
                    _ => tie(generator, item, unit, staff),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| tie(generator, i, unit, staff)),
        _ => {}
    }
}

fn generate_case(seed: u64, documents: &HashMap<String, Value>, schemas: &SchemaSet) -> Case {
    let mut generator = Generator::new(documents, seed);
    let no_change: &dyn Fn(&mut Generator, &mut Value) = &|_, _| {};
    // The root unit: no parent.
    let mut root = valid_record(&mut generator, schemas, Register::Unit, no_change);
    root.as_object_mut().unwrap().remove("parent");
    let root_id = root["id"].as_str().unwrap().to_owned();
    let staff = valid_record(&mut generator, schemas, Register::Staff, &|g, v| {
        if g.chance(70) {
            v["unit"] = json!(root_id);
        }
    });
    let staff_id = staff["id"].as_str().unwrap().to_owned();
    let mut records = vec![(Register::Unit, root), (Register::Staff, staff)];
    let tied = |g: &mut Generator, v: &mut Value| tie(g, v, &root_id, &staff_id);
    for register in Register::ALL {
        if !matches!(register, Register::Unit | Register::Staff | Register::Asset) {
            records.push((
                register,
                valid_record(&mut generator, schemas, register, &tied),
            ));
        }
    }
    // More assets, all at the root unit so that F1 must count each.
    let count = generator.rng().random_range(1..=3);
    for number in 0..count {
        let mut asset = valid_record(&mut generator, schemas, Register::Asset, &|g, v| {
            tie(g, v, &root_id, &staff_id);
            v["unit"] = json!(root_id);
            for event in v["events"].as_array_mut().into_iter().flatten() {
                if event.get("to_unit").is_some() {
                    event["to_unit"] = json!(root_id);
                }
            }
        });
        let id = asset["id"].as_str().unwrap();
        let base = id[..id.len().min(58)].trim_end_matches('-');
        asset["id"] = json!(format!("{base}-X{number}"));
        records.push((Register::Asset, asset));
    }
    Case {
        records,
        root: root_id,
    }
}

fn files_of(case: &Case, seed: u64) -> Vec<RawFile> {
    let mut paths: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = Vec::new();
    for (at, (register, record)) in case.records.iter().enumerate() {
        let path = record_path(*register, record);
        assert!(
            paths.insert(path.clone(), at).is_none(),
            "two records at {path}"
        );
        let text = if (seed >> (at % 64)) & 1 == 0 {
            let mut out = String::new();
            block_yaml(record, 0, &mut out);
            out
        } else {
            serde_json::to_string_pretty(record).unwrap()
        };
        files.push(RawFile::new(path, yaml_printable(&text).into_bytes()));
    }
    files
}

/// F1's "Total at quarter end" for the root unit, in the quarter of the
/// latest date of any asset: every asset not disposed of by then.
fn f1_total(model: &itreg::model::Model, today: NaiveDate) -> i64 {
    let latest = model
        .assets
        .values()
        .flat_map(|a| std::iter::once(a.acquired).chain(a.events.iter().map(|e| e.date)))
        .max()
        .unwrap();
    let params = Params {
        unit: None,
        period: Some(Period::Quarter(Quarter::of(latest))),
        today,
    };
    let report = reports::build(model, "f1-equipment", &params).unwrap();
    let column = report
        .columns
        .iter()
        .position(|c| &*c.en == "Total at quarter end")
        .unwrap();
    match report.total.as_ref().map(|row| &row[column]) {
        Some(Cell::Int(count)) => *count,
        other => panic!("F1 total: {other:?}"),
    }
}

thread_local! {
    static SCHEMAS: RefCell<Option<SchemaSet>> = const { RefCell::new(None) };
}

fn check_case(seed: u64, documents: &HashMap<String, Value>) -> Result<(), TestCaseError> {
    let schemas = SCHEMAS
        .with_borrow_mut(Option::take)
        .unwrap_or_else(|| SchemaSet::load(Some(env!("CARGO_MANIFEST_DIR").as_ref())).unwrap());
    let case = generate_case(seed, documents, &schemas);
    let files = files_of(&case, seed);
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let options = CheckOptions { today, only: None };
    let checked = check_files(
        files,
        Vec::new(),
        Vec::new(),
        schemas,
        &Config::default(),
        &options,
    );
    let model = &checked.model;
    let refused: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code.as_str(), "schema" | "model"))
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d.code,
                d.file.display(),
                d.line,
                d.message.en
            )
        })
        .collect();
    prop_assert!(refused.is_empty(), "refused: {refused:#?}");
    prop_assert_eq!(
        model.records.len(),
        case.records.len(),
        "{:#?}",
        checked.diagnostics
    );
    let typed = model.typed_flags();
    for (index, record) in model.records.iter().enumerate() {
        let has_view = record.register != Register::Access;
        prop_assert!(
            typed[index] || !has_view,
            "{} passed its schema but has no typed view",
            record.path.display()
        );
    }
    prop_assert!(model.units.contains_key(&case.root));
    let assets = case
        .records
        .iter()
        .filter(|(r, _)| *r == Register::Asset)
        .count();
    prop_assert_eq!(model.assets.len(), assets);
    let kept = model
        .assets
        .values()
        .filter(|a| a.status != "disposed")
        .count();
    prop_assert_eq!(f1_total(model, today), kept as i64);
    // Every report runs over the records without a panic.
    for def in reports::all() {
        let params = Params {
            unit: None,
            period: None,
            today,
        };
        let _ = reports::build_def(model, &def, &params);
    }
    SCHEMAS.set(Some(checked.schemas));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Shrinking a seed gains nothing; the failure message names it.
        max_shrink_iters: 0,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_schema_valid_record_reaches_the_model_rules_and_f1(seed in any::<u64>()) {
        let documents = schema_documents();
        check_case(seed, &documents)?;
    }
}

/// The two records issue 22 found dropped, now refused by their schema
/// with a located error instead.
#[test]
fn the_records_once_dropped_now_get_a_located_error() {
    let schemas = SchemaSet::load(Some(env!("CARGO_MANIFEST_DIR").as_ref())).unwrap();
    let asset = json!({
        "id": "HN-PC-0001", "name": "Máy tính", "category": "computer", "type": "desktop",
        "unit": "hn", "serial": "S1", "acquired": "2024-01-01", "status": "in-use",
        "warranty": {"onsite": true}
    });
    let violations = schemas.validate("asset", &asset);
    assert!(
        violations.iter().any(|v| v.pointer == "/warranty"),
        "{violations:?}"
    );
    let software = json!({
        "id": "phan-mem", "name": "Phần mềm", "kind": "office", "status": "active",
        "installations": [{"unit": "hn", "status": "deployed", "workstations": 5_000_000_000u64}]
    });
    let violations = schemas.validate("software", &software);
    assert!(
        violations
            .iter()
            .any(|v| v.pointer == "/installations/0/workstations"),
        "{violations:?}"
    );
}

/// A record that got past its schema but not into the model is named by
/// field (the safety net behind the schemas).
#[test]
fn the_model_names_the_field_it_cannot_read() {
    use itreg::model::field_error::field_error;
    use itreg::model::{Asset, Software};
    let value = itreg::value::Value::from(json!({
        "id": "A", "name": "n", "category": "computer", "type": "desktop",
        "unit": "U", "serial": "S", "acquired": "2024-01-01", "status": "in-use",
        "warranty": {"onsite": true}
    }));
    let error = field_error::<Asset>(&value).unwrap();
    assert!(error.missing);
    assert_eq!(error.dotted(), "warranty.until");
    assert_eq!(error.located_pointer(), "/warranty");

    let value = itreg::value::Value::from(json!({
        "id": "S", "name": "n", "kind": "office", "status": "active",
        "installations": [{"unit": "U"}, {"unit": "U", "workstations": 5_000_000_000u64}]
    }));
    let error = field_error::<Software>(&value).unwrap();
    assert!(!error.missing);
    assert_eq!(error.located_pointer(), "/installations/1/workstations");
    assert_eq!(error.dotted(), "installations[1].workstations");
    // 5.0 is an integer to JSON Schema, and to the model.
    let value = itreg::value::Value::from(json!({
        "id": "S", "name": "n", "kind": "office", "status": "active",
        "installations": [{"unit": "U", "workstations": 5.0}]
    }));
    let software: Software = value.deserialize_as().unwrap();
    assert_eq!(software.installations[0].workstations, Some(5));
}

/// The safety net through the real CLI: a repository whose own asset
/// schema no longer requires `warranty.until` (a repository may carry its
/// own `schema/`), and an asset that leaves it out. The record is not
/// dropped: `check` fails with an error at the record's `warranty`, by
/// file, line and column, naming the field.
#[test]
fn check_fails_with_a_located_error_for_a_record_the_model_cannot_read() {
    let repo = common::sample_copy();
    let asset_schema = common::repo_root().join("schema/asset.schema.json");
    let mut schema: Value = serde_json::from_slice(&std::fs::read(asset_schema).unwrap()).unwrap();
    let warranty = schema["properties"]["warranty"].as_object_mut().unwrap();
    assert!(
        warranty.remove("required").is_some(),
        "the shipped schema requires until"
    );
    common::write_file(
        repo.path(),
        "schema/asset.schema.json",
        serde_json::to_string_pretty(&schema).unwrap(),
    );
    let path = "records/assets/hn/HN-PC-0001.yaml";
    let text = std::fs::read_to_string(repo.path().join(path)).unwrap();
    let loosened = text.replace(
        "warranty: { until: 2024-04-12, onsite: true }",
        "warranty: { onsite: true }",
    );
    assert_ne!(text, loosened);
    common::write_file(repo.path(), path, loosened);

    let output = common::run(repo.path(), &["--lang", "en", "check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", common::stdout(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "model")
        .unwrap_or_else(|| panic!("no model error: {report:#}"));
    assert_eq!(found["file"], path, "{found:#}");
    assert_eq!(found["severity"], "error");
    assert_eq!(
        (found["line"].as_u64(), found["column"].as_u64()),
        (Some(10), Some(11)),
        "{found:#}"
    );
    assert!(
        found["message"]["en"]
            .as_str()
            .unwrap()
            .contains("warranty.until"),
        "{found:#}"
    );
}
