//! Writing the site: everything goes into a fresh folder beside the output,
//! which replaces the output only once every file is written. A failed
//! build leaves the previous site as it was.

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
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    let written = write_all(&staging, files);
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    let previous = sibling(out, "previous");
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
    }
    if out.exists() {
        fs::rename(out, &previous)?;
    }
    if let Err(error) = fs::rename(&staging, out) {
        // Put the old site back before reporting.
        if previous.exists() {
            let _ = fs::rename(&previous, out);
        }
        return Err(error);
    }
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
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
