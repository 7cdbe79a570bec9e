//! Charts drawn on the server as SVG, so the dashboards need no JavaScript:
//! bars with their values written beside them, a title for screen readers,
//! and the same figures in the tables beside them.
//!
//! Each row's label sits on its own line above its bars, so the labels take
//! no width from the bars and the drawing stays narrow: at a phone's width
//! (375 px, the drawing about 340 px wide) text is drawn at about its
//! nominal 14 px, never under 12 px (`browser/public-pages.mjs` measures it).
//! A bar's series (計画 / 実績) is written in its value text, so the chart
//! does not rely on colour alone.

use std::fmt::Write;

use kernel::i18n::escape;

/// One bar: its value in percent (0–100) and the text to show beside it.
pub struct Value {
    pub percent: f64,
    pub text: String,
}

/// One row: a label and its bars in order (plan, then actual); a series
/// without a value (no actual yet) is a text with no bar.
pub struct Row {
    pub label: String,
    pub bars: Vec<(Series, Option<Value>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Plan,
    Actual,
}

impl Series {
    fn class(self) -> &'static str {
        match self {
            Series::Plan => "chart-bar chart-plan",
            Series::Actual => "chart-bar chart-actual",
        }
    }
}

/// The drawing's width in user units; the page shows it at most at 30 rem.
pub const WIDTH: f64 = 320.0;
/// The text's size in user units (CSS sets the same).
pub const TEXT: f64 = 14.0;
const LABEL_LINE: f64 = 20.0;
const BAR_LINE: f64 = 20.0;
const BAR_HEIGHT: f64 = 13.0;
const ROW_GAP: f64 = 8.0;
/// Room left right of a full bar for its value ("実績 100.0%").
const VALUE_ROOM: f64 = 110.0;

/// Rows of bars, largest scale 100 %. `title` names the chart for
/// assistive technology (`role="img"` with `<title>`).
pub fn bars(id: &str, title: &str, rows: &[Row]) -> String {
    let bar_max = WIDTH - VALUE_ROOM;
    let height: f64 = rows
        .iter()
        .map(|r| LABEL_LINE + BAR_LINE * r.bars.len() as f64 + ROW_GAP)
        .sum::<f64>()
        + 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    let mut y = 0.0;
    for row in rows {
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}" class="chart-label">{}</text>"#,
            y + LABEL_LINE - 5.0,
            escape(&row.label)
        );
        y += LABEL_LINE;
        for (series, value, text) in &row.bars {
            let length = match value {
                Some(v) => (v.percent.clamp(0.0, 100.0) / 100.0 * bar_max).max(1.0),
                None => 0.0,
            };
            if value.is_some() {
                let _ = write!(
                    svg,
                    r#"<rect x="0" y="{:.1}" width="{length:.1}" height="{BAR_HEIGHT}" class="{}"/>"#,
                    y + (BAR_LINE - BAR_HEIGHT) / 2.0,
                    series.class()
                );
            }
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" class="chart-value">{}</text>"#,
                length + 5.0,
                y + BAR_LINE - 5.0,
                escape(text)
            );
            y += BAR_LINE;
        }
        y += ROW_GAP;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(percent: f64) -> Option<Value> {
        Some(Value {
            percent,
            text: format!("{percent}%"),
        })
    }

    #[test]
    fn a_chart_is_an_image_with_a_title_and_its_values_written_out() {
        let svg = bars(
            "c1",
            "手続数 <R5>",
            &[
                Row {
                    label: "R7".into(),
                    bars: vec![
                        (Series::Plan, value(100.0), "計画 100.0%".into()),
                        (Series::Actual, value(90.5), "実績 90.5%".into()),
                    ],
                },
                Row {
                    label: "R9".into(),
                    bars: vec![
                        (Series::Plan, value(140.0), "計画 100.0%".into()),
                        (Series::Actual, None, "実績 未到来".into()),
                    ],
                },
            ],
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1-title\""));
        assert!(svg.contains("<title id=\"c1-title\">手続数 &lt;R5&gt;</title>"));
        assert!(svg.contains(">実績 90.5%</text>"));
        assert!(svg.contains("width=\"190.1\""), "90.5 % of 210: {svg}");
        assert!(svg.contains("width=\"210.0\""), "capped at 100 %");
        assert_eq!(svg.matches("<rect").count(), 3, "no bar without a value");
        assert!(svg.contains(">実績 未到来</text>"), "said in words instead");
    }
}
