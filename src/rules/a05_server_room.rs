//! A5 (QĐ3582 II.1.3): servers and network devices sit in a separate,
//! access-controlled area. An in-use server or network device must be
//! recorded in a server room.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A5",
    citation: "QĐ3582 II.1.3",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        let guarded = asset.category == "network" || asset.kind == "server";
        // Stored, broken or disposed devices are not running anywhere.
        if !guarded || asset.status != "in-use" {
            continue;
        }
        let in_server_room = asset.location.as_ref().is_some_and(|l| l.server_room);
        if in_server_room {
            continue;
        }
        let pointer = match &asset.location {
            Some(_) => "/location",
            None => "/status",
        };
        let room = asset
            .location
            .as_ref()
            .and_then(|l| l.room.as_deref())
            .map(|room| {
                (
                    format!(" (đặt tại {room})"),
                    format!(" (located in {room})"),
                )
            })
            .unwrap_or_default();
        let (what_vi, what_en) = if asset.kind == "server" {
            ("Máy chủ", "This server")
        } else {
            ("Thiết bị mạng", "This network device")
        };
        findings.push(Finding::on(asset, pointer).say(
            (
                format!("{what_vi} đang sử dụng không đặt trong phòng máy chủ{}", room.0),
                format!("{what_en} is in use outside a server room{}", room.1),
            ),
            (
                "Chuyển thiết bị vào khu vực máy chủ có kiểm soát ra vào và ghi `location: { room: …, server_room: true }`",
                "Move the device into the access-controlled server area and record `location: { room: …, server_room: true }`",
            ),
        ));
    }
    findings
}
