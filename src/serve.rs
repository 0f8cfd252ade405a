//! `itreg serve`: build, serve the site on 127.0.0.1, watch the sources and
//! rebuild on change. Pages poll `/__itreg/version` and reload after a
//! rebuild; while the records are invalid every page shows the diagnostics
//! instead of a stale page.

use crate::diagnostic::Lang;
use crate::output::{self, Format};
use crate::render::{self, BuildError, BuildOptions};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::net::TcpListener;
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

// HTTP is handled by hyper rather than tiny_http, although tiny_http is
// the smaller crate: tiny_http 0.12 cannot bound what `--bind 0.0.0.0`
// exposes, and offers no hook to bound it from outside. It accepts on its
// own thread and reads each request head on a thread of its own, started
// whenever none is idle, so slow clients cost one thread each without
// limit; it buffers a header line until CRLF however long it grows, and
// any number of header lines; it sets no read timeout, and the accepted
// socket never reaches us to set one; and its accept thread stops for
// good at the first accept error, so running out of file descriptors
// once ends the server. Only a proxy in front of it could bound those.
// hyper bounds each of them itself (head size and header count answered
// with 431, a deadline for the whole head, counted from the connection's
// start), and leaves accepting to us, where the connection cap goes.

/// The largest request head (request line and headers), and the largest
/// body announced with a GET or HEAD: the preview needs neither to be big.
const MAX_REQUEST: usize = 64 * 1024;

/// Browsers send about twenty headers; hyper's own default is 100.
const MAX_HEADERS: usize = 64;

/// A client has this long from connecting to send its whole request head:
/// slow clients (slowloris) are dropped instead of holding a slot.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// The most one connection may last, answer included, so that a client
/// that stops reading the answer cannot hold its slot either.
const CONNECTION_DEADLINE: Duration = Duration::from_secs(30);

/// Connections served at once. Past it, new clients wait in the kernel's
/// accept queue, in the order they came, and each held slot frees within
/// [`HEAD_TIMEOUT`] if its client is slow, so a flood of slow clients
/// delays others by seconds at most instead of starving them.
const MAX_CONNECTIONS: usize = 128;

/// Threads reading files and building answers; the connections themselves
/// are served on one thread, waiting costs none.
const WORKERS: usize = 4;

/// The policy `site-templates/base.html` sets in its `<meta>` tag, sent as a
/// header too so that it also covers what is served that is not a page
/// (the diagnostics page, SVG pictures, files opened directly).
/// `script-src 'self'` admits the live-reload script, served from
/// `/__itreg/live.js`; `connect-src 'self'` its polling.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The site being served and the build's current state, shared by every
/// request.
struct Site {
    dir: PathBuf,
    state: Arc<Mutex<State>>,
    live: bool,
}

/// An answer, before it is put into HTTP.
struct Reply {
    status: StatusCode,
    kind: &'static str,
    body: Vec<u8>,
}

/// Serve `dir` on `listener` until the process ends.
pub fn serve_dir(listener: TcpListener, dir: PathBuf, state: Arc<Mutex<State>>, live: bool) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(WORKERS)
        .build();
    let served = runtime.and_then(|runtime| {
        let site = Arc::new(Site { dir, state, live });
        runtime.block_on(accept(listener, site))
    });
    if let Err(error) = served {
        eprintln!("itreg: máy chủ xem trước đã dừng / the preview server stopped: {error}");
    }
}

/// Accept connections while fewer than [`MAX_CONNECTIONS`] are open.
async fn accept(listener: TcpListener, site: Arc<Site>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                let site = Arc::clone(&site);
                tokio::spawn(async move {
                    serve_connection(stream, site).await;
                    drop(slot);
                });
            }
            // Out of file descriptors, or a client gone before it was
            // accepted: both pass, and must not end the server.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// One request on one connection, within [`CONNECTION_DEADLINE`]. Without
/// keep-alive a connection never waits idle between requests; pages poll
/// the version every half second over new connections, as before.
async fn serve_connection(stream: tokio::net::TcpStream, site: Arc<Site>) {
    let service = hyper::service::service_fn(move |request| answer(Arc::clone(&site), request));
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_REQUEST)
        .max_header_size(MAX_REQUEST)
        .max_headers(MAX_HEADERS)
        .keep_alive(false)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    // An error here is the client's (a malformed or oversized request,
    // hyper has answered it, or a closed connection): nothing to report.
    let _ = tokio::time::timeout(CONNECTION_DEADLINE, connection).await;
}

/// Answer a request: refuse what the preview has no use for, and build
/// the rest on the worker threads, since it reads files.
async fn answer(
    site: Arc<Site>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let reply = match refusal(&request) {
        Some(refused) => refused,
        None => {
            let path = request.uri().path().to_owned();
            tokio::task::spawn_blocking(move || site.reply(&path))
                .await
                .unwrap_or_else(|_| failure())
        }
    };
    Ok(reply.into_response())
}

/// Methods other than GET and HEAD, and request bodies over
/// [`MAX_REQUEST`] or of unknown length: the body is never read, and the
/// connection closes after the answer.
fn refusal(request: &Request<Incoming>) -> Option<Reply> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Some(Reply::text(
            StatusCode::METHOD_NOT_ALLOWED,
            "itreg: chỉ nhận GET và HEAD / only GET and HEAD are allowed\n",
        ));
    }
    let body = request.body().size_hint().upper();
    if body.is_none_or(|length| length > MAX_REQUEST as u64) {
        return Some(Reply::text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "itreg: yêu cầu quá lớn / request too large\n",
        ));
    }
    None
}

impl Site {
    /// The answer to a GET or HEAD for `path`.
    fn reply(&self, path: &str) -> Reply {
        let (version, error) = {
            let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            (state.version, state.error.clone())
        };
        match path {
            "/__itreg/version" => {
                return Reply::ok("text/plain", version.to_string().into_bytes());
            }
            "/__itreg/live.js" => return Reply::ok("text/javascript", LIVE_JS.into()),
            _ => {}
        }
        let Some(file) = resolve(&self.dir, path) else {
            return self.not_found();
        };
        let kind = content_type(&file);
        if !kind.starts_with("text/html") {
            return std::fs::read(&file).map_or_else(|_| failure(), |body| Reply::ok(kind, body));
        }
        let html = match error {
            Some(error) => error_page(&error),
            None => match std::fs::read_to_string(&file) {
                Ok(html) => html,
                Err(_) => return failure(),
            },
        };
        Reply::ok(kind, with_live(html, self.live).into_bytes())
    }

    fn not_found(&self) -> Reply {
        let page = std::fs::read_to_string(self.dir.join("404.html"))
            .unwrap_or_else(|_| "not found".into());
        Reply {
            status: StatusCode::NOT_FOUND,
            kind: "text/html; charset=utf-8",
            body: with_live(page, self.live).into_bytes(),
        }
    }
}

/// A file that vanished or could not be read between the lookup and the
/// read, as it may during a rebuild.
fn failure() -> Reply {
    Reply::text(
        StatusCode::INTERNAL_SERVER_ERROR,
        "itreg: không đọc được tệp, hãy tải lại trang / cannot read the file, reload the page\n",
    )
}

impl Reply {
    fn ok(kind: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status: StatusCode::OK,
            kind,
            body,
        }
    }

    fn text(status: StatusCode, text: &str) -> Reply {
        Reply {
            status,
            kind: "text/plain; charset=utf-8",
            body: text.into(),
        }
    }

    /// The HTTP response, with the headers every answer carries. hyper
    /// sets Content-Length, and leaves the body out for HEAD.
    fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(Bytes::from(self.body)));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.kind));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
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
            Ok(prepared) => render::out_dir(root, &prepared.config, options).and_then(|out| {
                let renderer = render::Renderer::new(prepared, options);
                let published = renderer.publish(&out);
                if published.is_ok() {
                    live = Some((out, renderer));
                }
                published
            }),
            Err(_) => Ok(render::Published::default()),
        };
        match (&prepared, &outcome) {
            (Err(error), _) | (_, Err(error)) => show_failure(state, root, options, lang, error),
            (Ok(_), Ok(published)) => {
                publish_version(state, None);
                eprintln!(
                    "itreg: {} trang / pages, {:.2} s",
                    published.pages,
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
