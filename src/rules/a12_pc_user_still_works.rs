//! A12 (QĐ3582 II.1.6): a PC is handed officially to one person, who
//! manages it. The responsible person of an in-use desktop or laptop still
//! works for the agency: they have not left by today (`Staff::left_by`,
//! docs/nghi-viec.md). Other devices' `assigned_to` is checked as a typed
//! reference (`ref-left`).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A12",
    citation: "QĐ3582 II.1.6",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for asset in model.assets.values() {
        let pc = matches!(asset.kind.as_str(), "desktop" | "laptop");
        if !pc || asset.status != "in-use" {
            continue;
        }
        let Some(staff) = asset
            .assigned_to
            .as_deref()
            .and_then(|id| model.staff.get(id))
        else {
            continue; // none is a12_pc_assigned's, a missing record integrity's
        };
        let Some(left) = staff.left_date_by(context.today) else {
            continue;
        };
        findings.push(Finding::on(asset, "/assigned_to").say(
            (
                format!(
                    "Người chịu trách nhiệm máy tính đang sử dụng này, `{}`, đã nghỉ việc từ {left}",
                    staff.id
                ),
                format!(
                    "The responsible person of this in-use PC, `{}`, left on {left}",
                    staff.id
                ),
            ),
            (
                "Thu hồi máy (sự kiện `handover` có biên bản) và giao cho người khác, hoặc để `status: in-stock`; cập nhật `assigned_to`",
                "Take the PC back (a `handover` event with minutes) and hand it to someone else, or set `status: in-stock`; update `assigned_to`",
            ),
        ));
    }
    findings
}
