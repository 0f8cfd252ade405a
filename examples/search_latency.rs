//! How long after the last keystroke a query's results appear on the built
//! site's search page, in headless Chromium with the index already cached
//! (each query runs once before it is timed). A benchmark, not a test:
//! `bench/run.sh` runs it on the 10k site and reports the figures.
//!
//!     cargo run --release --example search_latency -- SITE_DIR QUERY…
//!
//! Prints one JSON object: per query, the milliseconds from the `input`
//! event of the last letter to the last change of the result list, the
//! median of five runs.

use headless_chrome::{Browser, LaunchOptions, Tab};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

const RUNS: usize = 5;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search_latency SITE_DIR QUERY…");
        std::process::exit(2);
    };
    let queries: Vec<String> = args.collect();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let base = format!("http://{}/", listener.local_addr().expect("an address"));
    let state = std::sync::Arc::new(std::sync::Mutex::new(itreg::serve::State::default()));
    std::thread::spawn(move || itreg::serve::serve_dir(listener, site, state, false));

    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .sandbox(false)
        .headless(true)
        .idle_browser_timeout(Duration::from_secs(300))
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("Debian chromium is installed");
    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(&format!("{base}search/index.html"))
        .and_then(|tab| tab.wait_until_navigated())
        .expect("the search page opens");

    let mut figures = serde_json::Map::new();
    for query in &queries {
        type_query(&tab, query); // fills the cache
        let mut times: Vec<f64> = (0..RUNS).map(|_| type_query(&tab, query)).collect();
        times.sort_by(f64::total_cmp);
        figures.insert(query.clone(), serde_json::json!(times[RUNS / 2]));
    }
    println!("{}", serde_json::Value::Object(figures));
}

/// Type `query` into the search box, the last letter as its own `input`
/// event, and return the milliseconds from that event to the last change
/// of the results (counted once the page has been quiet for a second).
fn type_query(tab: &Tab, query: &str) -> f64 {
    let (head, last) = query.split_at(query.len() - query.chars().last().map_or(0, char::len_utf8));
    let script = format!(
        r#"(() => {{
            const input = document.getElementById('search-input');
            input.value = {head};
            input.dispatchEvent(new Event('input'));
            return new Promise(done => setTimeout(() => {{
                window.lastChange = 0;
                const watch = new MutationObserver(() => {{ window.lastChange = performance.now(); }});
                for (const id of ['search-results', 'search-status']) {{
                    watch.observe(document.getElementById(id), {{ childList: true, subtree: true, characterData: true }});
                }}
                window.typedAt = performance.now();
                input.value = {full};
                input.dispatchEvent(new Event('input'));
                setTimeout(() => {{ watch.disconnect(); done(window.lastChange - window.typedAt); }}, 1000);
            }}, 1000));
        }})()"#,
        head = serde_json::to_string(head).unwrap_or_default(),
        full = serde_json::to_string(&format!("{head}{last}")).unwrap_or_default(),
    );
    match tab.evaluate(&script, true) {
        Ok(result) => result
            .value
            .and_then(|value| value.as_f64())
            .unwrap_or(f64::NAN),
        Err(error) => {
            eprintln!("search_latency: {query}: {error}");
            f64::NAN
        }
    }
}
