//! Integrity across records: references resolve, keys and serials are
//! unique, the unit tree is one tree, and dates make sense.

use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::Record;
use crate::load::yaml::push_pointer_index;
use crate::model::Model;
use crate::register::{Naming, Register};
use crate::value::Value;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Which fields point at which register. `*` stands for every array index.
/// Besides integrity, the site's links and backlinks and the masking step
/// (which hides references to confidential records) read this one list;
/// `mask`'s tests check that it names every field the schemas type as
/// another record's id.
const REFERENCES: &[(Register, &str, Register)] = &[
    (Register::Unit, "/parent", Register::Unit),
    (Register::Staff, "/unit", Register::Unit),
    (Register::Asset, "/unit", Register::Unit),
    (Register::Asset, "/assigned_to", Register::Staff),
    (Register::Asset, "/events/*/to", Register::Staff),
    (Register::Asset, "/events/*/by", Register::Staff),
    (Register::Asset, "/events/*/to_unit", Register::Unit),
    (Register::Inventory, "/unit", Register::Unit),
    (Register::Inventory, "/by/*", Register::Staff),
    (Register::Inventory, "/items/*/asset", Register::Asset),
    (Register::Software, "/installations/*/unit", Register::Unit),
    (
        Register::Software,
        "/installations/*/servers/*",
        Register::Asset,
    ),
    (
        Register::Software,
        "/installations/*/installed_by",
        Register::Staff,
    ),
    (Register::Software, "/updates/*/by", Register::Staff),
    (Register::Software, "/approval/units/*", Register::Unit),
    (Register::Network, "/unit", Register::Unit),
    (Register::Network, "/admins/*", Register::Staff),
    (Register::Network, "/devices/*", Register::Asset),
    (Register::Network, "/log_reviews/*/by", Register::Staff),
    (Register::Access, "/network", Register::Network),
    (Register::Access, "/grants/*/approved_by", Register::Staff),
    (Register::Database, "/unit", Register::Unit),
    (Register::Database, "/server", Register::Asset),
    (Register::Database, "/admin", Register::Staff),
    (Register::Database, "/dbms", Register::Software),
    (Register::Database, "/backups/*/by", Register::Staff),
    (Register::DataRequest, "/unit", Register::Unit),
    (Register::DataRequest, "/database", Register::Database),
    (Register::DataRequest, "/approved_by", Register::Staff),
    (Register::DataRequest, "/requester_unit", Register::Unit),
    (Register::MailAccount, "/staff", Register::Staff),
    (Register::MailAccount, "/unit", Register::Unit),
    (
        Register::MailAccount,
        "/events/*/request",
        Register::MailRequest,
    ),
    (Register::MailAccount, "/events/*/by", Register::Staff),
    (Register::MailAccount, "/manager", Register::Staff),
    (Register::MailAccount, "/events/*/from", Register::Staff),
    (Register::MailAccount, "/events/*/to", Register::Staff),
    (Register::MailRequest, "/unit", Register::Unit),
    (Register::Training, "/courses/*/unit", Register::Unit),
    (Register::Incident, "/unit", Register::Unit),
    (Register::Incident, "/detected_by", Register::Staff),
    (Register::Incident, "/databases/*", Register::Database),
    (Register::Incident, "/reports/*/by", Register::Staff),
    (Register::Incident, "/actions/*/by", Register::Staff),
];

/// The register a concrete pointer in a `register` record refers to, if the
/// field at that pointer is a reference.
pub fn reference_target(register: Register, pointer: &str) -> Option<Register> {
    REFERENCES
        .iter()
        .filter(|(from, _, _)| *from == register)
        .find(|(_, pattern, _)| pattern_matches(pattern, pointer))
        .map(|(_, _, target)| *target)
}

fn pattern_matches(pattern: &str, pointer: &str) -> bool {
    let mut pattern_parts = pattern.split('/');
    let mut pointer_parts = pointer.split('/');
    loop {
        match (pattern_parts.next(), pointer_parts.next()) {
            (None, None) => return true,
            (Some("*"), Some(part)) if part.parse::<usize>().is_ok() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// Every (register, pattern, target) reference rule, for backlinks.
pub fn references() -> &'static [(Register, &'static str, Register)] {
    REFERENCES
}

/// Hand `visit` every string at `pattern` in `value` with its concrete
/// JSON pointer, borrowed: callers need the pointer only for the rare
/// string they report, so it is not allocated for every one.
pub fn for_each_string_at<'v>(
    value: &'v Value,
    pattern: &str,
    visit: &mut impl FnMut(&str, &'v str),
) {
    let rest = pattern.trim_start_matches('/');
    collect(value, rest, &mut String::new(), visit);
}

/// `pointer` is extended and truncated in place as the walk goes.
fn collect<'v>(
    value: &'v Value,
    rest: &str,
    pointer: &mut String,
    visit: &mut impl FnMut(&str, &'v str),
) {
    if rest.is_empty() {
        if let Some(s) = value.as_str() {
            visit(pointer, s);
        }
        return;
    }
    let depth = pointer.len();
    let (head, tail) = rest.split_once('/').unwrap_or((rest, ""));
    if head == "*" {
        for (index, item) in value.as_array().into_iter().flatten().enumerate() {
            push_pointer_index(pointer, index);
            collect(item, tail, pointer, visit);
            pointer.truncate(depth);
        }
    } else if let Some(child) = value.get(head) {
        pointer.push('/');
        pointer.push_str(head);
        collect(child, tail, pointer, visit);
        pointer.truncate(depth);
    }
}

pub fn check(model: &Model, today: NaiveDate) -> Vec<Diagnostic> {
    // Each record's references and dates are checked on their own, in
    // parallel; the checks across records run alongside them.
    let ((references, dates), across): ((Vec<_>, Vec<_>), _) = rayon::join(
        || {
            model
                .records
                .par_iter()
                .map(|record| {
                    let mut references = broken_references(model, record);
                    references.extend(super::typed_refs::check(model, record, today));
                    (references, dates(record, today))
                })
                .unzip()
        },
        || across_records(model),
    );
    let references = references.into_iter().flatten();
    let dates = dates.into_iter().flatten();
    references.chain(across).chain(dates).collect()
}

/// Keys and serials that repeat, and the shape of the unit tree.
fn across_records(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = duplicate_keys(model);
    diagnostics.extend(unique_values(
        model,
        Register::Asset,
        "/serial",
        "duplicate-serial",
        ("số seri", "serial"),
    ));
    diagnostics.extend(unit_tree(model));
    diagnostics
}

fn broken_references(model: &Model, record: &Record) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (register, pattern, target) in REFERENCES {
        if *register != record.register {
            continue;
        }
        for_each_string_at(&record.value, pattern, &mut |pointer, key| {
            // A `TODO` placeholder is reported as such, not as a reference.
            if !model.exists(*target, key) && !super::placeholder::is_placeholder_text(key) {
                diagnostics.push(missing_reference(record, pointer, key, *target));
            }
        });
    }
    diagnostics
}

fn missing_reference(record: &Record, pointer: &str, key: &str, target: Register) -> Diagnostic {
    let (vi, en) = target.label();
    let file = match target.naming() {
        Naming::IdUnderUnit => format!("records/{}/<unit>/{key}.yaml", target.folder()),
        _ => format!("records/{}/{key}.yaml", target.folder()),
    };
    Diagnostic::error(
        "ref-missing",
        &record.path,
        Bilingual::new(
            format!("Không tìm thấy hồ sơ `{key}` trong sổ {vi}"),
            format!("No record `{key}` exists in the {en} register"),
        ),
    )
    .at_field(record.position(pointer), pointer)
    .with_hint(
        format!("Sửa lại mã, hoặc tạo hồ sơ {file} trước"),
        format!("Fix the id, or first create the record {file}"),
    )
}

fn duplicate_keys(model: &Model) -> Vec<Diagnostic> {
    let mut first: BTreeMap<(Register, &str), &Record> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for record in &model.records {
        match first.get(&(record.register, record.key.as_str())) {
            Some(original) => diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    &record.path,
                    Bilingual::new(
                        format!("Mã `{}` đã dùng ở {}", record.key, original.path.display()),
                        format!(
                            "Id `{}` is already used by {}",
                            record.key,
                            original.path.display()
                        ),
                    ),
                )
                .at_field(record.position("/id"), "/id")
                .with_hint(
                    "Mỗi hồ sơ trong một sổ cần một mã riêng",
                    "Give each record in a register its own id",
                ),
            ),
            None => {
                first.insert((record.register, record.key.as_str()), record);
            }
        }
    }
    diagnostics
}

/// Report every record whose value at `pattern` repeats an earlier record's.
pub fn unique_values(
    model: &Model,
    register: Register,
    pattern: &str,
    code: &str,
    (label_vi, label_en): (&str, &str),
) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Record> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for record in model.records.iter().filter(|r| r.register == register) {
        for_each_string_at(
            &record.value,
            pattern,
            &mut |pointer, value| match seen.get(value) {
                Some(original) => diagnostics.push(
                    Diagnostic::error(
                        code,
                        &record.path,
                        Bilingual::new(
                            format!("{label_vi} `{value}` trùng với {}", original.path.display()),
                            format!(
                                "The {label_en} `{value}` repeats the one in {}",
                                original.path.display()
                            ),
                        ),
                    )
                    .at_field(record.position(pointer), pointer)
                    .with_hint(
                        format!("Kiểm tra lại {label_vi}; mỗi giá trị chỉ dùng một lần"),
                        format!("Check the {label_en}; each value may be used only once"),
                    ),
                ),
                None => {
                    seen.insert(value, record);
                }
            },
        );
    }
    diagnostics
}

fn unit_tree(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut roots: Vec<_> = model
        .units
        .values()
        .filter(|u| u.parent.is_none())
        .collect();
    // The true root is the central unit, else the one with the largest tree.
    roots.sort_by_key(|u| {
        (
            u.level != "central",
            std::cmp::Reverse(model.subtree(&u.id).len()),
        )
    });
    if roots.len() > 1 {
        for root in &roots[1..] {
            let record = model.record(root);
            diagnostics.push(
                Diagnostic::error(
                    "unit-root",
                    &record.path,
                    Bilingual::new(
                        format!(
                            "Cây đơn vị có nhiều gốc: `{}` và `{}` đều không có `parent`",
                            roots[0].id, root.id
                        ),
                        format!(
                            "The unit tree has several roots: `{}` and `{}` both lack `parent`",
                            roots[0].id, root.id
                        ),
                    ),
                )
                .at_field(record.position("/id"), "/id")
                .with_hint("Đặt `parent` cho đơn vị này", "Set `parent` on this unit"),
            );
        }
    } else if roots.is_empty() && !model.units.is_empty() {
        let first = model.units.values().next().expect("not empty");
        let record = model.record(first);
        diagnostics.push(
            Diagnostic::error(
                "unit-root",
                &record.path,
                Bilingual::new(
                    "Cây đơn vị không có gốc (đơn vị không có `parent`)",
                    "The unit tree has no root (a unit without `parent`)",
                ),
            )
            .with_hint(
                "Bỏ `parent` ở đơn vị cấp cao nhất (BHXH Việt Nam)",
                "Remove `parent` from the top unit (BHXH Việt Nam)",
            ),
        );
    }
    for unit in model.units.values() {
        let chain = model.ancestors(&unit.id);
        let top = chain.last().expect("chain holds the unit itself");
        let parent_of_top = model.units.get(top).and_then(|u| u.parent.as_deref());
        // A cycle is reported once, on the unit with the smallest id in it.
        if let Some(parent) = parent_of_top
            && chain.contains(&parent.to_owned())
            && chain
                .iter()
                .skip_while(|u| *u != parent)
                .min()
                .is_some_and(|smallest| *smallest == unit.id)
        {
            let record = model.record(unit);
            let cycle: Vec<&str> = chain
                .iter()
                .skip_while(|u| *u != parent)
                .map(String::as_str)
                .collect();
            diagnostics.push(
                Diagnostic::error(
                    "unit-cycle",
                    &record.path,
                    Bilingual::new(
                        format!("Cây đơn vị có vòng lặp: {}", cycle.join(" → ")),
                        format!("The unit tree has a cycle: {}", cycle.join(" → ")),
                    ),
                )
                .at_field(record.position("/parent"), "/parent")
                .with_hint(
                    "Sửa `parent` để mỗi đơn vị dẫn lên gốc",
                    "Fix `parent` so that every unit leads up to the root",
                ),
            );
        }
    }
    diagnostics
}

fn parse_date(value: &Value) -> Option<NaiveDate> {
    let text = value.as_str()?;
    crate::iso_date::parse_start(text)
}

/// Dates that contradict each other or lie in the future.
fn dates(record: &Record, today: NaiveDate) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let value = &record.value;
    if let (Some(acquired), Some(until)) = (
        value.get("acquired").and_then(parse_date),
        value.pointer("/warranty/until").and_then(parse_date),
    ) && until <= acquired
    {
        diagnostics.push(
            Diagnostic::error(
                "date-order",
                &record.path,
                Bilingual::new(
                    format!("Hạn bảo hành {until} không sau ngày trang bị {acquired}"),
                    format!("Warranty end {until} is not after the acquisition date {acquired}"),
                ),
            )
            .at_field(record.position("/warranty/until"), "/warranty/until")
            .with_hint("Kiểm tra lại hai ngày này", "Check both dates"),
        );
    }
    for field in ["acquired", "created", "in_use_since", "date"] {
        if let Some(date) = value.get(field).and_then(parse_date)
            && date > today
        {
            diagnostics.push(future_date(record, &format!("/{field}"), date, today));
        }
    }
    for list in ["events", "backups", "log_reviews", "updates"] {
        let Some(items) = value.get(list).and_then(Value::as_array) else {
            continue;
        };
        let mut previous: Option<NaiveDate> = None;
        for (index, item) in items.iter().enumerate() {
            let Some(date) = item.get("date").and_then(parse_date) else {
                continue;
            };
            let pointer = format!("/{list}/{index}/date");
            if date > today {
                diagnostics.push(future_date(record, &pointer, date, today));
            }
            if let Some(before) = previous
                && date < before
            {
                diagnostics.push(
                    Diagnostic::error(
                        "event-order",
                        &record.path,
                        Bilingual::new(
                            format!("Mục ngày {date} đứng sau mục ngày {before}; danh sách phải theo thứ tự thời gian"),
                            format!("The entry dated {date} follows one dated {before}; the list must be in date order"),
                        ),
                    )
                    .at_field(record.position(&pointer), &pointer)
                    .with_hint("Sắp xếp các mục từ cũ đến mới", "Order the entries oldest first"),
                );
            }
            previous = Some(previous.map_or(date, |p| p.max(date)));
        }
    }
    diagnostics
}

fn future_date(record: &Record, pointer: &str, date: NaiveDate, today: NaiveDate) -> Diagnostic {
    Diagnostic::error(
        "future-date",
        &record.path,
        Bilingual::new(
            format!("Ngày {date} ở sau hôm nay ({today})"),
            format!("The date {date} is after today ({today})"),
        ),
    )
    .at_field(record.position(pointer), pointer)
    .with_hint(
        "Chỉ ghi việc đã xảy ra; sửa lại ngày",
        "Log only what has happened; fix the date",
    )
}
