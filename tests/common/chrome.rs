//! Headless Chromium (Debian's `chromium`) against a site built by the real
//! binary and served by itreg's own server, for tests that drive pages.

use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Served {
    pub base: String,
    pub out: PathBuf,
    _dir: tempfile::TempDir,
}

/// Build `root` into a temporary folder and serve it on a free port.
pub fn serve(root: &Path) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = crate::common::run(root, &["build", "--out", out.to_str().unwrap()]);
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
    Served {
        base,
        out,
        _dir: dir,
    }
}

/// Chromium with JavaScript on or off. A missing Chromium fails the test.
pub fn browser(profile: &Path) -> Browser {
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
}
