//! A10 (QĐ3582 II.1.4): equipment is maintained every quarter and the
//! maintenance is logged. An in-use asset acquired before the previous
//! calendar quarter began needs a `maintenance` event inside that quarter.

use super::time::Quarter;
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A10",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let quarter = Quarter::of(context.today).previous();
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        if asset.status != "in-use" || asset.acquired >= quarter.start() {
            continue;
        }
        let maintained = asset
            .events
            .iter()
            .any(|e| e.kind == "maintenance" && quarter.contains(e.date));
        if maintained {
            continue;
        }
        let last = asset
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == "maintenance")
            .max_by_key(|(_, e)| e.date);
        let (last_vi, last_en) = match last {
            Some((_, e)) => (
                format!("lần gần nhất ngày {}", e.date),
                format!("last on {}", e.date),
            ),
            None => (
                "chưa từng bảo dưỡng".to_owned(),
                "never maintained".to_owned(),
            ),
        };
        let pointer = match last {
            Some((index, _)) => format!("/events/{index}"),
            None => "/status".to_owned(),
        };
        findings.push(Finding::on(asset, pointer).say(
            (
                format!(
                    "Thiết bị đang sử dụng không được bảo dưỡng trong quý {} ({} – {}); {last_vi}",
                    quarter, quarter.start(), quarter.end()
                ),
                format!(
                    "This in-use asset was not maintained in {} ({} to {}); {last_en}",
                    quarter, quarter.start(), quarter.end()
                ),
            ),
            (
                "Bảo dưỡng thiết bị hàng quý và ghi sự kiện `{ date: …, kind: maintenance, by: … }`",
                "Maintain the device every quarter and record an event `{ date: …, kind: maintenance, by: … }`",
            ),
        ));
    }
    findings
}
