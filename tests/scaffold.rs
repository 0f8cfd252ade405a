//! `itreg new KIND` for every register: the file gets the next free id,
//! fails `itreg check` with one `placeholder` error per value to fill in,
//! and passes once the test fills them.

mod common;

use std::path::Path;

fn new(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let output = common::run(root, &all);
    assert!(
        output.status.success(),
        "itreg new {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    common::stdout(&output).trim().to_owned()
}

/// The values the test types in, by field name.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let mut line = line.to_owned();
        while let Some(at) = line.find("TODO").filter(|_| !line.starts_with('#')) {
            let quoted = line[..at].ends_with('"');
            let start = if quoted { at - 1 } else { at };
            let end = if quoted {
                at + line[at..].find('"').unwrap() + 1
            } else {
                at + line[at..].find([',', ']', '}']).unwrap_or(line.len() - at)
            };
            let before = &line[..start];
            let key = before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .find(|word| !word.is_empty())
                .unwrap();
            let value = values
                .iter()
                .find(|(k, _)| *k == key)
                .unwrap_or_else(|| panic!("no value for `{key}` in {text}"))
                .1;
            line = format!("{before}\"{value}\"{}", &line[end..]);
        }
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

fn check(root: &Path, path: &str) -> (Option<i32>, String) {
    let output = common::run(root, &["check", root.join(path).to_str().unwrap()]);
    (output.status.code(), common::stdout(&output))
}

/// Scaffold, see it fail with placeholders only, fill it, see it pass.
fn scaffold_fill_check(root: &Path, args: &[&str], expected: &str, values: &[(&str, &str)]) {
    let path = new(root, args);
    assert_eq!(path, expected);
    let text = std::fs::read_to_string(root.join(&path)).unwrap();
    let depth = path.matches('/').count();
    let schema = format!(
        "# yaml-language-server: $schema={}schema/",
        "../".repeat(depth)
    );
    assert!(text.starts_with(&schema), "{text}");
    let (code, report) = check(root, &path);
    assert_eq!(code, Some(1), "{report}");
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with("error[")).collect();
    assert!(!errors.is_empty());
    for error in &errors {
        assert!(
            error.starts_with("error[placeholder]: `")
                && error.ends_with("` chưa điền: còn giá trị mẫu TODO"),
            "only placeholders are reported: {error}\n{report}"
        );
    }
    assert_eq!(errors.len(), text.matches("TODO").count() - 2, "{report}");
    let filled = fill(&text, values);
    std::fs::write(root.join(&path), &filled).unwrap();
    let (code, report) = check(root, &path);
    assert_eq!(code, Some(0), "{filled}\n{report}");
}

/// `itreg new` arguments, the path it should write, and the values to fill in.
type Case = (
    &'static [&'static str],
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[test]
fn every_kind_scaffolds_and_passes_once_filled() {
    let repo = common::sample_copy();
    let root = repo.path();
    let cases: &[Case] = &[
        (
            &["units", "--unit", "hn"],
            "records/units/hn-moi.yaml",
            &[("name", "BHXH quận Hoàn Kiếm"), ("level", "district")],
        ),
        (
            &["staff", "--unit", "hn-bd"],
            "records/staff/can-bo-moi.yaml",
            &[("full_name", "Phan Văn Mới")],
        ),
        (
            &["assets", "--unit", "hn-bd", "--type", "desktop"],
            "records/assets/hn-bd/HN-BD-PC-0003.yaml",
            &[
                ("name", "Máy tính để bàn HP ProDesk 400"),
                ("serial", "HP-400-0001"),
                ("acquired", "2026-10-05"),
                ("assigned_to", "ly-thi-ngoc-ha"),
            ],
        ),
        (
            &["inventories", "--unit", "hn-bd"],
            "records/inventories/2026/hn-bd.yaml",
            &[("date", "2026-11-20"), ("result", "found")],
        ),
        (
            &["software"],
            "records/software/phan-mem-moi.yaml",
            &[("name", "Phần mềm mới"), ("kind", "utility")],
        ),
        (
            &["networks", "--unit", "hn-bd"],
            "records/networks/hn-bd-wan.yaml",
            &[
                ("name", "Mạng WAN BHXH quận Ba Đình"),
                ("scope", "district-lan"),
                ("admins", "nguyen-van-anh-bd"),
            ],
        ),
        (
            &["access", "--unit", "hn-bd"],
            "records/access/hn-bd-wan.yaml",
            &[
                ("group", "Cán bộ tin học"),
                ("resource", "Bộ định tuyến"),
                ("rights", "admin"),
            ],
        ),
        (
            &["databases", "--unit", "hn-bd"],
            "records/databases/csdl-hn-bd.yaml",
            &[("name", "CSDL quận Ba Đình")],
        ),
        (
            &["data-requests", "--unit", "hn-bd"],
            "records/data-requests/2026-hn-bd-002.yaml",
            &[
                ("requested_by", "Phòng Thu"),
                ("date", "2026-11-20"),
                ("database", "thu-hn-bd"),
                ("purpose", "Đối chiếu số thu"),
            ],
        ),
        (
            &["mail-accounts", "--unit", "hn-bd"],
            "records/mail/accounts/moi.yaml",
            &[
                ("address", "moi@vss.gov.vn"),
                ("kind", "unit"),
                ("created", "2026-11-20"),
            ],
        ),
        (
            &["mail-requests", "--unit", "hn-bd"],
            "records/mail/requests/2026-hn-bd-002.yaml",
            &[
                ("submitted", "2026-11-20T09:00:00+07:00"),
                ("signed_by", "Trần Thị Mai"),
                ("full_name", "Phan Văn Mới"),
                ("request", "create"),
            ],
        ),
        (
            &["training"],
            "records/training/2027.yaml",
            &[
                ("id", "an-toan-thong-tin"),
                ("title", "An toàn thông tin"),
                ("unit", "hn-bd"),
            ],
        ),
    ];
    for (args, expected, values) in cases {
        scaffold_fill_check(root, args, expected, values);
    }
    assert_eq!(common::run(root, &["check"]).status.code(), Some(0));
}

#[test]
fn ids_continue_and_nothing_is_overwritten() {
    let repo = common::sample_copy();
    let root = repo.path();
    let args = ["assets", "--unit", "hn-bd", "--type", "laser"];
    assert_eq!(new(root, &args), "records/assets/hn-bd/HN-BD-PRT-0002.yaml");
    assert_eq!(new(root, &args), "records/assets/hn-bd/HN-BD-PRT-0003.yaml");
    assert_eq!(new(root, &["training"]), "records/training/2027.yaml");

    // A file no record could be read from still holds its name.
    std::fs::write(root.join("records/training/2028.yaml"), "year: [\n").unwrap();
    let output = common::run(root, &["new", "training"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "itreg: Đã có records/training/2028.yaml; không ghi đè\n"
    );
    let output = common::run(root, &["--lang", "en", "new", "training"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "itreg: records/training/2028.yaml already exists; not overwriting it\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("records/training/2028.yaml")).unwrap(),
        "year: [\n"
    );
}

#[test]
fn what_new_needs_is_asked_for() {
    let repo = common::sample_copy();
    let root = repo.path();
    for (args, message) in [
        (
            &["assets", "--unit", "hn-bd"][..],
            "itreg: `itreg new assets` cần --type (số tem ghi loại thiết bị, ví dụ --unit hn-bd --type desktop), một trong: server, desktop, laptop",
        ),
        (
            &["mail-requests"][..],
            "itreg: `itreg new mail-requests` cần --unit <mã đơn vị>\n",
        ),
        (
            &["staff", "--unit", "khong-co"][..],
            "itreg: Không có đơn vị 'khong-co' trong records/units",
        ),
        (
            &["access", "--unit", "hn-bd"][..],
            "itreg: Mọi mạng của đơn vị hn-bd đều đã có hồ sơ phân quyền; tạo mạng trước (itreg new networks)",
        ),
    ] {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        let output = common::run(root, &all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with(message), "{stderr}");
    }
}
