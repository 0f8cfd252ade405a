//! A8 (QĐ3582 II.1.4): copy important data and wipe the disk before a
//! data-bearing device goes out for repair.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A8",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for asset in model.assets.values().filter(|a| a.bears_data()) {
        for (index, event) in asset.events.iter().enumerate() {
            if event.kind == "repair-out" && event.data_wiped != Some(true) {
                findings.push(
                    Finding::on(asset, format!("/events/{index}"))
                        .say(
                            (
                                format!("Thiết bị chứa dữ liệu đưa đi sửa ngày {} mà chưa xóa dữ liệu", event.date),
                                format!("A data-bearing device went out for repair on {} without its data wiped", event.date),
                            ),
                            (
                                "Sao lưu dữ liệu quan trọng, xóa ổ đĩa rồi ghi `data_wiped: true`",
                                "Copy important data, wipe the disk, then record `data_wiped: true`",
                            ),
                        ),
                );
            }
        }
    }
    findings
}
