//! The sample site served as it will be served: built with
//! `[site] base_path = "/itreg/"` and served by Debian's nginx with the
//! configuration in `docs/nginx.conf`, nginx running as the test user on a
//! free port. Chromium then checks the headers, the 404 page, and every page
//! of the site at 1366 and 390 px. A missing nginx or Chromium fails.

mod common;

use common::chrome;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page::{CaptureScreenshotFormatOption, Viewport};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The path the site is served under in these tests.
const BASE_PATH: &str = "/itreg/";

/// The sample site, built under [`BASE_PATH`] and served by nginx.
struct Nginx {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    origin: String,
    out: PathBuf,
    dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    fn url(&self, path: &str) -> String {
        format!("{}{BASE_PATH}{path}", self.origin)
    }
}

/// Build the sample records with `base_path = "/itreg/"` and serve them
/// with `docs/nginx.conf`, its port and folder the only changes.
fn serve_sample_with_nginx() -> Nginx {
    let repo = common::sample_copy();
    let config = std::fs::read_to_string(repo.path().join("itreg.toml")).unwrap();
    let config = config.replacen(
        "[site]\n",
        &format!("[site]\nbase_path = \"{BASE_PATH}\"\n"),
        1,
    );
    std::fs::write(repo.path().join("itreg.toml"), config).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = common::run(repo.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = std::fs::read_to_string(common::repo_root().join("docs/nginx.conf")).unwrap();
    assert!(site.contains("listen 80;") && site.contains("/srv/itreg/public/"));
    let site = site
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("/srv/itreg/public/", &format!("{}/", out.display()));
    std::fs::write(dir.path().join("itreg.conf"), site).unwrap();
    // The main file a Debian install provides, with every path in the
    // temporary folder; one process, so nginx never changes user.
    let tmp = dir.path().display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         access_log {tmp}/access.log;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n\
         fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n  scgi_temp_path {tmp}/scgi;\n\
         include {tmp}/itreg.conf;\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), main).unwrap();
    let child = Command::new("/usr/sbin/nginx")
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .arg("-e")
        .arg(dir.path().join("error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Debian nginx is installed (apt-get install nginx)");
    let nginx = Nginx {
        child,
        origin: format!("http://127.0.0.1:{port}"),
        out,
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let log = std::fs::read_to_string(nginx.dir.path().join("error.log")).unwrap_or_default();
        assert!(Instant::now() < deadline, "nginx did not start: {log}");
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// A plain GET: status, headers (names in lower case), body. A gzip
/// request speaks HTTP/1.1, the lowest nginx compresses for (its body is
/// then chunked and not read here).
fn get(nginx: &Nginx, path: &str, gzip: bool) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let address = nginx.origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let (version, encoding) = if gzip {
        ("1.1", "Accept-Encoding: gzip\r\nConnection: close\r\n")
    } else {
        ("1.0", "")
    };
    write!(
        stream,
        "GET {BASE_PATH}{path} HTTP/{version}\r\nHost: itreg.bhxh.local\r\n{encoding}\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers, answer[split + 4..].to_vec())
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn nginx_serves_the_site_under_base_path_with_the_headers_of_itreg_serve() {
    let nginx = serve_sample_with_nginx();

    let (status, headers, body) = get(&nginx, "", false);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<html lang=\"vi\""));
    assert_eq!(
        header(&headers, "content-security-policy"),
        Some(itreg::serve::CONTENT_SECURITY_POLICY)
    );
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&headers, "referrer-policy"), Some("no-referrer"));
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));

    let (status, headers, _) = get(&nginx, "static/style.css", true);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=3600")
    );
    assert!(header(&headers, "content-security-policy").is_some());

    // A missing page, at any depth, is the site's own 404 page, linked
    // from the site root.
    for (path, lang, home) in [
        ("no/such/page.html", "vi", "/itreg/index.html"),
        ("en/assets/NO-SUCH-TAG.html", "en", "/itreg/en/index.html"),
    ] {
        let (status, headers, body) = get(&nginx, path, false);
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains(&format!("<html lang=\"{lang}\"")), "{body}");
        assert!(body.contains("href=\"/itreg/static/style.css\""), "{body}");
        assert!(body.contains(&format!("href=\"{home}\"")), "{body}");
        assert_eq!(
            header(&headers, "content-security-policy"),
            Some(itreg::serve::CONTENT_SECURITY_POLICY)
        );
    }

    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let errors = chrome::watch_errors(&tab);

    // The 404 page is styled and its links lead into the site.
    chrome::open(&tab, &nginx.url("units/no/such/deep/page.html"));
    let header_colour = chrome::eval(
        &tab,
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor",
    );
    assert_ne!(
        header_colour, "rgba(0, 0, 0, 0)",
        "the 404 page has its style"
    );
    let nav = chrome::eval(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('.site-nav a')).map(a => a.href))",
    );
    let nav: Vec<String> = serde_json::from_str(nav.as_str().unwrap()).unwrap();
    assert!(nav.contains(&nginx.url("assets/index.html")), "{nav:?}");
    let missing: Vec<String> = errors.lock().unwrap().drain(..).collect();
    assert!(
        missing.iter().all(|e| e.contains("404")),
        "only the missing page itself fails: {missing:?}"
    );
    chrome::open(&tab, &nav[2]);
    assert_eq!(
        chrome::eval(&tab, "location.href"),
        nginx.url("assets/index.html")
    );
    assert!(
        chrome::eval(
            &tab,
            "document.querySelectorAll('table.data-table tbody tr').length > 10"
        ) == true
    );

    // Search fetches its index under the base path.
    chrome::open(&tab, &nginx.url("search/index.html?q=Dell"));
    chrome::wait_true(
        &tab,
        "document.querySelectorAll('#search-results li a').length > 0",
    );
    let first = chrome::eval(&tab, "document.querySelector('#search-results li a').href");
    assert!(
        first.as_str().unwrap().starts_with(&nginx.url("")),
        "{first}"
    );
    assert_eq!(errors.lock().unwrap().clone(), Vec::<String>::new());
}

/// Enum codes (with a label of their own) and YAML field names, from the
/// published schemas: neither may show in a Vietnamese page's text.
fn schema_words() -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let mut codes = BTreeSet::new();
    let mut labels = BTreeSet::new();
    let mut fields = BTreeSet::new();
    fn walk(
        value: &serde_json::Value,
        codes: &mut BTreeSet<String>,
        labels: &mut BTreeSet<String>,
        fields: &mut BTreeSet<String>,
    ) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(vi)) = map.get("x-enum-labels") {
                    for (code, label) in vi {
                        let label = label.as_str().unwrap_or_default();
                        if label != code {
                            codes.insert(code.clone());
                            labels.insert(label.to_owned());
                        }
                    }
                }
                if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                    fields.extend(properties.keys().cloned());
                }
                for child in map.values() {
                    walk(child, codes, labels, fields);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, codes, labels, fields);
                }
            }
            _ => {}
        }
    }
    for entry in std::fs::read_dir(common::repo_root().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let schema: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            walk(&schema, &mut codes, &mut labels, &mut fields);
        }
    }
    (codes, labels, fields)
}

/// `check(win)` measures the page in window `win` and, on a Vietnamese
/// page, reads its visible text (code and English-marked text aside) for
/// raw enum codes, ISO dates and YAML field names. `CODES`, `LABELS`,
/// `FIELDS` are put in front.
const PAGE_CHECK: &str = r#"
function check(win) {
  var document = win.document, problems = [];
  var se = document.scrollingElement;
  if (se.scrollWidth > win.innerWidth) {
    var wide = Array.from(document.querySelectorAll('body *')).filter(function (e) {
      var r = e.getBoundingClientRect(); return r.right > win.innerWidth + 1 && !e.closest('.table-scroll, .site-nav');
    }).slice(-1).map(function (e) { return e.tagName + '.' + e.className; });
    problems.push('overflow ' + se.scrollWidth + ' > ' + win.innerWidth + ' ' + wide.join(' '));
  }
  if (document.documentElement.lang !== 'vi') return problems;
  var codes = new Set(CODES);
  var fieldWord = new RegExp('(^|[^\\w-])(' + FIELDS.filter(function (f) { return f.indexOf('_') >= 0; }).join('|') + ')(?![\\w-])');
  var fieldColon = new RegExp('(^|[^\\w-])(' + FIELDS.join('|') + '):(\\s|$)');
  var iso = /(^|[^\w\/-])\d{4}-\d{2}-\d{2}(?![\w-])/;
  var skip = 'script,style,code,pre,kbd,samp,textarea,template,[lang="en"]';
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode, parent = node.parentElement, text = node.nodeValue.trim();
    if (!text || !parent || parent.closest(skip)) continue;
    if (!parent.checkVisibility()) continue;
    var found = [];
    if (codes.has(text)) found.push('raw code');
    if (iso.test(text)) found.push('ISO date');
    if (fieldWord.test(text) || fieldColon.test(text)) found.push('YAML field name');
    if (/\([a-z0-9-]+\)|[a-z0-9]+-[a-z0-9-]+/.test(text)) {
      var stripped = text;
      LABELS.forEach(function (l) { stripped = stripped.split(l).join(' '); });
      var tokens = (stripped.match(/\(([a-z0-9-]+)\)/g) || []).map(function (t) { return t.slice(1, -1); })
        .concat(stripped.match(/[a-z0-9]+(-[a-z0-9]+)+/g) || []);
      if (tokens.some(function (t) { return codes.has(t); })) found.push('raw code');
    }
    if (found.length) problems.push(found.join(', ') + ': "' + text.slice(0, 120) + '"');
  }
  return problems;
}
"#;

/// The page a frame of the crawl shows: a promise of its problems, each
/// prefixed with the frame's width. One call per page, so the crawl
/// waits on no polling.
const FRAMES: &str = r#"
document.body.replaceChildren();
window.crawlFrames = [[1366, 900], [390, 844]].map(function (size) {
  var frame = document.createElement('iframe');
  frame.style.cssText = 'border:0;display:block;width:' + size[0] + 'px;height:' + size[1] + 'px';
  document.body.appendChild(frame);
  return frame;
});
window.crawl = function (url) {
  return Promise.all(window.crawlFrames.map(function (frame) {
    return new Promise(function (done) {
      frame.onload = function () {
        done(check(frame.contentWindow).map(function (p) { return '@' + frame.offsetWidth + ': ' + p; }));
      };
      frame.src = url;
    });
  })).then(function (both) { return JSON.stringify(both[0].concat(both[1])); });
};
true
"#;

/// Every page of the sample site, as served, at 1366 and 390 px: none
/// is wider than the window, none logs an error or fails a request, and
/// no Vietnamese page shows a raw code, an ISO date or a YAML field name.
/// One browser shows each page in two frames of those sizes (scroll bars
/// hidden, as on a phone).
#[test]
fn every_page_fits_the_window_loads_cleanly_and_speaks_vietnamese() {
    let nginx = serve_sample_with_nginx();
    let (codes, labels, fields) = schema_words();
    let mut labels: Vec<String> = labels.into_iter().collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let setup = format!(
        "var CODES = {}; var LABELS = {}; var FIELDS = {};\n{PAGE_CHECK}\nwindow.check = check;\n{FRAMES}",
        serde_json::to_string(&codes).unwrap(),
        serde_json::to_string(&labels).unwrap(),
        serde_json::to_string(&fields).unwrap(),
    );
    let pages = html_pages(&nginx.out);
    assert!(
        pages.len() > 400,
        "the sample site has its pages: {}",
        pages.len()
    );

    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser_sized(profile.path(), 1800, 1000);
    let tab = browser.new_tab().unwrap();
    chrome::open(&tab, &nginx.url("search/index.html"));
    let errors = chrome::watch_errors(&tab);
    assert_eq!(
        chrome::eval(&tab, &setup),
        true,
        "the crawl frames are set up"
    );
    // The check sees what it looks for: a page too wide, with a raw code,
    // an ISO date and a YAML field name in its text.
    let seen = chrome::eval(
        &tab,
        "(function () { var p = document.createElement('p'); \
         p.style.width = '3000px'; p.textContent = 'in-use 2026-03-04 password_changed'; \
         document.body.appendChild(p); var found = check(window).join('\\n'); p.remove(); return found; })()",
    );
    let seen = seen.as_str().unwrap_or_default();
    for problem in ["overflow", "raw code", "ISO date", "YAML field name"] {
        assert!(seen.contains(problem), "the check finds {problem}: {seen}");
    }
    // The crawl hears what its frames log: a missing page is a failure.
    let missing = serde_json::to_string(&nginx.url("no/such/page.html")).unwrap();
    page_problems(&tab, &format!("window.crawl({missing})"));
    chrome::wait_true(&tab, "true");
    let heard: Vec<String> = errors.lock().unwrap().drain(..).collect();
    assert!(
        heard.iter().any(|e| e.contains("404")),
        "the crawl hears failed requests: {heard:?}"
    );
    let mut failures = Vec::new();
    for page in &pages {
        let url = serde_json::to_string(&nginx.url(page)).unwrap();
        for problem in page_problems(&tab, &format!("window.crawl({url})")) {
            failures.push(format!("{page} {problem}"));
        }
        for error in errors.lock().unwrap().drain(..) {
            failures.push(format!("{page}: {error}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures
            .iter()
            .take(80)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn page_problems(tab: &Tab, script: &str) -> Vec<String> {
    let answer = tab
        .evaluate(script, true)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or_default();
    let answer = answer.as_str().expect("the check answers");
    serde_json::from_str(answer).unwrap()
}

/// The site's pages, by path from the site root; the 404 pages answer
/// with status 404 and are checked by the test above.
fn html_pages(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|path| !path.ends_with("404.html"))
        .collect();
    pages.sort();
    pages
}

/// The pages staff open every day, at 1366 and 390 px, whole, as PNG
/// files for a person to look at (in `ITREG_SHOTS`, or the target's test
/// folder); on the phone the header takes at most a sixth of the screen.
#[test]
fn daily_pages_at_both_widths_with_a_short_phone_header() {
    let nginx = serve_sample_with_nginx();
    let shots = std::env::var_os("ITREG_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shots"));
    std::fs::create_dir_all(shots.join("screens")).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser_sized(profile.path(), 1366, 900);
    let tab = browser.new_tab().unwrap();
    let pages = [
        ("home", "index.html"),
        ("district-unit", "units/hn-bd.html"),
        ("asset", "assets/HN-BD-PC-0001.html"),
        ("f1", "reports/vn/f1-equipment.html"),
        ("checklist", "procedures/bao-duong-hang-quy.html"),
        ("inventory", "inventories/2025-hn-bd.html"),
        ("database-backups", "databases/thu-hn-bd.html"),
        ("software-installations", "software/tst.html"),
    ];
    for (name, page) in pages {
        chrome::open(&tab, &nginx.url(page));
        for (width, height) in [(1366, 900), (390, 844)] {
            chrome::set_viewport(&tab, width, height);
            if width == 390 {
                let header = chrome::eval(
                    &tab,
                    "document.querySelector('.site-header').getBoundingClientRect().height",
                );
                let header = header.as_f64().unwrap();
                assert!(header <= 844.0 / 6.0, "{page}: header {header} px high");
            }
            let full = chrome::eval(&tab, "document.scrollingElement.scrollHeight");
            let full = full.as_u64().unwrap().clamp(u64::from(height), 6000);
            chrome::set_viewport(&tab, width, full as u32);
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .unwrap();
            std::fs::write(shots.join(format!("{name}-{width}.png")), png).unwrap();
            // The page again in screens of `height`, to read at full size.
            for (part, top) in (0..full).step_by(height as usize).enumerate() {
                let clip = Viewport {
                    x: 0.0,
                    y: top as f64,
                    width: f64::from(width),
                    height: (full - top).min(u64::from(height)) as f64,
                    scale: 1.0,
                };
                let png = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, Some(clip), true)
                    .unwrap();
                let file = format!("{name}-{width}-screen{}.png", part + 1);
                std::fs::write(shots.join("screens").join(file), png).unwrap();
            }
        }
    }
}
