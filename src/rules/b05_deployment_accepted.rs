//! B5 (QĐ3582 II.2.3): a deployment is complete only with acceptance minutes
//! signed by the leader of the unit that uses it. A `deployed` installation
//! records its `acceptance` with `minutes` and `signed_by`.
//!
//! II.2.3 is about "phần mềm ứng dụng được chính thức quy định áp dụng
//! thống nhất toàn ngành": the national business applications. The rule
//! used to ask it of every kind of software; it now follows the seed and
//! checks `business-national` software only. Others may still record
//! their acceptance.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;
use crate::model::Installation;

pub const RULE: Rule = Rule {
    clause: "B5",
    citation: "QĐ3582 II.2.3",
    severity: Severity::Error,
    threshold: None,
    check,
};

/// What `installation` lacks, if anything: (pointer suffix, Vietnamese,
/// English).
fn lacking(installation: &Installation) -> Option<(&'static str, &'static str, &'static str)> {
    let acceptance = installation.acceptance.as_ref();
    if acceptance.is_none_or(|a| blank(a.minutes.as_deref())) {
        return Some((
            "",
            "chưa có biên bản nghiệm thu",
            "without acceptance minutes",
        ));
    }
    if acceptance.is_none_or(|a| blank(a.signed_by.as_deref())) {
        return Some((
            "/acceptance",
            "biên bản nghiệm thu không ghi lãnh đạo ký xác nhận",
            "with acceptance minutes that name no signing leader",
        ));
    }
    None
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        if software.kind != "business-national" {
            continue;
        }
        for (index, installation) in software.installations.iter().enumerate() {
            if installation.status != "deployed" {
                continue;
            }
            let Some((suffix, vi, en)) = lacking(installation) else {
                continue;
            };
            let unit = &installation.unit;
            findings.push(Finding::on(software, format!("/installations/{index}{suffix}")).say(
                (
                    format!("Phần mềm đã triển khai tại `{unit}` nhưng {vi}"),
                    format!("The installation at `{unit}` is deployed {en}"),
                ),
                (
                    "Ghi `acceptance: { minutes: …, signed_by: \"<họ tên, chức vụ lãnh đạo ký>\", date: … }`, hoặc để `status: planned` cho đến khi nghiệm thu",
                    "Record `acceptance: { minutes: …, signed_by: \"<name, title of the signing leader>\", date: … }`, or keep `status: planned` until it is accepted",
                ),
            ));
        }
    }
    findings
}
