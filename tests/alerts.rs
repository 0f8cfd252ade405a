//! Alerts where they apply and people, not ids (issue 25): `itreg build`
//! puts each record's diagnostics on its page, a compliance panel on each
//! unit page and its roll-up on the home page; tables lead with names,
//! staff pages split the devices a person uses from those they look
//! after, mail addresses are `mailto:` links, and a plain mailbox guide
//! links the blank Mẫu 01.

mod common;

use std::path::Path;

/// A desktop in district hn-bd, in use since January 2025 and never
/// maintained: the A10 rule warns about it (last quarter, as of
/// `common::TODAY`). Handed over by an IT officer of hn-cntt, so it is a
/// device he looked after, not one he uses.
const UNMAINTAINED: &str = "\
id: HN-BD-PC-0990
name: Máy tính để bàn phòng một cửa
category: computer
type: desktop
unit: hn-bd
serial: TESTA10X990
acquired: 2025-01-10
supplier: Công ty TNHH Tin học Hoàng Long
warranty: { until: 2028-01-10, onsite: true }
assigned_to: nguyen-van-anh-bd
location: { room: \"Phòng một cửa\", server_room: false }
status: in-use
events:
  - date: 2025-01-12
    kind: handover
    by: le-minh-duc
    to: nguyen-van-anh-bd
    minutes: BB-2025-BD-990
";

fn build_with_unmaintained_desktop() -> (tempfile::TempDir, tempfile::TempDir) {
    let repo = common::sample_copy();
    common::write_file(
        repo.path(),
        "records/assets/hn-bd/HN-BD-PC-0990.yaml",
        UNMAINTAINED,
    );
    let out = tempfile::tempdir().unwrap();
    let output = common::run(
        repo.path(),
        &[
            "build",
            "--out",
            out.path().join("public").to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (repo, out)
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join("public").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The compliance panel's rows: (row label HTML, the four counts).
fn panel_rows(html: &str) -> Vec<(String, Vec<usize>)> {
    let start = html
        .find("compliance-table")
        .expect("the page has a compliance table");
    let end = html[start..].find("</table>").unwrap() + start;
    let row = regex::Regex::new(r#"<tr><th scope="row">(.*?)</th>(.*?)</tr>"#).unwrap();
    let number = regex::Regex::new(r">(\d+)</").unwrap();
    row.captures_iter(&html[start..end])
        .map(|c| {
            let counts = number
                .captures_iter(&c[2])
                .map(|n| n[1].parse().unwrap())
                .collect();
            (c[1].to_owned(), counts)
        })
        .collect()
}

fn counts_of<'r>(rows: &'r [(String, Vec<usize>)], label: &str) -> &'r [usize] {
    &rows
        .iter()
        .find(|(l, _)| l.contains(label))
        .unwrap_or_else(|| panic!("no row {label} in {rows:?}"))
        .1
}

/// Rows of a report page's table body.
fn report_rows(html: &str) -> usize {
    let body = html.split("<tbody>").nth(1).unwrap_or("");
    body.split("</tbody>")
        .next()
        .unwrap()
        .matches("<tr")
        .count()
}

#[test]
fn an_overdue_maintenance_shows_on_its_unit_its_parent_and_the_home_page() {
    let (_repo, out) = build_with_unmaintained_desktop();

    // The district's own panel: one device not maintained, linked to the
    // district's A10 report, which lists it.
    let district = page(out.path(), "units/hn-bd.html");
    let rows = panel_rows(&district);
    assert_eq!(
        counts_of(&rows, "Tại chính đơn vị"),
        [1, 0, 0, 0],
        "{rows:?}"
    );
    assert!(district.contains(
        "<a class=\"count-problem\" href=\"../reports/hn-bd/a10-maintenance-overdue.html\">1</a>"
    ));
    let report = page(out.path(), "reports/hn-bd/a10-maintenance-overdue.html");
    assert_eq!(report_rows(&report), 1);
    assert!(report.contains("HN-BD-PC-0990"));

    // The province: the district's row and the sample's own overdue device
    // in Đống Đa, with the total under them, as its report counts them.
    let province = page(out.path(), "units/hn.html");
    let rows = panel_rows(&province);
    assert_eq!(counts_of(&rows, "units/hn-bd.html")[0], 1, "{rows:?}");
    assert_eq!(counts_of(&rows, "units/hn-dd.html")[0], 1, "{rows:?}");
    assert_eq!(counts_of(&rows, "Cộng")[0], 2, "{rows:?}");
    let report = page(out.path(), "reports/hn/a10-maintenance-overdue.html");
    assert_eq!(report_rows(&report), 2);
    // Each sub-unit is listed once on its parent's page.
    assert_eq!(
        province.matches("id=\"t-subunits\"").count(),
        1,
        "one sub-unit table"
    );
    assert!(!province.contains("id=\"t-unit\""), "no second unit table");

    // The home page rolls the tree up, provinces with problems first.
    let home = page(out.path(), "index.html");
    assert!(home.contains(
        "<a href=\"reports/hn/a10-maintenance-overdue.html\">2 thiết bị chưa bảo dưỡng quý trước</a>"
    ));
    assert!(home.contains(
        "<a href=\"reports/vn/a10-maintenance-overdue.html\">2 thiết bị chưa bảo dưỡng quý trước</a>"
    ));
    let hn = home.find("units/hn.html").unwrap();
    let nd = home.find("units/nd.html").unwrap();
    assert!(hn < nd, "Hà Nội (3 problems) before Nam Định (1)");
    let en = page(out.path(), "en/index.html");
    assert!(en.contains("2 devices not maintained last quarter"));
}

#[test]
fn a_record_page_shows_its_own_diagnostics_with_clause_and_what_to_do() {
    let (_repo, out) = build_with_unmaintained_desktop();
    let asset = page(out.path(), "assets/HN-BD-PC-0990.html");
    let section = asset
        .split("record-diagnostics")
        .nth(1)
        .expect("the asset page has its alerts");
    let section = section.split("</section>").next().unwrap();
    assert!(
        section.contains("<span class=\"clause\">A10</span>"),
        "{section}"
    );
    assert!(
        section.contains("không được bảo dưỡng trong quý"),
        "{section}"
    );
    assert!(
        section.contains("Cách xử lý:</span> Bảo dưỡng thiết bị hàng quý"),
        "{section}"
    );
    // A record without diagnostics has no alert section.
    let quiet = page(out.path(), "assets/HN-BD-PC-0001.html");
    assert!(!quiet.contains("record-diagnostics"));
    // The page is both languages': the English alert follows.
    assert!(!out.path().join("en/assets/HN-BD-PC-0990.html").exists());
    assert!(section.contains("<div lang=\"en\" class=\"diagnostic-gloss\">"));
    assert!(section.contains("What to do:</span> Maintain the device every quarter"));
}

#[test]
fn confidential_records_diagnostics_never_reach_the_default_site() {
    let (_repo, out) = build_with_unmaintained_desktop();
    // The sample's network hn-dd-lan has an overdue log review (C3);
    // networks are confidential (C2), so no page says so.
    for (path, text) in common::site_text(&out.path().join("public")) {
        assert!(
            !text.contains("xem xét nhật ký gần nhất") && !text.contains("hn-dd-lan"),
            "{} shows a confidential record's diagnostic",
            path.display()
        );
    }
}

#[test]
fn people_not_ids_names_lead_mail_is_mailto_and_devices_are_split() {
    let (_repo, out) = build_with_unmaintained_desktop();
    // Lists lead with the name, linked to the record.
    let assets = page(out.path(), "assets/index.html");
    assert!(
        assets.contains("<td><a href=\"../assets/HN-BD-PC-0990.html\">Máy tính để bàn phòng một cửa</a></td><td>HN-BD-PC-0990</td>"),
        "asset rows start with the name"
    );
    let staff = page(out.path(), "staff/index.html");
    assert!(staff.contains("<td><a href=\"../staff/le-minh-duc.html\">Lê Minh Đức</a></td>"));

    // Mail addresses open the mail client.
    let person = page(out.path(), "staff/le-minh-duc.html");
    assert!(person.contains("<a href=\"mailto:duclm@vss.gov.vn\">duclm@vss.gov.vn</a>"));
    let account = page(out.path(), "mail/accounts/anhnv1.html");
    assert!(account.contains("href=\"mailto:anhnv1@vss.gov.vn\""));

    // The IT officer uses his laptop and looked after the new desktop.
    let used = table_of(&person, "t-asset");
    assert!(used.contains("Thiết bị đang sử dụng"), "{used}");
    assert!(used.contains("HN-CNTT-NB-0001") && !used.contains("HN-BD-PC-0990"));
    let looked_after = table_of(&person, "t-asset-looked-after");
    assert!(
        looked_after.contains("Thiết bị phụ trách"),
        "{looked_after}"
    );
    assert!(looked_after.contains("HN-BD-PC-0990"));
    // Its user has it among the devices she uses.
    let user = page(out.path(), "staff/nguyen-van-anh-bd.html");
    assert!(table_of(&user, "t-asset").contains("HN-BD-PC-0990"));
}

/// A province's page lists its districts once, in the sub-units table,
/// not again as the units that name it as their parent.
#[test]
fn a_unit_page_lists_its_sub_units_once() {
    let (_repo, out) = build_with_unmaintained_desktop();
    let province = page(out.path(), "units/hn.html");
    assert_eq!(province.matches("id=\"t-subunits\"").count(), 1);
    assert!(
        !province.contains("id=\"t-unit\""),
        "no second list of units"
    );
    let subunits = table_of(&province, "t-subunits");
    for district in ["hn-bd", "hn-cg", "hn-dd"] {
        let link = format!("href=\"../units/{district}.html\"");
        assert_eq!(subunits.matches(&link).count(), 1, "{district}");
    }
}

/// The table with id `id` on a page, with the heading before it.
fn table_of<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let start = html[..at].rfind("<section").unwrap_or(at);
    let end = html[at..].find("</table>").unwrap() + at;
    &html[start..end]
}

#[test]
fn a_plain_mailbox_guide_links_the_blank_form() {
    let (_repo, out) = build_with_unmaintained_desktop();
    let guide = page(out.path(), "mail/huong-dan.html");
    assert!(guide.contains("<html lang=\"vi\""));
    for text in [
        "Xin cấp hộp thư mới",
        "Quên mật khẩu",
        "Đóng (khóa) hộp thư",
        "href=\"../forms/mau-01.html\"",
        "href=\"../forms/mau-01.docx\"",
    ] {
        assert!(guide.contains(text), "{text}");
    }
    let en = page(out.path(), "en/mail/huong-dan.html");
    assert!(
        en.contains("Getting a new mailbox") && en.contains("href=\"../../forms/mau-01.docx\"")
    );
    // Found from the mail lists and the home page.
    assert!(page(out.path(), "mail/accounts/index.html").contains("mail/huong-dan.html"));
    assert!(page(out.path(), "index.html").contains("href=\"mail/huong-dan.html\""));
}
