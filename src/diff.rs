//! `itreg diff`: a semantic diff of the records between two revisions.
//!
//! Records are matched by identity `(register, key)`, not by path, so a file
//! moved between unit folders is reported as *moved* (and, if its content
//! changed too, as *changed*). For each changed record the fields that
//! changed are listed as JSON pointers with the schema's titles; items
//! appended to a list (an asset's events) show as added items. Both sides
//! are checked with the same code as `itreg check`, and the diagnostics the
//! change introduces and the ones it fixes are listed (matched by code, file
//! and message, ignoring line numbers, and following moved files).
//!
//! Confidential values (fields marked `x-classification: confidential`,
//! records classified confidential, the access register) are never printed:
//! the change is listed with its value withheld, since the output is meant
//! for pull-request comments.

use crate::check::{self, CheckError, CheckOptions, Checked};
use crate::diagnostic::{Bilingual, Diagnostic, Severity};
use crate::git::{self, GitError};
use crate::load::Record;
use crate::register::Register;
use crate::validate::schema::SchemaSet;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One side of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// The files on disk under the root, committed or not.
    WorkTree,
    /// A git revision: tag, branch, commit id, `HEAD~2`…
    Rev(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct SideInfo {
    /// What the user asked for: `origin/main`, `HEAD`, or `working tree`.
    pub label: String,
    /// The full commit id, absent for the working tree.
    pub commit: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecordRef {
    pub register: Register,
    pub key: String,
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Moved {
    pub register: Register,
    pub key: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Clone, Debug, Serialize)]
pub struct FieldChange {
    /// JSON pointer into the record: on the head side for added and changed
    /// values, on the base side for removed ones.
    pub pointer: String,
    /// The schema titles along the pointer, `›`-separated.
    pub label: Bilingual,
    pub kind: ChangeKind,
    /// Withheld (`null`) when `confidential`.
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub confidential: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangedRecord {
    pub register: Register,
    pub key: String,
    /// The path on the head side.
    pub path: String,
    pub changes: Vec<FieldChange>,
}

/// The whole comparison, ready for [`markdown`] or [`json`].
#[derive(Clone, Debug, Serialize)]
pub struct RecordDiff {
    pub base: SideInfo,
    pub head: SideInfo,
    pub added: Vec<RecordRef>,
    pub removed: Vec<RecordRef>,
    pub moved: Vec<Moved>,
    pub changed: Vec<ChangedRecord>,
    /// Records whose file is still there but no longer loads (see the
    /// introduced diagnostics for why).
    pub unreadable: Vec<RecordRef>,
    /// Diagnostics on the head side with no match on the base side.
    pub introduced: Vec<Diagnostic>,
    /// Diagnostics on the base side with no match on the head side.
    pub fixed: Vec<Diagnostic>,
}

impl RecordDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
            && self.unreadable.is_empty()
            && self.introduced.is_empty()
            && self.fixed.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    Git(#[from] GitError),
    Check(#[from] CheckError),
}

impl crate::term::Localized for DiffError {
    fn say(&self, lang: crate::diagnostic::Lang) -> String {
        match self {
            DiffError::Git(error) => error.say(lang),
            DiffError::Check(error) => error.say(lang),
        }
    }
}

crate::display_both_languages!(DiffError);

/// The base used when none is given:
///
/// 1. if `origin/main` exists and the head commit (for the working tree:
///    `HEAD`) is not on it, their merge base, the point the branch left
///    `main`, so the diff shows what a pull request would;
/// 2. otherwise, for the working tree, `HEAD` (the uncommitted changes, as
///    `git diff` shows them);
/// 3. otherwise the first parent of the head revision (`REV~1`).
pub fn default_base(root: &Path, head: &Side) -> Result<Side, DiffError> {
    let (repo, _) = git::open(root)?;
    let head_rev = match head {
        Side::WorkTree => "HEAD",
        Side::Rev(rev) => rev.as_str(),
    };
    let head_commit = git::resolve(&repo, head_rev)?;
    if let Ok(main) = git::resolve(&repo, "origin/main")
        && let Ok(base) = repo.merge_base(head_commit, main)
        && base != head_commit
    {
        return Ok(Side::Rev(base.to_string()));
    }
    Ok(match head {
        Side::WorkTree => Side::Rev("HEAD".into()),
        Side::Rev(rev) => Side::Rev(format!("{rev}~1")),
    })
}

/// Check one side as `itreg check` would.
pub fn load_side(
    root: &Path,
    side: &Side,
    options: &CheckOptions,
) -> Result<(Checked, SideInfo), DiffError> {
    match side {
        Side::WorkTree => Ok((
            check::check_dir(root, options)?,
            SideInfo {
                label: "working tree".into(),
                commit: None,
            },
        )),
        Side::Rev(rev) => {
            let (repo, _) = git::open(root)?;
            let commit = git::resolve(&repo, rev)?;
            Ok((
                check::check_git(root, rev, options)?,
                SideInfo {
                    label: rev.clone(),
                    commit: Some(commit.to_string()),
                },
            ))
        }
    }
}

/// Compare `base` with `head` under `root`.
pub fn diff(
    root: &Path,
    base: &Side,
    head: &Side,
    options: &CheckOptions,
) -> Result<RecordDiff, DiffError> {
    let (base_checked, base_info) = load_side(root, base, options)?;
    let (head_checked, head_info) = load_side(root, head, options)?;
    Ok(compare(&base_checked, base_info, &head_checked, head_info))
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn reference(record: &Record) -> RecordRef {
    RecordRef {
        register: record.register,
        key: record.key.clone(),
        path: path_text(&record.path),
    }
}

type Identity = (Register, String);

/// Records by identity; a key held by several files (a duplicate the check
/// reports) keeps its files in path order.
fn by_identity(records: &[Record]) -> BTreeMap<Identity, Vec<&Record>> {
    let mut map: BTreeMap<Identity, Vec<&Record>> = BTreeMap::new();
    for record in records {
        map.entry((record.register, record.key.clone()))
            .or_default()
            .push(record);
    }
    for files in map.values_mut() {
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    map
}

/// Compare two checked sides.
pub fn compare(
    base: &Checked,
    base_info: SideInfo,
    head: &Checked,
    head_info: SideInfo,
) -> RecordDiff {
    let base_records = by_identity(&base.model.records);
    let head_records = by_identity(&head.model.records);
    let mut diff = RecordDiff {
        base: base_info,
        head: head_info,
        added: Vec::new(),
        removed: Vec::new(),
        moved: Vec::new(),
        changed: Vec::new(),
        unreadable: Vec::new(),
        introduced: Vec::new(),
        fixed: Vec::new(),
    };
    let head_diagnosed: std::collections::HashSet<&Path> =
        head.diagnostics.iter().map(|d| d.file.as_path()).collect();
    // Base path → head path, to match diagnostics across moves.
    let mut moves: HashMap<PathBuf, PathBuf> = HashMap::new();
    let labels = Labels {
        schemas: &head.schemas,
    };
    for (identity, olds) in &base_records {
        let news = head_records.get(identity).map(Vec::as_slice).unwrap_or(&[]);
        // Same path first, then the rest in order.
        let mut unmatched_new: Vec<&Record> = news
            .iter()
            .copied()
            .filter(|n| !olds.iter().any(|o| o.path == n.path))
            .collect();
        unmatched_new.reverse();
        for old in olds {
            let new = news
                .iter()
                .copied()
                .find(|n| n.path == old.path)
                .or_else(|| unmatched_new.pop());
            let Some(new) = new else {
                if head_diagnosed.contains(old.path.as_path()) {
                    diff.unreadable.push(reference(old));
                } else {
                    diff.removed.push(reference(old));
                }
                continue;
            };
            if new.path != old.path {
                moves.insert(old.path.clone(), new.path.clone());
                diff.moved.push(Moved {
                    register: identity.0,
                    key: identity.1.clone(),
                    from: path_text(&old.path),
                    to: path_text(&new.path),
                });
            }
            if old.value != new.value {
                let secret = crate::load::is_confidential(old) || crate::load::is_confidential(new);
                let mut changes = Vec::new();
                let (before, after) = (old.value.to_json(), new.value.to_json());
                diff_values(&before, &after, &mut String::new(), &mut changes);
                let changes = changes
                    .into_iter()
                    .map(|raw| labels.field_change(new.register, raw, secret))
                    .collect();
                diff.changed.push(ChangedRecord {
                    register: identity.0,
                    key: identity.1.clone(),
                    path: path_text(&new.path),
                    changes,
                });
            }
        }
        unmatched_new.reverse();
        diff.added.extend(unmatched_new.into_iter().map(reference));
    }
    for (identity, news) in &head_records {
        if !base_records.contains_key(identity) {
            diff.added.extend(news.iter().map(|r| reference(r)));
        }
    }
    diff.added
        .sort_by(|a, b| (a.register, &a.key).cmp(&(b.register, &b.key)));
    let (introduced, fixed) = compare_diagnostics(&base.diagnostics, &head.diagnostics, &moves);
    diff.introduced = introduced;
    diff.fixed = fixed;
    diff
}

/// Diagnostics only on the head side, and only on the base side, matched by
/// code, file (through `moves`) and message, as multisets.
fn compare_diagnostics(
    base: &[Diagnostic],
    head: &[Diagnostic],
    moves: &HashMap<PathBuf, PathBuf>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    type Key<'a> = (&'a str, &'a Path, &'a str, &'a str);
    fn key_of<'a>(d: &'a Diagnostic, file: &'a Path) -> Key<'a> {
        (&d.code, file, &d.message.vi, &d.message.en)
    }
    let base_file = |d: &Diagnostic| -> PathBuf {
        moves
            .get(&d.file)
            .cloned()
            .unwrap_or_else(|| d.file.clone())
    };
    let base_files: Vec<PathBuf> = base.iter().map(base_file).collect();
    let mut counts: HashMap<Key<'_>, isize> = HashMap::new();
    for (d, file) in base.iter().zip(&base_files) {
        *counts.entry(key_of(d, file)).or_default() += 1;
    }
    let mut introduced = Vec::new();
    for d in head {
        let count = counts.entry(key_of(d, &d.file)).or_default();
        if *count > 0 {
            *count -= 1;
        } else {
            introduced.push(d.clone());
        }
    }
    // What is left on the base side was fixed.
    let mut fixed = Vec::new();
    for (d, file) in base.iter().zip(&base_files) {
        let count = counts.entry(key_of(d, file)).or_default();
        if *count > 0 {
            *count -= 1;
            fixed.push(d.clone());
        }
    }
    (introduced, fixed)
}

/// A change before labels: pointer, kind, values.
struct RawChange {
    pointer: String,
    kind: ChangeKind,
    before: Option<Value>,
    after: Option<Value>,
}

fn push_token(pointer: &mut String, token: &str) -> usize {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    length
}

/// The changes that turn `old` into `new`, at `pointer`.
fn diff_values(old: &Value, new: &Value, pointer: &mut String, out: &mut Vec<RawChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(before), Value::Object(after)) => {
            for (key, value) in before {
                let length = push_token(pointer, key);
                match after.get(key) {
                    Some(other) => diff_values(value, other, pointer, out),
                    None => out.push(RawChange {
                        pointer: pointer.clone(),
                        kind: ChangeKind::Removed,
                        before: Some(value.clone()),
                        after: None,
                    }),
                }
                pointer.truncate(length);
            }
            for (key, value) in after {
                if before.contains_key(key) {
                    continue;
                }
                let length = push_token(pointer, key);
                out.push(RawChange {
                    pointer: pointer.clone(),
                    kind: ChangeKind::Added,
                    before: None,
                    after: Some(value.clone()),
                });
                pointer.truncate(length);
            }
        }
        (Value::Array(before), Value::Array(after)) => diff_arrays(before, after, pointer, out),
        _ => out.push(RawChange {
            pointer: pointer.clone(),
            kind: ChangeKind::Changed,
            before: Some(old.clone()),
            after: Some(new.clone()),
        }),
    }
}

/// Align two lists on their longest common subsequence, so an item
/// inserted or appended shows as one added item rather than every later
/// item changed. Unmatched items between two matches are paired up as
/// changed items; the rest are added or removed.
fn diff_arrays(before: &[Value], after: &[Value], pointer: &mut String, out: &mut Vec<RawChange>) {
    let (n, m) = (before.len(), after.len());
    // Past this size an LCS table costs more than it is worth: compare by position.
    let pairs: Vec<(usize, usize)> = if n.saturating_mul(m) > 1_000_000 {
        (0..n.min(m))
            .filter(|&i| before[i] == after[i])
            .map(|i| (i, i))
            .collect()
    } else {
        let mut table = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[at(i, j)] = if before[i] == after[j] {
                    table[at(i + 1, j + 1)] + 1
                } else {
                    table[at(i + 1, j)].max(table[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
        while i < n && j < m {
            if before[i] == after[j] {
                pairs.push((i, j));
                i += 1;
                j += 1;
            } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
                i += 1;
            } else {
                j += 1;
            }
        }
        pairs
    };
    let (mut i, mut j) = (0, 0);
    for (next_i, next_j) in pairs.into_iter().chain([(n, m)]) {
        let removed = &before[i..next_i];
        let added = &after[j..next_j];
        let common = removed.len().min(added.len());
        for (k, (old, new)) in removed.iter().zip(added).enumerate() {
            let length = push_token(pointer, &(j + k).to_string());
            diff_values(old, new, pointer, out);
            pointer.truncate(length);
        }
        for (k, value) in removed.iter().enumerate().skip(common) {
            let length = push_token(pointer, &(i + k).to_string());
            out.push(RawChange {
                pointer: pointer.clone(),
                kind: ChangeKind::Removed,
                before: Some(value.clone()),
                after: None,
            });
            pointer.truncate(length);
        }
        for (k, value) in added.iter().enumerate().skip(common) {
            let length = push_token(pointer, &(j + k).to_string());
            out.push(RawChange {
                pointer: pointer.clone(),
                kind: ChangeKind::Added,
                before: None,
                after: Some(value.clone()),
            });
            pointer.truncate(length);
        }
        i = next_i + 1;
        j = next_j + 1;
    }
}

/// Labels and confidentiality from the schemas.
struct Labels<'a> {
    schemas: &'a SchemaSet,
}

impl<'a> Labels<'a> {
    /// Follow `$ref`s (local or into another schema file).
    fn resolve(&self, mut node: &'a Value, mut document: &'a Value) -> (&'a Value, &'a Value) {
        for _ in 0..8 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
            let target = if file.is_empty() {
                Some(document)
            } else {
                self.schemas.document(file.trim_end_matches(".schema.json"))
            };
            match target.and_then(|d| d.pointer(fragment).map(|n| (n, d))) {
                Some((found, in_document)) => {
                    node = found;
                    document = in_document;
                }
                None => break,
            }
        }
        (node, document)
    }

    fn property(&self, node: &'a Value, key: &str) -> Option<&'a Value> {
        if let Some(found) = node.get("properties").and_then(|p| p.get(key)) {
            return Some(found);
        }
        ["allOf", "anyOf", "oneOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(Value::as_array))
            .flatten()
            .flat_map(|branch| [Some(branch), branch.get("then"), branch.get("else")])
            .flatten()
            .find_map(|branch| branch.get("properties").and_then(|p| p.get(key)))
    }

    fn title(&self, node: &'a Value, document: &'a Value, key: &str) -> Option<&'a str> {
        node.get(key).and_then(Value::as_str).or_else(|| {
            self.resolve(node, document)
                .0
                .get(key)
                .and_then(Value::as_str)
        })
    }

    fn confidential(&self, node: &'a Value, document: &'a Value) -> bool {
        let marked =
            |n: &Value| n.get("x-classification").and_then(Value::as_str) == Some("confidential");
        marked(node) || marked(self.resolve(node, document).0)
    }

    /// The titles along `pointer`, in both languages, and whether any node
    /// on the way is confidential.
    fn describe(&self, register: Register, pointer: &str) -> (Bilingual, bool) {
        let mut document = self.schemas.register_schema(register);
        let mut node = Some(document);
        let mut vi: Vec<String> = Vec::new();
        let mut en: Vec<String> = Vec::new();
        let mut confidential = false;
        for token in pointer.split('/').skip(1) {
            let token = crate::load::yaml::unescape_pointer_segment(token);
            let current = node.map(|n| self.resolve(n, document));
            let index = token.parse::<usize>().ok();
            let child = current.and_then(|(n, d)| {
                document = d;
                match index {
                    Some(_) => n.get("items"),
                    None => self.property(n, &token),
                }
            });
            match (child, index) {
                (Some(child), Some(i)) => {
                    // `Sự kiện #3`, or `#3` after the list's own title.
                    match (
                        self.title(child, document, "title"),
                        self.title(child, document, "x-title-en"),
                    ) {
                        (Some(t_vi), t_en) => {
                            vi.push(format!("{t_vi} #{}", i + 1));
                            en.push(format!("{} #{}", t_en.unwrap_or(t_vi), i + 1));
                        }
                        _ => {
                            let suffix = format!(" #{}", i + 1);
                            push_or_append(&mut vi, &suffix);
                            push_or_append(&mut en, &suffix);
                        }
                    }
                }
                (Some(child), None) => {
                    let t_vi = self.title(child, document, "title").unwrap_or(&token);
                    let t_en = self.title(child, document, "x-title-en").unwrap_or(t_vi);
                    vi.push(t_vi.to_owned());
                    en.push(t_en.to_owned());
                }
                (None, Some(i)) => {
                    let suffix = format!(" #{}", i + 1);
                    push_or_append(&mut vi, &suffix);
                    push_or_append(&mut en, &suffix);
                }
                (None, None) => {
                    vi.push(token.clone());
                    en.push(token.clone());
                }
            }
            if let Some(child) = child {
                confidential |= self.confidential(child, document);
            }
            node = child;
        }
        if vi.is_empty() {
            vi.push("(cả hồ sơ)".into());
            en.push("(whole record)".into());
        }
        (Bilingual::new(vi.join(" › "), en.join(" › ")), confidential)
    }

    fn field_change(&self, register: Register, raw: RawChange, secret_record: bool) -> FieldChange {
        let (label, confidential_field) = self.describe(register, &raw.pointer);
        let confidential = secret_record
            || confidential_field
            || matches!(register, Register::Access | Register::Incident);
        let withhold = |v: Option<Value>| if confidential { None } else { v };
        FieldChange {
            pointer: raw.pointer,
            label,
            kind: raw.kind,
            before: withhold(raw.before),
            after: withhold(raw.after),
            confidential,
        }
    }
}

fn push_or_append(parts: &mut Vec<String>, suffix: &str) {
    match parts.last_mut() {
        Some(last) => last.push_str(suffix),
        None => parts.push(suffix.trim_start().to_owned()),
    }
}

/// The diff as JSON, for machines.
pub fn json(diff: &RecordDiff) -> String {
    let mut text = serde_json::to_string_pretty(diff).expect("the diff serialises");
    text.push('\n');
    text
}

/// Escape text for a Markdown table cell: the marks that open links,
/// emphasis, code or a new cell are backslash-escaped, so a file or value
/// named `[x](javascript:…)` or `**x**` shows as written; `<` and `>`
/// become entities (no HTML, no autolinks), line breaks `<br>`.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as a code span, where Markdown reads no markup; a table cell still
/// needs `|` escaped and the line kept whole. Text holding a backtick is
/// escaped as a plain cell instead.
fn code(text: &str) -> String {
    if text.contains('`') || text.trim().is_empty() {
        cell(text)
    } else {
        format!("`{}`", text.replace('|', "\\|").replace(['\r', '\n'], " "))
    }
}

/// A value on one line: scalars as code, mappings as `key: value` pairs.
fn inline(value: &Value) -> String {
    fn plain(value: &Value) -> String {
        match value {
            Value::String(s) => s.clone(),
            Value::Null => "null".into(),
            Value::Array(items) => format!(
                "[{}]",
                items.iter().map(plain).collect::<Vec<_>>().join(", ")
            ),
            Value::Object(map) => format!(
                "{{{}}}",
                map.iter()
                    .map(|(k, v)| format!("{k}: {}", plain(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => other.to_string(),
        }
    }
    let shorten = |text: String| match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    };
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", code(&shorten(plain(v)))))
            .collect::<Vec<_>>()
            .join("<br>"),
        Value::Array(items) if items.iter().any(Value::is_object) => items
            .iter()
            .map(|item| format!("• {}", cell(&shorten(plain(item)))))
            .collect::<Vec<_>>()
            .join("<br>"),
        other => code(&shorten(plain(other))),
    }
}

fn register_label(register: Register) -> String {
    let (vi, en) = register.label();
    format!("{vi} · {en}")
}

fn side_line(side: &SideInfo) -> String {
    match &side.commit {
        Some(commit) if side.label == *commit => format!("`{}`", &commit[..12]),
        Some(commit) => format!("{} (`{}`)", code(&side.label), &commit[..12]),
        None => "cây làm việc · working tree".into(),
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "❌ Lỗi · error",
        Severity::Warning => "⚠️ Cảnh báo · warning",
    }
}

fn diagnostics_table(out: &mut String, diagnostics: &[Diagnostic]) {
    out.push_str("| Mức · Severity | Mã · Code | Vị trí · Location | Nội dung · Message |\n");
    out.push_str("|---|---|---|---|\n");
    for d in diagnostics {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}<br>*{}* |",
            severity(d.severity),
            code(&d.code),
            code(&format!("{}:{}", d.file_display(), d.line)),
            cell(&d.message.vi),
            cell(&d.message.en),
        );
    }
    out.push('\n');
}

/// The diff as Markdown, for a pull-request comment or
/// `$GITHUB_STEP_SUMMARY`: Vietnamese first, English beside it.
pub fn markdown(diff: &RecordDiff) -> String {
    let mut out = String::new();
    out.push_str("## Thay đổi hồ sơ · Record changes\n\n");
    let _ = writeln!(
        out,
        "Gốc · Base: {} → Đích · Head: {}\n",
        side_line(&diff.base),
        side_line(&diff.head)
    );
    if diff.is_empty() {
        out.push_str("Không có thay đổi hồ sơ nào. · No record changes.\n");
        return out;
    }
    let errors = |list: &[Diagnostic]| {
        list.iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    };
    out.push_str("| Thay đổi · Change | Số lượng · Count |\n|---|---:|\n");
    let rows = [
        ("Hồ sơ thêm mới · Added records", diff.added.len()),
        ("Hồ sơ bị xóa · Removed records", diff.removed.len()),
        ("Hồ sơ chuyển chỗ · Moved records", diff.moved.len()),
        ("Hồ sơ được sửa · Changed records", diff.changed.len()),
        (
            "Hồ sơ không đọc được · Unreadable records",
            diff.unreadable.len(),
        ),
        (
            "Vấn đề mới phát sinh · Problems introduced",
            diff.introduced.len(),
        ),
        ("Vấn đề đã khắc phục · Problems fixed", diff.fixed.len()),
    ];
    for (label, count) in rows {
        if count > 0 || !label.contains("không đọc") {
            let _ = writeln!(out, "| {label} | {count} |");
        }
    }
    out.push('\n');
    if errors(&diff.introduced) > 0 {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> Thay đổi này gây ra {n} lỗi mới. · This change introduces {n} new error(s).\n",
            n = errors(&diff.introduced)
        );
    }
    let record_table = |out: &mut String, title: &str, list: &[RecordRef]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(out, "### {title}\n");
        out.push_str("| Sổ · Register | Mã · Key | Tệp · File |\n|---|---|---|\n");
        for r in list {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                register_label(r.register),
                code(&r.key),
                code(&r.path)
            );
        }
        out.push('\n');
    };
    record_table(&mut out, "Hồ sơ thêm mới · Added records", &diff.added);
    record_table(&mut out, "Hồ sơ bị xóa · Removed records", &diff.removed);
    record_table(
        &mut out,
        "Hồ sơ không đọc được · Unreadable records",
        &diff.unreadable,
    );
    if !diff.moved.is_empty() {
        out.push_str("### Hồ sơ chuyển chỗ · Moved records\n\n");
        out.push_str("| Sổ · Register | Mã · Key | Từ · From | Đến · To |\n|---|---|---|---|\n");
        for m in &diff.moved {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                register_label(m.register),
                code(&m.key),
                code(&m.from),
                code(&m.to)
            );
        }
        out.push('\n');
    }
    if !diff.changed.is_empty() {
        out.push_str("### Hồ sơ được sửa · Changed records\n\n");
        for record in &diff.changed {
            let _ = writeln!(
                out,
                "#### {} {}\n\n{}\n",
                register_label(record.register),
                code(&record.key),
                code(&record.path)
            );
            out.push_str("| Trường · Field | Trước · Before | Sau · After |\n|---|---|---|\n");
            for change in &record.changes {
                let value = |v: &Option<Value>| match v {
                    _ if change.confidential => "*(mật · confidential)*".to_owned(),
                    Some(v) => inline(v),
                    None => "—".to_owned(),
                };
                let label = if change.label.vi == change.label.en {
                    cell(&change.label.vi)
                } else {
                    format!("{} · {}", cell(&change.label.vi), cell(&change.label.en))
                };
                let (before, after) = match change.kind {
                    ChangeKind::Added if !change.confidential => ("—".into(), value(&change.after)),
                    ChangeKind::Removed if !change.confidential => {
                        (value(&change.before), "—".into())
                    }
                    _ => (value(&change.before), value(&change.after)),
                };
                let _ = writeln!(
                    out,
                    "| {label} ({}) | {before} | {after} |",
                    code(&change.pointer)
                );
            }
            out.push('\n');
        }
    }
    if !diff.introduced.is_empty() {
        out.push_str("### Vấn đề mới phát sinh · Problems introduced\n\n");
        diagnostics_table(&mut out, &diff.introduced);
    }
    if !diff.fixed.is_empty() {
        out.push_str("### Vấn đề đã khắc phục · Problems fixed\n\n");
        diagnostics_table(&mut out, &diff.fixed);
    }
    out
}
