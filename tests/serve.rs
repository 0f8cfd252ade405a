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
        stderr.contains("cảnh báo") && stderr.contains("warning: serving on 0.0.0.0")
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
        "could not open a browser; open http://127.0.0.1:{}/ yourself",
        served.port
    );
    served.stderr_once("where to go", |said| said.contains(&expected));
}
