//! The values of confidential records, to keep them out of free text: a
//! diagnostic located in a public record may still quote one (M4 names
//! the staff member who left, a duplicate names the other file).
//!
//! A value is secret when a confidential record (or a confidential field)
//! holds it and no published record does: a unit id that a confidential
//! network names is on the unit's own page anyway. Nor are texts the
//! schemas hold (enum values, labels), dates, or texts under four
//! characters: they tell nothing about a record, and masking them would
//! garble every message that happens to contain them.

use super::walk::for_each_text;
use crate::diagnostic::Bilingual;
use crate::load::Record;
use crate::register::Register;
use crate::validate::schema::SchemaSet;
use crate::value::Text;
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use std::borrow::Cow;

/// Texts shorter than this are never secrets.
const MIN_CHARS: usize = 4;

/// Hashed with foldhash: the published texts of every record are looked
/// up, millions at 100k records.
type Set<'a> = foldhash::HashSet<&'a str>;

pub struct Secrets {
    /// Finds every secret in a text at once; `None` when there is none.
    finder: Option<AhoCorasick>,
}

impl Secrets {
    /// The secrets of `withheld` records and `removed` texts, less what
    /// the `kept` (masked) records and the schemas show anyway.
    pub fn new(
        withheld: &[Record],
        removed: &[Text],
        kept: &[Record],
        schemas: &SchemaSet,
    ) -> Secrets {
        let mut candidates = Set::default();
        for record in withheld {
            candidates.insert(&record.key);
            for_each_text(&record.value, &mut |text| {
                candidates.insert(text);
            });
        }
        candidates.extend(removed.iter().map(|text| &**text));
        candidates.retain(|text| worth_hiding(text));
        if candidates.is_empty() {
            return Secrets { finder: None };
        }
        for text in published(kept, &candidates) {
            candidates.remove(text);
        }
        for text in schema_texts(schemas) {
            candidates.remove(text);
        }
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&candidates)
            .ok();
        Secrets { finder }
    }

    /// `text` with every secret in it replaced by the marker.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match &self.finder {
            Some(finder) if finder.is_match(text) => {
                let mut masked = String::with_capacity(text.len());
                finder.replace_all_with(text, &mut masked, |_, _, out| {
                    out.push_str(super::MARKER);
                    true
                });
                Cow::Owned(masked)
            }
            _ => Cow::Borrowed(text),
        }
    }

    pub fn redact_bilingual(&self, text: &Bilingual) -> Bilingual {
        Bilingual::new(self.redact(&text.vi), self.redact(&text.en))
    }
}

fn worth_hiding(text: &str) -> bool {
    text.chars().nth(MIN_CHARS - 1).is_some() && !is_date(text)
}

/// A date (`2026-01-11`) or the start of a date-time: a confidential
/// record's dates say nothing without the record.
fn is_date(text: &str) -> bool {
    let date = crate::iso_date::parse_start(text).is_some();
    date && (text.len() == 10 || text[10..].starts_with('T'))
}

/// The candidates that some published record holds too, found in parallel.
fn published<'a>(kept: &'a [Record], candidates: &Set) -> Set<'a> {
    kept.par_iter()
        .fold(Set::default, |mut found, record| {
            for_each_text(&record.value, &mut |text| {
                if candidates.contains(text) {
                    found.insert(text);
                }
            });
            found
        })
        .reduce(Set::default, |mut a, b| {
            a.extend(b);
            a
        })
}

/// Every text of the schemas, keys and values.
fn schema_texts(schemas: &SchemaSet) -> Vec<&str> {
    fn walk<'s>(value: &'s serde_json::Value, out: &mut Vec<&'s str>) {
        match value {
            serde_json::Value::String(text) => out.push(text),
            serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(key, item)| {
                out.push(key);
                walk(item, out);
            }),
            _ => {}
        }
    }
    let mut texts = Vec::new();
    let names = Register::ALL.map(Register::slug);
    for document in names
        .iter()
        .chain(&["common"])
        .filter_map(|name| schemas.document(name))
    {
        walk(document, &mut texts);
    }
    texts
}
