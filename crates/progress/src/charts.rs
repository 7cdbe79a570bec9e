//! Charts drawn on the server as SVG, so the dashboards need no JavaScript:
//! plain bars with their values written on them, a title for screen readers,
//! and the same figures in the tables beside them.

use std::fmt::Write;

use kernel::i18n::escape;

/// One bar: its label, its value in percent (0–100) and the text to show.
pub struct Bar {
    pub label: String,
    pub percent: f64,
    pub text: String,
}

const ROW: f64 = 28.0;
const LABEL_WIDTH: f64 = 190.0;
const BAR_WIDTH: f64 = 260.0;

/// Horizontal bars, one per row, largest scale 100 %. `title` names the
/// chart for assistive technology (`role="img"` with `<title>`).
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 8.0;
    let width = LABEL_WIDTH + BAR_WIDTH + 70.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let length = (bar.percent.clamp(0.0, 100.0) / 100.0 * BAR_WIDTH).max(1.0);
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text><rect x="{bx}" y="{ry}" width="{length:.1}" height="{h}" class="chart-bar"/><text x="{vx:.1}" y="{ty}" class="chart-value">{value}</text>"#,
            lx = LABEL_WIDTH - 8.0,
            ty = y + ROW * 0.62,
            label = escape(&bar.label),
            bx = LABEL_WIDTH,
            ry = y + 4.0,
            h = ROW - 10.0,
            vx = LABEL_WIDTH + length + 6.0,
            value = escape(&bar.text),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_with_a_title_and_its_values_written_out() {
        let svg = bars(
            "c1",
            "手続数 <R5>",
            &[
                Bar {
                    label: "子育て".into(),
                    percent: 86.7,
                    text: "86.7%".into(),
                },
                Bar {
                    label: "介護".into(),
                    percent: 140.0,
                    text: "100%".into(),
                },
            ],
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1-title\""));
        assert!(svg.contains("<title id=\"c1-title\">手続数 &lt;R5&gt;</title>"));
        assert!(svg.contains(">86.7%</text>"));
        assert!(svg.contains("width=\"225.4\""), "86.7 % of 260: {svg}");
        assert!(svg.contains("width=\"260.0\""), "capped at 100 %");
    }
}
