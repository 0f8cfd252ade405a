//! Typed references: a reference that resolves must also name a record of
//! the right kind (a software's servers are servers or storage) and in the
//! right state (a staff member who had not left on the date concerned; see
//! `docs/nghi-viec.md`). Missing records are `ref-missing`'s to report.

use super::integrity::for_each_string_at;
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::Record;
use crate::model::{Asset, Model, Staff};
use crate::register::Register;
use crate::value::Value;
use chrono::NaiveDate;

/// The kinds of equipment an asset reference may name.
#[derive(Clone, Copy)]
enum Equipment {
    ServerOrStorage,
    NetworkOrServer,
}

impl Equipment {
    fn admits(self, asset: &Asset) -> bool {
        let server = asset.kind == "server";
        match self {
            Equipment::ServerOrStorage => server || asset.category == "storage",
            Equipment::NetworkOrServer => server || asset.category == "network",
        }
    }

    fn label(self) -> (&'static str, &'static str) {
        match self {
            Equipment::ServerOrStorage => (
                "máy chủ hoặc thiết bị lưu trữ",
                "a server or storage device",
            ),
            Equipment::NetworkOrServer => {
                ("thiết bị mạng hoặc máy chủ", "a network device or server")
            }
        }
    }
}

/// Asset references and the equipment they must name.
const EQUIPMENT: &[(Register, &str, Equipment)] = &[
    (
        Register::Software,
        "/installations/*/servers/*",
        Equipment::ServerOrStorage,
    ),
    (Register::Network, "/devices/*", Equipment::NetworkOrServer),
    (Register::Database, "/server", Equipment::ServerOrStorage),
];

/// Staff references made on a date: in `register` records, each entry of
/// the list `list` ("" for the record itself) names staff at `field`, on
/// the entry's first date among `dates`. An entry with no date is not
/// checked (the schema or a rule asks for it).
const DATED: &[(Register, &str, &str, &[&str])] = &[
    (Register::Asset, "/events", "/to", &["date"]),
    (Register::Asset, "/events", "/by", &["date"]),
    (Register::Inventory, "", "/by/*", &["date"]),
    (
        Register::Software,
        "/installations",
        "/installed_by",
        &["installed_on"],
    ),
    (Register::Software, "/updates", "/by", &["date"]),
    (Register::Network, "/log_reviews", "/by", &["date"]),
    (Register::Access, "/grants", "/approved_by", &["date"]),
    (Register::Database, "/backups", "/by", &["date"]),
    (
        Register::DataRequest,
        "",
        "/approved_by",
        &["approved_on", "date"],
    ),
    (Register::MailAccount, "/events", "/by", &["date"]),
];

/// Staff references to a current role, which must name someone still
/// working today. A mail account's `staff` is not one: a locked account of
/// someone who left is the normal state (M4 flags the active ones).
const CURRENT: &[(Register, &str)] = &[
    (Register::Asset, "/assigned_to"),
    (Register::Network, "/admins/*"),
    (Register::Database, "/admin"),
];

pub fn check(model: &Model, record: &Record, today: NaiveDate) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    wrong_equipment(model, record, &mut diagnostics);
    dated_staff(model, record, &mut diagnostics);
    current_staff(model, record, today, &mut diagnostics);
    diagnostics
}

fn wrong_equipment(model: &Model, record: &Record, diagnostics: &mut Vec<Diagnostic>) {
    for (register, pattern, equipment) in EQUIPMENT {
        if *register != record.register {
            continue;
        }
        for_each_string_at(&record.value, pattern, &mut |pointer, key| {
            let Some(asset) = model.assets.get(key) else {
                return;
            };
            if equipment.admits(asset) {
                return;
            }
            let (want_vi, want_en) = equipment.label();
            diagnostics.push(
                Diagnostic::error(
                    "ref-kind",
                    &record.path,
                    Bilingual::new(
                        format!(
                            "`{key}` là thiết bị loại `{}/{}`, không phải {want_vi}",
                            asset.category, asset.kind
                        ),
                        format!(
                            "`{key}` is a `{}/{}` device, not {want_en}",
                            asset.category, asset.kind
                        ),
                    ),
                )
                .at_field(record.position(pointer), pointer)
                .with_hint(
                    format!("Ghi mã tem của {want_vi}, hoặc bỏ `{key}` khỏi danh sách này"),
                    format!("Give the tag of {want_en}, or remove `{key}` from this list"),
                ),
            );
        });
    }
}

/// The entries of `list` in `value` with their pointers; "" is the value
/// itself.
fn entries<'v>(value: &'v Value, list: &str) -> Vec<(String, &'v Value)> {
    if list.is_empty() {
        return vec![(String::new(), value)];
    }
    let items = value.pointer(list).and_then(Value::as_array).unwrap_or(&[]);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| (format!("{list}/{index}"), item))
        .collect()
}

fn parse_date(value: &Value) -> Option<NaiveDate> {
    let text = value.as_str()?;
    crate::iso_date::parse_start(text)
}

fn dated_staff(model: &Model, record: &Record, diagnostics: &mut Vec<Diagnostic>) {
    for (register, list, field, dates) in DATED {
        if *register != record.register {
            continue;
        }
        for (at, entry) in entries(&record.value, list) {
            let Some(date) = dates.iter().find_map(|d| entry.get(d).and_then(parse_date)) else {
                continue;
            };
            for_each_string_at(entry, field, &mut |pointer, key| {
                if let Some(staff) = model.staff.get(key).filter(|s| s.left_by(date)) {
                    let pointer = format!("{at}{pointer}");
                    diagnostics.push(left_before(record, &pointer, staff, Some(date)));
                }
            });
        }
    }
}

fn current_staff(
    model: &Model,
    record: &Record,
    today: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if record.register == Register::Asset && !holds_a_current_role(model, &record.key) {
        return;
    }
    for (register, pattern) in CURRENT {
        if *register != record.register {
            continue;
        }
        for_each_string_at(&record.value, pattern, &mut |pointer, key| {
            if let Some(staff) = model.staff.get(key).filter(|s| s.left_by(today)) {
                diagnostics.push(left_before(record, pointer, staff, None));
            }
        });
    }
}

/// Whether an asset's `assigned_to` is a current role: the agency still
/// holds the asset. An in-use desktop or laptop is left to A12, whose
/// clause asks exactly this of a PC's responsible person.
fn holds_a_current_role(model: &Model, key: &str) -> bool {
    model.assets.get(key).is_some_and(|asset| {
        let held = !matches!(asset.status.as_str(), "disposed" | "lost");
        let pc_in_use =
            asset.status == "in-use" && matches!(asset.kind.as_str(), "desktop" | "laptop");
        held && !pc_in_use
    })
}

/// `date` is the entry's date, or `None` for a current role.
fn left_before(
    record: &Record,
    pointer: &str,
    staff: &Staff,
    date: Option<NaiveDate>,
) -> Diagnostic {
    let (id, left) = (
        &staff.id,
        staff.left.map(|d| d.to_string()).unwrap_or_default(),
    );
    let message = match date {
        Some(date) => Bilingual::new(
            format!(
                "Cán bộ `{id}` đã nghỉ việc từ {left}, trước hoặc đúng ngày {date} của mục này"
            ),
            format!("Staff member `{id}` left on {left}, on or before this entry's date {date}"),
        ),
        None => Bilingual::new(
            format!(
                "Cán bộ `{id}` đã nghỉ việc từ {left} nhưng vẫn được ghi ở vai trò hiện tại này"
            ),
            format!("Staff member `{id}` left on {left} but still holds this current role"),
        ),
    };
    Diagnostic::error("ref-left", &record.path, message)
    .at_field(record.position(pointer), pointer)
    .with_hint(
        "Ghi mã cán bộ còn làm việc vào ngày đó (ai đã nghỉ việc xem docs/nghi-viec.md); nếu ngày nghỉ việc ghi sai thì sửa `left` trong hồ sơ cán bộ",
        "Name a staff member still working on that date (who has left: docs/nghi-viec.md); if the leaving date is wrong, fix `left` in the staff record",
    )
}
