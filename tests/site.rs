//! `itreg build` on the sample records: every record has its page, every
//! internal link resolves, pages are well formed, nothing confidential
//! leaks, builds are reproducible, and a failed build keeps the old site.

mod common;

use std::path::{Path, PathBuf};

fn build(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    common::run(root, &args)
}

/// Build `root` into `out`, which must succeed.
fn build_ok(root: &Path, out: &Path) {
    let output = build(root, out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&common::repo_root(), &out);
    (dir, out)
}

/// Sixty more disks in unit hn-bd (HN-BD-HDD-1001 to -1060), copies of
/// HN-BD-HDD-0001: more than a unit page's table shows.
fn add_hn_bd_disks(repo: &Path) {
    let template =
        std::fs::read_to_string(repo.join("records/assets/hn-bd/HN-BD-HDD-0001.yaml")).unwrap();
    for n in 1001..1061 {
        let text = template
            .replace("HN-BD-HDD-0001", &format!("HN-BD-HDD-{n}"))
            .replace("NAA8EFQ3", &format!("NAA8EFQ3-{n}"));
        let path = format!("records/assets/hn-bd/HN-BD-HDD-{n}.yaml");
        std::fs::write(repo.join(path), text).unwrap();
    }
}

#[test]
fn every_public_record_has_a_page_and_units_have_one_in_english_too() {
    let (_dir, out) = built_sample();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(common::repo_root().join("records")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let relative = path
            .strip_prefix(common::repo_root().join("records"))
            .unwrap();
        let folder = relative.parent().unwrap().to_string_lossy().into_owned();
        // Network and access records are confidential whatever they say (C2).
        let confidential = ["access", "networks"].contains(&folder.as_str())
            || text.contains("classification: confidential");
        let page = match folder.split('/').next().unwrap() {
            "assets" => format!(
                "assets/{}.html",
                relative.file_stem().unwrap().to_string_lossy()
            ),
            "inventories" => format!(
                "inventories/{}-{}.html",
                relative
                    .parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy(),
                relative.file_stem().unwrap().to_string_lossy()
            ),
            _ => format!(
                "{folder}/{}.html",
                relative.file_stem().unwrap().to_string_lossy()
            ),
        };
        assert_eq!(
            out.join(&page).exists(),
            !confidential,
            "{page} (confidential: {confidential})"
        );
        // Units are the English site's hubs; every other record has one
        // page for both languages, with English beside the labels.
        let english = out.join(format!("en/{page}")).exists();
        assert_eq!(english, folder == "units" && !confidential, "en/{page}");
        checked += 1;
    }
    assert!(checked > 200, "the sample has {checked} records");
}

/// Attribute values of `href` and `src` in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// The first value of attribute `name` in an HTML page, unescaped.
fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + html[start..].find('"')?;
    let mut value = html[start..end].to_owned();
    for (entity, text) in [
        ("&quot;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2F;", "/"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        value = value.replace(entity, text);
    }
    Some(value)
}

#[test]
fn every_internal_link_resolves() {
    let (_dir, out) = built_sample();
    let checked = assert_links_resolve(&out);
    assert!(checked > 1000, "only {checked} links checked");
}

/// Every relative link of every page leads to a file; the links checked.
fn assert_links_resolve(out: &Path) -> usize {
    let mut checked = 0;
    for (path, bytes) in common::site_files(out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
                || link == "data:,"
            {
                continue;
            }
            // The 404 page answers at any address, so it links from the
            // site root (`base_path`, `/` here); every other page relatively.
            let not_found = path.file_name().is_some_and(|f| f == "404.html");
            assert!(
                link.starts_with('/') == not_found && !link.contains("//"),
                "{}: link {link} is not relative",
                path.display()
            );
            let target = link.split(['?', '#']).next().unwrap();
            let resolved = match target.strip_prefix('/') {
                Some(from_root) => out.join(from_root),
                None => out.join(path.parent().unwrap()).join(target),
            };
            assert!(resolved.exists(), "{}: broken link {link}", path.display());
            checked += 1;
        }
    }
    checked
}

#[test]
fn pages_are_well_formed_html() {
    let (_dir, out) = built_sample();
    let pages: Vec<_> = common::site_files(&out)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 400);
    for (path, bytes) in pages {
        common::assert_well_formed(&path, &String::from_utf8(bytes).unwrap());
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_ok(&common::repo_root(), &a);
    build_ok(&common::repo_root(), &b);
    let (first, second) = (common::site_files(&a), common::site_files(&b));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{} differs between builds",
            path.display()
        );
    }
}

#[test]
fn a_failing_build_leaves_the_old_site_untouched() {
    let repo = common::sample_copy();
    let out = repo.path().join("public");
    build_ok(repo.path(), &out);
    let before = common::site_files(&out);
    let unit = repo.path().join("records/units/hn.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    std::fs::write(&unit, text.replace("level: province", "level: planet")).unwrap();
    let output = build(repo.path(), &out, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("records/units/hn.yaml"), "{stderr}");
    assert!(common::site_files(&out) == before, "the old site changed");
    assert!(
        !repo.path().join(".public.building").exists(),
        "staging folder left behind"
    );
}

/// Plant unique strings in confidential records and fields; none may
/// appear in any byte of the default build, all must appear in the
/// restricted one.
#[test]
fn confidential_canaries_never_reach_the_default_site() {
    let repo = common::sample_copy();
    let records = repo.path().join("records");
    let canary_record = "CANARYRECORD7731";
    let canary_mobile = "0999777331";
    let canary_addressing = "CANARYADDRESSING4410";
    std::fs::write(
        records.join("networks/canary-lan.yaml"),
        format!("id: canary-lan\nname: Mạng {canary_record}\nscope: district-lan\nunit: hn-bd\nclassification: confidential\nadmins: [nguyen-van-anh-bd]\n"),
    )
    .unwrap();
    let staff = records
        .join("staff")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&staff).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("mobile:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&staff, format!("{text}mobile: \"{canary_mobile}\"\n")).unwrap();
    let network = records.join("networks/hn-bd-lan.yaml");
    let text = std::fs::read_to_string(&network).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("addressing:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        &network,
        format!("{text}addressing: \"{canary_addressing}\"\n"),
    )
    .unwrap();
    let access = records
        .join("access")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let access_text = std::fs::read_to_string(&access).unwrap();
    let access_canary = access_text
        .lines()
        .find(|l| l.contains("resource:"))
        .unwrap()
        .split("resource:")
        .nth(1)
        .unwrap()
        .trim()
        .trim_matches(['"', '}', ','])
        .to_owned();

    let public = repo.path().join("public");
    build_ok(repo.path(), &public);
    let files = common::site_text(&public);
    assert!(
        files
            .keys()
            .any(|p| p.extension().is_some_and(|e| e == "docx")),
        "Word files are searched too"
    );
    for canary in [canary_record, canary_mobile, canary_addressing] {
        for (path, text) in &files {
            assert!(
                !text.contains(canary),
                "{canary} leaked into {}",
                path.display()
            );
        }
    }
    let restricted = repo.path().join("public-restricted");
    let output = build(repo.path(), &restricted, &["--include-confidential"]);
    assert!(output.status.success());
    let everything: String = common::site_text(&restricted).into_values().collect();
    for canary in [
        canary_record,
        canary_mobile,
        canary_addressing,
        access_canary.as_str(),
    ] {
        assert!(
            everything.contains(canary),
            "{canary} missing from the restricted build"
        );
    }
    assert!(everything.contains("banner-confidential"));
}

/// A record that many others refer to (a unit with hundreds of devices)
/// lists the first 50 on its page, then links to the register list
/// filtered by its name, so its page stays small.
#[test]
fn long_backlink_tables_are_capped_with_a_link_to_the_filtered_list() {
    let dir = common::sample_copy();
    let before = std::fs::read_dir(dir.path().join("records/assets/hn-bd"))
        .unwrap()
        .count();
    add_hn_bd_disks(dir.path());
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);

    let unit_page = std::fs::read_to_string(out.join("units/hn-bd.html")).unwrap();
    let table = &unit_page[unit_page.find("id=\"t-asset\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count(),
        1 + 50,
        "header row and 50 rows"
    );
    let total = before + 60;
    assert!(
        unit_page.contains(&format!("<span class=\"muted\">({total})</span>")),
        "the heading counts every device"
    );
    let name = "Bảo hiểm xã hội quận Ba Đình";
    assert!(unit_page.contains(name), "sample unit name changed?");
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    assert!(
        unit_page.contains(&format!(
            "<a href=\"../assets/index.html?filter={encoded}\">… và {} hồ sơ khác",
            total - 50
        )),
        "link to the filtered list"
    );
    let english = std::fs::read_to_string(out.join("en/units/hn-bd.html")).unwrap();
    assert!(english.contains(&format!("… and {} more records", total - 50)));
    // The list itself still has every one of them.
    let list = std::fs::read_to_string(out.join("assets/index.html")).unwrap();
    assert!((1001..1061).all(|n| list.contains(&format!("HN-BD-HDD-{n}"))));
}

/// `[site] list_limit` splits a register longer than it into a list page
/// per unit: the register's list names the units, each unit's page lists
/// its records in full, and a unit's capped table links to its own list.
#[test]
fn long_registers_are_listed_by_unit() {
    let dir = common::sample_copy();
    let config = std::fs::read_to_string(dir.path().join("itreg.toml")).unwrap();
    let config = config.replacen("[site]\n", "[site]\nlist_limit = 12\n", 1);
    std::fs::write(dir.path().join("itreg.toml"), config).unwrap();
    add_hn_bd_disks(dir.path());
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();

    // The asset list names units, not devices.
    let list = read("assets/index.html");
    assert!(!list.contains("id=\"t-asset\""), "no device table");
    assert!(!list.contains("HN-BD-HDD-0001"));
    let row = "<tr><td><a href=\"../assets/by-unit/hn-bd.html\">Bảo hiểm xã hội quận Ba Đình</a></td><td>";
    let count = &list[list.find(row).expect("a row for hn-bd") + row.len()..];
    let count: usize = count[..count.find('<').unwrap()].parse().unwrap();

    // The unit's page lists exactly the devices whose unit is hn-bd.
    let mut expected = Vec::new();
    for entry in walkdir::WalkDir::new(dir.path().join("records/assets")) {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if text.lines().any(|line| line == "unit: hn-bd") {
            expected.push(
                entry
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    assert_eq!(count, expected.len());
    let unit_list = read("assets/by-unit/hn-bd.html");
    let rows = unit_list.matches("<tr><td><a href=\"../../assets/").count();
    assert_eq!(rows, expected.len());
    assert!(
        expected
            .iter()
            .all(|id| unit_list.contains(&format!("{id}.html\"")))
    );
    assert!(unit_list.contains("<a href=\"../../assets/index.html\">Thiết bị CNTT</a>"));
    let english = read("en/assets/by-unit/hn-bd.html");
    assert!(english.contains("<a href=\"../../assets/index.html\">IT equipment</a>"));

    // Staff (33) and mail accounts (38) are split too. Software (14)
    // names no unit, so its one list stays whole.
    assert!(out.join("staff/by-unit/hn-bd.html").exists());
    assert!(!read("mail/accounts/index.html").contains("id=\"t-mail-account\""));
    // A unit's mail list names each account's owner (its heading, the unit).
    let mail_list = read("mail/accounts/by-unit/hn-cntt.html");
    assert!(
        mail_list.contains("Nguyễn Văn Anh</a>"),
        "the owner of anhnv"
    );
    // … and the owner's unit, though the account record names none.
    let row = mail_list
        .split("<tr")
        .find(|row| row.contains("anhnv@"))
        .expect("anhnv's row");
    assert!(row.contains("units/hn-cntt.html"), "{row}");
    assert!(read("software/index.html").contains("id=\"t-software\""));
    assert!(!out.join("software/by-unit").exists());

    // The unit's capped device table links to the unit's own list.
    let unit_page = read("units/hn-bd.html");
    assert!(
        unit_page.contains(&format!(
            "<a href=\"../assets/by-unit/hn-bd.html\">… và {} hồ sơ khác",
            expected.len() - 50
        )),
        "capped table links to the unit's list"
    );
    assert!(assert_links_resolve(&out) > 1000);
    for (path, text) in common::site_text(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            common::assert_well_formed(&path, &text);
        }
    }
}

#[test]
fn record_pages_show_events_and_fill_procedures_in() {
    let (_dir, out) = built_sample();
    let asset = std::fs::read_to_string(out.join("assets/HN-BD-PC-0001.html")).unwrap();
    // Each event: its date, its kind as a badge, then its details.
    assert!(asset.contains(
        "<li><time datetime=\"2024-01-18\">18/01/2024</time> <span class=\"badge badge-handover\">"
    ));
    assert!(asset.contains("<dl class=\"fields fields-inline\"><dt>"));
    assert!(asset.contains("BB-2024-BD-001"));
    // A procedure started from the page knows which record it is about,
    // and the period it covers (never the build date itself).
    assert!(asset.contains(
        "procedures/bao-duong-hang-quy.html?asset_tag=HN-BD-PC-0001&amp;record_id=HN-BD-PC-0001&amp;unit=hn-bd&amp;period=Q4%2F2026\""
    ));
    // An event with nothing but its date and kind has no empty detail list.
    let account = std::fs::read_to_string(out.join("mail/accounts/anhnv1.html")).unwrap();
    let created =
        regex::Regex::new(r#"badge-created">[^<]+ <small lang="en">[^<]+</small></span></li>"#)
            .unwrap();
    assert!(created.is_match(&account), "{account}");
    assert!(!account.contains("fields-inline\"></dl>"));
}

/// The reports index is the unit tree; each unit's reports page links every
/// report page written for the unit, with its CSV and XLSX (made on the
/// page, from its table and the XLSX button's frame: `tests/reports.rs`
/// reads them back) and its print link; the empty reports are named there
/// instead of having pages. No report page is written that its unit does
/// not link. Both languages' reports pages link the one report page.
#[test]
fn every_report_is_one_click_from_its_unit() {
    let (_dir, out) = built_sample();
    assert!(out.join("static/write-excel-file.min.js").is_file());
    let units: Vec<String> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .filter_map(|name| name.strip_suffix(".html").map(str::to_owned))
        .collect();
    assert!(units.len() > 5, "{units:?}");
    for lang in ["", "en/"] {
        let index = std::fs::read_to_string(out.join(format!("{lang}reports/index.html"))).unwrap();
        let tree = links(&index);
        let mut pages_linked = 0;
        for unit in &units {
            assert!(
                tree.contains(&format!("{unit}/index.html")),
                "{lang}: the tree links {unit}'s reports"
            );
            let folder = out.join(format!("{lang}reports/{unit}"));
            let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
            let linked = links(&html);
            let shared = out.join(format!("reports/{unit}"));
            let from_index = if lang.is_empty() {
                String::new()
            } else {
                format!("../../../reports/{unit}/")
            };
            let pages: Vec<String> = std::fs::read_dir(&shared)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".html") && name != "index.html")
                .collect();
            for page in &pages {
                let page_link = format!("{from_index}{page}");
                for wanted in [
                    page_link.clone(),
                    format!("{page_link}#csv"),
                    format!("{page_link}#xlsx"),
                    format!("{page_link}#print"),
                ] {
                    assert!(
                        linked.contains(&wanted),
                        "{lang}{unit}: {wanted} not linked"
                    );
                }
                let text = std::fs::read_to_string(shared.join(page)).unwrap();
                assert!(
                    text.contains("data-csv=\""),
                    "{lang}{unit}/{page}: no CSV button"
                );
                let id = page.trim_end_matches(".html");
                assert!(
                    text.contains(&format!("data-xlsx=\"{unit}-{id}.xlsx\"")),
                    "{lang}{unit}/{page}: no XLSX button"
                );
                let frame = attribute(&text, "data-frame").expect("the XLSX frame");
                let frame: serde_json::Value = serde_json::from_str(&frame)
                    .unwrap_or_else(|e| panic!("{unit}/{page}: the XLSX frame: {e}"));
                assert_eq!(frame["sheet"], id, "{unit}/{page}");
                assert!(frame["facts"].as_array().is_some_and(|f| f.len() > 1));
            }
            pages_linked += pages.len();
            let empty = html.contains("reports-empty");
            assert!(
                pages.len() + usize::from(empty) > 0,
                "{lang}{unit}: neither reports nor a word on the empty ones"
            );
        }
        assert!(
            pages_linked > 50,
            "{lang}: only {pages_linked} report pages"
        );
    }
    // An empty report has no page, and its unit says so once.
    assert!(!out.join("reports/hn-bd/c3-log-reviews.html").exists());
    assert!(
        std::fs::read_to_string(out.join("reports/hn-bd/index.html"))
            .unwrap()
            .contains("C3 Xem xét nhật ký hoạt động mạng")
    );
}

/// Lists of sub-records are tables (backups newest first), an inventory is
/// headed by its unit and year, codes show as their labels alone, and a
/// Vietnamese page writes dates dd/mm/yyyy and times HH:mm.
#[test]
fn sub_records_are_tables_and_vietnamese_pages_show_labels_and_local_dates() {
    let (_dir, out) = built_sample();
    let database = std::fs::read_to_string(out.join("databases/thu-hn-bd.html")).unwrap();
    assert!(database.contains("<table class=\"data-table subrecords\">"));
    assert!(!database.contains("<ol class=\"subrecords\">"));
    let newest = database
        .find("<td>31/10/2026</td>")
        .expect("the October backup");
    let oldest = database
        .find("<td>31/12/2025</td>")
        .expect("the 2025 backup");
    assert!(newest < oldest, "backups newest first");

    let inventory = std::fs::read_to_string(out.join("inventories/2025-hn-bd.html")).unwrap();
    assert!(
        inventory.contains("<h1>Bảo hiểm xã hội quận Ba Đình · 2025</h1>"),
        "an inventory is headed by unit and year, without its key"
    );
    assert!(inventory.contains("<table class=\"data-table subrecords\">"));

    let asset = std::fs::read_to_string(out.join("assets/HN-BD-PC-0001.html")).unwrap();
    assert!(asset.contains("<dd>Đang sử dụng <small lang=\"en\">In use</small></dd>"));
    assert!(!asset.contains("(in-use)"));

    let request = std::fs::read_to_string(out.join("mail/requests/2026-hn-bd-001.html")).unwrap();
    assert!(request.contains("<dd>20/10/2026 08:30</dd>"), "a time");
}

/// A record page is one file for both languages: English beside every
/// label, heading, value label, procedure and alert; the English lists
/// link to it, and its language switch leads to the English list.
#[test]
fn english_pages_link_to_the_record_pages_both_languages_share() {
    let (_dir, out) = built_sample();
    let read = |page: &str| std::fs::read_to_string(out.join(page)).unwrap();
    assert!(!out.join("en/assets/HN-BD-PC-0001.html").exists());
    let english_list = read("en/assets/index.html");
    assert!(english_list.contains("href=\"../../assets/HN-BD-PC-0001.html\""));
    let english_unit = read("en/units/hn-bd.html");
    assert!(
        english_unit.contains("href=\"../../staff/"),
        "staff from the English unit page"
    );

    let asset = read("assets/HN-BD-PC-0001.html");
    for text in [
        "<html lang=\"vi\"",
        "Thông tin <small lang=\"en\">Details</small></h2>",
        "<dt>Tình trạng <small lang=\"en\">Status</small></dt>",
        "<small lang=\"en\">Quarterly maintenance of IT equipment</small>",
        "class=\"lang-switch\" hreflang=\"en\" lang=\"en\" href=\"../en/assets/index.html\"",
    ] {
        assert!(asset.contains(text), "{text}");
    }
    assert!(
        !asset.contains("rel=\"alternate\""),
        "no English twin to point at"
    );
    // A label the languages share is not repeated.
    assert!(!asset.contains("<small lang=\"en\">STT</small>"));

    // A report page is one file for both languages too, English beside
    // its title, column headings and value labels; its switch leads to
    // the unit's English reports.
    assert!(!out.join("en/reports/hn-bd/f1-equipment.html").exists());
    assert!(
        read("en/reports/hn-bd/index.html")
            .contains("href=\"../../../reports/hn-bd/f1-equipment.html\""),
        "the English reports page links the shared report page"
    );
    let district = read("reports/hn-bd/f1-equipment.html");
    for text in [
        "<small lang=\"en\">Quarterly IT equipment report</small></h1>",
        ">Nhóm thiết bị <small lang=\"en\">Category</small></th>",
        "<td>Máy tính <small lang=\"en\">Computer</small></td>",
        "<dt>Kỳ báo cáo <small lang=\"en\">Period</small></dt>",
        "class=\"lang-switch\" hreflang=\"en\" lang=\"en\" href=\"../../en/reports/hn-bd/index.html\"",
    ] {
        assert!(district.contains(text), "{text}");
    }
    assert!(!district.contains("rel=\"alternate\""));
    // A district's report covers one unit, a province's several.
    assert!(district.contains("(1 đơn vị)"));
    let province = read("reports/hn/f1-equipment.html");
    assert!(
        regex::Regex::new(r"\([2-9]\d* đơn vị\)")
            .unwrap()
            .is_match(&province)
    );

    // Unit pages keep a page in each language, twinned.
    let unit = read("units/hn-bd.html");
    assert!(
        unit.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../en/units/hn-bd.html\">")
    );
    assert!(!unit.contains("<small lang=\"en\">"));
}
