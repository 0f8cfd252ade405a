//! `itreg labels --unit U [--since DATE] [--stock 3x8|2x7|3x7] --out FILE.html`:
//! one unit's label sheet (its devices and those of the units below it) as
//! a single HTML file with its QR codes, styles and script inside.

use super::{Assets, QrSource, Sheet, Stock};
use crate::config::Config;
use crate::diagnostic::Lang;
use crate::say;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct LabelsArgs {
    /// The unit whose devices, and those of every unit below it, get a label.
    #[arg(long)]
    pub unit: String,
    /// Only devices acquired (Ngày trang bị) on or after this date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// The label stock; defaults to `[site] label_stock` in itreg.toml (3x8).
    #[arg(long, value_enum)]
    pub stock: Option<Stock>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,
}

fn config(root: &Path, at: Option<&str>, lang: Lang) -> Result<Config, String> {
    use crate::term::Localized;
    match at {
        Some(rev) => crate::git::Snapshot::open(root, rev)
            .map_err(|e| e.say(lang))?
            .config(),
        None => Config::load(root),
    }
    .map_err(|e| e.get(lang).to_owned())
}

pub fn run(
    root: &Path,
    at: Option<&str>,
    args: &LabelsArgs,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    let config = match config(root, at, lang) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("itreg: {error}");
            return ExitCode::from(2);
        }
    };
    let mut checked = match crate::reports::cli::load(root, at, lang, today) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    // Labels are published paper: only what the default site shows (C2).
    crate::mask::mask_checked(&mut checked);
    let model = &checked.model;
    let Some(unit) = model.units.get(&args.unit) else {
        let unit = &args.unit;
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "không có đơn vị `{unit}` (xem records/units/)",
                "no unit `{unit}` (see records/units/)"
            )
        );
        return ExitCode::from(2);
    };
    let base_url = config.site.base_url.as_deref();
    if base_url.is_none() {
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "cảnh báo: {}",
                "warning: {}",
                match lang {
                    Lang::Vi => super::NO_BASE_URL_VI,
                    Lang::En => super::NO_BASE_URL_EN,
                }
            )
        );
    }
    let labels: Vec<super::Label> = super::subtree_order(model, &args.unit)
        .iter()
        .flat_map(|u| super::unit_labels(model, u, base_url, args.since))
        .collect();
    let html = super::sheet_html(&Sheet {
        unit: &args.unit,
        unit_name: &unit.name,
        labels: &labels,
        stock: args.stock.unwrap_or(config.site.label_stock),
        qr: QrSource::Inline,
        assets: Assets::Inline,
        links: Vec::new(),
        sub_sheets: Vec::new(),
        warnings: base_url
            .is_none()
            .then_some(super::NO_BASE_URL)
            .into_iter()
            .collect(),
    });
    match std::fs::write(&args.out, html) {
        Ok(()) => {
            let (count, out) = (labels.len(), args.out.display());
            crate::outln!(
                "{}",
                say!(lang, "{count} nhãn → {out}", "{count} labels → {out}")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let path = args.out.display();
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "không ghi được {path}: {error}",
                    "cannot write {path}: {error}"
                )
            );
            ExitCode::from(2)
        }
    }
}
