//! Headless Chromium (Debian's `chromium`) on a site served by itreg's own
//! server, printing pages to PDF and reading the PDF back with poppler's
//! `pdftotext`. A missing browser or tool fails the test, never skips it.

#![allow(dead_code)]

use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A built site served on a free port.
pub struct Served {
    pub base: String,
    pub out: PathBuf,
    _dir: tempfile::TempDir,
}

/// Build `root` (with `extra` arguments) into a temporary folder and serve it.
pub fn serve(root: &Path, extra: &[&str]) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let output = super::run(root, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let state = std::sync::Arc::new(std::sync::Mutex::new(itreg::serve::State::default()));
    let served = out.clone();
    std::thread::spawn(move || itreg::serve::serve_dir(listener, served, state, false));
    Served {
        base,
        out,
        _dir: dir,
    }
}

pub fn browser(profile: &Path) -> Browser {
    launch(profile, None)
}

/// Chromium with a window of `width` × `height` and no scroll bars, for
/// tests that measure a layout at a given screen width.
pub fn browser_sized(profile: &Path, width: u32, height: u32) -> Browser {
    launch(profile, Some((width, height)))
}

fn launch(profile: &Path, window: Option<(u32, u32)>) -> Browser {
    let mut args: Vec<&OsStr> = [
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
    if window.is_some() {
        args.push(OsStr::new("--hide-scrollbars"));
    }
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .sandbox(false)
        .headless(true)
        .window_size(window)
        .user_data_dir(Some(profile.to_owned()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(300))
        .build()
        .unwrap();
    Browser::new(options).expect("Debian chromium is installed (apt-get install chromium)")
}

pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    // A page that is navigating away answers nothing; treat that as null.
    tab.evaluate(js, false)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or(serde_json::Value::Null)
}

/// Poll a JS expression until it is true.
pub fn wait_true(tab: &Tab, js: &str) {
    for _ in 0..200 {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {js}");
}

pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_true(tab, "document.readyState === 'complete'");
}

/// The page as Chromium prints it: the page size and margins of its CSS
/// (`@page`), backgrounds, no header or footer.
pub fn print_pdf(tab: &Tab) -> Vec<u8> {
    let pdf = tab
        .print_to_pdf(Some(PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            print_background: Some(true),
            display_header_footer: Some(false),
            ..Default::default()
        }))
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    pdf
}

/// Write `pdf` to `name` under the target's test folder, for a person to
/// look at (`pdftoppm -png`), and return its path.
pub fn keep(name: &str, pdf: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The text of a PDF (pages `first..=last`, or all) in reading order, in
/// NFC, every run of white space one space: a line a column wraps reads
/// on as one.
pub fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut command = std::process::Command::new("pdftotext");
    if let Some((first, last)) = pages {
        command.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let output = command
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text: String = String::from_utf8_lossy(&output.stdout).nfc().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a PDF's pages `first..=last` laid out as on the page
/// (`pdftotext -layout`), in NFC: a table's rows stay on their lines.
pub fn pdf_layout(pdf: &Path, first: u32, last: u32) -> String {
    use unicode_normalization::UnicodeNormalization;
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).nfc().collect()
}

/// How many pages a PDF has (`pdfinfo`).
pub fn pdf_pages(pdf: &Path) -> usize {
    let output = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&output.stdout);
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Collect console errors, uncaught exceptions and failed loads
/// (Chromium logs a failed request as an error entry) of `tab`.
pub fn watch_errors(tab: &Tab) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use headless_chrome::protocol::cdp::types::Event;
    let errors = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    let sink = std::sync::Arc::clone(&errors);
    tab.add_event_listener(std::sync::Arc::new(move |event: &Event| {
        let text = match event {
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("exception: {:?}", e.params.exception_details.text))
            }
            Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
                Some(format!("console.error: {:?}", e.params.args))
            }
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => Some(
                format!("log: {} {:?}", e.params.entry.text, e.params.entry.url),
            ),
            _ => None,
        };
        if let Some(text) = text {
            sink.lock().unwrap().push(text);
        }
    }))
    .unwrap();
    errors
}

/// Lay the page out as on a screen `width` × `height` CSS pixels wide,
/// without reloading it (media queries apply at once).
pub fn set_viewport(tab: &Tab, width: u32, height: u32) {
    use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
    tab.call_method(SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}
