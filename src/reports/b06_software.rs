//! B6 (QĐ3582 II.2.2): software is an intangible asset and is reported
//! periodically; B4: no modification may make installed versions differ.
//! The software register for the unit and the units below it: per
//! software, where it is deployed, workstations using it here and across
//! the agency against the license seats owned, and the versions running,
//! with drift flagged when deployed installations anywhere differ.

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef};
use crate::diagnostic::Bilingual;
use crate::register::Register;
use std::collections::BTreeMap;

pub const DEF: ReportDef = ReportDef {
    id: "b6-software",
    clause: "B6, B4",
    citation: "QĐ3582 II.2.2",
    title_vi: "Sổ theo dõi phần mềm: triển khai, bản quyền và phiên bản",
    title_en: "Software register: deployments, licenses and versions",
    period: None,
    reads: &[Register::Software],
    build,
};

/// `5.2.14 (hn, hn-bd); 5.2.12 (nd)`
fn version_list(versions: &BTreeMap<String, Vec<String>>) -> String {
    versions
        .iter()
        .map(|(version, units)| format!("{version} ({})", units.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Phần mềm", "Software"),
        Bilingual::new("Loại", "Kind"),
        Bilingual::new("Trạng thái", "Status"),
        Bilingual::new("Số đơn vị triển khai", "Units deployed"),
        Bilingual::new("Máy trạm tại đơn vị", "Workstations here"),
        Bilingual::new("Máy trạm toàn ngành", "Workstations, whole agency"),
        Bilingual::new("Số bản quyền", "License seats"),
        Bilingual::new("Bản quyền hết hạn", "License expires"),
        Bilingual::new("Phiên bản tại đơn vị", "Versions here"),
        Bilingual::new("Lệch phiên bản", "Version drift"),
    ];
    let root = ctx.unit.parent.is_none();
    let (mut drifting, mut over_seats) = (0, 0);
    for software in ctx.model.software.values() {
        let deployed: Vec<_> = software
            .installations
            .iter()
            .filter(|i| i.status == "deployed")
            .collect();
        let here: Vec<_> = deployed.iter().filter(|i| ctx.in_scope(&i.unit)).collect();
        let any_here = software.installations.iter().any(|i| ctx.in_scope(&i.unit));
        if !any_here && !root {
            continue;
        }
        let sum = |items: &mut dyn Iterator<Item = Option<u32>>| {
            let values: Vec<u32> = items.flatten().collect();
            (!values.is_empty()).then(|| values.iter().map(|n| i64::from(*n)).sum::<i64>())
        };
        let here_seats = sum(&mut here.iter().map(|i| i.workstations));
        let all_seats = sum(&mut deployed.iter().map(|i| i.workstations));
        let mut versions_here: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for installation in &here {
            if let Some(version) = installation.version.as_deref().map(str::trim) {
                versions_here
                    .entry(version.to_owned())
                    .or_default()
                    .push(installation.unit.to_string());
            }
        }
        let mut versions_all: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for installation in &deployed {
            if let Some(version) = installation.version.as_deref().map(str::trim) {
                versions_all
                    .entry(version.to_owned())
                    .or_default()
                    .push(installation.unit.to_string());
            }
        }
        let drift = if versions_all.len() > 1 {
            drifting += 1;
            let list = version_list(&versions_all);
            Cell::label(format!("Có: {list}"), format!("Yes: {list}"))
        } else {
            Cell::label("Không", "No")
        };
        let license = software.license.as_ref();
        let seats = license.and_then(|l| l.seats).map(i64::from);
        if let (Some(seats), Some(used)) = (seats, all_seats)
            && used > seats
        {
            over_seats += 1;
            report.notes.push(Bilingual::new(
                format!(
                    "{}: {used} máy trạm đang dùng, vượt {seats} bản quyền.",
                    software.name
                ),
                format!(
                    "{}: {used} workstations in use, over the {seats} seats licensed.",
                    software.name
                ),
            ));
        }
        report.rows.push(vec![
            Cell::link(software.name.clone(), Register::Software, &software.id),
            Cell::Label(labels::software_kind(&software.kind)),
            Cell::Label(labels::software_status(&software.status)),
            Cell::Int(here.len() as i64),
            here_seats.map_or(Cell::Empty, Cell::Int),
            all_seats.map_or(Cell::Empty, Cell::Int),
            seats.map_or(Cell::Empty, Cell::Int),
            Cell::opt_date(license.and_then(|l| l.expires)),
            Cell::text(versions_here.keys().cloned().collect::<Vec<_>>().join("; ")),
            drift,
        ]);
    }
    report.meta.push(Meta {
        label: Bilingual::new("Phần mềm lệch phiên bản", "Software with version drift"),
        value: Cell::Int(drifting),
    });
    report.meta.push(Meta {
        label: Bilingual::new("Phần mềm dùng vượt số bản quyền", "Software over its seats"),
        value: Cell::Int(over_seats),
    });
    report.notes.insert(
        0,
        Bilingual::new(
            "Bản quyền do đơn vị cấp trên mua cho toàn ngành, nên số bản quyền được so với số máy trạm toàn ngành. Lệch phiên bản xét mọi nơi triển khai trong toàn ngành (mục II.2.2 QĐ3582). Ô trống: hồ sơ không ghi số liệu (bản quyền theo máy chủ, phần mềm miễn phí).",
            "Licenses are bought for the whole agency, so seats are compared with workstations across the agency. Version drift looks at every deployment in the agency (QĐ3582 II.2.2). Blank: not recorded (server-based licenses, free software).",
        ),
    );
    report
}
