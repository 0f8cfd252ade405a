//! Phase timings on standard error when `ITREG_TIMINGS` is set, for the
//! benchmark notes: which stage of a build a profile should look at, and
//! how much memory the process holds after it.

use std::time::Instant;

/// Times the code until it is dropped and prints `phase: N ms` then.
pub struct Phase {
    name: &'static str,
    started: Option<Instant>,
}

/// Start timing a phase; nothing is measured unless `ITREG_TIMINGS` is set.
pub fn phase(name: &'static str) -> Phase {
    let enabled = std::env::var_os("ITREG_TIMINGS").is_some();
    Phase {
        name,
        started: enabled.then(Instant::now),
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            let elapsed = started.elapsed().as_millis();
            match resident_mib() {
                Some(mib) => eprintln!("timing {}: {elapsed} ms, {mib} MiB resident", self.name),
                None => eprintln!("timing {}: {elapsed} ms", self.name),
            }
        }
    }
}

/// The process's resident memory, where `/proc` tells it.
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}
