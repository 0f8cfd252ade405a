//! `itreg init DIR`: a records repository of its own for one agency or
//! province, apart from the tool's source: settings, the root unit and its
//! IT unit, the register folders, a README for staff, editor and
//! pre-commit settings, CODEOWNERS and CI for its Git host.

use crate::diagnostic::{Bilingual, Lang};
use crate::register::Register;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the repository in: missing or empty.
    pub dir: PathBuf,
    /// The Git host whose CI to set up.
    #[arg(long, value_enum, default_value = "gitlab")]
    pub host: Host,
    /// The site's title.
    #[arg(long, default_value = "Sổ theo dõi CNTT")]
    pub title: String,
    /// The intranet address the site is published at (modelines and links point there).
    #[arg(long, value_name = "URL", default_value = "https://cntt.bhxh.example/")]
    pub base_url: String,
    /// Id of the root unit (its IT unit is `<id>-cntt`).
    #[arg(long, value_name = "ID", default_value = "bhxh")]
    pub unit: String,
    /// Name of the root unit.
    #[arg(long, default_value = "Bảo hiểm xã hội tỉnh")]
    pub name: String,
    /// Full name of the IT unit's data administrator (QĐ3582 II.4.2, D1),
    /// recorded as its first staff member; without it `check` asks for one.
    #[arg(long, value_name = "FULL_NAME")]
    pub data_admin: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Host {
    Gitlab,
    Gitea,
    Github,
}

impl Host {
    /// Where the CI file and CODEOWNERS go, and the CI file's text.
    fn files(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Host::Gitlab => (
                ".gitlab-ci.yml",
                ".gitlab/CODEOWNERS",
                include_str!("../ci-templates/gitlab-ci.yml"),
            ),
            Host::Gitea => (
                ".gitea/workflows/itreg.yml",
                ".gitea/CODEOWNERS",
                include_str!("../ci-templates/gitea-actions.yml"),
            ),
            Host::Github => (
                ".github/workflows/itreg.yml",
                crate::codeowners::CODEOWNERS_PATH,
                include_str!("../ci-templates/github-actions.yml"),
            ),
        }
    }
}

pub fn run(args: &InitArgs, lang: Lang, today: chrono::NaiveDate) -> ExitCode {
    match init(args, today) {
        Ok(written) => {
            for path in written {
                crate::outln!("{}", args.dir.join(path).display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("itreg: {}", message.get(lang));
            ExitCode::from(2)
        }
    }
}

/// Write the repository; returns the files written, relative to it.
pub fn init(args: &InitArgs, today: chrono::NaiveDate) -> Result<Vec<String>, Bilingual> {
    let dir = &args.dir;
    refuse_non_empty(dir)?;
    if !args.base_url.starts_with("https://") && !args.base_url.starts_with("http://") {
        return Err(Bilingual::new(
            format!("--base-url phải là địa chỉ http(s): {}", args.base_url),
            format!("--base-url must be an http(s) address: {}", args.base_url),
        ));
    }
    if let Some(name) = &args.data_admin
        && crate::ids::slugify(name).is_none()
    {
        return Err(Bilingual::new(
            format!("--data-admin `{name}` không phải họ tên"),
            format!("--data-admin `{name}` is not a full name"),
        ));
    }
    if !is_unit_id(&args.unit) {
        return Err(Bilingual::new(
            format!(
                "--unit `{}` không phải mã đơn vị hợp lệ (chữ thường, số, `-`)",
                args.unit
            ),
            format!(
                "--unit `{}` is not a valid unit id (lower case, digits, `-`)",
                args.unit
            ),
        ));
    }
    let failed = |e: std::io::Error| {
        Bilingual::new(
            format!("Không ghi được vào {}: {e}", dir.display()),
            format!("Cannot write into {}: {e}", dir.display()),
        )
    };
    let mut files = text_files(args);
    // The register folders, empty (Git keeps them once a record is in).
    for register in Register::ALL {
        std::fs::create_dir_all(dir.join("records").join(register.folder())).map_err(failed)?;
    }
    for (path, text) in &files {
        write(dir, path, text).map_err(failed)?;
    }
    let schemas = crate::validate::schema::SchemaSet::load(None)
        .map_err(|e| Bilingual::new(e.to_string(), e.to_string()))?;
    for name in
        crate::validate::schema::write_files(&schemas, &dir.join("schema")).map_err(failed)?
    {
        files.push((format!("schema/{name}"), String::new()));
    }
    let codeowners = codeowners(dir, today)?;
    let (_, codeowners_path, _) = args.host.files();
    write(dir, codeowners_path, &codeowners).map_err(failed)?;
    files.push((codeowners_path.to_owned(), codeowners));
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Lower-case letters, digits and inner dashes, as `common.schema.json` asks.
fn is_unit_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn refuse_non_empty(dir: &Path) -> Result<(), Bilingual> {
    let occupied = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) => true,
    };
    if occupied || dir.is_file() {
        return Err(Bilingual::new(
            format!(
                "{} không trống; init chỉ tạo kho trong thư mục chưa có hoặc trống",
                dir.display()
            ),
            format!(
                "{} is not empty; init only creates a repository in a missing or empty folder",
                dir.display()
            ),
        ));
    }
    Ok(())
}

fn write(dir: &Path, relative: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

/// CODEOWNERS as `itreg codeowners` prints it, from the records just written.
fn codeowners(dir: &Path, today: chrono::NaiveDate) -> Result<String, Bilingual> {
    let options = crate::check::CheckOptions {
        today,
        only: Some(Vec::new()),
    };
    let checked = crate::check::check_dir(dir, &options)
        .map_err(|e| Bilingual::new(e.to_string(), e.to_string()))?;
    Ok(crate::codeowners::codeowners(&checked.model))
}

fn text_files(args: &InitArgs) -> Vec<(String, String)> {
    let (ci_path, codeowners_path, ci) = args.host.files();
    let root = &args.unit;
    let it_unit = format!("{root}-cntt");
    let unit_path = |id: &str| format!("records/units/{id}.yaml");
    let modeline = crate::emit::modeline(Register::Unit.slug(), 2);
    let mut files = vec![
        ("itreg.toml".into(), config(args)),
        (
            unit_path(root),
            format!(
                "{modeline}id: {root}\nname: {}\nlevel: province\nit_unit: false\n",
                crate::emit::string(&args.name)
            ),
        ),
        (
            unit_path(&it_unit),
            format!(
                "{modeline}id: {it_unit}\nname: Phòng Công nghệ thông tin\nlevel: province\nparent: {root}\nit_unit: true\n"
            ),
        ),
        ("README.md".into(), readme(args, ci_path, codeowners_path)),
        (
            ".gitignore".into(),
            "/public/\n/public-restricted/\n/.itreg-cache/\n".into(),
        ),
        (".pre-commit-config.yaml".into(), PRE_COMMIT.into()),
        (".vscode/settings.json".into(), vscode_settings()),
        (
            ".vscode/extensions.json".into(),
            "{\n  \"recommendations\": [\"redhat.vscode-yaml\"]\n}\n".into(),
        ),
        (ci_path.into(), ci.into()),
    ];
    files.extend(data_admin(args, &it_unit));
    files
}

/// The IT unit's data administrator (D1), when `--data-admin` names one.
fn data_admin(args: &InitArgs, it_unit: &str) -> Option<(String, String)> {
    let name = args.data_admin.as_deref()?;
    let id = crate::ids::slugify(name)?;
    let modeline = crate::emit::modeline(Register::Staff.slug(), 2);
    Some((
        format!("records/staff/{id}.yaml"),
        format!(
            "{modeline}id: {id}\nfull_name: {}\nunit: {it_unit}\nroles: [it-staff, data-admin]\n",
            crate::emit::string(name)
        ),
    ))
}

fn config(args: &InitArgs) -> String {
    format!(
        "# Cài đặt của kho hồ sơ / settings of this records repository (see `itreg --help`).\n\
         # Made with itreg {version}; `itreg --version` prints the version in use.\n\
         itreg_version = \"{version}\"\n\n\
         [site]\n\
         title = {title}\n\
         base_url = {base_url}\n\
         languages = [\"vi\", \"en\"]\n",
        version = env!("CARGO_PKG_VERSION"),
        title = toml_string(&args.title),
        base_url = toml_string(&args.base_url),
    )
}

/// A TOML basic string: JSON's escaping is a subset TOML reads alike.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

const PRE_COMMIT: &str = "\
# pre-commit (https://pre-commit.com): `pre-commit install` once, then every
# commit runs `itreg check` (with the itreg on PATH). It checks the whole
# repository, not only the files changed: a change to one record (a unit
# renamed, a staff record deleted) can break a reference in another.
repos:
  - repo: local
    hooks:
      - id: itreg-check
        name: itreg check (kiểm tra hồ sơ / check records)
        entry: itreg check
        language: system
        pass_filenames: false
        always_run: true
        require_serial: true
";

fn vscode_settings() -> String {
    let mut schemas = serde_json::Map::new();
    for register in Register::ALL {
        // Assets and inventories sit one folder down (unit, year).
        let nested = matches!(register, Register::Asset | Register::Inventory);
        let glob = format!(
            "records/{}/{}*.yaml",
            register.folder(),
            if nested { "*/" } else { "" }
        );
        schemas.insert(
            format!("./schema/{}.schema.json", register.slug()),
            serde_json::json!([glob]),
        );
    }
    let settings = serde_json::json!({
        "yaml.schemas": schemas,
        "yaml.validate": true,
        "yaml.schemaStore.enable": false,
        "[yaml]": { "editor.tabSize": 2, "editor.insertSpaces": true },
        "files.encoding": "utf8",
        "files.eol": "\n",
    });
    serde_json::to_string_pretty(&settings).expect("JSON serializes") + "\n"
}

fn readme(args: &InitArgs, ci_path: &str, codeowners_path: &str) -> String {
    format!(
        "# {title}\n\n\
Kho này giữ các sổ theo dõi CNTT của {name} dưới dạng tệp YAML, theo Quy định 3582/QĐ-BHXH và Quy chế 1114/QĐ-BHXH. \
Mỗi thay đổi là một yêu cầu hợp nhất được duyệt; CI chạy `itreg check` trên mỗi yêu cầu và dựng trang nội bộ {base_url} từ nhánh chính.\n\n\
## Bắt đầu\n\n\
1. Cài `itreg` (bản dựng sẵn do đơn vị CNTT cấp trên cấp, hoặc `cargo install --locked --path .` từ mã nguồn itreg) và Git.\n\
2. Tạo hồ sơ mới bằng `itreg new`, ví dụ `itreg new staff --unit {it_unit}` hay `itreg new assets --unit {it_unit} --type desktop`, rồi điền mọi chỗ `TODO`.\n\
3. Chạy `itreg check`, sửa hết lỗi, rồi mở yêu cầu hợp nhất.\n\
4. Xem trước trang nội bộ: `itreg serve --open`.\n\n\
## Cấu trúc\n\n\
- `records/units/`, `records/staff/`, `records/assets/<đơn vị>/`, `records/inventories/<năm>/`, `records/software/`, `records/networks/` và `records/access/` (mật), `records/databases/`, `records/data-requests/`, `records/mail/accounts/`, `records/mail/requests/`, `records/training/`: mỗi sổ một thư mục, tên tệp trùng `id`.\n\
- `schema/`: lược đồ JSON cho trình soạn thảo (VS Code với tiện ích YAML hiện tiêu đề và mô tả tiếng Việt của từng trường). Sau khi nâng cấp itreg, chạy `itreg schema --out schema` để cập nhật.\n\
- `itreg.toml`: tiêu đề trang, địa chỉ trang, ngôn ngữ.\n\
- `{codeowners_path}`: người duyệt của từng đơn vị; cập nhật bằng `itreg codeowners > {codeowners_path}` sau khi thêm cán bộ CNTT.\n\
- `{ci_path}`: CI dùng bản itreg cố định, không tải gì từ Internet; xem chú thích trong tệp.\n\
- `.pre-commit-config.yaml`: `pre-commit install` để kiểm tra hồ sơ trước mỗi lần commit.\n\n\
Không bao giờ ghi mật khẩu vào kho.\n\n\
---\n\n\
This repository keeps {name}'s IT registers as YAML records checked by itreg. \
Add records with `itreg new`, run `itreg check` before opening a merge request; CI checks every merge request and publishes {base_url} from the default branch.\n",
        title = args.title,
        name = args.name,
        base_url = args.base_url,
        it_unit = format!("{}-cntt", args.unit),
    )
}
