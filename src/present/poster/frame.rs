//! What every print page shares: paper, PDF, QR code, printed URL, date and ink.

use super::fit;
use super::inputs::Inputs;
use super::layout::{A3_BODY, QR_BLOCK_W, QR_LABEL_H, QR_MAX, QR_MIN};
use crate::core::colour::{contrast_ratio, parse_hex_colour};
use crate::core::diagnostic::Diagnostic;
use crate::core::html::escape;
use crate::core::paths::{self, pdf_file_name, poster_path};
use crate::draw::qr;
use crate::model::config::PaperSize;
use serde::Serialize;

/// What every print page shares: paper, PDF, QR code, date.
#[derive(Debug, Serialize)]
pub struct Frame {
    pub kind: &'static str,
    /// `A3` or `A4`: `@page` size and `<meta name="ensemble:paper">`.
    pub paper: &'static str,
    /// `<title>` of the page.
    pub title: String,
    /// File name of the PDF next to the page (linked only with `--pdf`).
    pub pdf: String,
    /// Absolute URL the QR code points to, as printed.
    pub url: String,
    /// The same, escaped, with break opportunities after each `/`.
    pub url_html: String,
    /// Relative link to the same page, for the screen.
    pub link: String,
    /// The QR code's `<svg>`, drawn by [`Frame::draw_qr`] only when the page is rendered (the
    /// previous build's page is kept when nothing it is made from changed): from `url` and
    /// `qr_id` alone, so that these two stand for it in the page's fingerprint.
    pub qr: String,
    /// Id of the QR code (its `<title>`'s is made from it).
    pub qr_id: String,
    /// Side of the QR code in mm of the design.
    pub qr_mm: String,
    /// Words before the printed URL.
    pub qr_label: &'static str,
    pub date: Option<String>,
    /// Colour of headings: the site's main colour when it stays dark on paper (≥ 7:1), black
    /// otherwise.
    pub ink: String,
}

/// How large the QR code prints.
#[derive(Debug, Clone, Copy)]
pub enum QrSize {
    /// This side, in mm of the design.
    Fixed(f64),
    /// As large as a block this high (mm) allows, with its label and the URL under it.
    Within(f64),
}

/// The poster a frame is for.
#[derive(Debug)]
pub struct FrameSpec<'a> {
    /// `residence`, `contract` or `synthesis`: a CSS class and the id of the QR code.
    pub kind: &'static str,
    /// Folder of the poster under `affiches/`.
    pub folder: &'a str,
    pub paper: PaperSize,
    pub title: String,
    /// Site-relative path of the page the QR code points to.
    pub target: &'a str,
    pub qr: QrSize,
}

/// The frame of the poster `spec`, and a warning when its URL is too long for a QR code.
pub fn frame(inputs: &Inputs<'_>, spec: FrameSpec<'_>) -> (Frame, Option<Diagnostic>) {
    let url = paths::absolute_url(inputs.base_url, spec.target);
    let own = poster_path(spec.folder);
    let warning = (!qr::fits(url.as_bytes())).then(|| {
            // The address is made of url_base and the page's path: url_base is what to shorten.
            Diagnostic::warning(
                crate::model::config::CONFIG_FILE,
                format!("adresse trop longue pour le code QR de l’affiche {own} : {url}"),
            )
            .hint("raccourcissez url_base dans site.yaml : le code QR de l’affiche ne peut pas être imprimé.")
        });
    let qr_mm = match spec.qr {
        QrSize::Fixed(side) => side,
        QrSize::Within(height) => qr_side(&url, height),
    };
    let frame = Frame {
        kind: spec.kind,
        paper: spec.paper.name(),
        title: spec.title,
        pdf: pdf_file_name(spec.folder),
        url_html: breakable_url(&url),
        url,
        link: format!("{}{}", paths::root_prefix(&own), spec.target),
        qr: String::new(),
        qr_id: format!("qr-{}", spec.kind),
        qr_mm: format!("{qr_mm:.1}"),
        qr_label: "Sur internet",
        date: inputs.publication_date.map(str::to_string),
        ink: print_ink(&inputs.config.couleurs.principale),
    };
    (frame, warning)
}

impl Frame {
    /// Draws the QR code of `url` (empty when the address is too long: the frame's warning
    /// said so).
    pub fn draw_qr(&mut self) {
        self.qr = qr::qr_svg(&self.url, &self.qr_id).unwrap_or_default();
    }
}

/// Side of the QR code that leaves room for its label and the URL under it, in a block
/// `height` mm high, in mm of the design.
pub fn qr_side(url: &str, height: f64) -> f64 {
    let url_h = fit::height(url, QR_BLOCK_W, A3_BODY, None);
    (height - QR_LABEL_H - url_h - 2.5).clamp(QR_MIN, QR_MAX)
}

/// The URL as printed: escaped, breakable after each `/` so a long address wraps cleanly.
pub fn breakable_url(url: &str) -> String {
    escape(url).replace('/', "/<wbr>")
}

fn print_ink(primary: &str) -> String {
    match parse_hex_colour(primary) {
        Some(rgb) if contrast_ratio(rgb, (255, 255, 255)) >= 7.0 => primary.to_string(),
        _ => "#000".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_break_after_slashes() {
        assert_eq!(
            breakable_url("https://a.fr/r/x&y/"),
            "https:/<wbr>/<wbr>a.fr/<wbr>r/<wbr>x&amp;y/<wbr>"
        );
    }

    #[test]
    fn light_colours_print_black() {
        assert_eq!(print_ink("#1b4b8a"), "#1b4b8a");
        assert_eq!(print_ink("#ffcc00"), "#000");
        assert_eq!(print_ink("bleu"), "#000");
    }
}
