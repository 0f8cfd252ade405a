//! A9 (QĐ3582 II.1.4): a device under warranty is repaired at its supplier.
//! A `repair-out` on or before `warranty.until` should go to the asset's
//! `supplier`, compared as one organisation (see [`identity`]). A device
//! with no supplier on record is `a09_warranty_supplier_recorded`'s.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A9",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

/// Common abbreviations in company names, folded, with what they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("cty", "cong ty"),
    ("tm", "thuong mai"),
    ("dv", "dich vu"),
    ("cp", "co phan"),
    ("tnhh", "trach nhiem huu han"),
    ("xnk", "xuat nhap khau"),
];

/// An organisation's identity from its name as people type it: folded
/// (case and Vietnamese diacritics), punctuation dropped, abbreviations
/// written out. "Cty TNHH Tin hoc ABC." and "Công ty trách nhiệm hữu hạn
/// Tin học ABC" are one identity.
fn identity(name: &str) -> String {
    crate::text::tokens(name)
        .iter()
        .map(|word| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| short == word)
                .map_or(word.as_str(), |(_, long)| long)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the repairer is the supplier: the same organisation, not a name
/// that merely contains the other ("Công ty ABC Plus" is not "Công ty ABC").
fn same_party(repair_at: &str, supplier: &str) -> bool {
    let supplier = identity(supplier);
    !supplier.is_empty() && identity(repair_at) == supplier
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
                    "Gửi thiết bị còn bảo hành về đơn vị cung cấp và ghi đúng tên đơn vị đó (như trong `supplier`) vào `repair_at`; nếu nhà cung cấp ủy quyền nơi khác, ghi rõ trong `note`",
                    "Send a device under warranty to its supplier and record its name (as in `supplier`) in `repair_at`; if the supplier delegated the repair, say so in `note`",
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
    fn a09_names_compare_as_one_organisation() {
        assert!(same_party(
            "Công ty TNHH  Tin học ABC",
            "công ty tnhh tin học abc"
        ));
        assert!(same_party(
            "Cty TNHH Tin hoc ABC.",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(same_party(
            "Công ty trách nhiệm hữu hạn Tin học ABC",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party(
            "Trung tâm bảo hành Công ty TNHH Tin học ABC",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party(
            "Công ty TNHH Tin học ABC Plus",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party(
            "Cửa hàng sửa máy Hoàng Long",
            "Công ty TNHH Tin học ABC"
        ));
        assert!(!same_party("", "Công ty TNHH Tin học ABC"));
    }
}
