//! A9 (QĐ3582 II.1.4): a device under warranty is repaired at its supplier.
//! A `repair-out` on or before `warranty.until` should go to the asset's
//! `supplier`.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A9",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

/// Lower case with runs of white space collapsed, for comparing names
/// typed by different people.
fn normalized(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the repairer is the supplier: the same name, or one name written
/// out inside the other ("Trung tâm bảo hành của Công ty ABC").
fn same_party(repair_at: &str, supplier: &str) -> bool {
    let (repair_at, supplier) = (normalized(repair_at), normalized(supplier));
    !supplier.is_empty()
        && !repair_at.is_empty()
        && (repair_at.contains(&supplier) || supplier.contains(&repair_at))
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        // Without a supplier on record there is nothing to compare with.
        let Some(supplier) = asset.supplier.as_deref() else {
            continue;
        };
        for (index, event) in asset.events.iter().enumerate() {
            if event.kind != "repair-out" || !asset.under_warranty_on(event.date) {
                continue;
            }
            let repair_at = event.repair_at.as_deref().unwrap_or("");
            if same_party(repair_at, supplier) {
                continue;
            }
            let until = asset
                .warranty
                .as_ref()
                .map(|w| w.until)
                .unwrap_or(event.date);
            let (where_vi, where_en) = if repair_at.trim().is_empty() {
                (
                    "không ghi nơi sửa".to_owned(),
                    "with no repairer recorded".to_owned(),
                )
            } else {
                (format!("tới `{repair_at}`"), format!("to `{repair_at}`"))
            };
            findings.push(Finding::on(asset, format!("/events/{index}")).say(
                (
                    format!(
                        "Thiết bị còn bảo hành (đến {until}) được đưa đi sửa ngày {} {where_vi}, không phải đơn vị cung cấp `{supplier}`",
                        event.date
                    ),
                    format!(
                        "The device, under warranty until {until}, went out for repair on {} {where_en}, not to its supplier `{supplier}`",
                        event.date
                    ),
                ),
                (
                    "Gửi thiết bị còn bảo hành về đơn vị cung cấp và ghi tên đơn vị đó vào `repair_at`; nếu nhà cung cấp ủy quyền nơi khác, ghi rõ trong `note`",
                    "Send a device under warranty to its supplier and record that name in `repair_at`; if the supplier delegated the repair, say so in `note`",
                ),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::same_party;

    #[test]
    fn names_compare_loosely() {
        assert!(same_party(
            "Công ty TNHH  Tin học ABC",
            "công ty tnhh tin học abc"
        ));
        assert!(same_party(
            "Trung tâm bảo hành Công ty TNHH Tin học ABC",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party(
            "Cửa hàng sửa máy Hoàng Long",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party("", "Công ty TNHH Tin học ABC"));
    }
}
