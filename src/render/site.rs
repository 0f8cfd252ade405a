//! What the site shows: which records are visible in this build, their
//! cleaned values, URLs, titles and backlinks. Built once, shared by every
//! page (never cloned per page).

use super::field_plan::FieldPlan;
use crate::diagnostic::Lang;
use crate::load::Record;
use crate::model::Model;
use crate::register::{Naming, Register};
use crate::schema_nav::SchemaNav;
use crate::validate::integrity::{for_each_string_at, references};
use crate::validate::schema::SchemaSet;
use crate::value::Value;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

pub struct Site<'a> {
    pub model: &'a Model,
    pub schemas: &'a SchemaSet,
    /// Index into `model.records` → the value as published: every record
    /// of the model, which the masking step has already made safe for this
    /// build (C2). Borrowed from the model, and replaced by an owned copy
    /// when `serve` re-renders an edited record.
    pub visible: BTreeMap<usize, Cow<'a, Value>>,
    /// Register → key → the visible record's index, page and title.
    by_key: HashMap<Register, KeyMap<Visible>>,
    /// Register → key → the visible records that refer to it.
    backlinks: HashMap<Register, KeyMap<Vec<usize>>>,
    labels: HashMap<Lang, Labels>,
    plans: HashMap<Register, FieldPlan>,
    /// Registers with more visible records than one list page should hold
    /// (`[site] list_limit`): their records by unit id ("" for none), in
    /// unit order. Each unit gets a list page of its own.
    unit_lists: HashMap<Register, Vec<(String, Vec<usize>)>>,
}

/// Record key → something, hashed with foldhash rather than SipHash: every
/// table cell and field that names a record looks its key up here.
type KeyMap<T> = foldhash::HashMap<String, T>;

/// A language's UI strings by key, looked up many times on every page.
pub type Labels = foldhash::HashMap<String, String>;

/// What links to a visible record need, found in one lookup: tables and
/// field lists ask for the page and title of every record they name.
struct Visible {
    index: usize,
    path: String,
    title: String,
}

impl<'a> Site<'a> {
    pub fn new(
        model: &'a Model,
        schemas: &'a SchemaSet,
        labels: HashMap<Lang, Labels>,
        list_limit: usize,
    ) -> Site<'a> {
        let nav = SchemaNav::new(schemas);
        let plans: HashMap<Register, FieldPlan> = Register::ALL
            .into_iter()
            .map(|register| {
                let schema = schemas.register_schema(register);
                (register, FieldPlan::for_register(&nav, schema, register))
            })
            .collect();
        let published: Vec<(usize, Cow<'a, Value>)> = model
            .records
            .iter()
            .enumerate()
            .map(|(index, record)| (index, Cow::Borrowed(&record.value)))
            .collect();
        let mut by_key: HashMap<Register, KeyMap<Visible>> = HashMap::new();
        for (index, value) in &published {
            let record = &model.records[*index];
            by_key
                .entry(record.register)
                .or_default()
                .entry(record.key.clone())
                .or_insert_with(|| Visible {
                    index: *index,
                    path: record_path(record.register, &record.key),
                    title: title(value, &record.key).to_owned(),
                });
        }
        name_inventories_by_unit_and_year(&mut by_key, model);
        let visible: BTreeMap<usize, Cow<'a, Value>> = published.into_iter().collect();
        // Every (target register, target key, referring record), found in
        // parallel and in record order, then grouped.
        let links: Vec<(Register, &str, usize)> = visible
            .par_iter()
            .flat_map_iter(|(&index, value)| {
                let register = model.records[index].register;
                let mut found = Vec::new();
                for (_, pattern, target) in references().iter().filter(|r| r.0 == register) {
                    for_each_string_at(value, pattern, &mut |_, key| {
                        found.push((*target, key, index));
                    });
                }
                found
            })
            .collect();
        let mut backlinks: HashMap<Register, KeyMap<Vec<usize>>> = HashMap::new();
        for (target, key, index) in links {
            let list = backlinks
                .entry(target)
                .or_default()
                .entry(key.to_owned())
                .or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
        let unit_lists = unit_lists(model, &visible, list_limit);
        Site {
            model,
            schemas,
            visible,
            by_key,
            backlinks,
            labels,
            plans,
            unit_lists,
        }
    }

    /// A long register's records by unit, when its list is split.
    pub fn unit_lists(&self, register: Register) -> Option<&[(String, Vec<usize>)]> {
        self.unit_lists.get(&register).map(Vec::as_slice)
    }

    pub fn record(&self, index: usize) -> &Record {
        &self.model.records[index]
    }

    fn visible_record(&self, register: Register, key: &str) -> Option<&Visible> {
        self.by_key.get(&register)?.get(key)
    }

    pub fn index_of(&self, register: Register, key: &str) -> Option<usize> {
        self.visible_record(register, key).map(|v| v.index)
    }

    /// The page and title of a visible record, the page relative to the
    /// root of `lang`'s pages (see [`Site::url`]).
    pub fn link(&self, register: Register, key: &str, lang: Lang) -> Option<(Cow<'_, str>, &str)> {
        self.visible_record(register, key)
            .map(|v| (page_in(register, &v.path, lang), v.title.as_str()))
    }

    /// Replace a visible record's published value (after an edit under
    /// `serve`), and with it the title that links to the record show.
    pub fn update_value(&mut self, index: usize, value: Value) {
        let record = &self.model.records[index];
        if let Some(entry) = self
            .by_key
            .get_mut(&record.register)
            .and_then(|keys| keys.get_mut(&record.key))
            .filter(|entry| entry.index == index)
        {
            entry.title = title(&value, &record.key).to_owned();
        }
        self.visible.insert(index, Cow::Owned(value));
    }

    /// The visible records that refer to the record `key` of `register`.
    pub fn backlinks(&self, register: Register, key: &str) -> &[usize] {
        self.backlinks
            .get(&register)
            .and_then(|keys| keys.get(key))
            .map_or(&[], Vec::as_slice)
    }

    /// What the schema says about each field of `register`.
    pub fn plan(&self, register: Register) -> &FieldPlan {
        &self.plans[&register]
    }

    /// A UI string from `site-templates/i18n/<lang>.toml`.
    pub fn text<'s>(&'s self, key: &'s str, lang: Lang) -> &'s str {
        self.labels
            .get(&lang)
            .and_then(|l| l.get(key))
            .map(String::as_str)
            .unwrap_or(key)
    }

    pub fn labels(&self, lang: Lang) -> &Labels {
        &self.labels[&lang]
    }

    /// The page of a visible record, relative to the root of `lang`'s
    /// pages. Only units have an English page of their own; the English
    /// pages link every other record to its one page, which shows English
    /// beside the Vietnamese labels.
    pub fn url(&self, register: Register, key: &str, lang: Lang) -> Option<Cow<'_, str>> {
        self.visible_record(register, key)
            .map(|v| page_in(register, &v.path, lang))
    }

    pub fn title_of(&self, register: Register, key: &str) -> Option<&str> {
        self.visible_record(register, key).map(|v| v.title.as_str())
    }
}

/// Group the visible records of each register longer than `limit` by
/// unit. Units are never split: the unit tree page lists them. Nor is a
/// register whose records name no unit (software): one list is all it has.
fn unit_lists(
    model: &Model,
    visible: &BTreeMap<usize, Cow<Value>>,
    limit: usize,
) -> HashMap<Register, Vec<(String, Vec<usize>)>> {
    let mut by_register: HashMap<Register, BTreeMap<String, Vec<usize>>> = HashMap::new();
    for (&index, value) in visible {
        let register = model.records[index].register;
        let unit = unit_of(model, index, value).unwrap_or_default();
        by_register
            .entry(register)
            .or_default()
            .entry(unit.to_owned())
            .or_default()
            .push(index);
    }
    by_register
        .into_iter()
        .filter(|(register, units)| {
            let by_unit = units.keys().any(|unit| !unit.is_empty());
            *register != Register::Unit
                && by_unit
                && units.values().map(Vec::len).sum::<usize>() > limit
        })
        .map(|(register, units)| (register, units.into_iter().collect()))
        .collect()
}

/// The unit a record belongs to: its `unit` field, or for a mail account
/// its holder's unit, as the reports count it.
pub fn unit_of<'m>(model: &'m Model, index: usize, value: &'m Value) -> Option<&'m str> {
    let record = &model.records[index];
    if record.register == Register::MailAccount
        && let Some(account) = model.mail_accounts.get(&record.key)
    {
        return model.account_unit(account);
    }
    value.get("unit").and_then(Value::as_str)
}

/// A key made safe as a file name.
fn file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Whether a register's records have one page for both languages (English
/// beside the Vietnamese labels) rather than a page in each. Unit pages are
/// the English site's hubs (its compliance panel, lists and reports), so
/// they stay in both; every other record page differs only in labels.
pub fn one_page_for_both_languages(register: Register) -> bool {
    register != Register::Unit
}

/// Whether `lang`'s pages hold a page of their own for `register`'s records.
pub fn has_page_in(register: Register, lang: Lang) -> bool {
    lang == Lang::Vi || !one_page_for_both_languages(register)
}

/// `path` (relative to the Vietnamese root) as seen from `lang`'s root.
fn page_in(register: Register, path: &str, lang: Lang) -> Cow<'_, str> {
    if !has_page_in(register, lang) {
        Cow::Owned(format!("../{path}"))
    } else {
        Cow::Borrowed(path)
    }
}

/// Where a record's page lives, relative to the root of `lang`'s pages.
pub fn record_path_in(register: Register, key: &str, lang: Lang) -> String {
    page_in(register, &record_path(register, key), lang).into_owned()
}

/// Where a record's page lives, relative to the language root.
pub fn record_path(register: Register, key: &str) -> String {
    match register.naming() {
        Naming::YearThenUnit => format!("{}/{}.html", register.folder(), key.replace('/', "-")),
        _ => format!("{}/{}.html", register.folder(), file_name(key)),
    }
}

/// The list page of one unit's records in a split register, relative to
/// the language root. Records without a unit are listed at `_`, which no
/// unit id can be.
pub fn unit_list_path(register: Register, unit: &str) -> String {
    let name = if unit.is_empty() {
        "_".to_owned()
    } else {
        file_name(unit)
    };
    format!("{}/by-unit/{name}.html", register.folder())
}

/// An inventory has no name of its own: it is the inventory of a unit in
/// a year, and is headed so (`BHXH tỉnh Nam Định · 2025`).
fn name_inventories_by_unit_and_year(
    by_key: &mut HashMap<Register, KeyMap<Visible>>,
    model: &Model,
) {
    let unit_title = |unit: &str| {
        by_key
            .get(&Register::Unit)
            .and_then(|units| units.get(unit))
            .map(|visible| visible.title.clone())
    };
    let titles: Vec<(String, String)> = by_key
        .get(&Register::Inventory)
        .into_iter()
        .flatten()
        .filter_map(|(key, visible)| {
            let value = &model.records[visible.index].value;
            let unit = value.get("unit").and_then(Value::as_str)?;
            let year = value.get("year").and_then(Value::as_i64)?;
            Some((key.clone(), format!("{} · {year}", unit_title(unit)?)))
        })
        .collect();
    if let Some(inventories) = by_key.get_mut(&Register::Inventory) {
        for (key, title) in titles {
            if let Some(visible) = inventories.get_mut(&key) {
                visible.title = title;
            }
        }
    }
}

/// The human title of a record: its name, full name, address or title.
pub fn title<'v>(value: &'v Value, key: &'v str) -> &'v str {
    ["name", "full_name", "address", "title"]
        .iter()
        .find_map(|field| value.get(field).and_then(Value::as_str))
        .unwrap_or(key)
}
