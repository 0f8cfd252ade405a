//! One function per kind of page. Each returns the page's path (relative to
//! the language root), its template and its own context; `mod.rs` adds the
//! shell (navigation, language switch) and renders.

use super::field_plan::FieldPlan;
use super::fields::FieldRenderer;
use super::html::link;
use super::markdown;
use super::site::{Site, record_path, title, unit_list_path};
use super::table::{Column, Table};
use crate::diagnostic::Lang;
use crate::history::{CommitInfo, HistoryIndex};
use crate::load::procedures::Procedure;
use crate::register::Register;
use crate::value::Value as RecordValue;
use serde::Serialize;
use serde_json::{Value, json};
use std::borrow::Cow;
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
    /// Whether the heading shows the key beside the title: not where the
    /// title is made from the same facts (an inventory is "unit · year").
    key_in_heading: bool,
    register_label: &'a str,
    register_href: String,
    fields_html: String,
    timeline_html: Option<String>,
    notes_html: Option<String>,
    /// Tables of related records, as HTML.
    sections: Vec<String>,
    edit_url: Option<String>,
    /// Set on pages both languages share: where the language switch leads
    /// (the register's English list), as the page has no English twin.
    english_href: Option<String>,
    source_path: std::borrow::Cow<'a, str>,
    procedures: Vec<ProcedureLink<'a>>,
    /// Links to the record's forms (Mẫu 01, Mẫu 02).
    forms: Vec<Value>,
    confidential: bool,
    /// The record's own errors and warnings, as HTML.
    diagnostics_html: Option<String>,
    /// A unit's compliance panel, as HTML.
    compliance_html: Option<String>,
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

/// The columns of each register's list page, as JSON pointers. Tables
/// lead with what people call a record (its name, a person's full name, a
/// mail address); the first column links to the record's page.
fn list_columns(register: Register) -> &'static [&'static str] {
    match register {
        Register::Unit => &["/name", "/id", "/level", "/parent", "/it_unit"],
        Register::Staff => &["/full_name", "/unit", "/position", "/roles", "/id"],
        Register::Asset => &[
            "/name",
            "/id",
            "/type",
            "/unit",
            "/status",
            "/assigned_to",
            "/warranty/until",
        ],
        Register::Inventory => &["/unit", "/year", "/date"],
        Register::Software => &["/name", "/kind", "/status", "/vendor", "/id"],
        Register::Network => &["/name", "/scope", "/unit", "/id"],
        Register::Access => &["/id", "/network"],
        Register::Database => &["/name", "/unit", "/server", "/admin", "/id"],
        Register::DataRequest => &["/id", "/unit", "/date", "/database", "/status"],
        Register::MailAccount => &[
            "/address",
            "/staff",
            "/unit",
            "/kind",
            "/status",
            "/last_login",
        ],
        Register::MailRequest => &["/id", "/unit", "/submitted", "/signed_by"],
        Register::Training => &["/year"],
        Register::Incident => &["/id", "/unit", "/detected", "/kind", "/status"],
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
                    gloss: None,
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
            (Some(RecordValue::String(key)), Some(target)) => {
                self.site.link(target, key, self.lang)
            }
            _ => None,
        };
        let text: Cow<str> = match raw {
            Some(RecordValue::String(s)) => match (&reference, plan.reference) {
                (Some((_, title)), _) => Cow::Borrowed(*title),
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
            Some((register, key)) => self.site.url(register, key, self.lang),
            None => reference.map(|(path, _)| path),
        };
        match href {
            Some(path) => table.push_cell(&text, Some((self.root.as_str(), &path))),
            None => {
                let mail = super::html::mailto(&text);
                table.push_cell(&text, mail.as_deref().map(|href| ("", href)));
            }
        }
    }
}

fn visible_of(site: &Site, register: Register) -> Vec<usize> {
    site.visible
        .keys()
        .copied()
        .filter(|&i| site.record(i).register == register)
        .collect()
}

pub fn home(site: &Site, lang: Lang, compliance_html: String) -> Page {
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
    Page {
        path: "index.html".into(),
        template: "home.html",
        title: site.text("home", lang).to_owned(),
        context: context(&json!({ "cards": cards, "compliance_html": compliance_html })),
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
    let href = |unit: &str| format!("{root}{}", record_path(Register::Unit, unit));
    html.push_str("<ul class=\"tree\">");
    for unit in roots {
        tree_node(site, &unit, &href, &mut html, 0);
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

/// One unit of the tree and the units below it, each linked to `href(unit)`.
fn tree_node(
    site: &Site,
    unit: &str,
    href: &dyn Fn(&str) -> String,
    html: &mut String,
    depth: usize,
) {
    if depth > 32 {
        return; // a cyclic tree is reported by check; never loop here
    }
    let Some(index) = site.index_of(Register::Unit, unit) else {
        return;
    };
    html.push_str("<li>");
    html.push_str(&link(Some(&href(unit)), title(&site.visible[&index], unit)));
    let children = site.model.children(unit);
    if !children.is_empty() {
        html.push_str("<ul>");
        for child in children {
            tree_node(site, &child.id, href, html, depth + 1);
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
            gloss: None,
            sort: "text",
        },
        Column {
            label: site.text("record_count", lang).to_owned(),
            gloss: None,
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

/// The records that refer to one record, grouped by register, with each
/// group's heading. A unit's sub-units are listed once, in their own
/// table; a staff member's devices are split into those they use and
/// those they look after (maintain, repair, hand over).
fn referrer_groups(
    site: &Site,
    lang: Lang,
    (register, key): (Register, &str),
    referrers: &[usize],
) -> Vec<(Register, String, String, Vec<usize>)> {
    let mut groups = Vec::new();
    for other in Register::ALL {
        if register == Register::Unit && other == Register::Unit {
            continue; // the sub-units table above
        }
        let from: Vec<usize> = referrers
            .iter()
            .copied()
            .filter(|&i| site.record(i).register == other)
            .collect();
        if from.is_empty() {
            continue;
        }
        if register == Register::Staff && other == Register::Asset {
            let (uses, looks_after): (Vec<usize>, Vec<usize>) = from.into_iter().partition(|&i| {
                site.visible[&i]
                    .get("assigned_to")
                    .and_then(RecordValue::as_str)
                    == Some(key)
            });
            let split = [
                ("t-asset", "devices_used", uses),
                ("t-asset-looked-after", "devices_looked_after", looks_after),
            ];
            for (id, label, rows) in split {
                if !rows.is_empty() {
                    groups.push((
                        other,
                        id.to_owned(),
                        site.text(label, lang).to_owned(),
                        rows,
                    ));
                }
            }
            continue;
        }
        let id = format!("t-{}", other.slug());
        groups.push((other, id, register_heading(other, lang), from));
    }
    groups
}

pub struct RecordPageInput<'p> {
    pub history: Option<&'p HistoryIndex>,
    pub commit_url: Option<&'p str>,
    pub edit_url: Option<&'p str>,
    pub procedures: &'p [Procedure],
    pub compliance: &'p super::compliance::Compliance<'p>,
    pub today: chrono::NaiveDate,
}

pub fn record_page(site: &Site, lang: Lang, index: usize, input: &RecordPageInput) -> Page {
    let record = site.record(index);
    let value = &site.visible[&index];
    let register = record.register;
    let path = record_path(register, &record.key);
    let root = root_of(&path);
    // One page for both languages: English beside the Vietnamese labels.
    let shared = lang == Lang::Vi && super::site::one_page_for_both_languages(register);
    let gloss = shared.then_some(Lang::En);
    let renderer = FieldRenderer {
        site,
        lang,
        root: &root,
        plan: site.plan(register),
        gloss,
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
    if register == Register::Unit && !site.model.children(&record.key).is_empty() {
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
    for (other, id, heading, from) in
        referrer_groups(site, lang, (register, &record.key), referrers)
    {
        let heading = heading.as_str();
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
        let mut table = builder.table(&id, heading.to_owned(), other, shown);
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
        (record.register, &record.key, value),
        input.today,
        (lang, gloss),
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
            unit_activity(site, lang, &record.key, history, input.commit_url, &root)
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
            key_in_heading: register != Register::Inventory,
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
            english_href: shared.then(|| format!("{root}en/{}/index.html", register.folder())),
            diagnostics_html: input.compliance.record_html(site, lang, gloss, index),
            compliance_html: (register == Register::Unit)
                .then(|| input.compliance.unit_html(site, lang, &record.key, &root)),
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

/// Procedures that apply to a record, linked with the record and the
/// event or period they cover as their subject: a checklist keeps its
/// ticks under that subject, so they outlive the build date. Those whose
/// `applies_when` matches come first. Titles are in `lang`, with the
/// `gloss` language's beside them on pages both languages share.
fn applicable_procedures<'p>(
    procedures: &'p [Procedure],
    record: (Register, &str, &RecordValue),
    today: chrono::NaiveDate,
    (lang, gloss): (Lang, Option<Lang>),
    root: &str,
) -> Vec<ProcedureLink<'p>> {
    let (register, key, value) = record;
    let mut links: Vec<ProcedureLink> = procedures
        .iter()
        .filter(|p| {
            let applies_to = p.front.get("applies_to").and_then(RecordValue::as_array);
            applies_to.is_some_and(|registers| registers.iter().any(|r| r == register.slug()))
        })
        .map(|p| {
            let unit = value
                .get("unit")
                .and_then(RecordValue::as_str)
                .unwrap_or(if register == Register::Unit { key } else { "" });
            let covered = covered(p, value, today);
            let mut params: Vec<(&str, String)> = Vec::new();
            if register == Register::Asset {
                params.push(("asset_tag", key.to_owned()));
            }
            params.push(("record_id", key.to_owned()));
            params.push(("unit", unit.to_owned()));
            match &covered {
                Covered::Event { kind, date } => {
                    params.push(("event", format!("{kind}-{date}")));
                    params.push(("date", date.to_string()));
                }
                Covered::Period(period) => params.push(("period", period.clone())),
                Covered::NotStarted | Covered::Nothing => {}
            }
            let query: Vec<String> = params
                .iter()
                .map(|(name, text)| format!("{name}={}", url_encode(text)))
                .collect();
            let pick = |vi: &str, en: &str| {
                let en = (lang == Lang::En).then(|| p.str_field(en)).flatten();
                en.or(p.str_field(vi))
            };
            let title = procedure_title(p, lang);
            let title_gloss = gloss
                .map(|gloss| procedure_title(p, gloss))
                .filter(|other| *other != title);
            ProcedureLink {
                title,
                title_gloss,
                href: format!("{root}procedures/{}.html?{}", p.slug, query.join("&")),
                suggested: applies_when(p, value),
                started: match covered {
                    Covered::Event { date, .. } => Some(crate::reports::format_date(date, lang)),
                    _ => None,
                },
                when_starting: matches!(covered, Covered::NotStarted)
                    .then(|| pick("when_starting", "when_starting_en"))
                    .flatten(),
            }
        })
        .collect();
    links.sort_by_key(|link| !link.suggested);
    links
}

/// Whether a record's fields match a procedure's `applies_when`.
fn applies_when(procedure: &Procedure, value: &RecordValue) -> bool {
    let Some(conditions) = procedure
        .front
        .get("applies_when")
        .and_then(RecordValue::as_object)
    else {
        return false;
    };
    conditions.iter().all(|(field, allowed)| {
        let actual = value.get(field);
        match allowed {
            RecordValue::Array(options) => actual.is_some_and(|a| options.contains(a)),
            other => actual == Some(other),
        }
    })
}

/// What one run of a procedure is about, besides its record.
enum Covered {
    /// The open event that started it (the repair that began on a date).
    Event {
        kind: String,
        date: chrono::NaiveDate,
    },
    /// None open yet: starting the procedure means recording one.
    NotStarted,
    /// The period it is done for (`quarter`, `year`).
    Period(String),
    /// The record alone.
    Nothing,
}

/// The event or period a run of `procedure` on a record covers, from the
/// procedure's `covers`: `{ events: [...], until: [...] }` names the event
/// kinds that open a run and those that close it; `quarter` and `year` the
/// period of `today`.
fn covered(procedure: &Procedure, value: &RecordValue, today: chrono::NaiveDate) -> Covered {
    use chrono::Datelike;
    let Some(covers) = procedure.front.get("covers") else {
        return Covered::Nothing;
    };
    match covers.as_str() {
        Some("quarter") => {
            let quarter = crate::rules::time::Quarter::of(today);
            return Covered::Period(quarter.to_string());
        }
        Some("year") => return Covered::Period(today.year().to_string()),
        Some(_) => return Covered::Nothing,
        None => {}
    }
    let kinds = |field: &str| -> Vec<&str> {
        covers
            .get(field)
            .and_then(RecordValue::as_array)
            .map(|items| items.iter().filter_map(RecordValue::as_str).collect())
            .unwrap_or_default()
    };
    let (opens, closes) = (kinds("events"), kinds("until"));
    let mut open: Option<(String, chrono::NaiveDate)> = None;
    let events = value.get("events").and_then(RecordValue::as_array);
    for event in events.into_iter().flatten() {
        let kind = event
            .get("kind")
            .and_then(RecordValue::as_str)
            .unwrap_or("");
        let date = event
            .get("date")
            .and_then(RecordValue::as_str)
            .and_then(crate::iso_date::parse);
        if closes.contains(&kind) {
            open = None;
        } else if let Some(date) = date.filter(|_| opens.contains(&kind) && open.is_none()) {
            open = Some((kind.to_owned(), date));
        }
    }
    match open {
        Some((kind, date)) => Covered::Event { kind, date },
        None => Covered::NotStarted,
    }
}

/// A procedure to start from a record page, with the record filled in.
#[derive(Serialize)]
struct ProcedureLink<'p> {
    title: String,
    /// The title in the gloss language, on pages both languages share.
    title_gloss: Option<String>,
    href: String,
    /// The record's fields say it is the one to do now (`applies_when`).
    suggested: bool,
    /// When the run under way began (the repair's first event).
    started: Option<String>,
    /// What to record to start a run, when none is under way.
    when_starting: Option<&'p str>,
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
            "body_html": field_hints(
                &markdown::to_safe_html(&procedure.body),
                site.text("field_hint", lang),
            ),
            "when_starting": procedure_when_starting(procedure, lang),
        })),
    }
}

/// What to record to start a run of `procedure`, in `lang` if it says.
fn procedure_when_starting(procedure: &Procedure, lang: Lang) -> Option<&str> {
    let en = (lang == Lang::En)
        .then(|| procedure.str_field("when_starting_en"))
        .flatten();
    en.or(procedure.str_field("when_starting"))
}

/// Checklist steps speak to people; the record fields a step names (its
/// code spans) move to a small hint after the step, for the IT officer.
fn field_hints(body: &str, label: &str) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(start) = rest.find("<li>") {
        let Some(length) = rest[start..].find("</li>") else {
            break;
        };
        let item = &rest[start..start + length];
        out.push_str(&rest[..start]);
        rest = &rest[start + length..];
        if !item.contains("type=\"checkbox\"") || item[4..].contains("<li>") {
            out.push_str(item);
            continue;
        }
        let mut text = String::with_capacity(item.len());
        let mut codes = Vec::new();
        let mut scan = item;
        while let Some(open) = scan.find("<code>") {
            let Some(close) = scan[open..].find("</code>") else {
                break;
            };
            text.push_str(scan[..open].trim_end_matches(' '));
            codes.push(&scan[open..open + close + "</code>".len()]);
            scan = &scan[open + close + "</code>".len()..];
        }
        text.push_str(scan);
        out.push_str(&text);
        if !codes.is_empty() {
            out.push_str("<span class=\"field-hint\"><span class=\"field-hint-label\">");
            super::html::push_escaped(&mut out, label);
            out.push_str(":</span> ");
            out.push_str(&codes.join(" "));
            out.push_str("</span>");
        }
    }
    out.push_str(rest);
    out
}

pub fn search_page(site: &Site, lang: Lang) -> Page {
    Page {
        path: "search/index.html".into(),
        template: "search.html",
        title: site.text("search", lang).to_owned(),
        context: context(&json!({})),
    }
}

/// Where the plain guide to mailboxes for non-technical staff lives.
pub const MAIL_HELP_PATH: &str = "mail/huong-dan.html";

/// How to get, reset or close a mailbox, for every member of staff.
pub fn mail_help(site: &Site, lang: Lang) -> Page {
    Page {
        path: MAIL_HELP_PATH.into(),
        template: "mail-help.html",
        title: site.text("mail_help", lang).to_owned(),
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

/// Where a unit's report page lives, from the site root.
pub fn report_path(unit: &str, report: &str) -> String {
    format!("reports/{unit}/{report}.html")
}

/// A report page from `lang`'s root: one Vietnamese page, its labels
/// glossed in English, serves both languages, as record pages do.
pub fn report_path_in(unit: &str, report: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => report_path(unit, report),
        Lang::En => format!("../{}", report_path(unit, report)),
    }
}

/// The reports index: the unit tree, each unit linked to its reports.
pub fn report_index(site: &Site, lang: Lang) -> Page {
    let roots: Vec<_> = site
        .model
        .units
        .values()
        .filter(|u| u.parent.is_none())
        .map(|u| u.id.clone())
        .collect();
    let href = |unit: &str| format!("{unit}/index.html");
    let mut html = String::from("<ul class=\"tree\">");
    for unit in roots {
        tree_node(site, &unit, &href, &mut html, 0);
    }
    html.push_str("</ul>");
    Page {
        path: "reports/index.html".into(),
        template: "reports.html",
        title: site.text("reports", lang).to_owned(),
        context: tera_map([("tree_html", html.into())]),
    }
}

/// What the build found for one report of one unit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReportState {
    /// The model could not type the unit: no report.
    Missing,
    Empty,
    /// A page (its CSV and XLSX made from it in the browser), and a Word
    /// file when the report has one.
    Written,
}

/// One unit's reports: those with rows, each with its page, CSV, XLSX and
/// print links; the empty ones named once.
pub fn report_unit_index(
    site: &Site,
    lang: Lang,
    unit: &str,
    states: &[(&crate::reports::ReportDef, ReportState)],
) -> Page {
    let path = format!("reports/{unit}/index.html");
    let root = root_of(&path);
    let written: Vec<Value> = states
        .iter()
        .filter(|(_, state)| *state == ReportState::Written)
        .map(|(def, _)| {
            // The Word file, like the page, is one for both languages.
            let docx = crate::reports::has_docx(def.id).then(|| match lang {
                Lang::Vi => format!("{}.docx", def.id),
                Lang::En => format!("{root}../{}", report_docx_path(unit, def.id)),
            });
            json!({
                "clause": def.clause,
                "title": def.title().get(lang),
                "href": match lang {
                    Lang::Vi => format!("{}.html", def.id),
                    Lang::En => format!("{root}{}", report_path_in(unit, def.id, lang)),
                },
                "docx": docx,
            })
        })
        .collect();
    let empty: Vec<Value> = states
        .iter()
        .filter(|(_, state)| *state == ReportState::Empty)
        .map(|(def, _)| json!({ "clause": def.clause, "title": def.title().get(lang) }))
        .collect();
    let unit_name = site.title_of(Register::Unit, unit).unwrap_or(unit);
    let unit_href = site
        .url(Register::Unit, unit, lang)
        .map(|u| format!("{root}{u}"));
    Page {
        path,
        template: "reports.html",
        title: format!("{} — {unit_name}", site.text("reports", lang)),
        context: context(&json!({
            "unit": unit,
            "unit_name": unit_name,
            "unit_href": unit_href,
            "reports": written,
            "empty": empty,
        })),
    }
}

/// One report as a printable page with CSV and XLSX (and, for the
/// quarterly reports, DOCX) downloads beside it, for both languages: a
/// Vietnamese page with English beside its labels (`report_path_in`). In
/// print it is an official document: the paper's heading and signatures
/// around the table, whose total row sits in its `<tfoot>`, the English
/// left out. The CSV and XLSX are made from the page's table in the
/// browser, the XLSX with `xlsx_frame` around it and, after its sheet, a
/// sheet for each of `parts` (units below, whose pages it fetches).
pub fn report_page(site: &Site, report: &crate::reports::Report, parts: &[String]) -> Page {
    use crate::reports::Cell as ReportCell;
    let lang = Lang::Vi;
    let path = report_path(&report.unit, report.id);
    let root = root_of(&path);
    let columns = report
        .columns
        .iter()
        .enumerate()
        .map(|(index, c)| Column {
            label: c.vi.to_string(),
            gloss: english_gloss(c),
            sort: if crate::reports::numeric_column(report, index) {
                "number"
            } else {
                "text"
            },
        })
        .collect();
    let mut table = Table::new(
        format!("t-report-{}", report.id),
        report.title.vi.to_string(),
        columns,
        |_| false,
    )
    .numbered();
    for row in &report.rows {
        table.start_row();
        for value in row {
            let link = match value {
                ReportCell::Link { register, key, .. } => site.url(*register, key, lang),
                _ => None,
            };
            let gloss = match value {
                ReportCell::Label(label) => english_gloss(label),
                _ => None,
            };
            table.push_glossed_cell(
                &value.display(lang),
                gloss.as_deref(),
                link.as_deref().map(|path| (root.as_str(), path)),
            );
        }
    }
    if let Some(total) = &report.total {
        let cells: Vec<String> = total.iter().map(|cell| cell.display(lang)).collect();
        table.set_footer(&cells);
    }
    let meta: Vec<Value> = report
        .meta
        .iter()
        .map(|m| {
            json!({
                "label": m.label.vi,
                "label_en": english_gloss(&m.label),
                "value": m.value.display(lang),
            })
        })
        .collect();
    let notes: Vec<Value> = report
        .notes
        .iter()
        .map(|n| {
            let en = english_gloss(n).map(|en| super::markdown::inline_to_safe_html(&en));
            json!({ "vi": super::markdown::inline_to_safe_html(&n.vi), "en": en })
        })
        .collect();
    let unit_href = site
        .url(Register::Unit, &report.unit, lang)
        .map(|u| format!("{root}{u}"));
    let paper = crate::reports::paper::report_frame(site.model, report, lang);
    let period = report.period.map(|p| p.label());
    Page {
        path,
        template: "report.html",
        title: format!("{} — {}", report.title.vi, report.unit_name),
        context: context(&json!({
            "id": report.id,
            "unit": report.unit,
            "clause": report.clause,
            "citation": report.citation,
            "title_en": english_gloss(&report.title),
            "english_href": format!("{root}en/reports/{}/index.html", report.unit),
            "unit_name": report.unit_name,
            "unit_href": unit_href,
            "units_covered": report.units_covered,
            "period": period.as_ref().map(|p| p.vi.to_string()),
            "period_en": period.as_ref().and_then(english_gloss),
            "due": report.due.map(|d| d.to_string()),
            "sent_to": report.sent_to.as_ref().map(|s| s.name.clone()),
            "today": report.today.to_string(),
            "meta": meta,
            "table": table.into_html(|key| site.text(key, lang)),
            "notes": notes,
            "csv": format!("{}-{}.csv", report.unit, report.id),
            "table_id": format!("t-report-{}", report.id),
            "title_short": report.title.vi,
            "xlsx": format!("{}-{}.xlsx", report.unit, report.id),
            "xlsx_frame": serde_json::to_string(&crate::reports::sheet_frame(report, Lang::Vi))
                .unwrap_or_default(),
            "xlsx_parts": (!parts.is_empty()).then(|| {
                let pages: Vec<[String; 2]> = parts
                    .iter()
                    .map(|unit| [unit.clone(), format!("{root}{}", report_path(unit, report.id))])
                    .collect();
                serde_json::to_string(&pages).unwrap_or_default()
            }),
            "docx": crate::reports::has_docx(report.id).then(|| format!("{}.docx", report.id)),
            "paper_class": super::paper::orientation_class(&paper),
            "paper_heading": super::paper::heading_html(&paper),
            "paper_signatures": super::paper::signatures_html(&paper),
        })),
    }
}

/// The English beside a Vietnamese label, when it says something else.
fn english_gloss(text: &crate::diagnostic::Bilingual) -> Option<String> {
    (text.en != text.vi).then(|| text.en.to_string())
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
    lang: Lang,
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
    commits_with_records(site, lang, history.recent(200), commit_url, root, belongs)
        .into_iter()
        .take(10)
        .collect()
}

/// Commits, each with the published records it touched that `keep`
/// accepts; commits left with no such record are dropped. Links are
/// prefixed with `root`.
fn commits_with_records(
    site: &Site,
    lang: Lang,
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
                    let href = format!("{root}{}", site.url(*register, key, lang)?);
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
        .map(|h| {
            let all = |_: Register, _: &str| true;
            commits_with_records(site, lang, h.recent(100), commit_url, "", all)
        })
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
    fn field_names_in_a_step_become_a_hint_after_it() {
        let body = "<ul>\n<li><input disabled=\"\" type=\"checkbox\"/>\nĐánh dấu thiết bị đang sửa chữa <code>status: under-repair</code> (A6).</li>\n<li>Plain <code>x</code></li>\n</ul>";
        let html = super::field_hints(body, "Sửa trong hồ sơ");
        assert!(html.contains("Đánh dấu thiết bị đang sửa chữa (A6).<span class=\"field-hint\"><span class=\"field-hint-label\">Sửa trong hồ sơ:</span> <code>status: under-repair</code></span></li>"), "{html}");
        assert!(html.contains("<li>Plain <code>x</code></li>"), "{html}");
    }

    #[test]
    fn url_encode_keeps_unreserved_bytes_and_escapes_the_rest() {
        assert_eq!(
            super::url_encode("Máy in A-1_b.c~d & e/f"),
            "M%C3%A1y%20in%20A-1_b.c~d%20%26%20e%2Ff"
        );
    }
}
