//! The papers as Chromium prints them (papers.md): Mẫu 01, Mẫu 02 and the
//! F1 report on A4 with the official heading and signature blocks, F1's
//! header row on its second page, no screen controls on paper, and a
//! total row that the page's sorting, filtering and counting leave alone.
//! The PDFs are kept under the target's test folder for a person to look at.

mod common;

use common::chrome::{self, eval, wait_true};
use std::path::Path;

/// Every equipment type of the A2 list (type, category, tag code).
const TYPES: &[(&str, &str, &str)] = &[
    ("server", "computer", "SRV"),
    ("desktop", "computer", "PC"),
    ("laptop", "computer", "NB"),
    ("dot-matrix", "printer", "PRT"),
    ("special", "printer", "PRT"),
    ("inkjet", "printer", "PRT"),
    ("laser", "printer", "PRT"),
    ("switch", "network", "SW"),
    ("hub", "network", "HUB"),
    ("router", "network", "RT"),
    ("modem", "network", "MD"),
    ("avr", "power", "AVR"),
    ("ups", "power", "UPS"),
    ("generator", "power", "GEN"),
    ("tape", "storage", "TAPE"),
    ("magneto-optical", "storage", "MO"),
    ("optical-drive", "storage", "ODD"),
    ("external-disk", "storage", "HDD"),
    ("scanner", "other", "SCN"),
    ("card-reader", "other", "CRD"),
    ("dehumidifier", "other", "DHM"),
    ("other", "other", "OTH"),
];

/// The sample records with a device of every type in hn-bd, acquired in
/// the third quarter: F1 for hn-bd then has a row per type, more than a
/// landscape A4 page holds.
fn sample_with_every_type() -> tempfile::TempDir {
    let dir = common::sample_copy();
    for (n, (kind, category, code)) in TYPES.iter().enumerate() {
        let id = format!("HN-BD-{code}-09{:02}", n + 1);
        let yaml = format!(
            "id: {id}\nname: Thiết bị thử loại {kind}\ncategory: {category}\ntype: {kind}\nunit: hn-bd\nserial: PRINT-TEST-{n:02}\nacquired: 2026-08-01\nstatus: in-stock\nlocation: {{ room: Kho thiết bị, server_room: false }}\n"
        );
        common::write_file(dir.path(), format!("records/assets/hn-bd/{id}.yaml"), yaml);
    }
    dir
}

fn assert_holds(text: &str, wanted: &[&str], what: &str) {
    for word in wanted {
        assert!(text.contains(word), "{what} lacks {word:?}:\n{text}");
    }
}

/// Print the page at `url` to `name` and return the PDF's path.
fn print(tab: &headless_chrome::Tab, url: &str, name: &str) -> std::path::PathBuf {
    chrome::open(tab, url);
    chrome::keep(name, &chrome::print_pdf(tab))
}

#[test]
fn f1_and_the_forms_print_as_official_documents() {
    let repo = sample_with_every_type();
    let site = chrome::serve(repo.path(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();

    // On screen: the page's JS sorts the rows, the total row stays last,
    // and neither the counter nor the filter takes it for a record.
    let f1 = format!("{}reports/hn-bd/f1-equipment.html", site.base);
    chrome::open(&tab, &f1);
    let table = "document.getElementById('t-report-f1-equipment')";
    wait_true(
        &tab,
        &format!("{table}.querySelector('button.sort-button') !== null"),
    );
    let body_rows = eval(&tab, &format!("{table}.tBodies[0].rows.length"));
    assert_eq!(body_rows, serde_json::json!(TYPES.len()), "a row per type");
    let last_row =
        format!("{table}.rows[{table}.rows.length - 1].textContent.includes('Tổng cộng')");
    for column in [1, 4, 4] {
        // Text, then a number column twice (ascending, descending).
        eval(
            &tab,
            &format!("{table}.tHead.rows[0].cells[{column}].querySelector('button').click()"),
        );
        assert_eq!(
            eval(&tab, &last_row),
            serde_json::json!(true),
            "after sorting"
        );
        assert_eq!(
            eval(
                &tab,
                &format!("{table}.tBodies[0].textContent.includes('Tổng cộng')")
            ),
            serde_json::json!(false)
        );
    }
    let count = "document.querySelector('.table-count').textContent";
    assert_eq!(eval(&tab, count), serde_json::json!("22 / 22 hồ sơ"));
    eval(
        &tab,
        "const f = document.querySelector('input.table-filter'); f.value = 'không có dòng nào như thế'; f.dispatchEvent(new Event('input'))",
    );
    assert_eq!(eval(&tab, count), serde_json::json!("0 / 22 hồ sơ"));
    assert_eq!(
        eval(
            &tab,
            &format!(
                "{table}.tFoot.rows[0].hidden === false && {table}.tFoot.rows[0].offsetParent !== null"
            )
        ),
        serde_json::json!(true),
        "the total row is not filtered out"
    );

    // On paper: the heading, the title and period, signatures, A4
    // landscape, the header row again on page 2, the total row once.
    let pdf = print(&tab, &f1, "f1-hn-bd.pdf");
    let text = chrome::pdf_text(&pdf, None);
    assert_holds(
        &text,
        &[
            "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI",
            "BẢO HIỂM XÃ HỘI QUẬN BA ĐÌNH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: ……/BC-CNTT",
            "Hà Nội, ngày 23 tháng 11 năm 2026",
            "BÁO CÁO TÌNH HÌNH THIẾT BỊ CNTT HÀNG QUÝ",
            "Quý",
            "NGƯỜI LẬP",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "(Ký tên và đóng dấu)",
        ],
        "F1",
    );
    for screen_only in ["Lọc", " / 22", "Tải CSV", "Tải XLSX", "Tìm kiếm"] {
        assert!(
            !text.contains(screen_only),
            "F1 on paper shows {screen_only:?}"
        );
    }
    let pages = chrome::pdf_pages(&pdf);
    assert!(pages >= 2, "F1 spans two pages");
    // The total row once, after every other row.
    let laid_out = chrome::pdf_layout(&pdf, 1, pages as u32);
    let total_rows = regex::Regex::new(r"(?m)^\s*Tổng\s+\d").unwrap();
    assert_eq!(
        total_rows.find_iter(&laid_out).count(),
        1,
        "the total row once"
    );
    let last_row = laid_out.rfind("Máy hút ẩm").expect("the last type's row");
    assert!(
        total_rows.find(&laid_out).unwrap().start() > last_row,
        "the total is last"
    );
    // Page 2 starts with the header row again, before its first row.
    let page_2 = chrome::pdf_layout(&pdf, 2, 2);
    let first_row = regex::Regex::new(r"(?m)^\s*\d+\s{2,}Thiết bị").unwrap();
    let header = &page_2[..first_row.find(&page_2).expect("rows on page 2").start()];
    assert_holds(
        header,
        &["STT", "Nhóm", "Loại thiết", "Trong", "Thanh"],
        "F1 page 2's header",
    );
    assert_landscape(&pdf);

    let pdf = print(
        &tab,
        &format!("{}forms/mau-01/2026-hn-001.html", site.base),
        "mau-01.pdf",
    );
    assert_holds(
        &chrome::pdf_text(&pdf, None),
        &[
            "BẢO HIỂM XÃ HỘI VIỆT NAM",
            "ĐƠN VỊ: BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "DANH SÁCH ĐỀ NGHỊ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
            "Kính gửi: Trung tâm Công nghệ thông tin - BHXH Việt Nam",
            "Đỗ Hoàng Nam",
            "Ngày 12 tháng 01 năm 2026",
            "NGƯỜI LẬP",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "Trịnh Thị Thu Trang",
            "Đặng Văn Hải",
        ],
        "Mẫu 01",
    );
    let pdf = print(
        &tab,
        &format!("{}forms/mau-02/2026-hn-001.html", site.base),
        "mau-02.pdf",
    );
    assert_holds(
        &chrome::pdf_text(&pdf, None),
        &[
            "TRUNG TÂM CÔNG NGHỆ THÔNG TIN",
            "THÔNG BÁO KẾT QUẢ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ",
            "Hà Nội, ngày 13 tháng 01 năm 2026",
            "GIÁM ĐỐC",
            "Trần Đức Long",
        ],
        "Mẫu 02",
    );

    // The blank form takes its unit from the address, as a unit page links it.
    let blank = format!("{}forms/mau-01.html?unit=hn-bd", site.base);
    let pdf = print(&tab, &blank, "mau-01-blank.pdf");
    assert_holds(
        &chrome::pdf_text(&pdf, None),
        &[
            "ĐƠN VỊ: BẢO HIỂM XÃ HỘI QUẬN BA ĐÌNH",
            "Ngày …… tháng …… năm 20……",
        ],
        "blank Mẫu 01",
    );
}

/// The first page is wider than it is tall (`pdfinfo`'s page size).
fn assert_landscape(pdf: &Path) {
    let output = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&output.stdout);
    let size = info
        .lines()
        .find_map(|line| line.strip_prefix("Page size:"))
        .expect("a page size");
    let numbers: Vec<f64> = size
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(numbers.len() >= 2 && numbers[0] > numbers[1], "{size}");
    // A4: 841.89 × 595.28 points.
    assert!((numbers[0] - 841.9).abs() < 2.0, "{size}");
}
