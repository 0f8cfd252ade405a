//! Reports and QR codes a rebuild takes from the previous site instead of
//! rendering them again.
//!
//! Reports are much of a build's work (their pages and Word files), yet a
//! one-record change alters the reports of a handful of units. Each unit's
//! report is fingerprinted from everything its files are made of: the
//! report's contents, the links and paper heading it prints, the units
//! below whose pages its workbook fetches, and the build itself (the
//! `itreg` binary, the templates, the `[site]` settings, public or
//! restricted). When the previous site was built with the same fingerprint,
//! its files for that report are hard-linked into the new site as they are.
//!
//! QR codes are reused the same way, a unit's file at a time: a code is
//! made from its tag and `base_url` alone.
//!
//! The fingerprints are kept in the site folder ([`FILE`]), not in
//! `.itreg-cache/`: they are published in the same swap as the files they
//! describe, so they never speak of files the folder does not hold. A
//! missing, damaged or foreign list only means everything is rendered.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

/// The fingerprint list, at the site root.
pub const FILE: &str = ".itreg-reuse";

/// The previous build's fingerprints and this build's, by group name.
pub struct Reuse {
    build: u64,
    previous: HashMap<String, u64>,
    next: Mutex<BTreeMap<String, u64>>,
}

impl Reuse {
    /// The fingerprints of the site at `out`, if it was built the same way
    /// (`build`, see [`build_fingerprint`]); none otherwise.
    pub fn load(out: &Path, build: u64) -> Reuse {
        let previous = std::fs::read_to_string(out.join(FILE))
            .ok()
            .and_then(|text| parse(&text, build))
            .unwrap_or_default();
        Reuse {
            build,
            previous,
            next: Mutex::new(BTreeMap::new()),
        }
    }

    /// Note `group`'s fingerprint for the next build; true when the
    /// previous site was made from the same one.
    pub fn unchanged(&self, group: &str, fingerprint: u64) -> bool {
        self.next
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(group.to_owned(), fingerprint);
        self.previous.get(group) == Some(&fingerprint)
    }

    /// The list to publish with the new site.
    pub fn to_file(&self) -> String {
        let next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let mut text = format!("itreg-reuse 1 {:016x}\n", self.build);
        for (group, fingerprint) in next.iter() {
            text.push_str(&format!("{fingerprint:016x} {group}\n"));
        }
        text
    }
}

/// The list's fingerprints, when its first line names this build.
fn parse(text: &str, build: u64) -> Option<HashMap<String, u64>> {
    let mut lines = text.lines();
    if lines.next()? != format!("itreg-reuse 1 {build:016x}") {
        return None;
    }
    lines
        .map(|line| {
            let (fingerprint, group) = line.split_once(' ')?;
            Some((group.to_owned(), u64::from_str_radix(fingerprint, 16).ok()?))
        })
        .collect()
}

/// What every file of a build depends on besides the records: the binary
/// (its size and time, so a rebuilt `itreg` renders afresh), and `parts`
/// (templates, settings, public or restricted).
pub fn build_fingerprint(parts: &[&str]) -> u64 {
    let mut hasher = DefaultHasher::new();
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|meta| (meta.len(), meta.modified().ok()));
    match binary {
        Ok(identity) => identity.hash(&mut hasher),
        // An unknown binary must never match a previous build.
        Err(_) => std::time::SystemTime::now().hash(&mut hasher),
    }
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    parts.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint built up from parts.
#[derive(Default)]
pub struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub fn add(&mut self, part: &[u8]) {
        part.hash(&mut self.0);
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_survive_a_round_trip_for_the_same_build_only() {
        let dir = tempfile::tempdir().unwrap();
        let first = Reuse::load(dir.path(), 7);
        assert!(!first.unchanged("f1-equipment hn", 42));
        assert!(!first.unchanged("a4-inventory hn", 9));
        std::fs::write(dir.path().join(FILE), first.to_file()).unwrap();

        let second = Reuse::load(dir.path(), 7);
        assert!(second.unchanged("f1-equipment hn", 42));
        assert!(!second.unchanged("a4-inventory hn", 10), "changed");
        assert!(!second.unchanged("b6-software hn", 42), "new");

        let other_build = Reuse::load(dir.path(), 8);
        assert!(!other_build.unchanged("f1-equipment hn", 42));
    }

    #[test]
    fn a_damaged_list_reuses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let good = "itreg-reuse 1 0000000000000007\n000000000000002a g\n";
        for text in [
            good.replace("2a g", "zz g"),
            good.replace(" g", ""),
            "".into(),
        ] {
            std::fs::write(dir.path().join(FILE), &text).unwrap();
            assert!(!Reuse::load(dir.path(), 7).unchanged("g", 42), "{text:?}");
        }
        std::fs::write(dir.path().join(FILE), good).unwrap();
        assert!(Reuse::load(dir.path(), 7).unchanged("g", 42));
    }
}
