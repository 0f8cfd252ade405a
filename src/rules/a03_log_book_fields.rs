//! A3 (QĐ3582 II.1.2): the equipment log book's fields. The schema requires
//! name, unit, serial and acquisition date of every device; a device in use
//! also records its basic configuration, supplier, warranty (until when,
//! and whether on site) and the staff member who uses it. Its history
//! (`events`) starts empty and is not asked for.
//!
//! The user's name cannot apply to shared infrastructure that no one person
//! uses: servers, network and power equipment, backup media drives,
//! dehumidifiers and whatever sits in the server room, which the IT unit
//! runs (C1 names who runs a network, D3 who keeps backup media). Every other device names one staff member in
//! `assigned_to`: its user, or for a shared device (a printer, a scanner at
//! the one-stop counter) the staff member responsible for it. PCs are A12's.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;
use crate::model::Asset;

pub const RULE: Rule = Rule {
    clause: "A3",
    citation: "QĐ3582 II.1.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

/// Infrastructure that no single person uses.
fn shared_infrastructure(asset: &Asset) -> bool {
    let in_server_room = asset.location.as_ref().is_some_and(|l| l.server_room);
    in_server_room
        || matches!(asset.category.as_str(), "network" | "power")
        || matches!(
            asset.kind.as_str(),
            "server" | "tape" | "magneto-optical" | "dehumidifier"
        )
}

/// The log-book fields `asset` lacks, as (field, Vietnamese name).
fn missing_fields(asset: &Asset) -> Vec<(&'static str, &'static str)> {
    let mut missing = Vec::new();
    if blank(asset.config.as_deref()) {
        missing.push(("config", "cấu hình cơ bản"));
    }
    if blank(asset.supplier.as_deref()) {
        missing.push(("supplier", "đơn vị cung cấp"));
    }
    if asset.warranty.is_none() {
        missing.push(("warranty", "thời hạn và điều kiện bảo hành"));
    }
    let pc = matches!(asset.kind.as_str(), "desktop" | "laptop");
    if !pc && !shared_infrastructure(asset) && blank(asset.assigned_to.as_deref()) {
        missing.push(("assigned_to", "cán bộ sử dụng hoặc chịu trách nhiệm"));
    }
    missing
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        if asset.status != "in-use" {
            continue;
        }
        let missing = missing_fields(asset);
        if missing.is_empty() {
            continue;
        }
        let names_vi: Vec<&str> = missing.iter().map(|(_, vi)| *vi).collect();
        let fields: Vec<String> = missing.iter().map(|(f, _)| format!("`{f}`")).collect();
        findings.push(Finding::on(asset, "/status").say(
            (
                format!(
                    "Sổ theo dõi thiết bị đang sử dụng thiếu: {} ({})",
                    names_vi.join(", "),
                    fields.join(", ")
                ),
                format!(
                    "The log book of this in-use device lacks {}",
                    fields.join(", ")
                ),
            ),
            (
                "Bổ sung các trường còn thiếu; thiết bị dùng chung (máy in, máy quét…) ghi `assigned_to` là cán bộ chịu trách nhiệm quản lý (xem docs/chan-doan.md, mục A3)",
                "Fill in the missing fields; a shared device (printer, scanner…) names in `assigned_to` the staff member responsible for it (see docs/chan-doan.md, A3)",
            ),
        ));
    }
    findings
}
