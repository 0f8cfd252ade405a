//! D2 (QĐ3582 II.4.2): the data administrator makes the backups. Each
//! backup's `by` held the `data-admin` role in the database's unit on the
//! backup's date (see [`crate::model::Model::data_admin_of`]).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D2",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for database in model.databases.values() {
        for (index, backup) in database.backups.iter().enumerate() {
            let Some(by) = backup.by.as_deref() else {
                continue;
            };
            // An unknown staff id is already a `ref-missing` error.
            if !model.staff.contains_key(by) || model.data_admin_of(by, &database.unit, backup.date)
            {
                continue;
            }
            findings.push(Finding::on(database, format!("/backups/{index}/by")).say(
                (
                    format!(
                        "Bản sao lưu ngày {} do `{by}` thực hiện, không phải cán bộ quản trị dữ liệu của đơn vị `{}` vào ngày đó",
                        backup.date, database.unit
                    ),
                    format!(
                        "The {} backup was made by `{by}`, who was not a data administrator of unit `{}` that day",
                        backup.date, database.unit
                    ),
                ),
                (
                    "Việc sao lưu do cán bộ quản trị dữ liệu (`data-admin`) của đơn vị thực hiện; sửa `by` hoặc giao vai trò",
                    "Backups are made by the unit's data administrator (`data-admin`); correct `by` or assign the role",
                ),
            ));
        }
    }
    findings
}
