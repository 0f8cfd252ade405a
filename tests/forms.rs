//! Mẫu 01 and Mẫu 02 (QC1114 appendix; M2, M12) and the Word files of
//! the forms and the quarterly reports: what they hold, that the mobile
//! number stays off the public site, that two builds give the same bytes,
//! and the command line that prints one form.

mod common;

use std::io::Read;
use std::path::Path;

/// One part of a DOCX file, e.g. `word/document.xml`.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name}"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn document_xml(bytes: &[u8]) -> String {
    part(bytes, "word/document.xml")
}

fn build(root: &Path, out: &Path, restricted: bool) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    if restricted {
        args.push("--include-confidential");
    }
    let output = common::run(root, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// A lock for a violation (Đ5.2.2): a `locked` event with no request.
const VIOLATION_LOCK: &str = "  - date: 2026-11-10T16:00:00+07:00
    kind: locked
    reason: Gửi thư rác từ tài khoản (vi phạm Điều 13 Quy chế 1114).
    by: nguyen-thi-lan-anh
";

fn sample_with_violation_lock() -> tempfile::TempDir {
    let dir = common::sample_copy();
    let path = dir.path().join("records/mail/accounts/anhnv.yaml");
    let mut text = read(&path);
    text = text.replace("status: active", "status: locked");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(VIOLATION_LOCK);
    std::fs::write(&path, text).unwrap();
    dir
}

#[test]
fn mau_01_and_mau_02_pages_and_word_files_hold_the_form() {
    let repo = sample_with_violation_lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(repo.path(), &out, false);

    let mau_01 = read(out.join("forms/mau-01/2026-hn-001.html"));
    for text in [
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "ĐƠN VỊ: BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DANH SÁCH ĐỀ NGHỊ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
        "Kính gửi: Trung tâm Công nghệ thông tin - BHXH Việt Nam",
        "<th>STT</th><th>Họ và Tên người dùng</th><th>Chức vụ</th><th>Số ĐTDĐ</th><th>Tài khoản thư điện tử đang dùng (Nếu có)</th><th>Nội dung yêu cầu</th>",
        "Đỗ Hoàng Nam",
        "Ngày 12 tháng 01 năm 2026",
        "NGƯỜI LẬP",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Trịnh Thị Thu Trang",
        "Đặng Văn Hải",
        "2026-hn-001.docx",
    ] {
        assert!(mau_01.contains(text), "Mẫu 01 lacks {text}");
    }
    let mau_02 = read(out.join("forms/mau-02/2026-hn-001.html"));
    for text in [
        "TRUNG TÂM CÔNG NGHỆ THÔNG TIN",
        "THÔNG BÁO KẾT QUẢ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
        "Kính gửi: Bảo hiểm xã hội thành phố Hà Nội",
        "Hà Nội, ngày 13 tháng 01 năm 2026",
        "namdh@vss.gov.vn",
        "GIÁM ĐỐC",
        "Trần Đức Long",
    ] {
        assert!(mau_02.contains(text), "Mẫu 02 lacks {text}");
    }

    // The record pages link their forms; the lock for a violation has its Mẫu 02.
    let request = read(out.join("mail/requests/2026-hn-001.html"));
    assert!(request.contains("href=\"../../forms/mau-01/2026-hn-001.html\""));
    assert!(request.contains("href=\"../../forms/mau-02/2026-hn-001.html\""));
    let account = read(out.join("mail/accounts/anhnv.html"));
    let lock_href = "../../forms/mau-02/khoa-anhnv-";
    let at = account
        .find(lock_href)
        .expect("the account page links its lock's Mẫu 02");
    let rest = &account[at + "../../".len()..];
    let lock_page = &rest[..rest.find('"').unwrap()];
    let lock = read(out.join(lock_page));
    for text in [
        "THÔNG BÁO KẾT QUẢ",
        "anhnv@vss.gov.vn",
        "Khóa tài khoản",
        "Gửi thư rác từ tài khoản",
        "Hà Nội, ngày 10 tháng 11 năm 2026",
        "GIÁM ĐỐC",
    ] {
        assert!(lock.contains(text), "lock's Mẫu 02 lacks {text}");
    }

    // The Word files read back with the heading, rows and names.
    let docx = |path: &str| document_xml(&std::fs::read(out.join(path)).unwrap());
    let xml = docx("forms/mau-01/2026-hn-001.docx");
    for text in [
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "DANH SÁCH ĐỀ NGHỊ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
        "Họ và Tên người dùng",
        "Đỗ Hoàng Nam",
        "Nguyễn Văn Anh",
        "Trịnh Thị Thu Trang",
        "Đặng Văn Hải",
        "<w:tblHeader />",
        "w:w=\"11906\" w:h=\"16838\"",
    ] {
        assert!(xml.contains(text), "Mẫu 01 DOCX lacks {text}");
    }
    let styles = part(
        &std::fs::read(out.join("forms/mau-01/2026-hn-001.docx")).unwrap(),
        "word/styles.xml",
    );
    assert!(styles.contains("w:ascii=\"Times New Roman\""), "{styles}");
    let xml = docx("forms/mau-02/2026-hn-001.docx");
    assert!(xml.contains("GIÁM ĐỐC") && xml.contains("Trần Đức Long"));
    let xml = docx(&lock_page.replace(".html", ".docx"));
    assert!(xml.contains("Gửi thư rác từ tài khoản"));
    let xml = docx("forms/mau-01.docx");
    assert!(xml.contains("ĐƠN VỊ: ……") && xml.contains("THỦ TRƯỞNG ĐƠN VỊ"));

    // F1 and F2 as Word files, for every unit, linked from their pages in
    // both languages (the file is Vietnamese only).
    let xml = docx("reports/vn/f1-equipment.docx");
    for text in [
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "BÁO CÁO TÌNH HÌNH THIẾT BỊ CNTT HÀNG QUÝ",
        "Số: ……/BC-CNTT",
        "Hà Nội, ngày 23 tháng 11 năm 2026",
        "Tổng cộng",
        "NGƯỜI LẬP",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "w:orient=\"landscape\"",
    ] {
        assert!(xml.contains(text), "F1 DOCX lacks {text}");
    }
    assert!(out.join("reports/hn-bd/f2-it-activity.docx").is_file());
    assert!(
        !out.join("reports/hn-bd/a10-maintenance-overdue.docx")
            .exists()
    );
    assert!(!out.join("en/reports/hn-bd/f1-equipment.docx").exists());
    let vi = read(out.join("reports/hn-bd/f1-equipment.html"));
    assert!(vi.contains("href=\"f1-equipment.docx\""));
    // One report page and Word file serve both languages.
    assert!(!out.join("en/reports/hn-bd/f1-equipment.html").exists());
    let en = read(out.join("en/reports/hn-bd/index.html"));
    assert!(en.contains("href=\"../../../reports/hn-bd/f1-equipment.docx\""));
    let en_form = read(out.join("en/forms/mau-01/2026-hn-001.html"));
    assert!(en_form.contains("href=\"../../../forms/mau-01/2026-hn-001.docx\""));
}

#[test]
fn the_mobile_number_is_on_the_restricted_form_only() {
    let repo = common::sample_copy();
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let restricted = dir.path().join("restricted");
    build(repo.path(), &public, false);
    build(repo.path(), &restricted, true);
    let mobile = "0946549440";
    for out in [&public, &restricted] {
        let html = read(out.join("forms/mau-01/2026-hn-001.html"));
        assert!(html.contains("<th>Số ĐTDĐ</th>"), "the column stays");
        let docx = document_xml(&std::fs::read(out.join("forms/mau-01/2026-hn-001.docx")).unwrap());
        let shown = out == &restricted;
        assert_eq!(html.contains(mobile), shown, "{}", out.display());
        assert_eq!(docx.contains(mobile), shown, "{}", out.display());
    }
    // Nowhere on the public site, in any file (Word files unzipped).
    for (path, text) in common::site_text(&public) {
        assert!(!text.contains(mobile), "{}", path.display());
    }
}

#[test]
fn two_builds_give_byte_identical_word_files() {
    let repo = common::sample_copy();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    build(repo.path(), &first, false);
    build(repo.path(), &second, false);
    let docx = |out: &Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        common::site_files(out)
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "docx"))
            .collect()
    };
    let (a, b) = (docx(&first), docx(&second));
    assert!(a.len() > 20, "{} Word files", a.len());
    assert_eq!(a, b);

    // The command line gives the same bytes as the site, every time.
    let cli = |args: &[&str]| {
        let path = dir.path().join("cli.docx");
        let mut all = args.to_vec();
        all.extend(["--out", path.to_str().unwrap()]);
        let output = common::run(repo.path(), &all);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read(path).unwrap()
    };
    let form = ["form", "mau-01", "2026-hn-001", "--format", "docx"];
    assert_eq!(cli(&form), cli(&form));
    assert_eq!(
        cli(&form),
        std::fs::read(first.join("forms/mau-01/2026-hn-001.docx")).unwrap()
    );
    let report = [
        "report",
        "f1-equipment",
        "--unit",
        "hn-bd",
        "--format",
        "docx",
    ];
    assert_eq!(cli(&report), cli(&report));
    assert_eq!(
        cli(&report),
        std::fs::read(first.join("reports/hn-bd/f1-equipment.docx")).unwrap()
    );
}

#[test]
fn a_blank_mau_01_is_one_click_from_the_mail_pages_and_a_unit_page() {
    let repo = common::sample_copy();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(repo.path(), &out, false);
    for prefix in ["", "en/"] {
        for list in ["mail/accounts/index.html", "mail/requests/index.html"] {
            let html = read(out.join(format!("{prefix}{list}")));
            assert!(
                html.contains("href=\"../../forms/mau-01.html\""),
                "{prefix}{list}"
            );
        }
        let blank = read(out.join(format!("{prefix}forms/mau-01.html")));
        assert!(blank.contains("id=\"paper-unit-choice\""));
        assert!(blank.contains("<option value=\"hn-bd\">Bảo hiểm xã hội quận Ba Đình</option>"));
        assert!(blank.contains("DANH SÁCH ĐỀ NGHỊ"));
        let unit = read(out.join(format!("{prefix}units/hn-bd.html")));
        assert!(unit.contains("href=\"../forms/mau-01.html?unit=hn-bd\""));
    }
}

#[test]
fn the_form_command_prints_a_form_or_says_why_not() {
    let repo = common::sample_copy();
    let output = common::run(repo.path(), &["form", "mau-01", "2026-hn-001"]);
    assert!(output.status.success());
    let html = common::stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Đỗ Hoàng Nam") && html.contains("@page paper-portrait"));
    assert!(!html.contains("0946549440"));
    let output = common::run(
        repo.path(),
        &["form", "mau-01", "2026-hn-001", "--include-confidential"],
    );
    assert!(common::stdout(&output).contains("0946549440"));

    let output = common::run(
        repo.path(),
        &["form", "mau-01", "--blank", "--unit", "hn-bd"],
    );
    assert!(output.status.success());
    assert!(common::stdout(&output).contains("ĐƠN VỊ: BẢO HIỂM XÃ HỘI QUẬN BA ĐÌNH"));

    for args in [
        &["form", "mau-02", "2026-xx-999"][..],
        &["form", "mau-01", "2026-hn-001", "--format", "docx"],
        &["form", "mau-02", "--blank"],
        &["form", "mau-01", "--blank", "--unit", "nowhere"],
    ] {
        let output = common::run(repo.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty());
    }
}
