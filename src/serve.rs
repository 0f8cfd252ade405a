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
use std::time::{Duration, Instant};

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

/// Changed source files, as the file watcher reports them.
type Changes = std::sync::mpsc::Receiver<notify::Result<notify::Event>>;

/// Watch the source folders with the platform's notification API
/// (inotify), falling back to polling where it is not available.
fn watch(root: &Path) -> notify::Result<(Box<dyn notify::Watcher + Send>, Changes)> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut watcher: Box<dyn notify::Watcher + Send> =
        match notify::recommended_watcher(sender.clone()) {
            Ok(watcher) => Box::new(watcher),
            Err(_) => Box::new(notify::PollWatcher::new(
                sender,
                notify::Config::default().with_poll_interval(Duration::from_millis(250)),
            )?),
        };
    // Watching the root itself would also report writes to the output
    // folder; watch each source instead (the root only for `itreg.toml`
    // and for sources created later).
    watcher.watch(root, notify::RecursiveMode::NonRecursive)?;
    for name in WATCHED {
        let path = root.join(name);
        if path.is_dir() {
            watcher.watch(&path, notify::RecursiveMode::Recursive)?;
        }
    }
    Ok((watcher, receiver))
}

/// Wait for the next change to a watched source, then for a short quiet
/// spell, since one save is often several events (write, rename, chmod).
/// Returns the changed paths, relative to `root`.
/// With `patience`, gives up after that long without a change and returns
/// nothing.
fn next_changes(root: &Path, changes: &Changes, patience: Option<Duration>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let mut wait = patience;
    loop {
        let event = match wait {
            None => changes.recv().map_err(|_| ()),
            Some(quiet) => changes.recv_timeout(quiet).map_err(|_| ()),
        };
        let Ok(event) = event else {
            if wait.is_none() {
                // The watcher is gone; nothing will change any more.
                std::thread::sleep(Duration::from_secs(3600));
            }
            break;
        };
        let Ok(event) = event else { continue };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        for path in event.paths {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let watched = relative
                .components()
                .next()
                .is_some_and(|first| WATCHED.iter().any(|w| first.as_os_str() == *w));
            if watched && !paths.contains(&relative.to_path_buf()) {
                paths.push(relative.to_path_buf());
            }
        }
        if !paths.is_empty() {
            wait = Some(Duration::from_millis(15));
        }
    }
    paths
}

/// Build once, then rebuild whenever a watched file changes. A change to
/// one record first re-renders that record's pages alone, within
/// milliseconds; the full rebuild that follows brings lists, search,
/// reports and other records' backlinks up to date.
pub fn watch_and_rebuild(
    root: &Path,
    options: &BuildOptions,
    state: &Mutex<State>,
    lang: Lang,
) -> ! {
    // The watcher reports absolute paths; `--root .` must match them too.
    let absolute_root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let watched = match watch(&absolute_root) {
        Ok((watcher, changes)) => Some((watcher, changes)),
        Err(error) => {
            eprintln!("itreg: không theo dõi được thay đổi / cannot watch for changes: {error}");
            None
        }
    };
    loop {
        let started = Instant::now();
        let prepared = render::prepare(root, options);
        let mut live = None;
        let outcome = match &prepared {
            Ok(prepared) => {
                let out = render::out_dir(root, &prepared.config, options);
                let renderer = render::Renderer::new(prepared, options);
                let published = renderer.publish(&out);
                if published.is_ok() {
                    live = Some((out, renderer));
                }
                published
            }
            Err(_) => Ok(0),
        };
        match (&prepared, &outcome) {
            (Err(error), _) | (_, Err(error)) => show_failure(state, root, options, lang, error),
            (Ok(_), Ok(pages)) => {
                publish_version(state, None);
                eprintln!(
                    "itreg: {pages} trang / pages, {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let Some((_, changes)) = &watched else {
            std::thread::sleep(Duration::from_secs(3600));
            continue;
        };
        let mut changed = next_changes(&absolute_root, changes, None);
        // While the edits are to single records, show each at once and hold
        // the full rebuild until the editing pauses.
        while let Some((out, renderer)) = &mut live {
            let started = Instant::now();
            let Some(pages) = quick_update(root, renderer, out, &changed) else {
                break;
            };
            publish_version(state, None);
            eprintln!(
                "itreg: {} ({:.0} ms)",
                pages.join(", "),
                started.elapsed().as_secs_f64() * 1000.0
            );
            changed = next_changes(&absolute_root, changes, Some(FULL_REBUILD_AFTER));
            if changed.is_empty() {
                break;
            }
        }
    }
}

/// How long editing must pause before the full rebuild that follows quick
/// updates starts: a rebuild takes seconds on a large repository, and a
/// save during it waits for it.
const FULL_REBUILD_AFTER: Duration = Duration::from_secs(2);

/// A new version of the site is live: pages reload.
fn publish_version(state: &Mutex<State>, error: Option<String>) {
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    state.error = error;
}

/// Report a failed build on the terminal, with source lines, and on every
/// page, without them: the page may be read from other machines
/// (`--bind`), and an invalid record may be a confidential one: the page
/// goes through the masking step like every default output.
fn show_failure(
    state: &Mutex<State>,
    root: &Path,
    options: &BuildOptions,
    lang: Lang,
    error: &BuildError,
) {
    let (terminal, page) = match error {
        BuildError::Invalid(_, diagnostics) => {
            let source = |path: &Path| std::fs::read_to_string(root.join(path)).ok();
            let no_source = |_: &Path| None;
            let (at, restricted) = (options.at.as_deref(), options.include_confidential);
            let shown = crate::mask::page_diagnostics(root, at, restricted, diagnostics);
            (
                output::render(Format::Human, diagnostics, lang, false, &source),
                output::render(Format::Human, &shown, lang, false, &no_source),
            )
        }
        other => (format!("itreg: {other}\n"), format!("itreg: {other}\n")),
    };
    eprint!("{terminal}");
    publish_version(state, Some(page));
}

/// Files editors write beside the one being saved (`.x.yaml.swp`,
/// `x.yaml~`, `.#x.yaml`): they must not stop a single-record update. The
/// full check that follows still sees whatever is left on disk.
fn editor_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx")
}

/// Re-render the pages of the one record that changed, when the change
/// is safe to show before the full check: the file parses, passes its
/// schema, holds no secret, and stays the same visible record. Returns the
/// pages rewritten, or `None` to leave it to the full rebuild.
fn quick_update(
    root: &Path,
    renderer: &mut render::Renderer,
    out: &Path,
    changed: &[PathBuf],
) -> Option<Vec<String>> {
    let saved: Vec<&PathBuf> = changed.iter().filter(|p| !editor_scratch(p)).collect();
    let [path] = saved[..] else { return None };
    let prepared = renderer.prepared();
    let full_path = root.join(path);
    if crate::load::files::is_executable(&std::fs::metadata(&full_path).ok()?) {
        return None;
    }
    let file = crate::load::RawFile::new(path.clone(), std::fs::read(&full_path).ok()?);
    let record =
        crate::load::parse_record(file, &crate::check::load_options(&prepared.config)).ok()?;
    let index = renderer.site.index_of(record.register, &record.key)?;
    let same_file = renderer.site.record(index).path == record.path;
    let valid = prepared.checked.schemas.check_record(&record).is_empty();
    let secret = !crate::rules::m03_no_secrets::secrets_in(&record).is_empty();
    let hidden = !renderer.include_confidential() && crate::load::is_confidential(&record);
    if !same_file || !valid || secret || hidden {
        return None;
    }
    renderer.update_record(index, record.value);
    renderer.rewrite_record(out, index).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_told_apart_from_records() {
        for scratch in [
            "records/assets/hn/.HN-PC-0001.yaml.swp",
            "records/assets/hn/HN-PC-0001.yaml~",
            "records/assets/hn/.#HN-PC-0001.yaml",
            "records/units/hn.yaml.swx",
        ] {
            assert!(editor_scratch(Path::new(scratch)), "{scratch}");
        }
        assert!(!editor_scratch(Path::new(
            "records/assets/hn/HN-PC-0001.yaml"
        )));
        assert!(!editor_scratch(Path::new("records/assets/hn/scan.pdf")));
    }
}
