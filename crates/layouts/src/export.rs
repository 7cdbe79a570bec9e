//! Applications to records: every field of every record is rendered, and
//! every problem is reported with the record's number, its receipt number
//! and the field's name; nothing is replaced or cut silently.

use serde_json::Value;

use crate::layout::{Align, Field, Format, Layout, Pad, Quote, Source};
use crate::text::is_mark;
use crate::wareki;

/// At most this many problems are reported for one export.
pub const MAX_ERRORS: usize = 1_000;

/// What is wrong with one field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required field has no value.
    Missing,
    /// The value is a list or an object, not one value.
    NotAValue,
    /// Characters the file's encoding cannot hold (each once).
    Unencodable(Vec<char>),
    /// Control characters (a line break in a fixed-width field).
    ControlCharacter,
    /// The value takes more bytes than the field has.
    TooWide { bytes: usize, width: usize },
    /// A full-width field left with an odd number of bytes to pad.
    CannotPad,
    /// A value the code table does not list.
    UnknownCode(String),
    /// A value that is not a date, or a date the style cannot write.
    BadDate(String),
}

pub(crate) fn describe_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("「{c}」(U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join("、")
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing => write!(f, "必須の値がありません"),
            Problem::NotAValue => write!(f, "値が一つではありません（一覧か組の値です）"),
            Problem::Unencodable(chars) => write!(
                f,
                "{} はこのファイルの文字コードで書けません",
                describe_chars(chars)
            ),
            Problem::ControlCharacter => write!(f, "改行などの制御文字が含まれています"),
            Problem::TooWide { bytes, width } => {
                write!(f, "{bytes} バイトあり、項目の {width} バイトに収まりません")
            }
            Problem::CannotPad => write!(
                f,
                "半角文字が混じっていて全角スペースで埋められません（fullwidth 変換を指定してください）"
            ),
            Problem::UnknownCode(value) => write!(f, "{value:?} はコード表にありません"),
            Problem::BadDate(value) => write!(f, "{value:?} はこの形式の日付として書けません"),
        }
    }
}

/// One problem of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The record's number, from 1.
    pub record: usize,
    pub receipt_number: Option<String>,
    pub field: String,
    pub problem: Problem,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 件目", self.record)?;
        if let Some(receipt) = &self.receipt_number {
            write!(f, "（受付番号 {receipt}）")?;
        }
        write!(f, " 項目 {}: {}", self.field, self.problem)
    }
}

/// All problems of an export (up to [`MAX_ERRORS`]); no file is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ExportErrors {
    pub errors: Vec<ExportError>,
    /// More problems than were kept.
    pub more: bool,
}

impl std::fmt::Display for ExportErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for error in &self.errors {
            writeln!(f, "{error}")?;
        }
        if self.more {
            writeln!(f, "（ほかにもあります。最初の {MAX_ERRORS} 件です）")?;
        }
        Ok(())
    }
}

/// The text of a value in a record, `None` when it is absent, null or empty.
fn value_of(field: &Field, record: &Value) -> Result<Option<String>, Problem> {
    let text = match &field.source {
        Source::Literal(text) => return Ok(Some(text.clone())),
        Source::Pointer(pointer) => match record.pointer(pointer) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(Value::Array(_) | Value::Object(_)) => return Err(Problem::NotAValue),
        },
    };
    Ok(text.filter(|t| !t.is_empty()))
}

/// The longest prefix of `text` that fits `width` bytes, never ending
/// between a letter and its voiced mark.
fn cut(layout: &Layout, text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let len = layout.encoding.char_len(c).unwrap_or(usize::MAX);
        if used.saturating_add(len) > width {
            if is_mark(c) {
                out.pop();
            }
            break;
        }
        used += len;
        out.push(c);
        if chars.peek().is_some_and(|next| is_mark(*next))
            && chars
                .peek()
                .and_then(|next| layout.encoding.char_len(*next))
                .is_some_and(|mark| used.saturating_add(mark) > width)
        {
            out.pop();
            break;
        }
    }
    out
}

/// The bytes of one field of one record, padded to its width for fixed
/// width.
pub(crate) fn render(layout: &Layout, field: &Field, record: &Value) -> Result<Vec<u8>, Problem> {
    let mut text = match value_of(field, record)? {
        None if field.required => return Err(Problem::Missing),
        None => String::new(),
        Some(value) => {
            let mut value = value;
            if let Some(style) = field.date {
                value = wareki::source_date(&value)
                    .and_then(|date| wareki::format(date, style))
                    .ok_or(Problem::BadDate(value))?;
            }
            if !field.codes.is_empty() {
                value = field
                    .codes
                    .get(&value)
                    .cloned()
                    .ok_or(Problem::UnknownCode(value))?;
            }
            value
        }
    };
    for conversion in &field.convert {
        text = conversion.apply(&text);
    }
    let allowed = |c: char| layout.format == Format::Csv && matches!(c, '\t' | '\r' | '\n');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Problem::ControlCharacter);
    }
    let mut bytes = layout
        .encoding
        .encode(&text)
        .map_err(Problem::Unencodable)?;
    let Some(width) = field.width else {
        return Ok(bytes);
    };
    if bytes.len() > width {
        if !field.truncate {
            return Err(Problem::TooWide {
                bytes: bytes.len(),
                width,
            });
        }
        text = cut(layout, &text, width);
        bytes = layout
            .encoding
            .encode(&text)
            .map_err(Problem::Unencodable)?;
    }
    if layout.format == Format::Csv {
        return Ok(bytes);
    }
    let left = width.saturating_sub(bytes.len());
    let padding = match field.pad {
        Pad::Space => vec![b' '; left],
        Pad::Zero => vec![b'0'; left],
        Pad::FullwidthSpace => {
            let space = layout.encoding.encode("\u{3000}").unwrap_or_default();
            if space.is_empty() || left % space.len() != 0 {
                return Err(Problem::CannotPad);
            }
            space.repeat(left / space.len())
        }
    };
    Ok(match field.align {
        Align::Left => [bytes, padding].concat(),
        Align::Right => [padding, bytes].concat(),
    })
}

struct Collector {
    errors: Vec<ExportError>,
    more: bool,
}

impl Collector {
    fn push(&mut self, error: ExportError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
        } else {
            self.more = true;
        }
    }
}

impl Layout {
    /// Writes the records (one application each, as a JSON object with
    /// `receipt_number`, `status`, `submitted_at`, `answers` …) as the file
    /// the target system reads, or every problem found.
    pub fn write<'a>(
        &self,
        records: impl IntoIterator<Item = &'a Value>,
    ) -> Result<Vec<u8>, ExportErrors> {
        let mut out = Vec::new();
        let mut problems = Collector {
            errors: Vec::new(),
            more: false,
        };
        let mut csv = csv::WriterBuilder::new()
            .terminator(match self.terminator {
                crate::layout::Terminator::Lf => csv::Terminator::Any(b'\n'),
                _ => csv::Terminator::CRLF,
            })
            .quote_style(match self.quote {
                Quote::Necessary => csv::QuoteStyle::Necessary,
                Quote::Always => csv::QuoteStyle::Always,
            })
            .from_writer(Vec::new());
        if self.format == Format::Csv && self.header {
            let headers: Vec<Vec<u8>> = self
                .fields
                .iter()
                .map(|f| self.encoding.encode(&f.header).unwrap_or_default())
                .collect();
            // Writing to a Vec does not fail.
            let _ = csv.write_record(&headers);
        }
        for (index, record) in records.into_iter().enumerate() {
            let mut row = Vec::with_capacity(self.fields.len());
            let mut ok = true;
            for field in &self.fields {
                match render(self, field, record) {
                    Ok(bytes) => row.push(bytes),
                    Err(problem) => {
                        ok = false;
                        problems.push(ExportError {
                            record: index + 1,
                            receipt_number: record
                                .get("receipt_number")
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                            field: field.name.clone(),
                            problem,
                        });
                    }
                }
            }
            if !ok || !problems.errors.is_empty() {
                continue;
            }
            match self.format {
                Format::Fixed => {
                    for bytes in row {
                        out.extend_from_slice(&bytes);
                    }
                    out.extend_from_slice(self.terminator.bytes());
                }
                Format::Csv => {
                    let _ = csv.write_record(&row);
                }
            }
        }
        if !problems.errors.is_empty() {
            return Err(ExportErrors {
                errors: problems.errors,
                more: problems.more,
            });
        }
        if self.format == Format::Csv {
            // Flushing into a Vec does not fail.
            out = csv.into_inner().unwrap_or_default();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_voiced_marks_with_their_letter() {
        let layout = Layout::parse(
            "[layout]\nname='t'\nprocedure='p'\ntarget='x'\nformat='fixed'\nencoding='shift_jis'\n[[field]]\nname='a'\nsource='/status'\nwidth=1\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cut(&layout, "ﾊﾟﾊﾟ", 3), "ﾊﾟ");
        assert_eq!(cut(&layout, "ﾊﾟﾊﾟ", 2), "ﾊﾟ");
        assert_eq!(cut(&layout, "ｱﾊﾟ", 2), "ｱ");
        assert_eq!(cut(&layout, "山田太郎", 5), "山田");
        assert_eq!(cut(&layout, "山ｱ田", 4), "山ｱ");
    }
}
