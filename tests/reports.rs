//! The reports and `itreg mail suggest`, end to end through the real CLI on
//! the repository's sample records (today = 2026-11-23).
//!
//! Every report's Markdown is snapshotted for the root unit `vn` and the
//! district `hn-dd`. Quarterly reports use 2026Q3; half-yearly and yearly
//! ones the half and year holding it (2026H2, 2026), except the year-end
//! inventory, which uses 2025, the last year whose inventory is due. The
//! numbers of F1, A10, M4 and D2 were checked against the records by hand
//! and are asserted below as well.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Output;

const UNITS: [&str; 2] = ["vn", "hn-dd"];

/// Every report with the period the snapshots use (`None`: as of today).
const REPORTS: [(&str, Option<&str>); 14] = [
    ("f1-equipment", Some("2026Q3")),
    ("f2-it-activity", Some("2026Q3")),
    ("a10-maintenance-overdue", Some("2026Q3")),
    ("warranty-expiring", None),
    ("a4-inventory", Some("2025")),
    ("b6-software", None),
    ("d2-backups", Some("2026")),
    ("c3-log-reviews", None),
    ("d4-data-requests", None),
    ("e1-training", Some("2026")),
    ("m4-accounts-to-lock", None),
    ("m3-password-age", None),
    ("m9-mailbox-list", Some("2026H2")),
    ("calendar", None),
];

fn report(root: &Path, id: &str, unit: &str, period: Option<&str>, extra: &[&str]) -> Output {
    let mut args = vec!["report", id, "--unit", unit];
    if let Some(period) = period {
        args.extend(["--period", period]);
    }
    args.extend_from_slice(extra);
    common::run(root, &args)
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    common::stdout(output)
}

fn markdown(id: &str, unit: &str, period: Option<&str>) -> String {
    ok(&report(&common::repo_root(), id, unit, period, &[]))
}

/// The table lines of a Markdown report: header, rule, rows.
fn table(md: &str) -> Vec<&str> {
    md.lines().filter(|line| line.starts_with('|')).collect()
}

fn row_count(md: &str) -> usize {
    table(md).len() - 2
}

/// Cells of a Markdown table line.
fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split(" | ")
        .map(|cell| cell.trim().to_owned())
        .collect()
}

fn row_starting(md: &str, first: &str) -> Vec<String> {
    table(md)
        .into_iter()
        .map(cells)
        .find(|c| c.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row starting with {first} in\n{md}"))
}

#[test]
fn lists_every_report() {
    let output = common::run(&common::repo_root(), &["report", "--list"]);
    let text = ok(&output);
    for (id, _) in REPORTS {
        assert!(text.contains(id), "{id} missing from --list:\n{text}");
    }
    assert!(text.contains("Báo cáo tình hình thiết bị CNTT hàng quý"));
    assert_eq!(text.lines().count(), REPORTS.len());
}

#[test]
fn markdown_snapshots() {
    for (id, period) in REPORTS {
        for unit in UNITS {
            let md = markdown(id, unit, period);
            insta::assert_snapshot!(format!("{id}@{unit}"), md);
        }
    }
    // Đống Đa has no database and no data request; Ba Đình has both, and
    // its Q4 (under way) has backups, a restore check and a request.
    for (id, period) in [
        ("d2-backups", Some("2026")),
        ("d4-data-requests", None),
        ("f2-it-activity", Some("2026Q4")),
    ] {
        let md = markdown(id, "hn-bd", period);
        insta::assert_snapshot!(format!("{id}@hn-bd"), md);
    }
}

#[test]
fn f1_counts_match_the_records() {
    // 100 asset records; VN-TTCNTT-MO-0001 was disposed in Q1, so 99 at the
    // end of Q3. In stock: HN-CG-PC-0003, HN-CNTT-HDD-0001,
    // HN-CNTT-ODD-0001, ND-YY-HUB-0001. HN-PRT-0001 and HN-DD-PC-0002 are
    // under repair today but went out in November, so were in use on
    // 30/09. The quarter's only movements: ND-CNTT-UPS-0001 failed on
    // 05/08, went for repair on 11/08 and came back on 20/08.
    let md = markdown("f1-equipment", "vn", Some("2026Q3"));
    let total = row_starting(&md, "Tổng cộng");
    assert_eq!(
        total[2..],
        ["95", "4", "0", "0", "99", "0", "1", "1", "1", "0", "0", "0"]
    );
    let ups = row_starting(&md, "Thiết bị nguồn");
    assert_eq!(ups[1], "Ổn áp (AVR)");
    let ups = table(&md)
        .into_iter()
        .map(cells)
        .find(|c| c[1] == "Lưu điện (UPS)")
        .unwrap();
    assert_eq!(
        ups[2..],
        ["6", "0", "0", "0", "6", "0", "1", "1", "1", "0", "0", "0"]
    );
    assert!(md.contains("- **Hạn nộp:** 09/10/2026"));
    assert!(md.contains("ND-CNTT-UPS-0001"));

    // Đống Đa: 11 assets, all in use on 30/09 (HN-DD-PC-0002 left for
    // repair on 18/11); it reports to the Hà Nội IT department.
    let md = markdown("f1-equipment", "hn-dd", Some("2026Q3"));
    let total = row_starting(&md, "Tổng cộng");
    assert_eq!(
        total[2..],
        ["11", "0", "0", "0", "11", "0", "0", "0", "0", "0", "0", "0"]
    );
    assert!(
        md.contains("- **Nơi nhận:** Phòng Công nghệ thông tin – BHXH thành phố Hà Nội (hn-cntt)")
    );

    // Q1: the magneto-optical drive's disposal, the transfer of
    // ND-CNTT-PC-0003 from the Nam Định IT department to Ý Yên.
    let md = markdown("f1-equipment", "nd", Some("2026Q1"));
    let total = row_starting(&md, "Tổng cộng");
    // acquired ND-CNTT-PC-0002 (20/01); the transfer stays inside `nd`.
    assert_eq!(total[7], "1");
    assert_eq!(total[11], "1", "transferred in (to nd-yy)");
    let md = markdown("f1-equipment", "vn-ttcntt", Some("2026Q1"));
    assert_eq!(row_starting(&md, "Tổng cộng")[13], "1", "disposal");
}

#[test]
fn a10_lists_the_unmaintained() {
    // The only in-use asset with no maintenance event in Q3/2026: the
    // Đống Đa laser printer, last maintained on 18/06/2026 (as the A10
    // rule reports). 95 in-use assets were due (none acquired in Q3).
    for unit in UNITS {
        let md = markdown("a10-maintenance-overdue", unit, Some("2026Q3"));
        assert_eq!(row_count(&md), 1, "{md}");
        let row = row_starting(&md, "HN-DD-PRT-0002");
        assert_eq!(row[5], "18/06/2026");
    }
    let md = markdown("a10-maintenance-overdue", "vn", Some("2026Q3"));
    assert!(md.contains("- **Thiết bị phải bảo dưỡng trong quý:** 95"));
    // Q2: ND-YY-AVR-0001 skipped its Q2 maintenance (Q1 on 12/03, Q3 on 10/09).
    let md = markdown("a10-maintenance-overdue", "nd-yy", Some("2026Q2"));
    let row = row_starting(&md, "ND-YY-AVR-0001");
    assert_eq!(
        (row[5].as_str(), row[6].as_str()),
        ("12/03/2026", "10/09/2026")
    );
    assert_eq!(row_count(&md), 1);
}

#[test]
fn m4_lists_idle_and_departed_accounts() {
    // Active accounts idle for over 90 days on 23/11/2026: cuongpv (last
    // login 30/07, 116 days) and motcua@namdinh (10/08, 105 days). Hà Văn
    // Dũng and Nguyễn Đức Mạnh left, but their accounts are locked.
    let md = markdown("m4-accounts-to-lock", "vn", None);
    assert_eq!(row_count(&md), 2, "{md}");
    assert_eq!(row_starting(&md, "cuongpv@vss.gov.vn")[5], "116");
    assert_eq!(row_starting(&md, "motcua@namdinh.vss.gov.vn")[5], "105");
    let md = markdown("m4-accounts-to-lock", "hn-dd", None);
    assert_eq!(row_count(&md), 0);
    let md = markdown("m4-accounts-to-lock", "nd", None);
    assert_eq!(row_count(&md), 1);
}

#[test]
fn m4_flags_staff_who_left() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo_root().join("tests/fixtures/reports/mail-clash"),
        dir.path(),
    );
    let staff = dir.path().join("records/staff/nguyen-van-anh-2.yaml");
    let text = std::fs::read_to_string(&staff).unwrap() + "left: 2026-10-31\n";
    std::fs::write(&staff, text).unwrap();
    let md = ok(&report(dir.path(), "m4-accounts-to-lock", "vn", None, &[]));
    assert_eq!(row_count(&md), 1, "{md}");
    let row = row_starting(&md, "anhnv1@vss.gov.vn");
    assert_eq!(row[6], "Cán bộ đã thôi việc từ 31/10/2026");
}

#[test]
fn d2_matches_the_backup_logs() {
    // The four databases have every monthly backup Jan–Oct 2026 and the
    // Q1–Q3 quarterly ones; November, December, Q4 and the year are not
    // over. Latest restore checks: thu-hn-bd 07/09 (77 days), sothe-hn
    // 07/10, thu-hn 06/11, chi-nd 08/10.
    let md = markdown("d2-backups", "vn", Some("2026"));
    assert_eq!(row_count(&md), 4);
    for row in table(&md).into_iter().skip(2).map(cells) {
        assert_eq!(row[2..12], ["✓"; 10], "{row:?}");
        assert_eq!(row[12..14], ["…"; 2]);
        assert_eq!(row[14..17], ["✓"; 3]);
        assert_eq!(row[17..19], ["…"; 2]);
        assert_eq!(row[19], "0");
    }
    let row = row_starting(&md, "CSDL thu BHXH quận Ba Đình");
    assert_eq!(row[20..22], ["07/09/2026", "77"]);
    // 2025: logs start on 31/12/2025, so only December, Q4 and the year.
    let md = markdown("d2-backups", "hn", Some("2025"));
    let row = row_starting(&md, "CSDL thu BHXH quận Ba Đình");
    assert_eq!(row[2..13], ["–"; 11]);
    assert_eq!(row[13], "✓");
    assert_eq!(row[17..20], ["✓", "✓", "0"]);
    // A gap shows up as MISSING: drop the August backup of thu-hn-bd.
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo_root().join("records"),
        &dir.path().join("records"),
    );
    let db = dir.path().join("records/databases/thu-hn-bd.yaml");
    let text = std::fs::read_to_string(&db).unwrap();
    let text = text.replace("date: 2026-08-31", "date: 2026-07-30");
    std::fs::write(&db, text).unwrap();
    let md = ok(&report(
        dir.path(),
        "d2-backups",
        "hn-bd",
        Some("2026"),
        &[],
    ));
    let row = row_starting(&md, "CSDL thu BHXH quận Ba Đình");
    assert_eq!(row[9], "THIẾU", "{row:?}");
    assert_eq!(row[19], "1");
}

#[test]
fn csv_round_trips() {
    for (id, period) in REPORTS {
        for unit in UNITS {
            let md = markdown(id, unit, period);
            let bytes = report(&common::repo_root(), id, unit, period, &["--format", "csv"]).stdout;
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{id}: no BOM");
            let mut reader = csv::Reader::from_reader(&bytes[3..]);
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            assert_eq!(header, cells(table(&md)[0]), "{id}@{unit}");
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), row_count(&md), "{id}@{unit}");
            assert!(rows.iter().all(|r| r.len() == header.len()));
        }
    }
    let bytes = report(
        &common::repo_root(),
        "f1-equipment",
        "vn",
        Some("2026Q3"),
        &["--format", "csv"],
    )
    .stdout;
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Nhóm thiết bị,Loại thiết bị,Đang sử dụng,Trong kho"));
    // Dates in CSV are ISO, which every Excel locale reads as a date.
    let bytes = report(
        &common::repo_root(),
        "a10-maintenance-overdue",
        "vn",
        Some("2026Q3"),
        &["--format", "csv"],
    )
    .stdout;
    assert!(String::from_utf8(bytes).unwrap().contains("2026-06-18"));
}

fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn xlsx_has_a_frozen_vietnamese_header_and_real_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a10.xlsx");
    let output = report(
        &common::repo_root(),
        "a10-maintenance-overdue",
        "vn",
        Some("2026Q3"),
        &["--format", "xlsx", "--out", out.to_str().unwrap()],
    );
    ok(&output);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let sheet = zip_entry(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("state=\"frozen\"") && sheet.contains("<pane"),
        "{sheet}"
    );
    let strings = zip_entry(&out, "xl/sharedStrings.xml");
    for header in [
        "Mã thiết bị",
        "Bảo dưỡng gần nhất trước cuối quý",
        "Thiết bị chưa được bảo dưỡng trong quý",
    ] {
        assert!(strings.contains(header), "{header} not in {strings}");
    }
    // 18/06/2026 is Excel serial 46191, in a dd/mm/yyyy style.
    assert!(sheet.contains("<v>46191</v>"), "{sheet}");
    let styles = zip_entry(&out, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"dd/mm/yyyy\""), "{styles}");

    // Every report renders.
    for (id, period) in REPORTS {
        let out = dir.path().join(format!("{id}.xlsx"));
        ok(&report(
            &common::repo_root(),
            id,
            "hn-dd",
            period,
            &["--format", "xlsx", "--out", out.to_str().unwrap()],
        ));
        assert!(zip_entry(&out, "xl/worksheets/sheet1.xml").contains("state=\"frozen\""));
    }

    // XLSX needs --out.
    let output = report(
        &common::repo_root(),
        "f1-equipment",
        "vn",
        None,
        &["--format", "xlsx"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--out"));
}

#[test]
fn json_carries_due_dates_and_links() {
    let due = |period: &str| {
        let output = report(
            &common::repo_root(),
            "f1-equipment",
            "hn-bd",
            Some(period),
            &["--format", "json"],
        );
        let json: serde_json::Value = serde_json::from_str(&ok(&output)).unwrap();
        json["due"].as_str().unwrap().to_owned()
    };
    assert_eq!(due("2026Q3"), "2026-10-09");
    assert_eq!(due("2026Q4"), "2027-01-09");
    let output = report(
        &common::repo_root(),
        "f2-it-activity",
        "hn-bd",
        Some("2026Q4"),
        &["--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&output)).unwrap();
    assert_eq!(json["due"], "2027-01-09");
    assert_eq!(json["sent_to"]["id"], "hn-cntt");
    assert_eq!(json["period"]["id"], "2026Q4");
    let output = report(
        &common::repo_root(),
        "a10-maintenance-overdue",
        "vn",
        Some("2026Q3"),
        &["--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&output)).unwrap();
    let first = &json["rows"][0][0];
    assert_eq!(first["type"], "link");
    assert_eq!(first["value"]["register"], "asset");
    assert_eq!(first["value"]["key"], "HN-DD-PRT-0002");
    let output = report(
        &common::repo_root(),
        "m9-mailbox-list",
        "hn",
        Some("2026H1"),
        &["--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&output)).unwrap();
    assert_eq!(json["due"], "2026-06-30");
    assert_eq!(json["sent_to"]["id"], "vn-ttcntt");
}

#[test]
fn defaults_to_the_root_and_the_last_completed_period() {
    let output = common::run(&common::repo_root(), &["report", "f1-equipment"]);
    let md = ok(&output);
    assert!(md.contains("Bảo hiểm xã hội Việt Nam (vn)"));
    assert!(md.contains("Quý III/2026"));
    let md = ok(&common::run(
        &common::repo_root(),
        &["report", "a4-inventory"],
    ));
    assert!(md.contains("Năm 2025"));
    let md = ok(&common::run(
        &common::repo_root(),
        &["report", "m9-mailbox-list"],
    ));
    assert!(md.contains("6 tháng đầu năm 2026"));
    assert!(md.contains("- **Hạn nộp:** 30/06/2026"));
}

#[test]
fn english() {
    let output = common::run(
        &common::repo_root(),
        &["--lang", "en", "report", "f1-equipment", "--unit", "hn-dd"],
    );
    let md = ok(&output);
    assert!(md.contains("# Quarterly IT equipment report"));
    assert!(md.contains("| Category | Type | In use |"));
    assert!(md.contains("- **Due:** 2026-10-09"));
}

#[test]
fn confidential_records_stay_out_unless_asked() {
    let md = markdown("c3-log-reviews", "vn", None);
    assert!(!md.contains("Mạng WAN toàn ngành BHXH"));
    // Every network is confidential (C2): the ten of the sample.
    assert!(md.contains("Không gồm 10 hồ sơ mật"), "{md}");
    let output = report(
        &common::repo_root(),
        "c3-log-reviews",
        "vn",
        None,
        &["--include-confidential"],
    );
    let md = ok(&output);
    assert!(md.contains("Mạng WAN toàn ngành BHXH"));
    assert!(!md.contains("hồ sơ mật"));
}

#[test]
fn usage_errors_exit_2() {
    let root = common::repo_root();
    let cases: [&[&str]; 6] = [
        &["report", "no-such-report"],
        &["report", "f1-equipment", "--unit", "no-such-unit"],
        &["report", "f1-equipment", "--period", "2026"],
        &["report", "f1-equipment", "--period", "2026Q5"],
        &["report", "calendar", "--period", "2026Q3"],
        &["report"],
    ];
    for args in cases {
        let output = common::run(&root, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = common::run(&root, &["report", "no-such-report"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "itreg: không có báo cáo `no-such-report` (xem `itreg report --list`)\n"
    );
    let output = common::run(&root, &["--lang", "en", "report", "no-such-report"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "itreg: unknown report `no-such-report` (see `itreg report --list`)\n"
    );
    let output = common::run(&root, &["report", "f1-equipment", "--unit", "hn-xx"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("không có đơn vị `hn-xx`"));
    let output = common::run(&root, &["report", "f1-equipment", "--period", "2026"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("--period 2026Q3"));
}

#[test]
fn reports_despite_errors_in_the_records() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo_root().join("tests/fixtures/reports/mail-clash"),
        dir.path(),
    );
    std::fs::write(
        dir.path().join("records/mail/accounts/broken.yaml"),
        "id: broken\naddress: 42\n",
    )
    .unwrap();
    let output = report(dir.path(), "m3-password-age", "vn", None, &[]);
    let md = ok(&output);
    assert!(md.contains("Tài khoản thư điện tử quá hạn đổi mật khẩu"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cảnh báo: hồ sơ có ") && !stderr.contains("error(s)"),
        "{stderr}"
    );
}

fn suggest(root: &Path, name: &str) -> String {
    let output = common::run(root, &["mail", "suggest", name]);
    ok(&output).trim().to_owned()
}

/// A name in NFD: every precomposed letter used here split into its base
/// letter and combining marks.
fn nfd(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            'ễ' => out.push_str("e\u{302}\u{303}"),
            'ă' => out.push_str("a\u{306}"),
            'ầ' => out.push_str("a\u{302}\u{300}"),
            'ị' => out.push_str("i\u{323}"),
            'à' => out.push_str("a\u{300}"),
            'ặ' => out.push_str("a\u{306}\u{323}"),
            'ì' => out.push_str("i\u{300}"),
            'ứ' => out.push_str("u\u{31b}\u{301}"),
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn mail_suggest() {
    let fixture = common::repo_root().join("tests/fixtures/reports/mail-clash");
    assert_eq!(suggest(&fixture, "Nguyễn Văn Anh"), "anhnv2@vss.gov.vn");
    let decomposed = nfd("Nguyễn Văn Anh");
    assert_ne!(decomposed, "Nguyễn Văn Anh");
    assert_eq!(suggest(&fixture, &decomposed), "anhnv2@vss.gov.vn");
    assert_eq!(
        suggest(&fixture, "  nguyễn   VĂN\tanh "),
        "anhnv2@vss.gov.vn"
    );
    assert_eq!(suggest(&fixture, "Đặng Đình Đức"), "ducdd@vss.gov.vn");
    assert_eq!(suggest(&fixture, &nfd("Đặng Đình Đức")), "ducdd@vss.gov.vn");
    let output = common::run(
        &fixture,
        &[
            "mail",
            "suggest",
            "Nguyễn Văn Anh",
            "--domain",
            "hanoi.vss.gov.vn",
        ],
    );
    assert_eq!(ok(&output).trim(), "anhnv2@hanoi.vss.gov.vn");

    // The sample records: anhnv and anhnv1 are taken; nobody is hattt.
    let sample = common::repo_root();
    assert_eq!(suggest(&sample, "Nguyễn Văn Anh"), "anhnv2@vss.gov.vn");
    assert_eq!(suggest(&sample, "Trần Thị Thu Hà"), "hattt@vss.gov.vn");
    assert_eq!(
        suggest(&sample, &nfd("Trần Thị Thu Hà")),
        "hattt@vss.gov.vn"
    );
    assert_eq!(suggest(&sample, "Lê Minh Đức"), "duclm1@vss.gov.vn");
    assert_eq!(suggest(&sample, "Lý Thị Ngọc Hà"), "haltn1@vss.gov.vn");

    let output = common::run(&fixture, &["mail", "suggest", "  123 "]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn at_a_git_revision() {
    // Reports and suggestions read the records as committed at `--at REV`.
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo_root().join("tests/fixtures/reports/mail-clash"),
        dir.path(),
    );
    let repo = git2::Repository::init(dir.path()).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["records"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("Kiểm thử", "test@example.invalid").unwrap();
    let commit = repo
        .commit(Some("HEAD"), &signature, &signature, "mẫu", &tree, &[])
        .unwrap();
    repo.tag_lightweight(
        "2026-Q3-close",
        &repo.find_object(commit, None).unwrap(),
        false,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("records/mail/accounts/anhnv2.yaml"),
        "id: anhnv2\naddress: anhnv2@vss.gov.vn\nkind: personal\nstatus: active\ncreated: 2026-11-01\nunit: vn\n",
    )
    .unwrap();
    assert_eq!(suggest(dir.path(), "Nguyễn Văn Anh"), "anhnv3@vss.gov.vn");
    let output = common::run(
        dir.path(),
        &["--at", "2026-Q3-close", "mail", "suggest", "Nguyễn Văn Anh"],
    );
    assert_eq!(ok(&output).trim(), "anhnv2@vss.gov.vn");
    let output = common::run(
        dir.path(),
        &[
            "--at",
            "2026-Q3-close",
            "report",
            "m9-mailbox-list",
            "--period",
            "2026H2",
        ],
    );
    assert!(ok(&output).contains("- **Số hòm thư đang sử dụng:** 2"));
    let output = common::run(dir.path(), &["--at", "no-such-tag", "report", "calendar"]);
    assert_eq!(output.status.code(), Some(2));
}

/// The site writes no CSV or XLSX file: a report page makes them from its
/// own table. Clicked in Chromium, the CSV is byte for byte what
/// `itreg report --format csv` writes for the same unit (BOM, CRLF, ISO
/// dates, text that looks like a formula behind a `'`), and the workbook
/// reads back with calamine to the cells of `itreg report --format xlsx`
/// (the same sheet, numbers as numbers, dates as dates, a formula-looking
/// name as text), with its header frozen; a province's workbook adds a
/// sheet for each unit below that has the report, fetched from its page.
/// `#xlsx` on the address, as the reports pages link it, downloads the
/// workbook too.
#[test]
fn the_csv_and_xlsx_downloaded_from_a_report_page_are_the_cli_files() {
    use headless_chrome::protocol::cdp::{Browser as CdpBrowser, Page as CdpPage};
    let repo = common::sample_copy();
    common::write_file(
        repo.path(),
        "records/assets/hn-bd/HN-BD-PC-0901.yaml",
        "id: HN-BD-PC-0901\nname: '=HYPERLINK(\"http://x\",\"y\")'\ncategory: computer\ntype: desktop\nunit: hn-bd\nassigned_to: nguyen-van-anh-bd\nserial: \"-PUB0901\"\nacquired: 2024-03-01\nstatus: in-use\nsupplier: \"@Công ty ABC\"\nwarranty: { until: 2026-12-01, onsite: true }\n",
    );
    let site = common::chrome::serve(repo.path(), &[]);
    let written = common::site_files(&site.out)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "xlsx"))
        .count();
    assert_eq!(written, 0, "the build writes no CSV or XLSX file");
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let browser = common::chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let path = downloads.path().to_str().unwrap().to_owned();
    let allowed = tab.call_method(CdpBrowser::SetDownloadBehavior {
        behavior: CdpBrowser::SetDownloadBehaviorBehaviorOption::Allow,
        browser_context_id: None,
        download_path: Some(path.clone()),
        events_enabled: None,
    });
    if allowed.is_err() {
        tab.call_method(CdpPage::SetDownloadBehavior {
            behavior: CdpPage::SetDownloadBehaviorBehaviorOption::Allow,
            download_path: Some(path),
        })
        .unwrap();
    }
    let cli_dir = tempfile::tempdir().unwrap();
    for (unit, id) in [
        ("hn-bd", "warranty-expiring"),
        ("hn-bd", "f1-equipment"),
        ("vn", "a10-maintenance-overdue"),
        ("hn", "m9-mailbox-list"),
        ("vn", "b6-software"),
        ("hn", "calendar"),
    ] {
        common::chrome::open(&tab, &format!("{}reports/{unit}/{id}.html", site.base));
        tab.find_element("button[data-csv]:not([hidden])")
            .unwrap()
            .click()
            .unwrap();
        let downloaded = wait_for_download(&downloads.path().join(format!("{unit}-{id}.csv")));
        let cli = report(repo.path(), id, unit, None, &["--format", "csv"]).stdout;
        assert_eq!(
            String::from_utf8(downloaded).unwrap(),
            String::from_utf8(cli).unwrap(),
            "{unit} {id}"
        );

        tab.find_element("button[data-xlsx]:not([hidden])")
            .unwrap()
            .click()
            .unwrap();
        let file = downloads.path().join(format!("{unit}-{id}.xlsx"));
        wait_for_download(&file);
        let sheets = all_sheets(&file);
        let (browser_sheet, browser_cells) = sheets[0].clone();
        let (cli_sheet, cli_cells) = cli_sheets(repo.path(), cli_dir.path(), unit, id).remove(0);
        assert_eq!(cli_cells, browser_cells, "{unit} {id}");
        // A province's workbook: its own sheet named by the unit, then a
        // sheet for each unit below with this report, each the CLI's.
        let below: Vec<String> = ["hn-bd", "hn-cg", "hn-cntt", "hn-dd"]
            .into_iter()
            .filter(|_| unit == "hn")
            .filter(|u| site.out.join(format!("reports/{u}/{id}.html")).is_file())
            .map(str::to_owned)
            .collect();
        if unit == "hn" {
            assert_eq!(browser_sheet, "hn", "{unit} {id}");
            assert!(
                !below.is_empty(),
                "{unit} {id}: units below have the report"
            );
        } else {
            assert_eq!(browser_sheet, cli_sheet, "{unit} {id}");
        }
        let names: Vec<&String> = sheets[1..].iter().map(|(name, _)| name).collect();
        assert_eq!(names, below.iter().collect::<Vec<_>>(), "{unit} {id}");
        for (part, cells) in &sheets[1..] {
            let cli = cli_sheets(repo.path(), cli_dir.path(), part, id);
            assert_eq!(&cli[0].1, cells, "{unit} {id}: {part}");
        }
        assert!(
            zip_entry(&file, "xl/worksheets/sheet1.xml").contains("state=\"frozen\""),
            "{unit} {id}: the header is frozen"
        );
        if id == "warranty-expiring" && unit == "hn-bd" {
            let name = calamine::Data::String("=HYPERLINK(\"http://x\",\"y\")".into());
            assert!(browser_cells.iter().flatten().any(|cell| *cell == name));
            assert!(!zip_entry(&file, "xl/worksheets/sheet1.xml").contains("<f>"));
        }
        if id == "a10-maintenance-overdue" {
            let dates = browser_cells.iter().flatten();
            let dates = dates.filter(|cell| matches!(cell, calamine::Data::DateTime(_)));
            assert!(dates.count() > 1, "{unit} {id}: dates are dates");
        }
    }

    // As the reports pages link it: the page's address with #xlsx.
    common::chrome::open(
        &tab,
        &format!("{}reports/hn/f2-it-activity.html#xlsx", site.base),
    );
    let file = downloads.path().join("hn-f2-it-activity.xlsx");
    assert_eq!(&wait_for_download(&file)[..4], b"PK\x03\x04");
}

/// The bytes of a file the browser is downloading, once it is there.
fn wait_for_download(file: &Path) -> Vec<u8> {
    for _ in 0..200 {
        if file.is_file() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::fs::read(file).unwrap_or_else(|e| panic!("no download {file:?} ({e})"))
}

/// The sheets of `itreg report ID --unit UNIT --format xlsx`, written in `dir`.
fn cli_sheets(
    root: &Path,
    dir: &Path,
    unit: &str,
    id: &str,
) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    let file = dir.join(format!("{unit}-{id}.xlsx"));
    let out = file.to_str().unwrap();
    ok(&report(
        root,
        id,
        unit,
        None,
        &["--format", "xlsx", "--out", out],
    ));
    all_sheets(&file)
}

/// A workbook's sheets in order: each name and cells as calamine reads them.
fn all_sheets(file: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(file)
        .unwrap_or_else(|e| panic!("{file:?} does not open: {e}"));
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[calamine::Data]>::to_vec).collect())
        })
        .collect()
}
