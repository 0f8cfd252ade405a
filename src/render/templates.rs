//! Tera templates: the built-in set from `site-templates/`, each replaceable
//! by a file of the same name in the site's own `templates_dir`.

use crate::diagnostic::Bilingual;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../site-templates/base.html")),
    ("home.html", include_str!("../../site-templates/home.html")),
    (
        "units.html",
        include_str!("../../site-templates/units.html"),
    ),
    ("list.html", include_str!("../../site-templates/list.html")),
    (
        "record.html",
        include_str!("../../site-templates/record.html"),
    ),
    (
        "procedures.html",
        include_str!("../../site-templates/procedures.html"),
    ),
    (
        "procedure.html",
        include_str!("../../site-templates/procedure.html"),
    ),
    (
        "search.html",
        include_str!("../../site-templates/search.html"),
    ),
    ("404.html", include_str!("../../site-templates/404.html")),
    (
        "reports.html",
        include_str!("../../site-templates/reports.html"),
    ),
    (
        "report.html",
        include_str!("../../site-templates/report.html"),
    ),
    ("form.html", include_str!("../../site-templates/form.html")),
    (
        "mail-help.html",
        include_str!("../../site-templates/mail-help.html"),
    ),
    (
        "changes.html",
        include_str!("../../site-templates/changes.html"),
    ),
];

/// Templates a site may still have a copy of, though itreg no longer reads
/// them, with what became of each.
const RETIRED: &[(&str, &str, &str)] = &[(
    "table.html",
    "bảng (danh sách, hồ sơ liên quan, báo cáo) nay do itreg tạo sẵn, tệp này không còn được dùng; hãy xóa tệp",
    "tables (lists, related records, reports) are now built by itreg and this file is no longer read; delete it",
)];

/// The site's stylesheet, also put inside a form printed by `itreg form`.
pub const STYLESHEET: &str = include_str!("../../site-templates/static/style.css");

pub const STATIC_FILES: &[(&str, &str)] = &[
    ("static/style.css", STYLESHEET),
    (
        "static/itreg.js",
        include_str!("../../site-templates/static/itreg.js"),
    ),
    (
        "static/labels.css",
        include_str!("../../site-templates/static/labels.css"),
    ),
    (
        "static/labels.js",
        include_str!("../../site-templates/static/labels.js"),
    ),
    // Loaded by `itreg.js` only when a report's XLSX button is clicked
    // (see `site-templates/static/vendor/README.md`).
    (
        "static/write-excel-file.min.js",
        include_str!("../../site-templates/static/vendor/write-excel-file.min.js"),
    ),
];

pub const LABELS: &[(&str, &str)] = &[
    ("vi", include_str!("../../site-templates/i18n/vi.toml")),
    ("en", include_str!("../../site-templates/i18n/en.toml")),
];

/// The templates a site renders with, and where each one came from, so
/// that an error names the file the user has to fix.
#[derive(Clone)]
pub struct Templates {
    pub tera: Tera,
    /// Template name → the site's own copy that replaced the built-in one.
    own: BTreeMap<&'static str, PathBuf>,
    /// What the build should tell the user about the site's own templates.
    pub notices: Vec<Bilingual>,
    /// A hash of every template's text, for reusing pages (`reuse`).
    pub fingerprint: u64,
}

/// Where in a template an error is, as far as Tera tells.
struct Location {
    template: String,
    line: Option<(usize, usize)>,
}

/// The built-in templates, each replaced by the file of the same name in
/// `override_dir` (a folder of the repository at `root`) where there is one.
pub fn load(root: &Path, override_dir: Option<&Path>) -> Result<Templates, Bilingual> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html"]);
    let mut sources = Vec::new();
    let mut own = BTreeMap::new();
    for (name, built_in) in BUILT_IN {
        let path = override_dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let text = match path {
            Some(path) => {
                refuse_outside(root, &path)?;
                let text = std::fs::read_to_string(&path).map_err(|e| unreadable(&path, &e))?;
                own.insert(*name, path);
                text
            }
            None => built_in.to_string(),
        };
        sources.push((*name, text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
        .map_err(|error| explain(&own, &error, "", None))?;
    let notices = RETIRED
        .iter()
        .filter_map(|(name, vi, en)| {
            let path = override_dir?.join(name);
            let file = path.display();
            path.is_file()
                .then(|| Bilingual::new(format!("{file}: {vi}"), format!("{file}: {en}")))
        })
        .collect();
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        sources.hash(&mut hasher);
        hasher.finish()
    };
    Ok(Templates {
        tera,
        own,
        notices,
        fingerprint,
    })
}

/// A template is published (its text, or a file it pulls in through a
/// link), so it must be a file of the repository, not a link to
/// `/etc/passwd`.
fn refuse_outside(root: &Path, path: &Path) -> Result<(), Bilingual> {
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(file)) => file.starts_with(root),
        _ => false,
    };
    if inside {
        return Ok(());
    }
    let file = path.display();
    Err(Bilingual::new(
        format!(
            "{file}: mẫu trang trỏ ra ngoài kho hồ sơ (liên kết hoặc thư mục bên ngoài), nên không được đọc\n  cách sửa: đặt chính tệp mẫu trang vào trong kho"
        ),
        format!(
            "{file}: the template leads outside the repository (a link or an outside folder), so it is not read\n  fix: put the template file itself in the repository"
        ),
    ))
}

fn unreadable(path: &Path, error: &std::io::Error) -> Bilingual {
    let file = path.display();
    Bilingual::new(
        format!(
            "{file}: không đọc được mẫu trang: {error}\n  cách sửa: lưu tệp ở dạng văn bản UTF-8, hoặc xóa tệp để dùng mẫu có sẵn"
        ),
        format!(
            "{file}: cannot read the template: {error}\n  fix: save it as UTF-8 text, or delete it to use the built-in template"
        ),
    )
}

impl Templates {
    /// Render into bytes: Tera writes UTF-8, and the page goes straight to
    /// a file, so the check and copy of a `String` are skipped.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, tera::Error> {
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera.render_to(name, context, &mut html)?;
        Ok(html)
    }

    /// See [`explain`].
    pub fn explain(&self, error: &tera::Error, template: &str, page: Option<&str>) -> Bilingual {
        explain(&self.own, error, template, page)
    }
}

/// What to do, in Vietnamese and English.
const FIX_OWN: (&str, &str) = (
    "cách sửa: sửa mẫu trang này (cú pháp Tera), hoặc xóa tệp để dùng mẫu có sẵn; trang cũ được giữ nguyên",
    "fix: correct this template (Tera syntax), or delete it to use the built-in one; the previous site is untouched",
);

const FIX_BUILT_IN: (&str, &str) = (
    "đây là lỗi của itreg, không phải của hồ sơ: hãy báo lỗi kèm thông báo này; trang cũ được giữ nguyên",
    "this is a bug in itreg, not in the records: please report it with this message; the previous site is untouched",
);

/// A template error as the user needs it: the file and line, Tera's own
/// report, the page being built, and what to do. `template` is the
/// template being rendered, used when Tera names none.
fn explain(
    own: &BTreeMap<&'static str, PathBuf>,
    error: &tera::Error,
    template: &str,
    page: Option<&str>,
) -> Bilingual {
    let location = locate(error, template);
    let (file, fix) = match own.get(location.template.as_str()) {
        Some(path) => (path.display().to_string(), FIX_OWN),
        // Tera named no template: one of the site's own copies is to blame.
        None if location.template.is_empty() && !own.is_empty() => (
            own.values()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            FIX_OWN,
        ),
        None => (
            format!("site-templates/{}", location.template),
            FIX_BUILT_IN,
        ),
    };
    let at = location
        .line
        .map(|(line, column)| format!(":{line}:{column}"))
        .unwrap_or_default();
    let report = error.to_string().replace('\n', "\n    ");
    let page_vi = page.map(|p| format!("\n  khi dựng trang {p}"));
    let page_en = page.map(|p| format!("\n  while building {p}"));
    Bilingual::new(
        format!(
            "{file}{at}: lỗi mẫu trang\n    {report}{}\n  {}",
            page_vi.unwrap_or_default(),
            fix.0
        ),
        format!(
            "{file}{at}: template error\n    {report}{}\n  {}",
            page_en.unwrap_or_default(),
            fix.1
        ),
    )
}

/// The template and line Tera blames. Unknown filters, tests and
/// functions are reported when templates are added, as text only.
fn locate(error: &tera::Error, template: &str) -> Location {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Location {
            template: report.filename().to_owned(),
            line: Some((report.span().start_line, report.span().start_col + 1)),
        },
        ErrorKind::MissingParent { current, .. } => Location {
            template: current.clone(),
            line: None,
        },
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Location {
                template: tpl.clone(),
                line: None,
            }
        }
        _ => locate_in_text(&error.to_string()).unwrap_or(Location {
            template: template.to_owned(),
            line: None,
        }),
    }
}

/// The first `--> name:line:column` of a Tera report.
fn locate_in_text(text: &str) -> Option<Location> {
    let rest = text.split("--> ").nth(1)?.lines().next()?;
    let mut parts = rest.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some(Location {
        template: parts.next()?.to_owned(),
        line: Some((line, column)),
    })
}
