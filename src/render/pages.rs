//! One function per kind of page. Each returns the page's path (relative to
//! the language root), its template and its own context; `mod.rs` adds the
//! shell (navigation, language switch) and renders.

use super::field_plan::FieldPlan;
use super::fields::FieldRenderer;
use super::html::link;
use super::markdown;
use super::site::{Site, record_path, title, unit_list_path};
use super::table::{Column, Table};
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::history::{CommitInfo, HistoryIndex};
use crate::load::procedures::Procedure;
use crate::register::Register;
use crate::value::Value as RecordValue;
use serde::Serialize;
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The page's own values, `page` in its template.
    pub context: tera::Value,
}

/// A page's context as Tera values, serialized straight from what the page
/// function built.
pub(super) fn context(value: &impl Serialize) -> tera::Value {
    tera::Value::from_serializable(value)
}

/// A context of a few named values, built without a JSON value first.
fn tera_map<const N: usize>(entries: [(&'static str, tera::Value); N]) -> tera::Value {
    let map: tera::Map = entries
        .into_iter()
        .map(|(key, value)| (key.into(), value))
        .collect();
    map.into()
}

/// What `record.html` shows of one record.
#[derive(Serialize)]
struct RecordContext<'a> {
    key: &'a str,
    register_label: &'a str,
    register_href: String,
    fields_html: String,
    timeline_html: Option<String>,
    notes_html: Option<String>,
    /// Tables of related records, as HTML.
    sections: Vec<String>,
    edit_url: Option<String>,
    source_path: std::borrow::Cow<'a, str>,
    procedures: Vec<ProcedureLink<'a>>,
    /// Links to the record's forms (Mẫu 01, Mẫu 02).
    forms: Vec<Value>,
    confidential: bool,
    /// The label sheet to print this unit's or device's labels from, from
    /// the site root.
    labels_path: Option<String>,
    history: Vec<Value>,
    activity: Vec<Value>,
    history_truncated: bool,
}

/// `../` repeated once per folder in `path`: the way back to the language root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Backlink tables on record pages show at most this many rows; a busy
/// staff member or unit would otherwise carry thousands on one page.
const BACKLINK_ROWS: usize = 50;

/// The columns of each register's list page, as JSON pointers.
fn list_columns(register: Register) -> &'static [&'static str] {
    match register {
        Register::Unit => &["/id", "/name", "/level", "/parent", "/it_unit"],
        Register::Staff => &["/id", "/full_name", "/unit", "/position", "/roles"],
        Register::Asset => &[
            "/id",
            "/name",
            "/type",
            "/unit",
            "/status",
            "/assigned_to",
            "/warranty/until",
        ],
        Register::Inventory => &["/year", "/unit", "/date"],
        Register::Software => &["/id", "/name", "/kind", "/status", "/vendor"],
        Register::Network => &["/id", "/name", "/scope", "/unit"],
        Register::Access => &["/id", "/network"],
        Register::Database => &["/id", "/name", "/unit", "/server", "/admin"],
        Register::DataRequest => &["/id", "/unit", "/date", "/database", "/status"],
        Register::MailAccount => &[
            "/id",
            "/address",
            "/staff",
            "/unit",
            "/kind",
            "/status",
            "/last_login",
        ],
        Register::MailRequest => &["/id", "/unit", "/submitted", "/signed_by"],
        Register::Training => &["/year"],
    }
}

/// Columns whose distinct values make a useful filter.
const FILTERABLE: &[&str] = &[
    "/level", "/unit", "/type", "/status", "/kind", "/scope", "/year",
];

struct TableBuilder<'s, 'a> {
    site: &'s Site<'a>,
    lang: Lang,
    root: String,
}

impl TableBuilder<'_, '_> {
    /// The records at `indexes` of `register`, one row each, in the
    /// register's list columns.
    fn table(&self, id: &str, heading: String, register: Register, indexes: &[usize]) -> Table {
        let plan = self.site.plan(register);
        let pointers = list_columns(register);
        let plans: Vec<&FieldPlan> = pointers.iter().map(|pointer| plan.at(pointer)).collect();
        let columns = pointers
            .iter()
            .zip(&plans)
            .map(|(pointer, plan)| {
                let key = pointer.rsplit('/').next().unwrap_or_default();
                Column {
                    label: plan.label(self.lang, key).to_owned(),
                    sort: plan.sort,
                }
            })
            .collect();
        let mut table = Table::new(id, heading, columns, |column| {
            FILTERABLE.contains(&pointers[column])
        });
        // `Value::pointer` splits and unescapes its argument on every call;
        // these pointers are plain, so split them once per table.
        let paths: Vec<Vec<&str>> = pointers
            .iter()
            .map(|pointer| pointer.split('/').skip(1).collect())
            .collect();
        for &index in indexes {
            let record = self.site.record(index);
            let value: &RecordValue = &self.site.visible[&index];
            table.start_row();
            // A mail account names its unit only when no staff member owns
            // it; otherwise its unit is its owner's.
            let derived_unit = (register == Register::MailAccount)
                .then(|| super::site::unit_of(self.site.model, index, value))
                .flatten()
                .map(|unit| RecordValue::String(unit.into()));
            for (column, (path, plan)) in paths.iter().zip(&plans).enumerate() {
                let first = (column == 0).then_some((register, record.key.as_str()));
                let raw = match path.as_slice() {
                    ["unit"] if derived_unit.is_some() => derived_unit.as_ref(),
                    _ => path.iter().try_fold(value, |v, key| v.get(key)),
                };
                self.push_cell(&mut table, plan, raw, first);
            }
        }
        table
    }

    /// One cell: the text of `raw`, linked to the row's record in the
    /// first column (`first`) or to the record a reference names.
    fn push_cell(
        &self,
        table: &mut Table,
        plan: &FieldPlan,
        raw: Option<&RecordValue>,
        first: Option<(Register, &str)>,
    ) {
        // An enum value by its label; other text as it is.
        fn label<'v>(plan: &'v FieldPlan, text: &'v str, lang: Lang) -> &'v str {
            plan.enum_label(text, lang).unwrap_or(text)
        }
        // A reference's page and title come from one lookup.
        let reference = match (raw, plan.reference) {
            (Some(RecordValue::String(key)), Some(target)) => self.site.link(target, key),
            _ => None,
        };
        let text: Cow<str> = match raw {
            Some(RecordValue::String(s)) => match (reference, plan.reference) {
                (Some((_, title)), _) => Cow::Borrowed(title),
                (None, Some(_)) => Cow::Borrowed(s),
                (None, None) => Cow::Borrowed(label(plan, s, self.lang)),
            },
            Some(RecordValue::Bool(b)) => {
                Cow::Borrowed(self.site.text(if *b { "yes" } else { "no" }, self.lang))
            }
            Some(RecordValue::Array(items)) => Cow::Owned(
                items
                    .iter()
                    .map(|i| match i.as_str() {
                        Some(s) => label(plan, s, self.lang).to_owned(),
                        None => i.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Some(RecordValue::Null) | None => Cow::Borrowed(""),
            Some(other) => Cow::Owned(other.to_string()),
        };
        let href = match first {
            Some((register, key)) => self.site.url(register, key),
            None => reference.map(|(path, _)| path),
        };
        table.push_cell(&text, href.map(|path| (self.root.as_str(), path)));
    }
}

fn visible_of(site: &Site, register: Register) -> Vec<usize> {
    site.visible
        .keys()
        .copied()
        .filter(|&i| site.record(i).register == register)
        .collect()
}

pub fn home(site: &Site, lang: Lang, diagnostics: &[Diagnostic]) -> Page {
    let cards: Vec<Value> = Register::ALL
        .iter()
        .map(|&register| {
            let (vi, en) = register.label();
            json!({
                "href": format!("{}/index.html", register.folder()),
                "label": if lang == Lang::Vi { vi } else { en },
                "count": visible_of(site, register).len(),
            })
        })
        .filter(|card| card["count"] != 0)
        .collect();
    let by_path: HashMap<&std::path::Path, usize> = site
        .visible
        .keys()
        .rev()
        .map(|&i| (site.record(i).path.as_path(), i))
        .collect();
    let alerts: Vec<Value> = diagnostics
        .iter()
        .filter_map(|d| {
            let index = *by_path.get(d.file.as_path())?;
            let record = site.record(index);
            Some(json!({
                "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                "code": d.code,
                "message": d.message.get(lang),
                "href": record_path(record.register, &record.key),
                "record": title(&site.visible[&index], &record.key),
            }))
        })
        .collect();
    Page {
        path: "index.html".into(),
        template: "home.html",
        title: site.text("home", lang).to_owned(),
        context: context(&json!({ "cards": cards, "alerts": alerts })),
    }
}

pub fn unit_tree(site: &Site, lang: Lang) -> Page {
    let root = "../";
    let mut html = String::new();
    let roots: Vec<_> = site
        .model
        .units
        .values()
        .filter(|u| u.parent.is_none())
        .map(|u| u.id.clone())
        .collect();
    html.push_str("<ul class=\"tree\">");
    for unit in roots {
        tree_node(site, &unit, root, &mut html, 0);
    }
    html.push_str("</ul>");
    let table = TableBuilder {
        site,
        lang,
        root: root.into(),
    }
    .table(
        "t-units",
        site.text("all_units", lang).to_owned(),
        Register::Unit,
        &visible_of(site, Register::Unit),
    );
    Page {
        path: "units/index.html".into(),
        template: "units.html",
        title: site.text("units", lang).to_owned(),
        context: tera_map([
            ("tree_html", html.into()),
            ("table", table.into_html(|key| site.text(key, lang)).into()),
        ]),
    }
}

fn tree_node(site: &Site, unit: &str, root: &str, html: &mut String, depth: usize) {
    if depth > 32 {
        return; // a cyclic tree is reported by check; never loop here
    }
    let Some(index) = site.index_of(Register::Unit, unit) else {
        return;
    };
    let href = format!("{root}{}", record_path(Register::Unit, unit));
    html.push_str("<li>");
    html.push_str(&link(Some(&href), title(&site.visible[&index], unit)));
    let children = site.model.children(unit);
    if !children.is_empty() {
        html.push_str("<ul>");
        for child in children {
            tree_node(site, &child.id, root, html, depth + 1);
        }
        html.push_str("</ul>");
    }
    html.push_str("</li>");
}

pub fn register_list(site: &Site, lang: Lang, register: Register) -> Page {
    let path = format!("{}/index.html", register.folder());
    let root = root_of(&path);
    let heading = register_heading(register, lang);
    let (table, note) = match site.unit_lists(register) {
        Some(units) => {
            let total: usize = units.iter().map(|(_, records)| records.len()).sum();
            let note = site
                .text("list_by_unit", lang)
                .replace("{n}", &total.to_string());
            (units_table(site, lang, register, units, &root), note.into())
        }
        None => {
            let builder = TableBuilder { site, lang, root };
            let rows = visible_of(site, register);
            let table = builder.table(
                &format!("t-{}", register.slug()),
                heading.clone(),
                register,
                &rows,
            );
            (
                table.into_html(|key| site.text(key, lang)),
                confidential_note(site, lang, register),
            )
        }
    };
    Page {
        path,
        template: "list.html",
        title: heading,
        context: tera_map([
            ("table", table.into()),
            ("register", register.slug().into()),
            ("note", note),
            ("parent", tera::Value::none()),
        ]),
    }
}

/// Why a register confidential as a whole (C2) lists nothing in this
/// build, and where its people are found instead; none when the model
/// left none of its records out.
fn confidential_note(site: &Site, lang: Lang, register: Register) -> tera::Value {
    let left_out = site.model.withheld.iter().any(|w| w.register == register);
    if register.confidential_as_a_whole() && left_out {
        site.text("confidential_register", lang).into()
    } else {
        tera::Value::none()
    }
}

fn register_heading(register: Register, lang: Lang) -> String {
    let (vi, en) = register.label();
    if lang == Lang::Vi { vi } else { en }.to_owned()
}

/// A split register's list page: one row per unit, linked to that unit's
/// full list, with how many records it holds.
fn units_table(
    site: &Site,
    lang: Lang,
    register: Register,
    units: &[(String, Vec<usize>)],
    root: &str,
) -> String {
    let columns = vec![
        Column {
            label: site.text("unit", lang).to_owned(),
            sort: "text",
        },
        Column {
            label: site.text("record_count", lang).to_owned(),
            sort: "number",
        },
    ];
    let heading = site.text("units", lang).to_owned();
    let mut table = Table::new(
        format!("t-{}-units", register.slug()),
        heading,
        columns,
        |_| false,
    );
    for (unit, records) in units {
        table.start_row();
        let href = unit_list_path(register, unit);
        table.push_cell(unit_name(site, unit, lang), Some((root, &href)));
        table.push_cell(&records.len().to_string(), None);
    }
    // The count under the filter counts units here, not records.
    table.into_html(|key| match key {
        "shown_of" => site.text("shown_of_units", lang),
        key => site.text(key, lang),
    })
}

/// A unit by its name; "" stands for records that name no unit.
fn unit_name<'s>(site: &'s Site, unit: &'s str, lang: Lang) -> &'s str {
    match unit {
        "" => site.text("no_unit", lang),
        unit => site.title_of(Register::Unit, unit).unwrap_or(unit),
    }
}

/// The full list of one unit's records in a split register.
pub fn register_unit_list(site: &Site, lang: Lang, register: Register, unit: usize) -> Page {
    let (unit, rows) = site
        .unit_lists(register)
        .and_then(|units| units.get(unit))
        .expect("unit list pages are made from Site::unit_lists");
    let path = unit_list_path(register, unit);
    let root = root_of(&path);
    let register_label = register_heading(register, lang);
    let heading = format!("{register_label} — {}", unit_name(site, unit, lang));
    let builder = TableBuilder {
        site,
        lang,
        root: root.clone(),
    };
    let table = builder.table(
        &format!("t-{}", register.slug()),
        heading.clone(),
        register,
        rows,
    );
    Page {
        path,
        template: "list.html",
        title: heading,
        context: tera_map([
            ("table", table.into_html(|key| site.text(key, lang)).into()),
            ("register", register.slug().into()),
            ("note", tera::Value::none()),
            (
                "parent",
                tera_map([
                    (
                        "href",
                        format!("{root}{}/index.html", register.folder()).into(),
                    ),
                    ("label", register_label.into()),
                ]),
            ),
        ]),
    }
}

pub struct RecordPageInput<'p> {
    pub history: Option<&'p HistoryIndex>,
    pub commit_url: Option<&'p str>,
    pub edit_url: Option<&'p str>,
    pub procedures: &'p [Procedure],
    pub today: &'p str,
}

pub fn record_page(site: &Site, lang: Lang, index: usize, input: &RecordPageInput) -> Page {
    let record = site.record(index);
    let value = &site.visible[&index];
    let register = record.register;
    let path = record_path(register, &record.key);
    let root = root_of(&path);
    let renderer = FieldRenderer {
        site,
        lang,
        root: &root,
        plan: site.plan(register),
    };
    let fields_html = renderer.fields(value);
    let timeline_html = value
        .get("events")
        .and_then(RecordValue::as_array)
        .filter(|e| !e.is_empty())
        .map(|events| renderer.timeline(events));
    let notes_html = value
        .get("notes")
        .and_then(RecordValue::as_str)
        .map(markdown::to_safe_html);
    let builder = TableBuilder {
        site,
        lang,
        root: root.clone(),
    };
    let mut sections = Vec::new();
    if register == Register::Unit {
        let children: Vec<usize> = site
            .model
            .children(&record.key)
            .iter()
            .filter_map(|u| site.index_of(Register::Unit, &u.id))
            .collect();
        let table = builder.table(
            "t-subunits",
            site.text("sub_units", lang).into(),
            Register::Unit,
            &children,
        );
        sections.push(table.into_html(|key| site.text(key, lang)));
    }
    // Records that refer to this one, grouped by register.
    let referrers = site.backlinks(register, &record.key);
    for other in Register::ALL {
        let from: Vec<usize> = referrers
            .iter()
            .copied()
            .filter(|&i| site.record(i).register == other)
            .collect();
        if from.is_empty() {
            continue;
        }
        let (vi, en) = other.label();
        let heading = if lang == Lang::Vi { vi } else { en };
        // The rest of a long table is on the register's list, filtered
        // by this record's title, or on this unit's part of a split list.
        // Other records' referrers in a split list have nowhere else to
        // be listed, so they are not capped.
        let full_list = match site.unit_lists(other) {
            None => Some(format!(
                "{root}{}/index.html?filter={}",
                other.folder(),
                url_encode(title(value, &record.key))
            )),
            Some(units) => (register == Register::Unit
                && units.iter().any(|(unit, _)| *unit == record.key))
            .then(|| format!("{root}{}", unit_list_path(other, &record.key))),
        };
        let cap = if full_list.is_some() {
            BACKLINK_ROWS
        } else {
            from.len()
        };
        let shown = &from[..from.len().min(cap)];
        let mut table = builder.table(
            &format!("t-{}", other.slug()),
            heading.to_owned(),
            other,
            shown,
        );
        if let Some(href) = full_list.filter(|_| from.len() > shown.len()) {
            table.cap(from.len(), href);
        }
        sections.push(table.into_html(|key| site.text(key, lang)));
    }
    let edit = input
        .edit_url
        .map(|pattern| pattern.replace("{path}", &record.path.to_string_lossy()));
    let procedures = applicable_procedures(
        input.procedures,
        record.register,
        value,
        &record.key,
        input.today,
        &root,
    );
    let history: Vec<Value> = input
        .history
        .map(|h| h.for_record(register, &record.key))
        .unwrap_or_default()
        .iter()
        .map(|c| commit_json(c, input.commit_url))
        .collect();
    let activity = match (register, input.history) {
        (Register::Unit, Some(history)) => {
            unit_activity(site, &record.key, history, input.commit_url, &root)
        }
        _ => Vec::new(),
    };
    let (vi, en) = register.label();
    Page {
        path,
        template: "record.html",
        title: site
            .title_of(register, &record.key)
            .unwrap_or_else(|| title(value, &record.key))
            .to_owned(),
        context: context(&RecordContext {
            key: &record.key,
            register_label: if lang == Lang::Vi { vi } else { en },
            register_href: format!("{root}{}/index.html", register.folder()),
            fields_html,
            timeline_html,
            notes_html,
            sections,
            edit_url: edit,
            source_path: record.path.to_string_lossy(),
            procedures,
            forms: super::form_pages::record_form_links(site, lang, register, &record.key, &root),
            confidential: site.model.is_confidential(index),
            labels_path: labels_path(register, &record.key, value),
            history,
            activity,
            history_truncated: input.history.is_some_and(|h| h.truncated),
        }),
    }
}

/// A unit's label sheet, or a device's label on its unit's sheet.
fn labels_path(register: Register, key: &str, value: &RecordValue) -> Option<String> {
    match register {
        Register::Unit => Some(crate::labels::sheet_path(key)),
        Register::Asset => {
            let status = value.get("status").and_then(RecordValue::as_str);
            let unit = value.get("unit").and_then(RecordValue::as_str)?;
            (!matches!(status, Some("disposed" | "lost"))).then(|| {
                format!(
                    "{}?tag={}",
                    crate::labels::sheet_path(unit),
                    url_encode(key)
                )
            })
        }
        _ => None,
    }
}

/// Procedures that apply to a record, linked with the record as their subject.
fn applicable_procedures<'p>(
    procedures: &'p [Procedure],
    register: Register,
    value: &RecordValue,
    key: &str,
    today: &str,
    root: &str,
) -> Vec<ProcedureLink<'p>> {
    procedures
        .iter()
        .filter(|p| {
            let applies_to = p.front.get("applies_to").and_then(RecordValue::as_array);
            applies_to.is_some_and(|registers| registers.iter().any(|r| r == register.slug()))
        })
        .filter(|p| {
            let Some(conditions) = p.front.get("applies_when").and_then(RecordValue::as_object)
            else {
                return true;
            };
            conditions.iter().all(|(field, allowed)| {
                let actual = value.get(field);
                match allowed {
                    RecordValue::Array(options) => actual.is_some_and(|a| options.contains(a)),
                    other => actual == Some(other),
                }
            })
        })
        .map(|p| {
            let unit = value
                .get("unit")
                .and_then(RecordValue::as_str)
                .unwrap_or(if register == Register::Unit { key } else { "" });
            let mut href = format!("{root}procedures/{}.html?", p.slug);
            if register == Register::Asset {
                href.push_str("asset_tag=");
                href.push_str(&url_encode(key));
                href.push('&');
            }
            for (name, text) in [("record_id", key), ("unit", unit), ("date", today)] {
                href.push_str(name);
                href.push('=');
                href.push_str(&url_encode(text));
                href.push('&');
            }
            href.pop(); // the last `&`
            ProcedureLink {
                title: p.str_field("title").unwrap_or(&p.slug),
                href,
            }
        })
        .collect()
}

/// A procedure to start from a record page, with the record filled in.
#[derive(Serialize)]
struct ProcedureLink<'p> {
    title: &'p str,
    href: String,
}

pub(super) fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

pub fn procedure_list(site: &Site, lang: Lang, procedures: &[Procedure]) -> Page {
    let items: Vec<Value> = procedures
        .iter()
        .map(|p| {
            json!({
                "href": format!("{}.html", p.slug),
                "title": procedure_title(p, lang),
                "summary": p.str_field("summary").unwrap_or(""),
                "clauses": p.list_field("clauses"),
            })
        })
        .collect();
    Page {
        path: "procedures/index.html".into(),
        template: "procedures.html",
        title: site.text("procedures", lang).to_owned(),
        context: context(&json!({ "procedures": items })),
    }
}

fn procedure_title(procedure: &Procedure, lang: Lang) -> String {
    let en = (lang == Lang::En)
        .then(|| procedure.str_field("title_en"))
        .flatten();
    en.or(procedure.str_field("title"))
        .unwrap_or(&procedure.slug)
        .to_owned()
}

pub fn procedure_page(site: &Site, lang: Lang, procedure: &Procedure) -> Page {
    let subject: Vec<Value> = procedure
        .list_field("subject")
        .iter()
        .map(|field| json!({ "field": field, "label": site.text(&format!("subject_{field}"), lang) }))
        .collect();
    let roles = site.plan(Register::Staff).field("roles");
    let performed_by: Vec<&str> = procedure
        .list_field("performed_by")
        .iter()
        .map(|role| roles.enum_label(role, lang).unwrap_or(role))
        .collect();
    Page {
        path: format!("procedures/{}.html", procedure.slug),
        template: "procedure.html",
        title: procedure_title(procedure, lang),
        context: context(&json!({
            "slug": procedure.slug,
            "summary": procedure.str_field("summary").unwrap_or(""),
            "clauses": procedure.list_field("clauses"),
            "performed_by": performed_by,
            "subject": subject,
            "signatures": procedure.list_field("signatures"),
            // A3 is the asset tag: its procedures print labels.
            "labels": procedure.list_field("clauses").contains(&"A3"),
            "body_html": markdown::to_safe_html(&procedure.body),
        })),
    }
}

pub fn search_page(site: &Site, lang: Lang) -> Page {
    Page {
        path: "search/index.html".into(),
        template: "search.html",
        title: site.text("search", lang).to_owned(),
        context: context(&json!({})),
    }
}

/// The 404 page, at the root of each language.
pub const NOT_FOUND_PATH: &str = "404.html";

pub fn not_found(site: &Site, lang: Lang) -> Page {
    Page {
        path: NOT_FOUND_PATH.into(),
        template: "404.html",
        title: site.text("not_found", lang).to_owned(),
        context: context(&json!({})),
    }
}

/// Where a unit's report lives, relative to the language root.
pub fn report_path(unit: &str, report: &str) -> String {
    format!("reports/{unit}/{report}.html")
}

/// Reports for every unit, with their download links.
pub fn report_index(site: &Site, lang: Lang, units: &[String]) -> Page {
    let definitions = crate::reports::all();
    let rows: Vec<Value> = units
        .iter()
        .map(|unit| {
            let name = site.title_of(Register::Unit, unit).unwrap_or(unit);
            let links: Vec<Value> = definitions
                .iter()
                .map(|def| json!({ "href": format!("{unit}/{}.html", def.id), "clause": def.clause, "title": def.title().get(lang) }))
                .collect();
            json!({ "unit": unit, "name": name, "reports": links })
        })
        .collect();
    Page {
        path: "reports/index.html".into(),
        template: "reports.html",
        title: site.text("reports", lang).to_owned(),
        context: context(&json!({ "units": rows })),
    }
}

/// One report as a printable page with CSV and XLSX (and, for the
/// quarterly reports, DOCX) downloads beside it. In print it is an
/// official document: the paper's heading and signatures around the
/// table, whose total row sits in its `<tfoot>`.
pub fn report_page(site: &Site, lang: Lang, report: &crate::reports::Report) -> Page {
    use crate::reports::Cell as ReportCell;
    let path = report_path(&report.unit, report.id);
    let root = root_of(&path);
    let columns = report
        .columns
        .iter()
        .enumerate()
        .map(|(index, c)| Column {
            label: c.get(lang).to_owned(),
            sort: if crate::reports::numeric_column(report, index) {
                "number"
            } else {
                "text"
            },
        })
        .collect();
    let mut table = Table::new(
        format!("t-report-{}", report.id),
        report.title.get(lang).to_owned(),
        columns,
        |_| false,
    )
    .numbered();
    for row in &report.rows {
        table.start_row();
        for value in row {
            let link = match value {
                ReportCell::Link { register, key, .. } => site.url(*register, key),
                _ => None,
            };
            table.push_cell(&value.display(lang), link.map(|path| (root.as_str(), path)));
        }
    }
    if let Some(total) = &report.total {
        let cells: Vec<String> = total.iter().map(|cell| cell.display(lang)).collect();
        table.set_footer(&cells);
    }
    let meta: Vec<Value> = report
        .meta
        .iter()
        .map(|m| json!({ "label": m.label.get(lang), "value": m.value.display(lang) }))
        .collect();
    let notes: Vec<String> = report
        .notes
        .iter()
        .map(|n| super::markdown::inline_to_safe_html(n.get(lang)))
        .collect();
    let unit_href = site
        .url(Register::Unit, &report.unit)
        .map(|u| format!("{root}{u}"));
    let paper = crate::reports::paper::report_frame(site.model, report, lang);
    // Word files are Vietnamese only (official documents), at the site root.
    let docx = crate::reports::has_docx(report.id).then(|| match lang {
        Lang::Vi => format!("{}.docx", report.id),
        Lang::En => format!("{root}../{}", report_docx_path(&report.unit, report.id)),
    });
    Page {
        path,
        template: "report.html",
        title: format!("{} — {}", report.title.get(lang), report.unit_name),
        context: context(&json!({
            "id": report.id,
            "clause": report.clause,
            "citation": report.citation,
            "unit_name": report.unit_name,
            "unit_href": unit_href,
            "units_covered": report.units_covered,
            "period": report.period.map(|p| p.label().get(lang).to_owned()),
            "due": report.due.map(|d| d.to_string()),
            "sent_to": report.sent_to.as_ref().map(|s| s.name.clone()),
            "today": report.today.to_string(),
            "meta": meta,
            "table": table.into_html(|key| site.text(key, lang)),
            "notes": notes,
            "csv": format!("{}.csv", report.id),
            "xlsx": format!("{}.xlsx", report.id),
            "docx": docx,
            "paper_class": super::paper::orientation_class(&paper),
            "paper_heading": super::paper::heading_html(&paper),
            "paper_signatures": super::paper::signatures_html(&paper),
        })),
    }
}

/// Where a report's Word file lives, from the site root.
pub fn report_docx_path(unit: &str, report: &str) -> String {
    format!("reports/{unit}/{report}.docx")
}

fn commit_json(commit: &CommitInfo, commit_url: Option<&str>) -> Value {
    json!({
        "date": commit.date,
        "author": commit.author,
        "subject": commit.subject,
        "short": commit.short,
        "href": commit.url(commit_url),
    })
}

/// Recent commits that touched published records of `unit` or the units
/// below it, newest first.
fn unit_activity(
    site: &Site,
    unit: &str,
    history: &HistoryIndex,
    commit_url: Option<&str>,
    root: &str,
) -> Vec<Value> {
    let units = site.model.subtree(unit);
    let belongs = |register: Register, key: &str| {
        let Some(index) = site.index_of(register, key) else {
            return false;
        };
        let value = &site.visible[&index];
        let owner = if register == Register::Unit {
            Some(key)
        } else {
            value.get("unit").and_then(RecordValue::as_str)
        };
        owner.is_some_and(|u| units.contains(u))
    };
    commits_with_records(site, history.recent(200), commit_url, root, belongs)
        .into_iter()
        .take(10)
        .collect()
}

/// Commits, each with the published records it touched that `keep`
/// accepts; commits left with no such record are dropped. Links are
/// prefixed with `root`.
fn commits_with_records(
    site: &Site,
    commits: &[(CommitInfo, Vec<(Register, String)>)],
    commit_url: Option<&str>,
    root: &str,
    keep: impl Fn(Register, &str) -> bool,
) -> Vec<Value> {
    commits
        .iter()
        .filter_map(|(commit, records)| {
            let touched: Vec<Value> = records
                .iter()
                .filter(|(register, key)| keep(*register, key))
                .filter_map(|(register, key)| {
                    let href = format!("{root}{}", site.url(*register, key)?);
                    Some(json!({ "href": href, "title": site.title_of(*register, key)? }))
                })
                .collect();
            if touched.is_empty() {
                return None;
            }
            let mut entry = commit_json(commit, commit_url);
            entry["records"] = Value::Array(touched);
            Some(entry)
        })
        .collect()
}

/// The latest commits, each with the published records it touched.
/// Commits that touched only confidential records are left out.
pub fn recent_changes(
    site: &Site,
    lang: Lang,
    history: Option<&HistoryIndex>,
    commit_url: Option<&str>,
) -> Page {
    let commits = history
        .map(|h| commits_with_records(site, h.recent(100), commit_url, "", |_, _| true))
        .unwrap_or_default();
    Page {
        path: "changes.html".into(),
        template: "changes.html",
        title: site.text("recent_changes", lang).to_owned(),
        context: context(
            &json!({ "commits": commits, "truncated": history.is_some_and(|h| h.truncated) }),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_encode_keeps_unreserved_bytes_and_escapes_the_rest() {
        assert_eq!(
            super::url_encode("Máy in A-1_b.c~d & e/f"),
            "M%C3%A1y%20in%20A-1_b.c~d%20%26%20e%2Ff"
        );
    }
}
