//! The history of every record, from one pass over the commits.
//!
//! [`record_history`] follows the **first-parent** chain from `head` (the
//! history of `main` as merged; changes made on a side branch are credited
//! to the merge commit that brought them in). For each commit it compares
//! the `records/` tree with its first parent's by object id and descends
//! only into sub-trees whose ids differ, so a commit costs a handful of tree
//! reads whatever the size of the repository. Paths are mapped to record
//! identities `(Register, key)` as the loader names them (the asset tag for
//! `records/assets/<unit>/<tag>.yaml`), so a record keeps its history when
//! its file moves between unit folders.
//!
//! The result is cached as JSON (`.itreg-cache/history.json`) keyed by the
//! head commit id; the next call walks only the commits that are new since
//! that head. In a shallow clone the walk stops at the shallow boundary,
//! whose changes are unknown: the index is marked `truncated` and the
//! boundary commit is credited with nothing.

use crate::register::{Naming, Register};
use git2::{ObjectType, Oid, Repository, Tree};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A record's identity: its register and key (`Register::Asset`,
/// `"HN-BD-PC-0001"`; inventories are keyed `year/unit`).
pub type RecordId = (Register, String);

const CACHE_FILE: &str = "history.json";
/// Bump when the cache layout or the meaning of its contents changes.
const CACHE_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// First 12 hex digits.
    pub short: String,
    /// Commit date in the committer's time zone, `YYYY-MM-DD`.
    pub date: String,
    /// Author name.
    pub author: String,
    /// First line of the message.
    pub subject: String,
}

impl CommitInfo {
    /// The commit's page on the Git host, from `site.commit_url`.
    pub fn url(&self, commit_url: Option<&str>) -> Option<String> {
        commit_url.map(|template| commit_link(template, &self.id))
    }
}

/// Fill a `commit_url` template (`https://…/commit/{commit}`) with a full
/// commit id.
pub fn commit_link(template: &str, commit: &str) -> String {
    template.replace("{commit}", commit)
}

/// What a call did, for progress messages and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryStats {
    /// Commits read and compared with their parent in this call.
    pub walked: usize,
    /// Commits taken from the cache without reading them.
    pub reused: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Git(#[from] git2::Error),
}

/// Which records each commit changed, and each record's commits.
#[derive(Debug, Default)]
pub struct HistoryIndex {
    /// Full id of the commit the index was built from.
    pub head: String,
    /// The clone is shallow: history stops at the boundary and older
    /// changes are unknown.
    pub truncated: bool,
    pub stats: HistoryStats,
    /// Commits that changed at least one record, newest first.
    commits: Vec<(CommitInfo, Vec<RecordId>)>,
    by_record: HashMap<RecordId, Vec<CommitInfo>>,
}

impl HistoryIndex {
    /// The commits that added, changed, moved or removed the record, newest
    /// first; empty for a record the index does not know.
    pub fn for_record(&self, register: Register, key: &str) -> &[CommitInfo] {
        self.by_record
            .get(&(register, key.to_owned()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The `n` newest commits that changed records, with the records each
    /// changed (in register, key order).
    pub fn recent(&self, n: usize) -> &[(CommitInfo, Vec<RecordId>)] {
        &self.commits[..n.min(self.commits.len())]
    }

    /// Every record the history knows of, including removed ones.
    pub fn records(&self) -> impl Iterator<Item = &RecordId> {
        self.by_record.keys()
    }

    fn from_commits(
        head: String,
        truncated: bool,
        stats: HistoryStats,
        commits: Vec<(CommitInfo, Vec<RecordId>)>,
    ) -> HistoryIndex {
        let mut by_record: HashMap<RecordId, Vec<CommitInfo>> = HashMap::new();
        for (info, records) in &commits {
            for record in records {
                by_record
                    .entry(record.clone())
                    .or_default()
                    .push(info.clone());
            }
        }
        HistoryIndex {
            head,
            truncated,
            stats,
            commits,
            by_record,
        }
    }
}

/// The history of every record under `records/` at the top of `repo`,
/// following the first-parent chain from `head`. With `cache_dir`, the
/// result is read from and saved to `<cache_dir>/history.json`.
pub fn record_history(
    repo: &Repository,
    head: Oid,
    cache_dir: Option<&Path>,
) -> Result<HistoryIndex, HistoryError> {
    record_history_in(repo, head, Path::new(""), cache_dir)
}

/// The history for an itreg root, as `itreg build` wants it: the repository
/// around `root`, from `at` (any revision; `HEAD` when `None`), cached in
/// `<root>/.itreg-cache/history.json`.
pub fn history_for_root(root: &Path, at: Option<&str>) -> Result<HistoryIndex, super::GitError> {
    // Re-hashing every object read was half the time of an uncached pass
    // (bench/RESULTS.md). The history only reads the local repository that
    // `git` itself maintains, so libgit2's extra verification buys little.
    git2::opts::strict_hash_verification(false);
    let (repo, prefix) = super::open(root)?;
    let head = super::resolve(&repo, at.unwrap_or("HEAD"))?;
    let cache = root.join(".itreg-cache");
    record_history_in(&repo, head, &prefix, Some(&cache)).map_err(|e| match e {
        HistoryError::Git(e) => super::GitError::Git(e),
    })
}

/// As [`record_history`], for records kept in `<prefix>/records/` of the
/// repository (an itreg root below the top of the work tree).
pub fn record_history_in(
    repo: &Repository,
    head: Oid,
    prefix: &Path,
    cache_dir: Option<&Path>,
) -> Result<HistoryIndex, HistoryError> {
    let records_path = prefix.join(crate::load::RECORDS_DIR);
    let prefix_text = prefix.to_string_lossy().replace('\\', "/");
    let shallow = shallow_boundary(repo);
    let cache = cache_dir
        .and_then(|dir| Cache::read(&dir.join(CACHE_FILE)))
        .filter(|cache| cache.version == CACHE_VERSION && cache.prefix == prefix_text)
        // A cache cut short by a shallow clone is worthless once the clone
        // has been deepened.
        .filter(|cache| !cache.truncated || !shallow.is_empty());
    let stop = cache
        .as_ref()
        .and_then(|cache| Oid::from_str(&cache.head).ok());

    let mut stats = HistoryStats::default();
    let mut truncated = false;
    let mut reached_cache = false;
    // First the first-parent chain and each commit's records tree (cheap),
    // then the tree comparisons, which are most of the work, in parallel.
    let mut steps: Vec<Step> = Vec::new();
    let mut next = Some(head);
    // The records tree of the commit being compared, carried over as the
    // child's tree of the next step.
    let mut carried: Option<(Oid, Option<Oid>)> = None;
    while let Some(id) = next {
        if Some(id) == stop {
            reached_cache = true;
            break;
        }
        let commit = repo.find_commit(id)?;
        stats.walked += 1;
        let records_tree = match carried {
            Some((carried_id, tree)) if carried_id == id => tree,
            _ => records_tree_of(repo, commit.tree_id(), &records_path)?,
        };
        let parent = if shallow.contains(&id) {
            None
        } else {
            commit
                .parent_id(0)
                .ok()
                .and_then(|pid| repo.find_commit(pid).ok().map(|p| (pid, p.tree_id())))
        };
        let boundary = parent.is_none() && (shallow.contains(&id) || commit.parent_count() > 0);
        let (parent_records, parent_id) = match parent {
            Some((pid, tree)) => (records_tree_of(repo, tree, &records_path)?, Some(pid)),
            None => (None, None),
        };
        if boundary {
            // Its parent is not in the clone: what it changed is unknown.
            truncated = true;
        } else if parent_records != records_tree {
            steps.push(Step {
                commit: id,
                old: parent_records,
                new: records_tree,
            });
        }
        carried = parent_id.map(|pid| (pid, parent_records));
        next = parent_id;
    }
    let fresh = compare_steps(repo, &steps)?;

    let mut commits = fresh;
    if reached_cache && let Some(cache) = cache {
        truncated |= cache.truncated;
        stats.reused = cache.walked;
        commits.extend(
            cache
                .commits
                .into_iter()
                .filter_map(CachedCommit::into_entry),
        );
    }
    if let Some(dir) = cache_dir {
        let cache = Cache {
            version: CACHE_VERSION,
            prefix: prefix_text,
            head: head.to_string(),
            truncated,
            walked: stats.walked + stats.reused,
            commits: commits.iter().map(CachedCommit::from_entry).collect(),
        };
        // The cache only saves time: a read-only folder is no error.
        let _ = cache.write(dir);
    }
    Ok(HistoryIndex::from_commits(
        head.to_string(),
        truncated,
        stats,
        commits,
    ))
}

/// The commits git lists in `.git/shallow`: their parents are missing.
fn shallow_boundary(repo: &Repository) -> HashSet<Oid> {
    if !repo.is_shallow() {
        return HashSet::new();
    }
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

fn records_tree_of(
    repo: &Repository,
    root_tree: Oid,
    records_path: &Path,
) -> Result<Option<Oid>, git2::Error> {
    let tree = repo.find_tree(root_tree)?;
    Ok(match tree.get_path(records_path) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Some(entry.id()),
        _ => None,
    })
}

/// Paths (relative to `records/`) of the blobs that differ between two
/// trees, descending only into sub-trees whose ids differ. Both trees are
/// walked side by side in git's own entry order, without allocating.
fn changed_paths<'r>(
    trees: &mut Trees<'r>,
    old: Option<Oid>,
    new: Option<Oid>,
    path: &mut PathBuf,
    out: &mut Vec<PathBuf>,
) -> Result<(), git2::Error> {
    if old == new {
        return Ok(());
    }
    let old_tree = old.map(|id| trees.get(id)).transpose()?;
    let new_tree = new.map(|id| trees.get(id)).transpose()?;
    let mut before = old_tree.iter().flat_map(Tree::iter).peekable();
    let mut after = new_tree.iter().flat_map(Tree::iter).peekable();
    loop {
        let order = match (before.peek(), after.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => git_order(a, b),
        };
        let (a, b) = match order {
            Ordering::Less => (before.next(), None),
            Ordering::Greater => (None, after.next()),
            Ordering::Equal => (before.next(), after.next()),
        };
        let side = |e: &Option<git2::TreeEntry<'_>>| {
            e.as_ref()
                .map(|e| (e.id(), e.kind() == Some(ObjectType::Tree)))
        };
        let (a_side, b_side) = (side(&a), side(&b));
        if a_side == b_side {
            continue;
        }
        let name = a
            .as_ref()
            .or(b.as_ref())
            .map(|e| e.name_bytes())
            .unwrap_or_default();
        path.push(String::from_utf8_lossy(name).as_ref());
        let tree_of = |side: Option<(Oid, bool)>| side.filter(|(_, t)| *t).map(|(id, _)| id);
        let blob_of = |side: Option<(Oid, bool)>| side.filter(|(_, t)| !*t).map(|(id, _)| id);
        if blob_of(a_side) != blob_of(b_side) {
            out.push(path.clone());
        }
        changed_paths(trees, tree_of(a_side), tree_of(b_side), path, out)?;
        path.pop();
    }
    Ok(())
}

/// One commit to compare with its first parent: their records trees.
struct Step {
    commit: Oid,
    old: Option<Oid>,
    new: Option<Oid>,
}

/// Steps compared per task: long enough runs that each task reuses the
/// trees of one step in the next (see [`Trees`]).
const STEPS_PER_TASK: usize = 64;

/// The records each step changed, with its commit, in the order of `steps`.
/// Runs of steps go to the worker threads, each with its own handle on the
/// repository (a libgit2 repository is not shared between threads).
fn compare_steps(
    repo: &Repository,
    steps: &[Step],
) -> Result<Vec<(CommitInfo, Vec<RecordId>)>, git2::Error> {
    let path = repo.path().to_owned();
    let runs: Vec<Vec<(CommitInfo, Vec<RecordId>)>> = steps
        .par_chunks(STEPS_PER_TASK)
        .map(|run| {
            let repo = Repository::open(&path)?;
            let mut trees = Trees::new(&repo);
            let mut found = Vec::new();
            for step in run {
                let mut paths = Vec::new();
                changed_paths(
                    &mut trees,
                    step.old,
                    step.new,
                    &mut PathBuf::new(),
                    &mut paths,
                )?;
                trees.next_step();
                let ids: BTreeSet<RecordId> = paths.iter().filter_map(|p| identity(p)).collect();
                if !ids.is_empty() {
                    let commit = repo.find_commit(step.commit)?;
                    found.push((commit_info(&commit), ids.into_iter().collect()));
                }
            }
            Ok(found)
        })
        .collect::<Result<_, git2::Error>>()?;
    Ok(runs.into_iter().flatten().collect())
}

/// The trees read in the last two steps of the walk. Walking from child to
/// parent, each step's parent side is the next step's child side, so the
/// large, unchanged folders (2,500 staff files) are parsed once, not twice.
struct Trees<'r> {
    repo: &'r Repository,
    current: HashMap<Oid, Tree<'r>>,
    previous: HashMap<Oid, Tree<'r>>,
}

impl<'r> Trees<'r> {
    fn new(repo: &'r Repository) -> Self {
        Trees {
            repo,
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }

    fn get(&mut self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        if let Some(tree) = self.current.get(&id).or_else(|| self.previous.get(&id)) {
            return Ok(tree.clone());
        }
        let tree = self.repo.find_tree(id)?;
        self.current.insert(id, tree.clone());
        Ok(tree)
    }

    /// Forget the trees of the step before last.
    fn next_step(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// Git sorts tree entries by name, a folder's name compared as if it ended
/// in `/`. Entries of the same name and type compare equal.
fn git_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> Ordering {
    fn key<'e>(e: &'e git2::TreeEntry<'_>) -> impl Iterator<Item = u8> + 'e {
        let slash: &[u8] = if e.kind() == Some(ObjectType::Tree) {
            b"/"
        } else {
            b""
        };
        e.name_bytes().iter().chain(slash).copied()
    }
    key(a).cmp(key(b))
}

/// The record a path under `records/` holds, named as the loader names it.
/// `None` for attachments and files outside any register.
pub fn identity(within_records: &Path) -> Option<RecordId> {
    if within_records.extension().is_none_or(|e| e != "yaml") {
        return None;
    }
    let (register, middle) = Register::classify(within_records)?;
    let stem = within_records.file_stem()?.to_string_lossy().into_owned();
    let key = match (register.naming(), middle.as_slice()) {
        (Naming::Id | Naming::Year, []) => stem,
        (Naming::IdUnderUnit, [_unit]) => stem,
        (Naming::YearThenUnit, [year]) => format!("{year}/{stem}"),
        _ => return None,
    };
    Some((register, key))
}

fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let id = commit.id().to_string();
    let time = commit.time();
    let date = chrono::FixedOffset::east_opt(time.offset_minutes() * 60)
        .and_then(|offset| {
            chrono::DateTime::from_timestamp(time.seconds(), 0)
                .map(|utc| utc.with_timezone(&offset).date_naive().to_string())
        })
        .unwrap_or_default();
    CommitInfo {
        short: id[..12].to_owned(),
        id,
        date,
        author: bounded(commit.author().name_bytes(), MAX_AUTHOR_CHARS),
        subject: commit
            .summary_bytes()
            .map(|s| bounded(s, MAX_SUBJECT_CHARS))
            .unwrap_or_default(),
    }
}

/// A commit's subject is copied into every page of every record it touched;
/// a 20 MB subject must not grow the site by gigabytes.
const MAX_SUBJECT_CHARS: usize = 200;
const MAX_AUTHOR_CHARS: usize = 100;

/// At most `max` characters of `bytes`, with `…` where it was cut.
fn bounded(bytes: &[u8], max: usize) -> String {
    let head = &bytes[..bytes.len().min(max * 4)];
    let text = String::from_utf8_lossy(head);
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if head.len() < bytes.len() => format!("{text}…"),
        None => text.into_owned(),
    }
}

#[derive(Serialize, Deserialize)]
struct Cache {
    version: u32,
    /// The itreg root inside the repository.
    prefix: String,
    head: String,
    truncated: bool,
    /// Commits the cached index covers (walked in this call or before).
    walked: usize,
    commits: Vec<CachedCommit>,
}

#[derive(Serialize, Deserialize)]
struct CachedCommit {
    #[serde(flatten)]
    info: CommitInfo,
    /// `[register slug, key]` pairs.
    records: Vec<(String, String)>,
}

impl CachedCommit {
    fn from_entry((info, records): &(CommitInfo, Vec<RecordId>)) -> CachedCommit {
        CachedCommit {
            info: info.clone(),
            records: records
                .iter()
                .map(|(r, k)| (r.slug().to_owned(), k.clone()))
                .collect(),
        }
    }

    fn into_entry(self) -> Option<(CommitInfo, Vec<RecordId>)> {
        let records = self
            .records
            .into_iter()
            .map(|(slug, key)| Register::from_slug(&slug).map(|r| (r, key)))
            .collect::<Option<Vec<_>>>()?;
        Some((self.info, records))
    }
}

impl Cache {
    fn read(path: &Path) -> Option<Cache> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }

    /// Write beside the target and rename, so a reader never sees half a file.
    fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let target = dir.join(CACHE_FILE);
        let temporary = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
        std::fs::write(&temporary, serde_json::to_vec(self)?)?;
        std::fs::rename(&temporary, &target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_follow_the_loader() {
        let id = |p: &str| identity(Path::new(p));
        assert_eq!(
            id("assets/hn-q1/HN-1.yaml"),
            Some((Register::Asset, "HN-1".into()))
        );
        assert_eq!(
            id("inventories/2025/hn.yaml"),
            Some((Register::Inventory, "2025/hn".into()))
        );
        assert_eq!(
            id("mail/accounts/anhnv.yaml"),
            Some((Register::MailAccount, "anhnv".into()))
        );
        assert_eq!(id("assets/HN-1.yaml"), None);
        assert_eq!(id("assets/hn-q1/scan.pdf"), None);
        assert_eq!(id("units/a/b.yaml"), None);
    }
}
