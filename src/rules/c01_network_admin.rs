//! C1 (QĐ3582 II.3.2): each network has an administrator. A network lists
//! at least one admin who has not left the agency.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "C1",
    citation: "QĐ3582 II.3.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for network in model.networks.values() {
        if network.admins.is_empty() {
            let written = model.record(network).value.get("admins").is_some();
            let pointer = if written { "/admins" } else { "/scope" };
            findings.push(Finding::on(network, pointer).say(
                (
                    "Mạng không có người quản trị".to_owned(),
                    "The network has no administrator".to_owned(),
                ),
                (
                    "Ghi `admins: [<mã cán bộ>]` theo quyết định phân công quản trị mạng",
                    "Record `admins: [<staff id>]` as assigned by the network-administration decision",
                ),
            ));
            continue;
        }
        // Admins missing from the staff register are integrity's to report.
        let all_left = network.admins.iter().all(|admin| {
            model
                .staff
                .get(admin.as_str())
                .is_some_and(|staff| staff.left_by(context.today))
        });
        if all_left {
            let names = network.admins.join(", ");
            findings.push(Finding::on(network, "/admins").say(
                (
                    format!("Mọi người quản trị của mạng ({names}) đều đã thôi việc"),
                    format!("Every administrator of the network ({names}) has left the agency"),
                ),
                (
                    "Phân công người quản trị mới và cập nhật `admins`",
                    "Assign a new administrator and update `admins`",
                ),
            ));
        }
    }
    findings
}
