//! Confidential means everywhere (C2, issue 21). The fixture in
//! `tests/fixtures/confidential/` gives every register a confidential
//! record with a canary in each of its texts, and public records that
//! refer to each one (see its README). No byte of a canary may reach the
//! default site, a report made without `--include-confidential`, or the
//! diagnostics page of `itreg serve`; the restricted build must hold them
//! all, which proves the canaries are real.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

/// Every canary text starts with this, in any case.
const CANARY: &str = "canaryzq";

/// Canaries that cannot hold letters: the confidential mobiles (a public
/// staff member's, a Mẫu 01 entry's, the confidential staff member's and
/// the confidential request's).
const MOBILES: [&str; 4] = ["0915550100", "0915550101", "0915550102", "0915550111"];

/// The sample records with the fixture laid over them, and two sample
/// records edited to name confidential ones.
fn fixture() -> tempfile::TempDir {
    let repo = common::sample_copy();
    let overlay = common::repo_root().join("tests/fixtures/confidential/records");
    common::copy_tree(&overlay, &repo.path().join("records"));
    edit(
        repo.path(),
        "records/inventories/2025/hn-bd.yaml",
        &[
            (
                "by: [nguyen-van-anh-bd, ly-thi-ngoc-ha]",
                "by: [nguyen-van-anh-bd, ly-thi-ngoc-ha, canaryzq02]",
            ),
            (
                "  - { asset: HN-BD-HDD-0001, result: found }\n",
                "  - { asset: HN-BD-HDD-0001, result: found }\n  - { asset: CANARYZQ03, result: found }\n",
            ),
        ],
    );
    edit(
        repo.path(),
        "records/training/2026.yaml",
        &[(
            "\nnote: Kế hoạch đào tạo CNTT",
            "\n  - { id: pubzq-khoa, title: Khóa học công khai, unit: canaryzq01, planned_quarter: 4, planned_participants: 5 }\nnote: Kế hoạch đào tạo CNTT",
        )],
    );
    repo
}

/// Replace each (old, new) in a file, each old text being there.
fn edit(root: &Path, relative: &str, replacements: &[(&str, &str)]) {
    let path = root.join(relative);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (old, new) in replacements {
        assert!(text.contains(old), "{relative} holds {old:?}");
        text = text.replacen(old, new, 1);
    }
    std::fs::write(path, text).unwrap();
}

/// The canaries found in `text`, with a little context each.
fn canaries_in(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for needle in std::iter::once(CANARY).chain(MOBILES) {
        for (at, _) in lower.match_indices(needle) {
            let start = (0..=at.saturating_sub(40))
                .rev()
                .find(|&i| lower.is_char_boundary(i))
                .unwrap_or(0);
            let end = (at + 60..lower.len())
                .find(|&i| lower.is_char_boundary(i))
                .unwrap_or(lower.len());
            found.push(lower[start..end].to_owned());
        }
    }
    found
}

fn assert_clean(what: &str, text: &str) {
    let found = canaries_in(text);
    assert!(found.is_empty(), "{what} leaks: {found:#?}");
}

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = common::run(root, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_clean(
        "the build's output",
        &String::from_utf8_lossy(&output.stdout),
    );
}

/// Every page, search shard, JSON file and report download of the default
/// build, XLSX unzipped, is free of canaries; the restricted build holds
/// the canary of every register and every confidential field.
#[test]
fn no_canary_reaches_the_default_site_and_the_restricted_one_has_them_all() {
    let repo = fixture();
    let public = repo.path().join("public");
    build(repo.path(), &public, &[]);
    let files = common::site_text(&public);
    assert!(files.len() > 500, "{} files", files.len());
    assert!(files.keys().any(|p| p.starts_with("search")));
    for (path, text) in &files {
        assert_clean(&path.display().to_string(), text);
        assert_clean("a file name", &path.to_string_lossy());
    }

    let restricted = repo.path().join("public-restricted");
    build(repo.path(), &restricted, &["--include-confidential"]);
    let everything: String = common::site_text(&restricted)
        .into_values()
        .collect::<String>()
        .to_lowercase();
    // 14: a network whose classification says public (C2: confidential all the same).
    let mut expected: Vec<String> = (1..=14).map(|n| format!("{CANARY}{n:02}")).collect();
    expected.push(format!("{CANARY}field"));
    expected.extend(MOBILES.map(str::to_owned));
    for canary in expected {
        assert!(
            everything.contains(&canary),
            "{canary} missing from the restricted build"
        );
    }
}

/// The incidents register (D5) is confidential as a whole: the default
/// site has no page, list or navigation link for it, not even for the
/// sample incidents; the restricted build lists them all.
#[test]
fn incidents_are_in_the_restricted_build_only() {
    let repo = fixture();
    let public = repo.path().join("public");
    build(repo.path(), &public, &[]);
    let restricted = repo.path().join("public-restricted");
    build(repo.path(), &restricted, &["--include-confidential"]);
    let incidents = ["2026-canaryzq13-001", "2026-hn-cntt-001", "2026-nd-yy-001"];
    for (path, text) in common::site_text(&public) {
        assert!(
            !path.starts_with("incidents") && !path.starts_with("en/incidents"),
            "{}",
            path.display()
        );
        // Incident ids share their form with data requests' ids: look for
        // links to incident pages, and the sample incidents' report numbers.
        for needle in [
            "incidents/2026-",
            "incidents/index",
            "1503/BHXH-CNTT",
            "212/BHXH-YY",
        ] {
            assert!(!text.contains(needle), "{needle} in {}", path.display());
        }
    }
    let list = std::fs::read_to_string(restricted.join("incidents/index.html")).unwrap();
    for id in incidents {
        assert!(list.contains(id), "{id} missing from the restricted list");
        assert!(
            restricted.join(format!("incidents/{id}.html")).is_file(),
            "{id} page"
        );
    }
    // The needles above are real: the restricted pages hold them.
    let page = std::fs::read_to_string(restricted.join("incidents/2026-hn-cntt-001.html")).unwrap();
    assert!(page.contains("1503/BHXH-CNTT"), "the report's number");
}

/// The staff pages still say who administers networks, and name no
/// network; the network list says why it is empty and where to look.
#[test]
fn network_admins_are_found_through_the_staff_pages() {
    let repo = fixture();
    let public = repo.path().join("public");
    build(repo.path(), &public, &[]);
    let admin = std::fs::read_to_string(public.join("staff/nguyen-van-anh-bd.html")).unwrap();
    assert!(admin.contains("Người quản trị mạng"), "the role is shown");
    for network in ["Mạng LAN BHXH quận Ba Đình", "hn-bd-lan", "networks/hn"] {
        assert!(!admin.contains(network), "{network} on the staff page");
    }
    let list = std::fs::read_to_string(public.join("networks/index.html")).unwrap();
    assert!(
        list.contains("danh sách cán bộ"),
        "the list says where to look"
    );
    assert!(!public.join("networks/hn-bd-lan.html").exists());
    let english = std::fs::read_to_string(public.join("en/networks/index.html")).unwrap();
    assert!(english.contains("staff list"));
}

/// The reports and their periods: as of today, then a period that holds
/// the fixture's dates where the report takes one.
const REPORTS: [(&str, Option<&str>); 14] = [
    ("f1-equipment", Some("2026Q4")),
    ("f2-it-activity", Some("2026Q4")),
    ("a10-maintenance-overdue", Some("2026Q4")),
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

/// The root unit (no `--unit`), the units holding the canaries' records
/// and the confidential unit itself, which masked reports do not know.
const UNITS: [Option<&str>; 4] = [None, Some("hn"), Some("hn-bd"), Some("canaryzq01")];

/// One report in one format: its bytes (an XLSX unzipped), and stderr.
fn report(root: &Path, out: &Path, args: &[&str], format: &str) -> (Output, String) {
    let file = out.join(format!("{}.{format}", args.join("_").replace('/', "-")));
    let mut full = args.to_vec();
    full.extend(["--format", format]);
    let file_arg = file.to_str().unwrap().to_owned();
    if format == "xlsx" {
        full.extend(["--out", &file_arg]);
    }
    let output = common::run(root, &full);
    let text = if format == "xlsx" && file.exists() {
        let bytes = std::fs::read(&file).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut all = String::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            entry.read_to_string(&mut all).unwrap();
        }
        all
    } else {
        common::stdout(&output)
    };
    (output, text)
}

/// Every report the CLI knows (`--list` is checked against the table),
/// in every format, for every unit and period above.
#[test]
fn no_canary_reaches_a_report_made_without_include_confidential() {
    let listed = common::stdout(&common::run(&common::repo_root(), &["report", "--list"]));
    let ids: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let known: Vec<&str> = REPORTS.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, known, "every report is covered");

    let repo = fixture();
    let out = tempfile::tempdir().unwrap();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for (id, period) in REPORTS {
        for unit in UNITS {
            for period in [None, period] {
                let mut args = vec!["report".to_owned(), id.to_owned()];
                if let Some(unit) = unit {
                    args.extend(["--unit".to_owned(), unit.to_owned()]);
                }
                if let Some(period) = period {
                    args.extend(["--period".to_owned(), period.to_owned()]);
                }
                if !runs.contains(&args) {
                    runs.push(args);
                }
            }
        }
    }
    let formats = ["md", "csv", "json", "xlsx"];
    let made = std::sync::atomic::AtomicUsize::new(0);
    // Two threads: each run is a process that loads the records.
    std::thread::scope(|scope| {
        for half in runs.chunks(runs.len().div_ceil(2)) {
            let (repo, out, made) = (repo.path(), out.path(), &made);
            scope.spawn(move || {
                for args in half {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    for format in formats {
                        let (output, text) = report(repo, out, &args, format);
                        let what = format!("{} --format {format}", args.join(" "));
                        let confidential_unit = args.contains(&"canaryzq01");
                        assert_eq!(
                            output.status.code(),
                            Some(if confidential_unit { 2 } else { 0 }),
                            "{what}: {}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        assert_clean(&what, &text);
                        if !confidential_unit {
                            // The unknown unit's error repeats what was typed.
                            assert_clean(&what, &String::from_utf8_lossy(&output.stderr));
                            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    assert!(made.into_inner() > 200);

    // The same reports with the full model name the canaries.
    let args = ["report", "d4-data-requests", "--unit", "hn-bd"];
    let (_, masked) = report(repo.path(), out.path(), &args, "md");
    assert!(masked.contains("Không gồm 1 hồ sơ mật"), "{masked}");
    let args = [&args[..], &["--include-confidential"]].concat();
    let (_, full) = report(repo.path(), out.path(), &args, "md");
    assert!(full.contains("CSDL CANARYZQ08"), "{full}");
    assert!(full.contains("Trần CANARYZQ02"), "{full}");
}

/// `itreg serve` on the fixture, stopped when dropped.
struct Served {
    child: std::process::Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(root: &Path) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = common::itreg()
            .args(["--root", root.to_str().unwrap(), "--today", common::TODAY])
            .args(["serve", "--port", &port.to_string()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        Served { child, port }
    }

    fn page(&self, path: &str) -> Option<String> {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        Some(response)
    }

    /// The page at `path` once `done` accepts it, within 90 s.
    fn wait_for(&self, what: &str, path: &str, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(90) {
            if let Some(page) = self.page(path).filter(|p| done(p)) {
                return page;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no {what} within 90 s: {:?}", self.page(path));
    }
}

/// Made invalid: a confidential record (its diagnostic keeps only file,
/// line and code), and two public ones whose messages would quote the
/// confidential staff member (M4 names who left, M6 their full name).
#[test]
fn no_canary_reaches_the_serve_diagnostics_page() {
    let repo = fixture();
    let served = Served::start(repo.path());
    served.wait_for("first build", "/index.html", |p| {
        p.starts_with("HTTP/1.1 200")
    });
    edit(
        repo.path(),
        "records/databases/canaryzq08.yaml",
        &[("period: monthly", "period: galactic")],
    );
    edit(
        repo.path(),
        "records/staff/canaryzq02.yaml",
        &[(
            "contract: permanent\n",
            "contract: permanent\nleft: 2026-01-01\n",
        )],
    );
    edit(
        repo.path(),
        "records/mail/accounts/pubzqa.yaml",
        &[("kind: unit", "kind: personal")],
    );
    let page = served.wait_for("the diagnostics page", "/index.html", |p| {
        ["Hồ sơ có lỗi", "[M4]", "[M6]", "[schema]"]
            .iter()
            .all(|part| p.contains(part))
    });
    assert_clean("the diagnostics page", &page);
    assert!(page.contains("records/mail/accounts/pubzqa.yaml"), "{page}");
    assert!(
        page.contains("records/databases/(mật · confidential).yaml"),
        "{page}"
    );
    // Another page shows the same.
    let other = served.page("/units/hn-bd.html").unwrap();
    assert_clean("another page", &other);
}

/// A text that a spreadsheet would run (`=HYPERLINK(…)`) reaches a report's
/// CSV as text, behind a `'`, from `itreg report`, and the site's report
/// page as text (the CSV and XLSX made from it in the browser are held to
/// the CLI's by `tests/reports.rs`, which finds the name a string cell).
#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let repo = common::sample_copy();
    let formula = "=HYPERLINK(\"http://x\",\"y\")";
    let asset = repo.path().join("records/assets/hn-bd/HN-BD-PC-0901.yaml");
    common::write_file(
        repo.path(),
        "records/assets/hn-bd/HN-BD-PC-0901.yaml",
        format!(
            "id: HN-BD-PC-0901\nname: '{}'\ncategory: computer\ntype: desktop\nunit: hn-bd\nassigned_to: nguyen-van-anh-bd\nserial: \"-PUB0901\"\nacquired: 2024-03-01\nstatus: in-use\nsupplier: \"@Công ty ABC\"\nwarranty: {{ until: 2026-12-01, onsite: true }}\n",
            formula.replace('\'', "''")
        ),
    );
    assert!(asset.exists());
    let output = common::run(
        repo.path(),
        &[
            "report",
            "warranty-expiring",
            "--unit",
            "hn-bd",
            "--format",
            "csv",
        ],
    );
    let csv = common::stdout(&output);
    let line = csv
        .lines()
        .find(|l| l.contains("HYPERLINK"))
        .unwrap_or_else(|| panic!("the asset is listed: {csv}"));
    assert!(
        line.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{line}"
    );
    assert!(line.contains(",'@Công ty ABC,"), "{line}");
    let public = repo.path().join("public");
    build(repo.path(), &public, &[]);
    let page = std::fs::read_to_string(public.join("reports/hn-bd/warranty-expiring.html"))
        .expect("hn-bd's warranty report page");
    assert!(
        page.contains("<td>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</td>"),
        "the name is in the page as text"
    );
}

/// The search index both languages read (meta, token shards, result
/// chunks) holds no canary in the default build, never indexes the network
/// and access registers, and in the restricted build does index
/// confidential text: so the clean default index is clean because of
/// masking.
#[test]
fn the_search_index_is_clean_and_skips_networks() {
    let repo = fixture();
    let public = repo.path().join("public");
    build(repo.path(), &public, &[]);
    let restricted = repo.path().join("public-restricted");
    build(repo.path(), &restricted, &["--include-confidential"]);
    let index = |site: &Path| -> String {
        common::site_text(&site.join("search"))
            .into_values()
            .collect::<String>()
    };
    let default_index = index(&public);
    assert!(default_index.contains("\"n\""), "the site has an index");
    assert_clean("search", &default_index);
    assert!(
        !public.join("en/search/meta.json").exists(),
        "English pages read the same index"
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("search/meta.json")).unwrap()).unwrap();
    let groups = format!("{} {}", meta["groups"], meta["groups_en"]);
    assert!(
        groups.contains("Đơn vị") && groups.contains("Units"),
        "{groups}"
    );
    for register in [
        "Mạng\"",
        "Networks\"",
        "Phân quyền",
        "Access rights",
        "Sự cố an toàn dữ liệu",
        "Data security incidents",
    ] {
        assert!(!groups.contains(register), "{groups}");
    }
    let shards = common::site_text(&restricted.join("search/t"));
    assert!(
        shards.values().any(|text| text.contains("\"canaryzq")),
        "the restricted index finds confidential text"
    );
}
