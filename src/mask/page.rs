//! The diagnostics `itreg serve` shows on every page while the records are
//! invalid. Other machines may read that page (`--bind`), so without
//! `--include-confidential` it goes through the mask like every other
//! output. The failed check kept no model, so the records are read again:
//! a failure is the slow path, and its terminal output is already printed.

use super::{Mask, mask_diagnostics};
use crate::check;
use crate::config::Config;
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::{self, Record};
use crate::register::Register;
use crate::validate::schema::SchemaSet;
use std::path::Path;

/// `diagnostics` as the page may show them: unchanged for a restricted
/// preview, else masked against the records of `root` (or of git revision
/// `at`). When those cannot be read, every diagnostic keeps only its
/// folder, line and code.
pub fn page_diagnostics(
    root: &Path,
    at: Option<&str>,
    include_confidential: bool,
    diagnostics: &[Diagnostic],
) -> Vec<Diagnostic> {
    if include_confidential {
        return diagnostics.to_vec();
    }
    let Some(source) = Source::read(root, at) else {
        return diagnostics.iter().cloned().map(opaque).collect();
    };
    let mask = Mask::new(&source.records, &source.schemas);
    let flags = vec![true; source.records.len()];
    let split = mask.split(source.records, flags);
    let read = source.read;
    let unparsed = |path: &Path| unparsed_is_confidential(path, &*read);
    mask_diagnostics(diagnostics.to_vec(), &split, &source.schemas, &unparsed)
}

/// Reads a file of the tree the records come from, by its path.
type Reader = Box<dyn Fn(&Path) -> Option<Vec<u8>>>;

/// The records and schemas as the check read them, and a way to read any
/// other file of the same tree.
struct Source {
    records: Vec<Record>,
    schemas: SchemaSet,
    read: Reader,
}

impl Source {
    fn read(root: &Path, at: Option<&str>) -> Option<Source> {
        match at {
            None => {
                let config = Config::load(root).ok()?;
                let schemas = SchemaSet::load(Some(root)).ok()?;
                let collected = load::files::collect_dir(root, &check::load_options(&config));
                let root = root.to_owned();
                let read = move |path: &Path| std::fs::read(root.join(path)).ok();
                Some(Source::parse(collected, &config, schemas, Box::new(read)))
            }
            Some(rev) => {
                let snapshot = crate::git::Snapshot::open(root, rev).ok()?;
                let config = snapshot.config().ok()?;
                let schemas = snapshot.schemas().ok()?;
                let collected = snapshot.collect_records(&check::load_options(&config));
                let read = move |path: &Path| snapshot.read(path);
                Some(Source::parse(collected, &config, schemas, Box::new(read)))
            }
        }
    }

    fn parse(
        collected: load::files::Collected,
        config: &Config,
        schemas: SchemaSet,
        read: Reader,
    ) -> Source {
        let options = check::load_options(config);
        Source {
            records: load::parse_files(collected.files, &options).records,
            schemas,
            read,
        }
    }
}

/// Whether a file under `records/` that did not load as a record is
/// confidential: one of the network or access records, or one that
/// mentions `confidential` anywhere (unparsed, nothing finer can be
/// known), or one that cannot be read. Other files (procedures,
/// `itreg.toml`, CODEOWNERS) are not records.
fn unparsed_is_confidential(path: &Path, read: &dyn Fn(&Path) -> Option<Vec<u8>>) -> bool {
    let Ok(within) = path.strip_prefix(load::RECORDS_DIR) else {
        return false;
    };
    if Register::classify(within).is_some_and(|(register, _)| register.confidential_as_a_whole()) {
        return true;
    }
    read(path).is_none_or(|bytes| bytes.windows(12).any(|w| w == b"confidential"))
}

/// A diagnostic with nothing but its folder, line and code.
fn opaque(mut diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.message = Bilingual::new(
        "Không đọc lại được hồ sơ để che thông tin mật; chạy `itreg check` để xem chi tiết",
        "The records could not be read again to mask what is confidential; run `itreg check` to see the details",
    );
    diagnostic.hint = None;
    let folder = diagnostic
        .file
        .parent()
        .map(Path::to_owned)
        .unwrap_or_default();
    diagnostic.file = folder.join("…");
    diagnostic
}
