//! M8 (QC1114 Đ9): no executable attachments. Every file under `records/`
//! is judged, whether a record references it or not: a program, a script or
//! an archive (which could hide one) is an error, recognised by its
//! extension and by its first bytes, so renaming `setup.exe` to
//! `bien-ban.pdf` does not help; so is any file, records included, with the
//! executable permission bit set.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::load::Attachment;
use crate::load::content::Content;
use std::path::Path;

pub const RULE: Rule = Rule {
    clause: "M8",
    citation: "QC1114 Đ9",
    severity: Severity::Error,
    threshold: None,
    check,
};

/// Extensions of programs and installers.
const PROGRAMS: &[&str] = &[
    "exe", "dll", "com", "scr", "msi", "msp", "cpl", "sys", "ocx", "elf", "so", "dylib", "app",
    "apk", "ipa", "dmg", "pkg", "deb", "rpm", "appimage", "run", "class", "wasm", "lnk",
];

/// Extensions of scripts, including macro-enabled office files.
const SCRIPTS: &[&str] = &[
    "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "hta", "sh",
    "bash", "zsh", "ksh", "csh", "py", "pyw", "pl", "rb", "php", "lua", "reg", "jar", "docm",
    "dotm", "xlsm", "xltm", "pptm",
];

/// Extensions of archives.
const ARCHIVES: &[&str] = &[
    "zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "tbz2", "xz", "txz", "zst", "lz", "lzma", "cab",
    "iso", "arj", "z",
];

/// Office formats that are zip containers inside.
const OFFICE_ZIP: &[&str] = &["docx", "xlsx", "odt", "ods"];

/// Why a file may not stay in the repository.
pub(super) enum Danger {
    Program(String),
    Script,
    Archive(String),
}

/// What is wrong with an attachment's type, by content first (a renamed
/// program is named for what it is), then by extension.
pub(super) fn danger(attachment: &Attachment) -> Option<Danger> {
    let extension = extension(&attachment.path);
    match attachment.content {
        Content::Program(kind) => return Some(Danger::Program(kind.to_owned())),
        Content::Script => return Some(Danger::Script),
        Content::Archive(kind) => return Some(Danger::Archive(kind.to_owned())),
        Content::Zip if !OFFICE_ZIP.contains(&extension.as_str()) => {
            return Some(Danger::Archive("zip".to_owned()));
        }
        Content::Zip | Content::Other => {}
    }
    let by_name = format!(".{extension}");
    if PROGRAMS.contains(&extension.as_str()) {
        Some(Danger::Program(by_name))
    } else if SCRIPTS.contains(&extension.as_str()) {
        Some(Danger::Script)
    } else if ARCHIVES.contains(&extension.as_str()) {
        Some(Danger::Archive(by_name))
    } else {
        None
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let attachments = model
        .attachments
        .iter()
        .map(|attachment| match danger(attachment) {
            Some(danger) => Some(dangerous(&attachment.path, &danger)),
            None => attachment
                .executable
                .then(|| executable_bit(&attachment.path)),
        });
    let records = model
        .records
        .iter()
        .filter(|r| r.executable)
        .map(|r| Some(executable_bit(&r.path)));
    attachments.chain(records).flatten().collect()
}

fn dangerous(path: &Path, danger: &Danger) -> Finding {
    let file = shown(path);
    let (vi, en) = match danger {
        Danger::Program(kind) => (
            format!(
                "Tệp `{file}` là chương trình ({kind}); không được đưa tệp thực thi vào kho hồ sơ"
            ),
            format!("`{file}` is a program ({kind}); executables are not allowed in the records"),
        ),
        Danger::Script => (
            format!(
                "Tệp `{file}` là tệp lệnh (script hoặc macro); không được đưa tệp thực thi vào kho hồ sơ"
            ),
            format!(
                "`{file}` is a script or macro file; executables are not allowed in the records"
            ),
        ),
        Danger::Archive(kind) => (
            format!("Tệp `{file}` là tệp nén ({kind}), có thể chứa tệp thực thi"),
            format!("`{file}` is an archive ({kind}), which could hide executables"),
        ),
    };
    Finding::file(path).say(
        (vi, en),
        (
            "Xóa tệp khỏi kho (và khỏi lịch sử Git nếu đã commit); minh chứng chỉ gồm PDF, ảnh (JPG, PNG, TIFF) hoặc văn bản Office, mỗi tài liệu một tệp, không nén",
            "Delete the file from the repository (and from the Git history if it was committed); evidence is PDF, images (JPG, PNG, TIFF) or office documents, one file each, never archived",
        ),
    )
}

fn executable_bit(path: &Path) -> Finding {
    let file = shown(path);
    Finding::file(path).say(
        (
            format!("Tệp `{file}` có quyền thực thi (executable bit); hồ sơ và minh chứng không phải chương trình"),
            format!("`{file}` has the executable permission bit set; records and evidence are not programs"),
        ),
        (
            "Bỏ quyền thực thi: `chmod -x <tệp>` rồi `git update-index --chmod=-x <tệp>`",
            "Clear it: `chmod -x <file>`, then `git update-index --chmod=-x <file>`",
        ),
    )
}
