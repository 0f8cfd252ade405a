//! Checklists that remember (issue 25), in real Chromium: a repair
//! checklist opened from an asset keeps its ticks under the asset and the
//! repair it covers, not the build date, so they survive a rebuild with
//! another `--today`; progress prints with its signatures, and exports
//! to a small JSON file that imports back.

mod common;

use common::chrome;
use headless_chrome::Tab;
use serde_json::Value;

const ENABLED_BOXES: &str =
    "document.querySelectorAll('.procedure-body input[type=checkbox]:not([disabled])').length > 5";

fn ticked(tab: &Tab) -> String {
    let js = "Array.from(document.querySelectorAll('.procedure-body input[type=checkbox]')).map((b, i) => b.checked ? i : -1).filter(i => i >= 0).join(',')";
    chrome::eval(tab, js)
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Open an asset's page and follow its repair checklist link; the link's
/// query string.
fn open_repair_checklist(tab: &Tab, base: &str, asset: &str) -> String {
    chrome::open(tab, &format!("{base}assets/{asset}.html"));
    let link = "document.querySelector('a[href*=\"procedures/sua-chua-thiet-bi.html\"]')";
    let href = chrome::eval(tab, &format!("{link}.getAttribute('href')"));
    let href = href
        .as_str()
        .expect("every asset offers the repair checklist")
        .to_owned();
    chrome::eval(tab, &format!("setTimeout(() => {link}.click(), 0)"));
    chrome::wait_true(
        tab,
        "location.pathname.endsWith('sua-chua-thiet-bi.html') && document.readyState === 'complete'",
    );
    chrome::wait_true(tab, ENABLED_BOXES);
    href
}

fn click_box(tab: &Tab, index: usize) {
    chrome::eval(
        tab,
        &format!(
            "document.querySelectorAll('.procedure-body input[type=checkbox]')[{index}].click()"
        ),
    );
}

#[test]
fn repair_ticks_survive_a_rebuild_and_travel_as_a_file() {
    let root = common::repo_root();
    let site = chrome::serve(&root, &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();

    // HN-DD-PC-0002 has been under repair since its fault of 16/11/2026:
    // the checklist is about that repair.
    let href = open_repair_checklist(&tab, &site.base, "HN-DD-PC-0002");
    assert!(href.contains("record_id=HN-DD-PC-0002"), "{href}");
    assert!(href.contains("event=incident-2026-11-16"), "{href}");
    assert!(
        !href.contains(common::TODAY),
        "not keyed by the build date: {href}"
    );
    click_box(&tab, 0);
    click_box(&tab, 3);
    assert_eq!(ticked(&tab), "0,3");

    // Tomorrow's build (another --today) into the same served folder.
    let output = common::itreg()
        .arg("--root")
        .arg(&root)
        .args(["--today", "2026-12-15", "build", "--out"])
        .arg(&site.out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let built = std::fs::read_to_string(site.out.join("index.html")).unwrap();
    assert!(built.contains("15/12/2026"), "the site was rebuilt");

    // Opened again from the rebuilt asset page, and reloaded: still ticked.
    let again = open_repair_checklist(&tab, &site.base, "HN-DD-PC-0002");
    assert_eq!(again, href, "the same repair, the same link");
    assert_eq!(ticked(&tab), "0,3");
    tab.reload(false, None).unwrap();
    chrome::wait_true(&tab, "document.readyState === 'complete'");
    chrome::wait_true(&tab, ENABLED_BOXES);
    assert_eq!(ticked(&tab), "0,3");

    // Printed, the progress comes with the signature blocks.
    let pdf = chrome::keep("repair-checklist.pdf", &chrome::print_pdf(&tab));
    let text = chrome::pdf_text(&pdf, None);
    for words in ["Bên giao", "Bên nhận", "Thủ trưởng đơn vị", "HN-DD-PC-0002"] {
        assert!(text.contains(words), "{words} not printed: {text}");
    }

    // Exported as a small JSON file…
    let exported = chrome::eval(
        &tab,
        "decodeURIComponent(document.querySelector('.checklist-export').getAttribute('href').split(',')[1])",
    );
    let file: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_eq!(file["procedure"], "sua-chua-thiet-bi");
    assert_eq!(file["ticks"][0], true);
    assert_eq!(file["ticks"][1], false);
    assert_eq!(file["ticks"][3], true);
    assert!(exported.as_str().unwrap().len() < 20_000);
    let download = chrome::eval(
        &tab,
        "document.querySelector('.checklist-export').getAttribute('download')",
    );
    assert_eq!(download, "sua-chua-thiet-bi-HN-DD-PC-0002.json");

    // …cleared…
    chrome::eval(&tab, "document.querySelector('.checklist-reset').click()");
    assert_eq!(ticked(&tab), "");
    tab.reload(false, None).unwrap();
    chrome::wait_true(&tab, "document.readyState === 'complete'");
    chrome::wait_true(&tab, ENABLED_BOXES);
    assert_eq!(ticked(&tab), "");

    // …and imported back through the file input.
    let import = format!(
        "(() => {{ const input = document.querySelector('.checklist-import input[type=file]'); const files = new DataTransfer(); files.items.add(new File([{}], 'progress.json', {{ type: 'application/json' }})); input.files = files.files; input.dispatchEvent(new Event('change')); }})()",
        serde_json::to_string(exported.as_str().unwrap()).unwrap()
    );
    chrome::eval(&tab, &import);
    chrome::wait_true(
        &tab,
        "document.querySelectorAll('.procedure-body input:checked').length === 2",
    );
    assert_eq!(ticked(&tab), "0,3");
    tab.reload(false, None).unwrap();
    chrome::wait_true(&tab, "document.readyState === 'complete'");
    chrome::wait_true(&tab, ENABLED_BOXES);
    assert_eq!(ticked(&tab), "0,3", "imported ticks are kept");

    // A file of another checklist is refused, and changes nothing.
    chrome::eval(
        &tab,
        "(() => { const input = document.querySelector('.checklist-import input[type=file]'); const files = new DataTransfer(); files.items.add(new File(['{\"format\":\"itreg-checklist/1\",\"procedure\":\"other\",\"ticks\":[]}'], 'x.json')); input.files = files.files; input.dispatchEvent(new Event('change')); })()",
    );
    chrome::wait_true(
        &tab,
        "document.querySelector('.checklist-import-status').classList.contains('import-failed')",
    );
    assert_eq!(ticked(&tab), "0,3");
}

#[test]
fn starting_a_repair_says_what_to_record_and_keeps_early_ticks() {
    let root = common::sample_copy();
    let site = chrome::serve(root.path(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();

    // HN-BD-PC-0001 is in use: its page says what to record to start.
    chrome::open(&tab, &format!("{}assets/HN-BD-PC-0001.html", site.base));
    let note = chrome::eval(
        &tab,
        "document.querySelector('.procedure-start').textContent",
    );
    assert!(
        note.as_str().unwrap().contains("sự kiện báo hỏng"),
        "{note}"
    );
    let href = open_repair_checklist(&tab, &site.base, "HN-BD-PC-0001");
    assert!(!href.contains("event="), "{href}");
    assert_eq!(
        chrome::eval(&tab, "document.querySelector('.checklist-start').hidden"),
        Value::Bool(false)
    );
    // Steps speak to people; the field to edit is a hint beside them.
    let step = chrome::eval(
        &tab,
        "Array.from(document.querySelectorAll('.procedure-body li.task')).find(li => li.textContent.includes('đánh dấu thiết bị đang sửa chữa')).innerHTML",
    );
    let step = step.as_str().expect("a step marks the device under repair");
    assert!(
        step.contains("<span class=\"field-hint\">")
            && step.contains("<code>status: under-repair</code>"),
        "{step}"
    );
    click_box(&tab, 0);

    // The fault is then recorded: the next build keys the checklist by
    // that repair, and the tick made before carries over.
    let path = root.path().join("records/assets/hn-bd/HN-BD-PC-0001.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text = text.replace("status: in-use", "status: under-repair");
    text.push_str("  - date: 2026-11-20\n    kind: incident\n    by: nguyen-van-anh-bd\n    note: Màn hình không lên.\n");
    std::fs::write(&path, text).unwrap();
    let output = common::run(root.path(), &["build", "--out", site.out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let href = open_repair_checklist(&tab, &site.base, "HN-BD-PC-0001");
    assert!(href.contains("event=incident-2026-11-20"), "{href}");
    assert_eq!(ticked(&tab), "0");
    assert_eq!(
        chrome::eval(&tab, "document.querySelector('.checklist-start').hidden"),
        Value::Bool(true)
    );
}
