//! The render and write stages: `itreg build` turns the checked model into a
//! static site, one language per folder, and swaps it into place.

mod fields;

mod html;
pub use html::escape as escape_html;
pub mod markdown;
mod pages;
mod schema_nav;
mod search;
pub mod site;
mod templates;
mod write;

use crate::check::{self, CheckOptions, Checked};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::register::Register;
use pages::{Page, RecordPageInput, root_of};
use rayon::prelude::*;
use search::SearchDoc;
use serde_json::{Value, json};
use site::Site;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;
use write::OutputFile;

pub struct BuildOptions {
    pub today: chrono::NaiveDate,
    pub out: Option<PathBuf>,
    pub include_confidential: bool,
    /// Shows a progress bar on a terminal.
    pub progress: bool,
    /// Build from this git revision (records, procedures, schemas and
    /// `itreg.toml` read from the tree, no checkout) instead of the working
    /// tree. Templates still come from the working tree.
    pub at: Option<String>,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub out: PathBuf,
    pub pages: usize,
    pub records: usize,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Check(#[from] check::CheckError),
    #[error("the records have {0} error(s); fix them first (run `itreg check`)")]
    Invalid(usize, Vec<Diagnostic>),
    #[error("{0}")]
    Template(String),
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Check, then render the whole site into the output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let check_options = CheckOptions {
        today: options.today,
        only: None,
    };
    let (config, checked, commit) = match &options.at {
        Some(rev) => {
            let snapshot = crate::git::Snapshot::open(root, rev)
                .map_err(|e| check::CheckError::Git(e.to_string()))?;
            let config = snapshot.config().map_err(check::CheckError::Config)?;
            let checked = check::check_git(root, rev, &check_options)?;
            (config, checked, snapshot.short_id())
        }
        None => {
            let config = Config::load(root).map_err(check::CheckError::Config)?;
            let checked = check::check_dir(root, &check_options)?;
            (config, checked, commit_id(root))
        }
    };
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(BuildError::Invalid(errors.len(), errors));
    }
    let out = options.out.clone().unwrap_or_else(|| {
        let folder = if options.include_confidential {
            &config.site.restricted_out_dir
        } else {
            &config.site.out_dir
        };
        root.join(folder)
    });
    let templates_dir = config.site.templates_dir.as_ref().map(|d| root.join(d));
    // Outside a git repository the site simply has no history.
    let history = crate::history::history_for_root(root, options.at.as_deref()).ok();
    let files = render_site(
        &checked,
        &config,
        options,
        templates_dir.as_deref(),
        &commit,
        history.as_ref(),
    )?;
    let pages = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    write::write_site(&out, &files).map_err(|source| BuildError::Write {
        path: out.clone(),
        source,
    })?;
    Ok(BuildSummary {
        out,
        pages,
        records: checked.model.records.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The commit the records come from, for the "built at" line.
fn commit_id(root: &Path) -> String {
    git2::Repository::discover(root)
        .ok()
        .and_then(|repo| {
            repo.head()
                .ok()?
                .peel_to_commit()
                .ok()
                .map(|c| c.id().to_string())
        })
        .map(|id| id[..12].to_owned())
        .unwrap_or_default()
}

fn labels() -> HashMap<Lang, BTreeMap<String, String>> {
    templates::LABELS
        .iter()
        .map(|(code, text)| {
            let lang = if *code == "vi" { Lang::Vi } else { Lang::En };
            let map: BTreeMap<String, String> =
                toml::from_str(text).expect("built-in label files are valid TOML");
            (lang, map)
        })
        .collect()
}

/// Render every page of every language. Pure: no file is touched.
pub fn render_site(
    checked: &Checked,
    config: &Config,
    options: &BuildOptions,
    templates_dir: Option<&Path>,
    commit: &str,
    history: Option<&crate::history::HistoryIndex>,
) -> Result<Vec<OutputFile>, BuildError> {
    let tera = templates::load(templates_dir).map_err(BuildError::Template)?;
    let site = Site::new(
        &checked.model,
        &checked.schemas,
        options.include_confidential,
        labels(),
    );
    let today = options.today.to_string();
    let progress = progress_bar(
        options.progress,
        site.visible.len() * config.site.languages.len(),
    );
    let mut files: Vec<OutputFile> = templates::STATIC_FILES
        .iter()
        .map(|(path, text)| OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let report_units: Vec<String> = site
        .visible
        .keys()
        .map(|&i| site.record(i))
        .filter(|r| r.register == Register::Unit)
        .map(|r| r.key.clone())
        .collect();
    let reports = unit_reports(&checked.model, &report_units, options);
    for &lang in &config.site.languages {
        let prefix = if lang == Lang::Vi { "" } else { "en/" };
        let mut page_list = vec![
            pages::report_index(&site, lang, &report_units),
            pages::recent_changes(&site, lang, history, config.site.commit_url.as_deref()),
            pages::home(&site, lang, &checked.diagnostics),
            pages::unit_tree(&site, lang),
            pages::procedure_list(&site, lang, &checked.procedures),
            pages::search_page(&site, lang),
            pages::not_found(&site, lang),
        ];
        // Units are listed on the tree page. The access register is
        // confidential as a whole (C2): no list page.
        let listed = Register::ALL
            .into_iter()
            .filter(|&r| r != Register::Unit)
            .filter(|&r| options.include_confidential || r != Register::Access);
        page_list.extend(listed.map(|r| pages::register_list(&site, lang, r)));
        page_list.extend(
            checked
                .procedures
                .iter()
                .map(|p| pages::procedure_page(&site, lang, p)),
        );
        let input = RecordPageInput {
            history,
            commit_url: config.site.commit_url.as_deref(),
            edit_url: config.site.edit_url.as_deref(),
            procedures: &checked.procedures,
            today: &today,
        };
        let shell = Shell {
            site: &site,
            config,
            lang,
            prefix,
            commit,
            today: &today,
            restricted: options.include_confidential,
        };
        let mut rendered: Vec<OutputFile> = page_list
            .iter()
            .map(|page| shell.render(&tera, page))
            .collect::<Result<_, _>>()?;
        let record_pages: Vec<OutputFile> = site
            .visible
            .par_iter()
            .map(|(&index, _)| {
                let page = pages::record_page(&site, lang, index, &input);
                progress.inc(1);
                shell.render(&tera, &page)
            })
            .collect::<Result<_, _>>()?;
        rendered.extend(record_pages);
        files.extend(rendered);
        files.extend(search::index_files(
            prefix,
            &search_docs(&site, lang, &checked.procedures),
        ));
        let report_files: Vec<Vec<OutputFile>> = reports
            .par_iter()
            .map(|report| report_files(&shell, &tera, report))
            .collect::<Result<_, _>>()?;
        files.extend(report_files.into_iter().flatten());
    }
    progress.finish_and_clear();
    Ok(files)
}

/// Every report for every published unit, computed once for all languages.
fn unit_reports(
    model: &crate::model::Model,
    units: &[String],
    options: &BuildOptions,
) -> Vec<crate::reports::Report> {
    let definitions = crate::reports::all();
    units
        .par_iter()
        .flat_map_iter(|unit| {
            let params = crate::reports::Params {
                unit: Some(unit.clone()),
                period: None,
                today: options.today,
                include_confidential: options.include_confidential,
            };
            definitions
                .iter()
                .filter_map(move |def| crate::reports::build_def(model, def, &params).ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A report's page with its CSV and XLSX downloads beside it.
fn report_files(
    shell: &Shell,
    tera: &templates::Templates,
    report: &crate::reports::Report,
) -> Result<Vec<OutputFile>, BuildError> {
    let page = pages::report_page(shell.site, shell.lang, report);
    let base = format!("{}reports/{}/{}", shell.prefix, report.unit, report.id);
    let xlsx = crate::reports::render_xlsx(report, shell.lang)
        .map_err(|e| BuildError::Template(format!("{base}.xlsx: {e}")))?;
    Ok(vec![
        shell.render(tera, &page)?,
        OutputFile {
            path: format!("{base}.csv").into(),
            bytes: crate::reports::render_csv(report, shell.lang),
        },
        OutputFile {
            path: format!("{base}.xlsx").into(),
            bytes: xlsx,
        },
    ])
}

fn progress_bar(enabled: bool, total: usize) -> indicatif::ProgressBar {
    if !enabled {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message("Đang dựng trang / rendering");
    bar
}

/// What every page shares: navigation, language switch, banner, footer.
struct Shell<'s, 'a> {
    site: &'s Site<'a>,
    config: &'s Config,
    lang: Lang,
    prefix: &'static str,
    commit: &'s str,
    today: &'s str,
    restricted: bool,
}

impl Shell<'_, '_> {
    fn render(&self, tera: &templates::Templates, page: &Page) -> Result<OutputFile, BuildError> {
        let root = root_of(&page.path);
        let site_root = format!("{root}{}", if self.prefix.is_empty() { "" } else { "../" });
        let other = if self.lang == Lang::Vi {
            Lang::En
        } else {
            Lang::Vi
        };
        let switch_href = match self.lang {
            Lang::Vi => format!("{root}en/{}", page.path),
            Lang::En => format!("{site_root}{}", page.path),
        };
        let nav: Vec<Value> = [
            ("home", "index.html"),
            ("units", "units/index.html"),
            ("assets", "assets/index.html"),
            ("software", "software/index.html"),
            ("networks", "networks/index.html"),
            ("databases", "databases/index.html"),
            ("mail", "mail/accounts/index.html"),
            ("procedures", "procedures/index.html"),
            ("reports", "reports/index.html"),
            ("recent_changes", "changes.html"),
        ]
        .iter()
        .map(|(key, href)| {
            json!({
                "label": self.site.text(key, self.lang),
                "href": format!("{root}{href}"),
                "current": page.path == *href,
            })
        })
        .collect();
        let mut context = tera::Context::new();
        context.insert("page", &page.context);
        context.insert("title", &page.title);
        context.insert("lang", self.lang.code());
        context.insert("root", &root);
        context.insert("site_root", &site_root);
        context.insert("t", self.site.labels(self.lang));
        context.insert("nav", &nav);
        context.insert("site_title", &self.config.site.title);
        context.insert("switch_href", &switch_href);
        context.insert("switch_lang", other.code());
        context.insert("switch_label", self.site.text("switch_label", self.lang));
        context.insert("restricted", &self.restricted);
        context.insert(
            "built_at",
            &format!(
                "{} · {}",
                self.today,
                if self.commit.is_empty() {
                    "—"
                } else {
                    self.commit
                }
            ),
        );
        let html = tera.render(page.template, &context).map_err(|e| {
            let path = format!("{}{}", self.prefix, page.path);
            BuildError::Template(tera.explain(&e, page.template, Some(&path)))
        })?;
        Ok(OutputFile {
            path: format!("{}{}", self.prefix, page.path).into(),
            bytes: html.into_bytes(),
        })
    }
}

fn search_docs(
    site: &Site,
    lang: Lang,
    procedures: &[crate::load::procedures::Procedure],
) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = site
        .visible
        .iter()
        .map(|(&index, value)| {
            let record = site.record(index);
            let (vi, en) = record.register.label();
            let mut text = String::new();
            collect_text(value, &mut text);
            let unit = value.get("unit").and_then(Value::as_str).unwrap_or("");
            SearchDoc {
                title: site::title(value, &record.key).to_owned(),
                url: site::record_path(record.register, &record.key),
                kind: (if lang == Lang::Vi { vi } else { en }).to_owned(),
                subtitle: if unit.is_empty() {
                    record.key.clone()
                } else {
                    format!("{} · {unit}", record.key)
                },
                text,
            }
        })
        .collect();
    docs.extend(procedures.iter().map(|p| SearchDoc {
        title: p.str_field("title").unwrap_or(&p.slug).to_owned(),
        url: format!("procedures/{}.html", p.slug),
        kind: site.text("procedure", lang).to_owned(),
        subtitle: p.list_field("clauses").join(", "),
        text: format!("{} {}", p.str_field("summary").unwrap_or(""), p.body),
    }));
    docs
}

/// Every string in a value, space-separated, for the search index.
fn collect_text(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push(' ');
        }
        Value::Array(items) => items.iter().for_each(|i| collect_text(i, out)),
        Value::Object(map) => map.values().for_each(|v| collect_text(v, out)),
        _ => {}
    }
}
