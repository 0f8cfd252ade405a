//! Reading the repository straight from git objects: the records, schemas,
//! procedures and `itreg.toml` of any revision, without a checkout (`--at
//! REV`, `itreg diff`), and the history of every record ([`history`]).
//!
//! The refusals mirror the working-tree loader ([`crate::load::files`]):
//! the size limit is checked on the blob header before the blob is read,
//! symbolic links under `records/` are refused (`symlink-escape`: in a tree
//! they are never followed), `.yml`/`.YAML` files are refused
//! (`extension`), and every other non-YAML file is an attachment, sniffed
//! and with its executable bit from the tree entry's mode, as on disk.

pub mod history;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::files::{self, Collected, FileKind};
use crate::load::procedures::{self, PROCEDURES_DIR, Procedure};
use crate::load::{Attachment, LoadOptions, RECORDS_DIR, RawFile, content};
use crate::validate::schema::{SchemaError, SchemaSet};
use git2::{ObjectType, Oid, Repository, Tree};
use std::path::{Path, PathBuf};

/// File modes of tree entries (`git ls-tree`).
const MODE_SYMLINK: i32 = 0o120000;
const MODE_EXECUTABLE: i32 = 0o100755;
const MODE_SUBMODULE: i32 = 0o160000;

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    NoRepository { root: PathBuf, source: git2::Error },
    Revision { rev: String, source: git2::Error },
    Git(#[from] git2::Error),
}

impl crate::term::Localized for GitError {
    fn say(&self, lang: crate::diagnostic::Lang) -> String {
        match self {
            GitError::NoRepository { root, source } => crate::say!(
                lang,
                "{root} không nằm trong kho git ({source}); chạy lệnh trong kho hồ sơ",
                "{root} is not inside a git repository ({source}); run the command in the records repository",
                root = root.display(),
                source = source.message()
            ),
            GitError::Revision { rev, source } => crate::say!(
                lang,
                "không có phiên bản `{rev}` trong git ({source}); xem `git log`",
                "revision `{rev}` not found ({source}); see `git log`",
                source = source.message()
            ),
            GitError::Git(error) => crate::say!(
                lang,
                "lỗi git: {message}",
                "git: {message}",
                message = error.message()
            ),
        }
    }
}

crate::display_both_languages!(GitError);

/// Open the repository that holds `root` (`root` may be a sub-folder of
/// the work tree), with the path of `root` inside it (empty at the top).
pub fn open(root: &Path) -> Result<(Repository, PathBuf), GitError> {
    let repo = Repository::discover(root).map_err(|source| GitError::NoRepository {
        root: root.to_owned(),
        source,
    })?;
    let prefix = match repo.workdir() {
        Some(workdir) => {
            let workdir = workdir
                .canonicalize()
                .unwrap_or_else(|_| workdir.to_owned());
            let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
            root.strip_prefix(&workdir)
                .map(Path::to_owned)
                .unwrap_or_default()
        }
        None => PathBuf::new(),
    };
    Ok((repo, prefix))
}

/// The commit a revision names: anything `git rev-parse` accepts that
/// peels to a commit (`2026-Q3-close`, `origin/main`, `HEAD~3`, an id).
pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    let not_found = |source| GitError::Revision {
        rev: rev.to_owned(),
        source,
    };
    let object = repo.revparse_single(rev).map_err(not_found)?;
    let commit = object.peel_to_commit().map_err(not_found)?;
    Ok(commit.id())
}

/// One revision of the repository, read lazily from the object store.
pub struct Snapshot {
    repo: Repository,
    /// Where the itreg root sits inside the repository ('' at the top).
    prefix: PathBuf,
    commit: Oid,
    tree: Oid,
}

impl Snapshot {
    /// Open the repository around `root` at revision `rev`.
    pub fn open(root: &Path, rev: &str) -> Result<Snapshot, GitError> {
        let (repo, prefix) = open(root)?;
        let commit = resolve(&repo, rev)?;
        Snapshot::at(repo, prefix, commit)
    }

    pub fn at(repo: Repository, prefix: PathBuf, commit: Oid) -> Result<Snapshot, GitError> {
        let tree = repo.find_commit(commit)?.tree_id();
        Ok(Snapshot {
            repo,
            prefix,
            commit,
            tree,
        })
    }

    pub fn commit(&self) -> Oid {
        self.commit
    }

    /// The first 12 hex digits of the commit id, as on the site's footer.
    pub fn short_id(&self) -> String {
        self.commit.to_string()[..12].to_owned()
    }

    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    fn root_tree(&self) -> Result<Tree<'_>, git2::Error> {
        self.repo.find_tree(self.tree)
    }

    /// The entry at `path` (relative to the itreg root), if any.
    fn entry(&self, path: &Path) -> Option<git2::TreeEntry<'static>> {
        let tree = self.root_tree().ok()?;
        tree.get_path(&self.prefix.join(path)).ok()
    }

    fn subtree(&self, path: &Path) -> Option<Tree<'_>> {
        let entry = self.entry(path)?;
        (entry.kind() == Some(ObjectType::Tree))
            .then(|| self.repo.find_tree(entry.id()).ok())
            .flatten()
    }

    /// The bytes of a regular file, or `None` when it is absent, not a
    /// blob, or a symbolic link.
    pub fn read(&self, path: &Path) -> Option<Vec<u8>> {
        let entry = self.entry(path)?;
        if entry.kind() != Some(ObjectType::Blob) || entry.filemode() == MODE_SYMLINK {
            return None;
        }
        Some(self.repo.find_blob(entry.id()).ok()?.content().to_vec())
    }

    /// A file's text, for diagnostics' source snippets.
    pub fn read_text(&self, path: &Path) -> Option<String> {
        String::from_utf8(self.read(path)?).ok()
    }

    /// `itreg.toml` of this revision, or the defaults when it has none.
    pub fn config(&self) -> Result<Config, crate::diagnostic::Bilingual> {
        match self.read(Path::new(CONFIG_FILE)) {
            Some(bytes) => Config::parse(&String::from_utf8_lossy(&bytes)),
            None => Ok(Config::default()),
        }
    }

    /// The schemas of this revision: the built-in ones, replaced by the
    /// revision's `schema/*.schema.json` where it has them.
    pub fn schemas(&self) -> Result<SchemaSet, SchemaError> {
        let mut own: Vec<(String, Vec<u8>)> = Vec::new();
        if let Some(tree) = self.subtree(Path::new("schema")) {
            for entry in tree.iter() {
                let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
                if !name.ends_with(".schema.json")
                    || entry.kind() != Some(ObjectType::Blob)
                    || entry.filemode() == MODE_SYMLINK
                {
                    continue;
                }
                if let Ok(blob) = self.repo.find_blob(entry.id()) {
                    own.push((name, blob.content().to_vec()));
                }
            }
        }
        if own.is_empty() {
            return SchemaSet::load(None);
        }
        // `SchemaSet` reads its overrides from a folder: give it one.
        let dir = ScratchDir::new();
        let invalid = |message: String| SchemaError::Invalid {
            name: "common".into(),
            message,
        };
        let schema_dir = dir.path.join("schema");
        std::fs::create_dir_all(&schema_dir).map_err(|e| invalid(e.to_string()))?;
        for (name, bytes) in &own {
            std::fs::write(schema_dir.join(name), bytes).map_err(|e| invalid(e.to_string()))?;
        }
        SchemaSet::load(Some(&dir.path))
    }

    /// Every file under `records/`, with the working-tree loader's refusals.
    /// Files come out in path order, as `collect_dir` walks them.
    pub fn collect_records(&self, options: &LoadOptions) -> Collected {
        let mut collected = Collected::default();
        let Some(records) = self.subtree(Path::new(RECORDS_DIR)) else {
            return collected;
        };
        let odb = match self.repo.odb() {
            Ok(odb) => odb,
            Err(error) => {
                collected
                    .diagnostics
                    .push(io_error(Path::new(RECORDS_DIR), &error.to_string()));
                return collected;
            }
        };
        let mut stack: Vec<(PathBuf, Tree<'_>)> = vec![(PathBuf::from(RECORDS_DIR), records)];
        while let Some((folder, tree)) = stack.pop() {
            for entry in tree.iter() {
                let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
                let relative = folder.join(&name);
                let mode = entry.filemode();
                if mode == MODE_SYMLINK {
                    collected.diagnostics.push(symlink_refused(&relative));
                    continue;
                }
                if mode == MODE_SUBMODULE {
                    continue;
                }
                if entry.kind() == Some(ObjectType::Tree) {
                    match self.repo.find_tree(entry.id()) {
                        Ok(subtree) => stack.push((relative, subtree)),
                        Err(error) => collected
                            .diagnostics
                            .push(io_error(&relative, &error.to_string())),
                    }
                    continue;
                }
                let size = match odb.read_header(entry.id()) {
                    Ok((size, _)) => size as u64,
                    Err(error) => {
                        collected
                            .diagnostics
                            .push(io_error(&relative, &error.to_string()));
                        continue;
                    }
                };
                let executable = mode == MODE_EXECUTABLE;
                match files::kind_of(&relative) {
                    FileKind::Record => {}
                    FileKind::WrongExtension => {
                        collected
                            .diagnostics
                            .push(files::wrong_extension(&relative));
                        continue;
                    }
                    FileKind::Other => {
                        match self.repo.find_blob(entry.id()) {
                            Ok(blob) => collected.attachments.push(Attachment {
                                path: relative,
                                size,
                                executable,
                                content: content::sniff(blob.content()),
                            }),
                            Err(error) => collected
                                .diagnostics
                                .push(io_error(&relative, &error.to_string())),
                        }
                        continue;
                    }
                }
                if size > options.max_file_bytes {
                    collected.diagnostics.push(files::too_large(
                        &relative,
                        size,
                        options.max_file_bytes,
                    ));
                    continue;
                }
                match self.repo.find_blob(entry.id()) {
                    Ok(blob) => collected.files.push(RawFile {
                        path: relative,
                        bytes: blob.content().to_vec(),
                        executable,
                    }),
                    Err(error) => collected
                        .diagnostics
                        .push(io_error(&relative, &error.to_string())),
                }
            }
        }
        collected.files.sort_by(|a, b| a.path.cmp(&b.path));
        collected.attachments.sort_by(|a, b| a.path.cmp(&b.path));
        collected
    }

    /// `procedures/*.md` of this revision, parsed as the working-tree
    /// loader does.
    pub fn procedures(&self, options: &LoadOptions) -> (Vec<Procedure>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let mut diagnostics = Vec::new();
        let Some(tree) = self.subtree(Path::new(PROCEDURES_DIR)) else {
            return (found, diagnostics);
        };
        let mut entries: Vec<(PathBuf, Oid)> = tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob) && e.filemode() != MODE_SYMLINK)
            .map(|e| {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                (Path::new(PROCEDURES_DIR).join(name), e.id())
            })
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "md"))
            .collect();
        entries.sort();
        for (path, id) in entries {
            // The size from the object header, before the blob is read.
            let size = self.repo.odb().and_then(|odb| odb.read_header(id));
            if let Ok((size, _)) = size
                && size as u64 > options.max_file_bytes
            {
                diagnostics.push(files::too_large(&path, size as u64, options.max_file_bytes));
                continue;
            }
            let bytes = match self.repo.find_blob(id) {
                Ok(blob) => blob.content().to_vec(),
                Err(error) => {
                    diagnostics.push(io_error(&path, &error.to_string()));
                    continue;
                }
            };
            match files::decode(&path, bytes)
                .and_then(|text| procedures::parse(&path, &text, &options.limits))
            {
                Ok(procedure) => found.push(procedure),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        (found, diagnostics)
    }
}

/// A private temporary folder, removed when dropped.
struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    fn new() -> ScratchDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "itreg-{}-{nanos}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        ScratchDir { path }
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

fn io_error(path: &Path, message: &str) -> Diagnostic {
    Diagnostic::error(
        "io",
        path,
        Bilingual::new(
            format!("Không đọc được tệp từ git: {message}"),
            format!("Could not read the file from git: {message}"),
        ),
    )
    .with_hint(
        "Kiểm tra kho git (git fsck); bản sao nông có thể thiếu đối tượng",
        "Check the git repository (git fsck); a shallow clone may lack objects",
    )
}

fn symlink_refused(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "symlink-escape",
        path,
        Bilingual::new(
            "Liên kết tượng trưng trong records/ không được đọc từ git",
            "Symbolic links under records/ are not followed when reading from git",
        ),
    )
    .with_hint(
        "Thay liên kết bằng chính tệp, đặt trong kho",
        "Replace the link with the file itself, inside the repository",
    )
}
