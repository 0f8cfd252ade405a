//! `itreg.toml`: per-repository settings. Every field has a default, so a
//! folder of records with no config file works as is.

use crate::diagnostic::{Bilingual, Lang, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "itreg.toml";

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The itreg version `itreg init` made the repository with.
    pub itreg_version: Option<String>,
    pub site: SiteConfig,
    pub check: CheckConfig,
    /// Per-rule settings, keyed by clause id (`A10`, `M4`, …).
    pub rules: BTreeMap<String, RuleConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Link to edit a record on the Git host; `{path}` is the file's path.
    pub edit_url: Option<String>,
    /// Link to a commit on the Git host; `{commit}` is the full id.
    pub commit_url: Option<String>,
    pub languages: Vec<Lang>,
    /// A folder whose templates override the built-in ones.
    pub templates_dir: Option<String>,
    pub out_dir: String,
    pub restricted_out_dir: String,
    /// A register with more records than this gets a list page per unit
    /// instead of one list: 100k devices on one page is 35 MB of HTML.
    pub list_limit: usize,
    /// The intranet address the site is published at
    /// (`http://itreg.bhxh.local/`; `itreg init` asks for it): the QR code
    /// on an asset label holds its record page under it, and schema
    /// modelines may point at `<base_url>schema/`.
    pub base_url: Option<String>,
    /// The label stock a label sheet opens with.
    pub label_stock: crate::labels::Stock,
    /// The path the site is served under (`/itreg/`; default `/`). Pages
    /// link relatively, so only what is served at any address needs it:
    /// the 404 page, whose links must not depend on the missing URL.
    pub base_path: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Sổ theo dõi CNTT".into(),
            edit_url: None,
            commit_url: None,
            languages: vec![Lang::Vi, Lang::En],
            templates_dir: None,
            out_dir: "public".into(),
            restricted_out_dir: "public-restricted".into(),
            list_limit: 2000,
            base_url: None,
            label_stock: crate::labels::Stock::default(),
            base_path: "/".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_files: usize,
    pub max_string_chars: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_file_bytes: 1024 * 1024,
            max_depth: 24,
            max_files: 1_000_000,
            max_string_chars: 20_000,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RuleConfig {
    /// Override the rule's severity, or `off` to disable it.
    pub severity: Option<RuleSeverity>,
    /// The rule's threshold in days or months, where it has one.
    pub threshold: Option<i64>,
    /// The longest interval a record may set for itself, where the rule
    /// reads one from the records (C3: a network's
    /// `log_review_interval_days`).
    pub maximum: Option<i64>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuleSeverity {
    Error,
    Warning,
    Off,
}

impl RuleSeverity {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSeverity::Error => Some(Severity::Error),
            RuleSeverity::Warning => Some(Severity::Warning),
            RuleSeverity::Off => None,
        }
    }
}

/// The deepest nesting `[check] max_depth` may allow. The parser, the
/// schema validator and the value walkers recurse once per level, and a
/// rendering thread's stack is a few megabytes.
pub const MAX_DEPTH_LIMIT: usize = 64;

/// A link the site will print must open a web page, never run script
/// (`javascript:`) or read a local file.
fn check_web_address(key: &str, url: &str) -> Result<(), Bilingual> {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(());
    }
    Err(Bilingual::new(
        format!("[site] {key} = \"{url}\" phải là địa chỉ http:// hoặc https://"),
        format!("[site] {key} = \"{url}\" must be an http:// or https:// address"),
    ))
}

/// `base_path` is an absolute URL path of plain segments, `/` at both ends
/// (`/itreg/`): it goes into `href`s as is.
fn check_base_path(path: &str) -> Result<(), Bilingual> {
    let plain_segments = path.split('/').all(|segment| {
        segment != "."
            && segment != ".."
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    });
    if path.starts_with('/') && path.ends_with('/') && !path.contains("//") && plain_segments {
        return Ok(());
    }
    Err(Bilingual::new(
        format!(
            "[site] base_path = \"{path}\" phải là đường dẫn bắt đầu và kết thúc bằng `/`, chỉ gồm chữ, số, `-`, `_` (ví dụ \"/itreg/\")"
        ),
        format!(
            "[site] base_path = \"{path}\" must be a path that starts and ends with `/`, of letters, digits, `-` and `_` (e.g. \"/itreg/\")"
        ),
    ))
}

/// A configured folder is relative to the repository and stays inside it.
fn check_inside_repository(key: &str, folder: &str) -> Result<(), Bilingual> {
    use std::path::Component;
    let path = Path::new(folder);
    let escapes = path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || folder.trim().is_empty() {
        return Err(Bilingual::new(
            format!(
                "[site] {key} = \"{folder}\" phải là thư mục con của kho, viết tương đối và không có `..`"
            ),
            format!(
                "[site] {key} = \"{folder}\" must be a folder inside the repository, relative and without `..`"
            ),
        ));
    }
    Ok(())
}

impl Config {
    /// Read `<root>/itreg.toml`, or the defaults when it is absent.
    pub fn load(root: &Path) -> Result<Config, Bilingual> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Bilingual::new(
                format!("{CONFIG_FILE}: không đọc được tệp: {e}"),
                format!("{CONFIG_FILE}: cannot read the file: {e}"),
            )
        })?;
        Config::parse(&text)
    }

    /// The parser's own report (line, column, what it expected) is English
    /// in both languages; the sentence around it is not.
    pub fn parse(text: &str) -> Result<Config, Bilingual> {
        let config: Config = toml::from_str(text).map_err(|e| {
            Bilingual::new(
                format!("{CONFIG_FILE} sai cú pháp hoặc có khoá lạ; sửa theo README: {e}"),
                format!("{CONFIG_FILE} has a syntax error or an unknown key; see the README: {e}"),
            )
        })?;
        config.validate().map_err(|e| {
            Bilingual::new(
                format!("{CONFIG_FILE}: {}", e.vi),
                format!("{CONFIG_FILE}: {}", e.en),
            )
        })?;
        Ok(config)
    }

    /// Settings that parse but would be unsafe: links that run script,
    /// folders outside the repository, a depth that overflows the stack.
    fn validate(&self) -> Result<(), Bilingual> {
        let site = &self.site;
        let urls = [
            ("edit_url", &site.edit_url),
            ("commit_url", &site.commit_url),
            ("base_url", &site.base_url),
        ];
        for (key, url) in urls
            .iter()
            .filter_map(|(key, url)| Some((key, url.as_ref()?)))
        {
            check_web_address(key, url)?;
        }
        // Record pages are Vietnamese pages with English beside their
        // labels; the English pages link to them.
        if !site.languages.contains(&Lang::Vi) {
            return Err(Bilingual::new(
                "[site] languages phải có \"vi\": trang hồ sơ là trang tiếng Việt, có tiếng Anh bên cạnh",
                "[site] languages must include \"vi\": record pages are Vietnamese pages with English beside them",
            ));
        }
        check_base_path(&site.base_path)?;
        check_inside_repository("out_dir", &site.out_dir)?;
        check_inside_repository("restricted_out_dir", &site.restricted_out_dir)?;
        if let Some(templates_dir) = &site.templates_dir {
            check_inside_repository("templates_dir", templates_dir)?;
        }
        if self.check.max_depth > MAX_DEPTH_LIMIT {
            let depth = self.check.max_depth;
            return Err(Bilingual::new(
                format!(
                    "[check] max_depth = {depth} vượt quá {MAX_DEPTH_LIMIT}, mức mà trình đọc còn an toàn; hạ xuống"
                ),
                format!(
                    "[check] max_depth = {depth} is above {MAX_DEPTH_LIMIT}, the most the reader handles safely; lower it"
                ),
            ));
        }
        Ok(())
    }

    pub fn rule(&self, clause: &str) -> RuleConfig {
        self.rules.get(clause).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_must_include_vietnamese() {
        let error = Config::parse("[site]\nlanguages = [\"en\"]\n").unwrap_err();
        assert!(error.en.contains("must include \"vi\""), "{}", error.en);
        let vietnamese = Config::parse("[site]\nlanguages = [\"vi\"]\n").unwrap();
        assert_eq!(vietnamese.site.languages, vec![Lang::Vi]);
    }

    #[test]
    fn base_url_must_be_a_web_address() {
        let config = Config::parse(
            "[site]\nbase_url = \"http://itreg.bhxh.local/\"\nlabel_stock = \"2x7\"\n",
        )
        .unwrap();
        assert_eq!(
            config.site.base_url.as_deref(),
            Some("http://itreg.bhxh.local/")
        );
        assert_eq!(config.site.label_stock, crate::labels::Stock::S2x7);
        let error = Config::parse("[site]\nbase_url = \"javascript:alert(1)\"\n").unwrap_err();
        assert!(error.en.contains("base_url"), "{}", error.en);
        assert!(Config::parse("[site]\nlabel_stock = \"4x10\"\n").is_err());
    }

    #[test]
    fn base_path_is_a_plain_absolute_path() {
        assert_eq!(Config::default().site.base_path, "/");
        let config = Config::parse("[site]\nbase_path = \"/itreg/\"\n").unwrap();
        assert_eq!(config.site.base_path, "/itreg/");
        for bad in ["itreg/", "/itreg", "/a//b/", "/../", "/a b/", "/x\\\"y/"] {
            let text = format!("[site]\nbase_path = {bad:?}\n");
            assert!(Config::parse(&text).is_err(), "{bad}");
        }
    }
}
