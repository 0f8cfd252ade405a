//! Real headless Chromium (Debian's `chromium`) against the built site,
//! served over HTTP by itreg's own server: navigation, diacritic-free
//! search, list filters, checklists that remember ticks, a print view, no
//! console errors, and injected scripts that never run.

mod common;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Site {
    base: String,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

/// Build `root` into a temporary folder and serve it on a free port.
fn serve(root: &Path) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = common::run(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let state = Arc::new(Mutex::new(itreg::serve::State::default()));
    let served = out.clone();
    std::thread::spawn(move || itreg::serve::serve_dir(listener, served, state, false));
    Site {
        base,
        out,
        _dir: dir,
    }
}

fn browser(profile: &Path) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .sandbox(false)
        .headless(true)
        .user_data_dir(Some(profile.to_owned()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    Browser::new(options).expect("Debian chromium is installed (apt-get install chromium)")
}

/// Collect console errors, uncaught exceptions and failed loads.
fn watch_errors(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    let errors = Arc::new(Mutex::new(Vec::new()));
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    let sink = Arc::clone(&errors);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let text = match event {
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("exception: {:?}", e.params.exception_details.text))
            }
            Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
                Some(format!("console.error: {:?}", e.params.args))
            }
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => {
                Some(format!("log: {}", e.params.entry.text))
            }
            _ => None,
        };
        if let Some(text) = text {
            sink.lock().unwrap().push(text);
        }
    }))
    .unwrap();
    errors
}

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    // A page that is navigating away answers nothing; treat that as null.
    tab.evaluate(js, false)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or(serde_json::Value::Null)
}

/// Open a search page at `url` and wait for its results, as (title, href).
fn search_results(tab: &Tab, url: &str) -> Vec<(String, String)> {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_true(
        tab,
        "document.querySelectorAll('#search-results li').length > 0",
    );
    let results = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results li a')).map(a => [a.textContent, a.getAttribute('href')]))",
    );
    serde_json::from_str(results.as_str().unwrap()).unwrap()
}

/// Click the first element matching `selector` and wait for the page whose
/// URL ends with `suffix`.
fn follow(tab: &Tab, selector: &str, suffix: &str) {
    wait_true(
        tab,
        &format!("document.querySelector(\"{selector}\") !== null"),
    );
    eval(
        tab,
        &format!("setTimeout(() => document.querySelector(\"{selector}\").click(), 0)"),
    );
    wait_true(
        tab,
        &format!("location.pathname.endsWith('{suffix}') && document.readyState === 'complete'"),
    );
}

/// Poll a JS expression until it is true (pages render search results asynchronously).
/// Whether every visible row of the asset list holds every word, compared
/// without diacritics (đ as d), as the table filter compares.
fn visible_asset_rows_hold(tab: &Tab, words: &[&str]) -> bool {
    let tests: Vec<String> = words.iter().map(|w| format!("t.includes('{w}')")).collect();
    let js = format!(
        "Array.from(document.querySelectorAll('#t-asset tbody tr:not([hidden])')).every(r => {{ const t = r.textContent.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase(); return {}; }})",
        tests.join(" && ")
    );
    eval(tab, &js) == serde_json::Value::Bool(true)
}

fn wait_true(tab: &Tab, js: &str) {
    for _ in 0..100 {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {js}");
}

#[test]
fn browsing_searching_and_filtering_the_sample_site() {
    let site = serve(&common::repo_root());
    let profile = tempfile::tempdir().unwrap();
    let browser = browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let errors = watch_errors(&tab);

    // home → unit tree → a unit → one of its assets
    tab.navigate_to(&format!("{}index.html", site.base))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    follow(
        &tab,
        ".site-nav a[href='units/index.html']",
        "units/index.html",
    );
    follow(
        &tab,
        ".tree a[href$='units/hn-bd.html']",
        "units/hn-bd.html",
    );
    follow(
        &tab,
        "#t-asset a[href$='assets/HN-BD-PC-0001.html']",
        "assets/HN-BD-PC-0001.html",
    );
    let heading = eval(&tab, "document.querySelector('h1').textContent");
    assert!(
        heading.as_str().unwrap().contains("HN-BD-PC-0001"),
        "{heading}"
    );

    // search without diacritics
    let titles = search_results(&tab, &format!("{}search/index.html?q=may+in", site.base));
    assert!(
        titles.iter().any(|(title, _)| title.contains("Máy in")),
        "{titles:?}"
    );
    let titles = search_results(&tab, &format!("{}search/index.html?q=dia+chi", site.base));
    assert!(
        titles
            .iter()
            .any(|(title, _)| title.contains("Nguyễn Văn Anh")),
        "{titles:?}"
    );

    // the English search reads the one index under search/, finds a page
    // by its English labels, shows them, and leads to the record page
    // both languages share, or to a unit's own English page
    let english_hrefs = |query: &str| -> Vec<String> {
        let url = format!("{}en/search/index.html?q={query}", site.base);
        search_results(&tab, &url)
            .into_iter()
            .map(|(_, href)| href)
            .collect()
    };
    let printer = "../../assets/HN-BD-PRT-0001.html".to_owned();
    let hrefs = english_hrefs("may+in");
    assert!(hrefs.contains(&printer), "{hrefs:?}");
    let hrefs = english_hrefs("printer+equipment");
    assert!(
        hrefs.contains(&printer),
        "by its English register label: {hrefs:?}"
    );
    let badges = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results .search-register')).map(b => b.textContent).join('|')",
    );
    assert!(
        badges.as_str().unwrap().contains("IT equipment"),
        "{badges}"
    );
    let hrefs = english_hrefs("ba+dinh");
    assert!(
        hrefs.iter().any(|href| href.starts_with("../../en/units/")),
        "a unit's English page: {hrefs:?}"
    );

    // a list filter narrows the table
    tab.navigate_to(&format!("{}assets/index.html", site.base))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let visible_rows = "document.querySelectorAll('#t-asset tbody tr:not([hidden])').length";
    let before = eval(&tab, visible_rows).as_u64().unwrap();
    tab.wait_for_element(".table-filter")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("may in").unwrap();
    wait_true(&tab, &format!("{visible_rows} < {before}"));
    let after = eval(&tab, visible_rows).as_u64().unwrap();
    assert!(after > 0 && after < before, "{after} of {before}");
    assert!(
        visible_asset_rows_hold(&tab, &["may", "in"]),
        "every row left matches both words"
    );

    // a column's select keeps only the rows with that exact cell
    tab.navigate_to(&format!("{}assets/index.html", site.base))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element(".table-filter-select").unwrap();
    let chosen = eval(
        &tab,
        "(() => { const s = document.querySelector('select.table-filter-select[data-table=\"t-asset\"]');
                  s.value = s.options[1].value;
                  s.dispatchEvent(new Event('change'));
                  return JSON.stringify([s.value, s.getAttribute('data-column')]); })()",
    );
    let chosen: Vec<String> = serde_json::from_str(chosen.as_str().unwrap()).unwrap();
    let (value, column) = (&chosen[0], &chosen[1]);
    wait_true(&tab, &format!("{visible_rows} < {before}"));
    let cells = eval(
        &tab,
        &format!(
            "JSON.stringify(Array.from(document.querySelectorAll('#t-asset tbody tr:not([hidden])'))
                  .map(row => row.cells[{column}].textContent))"
        ),
    );
    let cells: Vec<String> = serde_json::from_str(cells.as_str().unwrap()).unwrap();
    assert!(!cells.is_empty(), "the chosen {value:?} keeps some rows");
    assert!(
        cells.iter().all(|cell| cell == value),
        "{value:?}: {cells:?}"
    );

    // a capped table on a record page links to the list with ?filter=<name>
    tab.navigate_to(&format!(
        "{}assets/index.html?filter=Ba%20%C4%90%C3%ACnh",
        site.base
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    wait_true(&tab, &format!("{visible_rows} < {before}"));
    let prefilled = eval(&tab, "document.querySelector('.table-filter').value");
    assert_eq!(prefilled.as_str(), Some("Ba Đình"));
    assert!(
        visible_asset_rows_hold(&tab, &["ba", "dinh"]),
        "the rows left match the filter"
    );
    let some_left = eval(&tab, visible_rows).as_u64().unwrap();
    assert!(some_left > 0);

    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn checklists_remember_ticks_and_print() {
    let site = serve(&common::repo_root());
    let profile = tempfile::tempdir().unwrap();
    let browser = browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let errors = watch_errors(&tab);
    let url = format!(
        "{}procedures/sua-chua-thiet-bi.html?asset_tag=HN-BD-PC-0001&unit=hn-bd&date=2026-11-23",
        site.base
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_true(
        &tab,
        "document.querySelectorAll('.procedure-body input[type=checkbox]:not([disabled])').length > 2",
    );
    let subject = eval(
        &tab,
        "document.querySelector('[data-subject-field=asset_tag]').textContent",
    );
    assert_eq!(subject.as_str().unwrap().trim(), "HN-BD-PC-0001");
    let boxes = tab
        .wait_for_elements(".procedure-body input[type=checkbox]")
        .unwrap();
    boxes[0].click().unwrap();
    boxes[2].click().unwrap();
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_true(
        &tab,
        "document.querySelectorAll('.procedure-body input[type=checkbox]:not([disabled])').length > 2",
    );
    let ticked = eval(
        &tab,
        "Array.from(document.querySelectorAll('.procedure-body input[type=checkbox]')).map((b, i) => b.checked ? i : -1).filter(i => i >= 0).join(',')",
    );
    assert_eq!(ticked.as_str().unwrap(), "0,2");
    let progress = eval(
        &tab,
        "document.querySelector('.checklist-progress').textContent",
    );
    assert!(
        progress.as_str().unwrap().starts_with("Đã xong 2/"),
        "{progress}"
    );

    // The print view renders to PDF; it is kept for a person to look at.
    let pdf = tab.print_to_pdf(None).unwrap();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 10_000,
        "{} bytes",
        pdf.len()
    );
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("checklist-print.pdf");
    std::fs::write(&keep, pdf).unwrap();

    // Another subject has its own ticks.
    tab.navigate_to(&format!(
        "{}procedures/sua-chua-thiet-bi.html?asset_tag=OTHER",
        site.base
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    wait_true(
        &tab,
        "document.querySelectorAll('.procedure-body input[type=checkbox]:not([disabled])').length > 2",
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('.procedure-body input:checked').length"
        ),
        serde_json::json!(0)
    );
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );
}

/// Payloads in every kind of text field; each one would set a flag if it ran.
const PAYLOADS: &[&str] = &[
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='onerror'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "[bấm vào đây](javascript:window.__pwned='link')",
    "<a href=\"javascript:window.__pwned='href'\">x</a>",
    "<a href=\"data:text/html,<script>parent.__pwned=1</script>\">d</a>",
    "<div style=\"background:url(javascript:window.__pwned=1)\">css</div>",
    "{{ 7*7 }} {% raw %}",
];

/// Replace the value of top-level `field` in a YAML record with `value`.
fn set_field(path: &Path, field: &str, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let prefix = format!("{field}:");
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "{} has no {field}",
        path.display()
    );
    let mut skipping = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with(&prefix) {
            out.push_str(&format!("{field}: {value}\n"));
            skipping = true; // drop a block scalar's continuation lines
            continue;
        }
        if skipping && (line.starts_with(' ') || line.is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn injected_markup_never_runs() {
    let repo = tempfile::tempdir().unwrap();
    for folder in ["records", "procedures"] {
        common::copy_tree(&common::repo_root().join(folder), &repo.path().join(folder));
    }
    let full = serde_json::to_string(&PAYLOADS.join(" ")).unwrap();
    let short =
        serde_json::to_string(&format!("{} {}", PAYLOADS[..3].join(" "), PAYLOADS[7])).unwrap();
    let records = repo.path().join("records");
    // A payload in every kind of text field: names shown in tables and
    // breadcrumbs, free text, Markdown notes, and links between records.
    for (file, field, payload) in [
        ("networks/hn-bd-lan.yaml", "notes", &full),
        ("networks/hn-bd-lan.yaml", "name", &short),
        ("assets/hn-bd/HN-BD-PC-0001.yaml", "name", &short),
        ("assets/hn-bd/HN-BD-PC-0001.yaml", "config", &short),
        ("units/hn-bd.yaml", "name", &short),
        ("staff/nguyen-van-anh-bd.yaml", "position", &short),
        ("software/kaspersky-endpoint.yaml", "description", &full),
    ] {
        set_field(&records.join(file), field, payload);
    }
    let site = serve(repo.path());
    // Every page that carries a payload, in both languages.
    let pages: Vec<String> = walkdir::WalkDir::new(&site.out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| std::fs::read_to_string(e.path()).unwrap().contains("pwned"))
        .map(|e| {
            e.path()
                .strip_prefix(&site.out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(pages.len() > 20, "payloads reach {} pages", pages.len());
    let profile = tempfile::tempdir().unwrap();
    let browser = browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let searches = [
        "search/index.html?q=pwned".to_owned(),
        "search/index.html?q=script".to_owned(),
    ];
    for page in pages.iter().chain(&searches) {
        tab.navigate_to(&format!("{}{page}", site.base))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        // Scripts and error handlers have run by the load event; allow a beat.
        std::thread::sleep(Duration::from_millis(30));
        // Click every link that still claims a javascript: or data: URL.
        eval(
            &tab,
            "document.querySelectorAll('a').forEach(a => { if (/^(javascript|data):/i.test(a.getAttribute('href') || '')) a.click() })",
        );
        std::thread::sleep(Duration::from_millis(20));
        let flag = eval(&tab, "typeof window.__pwned");
        assert_eq!(
            flag,
            serde_json::json!("undefined"),
            "a payload ran on {page}"
        );
        let html = eval(&tab, "document.documentElement.outerHTML");
        assert!(
            !html.as_str().unwrap_or_default().contains(">49<"),
            "template syntax was evaluated on {page}"
        );
    }
}
