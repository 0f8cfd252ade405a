//! Writing the site: everything goes into a fresh folder beside the output,
//! which replaces the output only once every file is written. A failed or
//! killed build leaves the previous site as it was.
//!
//! Pages are written as they are rendered, from the rendering threads, so the
//! site is never held in memory as a whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// The folder a build writes into before it becomes the site.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    pages: AtomicUsize,
}

impl Staging {
    /// A fresh staging folder for `out`; a leftover one from a killed build
    /// is removed first.
    pub fn create(out: &Path) -> io::Result<Staging> {
        let dir = sibling(out, "building");
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_owned(),
            pages: AtomicUsize::new(0),
        })
    }

    /// Write one file, relative to the site root. Safe from many threads.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(relative);
        if let Err(error) = fs::write(&path, bytes) {
            if error.kind() != io::ErrorKind::NotFound {
                return Err(error);
            }
            // The folder does not exist yet: create it, then retry once.
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, bytes)?;
        }
        if relative.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Remove the staging folder after a failed build.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }

    /// Swap the staging folder in for the output folder.
    pub fn publish(self) -> io::Result<()> {
        let previous = sibling(&self.out, "previous");
        if previous.exists() {
            fs::remove_dir_all(&previous)?;
        }
        if self.out.exists() {
            fs::rename(&self.out, &previous)?;
        }
        if let Err(error) = fs::rename(&self.dir, &self.out) {
            // Put the old site back before reporting.
            if previous.exists() {
                let _ = fs::rename(&previous, &self.out);
            }
            return Err(error);
        }
        if previous.exists() {
            fs::remove_dir_all(&previous)?;
        }
        Ok(())
    }
}

/// Write one file of a published site in place, through a temporary file
/// and a rename, so a reader never sees half a page. Used by `serve` to
/// update single pages.
pub fn replace_file(site: &Path, relative: &str, bytes: &[u8]) -> io::Result<()> {
    let path = site.join(relative);
    let temporary = path.with_extension("itreg-tmp");
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, &path)
}
