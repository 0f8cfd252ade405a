//! Phase timings on standard error when `ITREG_TIMINGS` is set, for the
//! benchmark notes: which stage of a build a profile should look at, and
//! how much memory the process holds after it.

use std::time::Instant;

/// Times the code until it is dropped and prints `phase: N ms` then.
pub struct Phase {
    name: &'static str,
    /// Wall-clock start and the process's CPU milliseconds then.
    started: Option<(Instant, Option<u64>)>,
}

/// Start timing a phase; nothing is measured unless `ITREG_TIMINGS` is set.
pub fn phase(name: &'static str) -> Phase {
    let enabled = std::env::var_os("ITREG_TIMINGS").is_some();
    Phase {
        name,
        started: enabled.then(|| (Instant::now(), cpu_ms())),
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        let Some((started, cpu_then)) = self.started else {
            return;
        };
        let mut line = format!("timing {}: {} ms", self.name, started.elapsed().as_millis());
        // CPU time beside wall time shows how well a phase uses the cores.
        if let (Some(then), Some(now)) = (cpu_then, cpu_ms()) {
            line.push_str(&format!(", {} ms CPU", now.saturating_sub(then)));
        }
        if let Some(mib) = resident_mib() {
            line.push_str(&format!(", {mib} MiB resident"));
        }
        eprintln!("{line}");
    }
}

/// The process's resident memory, where `/proc` tells it.
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}

/// The process's user and system CPU time so far, where `/proc` tells it
/// (fields 14 and 15 of `/proc/self/stat`, in ticks of 10 ms).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces; the fields after it do not.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}

/// Time spent in each kind of job of a parallel phase, summed over the
/// threads that ran them; printed when dropped, if `ITREG_TIMINGS` is set.
/// It tells which kind of page a build's CPU goes to.
pub struct Tally {
    kinds: Option<std::sync::Mutex<std::collections::BTreeMap<String, (u128, usize)>>>,
}

impl Tally {
    pub fn new() -> Tally {
        let enabled = std::env::var_os("ITREG_TIMINGS").is_some();
        Tally {
            kinds: enabled.then(Default::default),
        }
    }

    /// Run `job`, counting its time under `kind()` (only made when timing).
    pub fn time<T>(&self, kind: impl FnOnce() -> String, job: impl FnOnce() -> T) -> T {
        let Some(kinds) = &self.kinds else {
            return job();
        };
        let started = Instant::now();
        let result = job();
        let nanos = started.elapsed().as_nanos();
        let mut kinds = kinds.lock().unwrap_or_else(|p| p.into_inner());
        let entry = kinds.entry(kind()).or_default();
        entry.0 += nanos;
        entry.1 += 1;
        result
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally::new()
    }
}

impl Drop for Tally {
    fn drop(&mut self) {
        let Some(kinds) = &self.kinds else {
            return;
        };
        let kinds = kinds.lock().unwrap_or_else(|p| p.into_inner());
        for (kind, (nanos, count)) in kinds.iter() {
            eprintln!("timing   {kind}: {} ms in {count} jobs", nanos / 1_000_000);
        }
    }
}
