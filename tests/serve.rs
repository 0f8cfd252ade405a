//! `itreg serve`: serves the site, rebuilds when a record changes, and shows
//! the diagnostics instead of a stale page while the records are invalid.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<String> {
    get_from("127.0.0.1", port, path)
}

fn get_from(host: &str, port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect((host, port)).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors() {
    let mut served = serve_sample(&[]);
    let page = "/units/hn-bd.html";
    served.wait_for("the first build", page, ok);
    let first = served.page(page).unwrap();
    assert!(
        first.contains("/__itreg/live.js"),
        "pages reload themselves"
    );
    assert!(not_found(&served.page("/../../etc/passwd").unwrap()));

    let unit = served.path("records/units/hn-bd.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let name_line = text
        .lines()
        .find(|l| l.starts_with("name:"))
        .unwrap()
        .to_owned();
    std::fs::write(
        &unit,
        text.replace(&name_line, "name: Bảo hiểm xã hội quận Ba Đình MỚI"),
    )
    .unwrap();
    served.wait_for("the rebuilt page", page, |r| r.contains("Ba Đình MỚI"));

    std::fs::write(&unit, text.replace("level: district", "level: galaxy")).unwrap();
    served.wait_for("the diagnostics page", page, |r| {
        r.contains("records/units/hn-bd.yaml") && r.contains("galaxy")
    });
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `itreg serve` on a copy of the sample, with its stderr collected.
struct Served {
    server: Server,
    port: u16,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    repo: tempfile::TempDir,
}

fn serve_sample(extra: &[&str]) -> Served {
    serve_copy(false, extra, &[])
}

/// As [`serve_sample`]; with `from_inside`, run in the copy with the
/// default `--root .` instead of an absolute `--root`, and with `env` set.
fn serve_copy(from_inside: bool, extra: &[&str], env: &[(&str, &str)]) -> Served {
    let repo = tempfile::tempdir().unwrap();
    for folder in ["records", "procedures"] {
        common::copy_tree(&common::repo_root().join(folder), &repo.path().join(folder));
    }
    let port = free_port();
    let mut command = common::itreg();
    if from_inside {
        command.current_dir(repo.path());
    } else {
        command.args(["--root", repo.path().to_str().unwrap()]);
    }
    let mut child = command
        .envs(env.iter().copied())
        .args(["--today", common::TODAY])
        .args(["serve", "--port", &port.to_string()])
        .args(extra)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Drained on a thread so a full pipe never blocks the server.
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut pipe = child.stderr.take().unwrap();
    let sink = std::sync::Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buffer) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
    Served {
        server: Server(child),
        port,
        stderr,
        repo,
    }
}

impl Served {
    fn page(&self, path: &str) -> Option<String> {
        get(self.port, path)
    }

    /// Wait until `path` answers and `ready` holds for the answer, checking
    /// all the while that the server has not died.
    fn wait_for(&mut self, what: &str, path: &str, ready: impl Fn(&str) -> bool) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.server.0.try_wait().unwrap() {
                panic!(
                    "the server died ({status}) waiting for {what}:\n{}",
                    self.stderr.lock().unwrap()
                );
            }
            if self.page(path).is_some_and(|r| ready(&r)) {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "timed out waiting for {what}; last answer:\n{:?}",
                self.page(path)
                    .map(|r| r.chars().take(2000).collect::<String>())
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The server's stderr once it holds what `said` looks for. The pipe is
    /// drained on a thread, so a line the server wrote before it answered a
    /// request may not be collected yet when the answer arrives.
    fn stderr_once(&self, what: &str, said: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let stderr = self.stderr.lock().unwrap().clone();
            if said(&stderr) {
                return stderr;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "stderr never showed {what}:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn path(&self, relative: &str) -> std::path::PathBuf {
        self.repo.path().join(relative)
    }
}

fn ok(response: &str) -> bool {
    response.starts_with("HTTP/1.1 200")
}

fn not_found(response: &str) -> bool {
    response.starts_with("HTTP/1.1 404")
}

/// A unit page that shows its own name, not the diagnostics page.
fn shows(name: &str) -> impl Fn(&str) -> bool + '_ {
    move |r: &str| ok(r) && r.contains(name) && !r.contains("Hồ sơ có lỗi")
}

/// Rapid edits, invalid YAML, deleted records and folders, binary files:
/// the server rebuilds through all of it, never dies, and ends up serving
/// what the files say. Only HTTP is observed, so the test holds whatever
/// the rebuild strategy.
#[test]
fn serve_survives_rapid_edits_invalid_files_and_deletions() {
    let mut served = serve_sample(&[]);
    let page = "/units/hn-bd.html";
    served.wait_for("the first build", page, ok);
    let unit = served.path("records/units/hn-bd.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let name_line = text
        .lines()
        .find(|l| l.starts_with("name:"))
        .unwrap()
        .to_owned();
    let named = |name: &str| text.replace(&name_line, &format!("name: {name}"));

    // 20 writes in a burst: the last one wins.
    for i in 0..20 {
        std::fs::write(&unit, named(&format!("Quận Ba Đình lần {i:02}"))).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    served.wait_for("the last of 20 edits", page, shows("Quận Ba Đình lần 19"));

    // Invalid YAML shows the diagnostics; fixing it brings the page back.
    std::fs::write(&unit, format!("{}name: [chưa đóng\n", named("x"))).unwrap();
    served.wait_for("the YAML error", page, |r| {
        r.contains("records/units/hn-bd.yaml") && r.contains("Hồ sơ có lỗi")
    });
    std::fs::write(&unit, named("Quận Ba Đình đã sửa")).unwrap();
    served.wait_for("the fixed page", page, shows("Quận Ba Đình đã sửa"));

    // A new record gets its page; deleting the file takes the page away.
    let printer = served.path("records/assets/hn-bd/HN-BD-PRT-0001.yaml");
    let copy = served.path("records/assets/hn-bd/HN-BD-PRT-0999.yaml");
    let printer_text = std::fs::read_to_string(&printer).unwrap();
    std::fs::write(
        &copy,
        printer_text
            .replace("HN-BD-PRT-0001", "HN-BD-PRT-0999")
            .replace("Q8KY068315", "Q8KY999999"),
    )
    .unwrap();
    let new_page = "/assets/HN-BD-PRT-0999.html";
    served.wait_for("the new record's page", new_page, ok);
    std::fs::remove_file(&copy).unwrap();
    served.wait_for("the deleted record's 404", new_page, not_found);
    assert!(ok(&served.page(page).unwrap()), "other pages still serve");

    // A whole register folder deleted.
    let request_page = "/data-requests/2026-hn-bd-001.html";
    assert!(ok(&served.page(request_page).unwrap()));
    std::fs::remove_dir_all(served.path("records/data-requests")).unwrap();
    served.wait_for("the deleted folder's 404", request_page, not_found);
    assert!(ok(&served.page(page).unwrap()));

    // A binary picture nobody references is only a warning: the site is
    // rebuilt (the rename written after it shows) and still served.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(served.path("records/units/so-do.png"), &png).unwrap();
    std::fs::write(&unit, named("Quận Ba Đình có ảnh")).unwrap();
    served.wait_for(
        "the page after a binary file",
        page,
        shows("Quận Ba Đình có ảnh"),
    );

    // Binary bytes in a record file are an error until removed.
    let garbage = served.path("records/units/rac.yaml");
    std::fs::write(&garbage, &png).unwrap();
    served.wait_for("the encoding error", page, |r| {
        r.contains("records/units/rac.yaml")
    });
    std::fs::remove_file(&garbage).unwrap();
    served.wait_for(
        "the page after removing it",
        page,
        shows("Quận Ba Đình có ảnh"),
    );
    assert!(
        served.server.0.try_wait().unwrap().is_none(),
        "the server died"
    );
}

/// Whether anything answers HTTP at `host:port`.
fn answers(host: &str, port: u16) -> bool {
    get_from(host, port, "/__itreg/version").is_some_and(|r| ok(&r))
}

/// The server's stderr up to the line with its address, which comes after
/// any warning about where it listens.
fn announced(served: &Served) -> String {
    served.stderr_once("the address", |stderr| stderr.contains("itreg: http://"))
}

/// By default the server listens on 127.0.0.1 only: another loopback
/// address (127.0.0.2, which Linux routes to the same interface) is refused.
#[test]
fn serve_listens_on_loopback_unless_told_otherwise() {
    let mut served = serve_sample(&[]);
    served.wait_for("the server", "/__itreg/version", ok);
    assert!(
        !answers("127.0.0.2", served.port),
        "reachable beyond 127.0.0.1"
    );
    assert!(!announced(&served).contains("warning"));

    // An explicit loopback address: no warning.
    let mut served = serve_sample(&["--bind", "127.0.0.2"]);
    let port = served.port;
    let started = Instant::now();
    while !answers("127.0.0.2", port) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer on 127.0.0.2"
        );
        assert!(
            served.server.0.try_wait().unwrap().is_none(),
            "the server died"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!answers("127.0.0.1", port));
    assert!(!announced(&served).contains("warning"));

    // Every interface: reachable on any address, with a warning.
    let mut served = serve_sample(&["--bind", "0.0.0.0"]);
    served.wait_for("the server", "/__itreg/version", ok);
    assert!(answers("127.0.0.2", served.port));
    served.stderr_once("the warning about every interface", |stderr| {
        stderr.contains("cảnh báo: đang phục vụ trên 0.0.0.0") && !stderr.contains("warning")
    });
    drop(served);
}

/// An edit that puts a password in a record is never served, not even for
/// the moment before the full check: the single-record fast path runs the
/// secret scan (M3) first. The diagnostics page then shows no more than the
/// first characters of it.
#[test]
fn an_edit_with_a_password_is_never_served() {
    let mut served = serve_sample(&[]);
    let page = "/assets/HN-BD-HDD-0001.html";
    served.wait_for("the first build", page, ok);
    let record = served.path("records/assets/hn-bd/HN-BD-HDD-0001.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    let secret = "Zq7-Canary-4471!";
    let note = text.lines().find(|l| l.starts_with("note:")).unwrap();
    let edited = text.replacen(note, &format!("note: \"Ổ sao lưu, mật khẩu: {secret}\""), 1);
    assert_ne!(edited, text, "the sample record changed");
    std::fs::write(&record, edited).unwrap();
    let started = Instant::now();
    let mut diagnostics = None;
    while started.elapsed() < Duration::from_secs(90) {
        let answer = served.page(page).unwrap_or_default();
        assert!(!answer.contains(secret), "the password was served");
        if answer.contains("Hồ sơ có lỗi") {
            diagnostics = Some(answer);
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let diagnostics = diagnostics.expect("the diagnostics page after the full check");
    assert!(diagnostics.contains("M3"), "{diagnostics}");
    assert!(diagnostics.contains("records/assets/hn-bd/HN-BD-HDD-0001.yaml"));
}

/// The diagnostics page names files and lines but quotes no source lines:
/// with `--bind` other machines read it, and the invalid record may be a
/// confidential one. The terminal still shows the source.
#[test]
fn the_diagnostics_page_quotes_no_confidential_source() {
    let mut served = serve_sample(&[]);
    served.wait_for("the first build", "/index.html", ok);
    let record = served.path("records/access/hn-bd-lan.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    let canary = "CANARY-ACCESS-9913";
    // A comment on the line in error: only a quoted source line shows it.
    let edited = text.replacen(
        "rights: [read, write, admin]",
        &format!("rights: [galactic] # {canary}"),
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&record, edited).unwrap();
    served.wait_for("the diagnostics page", "/index.html", |r| {
        // The file's name is the record's id: masked too.
        r.contains("Hồ sơ có lỗi") && r.contains("records/access/(mật · confidential).yaml")
    });
    let page = served.page("/index.html").unwrap();
    assert!(!page.contains(canary), "{page}");
    served.stderr_once("the source line on the terminal", |terminal| {
        terminal.contains(canary)
    });
}

/// `itreg serve` run from inside the repository, with the default `--root .`:
/// the watcher reports absolute paths, and edits must still be seen.
#[test]
fn serve_sees_edits_with_the_default_relative_root() {
    let mut served = serve_copy(true, &[], &[]);
    let page = "/units/hn-bd.html";
    served.wait_for("the first build", page, ok);
    let unit = served.path("records/units/hn-bd.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    std::fs::write(
        &unit,
        text.replace(
            "name: Bảo hiểm xã hội quận Ba Đình",
            "name: Quận Ba Đình ĐÃ SỬA",
        ),
    )
    .unwrap();
    served.wait_for("the edited page", page, |r| {
        r.contains("Quận Ba Đình ĐÃ SỬA")
    });
}

/// `--open` with no way to open a browser: the server still runs, and
/// says which address to open by hand.
#[test]
fn serve_open_without_a_browser_says_where_to_go() {
    let no_programs = tempfile::tempdir().unwrap();
    let mut served = serve_copy(
        false,
        &["--open"],
        &[("PATH", no_programs.path().to_str().unwrap())],
    );
    served.wait_for("the first build", "/index.html", ok);
    let expected = format!(
        "không mở được trình duyệt; hãy tự mở http://127.0.0.1:{}/",
        served.port
    );
    served.stderr_once("where to go", |said| said.contains(&expected));
}

// The preview server's defences (issue 21). Every client here is a plain
// `TcpStream` on 127.0.0.1, and every loop stops by itself: bounded in
// count, and each read and write bounded in time.

/// Send `request` as it is (a writer thread, so an answer that comes while
/// it is still being sent is read) and read the answer until the server
/// closes. A reset after the answer, as when the server closes with part of
/// an oversized request unread, only ends the reading.
fn exchange(port: u16, request: impl Into<Vec<u8>>) -> String {
    let request = request.into();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let _ = sending.join();
    String::from_utf8_lossy(&response).into_owned()
}

fn status(response: &str) -> Option<u16> {
    response
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

/// A header of the response, whatever the case of its name.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    response
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .find(|(field, _)| field.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
}

/// The Content-Security-Policy the page template sets in its `<meta>` tag,
/// which the deployment is to send as a header too.
fn template_policy() -> String {
    let base =
        std::fs::read_to_string(common::repo_root().join("site-templates/base.html")).unwrap();
    let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = base.find(marker).expect("base.html sets a policy") + marker.len();
    let length = base[start..].find('"').unwrap();
    base[start..start + length].to_owned()
}

fn request(method: &str, path: &str) -> String {
    format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")
}

/// Pages, the live-reload script and version, style sheets, 404s, HEAD
/// and refused methods all carry the template's Content-Security-Policy
/// and `nosniff`. The policy admits the live-reload script: same origin.
#[test]
fn every_answer_carries_the_security_headers() {
    let mut served = serve_sample(&[]);
    served.wait_for("the first build", "/index.html", ok);
    let policy = template_policy();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let answers = [
        ("GET", "/index.html", 200),
        ("GET", "/units/hn-bd.html", 200),
        ("GET", "/units/", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/__itreg/live.js", 200),
        ("GET", "/__itreg/version", 200),
        ("GET", "/khong-co.html", 404),
        ("HEAD", "/index.html", 200),
        ("POST", "/index.html", 405),
        ("DELETE", "/index.html", 405),
    ];
    for (method, path, expected) in answers {
        let response = exchange(served.port, request(method, path));
        let head = response.split("\r\n\r\n").next().unwrap();
        assert_eq!(status(&response), Some(expected), "{method} {path}: {head}");
        assert_eq!(
            header(&response, "Content-Security-Policy"),
            Some(policy.as_str()),
            "{method} {path}: {head}"
        );
        assert_eq!(
            header(&response, "X-Content-Type-Options"),
            Some("nosniff"),
            "{method} {path}: {head}"
        );
    }
    // HEAD tells the length of the page it leaves out.
    let get = exchange(served.port, request("GET", "/index.html"));
    let head = exchange(served.port, request("HEAD", "/index.html"));
    let body = get.split_once("\r\n\r\n").unwrap().1;
    assert_eq!(
        header(&head, "Content-Length"),
        Some(body.len().to_string().as_str())
    );
    assert!(head.ends_with("\r\n\r\n"), "HEAD sent a body: {head}");
    assert!(body.contains("/__itreg/live.js"));
}

/// 1 MiB of headers, one 100 KiB header, 200 headers, a 1 MiB body and a
/// body of unknown length: each refused with a 4xx as soon as it is too
/// big, and the server goes on answering.
#[test]
fn oversized_requests_are_refused_and_the_server_keeps_answering() {
    let mut served = serve_sample(&[]);
    served.wait_for("the first build", "/index.html", ok);
    let filler = "a".repeat(1000);
    let many = |count: usize, value: &str| {
        let headers: String = (0..count)
            .map(|i| format!("X-Them-{i}: {value}\r\n"))
            .collect();
        format!("GET /index.html HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n").into_bytes()
    };
    let mut huge_body =
        b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048576\r\n\r\n".to_vec();
    huge_body.resize(huge_body.len() + (1 << 20), b'x');
    let chunked = b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n".to_vec();
    let cases = [
        ("1 MiB of headers", many(1024, &filler), 431),
        ("one 100 KiB header", many(1, &"b".repeat(100 * 1024)), 431),
        ("200 small headers", many(200, "1"), 431),
        ("a 1 MiB body", huge_body, 413),
        ("a body of unknown length", chunked, 413),
    ];
    for (what, oversized, expected) in cases {
        let response = exchange(served.port, oversized);
        let head = response.split("\r\n\r\n").next().unwrap();
        assert_eq!(status(&response), Some(expected), "{what}: {head}");
        assert!(
            ok(&served.page("/index.html").unwrap_or_default()),
            "no answer after {what}"
        );
    }
    assert!(
        served.server.0.try_wait().unwrap().is_none(),
        "the server died"
    );
}

/// Connect, send `sent` (perhaps nothing) and wait: how long until the
/// server closes the connection, or `None` if it is still open after 20 s.
fn held_for(port: u16, sent: &str) -> Option<Duration> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(sent.as_bytes()).unwrap();
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => Some(started.elapsed()),
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
            Some(started.elapsed())
        }
        Err(_) => None,
    }
}

/// Send a request a byte a second: how long until the server refuses more.
fn trickled_for(port: u16) -> Duration {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let started = Instant::now();
    for byte in request("GET", "/index.html").bytes() {
        if stream.write_all(&[byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    started.elapsed()
}

/// A client that sends half a request line and stalls, or nothing at all,
/// is dropped within seconds (slowloris); so is one that sends its request
/// a byte a second. Then more stalled connections than the server takes
/// at once delay a good request by seconds only.
#[test]
fn stalled_connections_are_dropped_within_seconds() {
    let mut served = serve_sample(&[]);
    served.wait_for("the first build", "/index.html", ok);
    let port = served.port;
    let stalled: Vec<_> = ["GET /index.ht", ""]
        .into_iter()
        .map(|sent| std::thread::spawn(move || (sent, held_for(port, sent))))
        .collect();
    let trickled = trickled_for(port);
    for stall in stalled {
        let (sent, held) = stall.join().unwrap();
        assert!(
            held.is_some_and(|held| held < Duration::from_secs(15)),
            "{sent:?}: held {held:?}"
        );
    }
    assert!(
        trickled < Duration::from_secs(15),
        "trickled for {trickled:?}"
    );

    // A flood above the server's cap of 128 connections, within the
    // kernel's accept queue (128 more), so that no connection attempt
    // waits on a dropped SYN's retransmission.
    let flood: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .inspect(|mut stream| {
            let _ = stream.write_all(b"GET / HTTP/1.1\r\n");
        })
        .collect();
    let started = Instant::now();
    let response = exchange(port, request("GET", "/index.html"));
    let waited = started.elapsed();
    assert!(ok(&response), "{}", response.lines().next().unwrap_or(""));
    eprintln!("a good request waited {waited:?} behind the flood");
    assert!(waited < Duration::from_secs(15), "waited {waited:?}");
    drop(flood);
}

/// Bounded load on 127.0.0.1: 2,000 GET requests, 50 at a time, while 50
/// slow clients keep connections open by sending a request a byte every
/// half second (reconnecting when dropped). Every request is answered 200,
/// and every slow connection is dropped within seconds.
#[test]
fn two_thousand_requests_are_answered_beside_fifty_slow_connections() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut served = serve_sample(&[]);
    served.wait_for("the first build", "/index.html", ok);
    let port = served.port;
    let stop = Arc::new(AtomicBool::new(false));
    let slow: Vec<_> = (0..50)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || slow_client(port, &stop))
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));

    let started = Instant::now();
    let pages = [
        "/index.html",
        "/units/hn-bd.html",
        "/static/style.css",
        "/__itreg/version",
    ];
    let clients: Vec<_> = (0..50)
        .map(|client| {
            std::thread::spawn(move || {
                (0..40)
                    .filter_map(|i| {
                        let path = pages[(client + i) % pages.len()];
                        let response = exchange(port, request("GET", path));
                        (!ok(&response)).then(|| {
                            format!("{path}: {}", response.lines().next().unwrap_or("nothing"))
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let failures: Vec<String> = clients
        .into_iter()
        .flat_map(|client| client.join().unwrap())
        .collect();
    let load = started.elapsed();
    // Keep the slow clients on until each has been dropped at least once.
    std::thread::sleep(Duration::from_secs(9).saturating_sub(load));
    stop.store(true, Ordering::Relaxed);
    let held: Vec<Duration> = slow.into_iter().flat_map(|s| s.join().unwrap()).collect();
    eprintln!("2,000 requests in {load:?}");
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert!(
        held.len() >= 50,
        "only {} slow connections dropped",
        held.len()
    );
    let longest = held.iter().max().unwrap();
    assert!(
        *longest < Duration::from_secs(15),
        "a slow connection held {longest:?}"
    );
    assert!(
        served.server.0.try_wait().unwrap().is_none(),
        "the server died"
    );
}

/// Keep a connection open by sending a request a byte every half second,
/// reconnecting when the server drops it, until `stop`; at most 60 s.
/// Returns how long the server held each connection it dropped.
fn slow_client(port: u16, stop: &std::sync::atomic::AtomicBool) -> Vec<Duration> {
    let request = request("GET", "/index.html");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut held = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::Relaxed) && Instant::now() < deadline {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let started = Instant::now();
        for byte in request.bytes().take(request.len() - 2) {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return held;
            }
            if stream.write_all(&[byte]).is_err() {
                held.push(started.elapsed());
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    held
}
