//! Asset label sheets (A3, issue 24): the site's sheets and `itreg labels`.
//! Every QR code is decoded back to its record page's address, every label
//! is measured inside its cell of the A4 stock in Chromium's print layout,
//! and a sheet printed to PDF holds every tag.

mod common;

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{Emulation, Page};
use headless_chrome::types::PrintToPdfOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

const BASE_URL: &str = "http://itreg.bhxh.local/";

/// A label stock as its maker specifies it, sizes in mm.
struct Stock {
    name: &'static str,
    columns: usize,
    rows: usize,
    width: f64,
    height: f64,
    top: f64,
    left: f64,
    gap: f64,
}

const STOCKS: [Stock; 3] = [
    Stock {
        name: "3x8",
        columns: 3,
        rows: 8,
        width: 70.0,
        height: 37.0,
        top: 0.5,
        left: 0.0,
        gap: 0.0,
    },
    Stock {
        name: "2x7",
        columns: 2,
        rows: 7,
        width: 99.1,
        height: 38.1,
        top: 15.15,
        left: 4.65,
        gap: 2.5,
    },
    Stock {
        name: "3x7",
        columns: 3,
        rows: 7,
        width: 63.5,
        height: 38.1,
        top: 15.15,
        left: 7.2,
        gap: 2.55,
    },
];

const PX_PER_MM: f64 = 96.0 / 25.4;

fn build(root: &Path, out: &Path) -> std::process::Output {
    let output = common::run(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every asset of the sample (or of one unit's folder) that needs a label,
/// as tag → acquired date, read from the YAML files themselves.
fn labelled_assets(root: &Path, unit_folders: &[&str]) -> BTreeMap<String, String> {
    let id = regex::Regex::new(r"(?m)^id: *(\S+)").unwrap();
    let acquired = regex::Regex::new(r"(?m)^acquired: *(\d{4}-\d{2}-\d{2})").unwrap();
    let status = regex::Regex::new(r"(?m)^status: *(\S+)").unwrap();
    let mut found = BTreeMap::new();
    for folder in unit_folders {
        for entry in std::fs::read_dir(root.join("records/assets").join(folder)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let gone = status
                .captures(&text)
                .is_some_and(|c| matches!(&c[1], "disposed" | "lost"));
            if gone {
                continue;
            }
            found.insert(
                id.captures(&text).unwrap()[1].to_owned(),
                acquired.captures(&text).unwrap()[1].to_owned(),
            );
        }
    }
    found
}

/// An XML file that parses to its end, every element closed by its name.
fn assert_well_formed_xml(name: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
    }
}

/// The unit of each of `tags`, as its record says.
fn units_of(root: &Path, tags: impl Iterator<Item = impl AsRef<str>>) -> BTreeMap<String, String> {
    let unit = regex::Regex::new(r"(?m)^unit: *(\S+)").unwrap();
    let mut units = BTreeMap::new();
    for tag in tags {
        let tag = tag.as_ref();
        let found = walkdir::WalkDir::new(root.join("records/assets"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy() == format!("{tag}.yaml"))
            .unwrap_or_else(|| panic!("{tag}'s record"));
        let text = std::fs::read_to_string(found.path()).unwrap();
        units.insert(tag.to_owned(), unit.captures(&text).unwrap()[1].to_owned());
    }
    units
}

/// The tags on a sheet, in order.
fn tags_on(html: &str) -> Vec<String> {
    let tag = regex::Regex::new(r#"<b class="label-tag">([^<]+)</b>"#).unwrap();
    tag.captures_iter(html).map(|c| c[1].to_owned()).collect()
}

/// The code of `tag` in a unit's file of QR codes: its `<view>` (what
/// `#tag` shows) and the square it names.
fn code_in(sprite: &str, tag: &str) -> String {
    let view = format!("<view id=\"{tag}\" ");
    let rest = sprite
        .split(&view)
        .nth(1)
        .unwrap_or_else(|| panic!("no view {tag} in {sprite}"));
    let end = rest.find("</svg>").expect("the code's own svg");
    let code = &rest[..end + "</svg>".len()];
    let offset = code
        .split("viewBox=\"0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    assert!(
        code.contains(&format!("<svg y=\"{offset}\"")),
        "the view shows the code's square: {code}"
    );
    code.split_once("/>").unwrap().1.to_owned()
}

/// A QR code SVG as itreg writes it (one stroke per run of dark modules),
/// drawn at 6 px a module, decoded with rqrr.
fn decode_svg(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a square viewBox");
    let d = svg
        .split("stroke=\"#000\" d=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the dark modules' path");
    let scale = 6;
    let mut dark = vec![false; size * size];
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let command = regex::Regex::new(r"([MmHh])([-0-9. ]+)").unwrap();
    for step in command.captures_iter(d) {
        let numbers: Vec<f64> = step[2]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        match &step[1] {
            "M" => (x, y) = (numbers[0], numbers[1]),
            "m" => (x, y) = (x + numbers[0], y + numbers[1]),
            "h" => {
                let row = y.floor() as usize;
                for column in x as usize..(x + numbers[0]) as usize {
                    dark[row * size + column] = true;
                }
                x += numbers[0];
            }
            other => panic!("unexpected path command {other}"),
        }
    }
    let pixels = size * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |px, py| {
        if dark[(py / scale) * size + px / scale] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {svg}");
    grids[0].decode().expect("a readable QR code").1
}

fn decode_png(png: &[u8]) -> Vec<String> {
    let image = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// The sample's site: every sheet's labels carry tags of visible devices,
/// every QR file decodes to its record page's full address under
/// `base_url`, and the pages that print labels link to the sheets.
#[test]
fn the_site_has_a_sheet_per_unit_and_a_qr_code_per_device() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = build(&common::repo_root(), &out);
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("base_url"),
        "the sample sets base_url"
    );
    let root = common::repo_root();
    let all_units: Vec<String> = std::fs::read_dir(root.join("records/assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let folders: Vec<&str> = all_units.iter().map(String::as_str).collect();
    let every = labelled_assets(&root, &folders);
    let qr_files: BTreeSet<String> = std::fs::read_dir(out.join("labels/qr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let every = units_of(&root, every.keys());
    let units_with_devices: BTreeSet<String> = every.values().map(|u| format!("{u}.svg")).collect();
    assert_eq!(
        qr_files, units_with_devices,
        "one QR file per unit with devices"
    );
    let mut codes = 0;
    for file in &qr_files {
        let sprite = std::fs::read_to_string(out.join("labels/qr").join(file)).unwrap();
        assert_well_formed_xml(file, &sprite);
        codes += sprite.matches("<view id=").count();
    }
    assert_eq!(codes, every.len(), "one QR code per labelled device");
    for (tag, unit) in &every {
        let sprite = std::fs::read_to_string(out.join(format!("labels/qr/{unit}.svg"))).unwrap();
        let svg = code_in(&sprite, tag);
        assert_eq!(decode_svg(&svg), format!("{BASE_URL}assets/{tag}.html"));
        assert!(
            out.join(format!("assets/{tag}.html")).is_file(),
            "the QR code's page exists"
        );
    }
    // The Hà Nội sheet holds its own devices and those of the units below.
    let hn = std::fs::read_to_string(out.join("labels/hn.html")).unwrap();
    common::assert_well_formed(Path::new("labels/hn.html"), &hn);
    let expected = labelled_assets(&root, &["hn", "hn-bd", "hn-cg", "hn-cntt", "hn-dd"]);
    let on_sheet: BTreeSet<String> = tags_on(&hn).into_iter().collect();
    assert_eq!(on_sheet, expected.keys().cloned().collect());
    for tag in &on_sheet {
        let unit = &every[tag];
        assert!(
            hn.contains(&format!("src=\"qr/{unit}.svg#{tag}\"")),
            "{tag}'s QR"
        );
    }
    assert!(hn.contains("@page") || hn.contains("../static/labels.css"));
    let css = std::fs::read_to_string(out.join("static/labels.css")).unwrap();
    assert!(
        css.contains("@page {\n  size: A4;\n  margin: 0;\n}"),
        "{css}"
    );
    // A district's sheet holds only its own.
    let bd = std::fs::read_to_string(out.join("labels/hn-bd.html")).unwrap();
    let bd_tags: BTreeSet<String> = tags_on(&bd).into_iter().collect();
    assert_eq!(
        bd_tags,
        labelled_assets(&root, &["hn-bd"]).keys().cloned().collect()
    );
    // Linked from both languages: unit pages, device pages, the asset
    // list and the procedure that says to print a label.
    for (page, link) in [
        ("units/hn.html", "../labels/hn.html\""),
        ("en/units/hn.html", "../../labels/hn.html\""),
        (
            "assets/HN-BD-PC-0001.html",
            "../labels/hn-bd.html?tag=HN-BD-PC-0001\"",
        ),
        ("assets/index.html", "../labels/index.html\""),
        ("en/assets/index.html", "../../labels/index.html\""),
        (
            "procedures/tiep-nhan-thiet-bi-moi.html",
            "../labels/index.html\"",
        ),
        (
            "en/procedures/tiep-nhan-thiet-bi-moi.html",
            "../../labels/index.html\"",
        ),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(link), "{page} links {link}");
    }
    let index = std::fs::read_to_string(out.join("labels/index.html")).unwrap();
    common::assert_well_formed(Path::new("labels/index.html"), &index);
    assert!(index.contains("href=\"hn-bd.html\""), "{index}");
}

/// Without `[site] base_url` the build and the command say so, and each
/// QR code holds the tag.
#[test]
fn without_base_url_the_build_warns_and_the_qr_code_holds_the_tag() {
    let repo = common::sample_copy();
    let config = repo.path().join("itreg.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let without = text.replace("base_url = \"http://itreg.bhxh.local/\"\n", "");
    assert_ne!(text, without, "the sample sets base_url");
    std::fs::write(&config, without).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = build(repo.path(), &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("base_url chưa được đặt") && stderr.contains("cảnh báo"),
        "{stderr}"
    );
    let sprite = std::fs::read_to_string(out.join("labels/qr/hn-bd.svg")).unwrap();
    assert_eq!(
        decode_svg(&code_in(&sprite, "HN-BD-PC-0001")),
        "HN-BD-PC-0001"
    );
    let sheet = std::fs::read_to_string(out.join("labels/hn-bd.html")).unwrap();
    assert!(
        sheet.contains("base_url is not set"),
        "the sheet says so too"
    );
    // The command line warns as well.
    let file = dir.path().join("hn-bd.html");
    let output = common::run(
        repo.path(),
        &["labels", "--unit", "hn-bd", "--out", file.to_str().unwrap()],
    );
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("base_url chưa được đặt"));
}

/// `itreg labels` writes one self-contained file: styles, script and every
/// QR code inside, nothing loaded from elsewhere.
#[test]
fn the_labels_command_writes_one_self_contained_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hn.html");
    let root = common::repo_root();
    let output = common::run(
        &root,
        &[
            "labels",
            "--unit",
            "hn",
            "--stock",
            "2x7",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&file).unwrap();
    // The inline script is the only one; the rest must be well formed.
    let script_start = html.find("<script>").unwrap();
    let script_end = html.find("</script>").unwrap();
    let without_script = format!(
        "{}<script src=\"labels.js\">{}",
        &html[..script_start],
        &html[script_end..]
    );
    common::assert_well_formed(&file, &without_script);
    let expected = labelled_assets(&root, &["hn", "hn-bd", "hn-cg", "hn-cntt", "hn-dd"]);
    let tags = tags_on(&html);
    assert_eq!(
        tags.iter().cloned().collect::<BTreeSet<_>>(),
        expected.keys().cloned().collect()
    );
    assert_eq!(
        html.matches("<svg ").count(),
        tags.len(),
        "one inline QR code per label"
    );
    assert!(html.contains("<style>") && html.contains("size: A4"));
    assert!(html.contains("class=\"sheets stock-2x7\""));
    assert!(!html.contains(" src=\"") && !html.contains("<link rel=\"stylesheet\""));
    // Each inline code decodes to its device's page.
    let svgs = html.split("<svg ").skip(1);
    for (tag, svg) in tags.iter().zip(svgs) {
        let svg = format!("<svg {}", &svg[..svg.find("</svg>").unwrap() + 6]);
        assert_eq!(decode_svg(&svg), format!("{BASE_URL}assets/{tag}.html"));
    }
    let stdout = common::stdout(&output);
    assert!(stdout.contains(&format!("{} nhãn", tags.len())), "{stdout}");
}

#[test]
fn an_unknown_unit_is_a_usage_error_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.html");
    let output = common::run(
        &common::repo_root(),
        &[
            "labels",
            "--unit",
            "khong-co",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("không có đơn vị `khong-co`"), "{stderr}");
    assert!(
        !stderr.contains("no unit"),
        "one language at a time: {stderr}"
    );
    assert!(!file.exists());
    let english = common::itreg()
        .arg("--root")
        .arg(common::repo_root())
        .args(["--lang", "en", "labels", "--unit", "khong-co", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(english.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(stderr.contains("no unit `khong-co`"), "{stderr}");
    assert!(!stderr.contains("không có"), "{stderr}");
}

/// `--since` keeps the devices acquired on or after the date.
#[test]
fn since_keeps_the_devices_acquired_on_or_after_the_date() {
    let root = common::repo_root();
    let all = labelled_assets(&root, &["hn-bd", "hn-cg"]);
    let dates: BTreeSet<&String> = all.values().collect();
    // A date that splits the devices: some before, some on or after.
    let since = dates.iter().nth(dates.len() / 2).unwrap().to_string();
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|(_, acquired)| **acquired >= since)
        .map(|(tag, _)| tag.clone())
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("since.html");
    // hn-bd and hn-cg have no units below them; one sheet each.
    let mut got = BTreeSet::new();
    for unit in ["hn-bd", "hn-cg"] {
        let output = common::run(
            &root,
            &[
                "labels",
                "--unit",
                unit,
                "--since",
                &since,
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert!(output.status.success());
        got.extend(tags_on(&std::fs::read_to_string(&file).unwrap()));
    }
    assert_eq!(got, expected, "since {since}");
}

/// Confidential devices (in a confidential unit, or marked so) get no
/// label, no QR file and no line on any sheet; the command refuses a
/// confidential unit as it refuses an unknown one.
#[test]
fn confidential_devices_are_on_no_sheet() {
    let repo = common::sample_copy();
    let overlay = common::repo_root().join("tests/fixtures/confidential/records");
    common::copy_tree(&overlay, &repo.path().join("records"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(repo.path(), &out);
    let mut sheets = 0;
    for entry in walkdir::WalkDir::new(out.join("labels")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        assert!(!name.contains("canaryzq"), "{name}");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(!text.to_lowercase().contains("canaryzq"), "{name}");
        if name.ends_with(".svg") {
            let decoded = decode_svg(&text).to_lowercase();
            assert!(!decoded.contains("canaryzq"), "{name}: {decoded}");
        } else {
            sheets += 1;
        }
    }
    assert!(sheets > 5);
    // The public device beside the confidential one keeps its label.
    let bd = std::fs::read_to_string(out.join("labels/hn-bd.html")).unwrap();
    assert!(tags_on(&bd).contains(&"HN-BD-PC-0901".to_owned()));
    let file = dir.path().join("bd.html");
    let output = common::run(
        repo.path(),
        &["labels", "--unit", "hn-bd", "--out", file.to_str().unwrap()],
    );
    assert!(output.status.success());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.to_lowercase().contains("canaryzq"));
    assert!(tags_on(&html).contains(&"HN-BD-PC-0901".to_owned()));
    let output = common::run(
        repo.path(),
        &[
            "labels",
            "--unit",
            "canaryzq01",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
}

// ---------------------------------------------------------------- Chromium

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // labels.js runs deferred; it adds a tick box to every label.
    for _ in 0..100 {
        if eval(tab, "document.querySelector('.label .pick') !== null") == true {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("labels.js did not run on {url}");
}

fn media(tab: &Tab, media: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some(media.into()),
        features: None,
    })
    .unwrap();
}

/// Each sheet's box and its labels' boxes (label, QR, tag, name, unit),
/// in px relative to the sheet, with the tag's overflow.
const GEOMETRY: &str = r#"JSON.stringify(Array.from(document.querySelectorAll('main.sheets .sheet')).map(function (sheet) {
  var s = sheet.getBoundingClientRect();
  function box(el) { var r = el.getBoundingClientRect(); return [r.left - s.left, r.top - s.top, r.width, r.height]; }
  return { sheet: [s.width, s.height], visible: getComputedStyle(document.querySelector('.labels-header')).display,
    labels: Array.from(sheet.children).map(function (label) {
      var parts = ['.qr', '.label-tag', '.label-name', '.label-unit'].map(function (p) { var el = label.querySelector(p); return el ? box(el) : null; });
      var tag = label.querySelector('.label-tag');
      return { blank: label.classList.contains('blank'), cell: box(label), parts: parts,
        tagFits: tag ? tag.scrollWidth <= tag.clientWidth + 0.5 && tag.offsetHeight < 1.6 * parseFloat(getComputedStyle(tag).fontSize) : true,
        text: tag ? tag.textContent : '' };
    }) };
}))"#;

#[derive(serde::Deserialize)]
struct SheetBox {
    sheet: [f64; 2],
    visible: String,
    labels: Vec<LabelBox>,
}

#[derive(serde::Deserialize)]
struct LabelBox {
    blank: bool,
    cell: [f64; 4],
    parts: Vec<Option<[f64; 4]>>,
    #[serde(rename = "tagFits")]
    tag_fits: bool,
    text: String,
}

fn geometry(tab: &Tab) -> Vec<SheetBox> {
    serde_json::from_str(eval(tab, GEOMETRY).as_str().unwrap()).unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 0.3 * PX_PER_MM,
        "{what}: {a} px, expected {b} px"
    );
}

/// In print layout, for every stock: each sheet is an A4 page, each cell
/// sits where the stock's label is, and each label's QR code (at least
/// 20 mm) and texts lie inside its cell, the tag unbroken by overflow.
fn check_print_layout(tab: &Tab, base: &str, expected_tags: usize) {
    for Stock {
        name: stock,
        columns,
        rows,
        width,
        height,
        top,
        left,
        gap,
    } in STOCKS
    {
        open(tab, &format!("{base}labels/hn.html?stock={stock}"));
        media(tab, "print");
        let sheets = geometry(tab);
        assert_eq!(
            sheets.len(),
            expected_tags.div_ceil(columns * rows),
            "{stock}"
        );
        let mut tags = 0;
        for sheet in &sheets {
            assert_eq!(sheet.visible, "none", "controls are hidden on paper");
            close(sheet.sheet[0], 210.0 * PX_PER_MM, "sheet width");
            close(sheet.sheet[1], 297.0 * PX_PER_MM, "sheet height");
            assert!(sheet.labels.len() <= columns * rows);
            for (i, label) in sheet.labels.iter().enumerate() {
                let (row, column) = (i / columns, i % columns);
                let what = format!("{stock} {} cell", label.text);
                let [x, y, w, h] = label.cell;
                close(x, (left + column as f64 * (width + gap)) * PX_PER_MM, &what);
                close(y, (top + row as f64 * height) * PX_PER_MM, &what);
                close(w, width * PX_PER_MM, &what);
                close(h, height * PX_PER_MM, &what);
                assert!(x + w <= 210.0 * PX_PER_MM + 0.5 && y + h <= 297.0 * PX_PER_MM + 0.5);
                if label.blank {
                    continue;
                }
                tags += 1;
                assert!(label.tag_fits, "{what}: the tag overflows or breaks");
                for part in label.parts.iter() {
                    let [px, py, pw, ph] = part.expect("QR, tag, name and unit");
                    assert!(
                        px >= x - 0.5
                            && py >= y - 0.5
                            && px + pw <= x + w + 0.5
                            && py + ph <= y + h + 0.5,
                        "{what}: {part:?} outside {:?}",
                        label.cell
                    );
                }
                let qr = label.parts[0].unwrap();
                assert!(
                    qr[2] >= 20.0 * PX_PER_MM && qr[3] >= 20.0 * PX_PER_MM,
                    "{what}: QR {qr:?}"
                );
            }
        }
        assert_eq!(tags, expected_tags, "{stock}");
        // Back to the browser's own choice, as printing needs.
        media(tab, "");
    }
}

/// Screenshot each label's QR code on screen at 4× and decode it.
fn decode_every_label(tab: &Tab, base: &str) -> BTreeMap<String, String> {
    open(tab, &format!("{base}labels/hn.html"));
    let count = eval(
        tab,
        "document.querySelectorAll('main.sheets .label:not(.blank)').length",
    )
    .as_u64()
    .unwrap();
    let mut decoded = BTreeMap::new();
    for i in 0..count {
        // Scrolled into view, its box in document coordinates, as the
        // screenshot's clip wants it.
        let found: (String, [f64; 4]) = serde_json::from_str(
            eval(
                tab,
                &format!("(function () {{ var l = document.querySelectorAll('main.sheets .label:not(.blank)')[{i}]; var q = l.querySelector('.qr'); q.scrollIntoView({{block: 'center'}}); var r = q.getBoundingClientRect(); return JSON.stringify([l.querySelector('.label-tag').textContent, [r.left + scrollX, r.top + scrollY, r.width, r.height]]); }}())"),
            )
            .as_str()
            .unwrap(),
        )
        .unwrap();
        let (tag, [x, y, w, h]) = found;
        let png = tab
            .capture_screenshot(
                Page::CaptureScreenshotFormatOption::Png,
                None,
                Some(Page::Viewport {
                    x: x - 8.0,
                    y: y - 8.0,
                    width: w + 16.0,
                    height: h + 16.0,
                    scale: 4.0,
                }),
                true,
            )
            .unwrap();
        let texts = decode_png(&png);
        assert_eq!(texts.len(), 1, "{tag}: one QR code in its screenshot");
        decoded.insert(tag, texts[0].clone());
    }
    decoded
}

fn pdf_text(pdf: &Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `pdfinfo`'s report, the number of pages and the page size in points.
fn pdf_info(pdf: &Path) -> (String, usize, (f64, f64)) {
    let output = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&output.stdout).into_owned();
    let pages = regex::Regex::new(r"Pages: +(\d+)")
        .unwrap()
        .captures(&info)
        .map(|c| c[1].parse().unwrap())
        .expect("a page count");
    let size = regex::Regex::new(r"Page size: +([0-9.]+) x ([0-9.]+) pts")
        .unwrap()
        .captures(&info)
        .map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap()))
        .expect("a page size");
    (info, pages, size)
}

#[test]
fn chromium_reads_every_qr_code_and_prints_every_label_inside_its_cell() {
    let site = common::chrome::serve(&common::repo_root(), &[]);
    let root = common::repo_root();
    let expected = labelled_assets(&root, &["hn", "hn-bd", "hn-cg", "hn-cntt", "hn-dd"]);
    let profile = tempfile::tempdir().unwrap();
    let wide = common::chrome::browser_sized(profile.path(), 1366, 1000);
    let tab = wide.new_tab().unwrap();

    // Every QR code, as Chromium draws it, reads back as its page.
    let decoded = decode_every_label(&tab, &site.base);
    let wanted: BTreeMap<String, String> = expected
        .keys()
        .map(|tag| (tag.clone(), format!("{BASE_URL}assets/{tag}.html")))
        .collect();
    assert_eq!(decoded, wanted);

    check_print_layout(&tab, &site.base, expected.len());

    // The page's own filters: since a date, the ticked devices, a start.
    let since = "2024-01-01";
    open(
        &tab,
        &format!("{}labels/hn.html?since={since}&start=5", site.base),
    );
    let sheets = geometry(&tab);
    let shown: Vec<&LabelBox> = sheets.iter().flat_map(|s| &s.labels).collect();
    assert!(shown[..4].iter().all(|l| l.blank), "four used cells first");
    let after: BTreeSet<&str> = shown[4..].iter().map(|l| l.text.as_str()).collect();
    let wanted: BTreeSet<&str> = expected
        .iter()
        .filter(|(_, acquired)| acquired.as_str() >= since)
        .map(|(tag, _)| tag.as_str())
        .collect();
    assert_eq!(after, wanted);
    open(
        &tab,
        &format!("{}labels/hn.html?tag=HN-BD-PC-0001", site.base),
    );
    let sheets = geometry(&tab);
    let shown: Vec<&str> = sheets
        .iter()
        .flat_map(|s| &s.labels)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(shown, ["HN-BD-PC-0001"], "only the ticked device");

    // Printed to PDF: A4 pages, one per sheet, every tag in the text.
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for Stock {
        name: stock,
        columns,
        rows,
        ..
    } in STOCKS
    {
        open(&tab, &format!("{}labels/hn.html?stock={stock}", site.base));
        let pdf = tab
            .print_to_pdf(Some(PrintToPdfOptions {
                prefer_css_page_size: Some(true),
                display_header_footer: Some(false),
                print_background: Some(true),
                ..Default::default()
            }))
            .unwrap();
        let path = keep.join(format!("labels-{stock}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let text = pdf_text(&path);
        for tag in expected.keys() {
            assert!(text.contains(tag.as_str()), "{stock}: {tag} in the PDF");
        }
        assert!(!text.contains("Label stock"), "no controls on paper");
        let (info, printed, size) = pdf_info(&path);
        // A4 is 595.28 × 841.89 pt; Chromium rounds to its own units.
        assert!(
            (size.0 - 595.28).abs() < 1.0 && (size.1 - 841.89).abs() < 1.0,
            "{stock}: {info}"
        );
        let pages = expected.len().div_ceil(columns * rows);
        assert_eq!(printed, pages, "{stock}: one page per sheet");
    }

    // Screenshots for a person to look at, at desktop and phone widths;
    // the controls never make the phone page scroll sideways.
    open(&tab, &format!("{}labels/hn.html", site.base));
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(keep.join("labels-1366.png"), png).unwrap();
    drop(tab);
    drop(wide);
    let narrow = common::chrome::browser_sized(profile.path(), 390, 844);
    let tab = narrow.new_tab().unwrap();
    open(&tab, &format!("{}labels/hn.html", site.base));
    let header_fits = eval(
        &tab,
        "document.querySelector('.labels-header').scrollWidth <= window.innerWidth",
    );
    assert_eq!(header_fits, true);
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(keep.join("labels-390.png"), png).unwrap();
    assert!(site.out.join("labels/hn.html").is_file());
}
