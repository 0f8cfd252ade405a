//! `itreg import` through the real binary, on XLSX workbooks written here
//! with rust_xlsxwriter (title rows, merged and two-row headers, blank
//! rows, dates as text, serial numbers and date cells, extra columns) and
//! on CSV files, against a copy of the sample records.

mod common;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A cell to write.
#[derive(Clone, Copy)]
enum C {
    /// Text.
    S(&'static str),
    /// A number (also an Excel serial date without a date format).
    N(f64),
    /// A date-formatted cell.
    D(u16, u8, u8),
    /// Nothing.
    E,
}
use C::{D, E, N, S};

/// A merged range: first row, first column, last row, last column, text.
type Merge = (u32, u16, u32, u16, &'static str);

fn save_xlsx(path: &Path, rows: &[Vec<C>], merges: &[Merge]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for &(r1, c1, r2, c2, text) in merges {
        sheet.merge_range(r1, c1, r2, c2, text, &plain).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match *cell {
                S(text) => {
                    sheet.write_string(r, c, text).unwrap();
                }
                N(n) => {
                    sheet.write_number(r, c, n).unwrap();
                }
                D(y, m, d) => {
                    let value = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &value, &date)
                        .unwrap();
                }
                E => {}
            }
        }
    }
    workbook.save(path).unwrap();
}

/// Every file under `records/`, with its bytes.
fn snapshot_records(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root.join("records"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn import(root: &Path, kind: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", kind, file.to_str().unwrap()];
    args.extend_from_slice(extra);
    common::run(root, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

/// The equipment log book of BHXH quận Ba Đình as a unit keeps it: a title
/// merged across the sheet, a two-row header with "Bảo hành" merged over
/// its two columns, headers without diacritics and in their own order, a
/// price column itreg does not use, a row of column numbers, blank rows,
/// dates typed as text, as serial numbers, as date cells and in words,
/// and a signature block. `messy` adds a repeated serial (in lower case)
/// and an impossible date.
fn asset_book(messy: bool) -> (Vec<Vec<C>>, Vec<Merge>) {
    let merges = vec![
        (0, 0, 0, 10, "SỔ THEO DÕI THIẾT BỊ CÔNG NGHỆ THÔNG TIN"),
        (1, 0, 1, 10, "Đơn vị: BHXH quận Ba Đình"),
        (3, 0, 4, 0, "STT"),
        (3, 1, 4, 1, "Số seri"),
        (3, 2, 4, 2, "TEN THIET BI"),
        (3, 3, 4, 3, "Cấu hình cơ bản"),
        (3, 4, 4, 4, "Ngay trang bi"),
        (3, 5, 4, 5, "Đơn vị cung cấp"),
        (3, 6, 3, 7, "Bảo hành"),
        (3, 8, 4, 8, "Tên cán bộ sử dụng"),
        (3, 9, 4, 9, "Giá trị (đồng)"),
        (3, 10, 4, 10, "Đơn vị sử dụng"),
    ];
    let numbers: Vec<C> = [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)",
    ]
    .into_iter()
    .map(S)
    .collect();
    let mut rows = vec![
        vec![],
        vec![],
        vec![],
        vec![],
        vec![E, E, E, E, E, E, S("Thời hạn"), S("Tại chỗ hay không")],
        numbers,
        // Excel row 7
        vec![
            N(1.0),
            S("8Y3L0R3"),
            S("Máy tính để bàn Dell OptiPlex 7090"),
            S("Core i5-10500, RAM 8 GB, SSD 256 GB"),
            S("15/03/2024"),
            S("Công ty TNHH Tin học ABC"),
            S("36 tháng"),
            S("Tại chỗ"),
            S("Nguyễn Văn Anh"),
            N(15_500_000.0),
            E,
        ],
        vec![],
        // Excel row 9: a serial number date, a date cell, a serial YAML reads as false.
        vec![
            N(2.0),
            S("NO"),
            S("Máy in HP LaserJet Pro M404dn"),
            E,
            N(45292.0),
            S("Công ty CP Thiết bị Văn phòng Minh Khang"),
            D(2026, 12, 31),
            S("Không"),
            E,
            N(4_200_000.0),
            S("BHXH quận Ba Đình"),
        ],
        // Excel row 10: ISO date, a serial YAML 1.1 reads as octal, months as a number.
        vec![
            N(3.0),
            S("0755"),
            S("Bộ lưu điện Santak Blazer 1000E"),
            S("1000 VA: line-interactive"),
            S("2023-06-01"),
            E,
            N(12.0),
            S("không tại chỗ"),
            E,
            E,
            S("hn-bd"),
        ],
    ];
    if messy {
        rows.push(vec![
            N(4.0),
            S("8y3l0r3"),
            S("Máy tính để bàn Dell OptiPlex 7090"),
            E,
            S("01/04/2024"),
        ]);
        rows.push(vec![
            N(5.0),
            S("SCN-2024-01"),
            S("Máy quét Canon DR-C225"),
            E,
            S("31/02/2024"),
        ]);
    } else {
        rows.push(vec![
            N(4.0),
            S("LT5440-01"),
            S("Máy tính xách tay Dell Latitude 5440"),
            S("Core i5-1335U, RAM 16 GB"),
            S("ngày 5 tháng 9 năm 2024"),
            S("Công ty TNHH Tin học ABC"),
            S("3 năm"),
            S("Tại chỗ"),
            S("Lý Thị Ngọc Hà"),
        ]);
    }
    rows.push(vec![]);
    rows.push(vec![
        E,
        E,
        S("Người lập biểu"),
        E,
        E,
        E,
        E,
        E,
        S("Thủ trưởng đơn vị"),
    ]);
    (rows, merges)
}

fn write_asset_book(dir: &Path, messy: bool) -> PathBuf {
    let path = dir.join(if messy {
        "messy.xlsx"
    } else {
        "so-thiet-bi.xlsx"
    });
    let (rows, merges) = asset_book(messy);
    save_xlsx(&path, &rows, &merges);
    path
}

#[test]
fn bad_rows_are_reported_by_number_and_nothing_is_written() {
    let repo = common::sample_copy();
    let book = write_asset_book(repo.path(), true);
    let before = snapshot_records(repo.path());
    let output = import(repo.path(), "assets", &book, &["--unit", "hn-bd"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "Dòng 11: số seri '8y3l0r3' trùng với dòng 7\n\
         Dòng 12: ngày trang bị '31/02/2024' không hợp lệ\n\
         itreg: không ghi tệp nào vì 2 dòng có lỗi; sửa bảng rồi nhập lại\n"
    );
    let stdout = common::stdout(&output);
    assert!(stdout.contains("dòng tiêu đề 5"), "{stdout}");
    assert!(
        stdout.contains("itreg: Bỏ qua các cột không dùng: \"Giá trị (đồng)\"\n"),
        "{stdout}"
    );
    assert_eq!(snapshot_records(repo.path()), before);
}

#[test]
fn dry_run_previews_and_writes_nothing() {
    let repo = common::sample_copy();
    let book = write_asset_book(repo.path(), false);
    let before = snapshot_records(repo.path());
    let output = import(
        repo.path(),
        "assets",
        &book,
        &["--unit", "hn-bd", "--dry-run"],
    );
    let stdout = common::stdout(&output);
    assert!(output.status.success(), "{stdout}{}", stderr(&output));
    assert!(
        stdout.contains("--- records/assets/hn-bd/HN-BD-PC-0003.yaml (dòng 7, mới)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("assigned_to: nguyen-van-anh-bd\n"),
        "{stdout}"
    );
    assert!(stdout.contains("0 lỗi"), "{stdout}");
    assert!(
        stdout.ends_with("itreg: chạy thử, không ghi tệp nào\n"),
        "{stdout}"
    );
    assert_eq!(snapshot_records(repo.path()), before);
}

#[test]
fn round_trip_imports_then_checks_then_builds() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = write_asset_book(root, false);
    let output = import(root, "assets", &book, &["--unit", "hn-bd"]);
    let stdout = common::stdout(&output);
    assert!(output.status.success(), "{stdout}{}", stderr(&output));
    for line in [
        "mới: records/assets/hn-bd/HN-BD-PC-0003.yaml (dòng 7)\n",
        "mới: records/assets/hn-bd/HN-BD-PRT-0002.yaml (dòng 9)\n",
        "mới: records/assets/hn-bd/HN-BD-UPS-0002.yaml (dòng 10)\n",
        "mới: records/assets/hn-bd/HN-BD-NB-0002.yaml (dòng 11)\n",
        "itreg: đã ghi 4 hồ sơ (4 mới, 0 cập nhật)\n",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    let written: String = [
        "records/assets/hn-bd/HN-BD-PC-0003.yaml",
        "records/assets/hn-bd/HN-BD-PRT-0002.yaml",
        "records/assets/hn-bd/HN-BD-UPS-0002.yaml",
        "records/assets/hn-bd/HN-BD-NB-0002.yaml",
    ]
    .iter()
    .map(|path| format!("=== {path}\n{}", read(root, path)))
    .collect();
    insta::assert_snapshot!("assets_written", written);

    let check = common::run(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", common::stdout(&check));
    let out = root.join("public");
    let build = common::run(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    for page in ["assets/HN-BD-PC-0003.html", "assets/HN-BD-NB-0002.html"] {
        assert!(out.join(page).is_file(), "{page}");
    }
    let page = std::fs::read_to_string(out.join("assets/HN-BD-PC-0003.html")).unwrap();
    assert!(page.contains("Máy tính để bàn Dell OptiPlex 7090"));
}

#[test]
fn existing_records_are_only_rewritten_with_update() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = write_asset_book(root, false);
    assert!(
        import(root, "assets", &book, &["--unit", "hn-bd"])
            .status
            .success()
    );
    let after_first = snapshot_records(root);

    let again = import(root, "assets", &book, &["--unit", "hn-bd"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).starts_with(
            "Dòng 7: thiết bị số seri '8Y3L0R3' đã có: HN-BD-PC-0003 (records/assets/hn-bd/HN-BD-PC-0003.yaml); dùng --update để cập nhật\n"
        ),
        "{}",
        stderr(&again)
    );
    assert_eq!(snapshot_records(root), after_first);

    // A sample device, matched by its serial: the sheet's fields change,
    // everything else (history, procurement, location) stays.
    let csv = root.join("cap-nhat.csv");
    std::fs::write(
        &csv,
        "Số seri,Tên thiết bị,Ngày trang bị,Cấu hình cơ bản\n\
         BHTCNXL,Máy tính để bàn Dell OptiPlex 5000 Tower,15/01/2024,\"Core i5-12500, RAM 32 GB, SSD 1 TB\"\n",
    )
    .unwrap();
    let path = "records/assets/hn-bd/HN-BD-PC-0001.yaml";
    // Comments and the writer's own layout must survive an update.
    let original = read(root, path)
        .replace(
            "id: HN-BD-PC-0001\n",
            "# Máy của phòng tin học\nid: HN-BD-PC-0001\n",
        )
        .replace("status: in-use\n", "status: in-use # kiểm tra 11/2026\n")
        .replace("events:\n", "\n# Lịch sử sử dụng\nevents:\n");
    std::fs::write(root.join(path), &original).unwrap();
    let refused = import(root, "assets", &csv, &["--unit", "hn-bd"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(read(root, path), original);

    let updated = import(root, "assets", &csv, &["--unit", "hn-bd", "--update"]);
    assert!(updated.status.success(), "{}", stderr(&updated));
    assert!(
        common::stdout(&updated)
            .contains("cập nhật: records/assets/hn-bd/HN-BD-PC-0001.yaml (dòng 2)\n")
    );
    // The name and date in the sheet are the ones already there: only the
    // configuration line changes, and every other byte stays.
    let expected = original.replace(
        "config: Core i5-12500, RAM 16 GB, SSD 512 GB, Windows 11 Pro\n",
        "config: \"Core i5-12500, RAM 32 GB, SSD 1 TB\"\n",
    );
    assert_ne!(expected, original);
    assert_eq!(read(root, path), expected);
    assert_eq!(common::run(root, &["check"]).status.code(), Some(0));
}

/// A file laid out so that it cannot be edited field by field (here the
/// whole record indented) is rewritten whole, and the user is told that
/// its comments are gone.
#[test]
fn an_update_that_rewrites_a_whole_file_says_so() {
    let repo = common::sample_copy();
    let root = repo.path();
    let path = "records/assets/hn-bd/HN-BD-PC-0001.yaml";
    let indented: String = read(root, path)
        .lines()
        .map(|line| format!("  {line}\n"))
        .collect();
    std::fs::write(root.join(path), format!("# Ghi chú\n{indented}")).unwrap();
    let csv = root.join("cap-nhat.csv");
    std::fs::write(
        &csv,
        "Số seri,Tên thiết bị,Ngày trang bị,Cấu hình cơ bản\n\
         BHTCNXL,Máy tính để bàn Dell OptiPlex 5000 Tower,15/01/2024,Core i7\n",
    )
    .unwrap();
    let updated = import(root, "assets", &csv, &["--unit", "hn-bd", "--update"]);
    assert!(updated.status.success(), "{}", stderr(&updated));
    let said = format!("{}{}", common::stdout(&updated), stderr(&updated));
    assert!(
        said.contains("records/assets/hn-bd/HN-BD-PC-0001.yaml không sửa tại chỗ được nên được ghi lại cả tệp; chú thích `#` trong tệp (nếu có) bị mất"),
        "{said}"
    );
    let text = read(root, path);
    assert!(
        text.starts_with(
            "# yaml-language-server: $schema=../../../schema/asset.schema.json\nid: HN-BD-PC-0001\n"
        ),
        "{text}"
    );
    assert!(text.contains("config: Core i7\n"), "{text}");
    assert_eq!(common::run(root, &["check"]).status.code(), Some(0));
}

#[test]
fn csv_with_bom_semicolons_and_english_headers() {
    let repo = common::sample_copy();
    let root = repo.path();
    let csv = root.join("assets.csv");
    let text = "\u{feff}Serial;Device name;Acquired;Assigned to;Type;Ghi chú\n\
                ;;;;;\n\
                CG-SW-77;Cisco Catalyst 1000-24T;2025-05-20;;switch;Tủ mạng tầng 2\n\
                CG-AVR-01;LiOA 10 kVA;20/05/2025;;Ổn áp (AVR);\n";
    std::fs::write(&csv, text).unwrap();
    let output = import(root, "assets", &csv, &["--unit", "hn-cg"]);
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        stderr(&output)
    );
    let switch = read(root, "records/assets/hn-cg/HN-CG-SW-0002.yaml");
    assert_eq!(
        switch,
        "# yaml-language-server: $schema=../../../schema/asset.schema.json\n\
         id: HN-CG-SW-0002\n\
         name: Cisco Catalyst 1000-24T\n\
         category: network\n\
         type: switch\n\
         unit: hn-cg\n\
         serial: CG-SW-77\n\
         acquired: 2025-05-20\n\
         status: in-use\n\
         note: Tủ mạng tầng 2\n"
    );
    let avr = read(root, "records/assets/hn-cg/HN-CG-AVR-0001.yaml");
    assert!(
        avr.contains("type: avr\n") && avr.contains("acquired: 2025-05-20\n"),
        "{avr}"
    );
}

#[test]
fn missing_columns_are_named() {
    let repo = common::sample_copy();
    let book = repo.path().join("thieu-cot.xlsx");
    save_xlsx(
        &book,
        &[
            vec![S("Tên thiết bị"), S("Đơn vị cung cấp")],
            vec![S("Máy in Canon LBP 2900"), S("ABC")],
        ],
        &[],
    );
    let output = import(repo.path(), "assets", &book, &["--unit", "hn-bd"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "itreg: Bảng thiếu cột bắt buộc: Số seri, Ngày trang bị (dòng tiêu đề là dòng 1, trang tính \"Sheet1\")\n"
    );
}

#[test]
fn rows_that_cannot_be_mapped_say_what_to_do() {
    let repo = common::sample_copy();
    let csv = repo.path().join("x.csv");
    std::fs::write(
        &csv,
        "Tên thiết bị,Số seri,Ngày trang bị,Tên cán bộ sử dụng,Đơn vị sử dụng,Điều kiện bảo hành,Nhóm thiết bị\n\
         Máy in Canon,A1,01/02/2025,,,,\n\
         Máy tính để bàn HP,A2,01/02/2025,Nguyễn Văn Anh,Phòng Thu,,\n\
         Máy tính để bàn HP,A3,01/02/2025,Nguyễn Văn Anh,,thỉnh thoảng,\n\
         Máy tính để bàn HP,A4,01/02/2025,,,,Máy in\n",
    )
    .unwrap();
    let output = import(repo.path(), "assets", &csv, &["--unit", "hn"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    for expected in [
        "Dòng 2: không xác định được loại thiết bị từ tên 'Máy in Canon'; thêm cột \"Loại thiết bị\" ghi một trong:",
        "Dòng 3: đơn vị sử dụng 'Phòng Thu' không khớp mã hay tên đơn vị nào trong records/units; ghi mã đơn vị (ví dụ hn-bd) hoặc để trống để dùng --unit\n",
        "Dòng 4: cán bộ sử dụng 'Nguyễn Văn Anh' trùng tên nhiều người (nguyen-van-anh, nguyen-van-anh-bd); ghi mã cán bộ thay cho tên",
        "Dòng 4: điều kiện bảo hành 'thỉnh thoảng' không rõ; ghi một trong: tại chỗ, không tại chỗ",
        "Dòng 5: nhóm thiết bị 'printer' không khớp loại thiết bị 'desktop' (thuộc nhóm 'computer')\n",
    ] {
        assert!(errors.contains(expected), "{expected}\n{errors}");
    }
}

#[test]
fn unknown_unit_is_a_usage_error() {
    let repo = common::sample_copy();
    let csv = repo.path().join("x.csv");
    std::fs::write(&csv, "Tên thiết bị,Số seri,Ngày trang bị\nA,B,01/01/2025\n").unwrap();
    let output = import(repo.path(), "assets", &csv, &["--unit", "khong-co"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "itreg: Không có đơn vị 'khong-co' trong records/units\n"
    );
}

/// The software log book (II.2.2): one new program, and one the agency
/// already records, whose Ba Đình installation changes.
fn software_book(path: &Path) {
    let header = [
        "STT",
        "Tên phần mềm",
        "Mô tả chức năng",
        "Loại phần mềm",
        "Hãng sản xuất",
        "Đơn vị cung cấp",
        "Ngày sử dụng",
        "Máy chủ cài đặt",
        "Số bản trên máy trạm",
        "Tên cán bộ cài đặt",
        "Tình trạng sử dụng",
        "Diễn biến cập nhật",
        "Số hiệu bản quyền",
        "Biên bản nghiệm thu",
        "Người ký nghiệm thu",
    ];
    let rows = vec![
        vec![],
        vec![],
        header.iter().map(|h| S(h)).collect(),
        vec![
            N(1.0),
            S("Phần mềm quản lý công văn đi đến"),
            S("Quản lý văn bản đến, văn bản đi và hồ sơ công việc"),
            S("Ứng dụng nghiệp vụ thống nhất toàn ngành"),
            S("BHXH Việt Nam"),
            S("Trung tâm Công nghệ thông tin"),
            D(2025, 2, 1),
            S("HN-BD-SRV-0001"),
            N(20.0),
            S("Nguyễn Văn Anh"),
            S("Đang sử dụng"),
            S("01/06/2025: cập nhật bản 2.1\nChạy trên máy chủ dự phòng khi bảo trì"),
            E,
            S("NT-2025-BD-07"),
            S("Trần Thị Mai, Giám đốc BHXH quận Ba Đình"),
        ],
        vec![
            N(2.0),
            S("Microsoft Office LTSC Standard 2021"),
            E,
            S("Phần mềm văn phòng"),
            S("Microsoft"),
            E,
            E,
            E,
            N(22.0),
            E,
            S("Đang sử dụng"),
        ],
    ];
    save_xlsx(path, &rows, &[(0, 0, 0, 14, "SỔ THEO DÕI PHẦN MỀM")]);
}

#[test]
fn software_log_book() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("phan-mem.xlsx");
    software_book(&book);
    let refused = import(root, "software", &book, &["--unit", "hn-bd"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains(
        "Dòng 5: phần mềm 'Microsoft Office LTSC Standard 2021' đã có: records/software/ms-office.yaml; dùng --update để cập nhật và thêm bản cài đặt của đơn vị hn-bd"
    ), "{}", stderr(&refused));

    let output = import(root, "software", &book, &["--unit", "hn-bd", "--update"]);
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        stderr(&output)
    );
    insta::assert_snapshot!(
        "software_written",
        read(
            root,
            "records/software/phan-mem-quan-ly-cong-van-di-den.yaml"
        )
    );
    let office = read(root, "records/software/ms-office.yaml");
    let bd = office
        .split("  - unit: ")
        .find(|i| i.starts_with("hn-bd"))
        .unwrap();
    assert!(bd.contains("workstations: 22\n"), "{bd}");
    assert!(
        bd.contains("minutes: NT-2022-BD-01"),
        "the acceptance is kept: {bd}"
    );
    assert_eq!(
        office.matches("  - unit: ").count(),
        10,
        "no installation added"
    );
    assert_eq!(common::run(root, &["check"]).status.code(), Some(0));
}

/// A Mẫu 01 as units fill it in: the form's heading, the table, the date
/// line and the signatures.
fn request_form(path: &Path) {
    let rows = vec![
        vec![
            S("BẢO HIỂM XÃ HỘI VIỆT NAM"),
            E,
            E,
            E,
            S("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ],
        vec![
            S("ĐƠN VỊ: BHXH quận Ba Đình"),
            E,
            E,
            E,
            S("Độc lập - Tự do - Hạnh phúc"),
        ],
        vec![],
        vec![],
        vec![S("Kính gửi: Trung tâm Công nghệ thông tin - BHXH Việt Nam")],
        vec![
            S("STT"),
            S("Họ và Tên người dùng"),
            S("Chức vụ"),
            S("Số ĐTDĐ"),
            S("Tài khoản thư điện tử đang dùng (Nếu có)"),
            S("Nội dung yêu cầu"),
        ],
        vec![
            N(1.0),
            S("Hoàng Minh Tuấn"),
            S("Chuyên viên"),
            N(912_345_678.0),
            E,
            S("Cấp mới tài khoản"),
        ],
        vec![
            N(2.0),
            S("Lý Thị Ngọc Hà"),
            S("Kỹ thuật viên"),
            S("0983 456 789"),
            S("HaLTN@vss.gov.vn"),
            S("Cấp lại mật khẩu"),
        ],
        vec![],
        vec![E, S("Người lập"), E, E, S("Ngày 02 tháng 11 năm 2026")],
        vec![E, S("(Ký viết rõ họ tên)"), E, E, S("Thủ trưởng đơn vị")],
        vec![E, E, E, E, S("(Ký tên và đóng dấu)")],
        vec![],
        vec![E, S("Lý Thị Ngọc Hà"), E, E, S("Trần Thị Mai")],
    ];
    save_xlsx(
        path,
        &rows,
        &[(
            2,
            0,
            3,
            5,
            "DANH SÁCH ĐỀ NGHỊ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
        )],
    );
}

#[test]
fn mail_request_form() {
    let repo = common::sample_copy();
    let root = repo.path();
    let form = root.join("mau-01.xlsx");
    request_form(&form);
    let output = import(root, "mail-requests", &form, &["--unit", "hn-bd"]);
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        stderr(&output)
    );
    assert!(
        common::stdout(&output)
            .contains("mới: records/mail/requests/2026-hn-bd-002.yaml (dòng 7)\n")
    );
    insta::assert_snapshot!(
        "mail_request_written",
        read(root, "records/mail/requests/2026-hn-bd-002.yaml")
    );
    assert_eq!(common::run(root, &["check"]).status.code(), Some(0));

    // The same form again is recognised, and only replaced with --update.
    let again = import(root, "mail-requests", &form, &["--unit", "hn-bd"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).starts_with(
        "Dòng 7: Mẫu 01 này đã được nhập: records/mail/requests/2026-hn-bd-002.yaml; dùng --update để cập nhật"
    ));
    let updated = import(
        root,
        "mail-requests",
        &form,
        &["--unit", "hn-bd", "--update"],
    );
    assert!(updated.status.success(), "{}", stderr(&updated));
    assert!(
        !root
            .join("records/mail/requests/2026-hn-bd-003.yaml")
            .exists()
    );
}

/// Run `itreg import` with its address space capped at `limit_mb`, so a
/// reader that sized a sheet by its far corner fails at once with an
/// allocation error instead of taking the machine's memory.
fn import_capped(root: &Path, kind: &str, file: &Path, extra: &[&str], limit_mb: u64) -> Output {
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$@\"", limit_mb * 1024))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_itreg"))
        .arg("--root")
        .arg(root)
        .args(["--today", common::TODAY, "import", kind])
        .arg(file)
        .args(extra)
        .env("NO_COLOR", "1");
    command.output().unwrap()
}

/// Issue 21: checking the planned records against each other and the
/// repository, numbering their tags and resolving their staff took time in
/// the square of the rows (20,000 rows took minutes). They are indexed
/// now; `bench/import.sh` measures the time, this only runs the size.
#[test]
fn a_log_book_of_twenty_thousand_rows_imports() {
    let repo = common::sample_copy();
    let root = repo.path();
    let names = [
        "Máy tính để bàn Dell OptiPlex 7090",
        "Máy in HP LaserJet Pro M404dn",
        "Bộ lưu điện Santak 1KVA",
        "Máy tính xách tay Dell Latitude 5420",
        "Switch Cisco 2960",
    ];
    let mut text = String::from("STT,Số seri,Tên thiết bị,Ngày trang bị,Tên cán bộ sử dụng\n");
    for i in 0..20_000 {
        let name = names[i % 5];
        text.push_str(&format!(
            "{},SN{i:08},{name},15/03/2024,Nguyễn Văn Anh\n",
            i + 1
        ));
    }
    let csv = root.join("so-lon.csv");
    std::fs::write(&csv, text).unwrap();
    let output = import_capped(root, "assets", &csv, &["--unit", "hn-bd"], 2048);
    let stdout = common::stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout.contains("đã ghi 20000 hồ sơ (20000 mới, 0 cập nhật)"),
        "{}",
        &stdout[stdout.len().saturating_sub(2000)..]
    );
    // Each of the five sequences numbered on from the sample's tags.
    let last = read(root, "records/assets/hn-bd/HN-BD-PC-4002.yaml");
    assert!(last.contains("serial: SN00019995\n"), "{last}");
    assert!(last.contains("assigned_to: nguyen-van-anh-bd\n"), "{last}");
    assert!(
        !root
            .join("records/assets/hn-bd/HN-BD-PC-4003.yaml")
            .exists()
    );
}

/// A small asset table: the header, then one device.
fn small_table(sheet: &mut rust_xlsxwriter::Worksheet) {
    for (c, header) in ["Số seri", "Tên thiết bị", "Ngày trang bị"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "FAR-001").unwrap();
    sheet
        .write_string(1, 1, "Máy in HP LaserJet Pro M404dn")
        .unwrap();
    sheet.write_string(1, 2, "15/03/2024").unwrap();
}

/// Issue 21: a 1.6 KB workbook with one value at XFD1048576 made calamine
/// size a range of 17 billion cells and the import ran out of memory.
/// Sheets are now built cell by cell and refused at the first cell beyond
/// the caps; the address space of the run is capped, so a reader that
/// sized the range first would fail here at once.
#[test]
fn a_stray_cell_far_from_the_table_is_refused_without_using_memory() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("o-xa.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Sổ thiết bị").unwrap();
    small_table(sheet);
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    workbook.save(&book).unwrap();
    assert!(std::fs::metadata(&book).unwrap().len() < 10_000);
    let before = snapshot_records(root);
    let output = import_capped(root, "assets", &book, &["--unit", "hn-bd"], 1024);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "itreg: Trang tính \"Sổ thiết bị\" có dữ liệu ở ô XFD1048576, làm vùng dữ liệu thành A1:XFD1048576, vượt mức itreg đọc (tối đa 200.000 dòng, 200 cột (tới cột GR) và 6.000.000 ô). Nếu đó là ô thừa nằm xa bên dưới hoặc bên phải bảng, hãy xoá nó"
        ),
        "{message}"
    );
    assert!(
        !message.contains("has data in cell"),
        "one language: {message}"
    );
    let english = import_capped(
        root,
        "assets",
        &book,
        &["--unit", "hn-bd", "--lang", "en"],
        1024,
    );
    assert_eq!(english.status.code(), Some(2));
    assert!(
        stderr(&english).starts_with(
            "itreg: Sheet \"Sổ thiết bị\" has data in cell XFD1048576, making its data range A1:XFD1048576, beyond what itreg reads (at most 200,000 rows, 200 columns (up to column GR) and 6,000,000 cells). If it is a stray cell far below or to the right of the table, delete it"
        ),
        "{}",
        stderr(&english)
    );
    assert_eq!(snapshot_records(root), before);
}

/// A cell that is only formatted holds nothing: however far away, it
/// neither counts nor stops the import.
#[test]
fn a_formatted_empty_cell_far_away_is_ignored() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("dinh-dang.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    small_table(sheet);
    let bold = Format::new().set_bold();
    sheet.write_blank(1_048_575, 16_383, &bold).unwrap();
    workbook.save(&book).unwrap();
    let output = import_capped(root, "assets", &book, &["--unit", "hn-bd"], 1024);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = read(root, "records/assets/hn-bd/HN-BD-PRT-0002.yaml");
    assert!(written.contains("serial: FAR-001\n"), "{written}");
}

/// An ODS file with one sheet named "Sổ", whose rows are `rows` (already
/// `<table:table-row>` elements).
fn save_ods(path: &Path, rows: &str) {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sổ">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// A row of text cells.
fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|text| {
            format!(
                r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
            )
        })
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_ods_log_book_imports() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("so.ods");
    let rows = [
        ods_row(&["Số seri", "Tên thiết bị", "Ngày trang bị"]),
        ods_row(&["ODS-001", "Máy quét Canon DR-C225", "15/03/2024"]),
        // LibreOffice pads a sheet to its full size with repeated empty rows.
        r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#.to_owned(),
    ];
    save_ods(&book, &rows.concat());
    let output = import_capped(root, "assets", &book, &["--unit", "hn-bd"], 1024);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = read(root, "records/assets/hn-bd/HN-BD-SCN-0001.yaml");
    assert!(written.contains("serial: ODS-001\n"), "{written}");
}

/// calamine reads an ODS file whole when it opens it, expanding repeated
/// rows and columns into a dense range (here 5,000 × 16,001 cells, 2.5
/// GB); the file is measured first and refused before that.
#[test]
fn an_ods_sheet_reaching_far_is_refused_before_it_is_expanded() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("xa.ods");
    let rows = [
        ods_row(&["Số seri", "Tên thiết bị", "Ngày trang bị"]),
        r#"<table:table-row table:number-rows-repeated="4998"><table:table-cell/></table:table-row>"#.to_owned(),
        r#"<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#.to_owned(),
    ];
    save_ods(&book, &rows.concat());
    let output = import_capped(root, "assets", &book, &["--unit", "hn-bd"], 1024);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with(
            "itreg: Trang tính \"Sổ\" có dữ liệu ở ô WQK5000, làm vùng dữ liệu thành A1:WQK5000, vượt mức itreg đọc"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_csv_wider_or_longer_than_the_caps_is_refused() {
    let repo = common::sample_copy();
    let root = repo.path();
    let csv = root.join("dai.csv");
    let mut text = String::from("Số seri,Tên thiết bị,Ngày trang bị\n");
    text.push_str(&"A,Máy in Canon,15/03/2024\n".repeat(200_000));
    std::fs::write(&csv, text).unwrap();
    let output = import_capped(root, "assets", &csv, &["--unit", "hn-bd"], 1024);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "Trang tính \"CSV\" có dữ liệu ở ô A200001, làm vùng dữ liệu thành A1:C200001, vượt mức itreg đọc"
        ),
        "{}",
        stderr(&output)
    );
}

/// Issue 21: a formula cell imports the value Excel computed and saved
/// with it, never its text: `=HYPERLINK("http://x","y")` reads `y`.
#[test]
fn formula_cells_import_the_values_excel_saved() {
    let repo = common::sample_copy();
    let root = repo.path();
    let book = root.join("cong-thuc.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in [
        "Số seri",
        "Tên thiết bị",
        "Ngày trang bị",
        "Đơn vị cung cấp",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_formula(1, 0, "=\"FX-\"&\"001\"").unwrap();
    sheet.set_formula_result(1, 0, "FX-001");
    sheet
        .write_formula(
            1,
            1,
            "=HYPERLINK(\"http://kho.vss.gov.vn/may-in\",\"Máy in HP LaserJet Pro M404dn\")",
        )
        .unwrap();
    sheet.set_formula_result(1, 1, "Máy in HP LaserJet Pro M404dn");
    sheet.write_string(1, 2, "15/03/2024").unwrap();
    sheet
        .write_formula(1, 3, "=HYPERLINK(\"http://abc.vn\",\"Công ty ABC\")")
        .unwrap();
    sheet.set_formula_result(1, 3, "Công ty ABC");
    workbook.save(&book).unwrap();
    let output = import(root, "assets", &book, &["--unit", "hn-bd"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = read(root, "records/assets/hn-bd/HN-BD-PRT-0002.yaml");
    assert!(
        written.contains("name: Máy in HP LaserJet Pro M404dn\n")
            && written.contains("serial: FX-001\n")
            && written.contains("supplier: Công ty ABC\n"),
        "{written}"
    );
    assert!(
        !written.contains(": =") && !written.contains("HYPERLINK"),
        "{written}"
    );
}

/// The same workbook as a program writes it, without the values: the
/// `<v>` after each formula removed.
fn without_values(from: &Path, to: &Path) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let value = regex::Regex::new("(<f>[^<]*</f>)<v>[^<]*</v>").unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(bytes).unwrap();
            let text = value.replace_all(&text, "$1");
            bytes = text.into_owned().into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// A formula without a saved value (a workbook a program wrote and no
/// spreadsheet recalculated), or CSV text that is a formula, is a row
/// error: no record takes text starting with `=`.
#[test]
fn a_formula_without_its_value_is_a_row_error() {
    let repo = common::sample_copy();
    let root = repo.path();
    let computed = root.join("co-gia-tri.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in ["Số seri", "Tên thiết bị", "Ngày trang bị"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "FX-002").unwrap();
    sheet
        .write_formula(1, 1, "=HYPERLINK(\"http://x\",\"y\")")
        .unwrap();
    sheet.write_string(1, 2, "15/03/2024").unwrap();
    workbook.save(&computed).unwrap();
    let book = root.join("khong-gia-tri.xlsx");
    without_values(&computed, &book);
    let csv = root.join("cong-thuc.csv");
    std::fs::write(
        &csv,
        "Số seri,Tên thiết bị,Ngày trang bị\nFX-002,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",15/03/2024\n",
    )
    .unwrap();
    let before = snapshot_records(root);
    for file in [&book, &csv] {
        let output = import(root, "assets", file, &["--unit", "hn-bd"]);
        assert_eq!(output.status.code(), Some(1), "{}", file.display());
        assert!(
            stderr(&output).starts_with(
                "Dòng 2: ô tên thiết bị chứa công thức '=HYPERLINK(\"http://x\",\"y\")' chứ không phải giá trị; mở tệp bằng Excel hoặc LibreOffice rồi lưu lại để có giá trị, hoặc ghi giá trị thay cho công thức\n"
            ),
            "{}: {}",
            file.display(),
            stderr(&output)
        );
    }
    assert_eq!(snapshot_records(root), before);
}
