//! QR codes as SVG, made by the `qrcode` crate: its encoder
//! (segments, version, error correction, module layout, mask) and its
//! renderer, with two choices of ours:
//!
//! - one fixed mask pattern. The crate's search for the best of the eight
//!   is 98% of a code's time (580 of 590 µs), 6 s of CPU for a site of
//!   10,000 devices; any of the eight is a valid code, which its format
//!   information names, and the tests decode every code of a sheet.
//! - a canvas that writes one stroke per run of dark modules, where the
//!   crate's `svg::Color` writes a closed rectangle per module (about 9 KB
//!   a code against 2 KB here, and a site has one code per device).

use qrcode::canvas::MaskPattern;
use qrcode::render::{Canvas, Pixel, Renderer};
use qrcode::types::Color;
use qrcode::{EcLevel, bits, ec};
use std::fmt::Write as _;

/// Modules of light margin around the code, as the standard asks.
pub const QUIET_ZONE: u32 = 4;

/// Error correction M (15%): a scuffed label still reads.
const EC_LEVEL: EcLevel = EcLevel::M;

const MASK: MaskPattern = MaskPattern::Checkerboard;

/// The QR codes of one unit's devices in one SVG file, stacked, each
/// shown alone by `file.svg#<id>` (an SVG `<view>` of its square): a site
/// of 10,000 devices wrote 10,000 files of 2 KB, each taking a 4 KB block
/// on disk, where it now writes one per unit. Codes too long for any QR
/// version are left out, as [`svg`] makes none. `id`s are XML-escaped.
pub fn sprite(codes: impl IntoIterator<Item = (String, String)>) -> String {
    let (mut body, mut width, mut height) = (String::new(), 0, 0);
    for (id, text) in codes {
        let Some(Code { size, paths }) = code(&text) else {
            continue;
        };
        body.push_str("<view id=\"");
        crate::render::push_escaped(&mut body, &id);
        let _ = writeln!(
            body,
            "\" viewBox=\"0 {height} {size} {size}\"/><svg y=\"{height}\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\">{paths}</svg>"
        );
        width = width.max(size);
        height += size;
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" shape-rendering=\"crispEdges\">\n{body}</svg>\n"
    )
}

/// `text` as an SVG QR code of the smallest version that holds it, with
/// its quiet zone, one SVG unit per module; `None` only when the text is
/// too long for any QR code.
pub fn svg(text: &str) -> Option<String> {
    let Code { size, paths } = code(text)?;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">{paths}</svg>"
    ))
}

/// One code, drawn: its side in modules (quiet zone included) and the
/// paths that draw it (a white square, then the dark modules).
pub struct Code {
    size: u32,
    paths: String,
}

fn code(text: &str) -> Option<Code> {
    let bits = bits::encode_auto(text.as_bytes(), EC_LEVEL).ok()?;
    let version = bits.version();
    let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MASK);
    let modules = canvas.into_colors();
    let width = usize::try_from(version.width()).ok()?;
    Some(
        Renderer::<Ink>::new(&modules, width, QUIET_ZONE)
            .module_dimensions(1, 1)
            .build(),
    )
}

/// The renderer's pixel. [`Runs`] draws only the dark modules it is
/// handed, so the pixel carries no colour.
#[derive(Clone, Copy)]
pub struct Ink;

impl Pixel for Ink {
    type Image = Code;
    type Canvas = Runs;

    fn default_unit_size() -> (u32, u32) {
        (1, 1)
    }

    fn default_color(_: Color) -> Self {
        Ink
    }
}

/// Dark modules as horizontal runs, in the order the renderer draws them
/// (row by row, left to right), written as strokes one module thick.
pub struct Runs {
    size: u32,
    path: String,
    /// The run being drawn: (row, first module, module after the last).
    open: Option<(u32, u32, u32)>,
    /// The row and end of the last run written, for relative moves.
    written: Option<(u32, u32)>,
}

impl Runs {
    /// Write the open run: absolute at a row's first run, relative after.
    fn close(&mut self) {
        let Some((y, start, end)) = self.open.take() else {
            return;
        };
        match self.written {
            Some((row, x)) if row == y => {
                let _ = write!(self.path, "m{} 0h{}", start - x, end - start);
            }
            _ => {
                let _ = write!(self.path, "M{start} {y}.5h{}", end - start);
            }
        }
        self.written = Some((y, end));
    }
}

impl Canvas for Runs {
    type Pixel = Ink;
    type Image = Code;

    fn new(width: u32, _height: u32, _dark: Ink, _light: Ink) -> Self {
        Runs {
            size: width,
            path: String::with_capacity(2048),
            open: None,
            written: None,
        }
    }

    fn draw_dark_pixel(&mut self, x: u32, y: u32) {
        self.draw_dark_rect(x, y, 1, 1);
    }

    fn draw_dark_rect(&mut self, left: u32, top: u32, width: u32, _height: u32) {
        match &mut self.open {
            Some((y, _, end)) if *y == top && *end == left => *end += width,
            _ => {
                self.close();
                self.open = Some((top, left, left + width));
            }
        }
    }

    fn into_image(mut self) -> Code {
        self.close();
        let size = self.size;
        let paths = format!(
            "<path fill=\"#fff\" d=\"M0 0h{size}v{size}H0z\"/><path stroke=\"#000\" d=\"{}\"/>",
            self.path
        );
        Code { size, paths }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_small_and_square() {
        let svg = super::svg("http://itreg.bhxh.local/assets/HN-Q1-PC-0012.html").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.len() < 3000, "{} bytes", svg.len());
        // Version 4 (33 modules) plus the quiet zone on both sides.
        assert!(svg.contains("viewBox=\"0 0 41 41\""), "{svg}");
    }
}
