//! Writing the site: everything goes into a fresh folder beside the output,
//! which replaces the output only once every file is written. A failed
//! build, or one killed at any point, leaves the previous site as it was.
//!
//! Pages are written as they are rendered, from the rendering threads, so the
//! site is never held in memory as a whole.
//!
//! A file whose bytes are those of the previous site's file is not written
//! again but hard-linked from it: its modification time stays, so a deploy
//! by `rsync` (size and time) copies only what a change touched.

use crate::diagnostic::Lang;
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
    /// Whether there is a previous site whose unchanged files can be kept;
    /// without one, no file is looked up there.
    has_previous: bool,
    pages: AtomicUsize,
    written: AtomicUsize,
    kept: AtomicUsize,
}

impl Staging {
    /// A fresh staging folder for `out`; a leftover one from a killed build
    /// is removed first.
    pub fn create(out: &Path) -> io::Result<Staging> {
        restore_interrupted_swap(out, &sibling(out, "previous"))?;
        let dir = sibling(out, "building");
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_owned(),
            has_previous: out.is_dir(),
            pages: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
        })
    }

    /// Write one file, relative to the site root. Safe from many threads.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(relative);
        let previous = self.has_previous.then(|| self.out.join(relative));
        let previous = previous.as_deref();
        let kept = match keep_or_write(previous, &path, bytes) {
            Ok(kept) => kept,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                // The folder does not exist yet: create it, then retry once.
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                keep_or_write(previous, &path, bytes)?
            }
            Err(error) => return Err(error),
        };
        let counter = if kept { &self.kept } else { &self.written };
        counter.fetch_add(1, Ordering::Relaxed);
        if relative.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Take `files` (relative to the site root) from the previous site as
    /// they are, all or none: false, with nothing taken, when one is not
    /// there to link, so the caller renders them instead.
    pub fn keep_all(&self, files: &[String]) -> bool {
        if !self.has_previous {
            return false;
        }
        let all_there = files.iter().all(|relative| {
            fs::symlink_metadata(self.out.join(relative)).is_ok_and(|meta| meta.is_file())
        });
        if !all_there {
            return false;
        }
        for (done, relative) in files.iter().enumerate() {
            let path = self.dir.join(relative);
            let linked = path
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::hard_link(self.out.join(relative), &path));
            if linked.is_err() {
                // Unlink what was taken, so rendering writes fresh files
                // instead of through links into the previous site.
                for taken in &files[..done] {
                    let _ = fs::remove_file(self.dir.join(taken));
                }
                return false;
            }
        }
        let pages = files.iter().filter(|f| f.ends_with(".html")).count();
        self.kept.fetch_add(files.len(), Ordering::Relaxed);
        self.pages.fetch_add(pages, Ordering::Relaxed);
        true
    }

    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Files written anew, and files kept from the previous site as they were.
    pub fn written_and_kept(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.kept.load(Ordering::Relaxed),
        )
    }

    /// Remove the staging folder after a failed build.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }

    /// Swap the staging folder in for the output folder. `progress` shows
    /// the removal of the old site on a terminal, in that language.
    pub fn publish(self, progress: Option<Lang>) -> io::Result<()> {
        if self.out.exists() && exchange(&self.dir, &self.out).is_ok() {
            // The staging folder now holds the old site.
            return remove_tree(&self.dir, progress);
        }
        swap_by_renames(
            &self.dir,
            &self.out,
            &sibling(&self.out, "previous"),
            progress,
        )
    }
}

/// Link the previous site's file to `path` when it holds exactly `bytes`
/// (returns true), otherwise write `bytes` there. Only a regular file is
/// linked (never a link planted in the old site), and any failure to link
/// falls back to writing, as on file systems without hard links.
fn keep_or_write(previous: Option<&Path>, path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if let Some(previous) = previous {
        let unchanged = fs::symlink_metadata(previous)
            .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
            && fs::read(previous).is_ok_and(|old| old == bytes);
        if unchanged && fs::hard_link(previous, path).is_ok() {
            return Ok(true);
        }
    }
    fs::write(path, bytes).map(|()| false)
}

/// `fs::remove_dir_all`, with the top-level entries removed in parallel:
/// an old site has tens of thousands of files, which take a while on a
/// slow disk, so a terminal sees them counted.
fn remove_tree(dir: &Path, progress: Option<Lang>) -> io::Result<()> {
    use rayon::prelude::*;
    let bar = removal_progress(progress);
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if !entry.file_type()?.is_dir() {
            fs::remove_file(entry.path())?;
            bar.inc(1);
            Ok(())
        } else if bar.is_hidden() {
            fs::remove_dir_all(entry.path())
        } else {
            remove_counted(&entry.path(), &bar)
        }
    })?;
    bar.finish_and_clear();
    fs::remove_dir(dir)
}

/// A spinner counting removed files, drawn only on a terminal (`Some`).
fn removal_progress(progress: Option<Lang>) -> indicatif::ProgressBar {
    let Some(lang) = progress else {
        return indicatif::ProgressBar::hidden();
    };
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}").expect("valid template"),
    );
    bar.set_message(crate::say!(
        lang,
        "Đang xóa trang cũ:",
        "Removing the old site:"
    ));
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// Remove a folder's files one by one, then its folders, counting files.
fn remove_counted(dir: &Path, bar: &indicatif::ProgressBar) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            fs::remove_dir(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
            bar.inc(1);
        }
    }
    Ok(())
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
fn swap_by_renames(
    staging: &Path,
    out: &Path,
    previous: &Path,
    progress: Option<Lang>,
) -> io::Result<()> {
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
        remove_tree(previous, progress)?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Path, path: &str, text: &str) {
        let staging = Staging::create(out).unwrap();
        staging.write(path, text.as_bytes()).unwrap();
        staging.publish(None).unwrap();
    }

    #[test]
    fn a_second_build_replaces_the_first_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, "a/old.html", "old");
        build(&out, "b/new.html", "new");
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
        swap_by_renames(&dir.path().join("missing"), &out, &previous, None).unwrap_err();
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
    }

    /// A file with the same bytes is the previous site's file itself, so
    /// its modification time stays; a changed file is new.
    #[test]
    fn a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        staging.write("a/same.html", b"same").unwrap();
        staging.write("a/changed.html", b"old").unwrap();
        staging.publish(None).unwrap();
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        let (same, changed) = (inode("a/same.html"), inode("a/changed.html"));

        let staging = Staging::create(&out).unwrap();
        staging.write("a/same.html", b"same").unwrap();
        staging.write("a/changed.html", b"new").unwrap();
        staging.write("b/added.html", b"added").unwrap();
        assert_eq!(staging.written_and_kept(), (2, 1));
        staging.publish(None).unwrap();
        assert_eq!(inode("a/same.html"), same);
        assert_ne!(inode("a/changed.html"), changed);
        assert_eq!(
            fs::read_to_string(out.join("a/changed.html")).unwrap(),
            "new"
        );
        assert_eq!(fs::metadata(out.join("a/same.html")).unwrap().nlink(), 1);
    }

    /// A link planted in the old site is never linked into the new one.
    #[test]
    fn a_symbolic_link_in_the_old_site_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, "index.html", "secret");
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "page").unwrap();
        fs::remove_file(out.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("index.html")).unwrap();
        build(&out, "index.html", "page");
        let meta = fs::symlink_metadata(out.join("index.html")).unwrap();
        assert!(meta.is_file());
    }

    #[test]
    fn an_abandoned_build_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, "index.html", "old");
        let staging = Staging::create(&out).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.abandon();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_counted_removal_removes_everything_and_counts_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        for path in ["a/b/c.html", "a/d.html", "e/f/g/h.html"] {
            let path = old.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let bar = indicatif::ProgressBar::hidden();
        remove_counted(&old, &bar).unwrap();
        assert!(!old.exists());
        assert_eq!(bar.position(), 3);
    }
}
