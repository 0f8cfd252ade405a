//! What a file under `records/` really holds, judged by its first bytes and
//! not by its name: `bien-ban.pdf` renamed from `setup.exe` is still a
//! program. The loaders keep the first [`SNIFF_BYTES`] of every file that is
//! not a record; the M8 rules decide what is allowed.

/// How many leading bytes are enough to recognise every kind below (a tar
/// header's `ustar` sits at offset 257).
pub const SNIFF_BYTES: usize = 512;

/// The kind of content found at the start of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// A native or byte-code program, named: "ELF", "PE", "Mach-O"…
    Program(&'static str),
    /// A script that names its interpreter on a `#!` line.
    Script,
    /// A compressed or packed archive, named: "gzip", "7-Zip"…
    Archive(&'static str),
    /// A zip container: an Office Open XML or OpenDocument file, or any
    /// archive. Only the file's extension tells them apart.
    Zip,
    /// Documents, images, text: nothing that runs.
    Other,
}

/// Magic numbers at offset 0, checked in order.
const MAGIC: &[(&[u8], Content)] = &[
    (b"\x7fELF", Content::Program("ELF")),
    (b"MZ", Content::Program("PE (Windows)")),
    (b"\xfe\xed\xfa\xce", Content::Program("Mach-O")),
    (b"\xfe\xed\xfa\xcf", Content::Program("Mach-O")),
    (b"\xce\xfa\xed\xfe", Content::Program("Mach-O")),
    (b"\xcf\xfa\xed\xfe", Content::Program("Mach-O")),
    // Mach-O universal binaries and Java classes share this number.
    (b"\xca\xfe\xba\xbe", Content::Program("Mach-O / Java")),
    (b"\0asm", Content::Program("WebAssembly")),
    (
        b"\x4c\0\0\0\x01\x14\x02\0",
        Content::Program("Windows shortcut (.lnk)"),
    ),
    (b"#!", Content::Script),
    (b"PK\x03\x04", Content::Zip),
    (b"PK\x05\x06", Content::Zip),
    (b"PK\x07\x08", Content::Zip),
    (b"\x1f\x8b", Content::Archive("gzip")),
    (b"7z\xbc\xaf\x27\x1c", Content::Archive("7-Zip")),
    (b"Rar!\x1a\x07", Content::Archive("RAR")),
    (b"BZh", Content::Archive("bzip2")),
    (b"\xfd7zXZ\0", Content::Archive("xz")),
    (b"\x28\xb5\x2f\xfd", Content::Archive("zstd")),
    (b"MSCF", Content::Archive("CAB")),
];

/// Recognise `head`, the first bytes of a file.
pub fn sniff(head: &[u8]) -> Content {
    if let Some((_, content)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return *content;
    }
    if head.get(257..262) == Some(b"ustar") {
        return Content::Archive("tar");
    }
    Content::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_programs_scripts_and_archives() {
        assert_eq!(sniff(b"\x7fELF\x02\x01"), Content::Program("ELF"));
        assert_eq!(sniff(b"MZ\x90\0"), Content::Program("PE (Windows)"));
        assert_eq!(sniff(b"\xcf\xfa\xed\xfe\x07"), Content::Program("Mach-O"));
        assert_eq!(sniff(b"#!/bin/sh\nrm -rf /\n"), Content::Script);
        assert_eq!(sniff(b"PK\x03\x04\x14\0"), Content::Zip);
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Content::Archive("gzip"));
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar), Content::Archive("tar"));
    }

    #[test]
    fn documents_are_other() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Content::Other);
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Content::Other);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Content::Other);
        assert_eq!(sniff(b""), Content::Other);
        assert_eq!(sniff(b"M"), Content::Other);
    }
}
