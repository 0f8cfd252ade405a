//! D1 (QĐ3582 II.4.2): the data administrator administers the data. A
//! database's `admin` holds the `data-admin` role in the database's unit
//! and has not left (see [`crate::model::Model::data_admin_of`]).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D1",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for database in model.databases.values() {
        let Some(admin) = database.admin.as_deref() else {
            continue;
        };
        // An unknown staff id is already a `ref-missing` error.
        if !model.staff.contains_key(admin)
            || model.data_admin_of(admin, &database.unit, context.today)
        {
            continue;
        }
        findings.push(Finding::on(database, "/admin").say(
            (
                format!(
                    "Người quản trị CSDL `{admin}` không phải cán bộ quản trị dữ liệu (`data-admin`) đang công tác tại đơn vị `{}`",
                    database.unit
                ),
                format!(
                    "The database admin `{admin}` is not a current data administrator (`data-admin`) of unit `{}`",
                    database.unit
                ),
            ),
            (
                "Ghi `admin` là cán bộ quản trị dữ liệu của đơn vị, hoặc giao vai trò `data-admin` cho cán bộ đó",
                "Make `admin` the unit's data administrator, or give that staff member the `data-admin` role",
            ),
        ));
    }
    findings
}
