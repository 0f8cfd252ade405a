//! The masking step (C2, QĐ3582 II.3.2): what the default outputs may show.
//!
//! Confidentiality is decided here, once, and not in each renderer. After
//! the check has run on every record, [`mask_checked`] turns the checked
//! model into the one the default site and `itreg report` read:
//!
//! - records that are confidential are left out: those of the network and
//!   access registers (always), those marked `classification:
//!   confidential`, and those filed under a confidential unit (an asset's
//!   folder and an inventory's file name are its unit's id);
//! - the fields the schemas mark `x-classification: confidential` (a staff
//!   member's mobile…) are removed from the records that stay;
//! - every reference to a left-out record ([`crate::validate::integrity`]
//!   lists them) shows [`MARKER`] instead of the record's id.
//!
//! Pages, search, backlinks, lists, reports and the history pages then
//! have nothing confidential to show. Diagnostics are masked as well: one
//! located in a confidential record keeps only its file, line and code,
//! and no message may quote a value of a confidential record
//! ([`secrets`]). The restricted build (`--include-confidential`) and
//! `itreg report --include-confidential` skip this step.

mod fields;
mod page;
mod secrets;
mod walk;

pub use page::page_diagnostics;

use crate::check::Checked;
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::{self, Record};
use crate::model::{Model, Withheld};
use crate::register::{Naming, Register};
use crate::validate::integrity::references;
use crate::validate::schema::SchemaSet;
use crate::value::{Text, Value};
use fields::ConfidentialFields;
use rayon::prelude::*;
use secrets::Secrets;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What a reference to a left-out record shows instead of its id: the
/// same in both languages, as record values are.
pub const MARKER: &str = "(mật · confidential)";

/// Which records are left out, by register and key, and which fields of
/// each register are confidential: enough to mask one more copy of a
/// record (an edit under `serve`) the way the whole model was masked.
pub struct Mask {
    withheld: HashMap<Register, HashSet<String>>,
    fields: ConfidentialFields,
}

impl Mask {
    /// The mask of `records`: each confidential record, then each record
    /// filed under a confidential unit.
    pub fn new(records: &[Record], schemas: &SchemaSet) -> Mask {
        let mut withheld: HashMap<Register, HashSet<String>> = HashMap::new();
        for record in records.iter().filter(|r| load::is_confidential(r)) {
            withheld
                .entry(record.register)
                .or_default()
                .insert(record.key.clone());
        }
        let mut mask = Mask {
            withheld,
            fields: ConfidentialFields::new(schemas),
        };
        let filed: Vec<&Record> = records
            .iter()
            .filter(|record| mask.filed_under_withheld_unit(record))
            .collect();
        for record in filed {
            mask.withheld
                .entry(record.register)
                .or_default()
                .insert(record.key.clone());
        }
        mask
    }

    /// Whether `record` stays out of the default outputs.
    pub fn withholds(&self, record: &Record) -> bool {
        load::is_confidential(record)
            || self.is_withheld(record.register, &record.key)
            || self.filed_under_withheld_unit(record)
    }

    fn is_withheld(&self, register: Register, key: &str) -> bool {
        self.withheld
            .get(&register)
            .is_some_and(|keys| keys.contains(key))
    }

    /// An asset's folder and an inventory's file name are its unit's id:
    /// its page, search entry and edit link would name a confidential
    /// unit, so it stays out with the unit.
    fn filed_under_withheld_unit(&self, record: &Record) -> bool {
        let filed = matches!(
            record.register.naming(),
            Naming::IdUnderUnit | Naming::YearThenUnit
        );
        filed
            && record
                .str_field("unit")
                .is_some_and(|unit| self.is_withheld(Register::Unit, unit))
    }

    /// Remove the confidential fields of a `register` record's value, and
    /// put [`MARKER`] in place of every reference to a left-out record.
    /// `removed` sees each text taken out. Returns whether the record
    /// referred to a left-out one.
    pub fn mask_value(
        &self,
        register: Register,
        value: &mut Value,
        removed: &mut dyn FnMut(&str),
    ) -> bool {
        for pattern in self.fields.of(register) {
            walk::remove_at(value, pattern, &mut |gone| {
                walk::for_each_text(gone, removed)
            });
        }
        let mut referred = false;
        for (_, pattern, target) in references().iter().filter(|r| r.0 == register) {
            let Some(keys) = self.withheld.get(target) else {
                continue;
            };
            walk::for_each_text_mut(value, pattern, &mut |text| {
                if keys.contains(&**text) {
                    removed(text);
                    *text = Text::from(MARKER);
                    referred = true;
                }
            });
        }
        referred
    }
}

/// Records, each with its flag for `Model::build`.
type Flagged = Vec<(Record, bool)>;

/// Records split by the mask: those that stay, masked, and those left out.
struct Split {
    kept: Vec<Record>,
    /// `Model::build`'s flag for each kept record.
    kept_typed: Vec<bool>,
    withheld: Vec<Record>,
    /// Texts taken out of the kept records: confidential fields, and
    /// references to left-out records.
    removed: Vec<Text>,
    /// The kept records that referred to a left-out one.
    referring: HashSet<PathBuf>,
}

impl Mask {
    /// Split `records` (with a flag each) and mask the ones that stay, in
    /// parallel: most records have nothing to mask and are not copied.
    fn split(&self, records: Vec<Record>, flags: Vec<bool>) -> Split {
        let (withheld, kept): (Flagged, Flagged) = records
            .into_iter()
            .zip(flags)
            .partition(|(record, _)| self.withholds(record));
        let (mut kept, kept_typed): (Vec<Record>, Vec<bool>) = kept.into_iter().unzip();
        // Each masked record's texts taken out, and its path when it
        // referred to a left-out record; the many untouched ones give none.
        let masked: Vec<(Vec<Text>, Option<PathBuf>)> = kept
            .par_iter_mut()
            .map(|record| {
                let mut removed = Vec::new();
                let referred = self.mask_value(record.register, &mut record.value, &mut |text| {
                    removed.push(Text::from(text))
                });
                (removed, referred.then(|| record.path.clone()))
            })
            .filter(|(removed, referring)| !removed.is_empty() || referring.is_some())
            .collect();
        let (removed, referring): (Vec<Vec<Text>>, Vec<Option<PathBuf>>) =
            masked.into_iter().unzip();
        Split {
            kept,
            kept_typed,
            withheld: withheld.into_iter().map(|(record, _)| record).collect(),
            removed: removed.into_iter().flatten().collect(),
            referring: referring.into_iter().flatten().collect(),
        }
    }
}

/// Replace `checked`'s model by its masked form and mask its diagnostics.
/// The mask is returned for later edits (`serve`).
pub fn mask_checked(checked: &mut Checked) -> Mask {
    let mut full = std::mem::take(&mut checked.model);
    let mask = Mask::new(&full.records, &checked.schemas);
    let left_out = withheld_summary(&full, &mask);
    let flags = full.typed_flags();
    // Only the records carry over. The full model's typed views and
    // indexes are freed alongside the masked ones being built, which
    // take their place in memory as they go.
    let records = std::mem::take(&mut full.records);
    std::thread::spawn(move || drop(full));
    let split = mask.split(records, flags);
    let diagnostics = std::mem::take(&mut checked.diagnostics);
    checked.diagnostics = mask_diagnostics(diagnostics, &split, &checked.schemas, &|_| false);
    let mut model = Model::build(split.kept, &split.kept_typed);
    model.withheld = left_out;
    // The left-out records are freed off the critical path.
    std::thread::spawn(move || drop(split.withheld));
    checked.model = model;
    mask
}

/// Each record the mask leaves out, by register and the units it belongs
/// to (the units it refers to; a personal mail account's is its holder's).
fn withheld_summary(full: &Model, mask: &Mask) -> Vec<Withheld> {
    full.records
        .iter()
        .filter(|record| mask.withholds(record))
        .map(|record| {
            let mut units = Vec::new();
            for (_, pattern, _) in references()
                .iter()
                .filter(|r| r.0 == record.register && r.2 == Register::Unit)
            {
                crate::validate::integrity::for_each_string_at(
                    &record.value,
                    pattern,
                    &mut |_, unit| units.push(unit.to_owned()),
                );
            }
            if record.register == Register::MailAccount
                && let Some(account) = full.mail_accounts.get(&record.key)
                && let Some(unit) = full.account_unit(account)
            {
                units.push(unit.to_owned());
            }
            Withheld {
                register: record.register,
                units,
            }
        })
        .collect()
}

/// Where a diagnostic is located, as far as the mask is concerned.
enum Place {
    /// In a left-out record: only its file, line and code are shown.
    Withheld,
    /// In a record that refers to a left-out one: a rule across the two
    /// may quote the other in a form no mask recognises (M6 spells the
    /// address a confidential name gives), so the same.
    Referring,
    /// Elsewhere: shown with every confidential value masked.
    Public,
}

/// The diagnostics as the default outputs may show them (see [`Place`]);
/// a left-out record's id is masked in file names too. `unparsed` says
/// whether a file that is not among the records (one that did not parse)
/// is confidential.
fn mask_diagnostics(
    diagnostics: Vec<Diagnostic>,
    split: &Split,
    schemas: &SchemaSet,
    unparsed: &dyn Fn(&Path) -> bool,
) -> Vec<Diagnostic> {
    if diagnostics.is_empty() {
        return diagnostics;
    }
    let secrets = Secrets::new(&split.withheld, &split.removed, &split.kept, schemas);
    let withheld: HashSet<&Path> = split.withheld.iter().map(|r| r.path.as_path()).collect();
    let kept: HashSet<&Path> = split.kept.iter().map(|r| r.path.as_path()).collect();
    let place = |file: &Path| {
        if withheld.contains(file) || (!kept.contains(file) && unparsed(file)) {
            Place::Withheld
        } else if split.referring.contains(file) {
            Place::Referring
        } else {
            Place::Public
        }
    };
    diagnostics
        .into_iter()
        .map(|diagnostic| {
            let place = place(&diagnostic.file);
            mask_diagnostic(diagnostic, place, &secrets)
        })
        .collect()
}

fn mask_diagnostic(mut diagnostic: Diagnostic, place: Place, secrets: &Secrets) -> Diagnostic {
    let withheld = match place {
        Place::Withheld => Some(Bilingual::new(
            "Lỗi trong một hồ sơ mật; chạy `itreg check` trên máy có kho hồ sơ để xem chi tiết",
            "A problem in a confidential record; run `itreg check` where the repository is to see it",
        )),
        Place::Referring => Some(Bilingual::new(
            "Lỗi trong một hồ sơ có tham chiếu tới hồ sơ mật; chạy `itreg check` trên máy có kho hồ sơ để xem chi tiết",
            "A problem in a record that refers to a confidential one; run `itreg check` where the repository is to see it",
        )),
        Place::Public => None,
    };
    match withheld {
        Some(message) => {
            diagnostic.message = message;
            diagnostic.hint = None;
        }
        None => {
            diagnostic.message = secrets.redact_bilingual(&diagnostic.message);
            diagnostic.hint = diagnostic
                .hint
                .map(|hint| Box::new(secrets.redact_bilingual(&hint)));
        }
    }
    let file = diagnostic.file.to_string_lossy().into_owned();
    if let Cow::Owned(masked) = secrets.redact(&file) {
        diagnostic.file = PathBuf::from(masked);
    }
    diagnostic
}

#[cfg(test)]
mod tests;
