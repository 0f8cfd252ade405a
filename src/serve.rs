//! `itreg serve`: build, serve the site on 127.0.0.1, watch the sources and
//! rebuild on change. Pages poll `/__itreg/version` and reload after a
//! rebuild; while the records are invalid every page shows the diagnostics
//! instead of a stale page.

use crate::diagnostic::Lang;
use crate::output::{self, Format};
use crate::render::{self, BuildError, BuildOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// What the server shows: the site folder, and the build's current state.
#[derive(Default)]
pub struct State {
    pub version: u64,
    pub error: Option<String>,
}

/// Folders and files whose change triggers a rebuild.
const WATCHED: &[&str] = &[
    "records",
    "procedures",
    "schema",
    "site-templates",
    "itreg.toml",
];

const LIVE_JS: &str = "(function(){var v=null;function poll(){fetch('/__itreg/version',{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){}).then(function(){setTimeout(poll,500)})}poll()})();";

/// Serve `dir` on `listener` until the process ends, one thread per connection.
pub fn serve_dir(listener: TcpListener, dir: PathBuf, state: Arc<Mutex<State>>, live: bool) {
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = respond(stream, &dir, &state, live);
        });
    }
}

fn respond(
    mut stream: TcpStream,
    dir: &Path,
    state: &Mutex<State>,
    live: bool,
) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return send(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            method,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (version, error) = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        (state.version, state.error.clone())
    };
    match path {
        "/__itreg/version" => {
            return send(
                &mut stream,
                "200 OK",
                "text/plain",
                version.to_string().as_bytes(),
                method,
            );
        }
        "/__itreg/live.js" => {
            return send(
                &mut stream,
                "200 OK",
                "text/javascript",
                LIVE_JS.as_bytes(),
                method,
            );
        }
        _ => {}
    }
    let Some(file) = resolve(dir, path) else {
        return not_found(&mut stream, dir, method, live);
    };
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        if let Some(error) = error {
            return send(
                &mut stream,
                "200 OK",
                "text/html; charset=utf-8",
                with_live(error_page(&error), live).as_bytes(),
                method,
            );
        }
        let html = std::fs::read_to_string(&file)?;
        return send(
            &mut stream,
            "200 OK",
            kind,
            with_live(html, live).as_bytes(),
            method,
        );
    }
    send(&mut stream, "200 OK", kind, &std::fs::read(&file)?, method)
}

/// Map a URL path to a file inside `dir`, refusing anything that climbs out.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

fn with_live(html: String, live: bool) -> String {
    if !live {
        return html;
    }
    html.replacen(
        "</body>",
        "<script src=\"/__itreg/live.js\"></script></body>",
        1,
    )
}

fn error_page(diagnostics: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>itreg: lỗi hồ sơ</title></head><body><h1>Hồ sơ có lỗi — trang chưa được dựng lại / The records have errors</h1><pre>{}</pre></body></html>",
        crate::render::escape_html(diagnostics)
    )
}

fn not_found(stream: &mut TcpStream, dir: &Path, method: &str, live: bool) -> std::io::Result<()> {
    let page = std::fs::read_to_string(dir.join("404.html")).unwrap_or_else(|_| "not found".into());
    send(
        stream,
        "404 Not Found",
        "text/html; charset=utf-8",
        with_live(page, live).as_bytes(),
        method,
    )
}

fn send(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The newest modification time under the watched paths.
fn newest_change(root: &Path) -> Option<SystemTime> {
    WATCHED
        .iter()
        .flat_map(|name| walkdir::WalkDir::new(root.join(name)).into_iter().flatten())
        .filter_map(|entry| entry.metadata().ok()?.modified().ok())
        .max()
}

/// Build once, then rebuild whenever a watched file changes.
pub fn watch_and_rebuild(
    root: &Path,
    options: &BuildOptions,
    state: &Mutex<State>,
    lang: Lang,
) -> ! {
    let mut seen = None;
    loop {
        let newest = newest_change(root);
        if newest != seen {
            seen = newest;
            let result = render::build(root, options);
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            state.version += 1;
            match result {
                Ok(summary) => {
                    state.error = None;
                    eprintln!(
                        "itreg: {} trang / pages, {:.2} s",
                        summary.pages, summary.seconds
                    );
                }
                Err(BuildError::Invalid(_, diagnostics)) => {
                    let source = |path: &Path| std::fs::read_to_string(root.join(path)).ok();
                    let text = output::render(Format::Human, &diagnostics, lang, false, &source);
                    eprint!("{text}");
                    state.error = Some(text);
                }
                Err(error) => {
                    eprintln!("itreg: {error}");
                    state.error = Some(error.to_string());
                }
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}
