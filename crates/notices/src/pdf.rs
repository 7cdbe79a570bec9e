//! A notice laid out on A4 as the city prints them (number and date top
//! right, addressee left, issuer right, title, body, 記, 理由, 教示), with a
//! Japanese font embedded as a subset with its Unicode map, so the text can
//! be copied, searched and read aloud; a QR code leads to the verification
//! page. Lines break by the font's own advances, and never before a closing
//! mark (禁則).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

use crate::content::Content;

/// Where Debian's packages put the fonts a notice can use, in order.
pub const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "/usr/share/fonts/truetype/ipaexfont-mincho/ipaexm.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
];

/// The font notices are set in, loaded once.
#[derive(Clone)]
pub struct NoticeFont {
    font: Font,
    data: Arc<Vec<u8>>,
    pub path: PathBuf,
}

impl std::fmt::Debug for NoticeFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoticeFont")
            .field("path", &self.path)
            .finish()
    }
}

impl NoticeFont {
    pub fn load(path: &Path) -> anyhow::Result<NoticeFont> {
        let data = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read the notice font {}: {e}", path.display()))?;
        let data = Arc::new(data);
        ttf_parser::Face::parse(&data, 0).map_err(|e| {
            anyhow::anyhow!("{} is not a font notices can use: {e}", path.display())
        })?;
        let font = Font::new(krilla::Data::from(data.clone()), 0)
            .ok_or_else(|| anyhow::anyhow!("{} cannot be embedded", path.display()))?;
        Ok(NoticeFont {
            font,
            data,
            path: path.to_path_buf(),
        })
    }

    /// The configured font, or the first of Debian's that is installed.
    pub fn find(configured: Option<&Path>) -> anyhow::Result<NoticeFont> {
        if let Some(path) = configured {
            return NoticeFont::load(path);
        }
        FONT_CANDIDATES
            .iter()
            .map(Path::new)
            .find(|p| p.exists())
            .map(NoticeFont::load)
            .unwrap_or_else(|| {
                Err(anyhow::anyhow!(
                    "no Japanese font for notices: install fonts-ipaexfont (apt-get install fonts-ipaexfont) or set notice_font"
                ))
            })
    }
}

// A4 in points, with the margins and sizes notices and receipts share.
pub(crate) const PAGE_W: f32 = 595.0;
pub(crate) const PAGE_H: f32 = 842.0;
pub(crate) const LEFT: f32 = 72.0;
pub(crate) const RIGHT: f32 = PAGE_W - 72.0;
pub(crate) const TOP: f32 = 70.0;
pub(crate) const BOTTOM: f32 = PAGE_H - 70.0;
pub(crate) const BODY: f32 = 10.5;
pub(crate) const SMALL: f32 = 9.0;

/// Characters a line may not begin with (行頭禁則): they stay at the end of
/// the line before, past the margin.
fn no_line_start(c: char) -> bool {
    "、。，．,.）」』】〕〉》｝］)]}ー・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"
        .contains(c)
}

/// Widths of text in the font, for alignment and line breaking.
pub(crate) struct Measure<'a> {
    face: ttf_parser::Face<'a>,
    per_em: f32,
}

impl Measure<'_> {
    pub(crate) fn new(font: &NoticeFont) -> anyhow::Result<Measure<'_>> {
        let face = ttf_parser::Face::parse(&font.data, 0)?;
        Ok(Measure {
            per_em: f32::from(face.units_per_em()),
            face,
        })
    }

    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(self.per_em, f32::from)
            })
            .sum::<f32>()
            * size
            / self.per_em
    }

    /// `text` broken into lines no wider than `width` (a hard line break
    /// starts a new line); runs of ASCII letters and digits stay whole.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for hard in text.split('\n') {
            let mut line = String::new();
            let mut used = 0.0;
            let mut units: Vec<String> = Vec::new();
            for c in hard.chars() {
                match units.last_mut() {
                    Some(last)
                        if c.is_ascii_alphanumeric()
                            && last.chars().all(|l| l.is_ascii_alphanumeric()) =>
                    {
                        last.push(c)
                    }
                    _ => units.push(c.to_string()),
                }
            }
            for unit in units {
                let w = self.width(&unit, size);
                let hangs = unit.chars().next().is_some_and(no_line_start);
                if used + w > width && !line.is_empty() && !hangs {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push_str(&unit);
                used += w;
            }
            lines.push(line);
        }
        lines
    }
}

/// What is drawn on a page: text at a baseline, or a thin horizontal rule.
enum Mark {
    Text(Point, f32, String),
    Rule { x0: f32, x1: f32, y: f32 },
}

/// Draws lines top to bottom, starting new pages as needed.
pub(crate) struct Writer<'d> {
    document: &'d mut Document,
    font: Font,
    pages: Vec<Vec<Mark>>,
    pub(crate) y: f32,
}

impl<'d> Writer<'d> {
    pub(crate) fn new(document: &'d mut Document, font: &NoticeFont, size: f32) -> Writer<'d> {
        Writer {
            document,
            font: font.font.clone(),
            pages: vec![Vec::new()],
            // The first baseline falls on TOP.
            y: TOP - size,
        }
    }

    pub(crate) fn line(&mut self, x: f32, size: f32, text: &str) {
        self.row(size, &[(x, text)]);
    }

    /// Several texts on one baseline (the columns of a table row).
    pub(crate) fn row(&mut self, size: f32, cells: &[(f32, &str)]) {
        if self.y + size > BOTTOM {
            self.new_page();
        }
        self.y += size;
        if let Some(page) = self.pages.last_mut() {
            for (x, text) in cells {
                page.push(Mark::Text(
                    Point::from_xy(*x, self.y),
                    size,
                    (*text).to_string(),
                ));
            }
        }
        self.y += size * 0.75;
    }

    /// A rule across `x0..x1` just below the last line.
    pub(crate) fn rule(&mut self, x0: f32, x1: f32) {
        if self.y > BOTTOM {
            self.new_page();
        }
        let y = self.y - 3.0;
        if let Some(page) = self.pages.last_mut() {
            page.push(Mark::Rule { x0, x1, y });
        }
    }

    pub(crate) fn gap(&mut self, points: f32) {
        self.y += points;
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    pub(crate) fn finish(self, qr: Option<(&qrcode::QrCode, Vec<String>)>) -> anyhow::Result<()> {
        let count = self.pages.len();
        for (index, lines) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
                .ok_or_else(|| anyhow::anyhow!("page size"))?;
            let mut page = self.document.start_page_with(settings);
            let mut surface = page.surface();
            for mark in &lines {
                match mark {
                    Mark::Text(at, size, text) => surface.draw_text(
                        *at,
                        self.font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    ),
                    Mark::Rule { x0, x1, y } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(*x0, *y, x1 - x0, 0.6) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            if count > 1 {
                let folio = format!("{} / {}", index + 1, count);
                surface.draw_text(
                    Point::from_xy(PAGE_W / 2.0 - 12.0, PAGE_H - 40.0),
                    self.font.clone(),
                    SMALL,
                    &folio,
                    false,
                    TextDirection::Auto,
                );
            }
            if index + 1 == count
                && let Some((code, caption)) = &qr
            {
                let cell = 1.6;
                let size = code.width() as f32 * cell;
                let (x0, y0) = (LEFT, PAGE_H - 60.0 - size);
                // One rectangle per run of dark modules in a row: a third of
                // the rectangles one per module would take.
                let mut path = PathBuilder::new();
                let colours = code.to_colors();
                for (row, modules) in colours.chunks(code.width()).enumerate() {
                    let mut start = None;
                    for (column, colour) in
                        modules.iter().chain([&qrcode::Color::Light]).enumerate()
                    {
                        match (colour, start) {
                            (qrcode::Color::Dark, None) => start = Some(column),
                            (qrcode::Color::Light, Some(first)) => {
                                let run = (column - first) as f32;
                                if let Some(rect) = Rect::from_xywh(
                                    x0 + first as f32 * cell,
                                    y0 + row as f32 * cell,
                                    run * cell,
                                    cell,
                                ) {
                                    path.push_rect(rect);
                                }
                                start = None;
                            }
                            _ => {}
                        }
                    }
                }
                if let Some(path) = path.finish() {
                    surface.draw_path(&path);
                }
                let mut y = y0 + SMALL;
                for line in caption {
                    surface.draw_text(
                        Point::from_xy(x0 + size + 12.0, y),
                        self.font.clone(),
                        SMALL,
                        line,
                        false,
                        TextDirection::Auto,
                    );
                    y += SMALL * 1.6;
                }
            }
            surface.finish();
            page.finish();
        }
        Ok(())
    }
}

/// A PDF date in Japan's time (PDF dates otherwise default to 1970).
pub(crate) fn creation_date(created: time::OffsetDateTime) -> krilla::metadata::DateTime {
    let local = created.to_offset(time::macros::offset!(+9));
    krilla::metadata::DateTime::new(u16::try_from(local.year()).unwrap_or(2000))
        .month(u8::from(local.month()))
        .day(local.day())
        .hour(local.hour())
        .minute(local.minute())
        .second(local.second())
        .utc_offset_hour(9)
}

/// The notice as an unsigned PDF. `created` is the issue time (PDF dates
/// otherwise default to 1970).
pub fn render(
    content: &Content,
    font: &NoticeFont,
    created: time::OffsetDateTime,
) -> anyhow::Result<Vec<u8>> {
    let measure = Measure::new(font)?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(content.title.clone())
            .description(format!("{} {}", content.kind, content.number))
            .keywords(vec![format!("notice:{}", content.number)])
            .language("ja".to_string())
            .creator("madoguchi".to_string())
            .authors(vec![content.issuer.clone()])
            .creation_date(creation_date(created)),
    );
    let width = RIGHT - LEFT;
    let mut w = Writer::new(&mut document, font, BODY);
    let right = |text: &str, size: f32| RIGHT - measure.width(text, size);
    let number = format!("通知番号 {}", content.number);
    w.line(right(&number, BODY), BODY, &number);
    w.line(right(&content.issued_on, BODY), BODY, &content.issued_on);
    w.gap(18.0);
    for line in measure.wrap(&content.address, SMALL, width * 0.6) {
        w.line(LEFT, SMALL, &line);
    }
    let addressee = format!("{}　様", content.addressee);
    w.line(LEFT, 12.0, &addressee);
    w.gap(12.0);
    w.line(right(&content.issuer, 12.0) - 24.0, 12.0, &content.issuer);
    w.gap(24.0);
    for line in measure.wrap(&content.title, 15.0, width) {
        w.line(
            LEFT + (width - measure.width(&line, 15.0)) / 2.0,
            15.0,
            &line,
        );
    }
    w.gap(16.0);
    for paragraph in &content.body {
        for line in measure.wrap(&format!("　{paragraph}"), BODY, width) {
            w.line(LEFT, BODY, &line);
        }
        w.gap(4.0);
    }
    if !content.items.is_empty() {
        w.gap(8.0);
        w.line(LEFT + width / 2.0 - BODY / 2.0, BODY, "記");
        w.gap(6.0);
        for (i, (label, value)) in content.items.iter().enumerate() {
            let text = if label.is_empty() {
                format!("{}　{value}", i + 1)
            } else {
                format!("{}　{label}　{value}", i + 1)
            };
            for line in measure.wrap(&text, BODY, width - BODY) {
                w.line(LEFT + BODY, BODY, &line);
            }
        }
    }
    if let Some(reasons) = &content.reasons {
        w.gap(10.0);
        w.line(LEFT, BODY, "（理由）");
        for paragraph in reasons {
            for line in measure.wrap(&format!("　{paragraph}"), BODY, width) {
                w.line(LEFT, BODY, &line);
            }
        }
    }
    if !content.appeal.is_empty() {
        w.gap(14.0);
        w.line(LEFT, SMALL, "（教示）");
        for paragraph in &content.appeal {
            for line in measure.wrap(paragraph, SMALL, width) {
                w.line(LEFT, SMALL, &line);
            }
            w.gap(2.0);
        }
    }
    // The QR code and its caption need this much room at the foot.
    let code = qrcode::QrCode::new(content.verify_link().as_bytes())?;
    let qr_room = code.width() as f32 * 1.6 + 70.0;
    if w.y > PAGE_H - qr_room {
        w.new_page();
    }
    let caption = vec![
        "この通知書には名古屋市の電子署名が付されています。".to_string(),
        "真正性は次のページで確認できます（QRコードからも開けます）。".to_string(),
        content.verify_url.clone(),
        format!(
            "通知番号 {}　確認コード {}",
            content.number, content.check_code
        ),
    ];
    w.finish(Some((&code, caption)))?;
    document
        .finish()
        .map_err(|e| anyhow::anyhow!("the notice PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> Option<NoticeFont> {
        NoticeFont::find(None).ok()
    }

    #[test]
    fn lines_break_within_the_width_and_never_before_a_closing_mark() {
        let Some(font) = font() else {
            eprintln!("skipped: no Japanese font installed (fonts-ipaexfont)");
            return;
        };
        let measure = Measure::new(&font).expect("face");
        // 10 full-width characters per line at 10 pt in 100 pt.
        let lines = measure.wrap("あいうえおかきくけこ。さしすせそ", 10.0, 100.0);
        assert_eq!(lines[0], "あいうえおかきくけこ。", "the 。 hangs");
        assert_eq!(lines[1], "さしすせそ");
        let lines = measure.wrap("番号はABCDEFGHIJKLMNです", 10.0, 100.0);
        assert!(
            lines.iter().any(|l| l.contains("ABCDEFGHIJKLMN")),
            "{lines:?}"
        );
        let lines = measure.wrap("一行目\n二行目", 10.0, 100.0);
        assert_eq!(lines, vec!["一行目", "二行目"]);
    }
}
