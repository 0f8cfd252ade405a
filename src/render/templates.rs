//! Tera templates: the built-in set from `site-templates/`, each replaceable
//! by a file of the same name in the site's own `templates_dir`.

use std::path::Path;
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
        "table.html",
        include_str!("../../site-templates/table.html"),
    ),
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
    (
        "changes.html",
        include_str!("../../site-templates/changes.html"),
    ),
];

pub const STATIC_FILES: &[(&str, &str)] = &[
    (
        "static/style.css",
        include_str!("../../site-templates/static/style.css"),
    ),
    (
        "static/itreg.js",
        include_str!("../../site-templates/static/itreg.js"),
    ),
];

pub const LABELS: &[(&str, &str)] = &[
    ("vi", include_str!("../../site-templates/i18n/vi.toml")),
    ("en", include_str!("../../site-templates/i18n/en.toml")),
];

pub fn load(override_dir: Option<&Path>) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html"]);
    let mut sources = Vec::new();
    for (name, built_in) in BUILT_IN {
        let own = override_dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let text = match own {
            Some(path) => {
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => built_in.to_string(),
        };
        sources.push((*name, text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
        .map_err(|e| format!("template: {e}"))?;
    Ok(tera)
}
