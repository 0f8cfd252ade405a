//! Where a build may write. The atomic swap replaces the output folder
//! whole, so a wrong `--out` (the repository, `records/`, someone's
//! documents) would delete what is there. A folder is itreg's own only when
//! it is missing, empty, or carries the marker an earlier build left in it;
//! anything else is refused before a byte is written.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// The file every built site carries, naming which kind of site it is.
pub const MARKER: &str = ".itreg-site";

/// Entries that mark a folder as a records repository rather than a site,
/// even one with a marker. (A site has `procedures/` and `schema/` pages of
/// its own; a folder without the marker is refused anyway.)
const SOURCE_ENTRIES: &[&str] = &["records", "itreg.toml", ".git"];

/// Folders of the repository a site must never be written into.
const SOURCE_FOLDERS: &[&str] = &["records", "procedures", "schema", "site-templates", ".git"];

/// Which site a folder holds: the restricted one must never replace the
/// public one (or be served from where the public one is deployed).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SiteKind {
    Public,
    Restricted,
}

impl SiteKind {
    pub fn new(include_confidential: bool) -> SiteKind {
        if include_confidential {
            SiteKind::Restricted
        } else {
            SiteKind::Public
        }
    }

    /// The marker file's text.
    pub fn marker(self) -> &'static str {
        match self {
            SiteKind::Public => "itreg public site\n",
            SiteKind::Restricted => "itreg restricted site (MẬT / confidential)\n",
        }
    }

    fn from_marker(text: &str) -> Option<SiteKind> {
        [SiteKind::Public, SiteKind::Restricted]
            .into_iter()
            .find(|kind| kind.marker().trim_end() == text.trim_end())
    }
}

/// Why a folder cannot take the site, said with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub folder: PathBuf,
    pub vi: String,
    pub en: String,
}

impl crate::term::Localized for Refusal {
    fn say(&self, lang: crate::diagnostic::Lang) -> String {
        let folder = self.folder.display();
        match lang {
            crate::diagnostic::Lang::Vi => {
                format!("{folder}: không ghi trang vào thư mục này: {}", self.vi)
            }
            crate::diagnostic::Lang::En => {
                format!("{folder}: refusing to write the site here: {}", self.en)
            }
        }
    }
}

crate::display_both_languages!(Refusal);

impl std::error::Error for Refusal {}

/// What the build is about to do, for [`check`].
pub struct Request<'a> {
    /// The repository root.
    pub root: &'a Path,
    /// The output folder, as given.
    pub out: &'a Path,
    /// `--out` on the command line, rather than `itreg.toml`: only then may
    /// the folder lie outside the repository.
    pub from_command_line: bool,
    pub kind: SiteKind,
    /// Where the public site goes, so a restricted build can stay out of it.
    pub public_out: &'a Path,
    /// The site's own templates folder, a source like `records/`.
    pub templates_dir: Option<&'a Path>,
}

/// Refuse an output folder that is not itreg's own to replace.
pub fn check(request: &Request) -> Result<(), Refusal> {
    let refuse = |vi: &str, en: &str| Refusal {
        folder: request.out.to_owned(),
        vi: vi.to_owned(),
        en: en.to_owned(),
    };
    let root = resolved(request.root);
    let out = resolved(request.out);
    if root.starts_with(&out) {
        return Err(refuse(
            "đây là thư mục gốc của kho hồ sơ hoặc thư mục chứa nó; chọn một thư mục riêng như `public`",
            "this is the repository root or a folder that holds it; choose a folder of its own such as `public`",
        ));
    }
    let templates = request.templates_dir.map(|dir| root.join(dir));
    let inside_sources = SOURCE_FOLDERS
        .iter()
        .map(|folder| root.join(folder))
        .chain(templates)
        .any(|source| out.starts_with(resolved(&source)));
    if inside_sources {
        return Err(refuse(
            "thư mục nằm trong nguồn của kho (records/, procedures/, schema/, mẫu trang, .git); chọn thư mục ngoài các thư mục đó",
            "the folder is inside the repository's sources (records/, procedures/, schema/, templates, .git); choose one outside them",
        ));
    }
    if !request.from_command_line && !out.starts_with(&root) {
        return Err(refuse(
            "`out_dir` trong itreg.toml phải nằm trong kho; muốn ghi ra nơi khác thì dùng `--out` trên dòng lệnh",
            "`out_dir` in itreg.toml must be inside the repository; to write elsewhere, give `--out` on the command line",
        ));
    }
    if request.kind == SiteKind::Restricted && out == resolved(request.public_out) {
        return Err(refuse(
            "bản có hồ sơ mật không bao giờ ghi vào thư mục của trang công khai; bỏ `--out` để ghi vào `public-restricted/`",
            "the restricted site never goes where the public site lives; drop `--out` to write `public-restricted/`",
        ));
    }
    check_contents(&out, request.kind).map_err(|(vi, en)| refuse(&vi, &en))
}

/// The folder's own contents: missing, empty, or an earlier site of the
/// same kind.
fn check_contents(out: &Path, kind: SiteKind) -> Result<(), (String, String)> {
    let Ok(metadata) = fs::metadata(out) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err((
            "đây là một tệp, không phải thư mục".into(),
            "this is a file, not a folder".into(),
        ));
    }
    if let Some(source) = SOURCE_ENTRIES.iter().find(|e| out.join(e).exists()) {
        return Err((
            format!("thư mục chứa `{source}`, tức là một kho hồ sơ; chọn thư mục khác"),
            format!("the folder holds `{source}`, so it is a records repository; choose another"),
        ));
    }
    let empty = fs::read_dir(out)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(());
    }
    let marker = fs::read_to_string(out.join(MARKER)).ok();
    match marker.as_deref().and_then(SiteKind::from_marker) {
        Some(found) if found == kind => Ok(()),
        Some(SiteKind::Public) => Err((
            "thư mục đang chứa trang công khai; bản có hồ sơ mật không ghi vào đó".into(),
            "the folder holds the public site; the restricted site never replaces it".into(),
        )),
        Some(SiteKind::Restricted) => Err((
            "thư mục đang chứa bản có hồ sơ mật; trang công khai không ghi đè lên nó".into(),
            "the folder holds the restricted site; the public site does not replace it".into(),
        )),
        None => Err((
            format!(
                "thư mục không trống và không phải trang do itreg dựng (thiếu tệp {MARKER}); chọn thư mục trống, hoặc tự xóa thư mục nếu chắc chắn không cần"
            ),
            format!(
                "the folder is not empty and is not a site itreg built (no {MARKER} file); choose an empty folder, or delete this one yourself if you are sure"
            ),
        )),
    }
}

/// `path` made absolute, with `.` and `..` worked out and every link of the
/// part that exists followed, so that two spellings of one folder compare
/// equal even when the folder does not exist yet.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut existing = PathBuf::new();
    let mut rest = Vec::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir if rest.is_empty() => {
                existing = existing.canonicalize().unwrap_or(existing);
                existing.pop();
            }
            Component::ParentDir => {
                rest.pop();
            }
            Component::CurDir => {}
            other if rest.is_empty() && existing.join(other).exists() => existing.push(other),
            other => rest.push(other.as_os_str().to_owned()),
        }
    }
    let mut path = existing.canonicalize().unwrap_or(existing);
    path.extend(rest);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_folder_resolve_alike() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir(base.join("a")).unwrap();
        assert_eq!(resolved(&base.join("a/./b/../c")), base.join("a/c"));
        assert_eq!(resolved(&base.join("missing/../a")), base.join("a"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a"), base.join("link")).unwrap();
            assert_eq!(resolved(&base.join("link/new")), base.join("a/new"));
        }
    }

    #[test]
    fn a_marker_names_its_kind() {
        for kind in [SiteKind::Public, SiteKind::Restricted] {
            assert_eq!(SiteKind::from_marker(kind.marker()), Some(kind));
        }
        assert_eq!(SiteKind::from_marker("my notes"), None);
    }
}
