//! Writing the site: everything goes into a fresh folder beside the output,
//! which replaces the output only once every file is written. A failed
//! build, or one killed at any point, leaves the previous site as it was.

use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A rendered file, relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Write all files, then swap the new folder in for `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = sibling(out, "building");
    let previous = sibling(out, "previous");
    restore_interrupted_swap(out, &previous)?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    let written = write_all(&staging, files);
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() && exchange(&staging, out).is_ok() {
        // `staging` now holds the old site.
        return fs::remove_dir_all(&staging);
    }
    swap_by_renames(&staging, out, &previous)
}

/// A build killed between the two renames of [`swap_by_renames`] leaves
/// no `out` but the old site in `previous`: put it back first.
fn restore_interrupted_swap(out: &Path, previous: &Path) -> io::Result<()> {
    if previous.exists() && !out.exists() {
        fs::rename(previous, out)?;
    }
    Ok(())
}

/// Trade the two folders' places in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`), so that a reader, or a build killed at any instant,
/// sees the old site or the new one, never none.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The portable swap, for systems and file systems without an exchange.
fn swap_by_renames(staging: &Path, out: &Path, previous: &Path) -> io::Result<()> {
    if previous.exists() {
        fs::remove_dir_all(previous)?;
    }
    if out.exists() {
        fs::rename(out, previous)?;
    }
    if let Err(error) = fs::rename(staging, out) {
        // Put the old site back before reporting.
        if previous.exists() {
            let _ = fs::rename(previous, out);
        }
        return Err(error);
    }
    if previous.exists() {
        fs::remove_dir_all(previous)?;
    }
    Ok(())
}

fn write_all(staging: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.path.parent().map(|p| staging.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        fs::create_dir_all(folder)?;
    }
    files
        .par_iter()
        .try_for_each(|file| fs::write(staging.join(&file.path), &file.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_second_build_replaces_the_first_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[page("a/old.html", "old")]).unwrap();
        write_site(&out, &[page("b/new.html", "new")]).unwrap();
        assert!(!out.join("a/old.html").exists());
        assert_eq!(fs::read_to_string(out.join("b/new.html")).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    /// A build killed between the two renames of the portable swap.
    #[test]
    fn a_swap_cut_in_half_is_restored_before_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let previous = dir.path().join(".public.previous");
        fs::create_dir_all(&previous).unwrap();
        fs::write(previous.join("old.html"), "old").unwrap();
        restore_interrupted_swap(&out, &previous).unwrap();
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert!(!previous.exists());
        swap_by_renames(&dir.path().join("missing"), &out, &previous).unwrap_err();
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
    }
}
