//! The render and write stages: `itreg build` turns the checked model into a
//! static site, one language per folder, and swaps it into place.

mod compliance;
mod field_plan;
mod fields;
mod form_pages;

mod html;
mod localise;
pub use html::{escape as escape_html, push_escaped, push_link};
pub mod markdown;
pub mod output_folder;
mod pages;
pub mod paper;
mod reuse;
mod search;
pub mod site;
mod table;
mod templates;
mod write;

use crate::check::{self, CheckOptions, Checked};
use crate::config::Config;
use crate::diagnostic::{Bilingual, Diagnostic, Lang, Severity};
use crate::register::Register;
use crate::timings;
use crate::value::Value as RecordValue;
use pages::{Page, RecordPageInput, root_of};
use rayon::prelude::*;
use search::{Field, FieldClass, SearchDoc, TextSource};
use serde_json::{Value, json};
use site::Site;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct BuildOptions {
    pub today: chrono::NaiveDate,
    pub out: Option<PathBuf>,
    pub include_confidential: bool,
    /// Shows a progress bar on a terminal, in this language.
    pub progress: Option<Lang>,
    /// Build from this git revision (records, procedures, schemas and
    /// `itreg.toml` read from the tree, no checkout) instead of the working
    /// tree. Templates still come from the working tree.
    pub at: Option<String>,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub out: PathBuf,
    /// Warnings about the site's own templates, for the user to act on.
    pub notices: Vec<Bilingual>,
    pub published: Published,
    pub records: usize,
    pub seconds: f64,
}

/// What a build put in the site folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Published {
    pub pages: usize,
    /// Files whose bytes are new or changed since the previous build.
    pub written: usize,
    /// Files kept from the previous build as they were (same modification time).
    pub kept: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    Check(#[from] check::CheckError),
    Invalid(usize, Vec<Diagnostic>),
    /// A template failed; the text names the file, line and page.
    Template(Bilingual),
    /// A spreadsheet or Word file could not be made.
    Document {
        path: String,
        cause: String,
    },
    /// The output folder is not itreg's own to replace.
    OutputFolder(#[from] output_folder::Refusal),
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl crate::term::Localized for BuildError {
    fn say(&self, lang: Lang) -> String {
        match self {
            BuildError::Check(error) => error.say(lang),
            BuildError::Invalid(count, _) => crate::say!(
                lang,
                "hồ sơ có {count} lỗi; sửa trước (chạy `itreg check`)",
                "the records have {count} error(s); fix them first (run `itreg check`)"
            ),
            BuildError::Template(message) => message.get(lang).to_owned(),
            BuildError::Document { path, cause } => crate::say!(
                lang,
                "không tạo được {path}: {cause}; trang cũ được giữ nguyên",
                "cannot make {path}: {cause}; the previous site is untouched"
            ),
            BuildError::OutputFolder(refusal) => refusal.say(lang),
            BuildError::Write { path, source } => crate::say!(
                lang,
                "không ghi được {path}: {source}; trang cũ được giữ nguyên",
                "cannot write {path}: {source}; the previous site is untouched",
                path = path.display()
            ),
        }
    }
}

crate::display_both_languages!(BuildError);

/// What a build needs besides the output folder: the checked records and
/// everything read beside them. `serve` keeps one alive between rebuilds.
pub struct Prepared {
    pub checked: Checked,
    pub config: Config,
    /// The commit the records come from, for the "built at" line.
    pub commit: String,
    pub history: Option<crate::history::HistoryIndex>,
    /// What the masking step left out, for edits under `serve`; `None`
    /// in a restricted build, whose model holds every record.
    pub mask: Option<crate::mask::Mask>,
    templates: templates::Templates,
}

/// Check the records and load the templates; refuse if anything is wrong.
pub fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    let check_options = CheckOptions {
        today: options.today,
        only: None,
    };
    let (config, mut checked, commit) = match &options.at {
        Some(rev) => {
            let snapshot = crate::git::Snapshot::open(root, rev).map_err(check::CheckError::Git)?;
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
    checked.model.forget_positions();
    // Every page, report and search entry of the default site reads the
    // masked model from here on (C2).
    let mask = (!options.include_confidential).then(|| {
        let _timing = timings::phase("mask");
        crate::mask::mask_checked(&mut checked)
    });
    let templates_dir = config.site.templates_dir.as_ref().map(|d| root.join(d));
    let templates =
        templates::load(root, templates_dir.as_deref()).map_err(BuildError::Template)?;
    // Outside a git repository the site simply has no history.
    let history = {
        let _timing = timings::phase("history");
        crate::history::history_for_root(root, options.at.as_deref()).ok()
    };
    Ok(Prepared {
        checked,
        config,
        commit,
        history,
        mask,
        templates,
    })
}

/// The folder the site goes to: `--out`, or the configured one, once
/// [`output_folder::check`] agrees it is itreg's own to replace.
pub fn out_dir(
    root: &Path,
    config: &Config,
    options: &BuildOptions,
) -> Result<PathBuf, BuildError> {
    let public_out = root.join(&config.site.out_dir);
    let out = options.out.clone().unwrap_or_else(|| {
        if options.include_confidential {
            root.join(&config.site.restricted_out_dir)
        } else {
            public_out.clone()
        }
    });
    output_folder::check(&output_folder::Request {
        root,
        out: &out,
        from_command_line: options.out.is_some(),
        kind: output_folder::SiteKind::new(options.include_confidential),
        public_out: &public_out,
        templates_dir: config.site.templates_dir.as_deref().map(Path::new),
    })?;
    Ok(out)
}

/// Check, then render the whole site into the output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let mut prepared = {
        let _timing = timings::phase("check, templates and history");
        prepare(root, options)?
    };
    // Positions only serve the check's messages; a page never shows one,
    // so they are freed before rendering makes its own peak.
    let records = &mut prepared.checked.model.records;
    records
        .par_iter_mut()
        .for_each(|r| r.source_map = Default::default());
    let out = out_dir(root, &prepared.config, options)?;
    let renderer = {
        let _timing = timings::phase("site model");
        Renderer::new(&prepared, options)
    };
    let published = renderer.publish(&out)?;
    let records = prepared.checked.model.records.len();
    let mut notices = prepared.templates.notices.clone();
    if prepared.config.site.base_url.is_none() && !prepared.checked.model.assets.is_empty() {
        notices.push(Bilingual::new(
            crate::labels::NO_BASE_URL_VI,
            crate::labels::NO_BASE_URL_EN,
        ));
    }
    // Freeing a large model takes a noticeable share of a build; do it off
    // the critical path (at exit the process simply ends).
    std::thread::spawn(move || drop(prepared));
    Ok(BuildSummary {
        out,
        notices,
        published,
        records,
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

fn labels() -> HashMap<Lang, site::Labels> {
    templates::LABELS
        .iter()
        .map(|(code, text)| {
            let lang = if *code == "vi" { Lang::Vi } else { Lang::En };
            let map: site::Labels =
                toml::from_str(text).expect("built-in label files are valid TOML");
            (lang, map)
        })
        .collect()
}

/// The pages that are not one per record or report.
#[derive(Clone, Copy)]
enum FixedPage {
    ReportIndex,
    RecentChanges,
    Home,
    UnitTree,
    ProcedureList,
    Search,
    NotFound,
    MailHelp,
    RegisterList(Register),
    /// One unit's part of a split register list, by its position in
    /// [`Site::unit_lists`].
    UnitList(Register, usize),
    Procedure(usize),
}

/// One unit of parallel work: a page, or a part of the search index.
enum Job<'r> {
    Static(&'static str, &'static str),
    Fixed(usize, FixedPage),
    Record(usize, usize),
    /// One unit's (position in [`Renderer::report_units`]) report
    /// (definition position).
    Report(usize, usize),
    /// One form (Mẫu 01, Mẫu 02), in every language, with its Word file.
    Form(&'r form_pages::FormRef),
    /// One unit's label sheet (language-neutral, under `labels/`).
    LabelSheet(&'r str),
    LabelIndex,
    /// The QR code file of one unit of [`Renderer::label_tags`].
    QrCodes(usize),
    /// The JSON Schemas under `schema/`, for editors' modelines pointing at
    /// the site. They describe fields, never hold records, so they are
    /// the same on the public and the restricted site.
    Schemas,
    /// The one search index both languages' search pages read.
    Search,
}

/// Renders the pages of one checked model, in every configured language.
pub struct Renderer<'p> {
    prepared: &'p Prepared,
    pub site: Site<'p>,
    shells: Vec<Shell>,
    include_confidential: bool,
    progress: Option<Lang>,
    /// `today` as a date, for the reports' periods.
    today_date: chrono::NaiveDate,
    report_defs: Vec<crate::reports::ReportDef>,
    report_units: Vec<String>,
    /// By unit position, the units whose report pages its XLSX adds as
    /// sheets (see [`workbook_parts`]).
    workbook_parts: Vec<Vec<String>>,
    /// What each job found, by unit position × report definition, for the
    /// units' report index pages written after the jobs.
    report_states: Vec<std::sync::atomic::AtomicU8>,
    /// Unit → labels on its sheet's sub-tree (its own devices and those
    /// of every unit below it).
    label_totals: HashMap<String, usize>,
    /// Every device that gets a label, by unit: a QR code file per unit.
    label_tags: Vec<(&'p str, Vec<&'p str>)>,
    forms: Vec<form_pages::FormRef>,
    /// Every record's diagnostics and every unit's problems (alerts).
    compliance: compliance::Compliance<'p>,
}

impl<'p> Renderer<'p> {
    pub fn new(prepared: &'p Prepared, options: &BuildOptions) -> Renderer<'p> {
        let site = Site::new(
            &prepared.checked.model,
            &prepared.checked.schemas,
            labels(),
            prepared.config.site.list_limit,
        );
        let today = options.today.to_string();
        let shells = prepared
            .config
            .site
            .languages
            .iter()
            .map(|&lang| Shell::new(prepared, &site, lang, &today, options.include_confidential))
            .collect();
        let report_units: Vec<String> = site
            .visible
            .keys()
            .map(|&i| site.record(i))
            .filter(|r| r.register == Register::Unit)
            .map(|r| r.key.clone())
            .collect();
        let compliance = {
            let _timing = timings::phase("compliance");
            let due = crate::reports::calendar::due_soon(&prepared.checked.model, options.today);
            compliance::Compliance::new(&site, &prepared.checked.diagnostics, due)
        };
        let report_defs = crate::reports::all();
        let workbook_parts = report_units
            .iter()
            .map(|unit| workbook_parts(&prepared.checked.model, &site, unit))
            .collect();
        let report_states = (0..report_units.len() * report_defs.len())
            .map(|_| std::sync::atomic::AtomicU8::new(REPORT_MISSING))
            .collect();
        Renderer {
            prepared,
            compliance,
            shells,
            workbook_parts,
            report_states,
            include_confidential: options.include_confidential,
            progress: options.progress,
            today_date: options.today,
            report_defs,
            label_totals: label_totals(&prepared.checked.model, &report_units),
            label_tags: crate::labels::labelled_tags(&prepared.checked.model),
            report_units,
            forms: form_pages::all_forms(&site),
            site,
        }
    }

    /// Render everything into a staging folder and swap it in for `out`.
    pub fn publish(&self, out: &Path) -> Result<Published, BuildError> {
        let write_error = |source| BuildError::Write {
            path: out.to_owned(),
            source,
        };
        let staging = write::Staging::create(out).map_err(write_error)?;
        let kind = output_folder::SiteKind::new(self.include_confidential);
        let reuse = reuse::Reuse::load(out, self.build_fingerprint());
        let rendered = {
            let _timing = timings::phase("render and write");
            staging
                .write(output_folder::MARKER, kind.marker().as_bytes())
                .map_err(write_error)
                .and_then(|()| self.render_into(&staging, &reuse))
                .and_then(|()| {
                    staging
                        .write(reuse::FILE, reuse.to_file().as_bytes())
                        .map_err(write_error)
                })
        };
        if let Err(error) = rendered {
            staging.abandon();
            return Err(error);
        }
        let (written, kept) = staging.written_and_kept();
        let published = Published {
            pages: staging.pages(),
            written,
            kept,
        };
        staging.publish(self.progress).map_err(write_error)?;
        Ok(published)
    }

    /// What every page depends on besides the records (see [`reuse`]).
    fn build_fingerprint(&self) -> u64 {
        let templates = self.prepared.templates.fingerprint.to_string();
        let settings = format!("{:?}", self.prepared.config.site);
        let kind = output_folder::SiteKind::new(self.include_confidential);
        reuse::build_fingerprint(&[&templates, &settings, kind.marker()])
    }

    /// Every page and index file, rendered and written in parallel.
    fn render_into(
        &self,
        staging: &write::Staging,
        reuse: &reuse::Reuse,
    ) -> Result<(), BuildError> {
        let jobs = self.jobs();
        let progress = progress_bar(self.progress, jobs.len());
        let docs = {
            let _timing = timings::phase("search documents");
            self.search_docs()
        };
        // Jobs differ a thousandfold in cost (a record page against a
        // national report). Rayon only splits a range further when a thread
        // runs dry, and a range already being worked on cannot be split, so
        // without `with_max_len(1)` the reports at the end ran on one thread
        // while the other sat idle for a third of the render.
        let tally = timings::Tally::new();
        let result = jobs.par_iter().with_max_len(1).try_for_each(|job| {
            progress.inc(1);
            let kind = || self.job_kind(job);
            tally.time(kind, || self.run(job, &docs, staging, reuse))
        });
        progress.finish_and_clear();
        result?;
        self.write_report_unit_indexes(staging)
    }

    /// Each unit's reports page, once every report job said what it found.
    fn write_report_unit_indexes(&self, staging: &write::Staging) -> Result<(), BuildError> {
        let defs = self.report_defs.len();
        self.report_units
            .par_iter()
            .enumerate()
            .try_for_each(|(position, unit)| {
                let states: Vec<(&crate::reports::ReportDef, pages::ReportState)> = self
                    .report_defs
                    .iter()
                    .enumerate()
                    .map(|(d, def)| {
                        let state = self.report_states[position * defs + d]
                            .load(std::sync::atomic::Ordering::Relaxed);
                        (def, report_state(state))
                    })
                    .collect();
                for shell in &self.shells {
                    let page = pages::report_unit_index(&self.site, shell.lang, unit, &states);
                    let (path, html) = shell.render(page)?;
                    staging
                        .write(&path, &html)
                        .map_err(|source| BuildError::Write {
                            path: path.into(),
                            source,
                        })?;
                }
                Ok(())
            })
    }

    /// One unit's report: its page for both languages and its Word file, if
    /// the report has one, when it has rows; nothing but its state for the
    /// unit's reports page otherwise. The XLSX is made in the browser from
    /// the page (`itreg.js`). A report whose fingerprint is the previous
    /// site's is taken from it (see [`reuse`]).
    fn report_job(
        &self,
        unit_position: usize,
        def_position: usize,
        write: &WriteFile,
        staging: &write::Staging,
        reuse: &reuse::Reuse,
    ) -> Result<(), BuildError> {
        let (Some(unit), Some(def)) = (
            self.report_units.get(unit_position),
            self.report_defs.get(def_position),
        ) else {
            return Ok(());
        };
        let params = crate::reports::Params {
            unit: Some(unit.to_owned()),
            period: None,
            today: self.today_date,
        };
        let Ok(report) = crate::reports::build_def(&self.prepared.checked.model, def, &params)
        else {
            return Ok(()); // a unit the model could not type: no report
        };
        let state = if report.rows.is_empty() {
            REPORT_EMPTY
        } else {
            REPORT_WRITTEN
        };
        self.report_states[unit_position * self.report_defs.len() + def_position]
            .store(state, std::sync::atomic::Ordering::Relaxed);
        if report.rows.is_empty() {
            return Ok(());
        }
        let parts = &self.workbook_parts[unit_position];
        let fingerprint = self.report_fingerprint(&report, parts);
        if reuse.unchanged(&format!("{} {unit}", def.id), fingerprint)
            && staging.keep_all(&report_files(&report))
        {
            return Ok(());
        }
        self.render_report(&report, parts, write)
    }

    /// Everything a report's files are made of besides the build itself:
    /// the report, the pages its links lead to, the paper heading.
    fn report_fingerprint(&self, report: &crate::reports::Report, parts: &[String]) -> u64 {
        let model = &self.prepared.checked.model;
        let mut fingerprint = reuse::Fingerprint::default();
        fingerprint.add(&serde_json::to_vec(report).unwrap_or_default());
        parts
            .iter()
            .for_each(|unit| fingerprint.add(unit.as_bytes()));
        let links = report.rows.iter().flatten().filter_map(|cell| match cell {
            crate::reports::Cell::Link { register, key, .. } => Some((*register, key)),
            _ => None,
        });
        // One Vietnamese page and Word file serve both languages.
        for (register, key) in links.chain([(Register::Unit, &report.unit)]) {
            let url = self.site.url(register, key, Lang::Vi);
            fingerprint.add(url.as_deref().unwrap_or("-").as_bytes());
        }
        let frame = crate::reports::paper::report_frame(model, report, Lang::Vi);
        fingerprint.add(format!("{frame:?}").as_bytes());
        fingerprint.finish()
    }

    fn render_report(
        &self,
        report: &crate::reports::Report,
        parts: &[String],
        write: &WriteFile,
    ) -> Result<(), BuildError> {
        // One page for both languages (`pages::report_path_in`).
        if let Some(shell) = self.shells.iter().find(|shell| shell.lang == Lang::Vi) {
            let (path, html) = shell.render(pages::report_page(&self.site, report, parts))?;
            write(&path, &html)?;
        }
        if crate::reports::has_docx(report.id) {
            let model = &self.prepared.checked.model;
            let paper = crate::reports::paper::report_paper(model, report, Lang::Vi);
            let path = pages::report_docx_path(&report.unit, report.id);
            let bytes = crate::reports::docx::render_docx(&paper, report.today).map_err(|e| {
                BuildError::Document {
                    path: path.clone(),
                    cause: e.to_string(),
                }
            })?;
            write(&path, &bytes)?;
        }
        Ok(())
    }

    fn jobs(&self) -> Vec<Job<'_>> {
        let mut jobs: Vec<Job> = templates::STATIC_FILES
            .iter()
            .map(|(path, text)| Job::Static(path, text))
            .collect();
        jobs.push(Job::Schemas);
        jobs.push(Job::Search);
        for shell in 0..self.shells.len() {
            jobs.extend(self.fixed_pages().into_iter().map(|p| Job::Fixed(shell, p)));
            let lang = self.shells[shell].lang;
            let records = self.site.visible.keys().copied();
            let own = records.filter(|&i| site::has_page_in(self.site.record(i).register, lang));
            jobs.extend(own.map(|i| Job::Record(shell, i)));
        }
        jobs.push(Job::LabelIndex);
        jobs.extend(self.report_units.iter().map(|unit| Job::LabelSheet(unit)));
        jobs.extend((0..self.label_tags.len()).map(Job::QrCodes));
        // Built inside the job, so no report outlives its files.
        for unit in 0..self.report_units.len() {
            jobs.extend((0..self.report_defs.len()).map(|def| Job::Report(unit, def)));
        }
        jobs.extend(self.forms.iter().map(Job::Form));
        jobs
    }

    /// A job's kind and language, for `ITREG_TIMINGS`.
    fn job_kind(&self, job: &Job) -> String {
        let lang = |shell: usize| self.shells[shell].lang.code();
        match *job {
            Job::Static(..) | Job::Schemas => "static files".to_owned(),
            Job::Fixed(shell, FixedPage::UnitList(..) | FixedPage::RegisterList(_)) => {
                format!("lists {}", lang(shell))
            }
            Job::Fixed(shell, _) => format!("other pages {}", lang(shell)),
            Job::Record(shell, _) => format!("record pages {}", lang(shell)),
            Job::Report(..) => "reports".to_owned(),
            Job::Form(_) => "forms".to_owned(),
            Job::LabelSheet(_) | Job::LabelIndex => "label sheets".to_owned(),
            Job::QrCodes(_) => "QR codes".to_owned(),
            Job::Search => "search".to_owned(),
        }
    }

    fn fixed_pages(&self) -> Vec<FixedPage> {
        let mut pages = vec![
            FixedPage::ReportIndex,
            FixedPage::RecentChanges,
            FixedPage::Home,
            FixedPage::UnitTree,
            FixedPage::ProcedureList,
            FixedPage::Search,
            FixedPage::NotFound,
            FixedPage::MailHelp,
        ];
        // Units are listed on the tree page. The access (C2) and incident
        // (D5) registers are confidential as a whole and out of the
        // navigation: no list page in the default build. The network list
        // stays, empty, to say where network admins are found.
        let listed = Register::ALL
            .into_iter()
            .filter(|&r| r != Register::Unit)
            .filter(|&r| {
                self.include_confidential || !matches!(r, Register::Access | Register::Incident)
            });
        for register in listed {
            pages.push(FixedPage::RegisterList(register));
            let units = self.site.unit_lists(register).unwrap_or_default();
            pages.extend((0..units.len()).map(|unit| FixedPage::UnitList(register, unit)));
        }
        pages.extend((0..self.prepared.checked.procedures.len()).map(FixedPage::Procedure));
        pages
    }

    fn run(
        &self,
        job: &Job,
        docs: &[SearchDoc],
        staging: &write::Staging,
        reuse: &reuse::Reuse,
    ) -> Result<(), BuildError> {
        let write = |path: &str, bytes: &[u8]| {
            staging
                .write(path, bytes)
                .map_err(|source| BuildError::Write {
                    path: path.into(),
                    source,
                })
        };
        match *job {
            Job::Static(path, text) => write(path, text.as_bytes()),
            Job::Schemas => {
                for (name, text) in self.prepared.checked.schemas.files() {
                    write(&format!("schema/{name}"), text.as_bytes())?;
                }
                Ok(())
            }
            Job::Fixed(shell, page) => {
                let shell = &self.shells[shell];
                let (path, html) = shell.render(self.fixed_page(shell.lang, page))?;
                write(&path, &html)
            }
            Job::Record(shell, index) => {
                let (path, html) = self.record_page(&self.shells[shell], index)?;
                write(&path, &html)
            }
            Job::Report(unit, def) => self.report_job(unit, def, &write, staging, reuse),
            Job::Form(form) => {
                let Some(built) = form.build(&self.site) else {
                    return Ok(());
                };
                for shell in &self.shells {
                    let page = form_pages::form_page(&self.site, shell.lang, form, &built.paper);
                    let (path, html) = shell.render(page)?;
                    write(&path, &html)?;
                }
                let path = form.docx_path();
                let bytes =
                    crate::reports::docx::render_docx(&built.paper, built.date).map_err(|e| {
                        BuildError::Document {
                            path: path.clone(),
                            cause: e.to_string(),
                        }
                    })?;
                write(&path, &bytes)
            }
            Job::LabelSheet(unit) => write(
                &crate::labels::sheet_path(unit),
                self.label_sheet(unit).as_bytes(),
            ),
            Job::LabelIndex => write(
                &format!("{}/index.html", crate::labels::FOLDER),
                self.label_index().as_bytes(),
            ),
            Job::QrCodes(unit) => {
                let base_url = self.prepared.config.site.base_url.as_deref();
                let Some((unit, tags)) = self.label_tags.get(unit) else {
                    return Ok(());
                };
                // A QR code is made from its tag alone (and `base_url`, part
                // of the build's fingerprint): a rebuild keeps the unit's
                // file when its tags are the previous build's.
                let mut fingerprint = reuse::Fingerprint::default();
                tags.iter().for_each(|tag| fingerprint.add(tag.as_bytes()));
                let path = crate::labels::qr_path(unit);
                if reuse.unchanged(&format!("qr {unit}"), fingerprint.finish())
                    && staging.keep_all(std::slice::from_ref(&path))
                {
                    return Ok(());
                }
                let codes = tags.iter().map(|tag| {
                    let id = crate::labels::qr_id(tag);
                    (id, crate::labels::qr_text(base_url, tag))
                });
                write(&path, crate::labels::qr::sprite(codes).as_bytes())
            }
            Job::Search => self.search_index(docs, staging),
        }
    }

    /// The search index both languages' search pages read, under the
    /// site root's `search/`.
    fn search_index(&self, docs: &[SearchDoc], staging: &write::Staging) -> Result<(), BuildError> {
        let groups: Vec<[&str; 2]> = (0..search_groups::COUNT)
            .map(|group| [Lang::Vi, Lang::En].map(|lang| self.group_label(group, lang)))
            .collect();
        let folder = "search/";
        search::index_files(
            docs,
            &groups,
            &self.search_units(),
            |source| self.search_fields(source),
            |name, bytes| {
                // The error names the file; the folder is said below.
                let named =
                    |e: std::io::Error| std::io::Error::new(e.kind(), format!("{name}: {e}"));
                staging
                    .write(&format!("{folder}{name}"), bytes)
                    .map_err(named)
            },
        )
        .map_err(|source| BuildError::Write {
            path: folder.into(),
            source,
        })
    }

    fn fixed_page(&self, lang: Lang, page: FixedPage) -> Page {
        let site = &self.site;
        let checked = &self.prepared.checked;
        let config = &self.prepared.config;
        match page {
            FixedPage::ReportIndex => pages::report_index(site, lang),
            FixedPage::RecentChanges => pages::recent_changes(
                site,
                lang,
                self.prepared.history.as_ref(),
                config.site.commit_url.as_deref(),
            ),
            FixedPage::Home => pages::home(site, lang, self.compliance.home_html(site, lang)),
            FixedPage::UnitTree => pages::unit_tree(site, lang),
            FixedPage::ProcedureList => pages::procedure_list(site, lang, &checked.procedures),
            FixedPage::Search => pages::search_page(site, lang),
            FixedPage::NotFound => pages::not_found(site, lang),
            FixedPage::MailHelp => pages::mail_help(site, lang),
            FixedPage::RegisterList(register) => pages::register_list(site, lang, register),
            FixedPage::UnitList(register, unit) => {
                pages::register_unit_list(site, lang, register, unit)
            }
            FixedPage::Procedure(i) => pages::procedure_page(site, lang, &checked.procedures[i]),
        }
    }

    /// One record's page in one language: (path from the site root, HTML).
    fn record_page(&self, shell: &Shell, index: usize) -> Result<(String, Vec<u8>), BuildError> {
        let config = &self.prepared.config;
        let input = RecordPageInput {
            history: self.prepared.history.as_ref(),
            commit_url: config.site.commit_url.as_deref(),
            edit_url: config.site.edit_url.as_deref(),
            procedures: &self.prepared.checked.procedures,
            compliance: &self.compliance,
            today: self.today_date,
        };
        shell.render(pages::record_page(&self.site, shell.lang, index, &input))
    }

    pub fn prepared(&self) -> &'p Prepared {
        self.prepared
    }

    pub fn include_confidential(&self) -> bool {
        self.include_confidential
    }

    /// Replace a visible record's value (after an edit under `serve`),
    /// masked as the whole model was.
    pub fn update_record(&mut self, index: usize, mut value: RecordValue) {
        if let Some(mask) = &self.prepared.mask {
            let register = self.site.record(index).register;
            mask.mask_value(register, &mut value, &mut |_| {});
        }
        self.site.update_value(index, value);
    }

    /// Re-render one record's pages in place in a published site (`serve`).
    pub fn rewrite_record(&self, out: &Path, index: usize) -> Result<Vec<String>, BuildError> {
        let register = self.site.record(index).register;
        self.shells
            .iter()
            .filter(|shell| site::has_page_in(register, shell.lang))
            .map(|shell| {
                let (path, html) = self.record_page(shell, index)?;
                write::replace_file(out, &path, &html).map_err(|source| BuildError::Write {
                    path: out.join(&path),
                    source,
                })?;
                Ok(path)
            })
            .collect()
    }

    /// Links from a label page to the unit's page in each language.
    fn unit_page_links(&self, unit: &str) -> Vec<(String, String)> {
        let path = site::record_path(crate::register::Register::Unit, unit);
        self.shells
            .iter()
            .map(|shell| match shell.lang {
                Lang::Vi => (format!("../{path}"), "Trang đơn vị".to_owned()),
                Lang::En => (format!("../en/{path}"), "Unit page".to_owned()),
            })
            .collect()
    }

    /// One unit's label sheet: the devices of its sub-tree, or only its
    /// own with links to its sub-units' sheets when the sub-tree has more
    /// than `[site] list_limit` devices.
    fn label_sheet(&self, unit: &str) -> String {
        use crate::labels;
        let model = &self.prepared.checked.model;
        let config = &self.prepared.config.site;
        let base_url = config.base_url.as_deref();
        let total = self.label_totals.get(unit).copied().unwrap_or(0);
        let split = total > config.list_limit;
        let units = if split {
            vec![unit.to_owned()]
        } else {
            labels::subtree_order(model, unit)
        };
        let labels: Vec<labels::Label> = units
            .iter()
            .flat_map(|u| labels::unit_labels(model, u, base_url, None))
            .collect();
        let sub_sheets = if split {
            model
                .children(unit)
                .iter()
                .filter(|child| self.label_totals.contains_key(child.id.as_str()))
                .map(|child| {
                    let path = labels::sheet_path(&child.id);
                    (
                        path.trim_start_matches("labels/").to_owned(),
                        child.name.to_string(),
                        self.label_totals[child.id.as_str()],
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut links = self.unit_page_links(unit);
        links.push(("index.html".into(), "Tất cả đơn vị / All units".into()));
        let unit_name = self
            .site
            .title_of(crate::register::Register::Unit, unit)
            .unwrap_or(unit);
        labels::sheet_html(&labels::Sheet {
            unit,
            unit_name,
            labels: &labels,
            stock: config.label_stock,
            qr: labels::QrSource::Files,
            assets: labels::Assets::Linked("../static/"),
            links,
            sub_sheets,
            warnings: base_url
                .is_none()
                .then_some(labels::NO_BASE_URL)
                .into_iter()
                .collect(),
        })
    }

    /// Every unit's label sheet, in the order of the unit tree.
    fn label_index(&self) -> String {
        let model = &self.prepared.checked.model;
        let roots = model.units.values().filter(|u| u.parent.is_none());
        let units: Vec<(String, String, usize)> = roots
            .flat_map(|root| crate::labels::subtree_order(model, &root.id))
            .filter_map(|unit| {
                let total = *self.label_totals.get(&unit)?;
                let name = self.site.title_of(crate::register::Register::Unit, &unit)?;
                let path = crate::labels::sheet_path(&unit);
                Some((
                    path.trim_start_matches("labels/").to_owned(),
                    name.to_owned(),
                    total,
                ))
            })
            .collect();
        let mut links: Vec<(String, String)> = self
            .shells
            .iter()
            .map(|shell| match shell.lang {
                Lang::Vi => (
                    "../assets/index.html".to_owned(),
                    "Danh sách thiết bị".to_owned(),
                ),
                Lang::En => (
                    "../en/assets/index.html".to_owned(),
                    "Equipment list".to_owned(),
                ),
            })
            .collect();
        links.insert(0, ("../index.html".into(), "Trang chủ / Home".into()));
        crate::labels::index_html(&units, &links)
    }

    /// Every public record, procedure and report page, numbered in
    /// tie-break order: register group, then title.
    fn search_docs(&self) -> Vec<SearchDoc> {
        let site = &self.site;
        let english = self.shells.iter().any(|shell| shell.lang == Lang::En);
        let mut docs: Vec<SearchDoc> = site
            .visible
            .par_iter()
            .filter_map(|(&index, value)| record_search_doc(site, index, value, english))
            .collect();
        let procedures = self.prepared.checked.procedures.iter().enumerate();
        docs.extend(procedures.map(|(position, p)| {
            let title = p.str_field("title").unwrap_or(&p.slug).to_owned();
            let title_en = p.str_field("title_en").map_or(title.clone(), str::to_owned);
            let url = format!("procedures/{}.html", p.slug);
            SearchDoc {
                english: english.then(|| (title_en, format!("en/{url}"))),
                title,
                url,
                group: search_groups::PROCEDURE,
                unit: String::new(),
                source: TextSource::Procedure(position),
            }
        }));
        // One entry per unit's reports page: which reports have rows is
        // known only once they are built, after the index is planned.
        for (unit_position, unit) in self.report_units.iter().enumerate() {
            let name = self.site.title_of(Register::Unit, unit).unwrap_or(unit);
            let url = format!("reports/{unit}/index.html");
            docs.push(SearchDoc {
                title: format!("Báo cáo — {name}"),
                english: english.then(|| (format!("Reports — {name}"), format!("en/{url}"))),
                url,
                group: search_groups::REPORT,
                unit: unit.clone(),
                source: TextSource::Report(unit_position),
            });
        }
        // Folded, so "Đ" sorts with "D" and accents do not split a name.
        docs.par_sort_by_cached_key(|doc| {
            let title = crate::text::fold(&doc.title);
            (doc.group, title, doc.title.clone(), doc.url.clone())
        });
        docs
    }

    /// Unit key → name, with "" (no unit) first.
    fn search_units(&self) -> std::collections::BTreeMap<String, String> {
        let mut units: std::collections::BTreeMap<String, String> = self
            .report_units
            .iter()
            .map(|key| {
                let name = self.site.title_of(Register::Unit, key).unwrap_or(key);
                (key.clone(), name.to_owned())
            })
            .collect();
        units.insert(String::new(), String::new());
        units
    }

    fn group_label(&self, group: usize, lang: Lang) -> &str {
        let pick = |(vi, en): (&'static str, &'static str)| if lang == Lang::Vi { vi } else { en };
        match group {
            search_groups::PROCEDURE => self.site.text("procedures", lang),
            search_groups::REPORT => self.site.text("reports", lang),
            _ => search_groups::ORDER
                .get(group)
                .map_or("", |&register| pick(register.label())),
        }
    }

    /// The fields a page is found by, labelled in both languages, its
    /// text in both where they differ.
    fn search_fields(&self, source: TextSource) -> Vec<Field<'_>> {
        let text = |key: &'static str| [Lang::Vi, Lang::En].map(|lang| self.site.text(key, lang));
        match source {
            TextSource::Record(index) => self.record_fields(index),
            TextSource::Procedure(position) => {
                let procedure = &self.prepared.checked.procedures[position];
                let title = procedure.str_field("title").unwrap_or(&procedure.slug);
                let title_en = procedure.str_field("title_en").unwrap_or(title);
                vec![
                    search_field(
                        "title",
                        text("procedure"),
                        FieldClass::Title,
                        either_language([title, title_en]),
                    ),
                    search_field("id", ["ID", "ID"], FieldClass::Ident, &procedure.slug),
                    search_field(
                        "register",
                        text("procedures"),
                        FieldClass::Label,
                        either_language(text("procedures")),
                    ),
                    search_field(
                        "clauses",
                        ["Điều khoản", "Clauses"],
                        FieldClass::Other,
                        procedure.list_field("clauses").join(", "),
                    ),
                    search_field(
                        "summary",
                        ["Tóm tắt", "Summary"],
                        FieldClass::Other,
                        procedure.str_field("summary").unwrap_or(""),
                    ),
                    search_field(
                        "body",
                        text("procedure"),
                        FieldClass::Other,
                        &procedure.body,
                    ),
                ]
            }
            TextSource::Report(position) => {
                let Some(unit) = self.report_units.get(position) else {
                    return Vec::new();
                };
                let reports = text("reports");
                let unit_name = self.site.title_of(Register::Unit, unit).unwrap_or(unit);
                let titles: Vec<&str> = self
                    .report_defs
                    .iter()
                    .flat_map(|def| [def.title_vi, def.title_en])
                    .collect();
                let clauses: Vec<&str> = self.report_defs.iter().map(|def| def.clause).collect();
                vec![
                    search_field(
                        "title",
                        reports,
                        FieldClass::Title,
                        format!("{} — {unit_name} — {}", reports[0], reports[1]),
                    ),
                    search_field(
                        "register",
                        reports,
                        FieldClass::Label,
                        either_language(reports),
                    ),
                    search_field("unit_name", UNIT_LABEL, FieldClass::Owner, unit_name),
                    search_field("reports", reports, FieldClass::Other, titles.join("; ")),
                    search_field(
                        "clause",
                        ["Điều khoản", "Clause"],
                        FieldClass::Other,
                        clauses.join(", "),
                    ),
                ]
            }
        }
    }

    /// A record's fields as published, enum values with their labels and
    /// references with the title of the record they name.
    fn record_fields(&self, index: usize) -> Vec<Field<'_>> {
        let site = &self.site;
        let Some(value) = site.visible.get(&index) else {
            return Vec::new();
        };
        let record = site.record(index);
        let register = record.register;
        let (vi, en) = register.label();
        let mut fields = vec![search_field(
            "register",
            [vi, en],
            FieldClass::Label,
            either_language([vi, en]),
        )];
        if value.get("id").is_none() {
            fields.push(search_field(
                "id",
                ["ID", "ID"],
                FieldClass::Ident,
                &record.key,
            ));
        }
        let walk = FieldWalk {
            site,
            register,
            title_key: title_key(value),
        };
        walk.walk(site.plan(register), value, "".into(), ["", ""], &mut fields);
        if let Some(unit) = site::unit_of(site.model, index, value)
            && let Some(name) = site.title_of(Register::Unit, unit)
        {
            fields.push(search_field(
                "unit_name",
                UNIT_LABEL,
                FieldClass::Owner,
                name,
            ));
        }
        fields
    }
}

const UNIT_LABEL: [&str; 2] = ["Đơn vị", "Unit"];

/// Text a page is found by in either language: both, or one when they
/// are the same.
fn either_language([vi, en]: [&str; 2]) -> String {
    if vi == en {
        vi.to_owned()
    } else {
        format!("{vi} {en}")
    }
}

fn search_field<'a>(
    key: impl Into<Cow<'a, str>>,
    label: [&'a str; 2],
    class: FieldClass,
    text: impl Into<Cow<'a, str>>,
) -> Field<'a> {
    Field {
        key: key.into(),
        label: label.map(Cow::Borrowed),
        class,
        text: text.into(),
    }
}

/// The field a record's title is taken from (`site::title`).
fn title_key(value: &RecordValue) -> &'static str {
    ["name", "full_name", "address", "title"]
        .into_iter()
        .find(|field| value.get(field).and_then(RecordValue::as_str).is_some())
        .unwrap_or("")
}

/// The search groups: registers in tie-break order, then procedures and
/// reports. Networks and access records are never indexed.
mod search_groups {
    use crate::register::Register;

    pub const ORDER: [Register; 10] = [
        Register::Unit,
        Register::Staff,
        Register::Asset,
        Register::Software,
        Register::Database,
        Register::MailAccount,
        Register::MailRequest,
        Register::DataRequest,
        Register::Inventory,
        Register::Training,
    ];
    pub const PROCEDURE: usize = ORDER.len();
    pub const REPORT: usize = ORDER.len() + 1;
    pub const COUNT: usize = ORDER.len() + 2;

    pub fn of(register: Register) -> Option<usize> {
        ORDER.iter().position(|&r| r == register)
    }
}

/// Walks a record's value with its register's field plan.
struct FieldWalk<'s, 'a> {
    site: &'s Site<'a>,
    register: Register,
    title_key: &'static str,
}

impl<'s> FieldWalk<'s, '_> {
    fn walk(
        &self,
        plan: &'s field_plan::FieldPlan,
        value: &'s RecordValue,
        key: Cow<'s, str>,
        label: [&'s str; 2],
        out: &mut Vec<Field<'s>>,
    ) {
        match value {
            RecordValue::String(s) => out.push(self.field(plan, key, label, s)),
            RecordValue::Array(items) => {
                for item in items.iter() {
                    self.walk(plan.items(), item, key.clone(), label, out);
                }
            }
            RecordValue::Object(map) => {
                for (name, item) in map.iter() {
                    let child = plan.field(name);
                    let path = if key.is_empty() {
                        Cow::Borrowed(name)
                    } else {
                        Cow::Owned(format!("{key}.{name}"))
                    };
                    let labels = [Lang::Vi, Lang::En].map(|lang| child.label(lang, name));
                    self.walk(child, item, path, labels, out);
                }
            }
            _ => {}
        }
    }

    fn field(
        &self,
        plan: &'s field_plan::FieldPlan,
        key: Cow<'s, str>,
        label: [&'s str; 2],
        value: &'s str,
    ) -> Field<'s> {
        let mut class = match &*key {
            key if key == self.title_key => FieldClass::Title,
            "name" | "full_name" | "title" => FieldClass::Title,
            "id" | "serial" | "asset_tag" | "tag" | "email" | "address"
                if key != "address" || self.register == Register::MailAccount =>
            {
                FieldClass::Ident
            }
            "unit" => FieldClass::Owner,
            "staff" if self.register == Register::MailAccount => FieldClass::Owner,
            _ => FieldClass::Other,
        };
        let mut text = Cow::Borrowed(value);
        let vi = plan.enum_label(value, Lang::Vi);
        let en = plan
            .enum_label(value, Lang::En)
            .filter(|&en| Some(en) != vi);
        for enum_label in vi.iter().chain(&en) {
            let text = text.to_mut();
            text.push(' ');
            text.push_str(enum_label);
        }
        if (vi.is_some() || en.is_some()) && class == FieldClass::Other {
            class = FieldClass::Label;
        }
        // A unit's name is its own field (`unit_name`), for every record.
        if let Some(target) = plan.reference
            && key != "unit"
            && let Some(title) = self.site.title_of(target, value)
            && title != value
        {
            let text = text.to_mut();
            text.push(' ');
            text.push_str(title);
        }
        search_field(key, label, class, text)
    }
}

/// Each unit's label count over its sub-tree, for the units that get a sheet.
fn label_totals(model: &crate::model::Model, units: &[String]) -> HashMap<String, usize> {
    let own: HashMap<&str, usize> = units
        .iter()
        .map(|unit| (unit.as_str(), crate::labels::unit_label_count(model, unit)))
        .collect();
    units
        .iter()
        .map(|unit| {
            let total = crate::labels::subtree_order(model, unit)
                .iter()
                .map(|u| own.get(u.as_str()).copied().unwrap_or(0))
                .sum();
            (unit.clone(), total)
        })
        .collect()
}

fn progress_bar(progress: Option<Lang>, total: usize) -> indicatif::ProgressBar {
    let Some(lang) = progress else {
        return indicatif::ProgressBar::hidden();
    };
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(crate::say!(lang, "Đang dựng trang", "Rendering"));
    bar
}

/// The navigation bar's entries: label key and path from the language root.
const NAV: &[(&str, &str)] = &[
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
];

/// What every page of one language shares: navigation, language switch,
/// banner, footer. Their values sit in the templates' global context, so
/// each page's own context stays small.
struct Shell {
    templates: templates::Templates,
    lang: Lang,
    prefix: &'static str,
    /// `[site] base_path`: where the site root is served.
    base_path: String,
    nav_labels: Vec<String>,
    /// [`Shell::nav`] for pages one, two… folders deep.
    navs: Vec<tera::Value>,
}

impl Shell {
    fn new(prepared: &Prepared, site: &Site, lang: Lang, today: &str, restricted: bool) -> Shell {
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        let commit = if prepared.commit.is_empty() {
            "—"
        } else {
            &prepared.commit
        };
        let mut templates = prepared.templates.clone();
        let globals = templates.tera.global_context();
        globals.insert("lang", lang.code());
        globals.insert("t", site.labels(lang));
        // Beside the Vietnamese headings of pages both languages share.
        globals.insert("t_en", site.labels(Lang::En));
        globals.insert("site_title", &prepared.config.site.title);
        globals.insert("switch_lang", other.code());
        globals.insert("switch_label", site.text("switch_label", lang));
        globals.insert("restricted", &restricted);
        globals.insert("built_at", &format!("{today} · {commit}"));
        let mut shell = Shell {
            templates,
            lang,
            prefix: if lang == Lang::Vi { "" } else { "en/" },
            base_path: prepared.config.site.base_path.clone(),
            nav_labels: NAV
                .iter()
                .map(|(key, _)| site.text(key, lang).to_owned())
                .collect(),
            navs: Vec::new(),
        };
        // Record pages sit at most three folders deep (`mail/accounts/x`).
        shell.navs = (0..4)
            .map(|depth| shell.nav_at("", &"../".repeat(depth)))
            .collect();
        shell
    }

    /// A page's (path from the site root, HTML).
    /// The page is taken by value so its context moves into Tera's instead
    /// of being copied for every page.
    fn render(&self, page: Page) -> Result<(String, Vec<u8>), BuildError> {
        // The 404 page answers at any address, so it links from the site
        // root (`base_path`) instead of from where it is.
        let served_anywhere = page.path == pages::NOT_FOUND_PATH;
        let (root, site_root) = if served_anywhere {
            let site_root = self.base_path.clone();
            (format!("{site_root}{}", self.prefix), site_root)
        } else {
            let root = root_of(&page.path);
            let site_root = format!("{root}{}", if self.prefix.is_empty() { "" } else { "../" });
            (root, site_root)
        };
        let switch_href = match self.lang {
            Lang::Vi => format!("{root}en/{}", page.path),
            Lang::En => format!("{site_root}{}", page.path),
        };
        let nav = if served_anywhere {
            self.nav_at(&page.path, &root)
        } else {
            self.nav(&page.path, &root)
        };
        let mut context = tera::Context::new();
        context.insert_value("page", page.context);
        context.insert("title", &page.title);
        context.insert("root", &root);
        context.insert("site_root", &site_root);
        context.insert_value("nav", nav);
        context.insert("switch_href", &switch_href);
        let path = format!("{}{}", self.prefix, page.path);
        let html = self
            .templates
            .render(page.template, &context)
            .map_err(|e| {
                BuildError::Template(self.templates.explain(&e, page.template, Some(&path)))
            })?;
        let html = localise::dates(html, self.lang);
        Ok((path, html))
    }

    /// The navigation bar of a page at `path`; the same for every page at
    /// one depth that is not itself in the bar, so those share one value.
    fn nav(&self, path: &str, root: &str) -> tera::Value {
        let in_bar = NAV.iter().any(|(_, href)| *href == path);
        let depth = path.matches('/').count();
        match self.navs.get(depth) {
            Some(shared) if !in_bar => shared.clone(),
            _ => self.nav_at(path, root),
        }
    }

    fn nav_at(&self, path: &str, root: &str) -> tera::Value {
        let items: Vec<Value> = NAV
            .iter()
            .zip(&self.nav_labels)
            .map(|((_, href), label)| {
                json!({
                    "label": label,
                    "href": format!("{root}{href}"),
                    "current": path == *href,
                })
            })
            .collect();
        tera::Value::from_serializable(&items)
    }
}

/// A record's entry in the search index; none for the registers that
/// are never indexed (networks, access rights). Only a unit has an English
/// page of its own.
fn record_search_doc(
    site: &Site,
    index: usize,
    value: &RecordValue,
    english: bool,
) -> Option<SearchDoc> {
    let record = site.record(index);
    let group = search_groups::of(record.register)?;
    let title = site::title(value, &record.key);
    let english_page = (english && site::has_page_in(record.register, Lang::En)).then(|| {
        let path = site::record_path_in(record.register, &record.key, Lang::En);
        (title.to_owned(), format!("en/{path}"))
    });
    Some(SearchDoc {
        title: title.to_owned(),
        url: site::record_path_in(record.register, &record.key, Lang::Vi),
        english: english_page,
        group,
        unit: site::unit_of(site.model, index, value)
            .unwrap_or("")
            .to_owned(),
        source: TextSource::Record(index),
    })
}

/// Writes one file of the site, relative to its root.
type WriteFile<'w> = dyn Fn(&str, &[u8]) -> Result<(), BuildError> + 'w;

const REPORT_MISSING: u8 = 0;
const REPORT_EMPTY: u8 = 1;
const REPORT_WRITTEN: u8 = 2;

fn report_state(state: u8) -> pages::ReportState {
    match state {
        REPORT_WRITTEN => pages::ReportState::Written,
        REPORT_EMPTY => pages::ReportState::Empty,
        _ => pages::ReportState::Missing,
    }
}

/// The units whose report pages a unit's XLSX adds as sheets after its
/// own: for a unit right under the top (a province), every unit below it
/// with a page, in tree order, as a province files its districts' reports.
fn workbook_parts(model: &crate::model::Model, site: &Site, unit: &str) -> Vec<String> {
    if model.ancestors(unit).len() != 2 {
        return Vec::new();
    }
    let mut below = crate::labels::subtree_order(model, unit);
    below.retain(|u| u != unit && site.url(Register::Unit, u, Lang::Vi).is_some());
    below
}

/// The files [`Renderer::render_report`] writes for a report with rows.
fn report_files(report: &crate::reports::Report) -> Vec<String> {
    let mut files = vec![pages::report_path(&report.unit, report.id)];
    if crate::reports::has_docx(report.id) {
        files.push(pages::report_docx_path(&report.unit, report.id));
    }
    files
}
