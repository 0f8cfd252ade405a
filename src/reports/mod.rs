//! Reports: the "Report:" parts of `regulations.md` (F1, F2, A4, A10, B6,
//! C3, D2, D4, E1, M3, M4, M9 and the calendar of reports due).
//!
//! A report is computed by a pure function from the model, one unit (with
//! every unit below it), an optional period and "today" — no I/O — into one
//! table ([`Report`]) that [`render_markdown`], [`render_csv`],
//! [`render_xlsx`] and [`render_json`] turn into files. Each report lives in
//! its own file with a doc comment citing its clause; [`all`] lists them.
//!
//! Confidential records (C2) are left out by the masking step
//! ([`crate::mask`]) before a report sees the model, unless asked for; the
//! report then says how many of the records it reads were left out.

pub mod cli;
pub mod docx;
pub mod forms;
mod labels;
pub mod mail;
pub mod paper;
mod period;
mod render;

mod a04_inventory;
mod a10_maintenance_overdue;
mod b06_software;
mod c03_log_reviews;
pub mod calendar;
mod d02_backups;
mod d04_data_requests;
mod e01_training;
mod f01_equipment;
mod f02_it_activity;
mod m03_password_age;
mod m04_accounts_to_lock;
mod m09_mailbox_list;
mod warranty_expiring;

pub use period::{Period, PeriodKind, half_due, quarterly_due};
pub use render::{
    numeric_column, render_csv, render_json, render_markdown, render_xlsx, sheet_frame,
};

use crate::diagnostic::{Bilingual, Lang};
use crate::model::{Asset, MailAccount, Model, Typed, Unit};
use crate::register::Register;
use crate::rules::time::Quarter;
use crate::value::Value;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One generated report: a title, facts about it, one table and notes.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The report's name on the command line, e.g. `f1-equipment`.
    pub id: &'static str,
    /// Clause ids of `regulations.md`, e.g. `F1` or `B6, B4`.
    pub clause: &'static str,
    /// Where the clause sits in its regulation, e.g. `QĐ3582 III.2`.
    pub citation: &'static str,
    pub title: Bilingual,
    /// The unit the report is for; it rolls up every unit below it.
    pub unit: String,
    pub unit_name: String,
    /// How many units the report covers (the unit and those below it).
    pub units_covered: usize,
    pub period: Option<Period>,
    /// When the report must be sent (F1, F2, M9).
    pub due: Option<NaiveDate>,
    /// The unit the report is sent to (F1, F2: the IT unit above; M9: the IT centre).
    pub sent_to: Option<UnitRef>,
    /// The date the report was computed for (`--today`).
    pub today: NaiveDate,
    /// Further facts shown above the table (totals, thresholds…).
    pub meta: Vec<Meta>,
    pub columns: Vec<Bilingual>,
    pub rows: Vec<Vec<Cell>>,
    /// The total row, shown after the rows and never sorted, filtered or
    /// counted with them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<Vec<Cell>>,
    pub notes: Vec<Bilingual>,
}

/// A unit named in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// A labelled fact shown above the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meta {
    pub label: Bilingual,
    pub value: Cell,
}

/// One table cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Cell {
    Empty,
    /// Text from the records (names, ids, notes): the same in every language.
    Text(String),
    /// Text the report supplies, in both languages (enum labels, statuses).
    Label(Bilingual),
    Int(i64),
    Date(NaiveDate),
    /// A record, shown as `text`; the site can link it to the record's page.
    Link {
        text: String,
        register: Register,
        key: String,
    },
}

impl Report {
    /// The rows, then the total row: what a file export lists.
    pub fn rows_with_total(&self) -> impl Iterator<Item = &Vec<Cell>> {
        self.rows.iter().chain(self.total.iter())
    }
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn label(vi: impl Into<String>, en: impl Into<String>) -> Cell {
        Cell::Label(Bilingual::new(vi, en))
    }

    pub fn link(text: impl Into<String>, register: Register, key: impl Into<String>) -> Cell {
        Cell::Link {
            text: text.into(),
            register,
            key: key.into(),
        }
    }

    pub fn opt_date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }

    /// The cell as plain text, dates as dd/mm/yyyy (vi) or yyyy-mm-dd (en).
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Label(label) => label.get(lang).to_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Date(date) => format_date(*date, lang),
            Cell::Link { text, .. } => text.clone(),
        }
    }
}

/// A date as people read it: dd/mm/yyyy in Vietnamese, ISO in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    // Written out rather than through `format`, which parses its pattern
    // on every call: reports print hundreds of thousands of dates at 100k.
    let (day, month, year) = (date.day(), date.month(), date.year());
    match lang {
        Lang::Vi => format!("{day:02}/{month:02}/{year:04}"),
        Lang::En => format!("{year:04}-{month:02}-{day:02}"),
    }
}

/// A report the tool knows: its name, clause, title and the period it takes.
#[derive(Clone, Copy)]
pub struct ReportDef {
    pub id: &'static str,
    pub clause: &'static str,
    pub citation: &'static str,
    pub title_vi: &'static str,
    pub title_en: &'static str,
    /// `None`: the report is as of today and takes no `--period`.
    pub period: Option<PeriodKind>,
    /// The registers whose records make its rows: how many of those the
    /// masking step left out is said in a note.
    pub reads: &'static [Register],
    pub(crate) build: fn(&Ctx) -> Report,
}

impl ReportDef {
    pub fn title(&self) -> Bilingual {
        Bilingual::new(self.title_vi, self.title_en)
    }
}

impl std::fmt::Debug for ReportDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportDef")
            .field("id", &self.id)
            .field("clause", &self.clause)
            .field("period", &self.period)
            .finish()
    }
}

/// Every report, in the order `itreg report --list` shows them.
pub fn all() -> Vec<ReportDef> {
    vec![
        f01_equipment::DEF,
        f02_it_activity::DEF,
        a10_maintenance_overdue::DEF,
        warranty_expiring::DEF,
        a04_inventory::DEF,
        b06_software::DEF,
        d02_backups::DEF,
        c03_log_reviews::DEF,
        d04_data_requests::DEF,
        e01_training::DEF,
        m04_accounts_to_lock::DEF,
        m03_password_age::DEF,
        m09_mailbox_list::DEF,
        calendar::DEF,
    ]
}

/// The reports offered as Word files on the site (F1, F2: sent up every
/// quarter, signed and stamped); `itreg report --format docx` makes any.
pub fn has_docx(id: &str) -> bool {
    matches!(id, "f1-equipment" | "f2-it-activity")
}

pub fn find(id: &str) -> Option<ReportDef> {
    all().into_iter().find(|def| def.id == id)
}

/// What a report is asked for.
#[derive(Clone, Debug)]
pub struct Params {
    /// The unit; `None` means the root of the unit tree.
    pub unit: Option<String>,
    /// The period; `None` means the last completed one of the report's kind.
    pub period: Option<Period>,
    pub today: NaiveDate,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReportError {
    UnknownReport(String),
    UnknownUnit(String),
    NoRoot,
    WrongPeriod {
        report: String,
        expected: PeriodKind,
        given: Period,
    },
    NoPeriod(String),
}

impl crate::term::Localized for ReportError {
    fn say(&self, lang: Lang) -> String {
        match self {
            ReportError::UnknownReport(name) => crate::say!(
                lang,
                "không có báo cáo `{name}` (xem `itreg report --list`)",
                "unknown report `{name}` (see `itreg report --list`)"
            ),
            ReportError::UnknownUnit(unit) => crate::say!(
                lang,
                "không có đơn vị `{unit}` trong hồ sơ",
                "unknown unit `{unit}`"
            ),
            ReportError::NoRoot => crate::say!(
                lang,
                "hồ sơ chưa có đơn vị gốc (đơn vị không có `parent`)",
                "the records have no root unit (a unit without `parent`)"
            ),
            ReportError::WrongPeriod {
                report,
                expected,
                given,
            } => crate::say!(
                lang,
                "báo cáo `{report}` lập theo {kind}, ví dụ `--period {example}`; không nhận `{given}`",
                "report `{report}` takes {kind}, e.g. `--period {example}`, not `{given}`",
                kind = expected.name().get(lang),
                example = expected.example()
            ),
            ReportError::NoPeriod(report) => crate::say!(
                lang,
                "báo cáo `{report}` tính đến ngày lập, không theo kỳ: bỏ `--period`",
                "report `{report}` is as of today and takes no `--period`"
            ),
        }
    }
}

crate::display_both_languages!(ReportError);

/// The root of the unit tree: the first unit, by id, without a parent.
pub fn root_unit(model: &Model) -> Option<&str> {
    model
        .units
        .values()
        .find(|unit| unit.parent.is_none())
        .map(|unit| unit.id.as_str())
}

/// Compute report `id` over `model`.
pub fn build(model: &Model, id: &str, params: &Params) -> Result<Report, ReportError> {
    let def = find(id).ok_or_else(|| ReportError::UnknownReport(id.to_owned()))?;
    build_def(model, &def, params)
}

pub fn build_def(model: &Model, def: &ReportDef, params: &Params) -> Result<Report, ReportError> {
    let unit_id = match &params.unit {
        Some(unit) => unit.as_str(),
        None => root_unit(model).ok_or(ReportError::NoRoot)?,
    };
    let unit = model
        .units
        .get(unit_id)
        .ok_or_else(|| ReportError::UnknownUnit(unit_id.to_owned()))?;
    let period = match (def.period, params.period) {
        (None, None) => None,
        (None, Some(_)) => return Err(ReportError::NoPeriod(def.id.to_owned())),
        (Some(kind), None) => Some(Period::last_completed(kind, params.today)),
        (Some(kind), Some(given)) if given.kind() == kind => Some(given),
        (Some(kind), Some(given)) => {
            return Err(ReportError::WrongPeriod {
                report: def.id.to_owned(),
                expected: kind,
                given,
            });
        }
    };
    let ctx = Ctx {
        model,
        unit,
        subtree: model.subtree(&unit.id).into_iter().collect(),
        period,
        today: params.today,
    };
    let mut report = (def.build)(&ctx);
    let hidden = ctx.left_out(def.reads);
    if hidden > 0 {
        report.notes.push(Bilingual::new(
            format!(
                "Không gồm {hidden} hồ sơ mật (mục II.3.2 QĐ3582); bản đầy đủ lập bằng `--include-confidential`."
            ),
            format!(
                "{hidden} confidential record(s) left out (QĐ3582 II.3.2); `--include-confidential` gives the full report."
            ),
        ));
    }
    Ok(report)
}

/// What every report function sees.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub unit: &'a Typed<Unit>,
    /// The unit and every unit below it, hashed: reports ask whether a
    /// record's unit is in scope for every record, for every unit.
    pub subtree: foldhash::HashSet<String>,
    pub period: Option<Period>,
    pub today: NaiveDate,
}

impl<'a> Ctx<'a> {
    /// The assets that were in this unit's subtree at some time, in id
    /// order: the only ones a unit's report can count.
    pub fn assets(&self) -> Vec<&'a Typed<Asset>> {
        self.keys_in_subtree(&self.model.assets_by_unit)
            .into_iter()
            .filter_map(|key| self.model.assets.get(key))
            .collect()
    }

    /// The keys an index by unit (`Model::assets_by_unit` and the like)
    /// holds for the units of the subtree, sorted, each once.
    fn keys_in_subtree(&self, by_unit: &'a HashMap<String, Vec<String>>) -> Vec<&'a String> {
        let mut keys: Vec<&'a String> = self
            .subtree
            .iter()
            .filter_map(|unit| by_unit.get(unit))
            .flatten()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// A report for this unit and period with nothing in it yet.
    pub fn report(&self, def: &ReportDef) -> Report {
        Report {
            id: def.id,
            clause: def.clause,
            citation: def.citation,
            title: def.title(),
            unit: self.unit.id.to_string(),
            unit_name: self.unit.name.to_string(),
            units_covered: self.subtree.len(),
            period: self.period,
            due: None,
            sent_to: None,
            today: self.today,
            meta: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            total: None,
            notes: Vec::new(),
        }
    }

    pub fn in_scope(&self, unit: &str) -> bool {
        self.subtree.contains(unit)
    }

    /// How many records of `registers` in this unit's scope the masking
    /// step left out of the model: those that name a unit of the subtree,
    /// and those that name none.
    fn left_out(&self, registers: &[Register]) -> usize {
        self.model
            .withheld
            .iter()
            .filter(|w| registers.contains(&w.register))
            .filter(|w| w.units.is_empty() || w.units.iter().any(|u| self.in_scope(u)))
            .count()
    }

    /// The raw record behind a typed one, for fields the typed model leaves out.
    pub fn raw<T>(&self, typed: &Typed<T>) -> &'a Value {
        static NULL: Value = Value::Null;
        self.model
            .records
            .get(typed.index)
            .map_or(&NULL, |record| &record.value)
    }

    pub fn unit_name(&self, id: &str) -> String {
        self.model
            .units
            .get(id)
            .map_or_else(|| id.to_owned(), |unit| unit.name.to_string())
    }

    pub fn unit_ref(&self, id: &str) -> UnitRef {
        UnitRef {
            id: id.to_owned(),
            name: self.unit_name(id),
        }
    }

    pub fn unit_cell(&self, id: &str) -> Cell {
        Cell::link(self.unit_name(id), Register::Unit, id)
    }

    /// A staff member's full name; the id when the record is missing (or
    /// the masking step's marker, in place of a confidential one's id).
    pub fn staff_name(&self, id: &str) -> String {
        match self.model.staff.get(id) {
            Some(staff) => staff.full_name.to_string(),
            None => id.to_owned(),
        }
    }

    pub fn staff_cell(&self, id: Option<&str>) -> Cell {
        match id {
            Some(id) if self.model.staff.contains_key(id) => {
                Cell::link(self.staff_name(id), Register::Staff, id)
            }
            Some(id) => Cell::text(id),
            None => Cell::Empty,
        }
    }

    pub fn asset_cell(&self, asset: &Asset) -> Cell {
        Cell::link(asset.id.clone(), Register::Asset, asset.id.clone())
    }

    /// The report's quarter (the last completed one when none was given).
    pub fn quarter(&self) -> Quarter {
        match self.period {
            Some(Period::Quarter(quarter)) => quarter,
            _ => Quarter::of(self.today).previous(),
        }
    }

    pub fn year(&self) -> i32 {
        match self.period {
            Some(period) => period.year(),
            None => chrono::Datelike::year(&self.today) - 1,
        }
    }

    /// The report's period, or the last completed one of `kind`.
    pub fn period_or(&self, kind: PeriodKind) -> Period {
        self.period
            .unwrap_or_else(|| Period::last_completed(kind, self.today))
    }

    /// Units of the subtree in tree order (parents before children,
    /// siblings by id): unit id → position, for sorting rows.
    pub fn unit_order(&self) -> BTreeMap<String, usize> {
        let mut order = BTreeMap::new();
        let mut stack = vec![self.unit.id.to_string()];
        while let Some(current) = stack.pop() {
            if order.contains_key(&current) {
                continue;
            }
            let position = order.len();
            order.insert(current.clone(), position);
            let children = self.model.children(&current);
            stack.extend(children.into_iter().rev().map(|u| u.id.to_string()));
        }
        order
    }

    /// The IT unit a unit's quarterly reports go to (F1, F2: "the IT unit
    /// above"): going up the tree, the first ancestor that is an IT unit, or
    /// that has an IT unit of its own level among its children, outside the
    /// reporting unit's own subtree. `None` at the top.
    pub fn it_unit_above(&self) -> Option<String> {
        let chain = self.model.ancestors(&self.unit.id);
        chain
            .iter()
            .skip(1)
            .filter_map(|ancestor| self.it_unit_of(ancestor))
            .find(|it| !self.subtree.contains(it))
    }

    /// A unit's own IT unit: itself when it is one, else its first child of
    /// the same level that is one (BHXH tỉnh → Phòng CNTT).
    fn it_unit_of(&self, id: &str) -> Option<String> {
        let unit = self.model.units.get(id)?;
        if unit.it_unit {
            return Some(unit.id.to_string());
        }
        self.model
            .children(id)
            .into_iter()
            .find(|child| child.it_unit && child.level == unit.level)
            .map(|child| child.id.to_string())
    }

    /// The IT centre (the root's IT unit), which receives the M9 lists;
    /// `None` when the report is the IT centre's own.
    pub fn it_centre(&self) -> Option<String> {
        let root = root_unit(self.model)?;
        self.it_unit_of(root).filter(|it| *it != self.unit.id)
    }

    /// The mail accounts of units in scope, each with its unit (see
    /// [`Model::account_unit`]), in id order.
    pub fn accounts(&self) -> Vec<(&'a Typed<MailAccount>, &'a str)> {
        self.keys_in_subtree(&self.model.accounts_by_unit)
            .into_iter()
            .filter_map(|key| self.model.mail_accounts.get(key))
            .filter_map(|account| Some((account, self.model.account_unit(account)?)))
            .collect()
    }

    /// Active mail accounts of units in scope, each with its unit.
    pub fn active_accounts(&self) -> Vec<(&'a Typed<MailAccount>, &'a str)> {
        self.accounts()
            .into_iter()
            .filter(|(account, _)| account.status == "active")
            .collect()
    }
}

/// A date from a raw value: `2026-10-31`, or the date part of an RFC 3339
/// timestamp such as `2026-07-01T15:20:00+07:00`.
pub(crate) fn value_date(value: Option<&Value>) -> Option<NaiveDate> {
    let text = value?.as_str()?.trim();
    crate::iso_date::parse_start(text)
}

pub(crate) fn value_str(value: Option<&Value>) -> Option<&str> {
    value?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn value_int(value: Option<&Value>) -> Option<i64> {
    value?.as_i64()
}

/// Where an asset was on `date`: its current unit unless a transfer came
/// after `date`, then the unit of the last transfer on or before `date`;
/// `None` when that is not recorded (the first transfer's origin).
pub(crate) fn asset_unit_at(asset: &Asset, date: NaiveDate) -> Option<String> {
    let transfers = asset
        .events
        .iter()
        .filter(|e| e.kind == "transfer" && e.to_unit.is_some());
    if !transfers.clone().any(|e| e.date > date) {
        return Some(asset.unit.to_string());
    }
    let mut transfers = transfers;
    transfers
        .rfind(|e| e.date <= date)
        .and_then(|e| e.to_unit.as_deref().map(str::to_owned))
}

/// An asset's status on `date`, from its current status and the repair and
/// disposal events after that date.
pub(crate) fn asset_status_at(asset: &Asset, date: NaiveDate) -> String {
    let changing = asset
        .events
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "repair-out" | "repair-in" | "disposal"));
    if !changing.clone().any(|e| e.date > date) {
        return asset.status.to_string();
    }
    let after = |kind: &str| match kind {
        "repair-out" => "under-repair",
        "disposal" => "disposed",
        _ => "in-use",
    };
    if let Some(last) = changing.clone().rfind(|e| e.date <= date) {
        return after(&last.kind).to_owned();
    }
    let first_after = changing.clone().find(|e| e.date > date);
    match first_after.map(|e| e.kind.as_str()) {
        Some("repair-in") => "under-repair".to_owned(),
        _ => "in-use".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::format_date;
    use crate::diagnostic::Lang;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_day_first_in_vietnamese_and_iso_in_english() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(format_date(date, Lang::Vi), "07/03/2026");
        assert_eq!(format_date(date, Lang::En), "2026-03-07");
        let early = NaiveDate::from_ymd_opt(987, 12, 31).unwrap();
        assert_eq!(
            format_date(early, Lang::Vi),
            early.format("%d/%m/%Y").to_string()
        );
        assert_eq!(
            format_date(early, Lang::En),
            early.format("%Y-%m-%d").to_string()
        );
    }
}
