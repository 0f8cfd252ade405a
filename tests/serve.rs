//! `itreg serve`: serves the site, rebuilds when a record changes, and shows
//! the diagnostics instead of a stale page while the records are invalid.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors() {
    let repo = tempfile::tempdir().unwrap();
    for folder in ["records", "procedures"] {
        common::copy_tree(&common::repo_root().join(folder), &repo.path().join(folder));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        common::itreg()
            .args([
                "--root",
                repo.path().to_str().unwrap(),
                "--today",
                common::TODAY,
                "serve",
                "--port",
                &port.to_string(),
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let page = "/units/hn-bd.html";
    wait_for("the first build", || {
        get(port, page).is_some_and(|r| r.starts_with("HTTP/1.1 200"))
    });
    let first = get(port, page).unwrap();
    assert!(
        first.contains("/__itreg/live.js"),
        "pages reload themselves"
    );
    assert!(
        get(port, "/../../etc/passwd")
            .unwrap()
            .starts_with("HTTP/1.1 404")
    );

    let unit = repo.path().join("records/units/hn-bd.yaml");
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
    wait_for("the rebuilt page", || {
        get(port, page).is_some_and(|r| r.contains("Ba Đình MỚI"))
    });

    std::fs::write(&unit, text.replace("level: district", "level: galaxy")).unwrap();
    wait_for("the diagnostics page", || {
        get(port, page)
            .is_some_and(|r| r.contains("records/units/hn-bd.yaml") && r.contains("galaxy"))
    });
}
