//! `.vscode/settings.json` maps every register's folder to its schema, so
//! that VS Code with the Red Hat YAML extension (yaml-language-server) shows
//! the Vietnamese field help and the schema errors while staff type.

mod common;

use globset::{GlobBuilder, GlobMatcher};
use itreg::register::Register;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_json(relative: &str) -> Value {
    let path = common::repo_root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not plain JSON: {e}"))
}

/// `yaml.schemas`: schema path → the globs it applies to.
fn schema_mapping() -> BTreeMap<String, Vec<String>> {
    let settings = read_json(".vscode/settings.json");
    let schemas = settings["yaml.schemas"]
        .as_object()
        .expect("yaml.schemas is an object");
    schemas
        .iter()
        .map(|(schema, globs)| {
            let globs = match globs {
                Value::String(glob) => vec![glob.clone()],
                Value::Array(items) => items
                    .iter()
                    .map(|g| g.as_str().expect("a glob is a string").to_owned())
                    .collect(),
                other => panic!("{schema}: globs must be a string or a list, not {other}"),
            };
            (schema.clone(), globs)
        })
        .collect()
}

fn schema_key(register: Register) -> String {
    format!("./schema/{}.schema.json", register.slug())
}

#[test]
fn every_register_has_exactly_one_schema_mapping() {
    let mapping = schema_mapping();
    for register in Register::ALL {
        let key = schema_key(register);
        let globs = mapping
            .get(&key)
            .unwrap_or_else(|| panic!("{register:?}: no yaml.schemas entry for {key}"));
        assert!(!globs.is_empty(), "{key} maps no glob");
        let file = common::repo_root().join(key.trim_start_matches("./"));
        assert!(file.is_file(), "{} does not exist", file.display());
    }
    let expected: Vec<String> = Register::ALL.into_iter().map(schema_key).collect();
    for key in mapping.keys() {
        assert!(expected.contains(key), "{key} is not a register's schema");
    }
}

/// Whether a compiled glob matches a document URI.
type Matcher = Box<dyn Fn(&str) -> bool>;

/// One way an editor matches a `yaml.schemas` glob against a document URI.
struct Semantics {
    name: &'static str,
    compile: fn(&str) -> Matcher,
}

/// yaml-language-server 1.24 and later: picomatch on the whole URI with
/// `**/` put in front of the glob; `*` stops at `/`.
fn picomatch(glob: &str) -> Matcher {
    let matcher: GlobMatcher = GlobBuilder::new(&format!("**/{}", glob.trim_start_matches('/')))
        .literal_separator(true)
        .build()
        .expect("a valid glob")
        .compile_matcher();
    Box::new(move |uri| matcher.is_match(uri))
}

/// yaml-language-server before 1.24 (still bundled by older VS Code YAML
/// extensions): `*` becomes `.*`, anchored only at the end of the URI.
fn legacy_regex(glob: &str) -> Matcher {
    let mut pattern = String::new();
    for c in glob.chars() {
        match c {
            '*' => pattern.push_str(".*"),
            c => pattern.push_str(&regex::escape(&c.to_string())),
        }
    }
    let regex = regex::Regex::new(&format!("{pattern}$")).expect("a valid regex");
    Box::new(move |uri| regex.is_match(uri))
}

const SEMANTICS: [Semantics; 2] = [
    Semantics {
        name: "yaml-language-server ≥ 1.24 (picomatch)",
        compile: picomatch,
    },
    Semantics {
        name: "yaml-language-server < 1.24 (regex)",
        compile: legacy_regex,
    },
];

fn sample_records() -> Vec<PathBuf> {
    let records = common::repo_root().join("records");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&records)
        .into_iter()
        .map(|e| e.expect("readable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert!(files.len() > 100, "the sample records are there");
    files
}

/// The schemas whose globs match `uri`, under one matching semantics.
fn schemas_matching(compiled: &[(String, Matcher)], uri: &str) -> Vec<String> {
    compiled
        .iter()
        .filter(|(_, matches)| matches(uri))
        .map(|(schema, _)| schema.clone())
        .collect()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn every_sample_record_gets_the_schema_itreg_uses() {
    let mapping = schema_mapping();
    let records_dir = common::repo_root().join("records");
    for semantics in SEMANTICS {
        let compiled: Vec<(String, Matcher)> = mapping
            .iter()
            .flat_map(|(schema, globs)| {
                globs
                    .iter()
                    .map(|glob| (schema.clone(), (semantics.compile)(glob)))
            })
            .collect();
        let mut registers_seen = std::collections::BTreeSet::new();
        for path in sample_records() {
            let within = path.strip_prefix(&records_dir).unwrap();
            let (register, _) = Register::classify(within).expect("a sample is in a register");
            registers_seen.insert(register);
            let found = schemas_matching(&compiled, &uri_of(&path));
            assert_eq!(
                found,
                [schema_key(register)],
                "{}: {} maps these schemas",
                semantics.name,
                path.display()
            );
        }
        assert_eq!(
            registers_seen.len(),
            Register::ALL.len(),
            "samples of every register"
        );
        let workflow = common::repo_root().join(".github/workflows/check.yml");
        assert!(schemas_matching(&compiled, &uri_of(&workflow)).is_empty());
    }
}

/// A letter only Vietnamese uses (a tone mark or ă â đ ê ô ơ ư).
fn has_vietnamese_letter(text: &str) -> bool {
    const LETTERS: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
    text.to_lowercase().chars().any(|c| LETTERS.contains(c))
}

/// Every property schema below `node`, with its JSON pointer.
fn properties<'v>(node: &'v Value, pointer: &str, out: &mut Vec<(String, &'v Value)>) {
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, schema) in props {
            let here = format!("{pointer}/properties/{name}");
            out.push((here.clone(), schema));
            properties(schema, &here, out);
        }
    }
    for key in ["items", "additionalProperties", "if", "then", "else"] {
        if let Some(child) = node.get(key).filter(|c| c.is_object()) {
            properties(child, &format!("{pointer}/{key}"), out);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (i, child) in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            properties(child, &format!("{pointer}/{key}/{i}"), out);
        }
    }
}

/// The hover text in the editor is the property's `title` and
/// `description`; staff read Vietnamese.
#[test]
fn mapped_schemas_give_vietnamese_help_on_every_property() {
    for key in schema_mapping().keys() {
        let schema = read_json(key.trim_start_matches("./"));
        let mut found = vec![(String::new(), &schema)];
        properties(&schema, "", &mut found);
        assert!(found.len() > 3, "{key}: no properties found");
        for (pointer, property) in found {
            let title = property["title"].as_str().unwrap_or_default();
            let description = property["description"].as_str().unwrap_or_default();
            assert!(
                !title.is_empty() && !description.is_empty(),
                "{key}#{pointer}: needs a title and a description"
            );
            assert!(
                has_vietnamese_letter(&format!("{title} {description}")),
                "{key}#{pointer}: title and description should be Vietnamese: {title} / {description}"
            );
        }
    }
}

/// Keywords newer than draft 7: the YAML extensions still in use ignore
/// them, so a schema relying on one would check less in the editor than in
/// `itreg check` without anyone noticing.
#[test]
fn schemas_use_only_keywords_editors_understand() {
    const NEWER: &[&str] = &[
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentRequired",
        "dependentSchemas",
        "prefixItems",
        "minContains",
        "maxContains",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$anchor",
    ];
    fn keys<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    out.push(key);
                    keys(child, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
            _ => {}
        }
    }
    for entry in std::fs::read_dir(common::repo_root().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        let schema = read_json(&format!(
            "schema/{}",
            path.file_name().unwrap().to_string_lossy()
        ));
        let mut found = Vec::new();
        keys(&schema, &mut found);
        let newer: Vec<&&str> = found.iter().filter(|k| NEWER.contains(k)).collect();
        assert!(newer.is_empty(), "{}: {newer:?}", path.display());
    }
}

/// itreg refuses tabs and a BOM (`tab-indent`, `bom`) and CRLF makes noisy
/// diffs; the workspace settings keep the editor from producing them.
#[test]
fn workspace_settings_keep_files_the_way_itreg_reads_them() {
    let settings = read_json(".vscode/settings.json");
    assert_eq!(settings["files.eol"], "\n");
    assert_eq!(settings["files.encoding"], "utf8", "UTF-8 without BOM");
    assert_eq!(settings["[yaml]"]["editor.insertSpaces"], true);
    assert_eq!(settings["[yaml]"]["editor.tabSize"], 2);
    assert_eq!(settings["yaml.validate"], true);
    let extensions = read_json(".vscode/extensions.json");
    let recommended = extensions["recommendations"].as_array().unwrap();
    assert!(recommended.iter().any(|e| e == "redhat.vscode-yaml"));
}
