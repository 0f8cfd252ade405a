//! The offline search index, split so a first query fetches little: token
//! shards by the first two folded letters, documents in chunks of 500.
//! The browser side lives in `site-templates/static/itreg.js`.
//!
//! The shards depend only on the text, which is the same in every
//! language, so they are built once; only the document chunks (which carry
//! the translated kind) are per language.

use crate::diagnostic::Lang;
use crate::text;
use rayon::prelude::*;
use serde_json::json;

pub const DOCS_PER_CHUNK: usize = 500;

/// One searchable page: what a result shows, and where the rest of the
/// text it can be found by comes from.
pub struct SearchDoc<'a> {
    pub title: String,
    /// Relative to the language root.
    pub url: String,
    /// The kind of page (register or "procedure"), in Vietnamese and English.
    pub kind: (&'a str, &'a str),
    pub subtitle: String,
    pub source: TextSource,
}

/// The page whose text a document is found by. The text is made again
/// when the index is built, so no page's whole text is held for the build
/// (about 1 KB a record).
#[derive(Clone, Copy)]
pub enum TextSource {
    /// A record, by its index in the model.
    Record(usize),
    /// A procedure, by its position in the checked procedures.
    Procedure(usize),
}

fn shard_of(token: &str) -> &str {
    let end = token.char_indices().nth(2).map_or(token.len(), |(i, _)| i);
    &token[..end]
}

/// Make the token shards and hand each to `write` as (file name relative
/// to `search/t/`, JSON bytes) as soon as it is made, so the whole index
/// (75 MB at 100k records) is never held at once. `text_of` gives a
/// document's searchable text besides its title and subtitle.
pub fn write_shard_files<E: Send>(
    docs: &[SearchDoc],
    text_of: impl Fn(TextSource) -> String + Sync,
    write: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
) -> Result<(), E> {
    // Each thread indexes a run of documents into its own map; the maps
    // are merged after. Sorting every (token, id) pair instead cost more
    // than the rest of the index.
    let postings: Postings = docs
        .par_iter()
        .enumerate()
        .fold(Postings::default, |mut postings, (id, doc)| {
            let id = id as u32;
            let text = text_of(doc.source);
            for text in [&doc.title, &doc.subtitle, &text] {
                add_tokens(&mut postings, text, id);
            }
            postings
        })
        .reduce(Postings::default, |mut all, part| {
            for (token, mut ids) in part {
                all.entry(token).or_default().append(&mut ids);
            }
            all
        });
    // Tokens are ASCII, so in sorted order each shard's tokens are one run,
    // already in the order its JSON object lists them.
    let mut tokens: Vec<(String, Vec<u32>)> = postings
        .into_par_iter()
        .map(|(token, mut ids)| {
            ids.sort_unstable();
            ids.dedup();
            (token, ids)
        })
        .collect();
    tokens.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    tokens
        .par_chunk_by(|a, b| shard_of(&a.0) == shard_of(&b.0))
        .try_for_each(|shard| {
            let bytes = serde_json::to_vec(&ShardJson(shard)).expect("maps serialize");
            write(&format!("{}.json", shard_of(&shard[0].0)), &bytes)
        })
}

/// One shard's tokens as a JSON object: token → sorted document ids.
struct ShardJson<'a>(&'a [(String, Vec<u32>)]);

impl serde::Serialize for ShardJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(token, ids)| (token, ids)))
    }
}

/// Token → the documents that hold it, hashed with foldhash rather than
/// SipHash: building the index hashes every word of every page.
type Postings = foldhash::HashMap<String, Vec<u32>>;

/// Record that document `id` holds every folded word of `text`.
fn add_tokens(postings: &mut Postings, text: &str, id: u32) {
    let folded = text::fold(text);
    for token in text::words(&folded) {
        match postings.get_mut(token) {
            Some(ids) if ids.last() == Some(&id) => {}
            Some(ids) => ids.push(id),
            None => {
                postings.insert(token.to_owned(), vec![id]);
            }
        }
    }
}

/// The document chunks of one language, as (file name relative to
/// `search/d/`, JSON bytes).
pub fn chunk_files(docs: &[SearchDoc], lang: Lang) -> Vec<(String, Vec<u8>)> {
    docs.par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(chunk, docs)| {
            let rows: Vec<_> = docs
                .iter()
                .map(|d| {
                    let kind = if lang == Lang::Vi { d.kind.0 } else { d.kind.1 };
                    json!([d.title, d.url, kind, d.subtitle])
                })
                .collect();
            let bytes = serde_json::to_vec(&rows).expect("arrays serialize");
            (format!("{chunk}.json"), bytes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, subtitle: &str, id: usize) -> SearchDoc<'static> {
        SearchDoc {
            title: title.into(),
            url: "assets/X.html".into(),
            kind: ("Thiết bị", "Equipment"),
            subtitle: subtitle.into(),
            source: TextSource::Record(id),
        }
    }

    #[test]
    fn tokens_are_sharded_and_folded() {
        let docs = vec![doc("Máy in Canon", "Địa chỉ", 7), doc("Máy chủ", "", 9)];
        let text_of = |source| match source {
            TextSource::Record(7) => "Đà Nẵng".to_owned(),
            _ => String::new(),
        };
        let files = std::sync::Mutex::new(Vec::new());
        write_shard_files(&docs, text_of, |name, bytes| {
            files
                .lock()
                .unwrap()
                .push((name.to_owned(), bytes.to_vec()));
            Ok::<(), ()>(())
        })
        .unwrap();
        let files = files.into_inner().unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert!(names.contains(&"ma.json"), "{names:?}");
        assert!(names.contains(&"di.json"));
        let ma = files.iter().find(|(name, _)| name == "ma.json").unwrap();
        assert_eq!(String::from_utf8_lossy(&ma.1), r#"{"may":[0,1]}"#);
        let da = files.iter().find(|(name, _)| name == "da.json").unwrap();
        assert_eq!(
            String::from_utf8_lossy(&da.1),
            r#"{"da":[0]}"#,
            "text from text_of"
        );
    }

    #[test]
    fn chunks_carry_the_kind_in_each_language() {
        let docs = vec![doc("Máy in", "", 0)];
        let vi = chunk_files(&docs, Lang::Vi);
        let en = chunk_files(&docs, Lang::En);
        assert_eq!(vi[0].0, "0.json");
        assert!(String::from_utf8_lossy(&vi[0].1).contains("Thiết bị"));
        assert!(String::from_utf8_lossy(&en[0].1).contains("Equipment"));
    }
}
