//! Records from a target system back to values: the file is bounded, decoded
//! strictly (malformed bytes reported with their line), fixed-width records
//! are cut by bytes in the file's encoding, padding is trimmed, code tables
//! are read backwards and 和暦 dates become ISO dates again.

use std::collections::BTreeMap;

use crate::layout::{Align, Field, Format, Layout, Pad, Source, Terminator};
use crate::wareki;

/// Bounds of an imported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_records: usize,
    /// For CSV; a fixed-width line must be exactly the record width.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_records: 100_000,
            max_line_bytes: 64 << 10,
        }
    }
}

/// At most this many problems are reported for one file.
pub const MAX_ERRORS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    TooLarge {
        bytes: usize,
        max: usize,
    },
    TooManyRecords {
        max: usize,
    },
    LineTooLong {
        bytes: usize,
        max: usize,
    },
    /// A fixed-width line of the wrong length.
    WrongLength {
        bytes: usize,
        expected: usize,
    },
    /// A file without terminators whose length is not a multiple of the
    /// record width.
    Leftover {
        bytes: usize,
    },
    /// Bytes that are not text in the file's encoding.
    Malformed,
    /// A CSV line that cannot be read (an unclosed quote).
    Csv(String),
    WrongColumns {
        found: usize,
        expected: usize,
    },
    WrongHeader {
        column: usize,
        found: String,
        expected: String,
    },
    Missing,
    UnknownCode(String),
    BadDate(String),
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportProblem::TooLarge { bytes, max } => {
                write!(
                    f,
                    "ファイルが {bytes} バイトあり、上限 {max} バイトを超えます"
                )
            }
            ImportProblem::TooManyRecords { max } => {
                write!(f, "レコードが上限の {max} 件を超えます")
            }
            ImportProblem::LineTooLong { bytes, max } => {
                write!(f, "行が {bytes} バイトあり、上限 {max} バイトを超えます")
            }
            ImportProblem::WrongLength { bytes, expected } => write!(
                f,
                "レコードが {bytes} バイトです（レイアウトは {expected} バイト）"
            ),
            ImportProblem::Leftover { bytes } => {
                write!(f, "最後に {bytes} バイトの半端なレコードがあります")
            }
            ImportProblem::Malformed => write!(f, "文字コードとして正しくないバイトがあります"),
            ImportProblem::Csv(message) => write!(f, "CSV として読めません: {message}"),
            ImportProblem::WrongColumns { found, expected } => {
                write!(f, "項目が {found} 個あります（レイアウトは {expected} 個）")
            }
            ImportProblem::WrongHeader {
                column,
                found,
                expected,
            } => write!(
                f,
                "見出しの {column} 列目が {found:?} です（レイアウトは {expected:?}）"
            ),
            ImportProblem::Missing => write!(f, "必須の値がありません"),
            ImportProblem::UnknownCode(code) => write!(f, "コード {code:?} はコード表にありません"),
            ImportProblem::BadDate(text) => write!(f, "{text:?} は日付として読めません"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The line (CSV: where the record starts; fixed width without
    /// terminators: the record's number), from 1; 0 for the whole file.
    pub line: usize,
    pub field: Option<String>,
    pub problem: ImportProblem,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{} 行目 ", self.line)?;
        }
        if let Some(field) = &self.field {
            write!(f, "項目 {field}: ")?;
        }
        write!(f, "{}", self.problem)
    }
}

/// All problems of a file (up to [`MAX_ERRORS`]); no row is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors {
    pub errors: Vec<ImportError>,
    pub more: bool,
}

impl std::fmt::Display for ImportErrors {
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

/// One record read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where the record starts in the file, from 1.
    pub line: usize,
    /// Field name → value (padding trimmed, codes and dates read back; an
    /// empty string for an empty field).
    pub values: BTreeMap<String, String>,
    /// From the `[import]` table, when the layout has one.
    pub receipt_number: Option<String>,
    pub action: Option<String>,
    pub comment: Option<String>,
}

struct Problems {
    errors: Vec<ImportError>,
    more: bool,
}

impl Problems {
    fn push(&mut self, line: usize, field: Option<&str>, problem: ImportProblem) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(ImportError {
                line,
                field: field.map(str::to_owned),
                problem,
            });
        } else {
            self.more = true;
        }
    }

    fn fatal(line: usize, problem: ImportProblem) -> ImportErrors {
        ImportErrors {
            errors: vec![ImportError {
                line,
                field: None,
                problem,
            }],
            more: false,
        }
    }
}

/// The lines of a file split on LF (a byte that is never part of a
/// double-byte Shift_JIS character), each without its CR, and the number
/// of each; a last empty line (after the last terminator) is dropped.
fn lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out: Vec<(usize, &[u8])> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .collect();
    if out.last().is_some_and(|(_, line)| line.is_empty()) {
        out.pop();
    }
    out
}

impl Layout {
    /// Reads a file the target system wrote in this layout, with the
    /// default [`Limits`].
    pub fn read(&self, bytes: &[u8]) -> Result<Vec<Row>, ImportErrors> {
        self.read_with_limits(bytes, Limits::default())
    }

    pub fn read_with_limits(&self, bytes: &[u8], limits: Limits) -> Result<Vec<Row>, ImportErrors> {
        if bytes.len() > limits.max_bytes {
            return Err(Problems::fatal(
                0,
                ImportProblem::TooLarge {
                    bytes: bytes.len(),
                    max: limits.max_bytes,
                },
            ));
        }
        let mut bytes = bytes;
        if self.encoding == crate::encoding::Encoding::Utf8 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        // An end-of-file mark, as old systems write.
        bytes = bytes.strip_suffix(b"\x1A").unwrap_or(bytes);
        let mut problems = Problems {
            errors: Vec::new(),
            more: false,
        };
        let rows = match self.format {
            Format::Fixed => self.read_fixed(bytes, limits, &mut problems)?,
            Format::Csv => self.read_csv(bytes, limits, &mut problems)?,
        };
        if problems.errors.is_empty() {
            Ok(rows)
        } else {
            Err(ImportErrors {
                errors: problems.errors,
                more: problems.more,
            })
        }
    }

    fn read_fixed(
        &self,
        bytes: &[u8],
        limits: Limits,
        problems: &mut Problems,
    ) -> Result<Vec<Row>, ImportErrors> {
        let width = self.record_width().unwrap_or_default();
        let records: Vec<(usize, &[u8])> = if self.terminator == Terminator::None {
            let chunks = bytes.chunks_exact(width.max(1));
            let leftover = chunks.remainder().len();
            if leftover > 0 {
                problems.push(0, None, ImportProblem::Leftover { bytes: leftover });
            }
            chunks.enumerate().map(|(i, c)| (i + 1, c)).collect()
        } else {
            lines(bytes)
        };
        if records.len() > limits.max_records {
            return Err(Problems::fatal(
                0,
                ImportProblem::TooManyRecords {
                    max: limits.max_records,
                },
            ));
        }
        let mut rows = Vec::with_capacity(records.len());
        for (line, record) in records {
            if record.len() != width {
                problems.push(
                    line,
                    None,
                    ImportProblem::WrongLength {
                        bytes: record.len(),
                        expected: width,
                    },
                );
                continue;
            }
            let mut start = 0usize;
            let mut texts = Vec::with_capacity(self.fields.len());
            for field in &self.fields {
                let end = start + field.width.unwrap_or_default();
                let slice = record.get(start..end).unwrap_or_default();
                start = end;
                match self.encoding.decode(slice) {
                    Some(text) => texts.push(Some(text)),
                    None => {
                        problems.push(line, Some(&field.name), ImportProblem::Malformed);
                        texts.push(None);
                    }
                }
            }
            if let Some(row) = self.row(line, texts, problems) {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    fn read_csv(
        &self,
        bytes: &[u8],
        limits: Limits,
        problems: &mut Problems,
    ) -> Result<Vec<Row>, ImportErrors> {
        let mut text = String::with_capacity(bytes.len());
        for (line, bytes) in lines(bytes) {
            if bytes.len() > limits.max_line_bytes {
                problems.push(
                    line,
                    None,
                    ImportProblem::LineTooLong {
                        bytes: bytes.len(),
                        max: limits.max_line_bytes,
                    },
                );
                continue;
            }
            match self.encoding.decode(bytes) {
                Some(decoded) => text.push_str(&decoded),
                None => problems.push(line, None, ImportProblem::Malformed),
            }
            text.push('\n');
        }
        if !problems.errors.is_empty() {
            return Ok(Vec::new());
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut first = true;
        loop {
            let line = usize::try_from(reader.position().line()).unwrap_or(usize::MAX);
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    problems.push(line, None, ImportProblem::Csv(e.to_string()));
                    break;
                }
            }
            if record.len() != self.fields.len() {
                problems.push(
                    line,
                    None,
                    ImportProblem::WrongColumns {
                        found: record.len(),
                        expected: self.fields.len(),
                    },
                );
                first = false;
                continue;
            }
            if std::mem::take(&mut first) && self.header {
                for (column, (found, field)) in record.iter().zip(&self.fields).enumerate() {
                    if found.trim() != field.header.trim() {
                        problems.push(
                            line,
                            None,
                            ImportProblem::WrongHeader {
                                column: column + 1,
                                found: found.to_string(),
                                expected: field.header.clone(),
                            },
                        );
                    }
                }
                continue;
            }
            if rows.len() >= limits.max_records {
                return Err(Problems::fatal(
                    0,
                    ImportProblem::TooManyRecords {
                        max: limits.max_records,
                    },
                ));
            }
            let texts = record.iter().map(|t| Some(t.to_string())).collect();
            if let Some(row) = self.row(line, texts, problems) {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// A row from the decoded text of each field (`None` where it could not
    /// be decoded, already reported).
    fn row(&self, line: usize, texts: Vec<Option<String>>, problems: &mut Problems) -> Option<Row> {
        let mut values = BTreeMap::new();
        let mut ok = true;
        for (field, text) in self.fields.iter().zip(texts) {
            let Some(text) = text else {
                ok = false;
                continue;
            };
            match self.value(field, &text) {
                Ok(value) => {
                    values.insert(field.name.clone(), value);
                }
                Err(problem) => {
                    problems.push(line, Some(&field.name), problem);
                    ok = false;
                }
            }
        }
        let import = self.import.as_ref();
        let take = |name: Option<&String>| {
            name.and_then(|n| values.get(n))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let receipt_number = take(import.map(|i| &i.receipt));
        let action = take(import.map(|i| &i.action));
        let comment = take(import.and_then(|i| i.comment.as_ref()));
        if ok && let Some(import) = import {
            for (name, value) in [
                (&import.receipt, &receipt_number),
                (&import.action, &action),
            ] {
                if value.is_none() {
                    problems.push(line, Some(name), ImportProblem::Missing);
                    ok = false;
                }
            }
        }
        ok.then_some(Row {
            line,
            values,
            receipt_number,
            action,
            comment,
        })
    }

    fn value(&self, field: &Field, text: &str) -> Result<String, ImportProblem> {
        let trimmed = match (self.format, field.pad) {
            (Format::Csv, _) | (_, Pad::FullwidthSpace) => text.trim_matches([' ', '\u{3000}']),
            (Format::Fixed, Pad::Space | Pad::Zero) => text.trim_matches(' '),
        };
        // Zero padding comes off the left of a right-aligned number, keeping one
        // digit (left-aligned zero padding cannot be told from the value).
        let unpadded = match (self.format, field.pad, field.align) {
            (Format::Fixed, Pad::Zero, Align::Right) => {
                let rest = trimmed.trim_start_matches('0');
                if rest.is_empty() && !trimmed.is_empty() {
                    "0"
                } else {
                    rest
                }
            }
            _ => trimmed,
        };
        if unpadded.is_empty() {
            if field.required {
                return Err(ImportProblem::Missing);
            }
            return Ok(String::new());
        }
        if !field.codes.is_empty() {
            let code = [trimmed, unpadded].into_iter().find_map(|candidate| {
                field
                    .codes
                    .iter()
                    .find(|(_, code)| code.trim() == candidate)
            });
            return match code {
                Some((value, _)) => Ok(value.clone()),
                None => Err(ImportProblem::UnknownCode(trimmed.to_string())),
            };
        }
        if let Some(style) = field.date {
            return wareki::parse(trimmed, style)
                .map(|date| date.to_string())
                .ok_or_else(|| ImportProblem::BadDate(trimmed.to_string()));
        }
        if matches!(field.source, Source::Literal(_)) {
            return Ok(trimmed.to_string());
        }
        Ok(unpadded.to_string())
    }
}
