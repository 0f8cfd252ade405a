//! Reading record files from a working tree, and the refusals that happen
//! before YAML parsing: size, encoding, BOM, tabs and symlinks. Files that
//! are not records become attachments, with their first bytes and their
//! executable bit, for the M8 rules to judge (see [`FileKind`]).

use super::yaml::{ParseError, ParseErrorKind};
use super::{Attachment, LoadOptions, RECORDS_DIR, RawFile, content};
use crate::diagnostic::{Bilingual, Diagnostic};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Everything found under `records/` of a working tree.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<RawFile>,
    pub attachments: Vec<Attachment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walk `<root>/records`, reading every `.yaml` file. Symlinks are followed
/// only while they stay inside the repository.
pub fn collect_dir(root: &Path, options: &LoadOptions) -> Collected {
    let mut collected = Collected::default();
    let records = root.join(RECORDS_DIR);
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    if let Some(refusal) = folder_escapes(root, &canonical_root, &records) {
        collected.diagnostics.push(refusal);
        return collected;
    }
    let mut entries: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&records)
        .follow_links(false)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => entries.push(entry.into_path()),
            Err(error) => {
                let path = error.path().unwrap_or(&records).to_owned();
                collected
                    .diagnostics
                    .push(io_error(root, &path, &error.to_string()));
            }
        }
    }
    let yaml_files = entries
        .iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
        })
        .count();
    if yaml_files > options.max_files {
        collected.diagnostics.push(
            Diagnostic::error(
                "too-many-files",
                RECORDS_DIR,
                Bilingual::new(
                    format!("Có {yaml_files} tệp hồ sơ, vượt giới hạn {}", options.max_files),
                    format!("There are {yaml_files} record files, over the limit of {}", options.max_files),
                ),
            )
            .with_hint(
                "Kiểm tra xem có công cụ nào sinh tệp hàng loạt không; nếu đúng là cần, tăng `max_files` trong itreg.toml",
                "Check for a tool generating files in bulk; if the number is right, raise `max_files` in itreg.toml",
            ),
        );
        return collected;
    }
    // Reading thousands of small files is mostly waiting on the kernel;
    // doing it in parallel keeps the walk's order because rayon's collect does.
    let read: Vec<Option<Entry>> = entries
        .par_iter()
        .map(|absolute| read_entry(root, &canonical_root, absolute, options))
        .collect();
    for entry in read.into_iter().flatten() {
        match entry {
            Entry::Record(file) => collected.files.push(file),
            Entry::Attachment(attachment) => collected.attachments.push(attachment),
            Entry::Refused(diagnostic) => collected.diagnostics.push(diagnostic),
        }
    }
    collected
}

/// What one walked path turned into.
enum Entry {
    Record(RawFile),
    Attachment(Attachment),
    Refused(Diagnostic),
}

/// Read one walked path: a record file, an attachment, a refusal, or
/// nothing for a folder reached through a link.
fn read_entry(
    root: &Path,
    canonical_root: &Path,
    absolute: &Path,
    options: &LoadOptions,
) -> Option<Entry> {
    let relative = absolute.strip_prefix(root).unwrap_or(absolute).to_owned();
    let metadata = match regular_file(root, canonical_root, absolute) {
        Ok(Some(metadata)) => metadata,
        Ok(None) => return None,
        Err(diagnostic) => return Some(Entry::Refused(diagnostic)),
    };
    let executable = is_executable(&metadata);
    let entry = match kind_of(&relative) {
        FileKind::Record if metadata.len() > options.max_file_bytes => {
            Entry::Refused(too_large(&relative, metadata.len(), options.max_file_bytes))
        }
        FileKind::Record => match fs::read(absolute) {
            Ok(bytes) => Entry::Record(RawFile {
                path: relative,
                bytes,
                executable,
            }),
            Err(error) => Entry::Refused(io_error(root, absolute, &error.to_string())),
        },
        FileKind::WrongExtension => Entry::Refused(wrong_extension(&relative)),
        FileKind::Other => match read_head(absolute) {
            Ok(head) => Entry::Attachment(Attachment {
                path: relative,
                size: metadata.len(),
                executable,
                content: content::sniff(&head),
            }),
            Err(error) => Entry::Refused(io_error(root, absolute, &error.to_string())),
        },
    };
    Some(entry)
}

/// What the loaders do with a file under `records/`, by its name alone.
#[derive(Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.yaml`: parsed as a record.
    Record,
    /// `.yml`, `.YAML`…: refused (`extension`), so that one spelling is used.
    WrongExtension,
    /// Anything else is an attachment, which the M8 rules judge: evidence
    /// that records reference, never programs, scripts or archives.
    Other,
}

pub fn kind_of(path: &Path) -> FileKind {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension == "yaml" {
        FileKind::Record
    } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
        FileKind::WrongExtension
    } else {
        FileKind::Other
    }
}

/// The first bytes of a file, enough to tell what it holds.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(content::SNIFF_BYTES);
    fs::File::open(path)?
        .take(content::SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Whether a file has an executable permission bit (M8).
#[cfg(unix)]
pub fn is_executable(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
pub fn is_executable(_metadata: &fs::Metadata) -> bool {
    false
}

/// The refusals every file read from a working tree goes through: a link
/// out of the repository, a file that cannot be read, and a pipe, socket or
/// device, whose reading would block or never end. `None` for a folder.
pub(super) fn regular_file(
    root: &Path,
    canonical_root: &Path,
    absolute: &Path,
) -> Result<Option<fs::Metadata>, Diagnostic> {
    let relative = absolute.strip_prefix(root).unwrap_or(absolute);
    let own = fs::symlink_metadata(absolute).ok();
    let is_symlink = own.as_ref().is_some_and(|m| m.file_type().is_symlink());
    if is_symlink && !stays_inside(absolute, canonical_root) {
        return Err(symlink_escape(relative));
    }
    // What is not a link is its own target: no second stat for it.
    let metadata = match own {
        Some(metadata) if !is_symlink => metadata,
        _ => {
            fs::metadata(absolute).map_err(|error| io_error(root, absolute, &error.to_string()))?
        }
    };
    if metadata.is_dir() {
        return Ok(None);
    }
    if !metadata.is_file() {
        return Err(special_file(relative));
    }
    Ok(Some(metadata))
}

/// A source folder (`records/`, `procedures/`) that is itself a link out of
/// the repository: every file under it would be read from elsewhere, though
/// none of them is a link.
pub(super) fn folder_escapes(
    root: &Path,
    canonical_root: &Path,
    folder: &Path,
) -> Option<Diagnostic> {
    let exists = fs::symlink_metadata(folder).is_ok();
    (exists && !stays_inside(folder, canonical_root))
        .then(|| symlink_escape(folder.strip_prefix(root).unwrap_or(folder)))
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .map(|target| target.starts_with(canonical_root))
        .unwrap_or(false)
}

fn io_error(root: &Path, path: &Path, message: &str) -> Diagnostic {
    let relative = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(
        "io",
        relative,
        Bilingual::new(
            format!("Không đọc được tệp: {message}"),
            format!("Could not read the file: {message}"),
        ),
    )
    .with_hint(
        "Kiểm tra quyền truy cập và liên kết của tệp",
        "Check the file's permissions and links",
    )
}

fn symlink_escape(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "symlink-escape",
        path,
        Bilingual::new(
            "Liên kết tượng trưng trỏ ra ngoài kho hồ sơ",
            "This symbolic link points outside the repository",
        ),
    )
    .with_hint(
        "Thay liên kết bằng chính tệp, đặt trong kho",
        "Replace the link with the file itself, inside the repository",
    )
}

fn special_file(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "special-file",
        path,
        Bilingual::new(
            "Đây không phải tệp thường mà là ống dẫn, socket hoặc thiết bị; itreg không đọc nó",
            "This is not a regular file but a pipe, socket or device; itreg does not read it",
        ),
    )
    .with_hint(
        "Xóa nó khỏi records/; hồ sơ và minh chứng là tệp thường",
        "Remove it from records/; records and evidence are regular files",
    )
}

pub fn wrong_extension(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "extension",
        path,
        Bilingual::new(
            "Tệp hồ sơ phải có đuôi .yaml (chữ thường), không phải .yml hay .YAML",
            "Record files must end in lower-case .yaml, not .yml or .YAML",
        ),
    )
    .with_hint(
        "Đổi đuôi tệp thành .yaml",
        "Rename the file to end in .yaml",
    )
}

pub fn too_large(path: &Path, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        path,
        Bilingual::new(
            format!("Tệp dài {size} byte, vượt giới hạn {limit} byte"),
            format!("The file is {size} bytes, over the {limit}-byte limit"),
        ),
    )
    .with_hint(
        "Một hồ sơ chỉ nên mô tả một đối tượng; tách tệp hoặc tăng `max_file_bytes` trong itreg.toml",
        "A record describes one thing; split the file, or raise `max_file_bytes` in itreg.toml",
    )
}

/// Decode a record file as UTF-8, refusing a BOM and tab indentation, which
/// YAML editors and spreadsheets tend to introduce.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let encoding_error = |vi: &str, en: &str, at: usize, bytes: &[u8]| {
        Diagnostic::error("encoding", path, Bilingual::new(vi, en))
            .at(position_of_byte(bytes, at))
            .with_hint(
                "Lưu tệp ở dạng văn bản UTF-8 (không dùng UTF-16, TCVN3 hay Windows-1258)",
                "Save the file as UTF-8 text (not UTF-16, TCVN3 or Windows-1258)",
            )
    };
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(Diagnostic::error(
            "bom",
            path,
            Bilingual::new(
                "Tệp bắt đầu bằng dấu BOM",
                "The file starts with a byte-order mark (BOM)",
            ),
        )
        .with_hint(
            "Lưu lại tệp dưới dạng UTF-8 không có BOM",
            "Save the file again as UTF-8 without BOM",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(encoding_error(
            "Tệp được lưu ở mã UTF-16",
            "The file is saved as UTF-16",
            0,
            &bytes,
        ));
    }
    // NUL never occurs in YAML text; it marks binary data or UTF-16 without a BOM.
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(encoding_error(
            "Tệp chứa byte NUL: đây là tệp nhị phân hoặc UTF-16, không phải văn bản YAML",
            "The file holds NUL bytes: it is binary or UTF-16, not YAML text",
            at,
            &bytes,
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        encoding_error(
            "Tệp không phải mã UTF-8",
            "The file is not valid UTF-8",
            at,
            error.as_bytes(),
        )
    })
}

/// Line and character column of a byte offset, counting only the valid
/// UTF-8 before it.
fn position_of_byte(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first line indented with a tab, if any. Called only when parsing
/// failed, because a tab inside a block scalar is legitimate content.
pub fn tab_indentation(path: &Path, text: &str, up_to_line: usize) -> Option<Diagnostic> {
    let (index, line) = text
        .lines()
        .take(up_to_line)
        .enumerate()
        .find(|(_, line)| line.trim_start_matches(' ').starts_with('\t'))?;
    let column = line.len() - line.trim_start_matches(' ').len() + 1;
    Some(
        Diagnostic::error(
            "tab-indent",
            path,
            Bilingual::new(
                "Dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách",
                "A tab is used for indentation; YAML allows only spaces",
            ),
        )
        .at((index + 1, column))
        .with_hint("Thay tab bằng dấu cách", "Replace the tab with spaces"),
    )
}

pub fn parse_error_diagnostic(path: &Path, error: ParseError) -> Diagnostic {
    let (code, vi, en, hint_vi, hint_en) = match error.kind {
        ParseErrorKind::DuplicateKey => (
            "duplicate-key",
            "Khóa bị lặp lại trong cùng một ánh xạ",
            "A key appears twice in the same mapping",
            "Xóa một trong hai dòng trùng khóa; chỉ giữ giá trị đúng",
            "Delete one of the duplicated lines and keep the right value",
        ),
        ParseErrorKind::MultipleDocuments => (
            "multiple-documents",
            "Tệp chứa nhiều tài liệu YAML (dấu ---)",
            "The file holds several YAML documents (---)",
            "Mỗi hồ sơ một tệp: tách các tài liệu ra tệp riêng",
            "One record per file: move each document into its own file",
        ),
        ParseErrorKind::TooDeep => (
            "too-deep",
            "Cấu trúc lồng nhau quá sâu",
            "The structure is nested too deeply",
            "Hồ sơ không cần lồng sâu như vậy; kiểm tra lại thụt lề và dấu ngoặc",
            "Records never nest this deep; check the indentation and brackets",
        ),
        ParseErrorKind::AliasLimit => (
            "alias-limit",
            "Dùng quá nhiều bí danh YAML (&/*), có thể là bom bí danh",
            "Too many YAML aliases (&/*), possibly an alias bomb",
            "Viết giá trị trực tiếp thay vì dùng bí danh",
            "Write the values out instead of using aliases",
        ),
        ParseErrorKind::TooManyNodes => (
            "too-large",
            "Tệp có quá nhiều phần tử",
            "The file has too many elements",
            "Tách hồ sơ thành nhiều tệp nhỏ hơn",
            "Split the record into smaller files",
        ),
        ParseErrorKind::Syntax => (
            "yaml-syntax",
            "Lỗi cú pháp YAML",
            "YAML syntax error",
            "Kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép quanh vị trí này",
            "Check indentation, colons and quotes around this position",
        ),
    };
    Diagnostic::error(
        code,
        path,
        Bilingual::new(
            format!("{vi}: {}", error.message),
            format!("{en}: {}", error.message),
        ),
    )
    .at(error.position)
    .with_hint(hint_vi, hint_en)
}
