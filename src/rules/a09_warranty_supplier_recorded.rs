//! A9 (QĐ3582 II.1.4): a device under warranty is repaired at its supplier,
//! so a device still under warranty records who supplied it; without
//! `supplier` no one can tell where to send it, nor check a repair.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A9",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        let held = !matches!(asset.status.as_str(), "disposed" | "lost");
        let recorded = !blank(asset.supplier.as_deref());
        if !held || recorded || !asset.under_warranty_on(context.today) {
            continue;
        }
        let until = asset.warranty.as_ref().map(|w| w.until);
        let until = until.map(|d| d.to_string()).unwrap_or_default();
        findings.push(Finding::on(asset, "/warranty").say(
            (
                format!("Thiết bị còn bảo hành đến {until} nhưng không ghi đơn vị cung cấp (nơi bảo hành)"),
                format!("The device is under warranty until {until} but records no supplier (where it is repaired)"),
            ),
            (
                "Ghi `supplier:` với tên đơn vị cung cấp theo hợp đồng, phiếu bảo hành",
                "Record `supplier:` with the supplier's name from the contract or warranty card",
            ),
        ));
    }
    findings
}
