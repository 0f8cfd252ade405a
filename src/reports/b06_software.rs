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
use std::collections::{BTreeMap, BTreeSet};

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
fn version_list(versions: &BTreeMap<&str, Vec<&str>>) -> String {
    versions
        .iter()
        .map(|(version, units)| format!("{version} ({})", units.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A sum of workstation counts: `None` when no installation gives one.
fn add_seats(total: &mut Option<i64>, workstations: Option<u32>) {
    if let Some(n) = workstations {
        *total = Some(total.unwrap_or(0) + i64::from(n));
    }
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
        // One pass over the installations (every unit of the agency may
        // have one, and every unit's report reads them all), borrowing.
        let (mut any_here, mut deployed_here) = (false, 0);
        let (mut here_seats, mut all_seats) = (None, None);
        let mut versions_here: BTreeSet<&str> = BTreeSet::new();
        let mut versions_all: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for installation in &software.installations {
            let here = ctx.in_scope(&installation.unit);
            any_here |= here;
            if installation.status != "deployed" {
                continue;
            }
            add_seats(&mut all_seats, installation.workstations);
            let version = installation.version.as_deref().map(str::trim);
            if let Some(version) = version {
                versions_all
                    .entry(version)
                    .or_default()
                    .push(&installation.unit);
            }
            if here {
                deployed_here += 1;
                add_seats(&mut here_seats, installation.workstations);
                if let Some(version) = version {
                    versions_here.insert(version);
                }
            }
        }
        if !any_here && !root {
            continue;
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
            Cell::Int(deployed_here),
            here_seats.map_or(Cell::Empty, Cell::Int),
            all_seats.map_or(Cell::Empty, Cell::Int),
            seats.map_or(Cell::Empty, Cell::Int),
            Cell::opt_date(license.and_then(|l| l.expires)),
            Cell::text(versions_here.into_iter().collect::<Vec<_>>().join("; ")),
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
