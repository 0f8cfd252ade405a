//! The offline search index, split so a first query fetches little: token
//! shards by the first two folded letters, documents in chunks of 500.
//! The browser side lives in `site-templates/static/itreg.js`.

use super::write::OutputFile;
use crate::text;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

pub const DOCS_PER_CHUNK: usize = 500;

/// One searchable page.
pub struct SearchDoc {
    pub title: String,
    /// Relative to the language root.
    pub url: String,
    pub kind: String,
    pub subtitle: String,
    /// All text the page can be found by.
    pub text: String,
}

fn shard_of(token: &str) -> String {
    token.chars().take(2).collect()
}

/// Render the index files under `<prefix>search/`.
pub fn index_files(prefix: &str, docs: &[SearchDoc]) -> Vec<OutputFile> {
    let mut shards: BTreeMap<String, BTreeMap<String, BTreeSet<usize>>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        let text = format!("{} {} {}", doc.title, doc.subtitle, doc.text);
        for token in text::tokens(&text) {
            shards
                .entry(shard_of(&token))
                .or_default()
                .entry(token)
                .or_default()
                .insert(id);
        }
    }
    let mut files = Vec::new();
    for (shard, tokens) in shards {
        let body: BTreeMap<String, Vec<usize>> = tokens
            .into_iter()
            .map(|(token, ids)| (token, ids.into_iter().collect()))
            .collect();
        files.push(OutputFile {
            path: format!("{prefix}search/t/{shard}.json").into(),
            bytes: serde_json::to_vec(&body).expect("maps serialize"),
        });
    }
    for (chunk, docs) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<_> = docs
            .iter()
            .map(|d| json!([d.title, d.url, d.kind, d.subtitle]))
            .collect();
        files.push(OutputFile {
            path: format!("{prefix}search/d/{chunk}.json").into(),
            bytes: serde_json::to_vec(&rows).expect("arrays serialize"),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_sharded_and_folded() {
        let docs = vec![SearchDoc {
            title: "Máy in Canon".into(),
            url: "assets/X.html".into(),
            kind: "Thiết bị".into(),
            subtitle: "Địa chỉ".into(),
            text: String::new(),
        }];
        let files = index_files("", &docs);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned())
            .collect();
        assert!(names.contains(&"search/t/ma.json".to_owned()), "{names:?}");
        assert!(names.contains(&"search/t/di.json".to_owned()));
        let ma = files.iter().find(|f| f.path.ends_with("ma.json")).unwrap();
        assert_eq!(String::from_utf8_lossy(&ma.bytes), r#"{"may":[0]}"#);
    }
}
