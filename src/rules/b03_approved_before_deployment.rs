//! B3 (QĐ3582 II.2.2): local business software is approved by the General
//! Director "trước khi triển khai thực hiện", before it is deployed. The
//! approval of `business-local` software is dated, on or before its first
//! installation (`installed_on` of any installation not merely planned) and
//! the day it came into use (`in_use_since`).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::model::{Software, Typed};
use chrono::NaiveDate;

pub const RULE: Rule = Rule {
    clause: "B3",
    citation: "QĐ3582 II.2.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

/// The first day the software ran anywhere, with the pointer to that date.
fn first_deployment(software: &Software) -> Option<(NaiveDate, String)> {
    let installed = software
        .installations
        .iter()
        .enumerate()
        .filter(|(_, i)| i.status != "planned")
        .filter_map(|(index, i)| {
            let pointer = format!("/installations/{index}/installed_on");
            i.installed_on.map(|date| (date, pointer))
        });
    let in_use = software
        .in_use_since
        .map(|date| (date, "/in_use_since".to_owned()));
    installed.chain(in_use).min_by_key(|(date, _)| *date)
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        if software.kind != "business-local" {
            continue;
        }
        // An approval without a decision is b03_local_software_approved's.
        let Some(approval) = &software.approval else {
            continue;
        };
        match approval.date {
            None => findings.push(undated(software)),
            Some(approved) => {
                if let Some((first, pointer)) = first_deployment(software)
                    && first < approved
                {
                    findings.push(Finding::on(software, pointer).say(
                        (
                            format!("Phần mềm được triển khai ngày {first}, trước ngày phê duyệt {approved}"),
                            format!("The software was deployed on {first}, before its approval of {approved}"),
                        ),
                        (
                            "Phần mềm địa phương chỉ được triển khai sau khi Tổng Giám đốc phê duyệt; kiểm tra lại các ngày, hoặc ngừng sử dụng cho đến khi được phê duyệt",
                            "Local software may be deployed only once the General Director has approved it; check the dates, or stop using it until it is approved",
                        ),
                    ));
                }
            }
        }
    }
    findings
}

fn undated(software: &Typed<Software>) -> super::Finding {
    Finding::on(software, "/approval").say(
        (
            "Quyết định phê duyệt không ghi ngày, nên không biết có trước khi triển khai không"
                .to_owned(),
            "The approval decision has no date, so it cannot be told to precede the deployment"
                .to_owned(),
        ),
        (
            "Ghi `date:` (ngày ký quyết định) trong `approval`",
            "Record `date:` (the day the decision was signed) in `approval`",
        ),
    )
}
