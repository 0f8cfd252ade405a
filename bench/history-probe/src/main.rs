//! `itreg-history-probe ROOT [--no-cache]`: one call of the history index
//! that `itreg` builds from git, timed. `--no-cache` deletes
//! `.itreg-cache/history.json` first, so the walk covers every commit.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: itreg-history-probe ROOT [--no-cache]"));
    if args.next().as_deref() == Some("--no-cache") {
        let _ = std::fs::remove_file(root.join(".itreg-cache/history.json"));
    }
    let started = Instant::now();
    let index = itreg::history::history_for_root(&root, None).expect("history");
    let seconds = started.elapsed().as_secs_f64();
    println!("{} records with history, {:.3} s", index.records().count(), seconds);
}
