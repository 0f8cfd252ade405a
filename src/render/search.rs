//! The offline search index, ranked with BM25F and split so a first query
//! fetches little. One index serves both languages: a page is found by its
//! Vietnamese and its English labels, and a result shows the reader's
//! language. The browser side lives in `site-templates/static/itreg.js`
//! (section "2. search").
//!
//! Files, under the site root's `search/`:
//! - `meta.json`: document count, the field table (Vietnamese label, class,
//!   English label), the group (register) labels in each language
//!   (`groups`, `groups_en`), the unit names in key order, and the runs of
//!   document ids that share a group. Documents are numbered in tie-break
//!   order (group, then folded title), so equal scores keep that order and
//!   the group runs are few.
//! - `u.json`: each document's unit (an index into `meta.units`), as one
//!   string of base-32 numbers. Only the unit filter needs it, so the
//!   browser fetches it when the user asks to filter by unit, not with the
//!   first query.
//! - `t/<prefix>.json`: token → postings, a string of (id delta, code)
//!   pairs, each number a base-32 varint (`encode_number`). The code packs
//!   the token's first position in the title and its BM25F impact: the
//!   saturated, length-normalised, field-weighted term frequency, on a
//!   1–15 scale. Shards are named by the first two folded letters, and a
//!   large one is split by one more letter (`meta.shards` lists them). Document frequencies are the postings' lengths, so the
//!   browser computes the IDF. Identifier fields (id, serial, tag, mail
//!   address) also index their whole folded value as `=<letters+digits>`,
//!   for the exact match that ranks first.
//! - `d/<n>.json`: what a result shows, `DOCS_PER_CHUNK` documents a file:
//!   [title, url, [[field id, text], …], unit] with the short fields only,
//!   then, for a page with an English page of its own, the English title
//!   (null when the same) and URL. URLs are relative to the site root.

use crate::text;
use rayon::prelude::*;
use serde_json::json;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub const DOCS_PER_CHUNK: usize = 10;

/// BM25 saturation.
const K1: f32 = 1.2;

/// Fields longer than this are found but not shown in a result.
const SHOWN_FIELD_CHARS: usize = 100;

/// At most this many fields are shown for a result.
const SHOWN_FIELDS: usize = 8;

/// Dates are not worth showing as the field a word matched in.
fn is_date(text: &str) -> bool {
    text.len() == 10 && text.bytes().filter(|b| b.is_ascii_digit()).count() == 8
}

/// Title positions from here on count as "not in the title".
const NO_POSITION: u32 = 14;

/// One searchable page.
pub struct SearchDoc {
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    /// The English title and page, when they differ (none for a record
    /// page both languages share).
    pub english: Option<(String, String)>,
    /// Position of its register in the tie-break order (`GROUPS`).
    pub group: usize,
    /// The unit it belongs to ("" for none).
    pub unit: String,
    pub source: TextSource,
}

/// The page whose fields a document is found by. The fields are made
/// again when the index is built, so no page's whole text is held.
#[derive(Clone, Copy, Debug)]
pub enum TextSource {
    /// A record, by its index in the model.
    Record(usize),
    /// A procedure, by its position in the checked procedures.
    Procedure(usize),
    /// A report, by its definition's position.
    Report(usize),
}

/// How much a field counts, and whether it is an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldClass {
    /// name, full_name, title.
    Title = 0,
    /// id, serial, asset tag, mail address.
    Ident = 1,
    /// The unit's name, a mail account's owner.
    Owner = 2,
    /// Register and enum labels.
    Label = 3,
    Other = 4,
}

const CLASSES: usize = 5;

impl FieldClass {
    /// BM25F field weight.
    fn weight(self) -> f32 {
        [8.0, 5.0, 4.0, 1.5, 1.0][self as usize]
    }

    /// BM25F length normalisation.
    fn b(self) -> f32 {
        [0.5, 0.3, 0.5, 0.3, 0.75][self as usize]
    }
}

/// One field of a document, its text in both languages where they differ
/// (an enum value with its Vietnamese and English labels).
///
/// Borrowed where it can be: every field of every document is made twice
/// per build (see [`TextSource`]), and most keys, labels and texts are the
/// record's or the schema's own strings.
pub struct Field<'a> {
    /// Dotted path without list indexes (`location.room`), or a made-up key
    /// for text that is not a field (`register`, `unit`).
    pub key: Cow<'a, str>,
    /// In Vietnamese and English.
    pub label: [Cow<'a, str>; 2],
    pub class: FieldClass,
    pub text: Cow<'a, str>,
}

/// Everything the index is made of, file by file, given to `write` as
/// (path relative to `search/`, JSON bytes) as soon as each is made, from
/// several threads: an index is never held whole in memory. `groups` are
/// each group's label in Vietnamese and English.
pub fn index_files<'f>(
    docs: &[SearchDoc],
    groups: &[[&str; 2]],
    units: &BTreeMap<String, String>,
    fields_of: impl Fn(TextSource) -> Vec<Field<'f>> + Sync,
    write: impl Fn(&str, &[u8]) -> Result<(), std::io::Error> + Sync,
) -> Result<(), std::io::Error> {
    if docs.len() >= MAX_DOCUMENTS {
        let many = format!(
            "{} pages are more than the search index numbers",
            docs.len()
        );
        return Err(std::io::Error::other(many));
    }
    let stats = collection_stats(docs, &fields_of);
    let unit_index: foldhash::HashMap<&str, usize> = units
        .keys()
        .enumerate()
        .map(|(i, key)| (key.as_str(), i))
        .collect();
    let unit_of = |doc: &SearchDoc| unit_index.get(doc.unit.as_str()).copied().unwrap_or(0);
    let postings = index_documents(docs, &stats, (&fields_of, &unit_of), &write)?;
    let shard_names = write_shards(postings, &write)?;
    write("u.json", &units_file(docs, &unit_of))?;
    write(
        "meta.json",
        &meta_file(docs, groups, units, &stats, &shard_names),
    )
}

/// Field key → (id, labels, class), ids in key order. Hashed: every
/// field of every document is looked up in it, twice.
type FieldIds = foldhash::HashMap<String, (usize, [String; 2], FieldClass)>;

/// What the first pass finds: the field table and average field lengths.
struct Stats {
    field_ids: FieldIds,
    average_length: [f32; CLASSES],
}

fn collection_stats<'f>(
    docs: &[SearchDoc],
    fields_of: &(impl Fn(TextSource) -> Vec<Field<'f>> + Sync),
) -> Stats {
    type Part = (
        foldhash::HashMap<String, ([String; 2], FieldClass)>,
        [u64; CLASSES],
    );
    let (fields, totals): Part = docs
        .par_iter()
        .fold(Part::default, |(mut fields, mut totals), doc| {
            for field in fields_of(doc.source) {
                totals[field.class as usize] += text::word_count(&field.text) as u64;
                if !fields.contains_key(&*field.key) {
                    let label = field.label.map(Cow::into_owned);
                    fields.insert(field.key.into_owned(), (label, field.class));
                }
            }
            (fields, totals)
        })
        .reduce(Part::default, |(mut fields, mut totals), (more, counts)| {
            for (key, value) in more {
                fields.entry(key).or_insert(value);
            }
            for (total, count) in totals.iter_mut().zip(counts) {
                *total += count;
            }
            (fields, totals)
        });
    let n = docs.len().max(1) as f32;
    let mut fields: Vec<_> = fields.into_iter().collect();
    fields.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Stats {
        field_ids: fields
            .into_iter()
            .enumerate()
            .map(|(id, (key, (label, class)))| (key, (id, label, class)))
            .collect(),
        average_length: totals.map(|t| (t as f32 / n).max(1.0)),
    }
}

/// How one token occurs in one document.
#[derive(Default)]
struct Occurrence {
    tf: [u32; CLASSES],
    title_position: Option<u32>,
}

/// Each token of one document with its posting code, given to `emit`.
/// Tokens are borrowed from the document's folded text, so a token costs
/// an allocation only the first time a thread's map meets it.
fn document_postings(fields: &[Field], stats: &Stats, mut emit: impl FnMut(&str, u32)) {
    let folded: Vec<String> = fields.iter().map(|field| text::fold(&field.text)).collect();
    let mut lengths = [0u32; CLASSES];
    let mut occurrences: foldhash::HashMap<&str, Occurrence> = Default::default();
    let mut exact: Vec<String> = Vec::new();
    for (field, folded) in fields.iter().zip(&folded) {
        let class = field.class;
        for (position, word) in text::words(folded).enumerate() {
            lengths[class as usize] += 1;
            let occurrence = occurrences.entry(word).or_default();
            occurrence.tf[class as usize] += 1;

            if class == FieldClass::Title && occurrence.title_position.is_none() {
                occurrence.title_position = Some(position as u32).filter(|&p| p < NO_POSITION);
            }
        }
        if class == FieldClass::Ident {
            let compact: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
            if !compact.is_empty() {
                exact.push(format!("={compact}"));
            }
        }
    }
    let classes = [
        FieldClass::Title,
        FieldClass::Ident,
        FieldClass::Owner,
        FieldClass::Label,
        FieldClass::Other,
    ];
    for (token, occurrence) in occurrences {
        let tf: f32 = classes
            .iter()
            .map(|&class| {
                let c = class as usize;
                let length = lengths[c] as f32 / stats.average_length[c];
                let norm = 1.0 - class.b() + class.b() * length;
                class.weight() * occurrence.tf[c] as f32 / norm
            })
            .sum();
        let impact = tf / (K1 + tf);
        emit(token, code(occurrence.title_position, impact));
    }
    for token in &exact {
        emit(token, code(None, 1.0));
    }
}

/// (title position + 1, or 0 when not in the title) × 16 + impact (1–15):
/// one character for most postings.
fn code(title_position: Option<u32>, impact: f32) -> u32 {
    let quantised = (impact * 15.0).ceil().clamp(1.0, 15.0) as u32;
    title_position.map_or(0, |p| p + 1) * 16 + quantised
}

/// Digits of the posting strings: the first 32 end a number, the last 32
/// carry on. None needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyz-_WXYZ";

/// A number as base-32 digits, most significant first, all but the last
/// from the carrying half of `DIGITS`.
fn encode_number(mut value: u32, out: &mut String) {
    let mut digits = [0u8; 7];
    let mut count = 0;
    loop {
        digits[count] = (value % 32) as u8;
        count += 1;
        value /= 32;
        if value == 0 {
            break;
        }
    }
    for (i, digit) in digits[..count].iter().rev().enumerate() {
        let carry = if i + 1 < count { 32 } else { 0 };
        out.push(DIGITS[usize::from(digit + carry)] as char);
    }
}

/// The first `letters` letters of a token, without the exact-match mark.
fn prefix_of(token: &str, letters: usize) -> &str {
    let token = token.trim_start_matches('=');
    let end = token
        .char_indices()
        .nth(letters)
        .map_or(token.len(), |(i, _)| i);
    &token[..end]
}

/// A shard larger than this is split by one more letter, so a query
/// fetches little even for common words.
const SHARD_BYTES: usize = 48 * 1024;

/// A token and its postings.
type TokenPostings = (String, Vec<Posting>);

/// One document's posting for a token: its id and code (see [`code`],
/// below 256) in one `u32`, ordered by id then code. Postings are most of
/// the index's memory while it is built, 15 million at 100,000 records.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting(u32);

/// Documents an index can number: ids take the 24 high bits of a posting.
const MAX_DOCUMENTS: usize = 1 << 24;

impl Posting {
    fn new(id: usize, code: u32) -> Posting {
        debug_assert!(id < MAX_DOCUMENTS && code < 256);
        Posting((id as u32) << 8 | code)
    }

    fn id(self) -> u32 {
        self.0 >> 8
    }

    fn code(self) -> u32 {
        self.0 & 0xff
    }
}

/// About how many bytes a token's postings take in JSON.
fn json_bytes(token: &str, postings: &[Posting]) -> usize {
    token.len() + 6 + postings.len() * 3
}

/// Cut a sorted run of tokens sharing a `letters`-letter prefix into
/// shards: kept whole when small, else tokens no longer than the prefix
/// stay and the rest split by one more letter. Names the shards.
fn split_shards<'t>(
    tokens: &'t [TokenPostings],
    letters: usize,
    out: &mut Vec<(String, &'t [TokenPostings])>,
) {
    let Some(first) = tokens.first() else { return };
    let name = prefix_of(&first.0, letters).to_owned();
    let bytes: usize = tokens.iter().map(|(t, p)| json_bytes(t, p)).sum();
    if bytes <= SHARD_BYTES
        || tokens
            .iter()
            .all(|(t, _)| prefix_of(t, letters + 1) == name)
    {
        out.push((name, tokens));
        return;
    }
    // Sorted by (prefix, token): the tokens that end within the prefix
    // come first in each run.
    let short = tokens
        .iter()
        .take_while(|(t, _)| prefix_of(t, letters + 1) == name)
        .count();
    if short > 0 {
        out.push((name, &tokens[..short]));
    }
    for run in tokens[short..]
        .chunk_by(|a, b| prefix_of(&a.0, letters + 1) == prefix_of(&b.0, letters + 1))
    {
        split_shards(run, letters + 1, out);
    }
}

/// Token → (document id, code), hashed with foldhash rather than SipHash:
/// building the index hashes every word of every page.
type Postings = foldhash::HashMap<String, Vec<Posting>>;

/// The second pass over the documents, each one's fields made once: the
/// postings of every token, returned, and the result rows of each chunk of
/// documents (see [`result_row`]), written as `d/<chunk>.json`.
fn index_documents<'f>(
    docs: &[SearchDoc],
    stats: &Stats,
    (fields_of, unit_of): (
        &(impl Fn(TextSource) -> Vec<Field<'f>> + Sync),
        &(impl Fn(&SearchDoc) -> usize + Sync),
    ),
    write: &(impl Fn(&str, &[u8]) -> Result<(), std::io::Error> + Sync),
) -> Result<Postings, std::io::Error> {
    // Each thread indexes runs of documents into its own map; the maps
    // are merged after.
    docs.par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .try_fold(Postings::default, |mut postings, (chunk, docs)| {
            let first = chunk * DOCS_PER_CHUNK;
            let mut rows = Vec::with_capacity(docs.len());
            for (id, doc) in (first..).zip(docs) {
                let fields = fields_of(doc.source);
                document_postings(&fields, stats, |token, code| {
                    let posting = Posting::new(id, code);
                    match postings.get_mut(token) {
                        Some(list) => list.push(posting),
                        None => drop(postings.insert(token.to_owned(), vec![posting])),
                    }
                });
                rows.push(result_row(doc, &fields, &stats.field_ids, unit_of(doc)));
            }
            write(&format!("d/{chunk}.json"), &chunk_file(&rows))?;
            Ok(postings)
        })
        .try_reduce(Postings::default, |mut all, part| {
            for (token, mut ids) in part {
                all.entry(token).or_default().append(&mut ids);
            }
            Ok(all)
        })
}

/// The postings as shard files `t/<name>.json`, written as they are made;
/// the shards' names, in order.
fn write_shards(
    postings: Postings,
    write: &(impl Fn(&str, &[u8]) -> Result<(), std::io::Error> + Sync),
) -> Result<Vec<String>, std::io::Error> {
    let mut tokens: Vec<TokenPostings> = postings
        .into_par_iter()
        .map(|(token, mut ids)| {
            ids.sort_unstable();
            (token, ids)
        })
        .collect();
    // Exact-match keys (`=…`) sort with their letters, so every shard is
    // one run of the sorted tokens.
    tokens.par_sort_unstable_by(|a, b| {
        (a.0.trim_start_matches('='), &a.0).cmp(&(b.0.trim_start_matches('='), &b.0))
    });
    let mut shards = Vec::new();
    for run in tokens.chunk_by(|a, b| prefix_of(&a.0, 2) == prefix_of(&b.0, 2)) {
        split_shards(run, 2, &mut shards);
    }
    shards.par_iter().try_for_each(|(name, tokens)| {
        let bytes = serde_json::to_vec(&ShardJson(tokens)).expect("maps serialize");
        write(&format!("t/{name}.json"), &bytes)
    })?;
    Ok(shards.into_iter().map(|(name, _)| name).collect())
}

/// One shard's tokens as a JSON object: token → encoded postings.
struct ShardJson<'a>(&'a [TokenPostings]);

impl serde::Serialize for ShardJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(token, postings)| {
            let mut previous = 0;
            let mut encoded = String::with_capacity(postings.len() * 2);
            for posting in postings {
                encode_number(posting.id() - previous, &mut encoded);
                encode_number(posting.code(), &mut encoded);
                previous = posting.id();
            }
            (token, encoded)
        }))
    }
}

/// What a result shows of a document, as JSON: title, URL, the short
/// fields and the unit, then the English title and URL if they differ.
fn result_row(doc: &SearchDoc, fields: &[Field], field_ids: &FieldIds, unit: usize) -> Vec<u8> {
    let mut seen = std::collections::HashSet::new();
    let shown: Vec<_> = fields
        .iter()
        .filter(|f| f.class != FieldClass::Title && f.class != FieldClass::Label)
        .filter(|f| f.text.chars().count() <= SHOWN_FIELD_CHARS)
        .filter(|f| !f.key.starts_with("events") && !is_date(&f.text))
        .filter(|f| seen.insert(&*f.key))
        .filter_map(|f| field_ids.get(&*f.key).map(|(id, _, _)| json!([id, f.text])))
        .take(SHOWN_FIELDS)
        .collect();
    let row = match &doc.english {
        None => json!([doc.title, doc.url, shown, unit]),
        Some((title, url)) => {
            let title = (*title != doc.title).then_some(title); // null: the same
            json!([doc.title, doc.url, shown, unit, title, url])
        }
    };
    serde_json::to_vec(&row).expect("arrays serialize")
}

/// One chunk of documents' result rows, as a JSON array.
fn chunk_file(rows: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.iter().map(|r| r.len() + 1).sum::<usize>() + 1);
    bytes.push(b'[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(row);
    }
    bytes.push(b']');
    bytes
}

/// Each document's unit index, in id order, as one JSON string.
fn units_file(docs: &[SearchDoc], unit_of: &impl Fn(&SearchDoc) -> usize) -> Vec<u8> {
    let mut text = String::with_capacity(docs.len() * 2);
    for doc in docs {
        encode_number(u32::try_from(unit_of(doc)).unwrap_or(0), &mut text);
    }
    serde_json::to_vec(&text).expect("strings serialize")
}

fn meta_file(
    docs: &[SearchDoc],
    groups: &[[&str; 2]],
    units: &BTreeMap<String, String>,
    stats: &Stats,
    shards: &[String],
) -> Vec<u8> {
    // [length, group] for each run of ids in one group.
    let mut runs: Vec<usize> = Vec::new();
    for doc in docs {
        match runs.len().checked_sub(2) {
            Some(at) if runs[at + 1] == doc.group => runs[at] += 1,
            _ => runs.extend([1, doc.group]),
        }
    }
    let mut fields: Vec<_> = stats.field_ids.values().collect();
    fields.sort_by_key(|(id, _, _)| *id);
    let fields: Vec<_> = fields
        .into_iter()
        .map(|(_, [vi, en], class)| json!([vi, *class as u8, en]))
        .collect();
    let units: Vec<&String> = units.values().collect();
    serde_json::to_vec(&json!({
        "n": docs.len(),
        "chunk": DOCS_PER_CHUNK,
        "fields": fields,
        "groups": groups.iter().map(|[vi, _]| vi).collect::<Vec<_>>(),
        "groups_en": groups.iter().map(|[_, en]| en).collect::<Vec<_>>(),
        "units": units,
        "runs": runs,
        "shards": shards,
    }))
    .expect("objects serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, group: usize, id: usize) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            url: "assets/X.html".into(),
            english: None,
            group,
            unit: "hn".into(),
            source: TextSource::Record(id),
        }
    }

    fn field<'a>(key: &'a str, class: FieldClass, text: &'a str) -> Field<'a> {
        Field {
            key: key.into(),
            label: [key.into(), key.to_uppercase().into()],
            class,
            text: text.into(),
        }
    }

    fn build(docs: &[SearchDoc]) -> BTreeMap<String, String> {
        let fields_of = |source| match source {
            TextSource::Record(0) => vec![
                field("name", FieldClass::Title, "Máy in Canon"),
                field("serial", FieldClass::Ident, "AB-12"),
            ],
            TextSource::Record(1) => vec![
                field("name", FieldClass::Title, "Máy chủ"),
                field("register", FieldClass::Label, "Thiết bị Equipment"),
                field("note", FieldClass::Other, "Đà Nẵng, in hai mặt"),
            ],
            _ => Vec::new(),
        };
        let mut units = BTreeMap::new();
        units.insert(String::new(), String::new());
        units.insert("hn".to_owned(), "Hà Nội".to_owned());
        let files = std::sync::Mutex::new(BTreeMap::new());
        index_files(
            docs,
            &[["Đơn vị", "Units"], ["Thiết bị", "Assets"]],
            &units,
            fields_of,
            |name, bytes| {
                let text = String::from_utf8_lossy(bytes).into_owned();
                files.lock().unwrap().insert(name.to_owned(), text);
                Ok(())
            },
        )
        .unwrap();
        files.into_inner().unwrap()
    }

    /// The numbers of a posting string, as itreg.js reads them.
    fn decode(text: &str) -> Vec<u32> {
        let mut numbers = Vec::new();
        let mut value = 0;
        for c in text.bytes() {
            let digit = DIGITS.iter().position(|&d| d == c).unwrap() as u32;
            value = value * 32 + digit % 32;
            if digit < 32 {
                numbers.push(value);
                value = 0;
            }
        }
        numbers
    }

    #[test]
    fn numbers_round_trip() {
        let mut text = String::new();
        for n in [0, 1, 31, 32, 1000, 123_456] {
            encode_number(n, &mut text);
        }
        assert_eq!(decode(&text), [0, 1, 31, 32, 1000, 123_456]);
    }

    #[test]
    fn tokens_are_sharded_folded_and_scored_by_field() {
        let files = build(&[doc("Máy in Canon", 1, 0), doc("Máy chủ", 1, 1)]);
        let ma: serde_json::Value = serde_json::from_str(&files["t/ma.json"]).unwrap();
        let may = decode(ma["may"].as_str().unwrap());
        assert_eq!(may.len(), 4, "two documents: {may:?}");
        assert_eq!((may[0], may[2]), (0, 1), "id deltas");
        assert_eq!(may[1] / 16, 1, "first word of the title");
        let inn: serde_json::Value = serde_json::from_str(&files["t/in.json"]).unwrap();
        let codes = decode(inn["in"].as_str().unwrap());
        assert_eq!(codes[3] / 16, 0, "not in the second title");
        assert!(
            codes[1] % 16 > codes[3] % 16,
            "a title word outweighs a note: {codes:?}"
        );
        assert!(files["t/ab.json"].contains("\"=ab12\""), "exact serial");
        assert!(files["t/da.json"].contains("\"da\""), "đ folds to d");
        assert!(
            files["t/eq.json"].contains("equipment") && files["t/th.json"].contains("thiet"),
            "found by its label in either language"
        );
    }

    #[test]
    fn meta_has_runs_groups_and_units() {
        let files = build(&[doc("Máy in Canon", 1, 0), doc("Máy chủ", 1, 1)]);
        let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
        assert_eq!(meta["n"], 2);
        assert_eq!(meta["runs"], json!([2, 1]), "two pages of group 1");
        let units: String = serde_json::from_str(&files["u.json"]).unwrap();
        assert_eq!(decode(&units), [1, 1], "both in unit 1, hn");
        assert_eq!(
            meta["units"],
            json!(["", "Hà Nội"]),
            "unit names in key order"
        );
        let chunk = &files["d/0.json"];
        assert!(
            chunk.contains("AB-12") && !chunk.contains("Thiết bị"),
            "{chunk}"
        );
        assert!(
            chunk.ends_with(",1]]"),
            "the unit closes each entry: {chunk}"
        );
    }

    #[test]
    fn one_index_carries_both_languages_labels() {
        let mut unit = doc("Bảo hiểm xã hội Hà Nội", 0, 0);
        unit.url = "units/hn.html".into();
        unit.english = Some(("Bảo hiểm xã hội Hà Nội".into(), "en/units/hn.html".into()));
        let files = build(&[unit, doc("Máy chủ", 1, 1)]);
        let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
        assert_eq!(meta["groups"], json!(["Đơn vị", "Thiết bị"]));
        assert_eq!(meta["groups_en"], json!(["Units", "Assets"]));
        assert!(
            meta["fields"].as_array().unwrap().contains(&json!([
                "serial",
                FieldClass::Ident as u8,
                "SERIAL"
            ])),
            "each field's label in both languages: {meta}"
        );
        let rows: serde_json::Value = serde_json::from_str(&files["d/0.json"]).unwrap();
        assert_eq!(rows[0][5], "en/units/hn.html", "a unit's English page");
        assert!(rows[0][4].is_null(), "its title is the same: {rows}");
        assert_eq!(
            rows[1].as_array().unwrap().len(),
            4,
            "a shared record page has one address: {rows}"
        );
    }
}
