//! The mapping file: a `[layout]` table, `[[field]]` entries in record order
//! and an optional `[import]` table, read and checked once.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::encoding::Encoding;
use crate::text::Conversion;
use crate::wareki::DateStyle;

/// Bounds of a mapping file.
pub const MAX_FIELDS: usize = 500;
pub const MAX_WIDTH: usize = 4096;
pub const MAX_RECORD_WIDTH: usize = 32_768;
pub const MAX_CODES: usize = 1_000;
pub const MAX_CODE_LEN: usize = 256;
pub const MAX_FILE_LEN: usize = 1 << 20;
pub const MAX_POINTER_LEN: usize = 512;

/// The top-level members of an application a field may read, as the
/// exporter hands them over (`/answers/...` reaches into the form's answers),
/// and `/action` and `/comment` of a status update, for layouts that carry
/// updates.
pub const SOURCES: [&str; 10] = [
    "receipt_number",
    "procedure_id",
    "status",
    "submitted_at",
    "updated_at",
    "completed_at",
    "fiscal_year",
    "answers",
    "action",
    "comment",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Fixed,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Terminator {
    #[default]
    Crlf,
    Lf,
    /// Records follow each other without a separator (fixed width only).
    None,
}

impl Terminator {
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Terminator::Crlf => b"\r\n",
            Terminator::Lf => b"\n",
            Terminator::None => b"",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quote {
    /// Quotes a value only when it holds a comma, a quote or a line break.
    #[default]
    Necessary,
    Always,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pad {
    #[default]
    Space,
    Zero,
    /// 全角スペース (U+3000), for full-width fields.
    FullwidthSpace,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON pointer into the application (`/answers/child_name`).
    Pointer(String),
    /// The same text in every record (a record kind, a city code).
    Literal(String),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    /// The CSV header of the column (the name unless given).
    pub header: String,
    pub source: Source,
    /// Bytes in the file's encoding: exact for fixed width, a maximum for CSV.
    pub width: Option<usize>,
    pub align: Align,
    pub pad: Pad,
    pub convert: Vec<Conversion>,
    pub date: Option<DateStyle>,
    /// Our value → the target system's code.
    pub codes: BTreeMap<String, String>,
    pub required: bool,
    /// Cut an over-long value on a character boundary instead of reporting it.
    pub truncate: bool,
}

/// Which fields of an imported record carry what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSpec {
    pub receipt: String,
    /// An action (`approve`) or a status (`approved`), after the code table.
    pub action: String,
    pub comment: Option<String>,
}

/// A checked mapping file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub(crate) name: String,
    pub(crate) procedure: String,
    pub(crate) target: String,
    pub(crate) format: Format,
    pub(crate) encoding: Encoding,
    pub(crate) terminator: Terminator,
    pub(crate) header: bool,
    pub(crate) quote: Quote,
    pub(crate) fields: Vec<Field>,
    pub(crate) import: Option<ImportSpec>,
}

/// A mapping file that cannot be used, with what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LayoutError(pub String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    layout: RawLayout,
    #[serde(default, rename = "field")]
    fields: Vec<RawField>,
    import: Option<RawImport>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    name: String,
    procedure: String,
    target: String,
    format: Format,
    encoding: Encoding,
    #[serde(default)]
    terminator: Terminator,
    #[serde(default)]
    header: bool,
    #[serde(default)]
    quote: Quote,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    header: Option<String>,
    source: Option<String>,
    value: Option<String>,
    width: Option<usize>,
    align: Option<Align>,
    #[serde(default)]
    pad: Pad,
    #[serde(default)]
    convert: Vec<Conversion>,
    date: Option<DateStyle>,
    #[serde(default)]
    codes: BTreeMap<String, String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    truncate: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    receipt: String,
    action: String,
    comment: Option<String>,
}

fn check_pointer(pointer: &str) -> Result<(), String> {
    if pointer.len() > MAX_POINTER_LEN {
        return Err(format!("source は {MAX_POINTER_LEN} バイトまでです"));
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!(
            "source {pointer:?} は / で始まる JSON ポインタで書いてください（例: /receipt_number、/answers/child_name）"
        ));
    };
    let first = rest.split('/').next().unwrap_or_default();
    if !SOURCES.contains(&first) {
        return Err(format!(
            "source {pointer:?} の /{first} は読めません（使えるもの: /{}）",
            SOURCES.join("、/")
        ));
    }
    if first == "answers" && rest.len() <= "answers/".len() {
        return Err(format!(
            "source {pointer:?} は回答の項目まで書いてください（例: /answers/child_name）"
        ));
    }
    Ok(())
}

impl Layout {
    /// Reads and checks a mapping file.
    pub fn parse(text: &str) -> Result<Layout, LayoutError> {
        if text.len() > MAX_FILE_LEN {
            return Err(LayoutError(format!(
                "レイアウト定義は {MAX_FILE_LEN} バイトまでです"
            )));
        }
        let raw: RawFile = toml::from_str(text)
            .map_err(|e| LayoutError(format!("レイアウト定義を読めません: {e}")))?;
        let meta = raw.layout;
        for (key, value) in [
            ("name", &meta.name),
            ("procedure", &meta.procedure),
            ("target", &meta.target),
        ] {
            if value.trim().is_empty() {
                return Err(LayoutError(format!("[layout] の {key} が空です")));
            }
        }
        if raw.fields.is_empty() {
            return Err(LayoutError("[[field]] が一つもありません".into()));
        }
        if raw.fields.len() > MAX_FIELDS {
            return Err(LayoutError(format!(
                "[[field]] は {MAX_FIELDS} 個までです（{} 個あります）",
                raw.fields.len()
            )));
        }
        if meta.format == Format::Csv && meta.terminator == Terminator::None {
            return Err(LayoutError(
                "CSV のレコード区切りに none は使えません".into(),
            ));
        }
        let mut layout = Layout {
            name: meta.name,
            procedure: meta.procedure,
            target: meta.target,
            format: meta.format,
            encoding: meta.encoding,
            terminator: meta.terminator,
            header: meta.header,
            quote: meta.quote,
            fields: Vec::with_capacity(raw.fields.len()),
            import: None,
        };
        let mut total = 0usize;
        for (index, field) in raw.fields.into_iter().enumerate() {
            let checked = layout
                .check_field(field)
                .map_err(|e| LayoutError(format!("[[field]] {} 番目: {e}", index + 1)))?;
            if layout.fields.iter().any(|f| f.name == checked.name) {
                return Err(LayoutError(format!(
                    "項目名 {:?} が二度あります",
                    checked.name
                )));
            }
            total = total.saturating_add(checked.width.unwrap_or(0));
            layout.fields.push(checked);
        }
        if total > MAX_RECORD_WIDTH {
            return Err(LayoutError(format!(
                "レコード長 {total} バイトは上限 {MAX_RECORD_WIDTH} バイトを超えます"
            )));
        }
        if let Some(import) = raw.import {
            layout.import = Some(layout.check_import(import)?);
        }
        // Literals and headers must themselves be writable.
        for field in &layout.fields {
            if let Source::Literal(value) = &field.source {
                crate::export::render(&layout, field, &serde_json::Value::Null).map_err(|e| {
                    LayoutError(format!("項目 {} の value {value:?}: {e}", field.name))
                })?;
            }
            if layout.format == Format::Csv && layout.header {
                layout.encoding.encode(&field.header).map_err(|missing| {
                    LayoutError(format!(
                        "項目 {} の見出しに {} で書けない文字があります: {}",
                        field.name,
                        layout.encoding.label(),
                        crate::export::describe_chars(&missing)
                    ))
                })?;
            }
        }
        Ok(layout)
    }

    fn check_field(&self, raw: RawField) -> Result<Field, String> {
        let name = raw.name.trim().to_string();
        if name.is_empty() || name.len() > 128 || name.chars().any(char::is_control) {
            return Err("name は 1〜128 バイトの制御文字のない名前にしてください".into());
        }
        let source = match (raw.source, raw.value) {
            (Some(pointer), None) => {
                check_pointer(&pointer)?;
                Source::Pointer(pointer)
            }
            (None, Some(value)) => {
                if value.len() > MAX_WIDTH {
                    return Err(format!("value は {MAX_WIDTH} バイトまでです"));
                }
                Source::Literal(value)
            }
            _ => {
                return Err(format!(
                    "{name}: source と value のどちらか一方を書いてください"
                ));
            }
        };
        match (self.format, raw.width) {
            (_, Some(width)) if !(1..=MAX_WIDTH).contains(&width) => {
                return Err(format!("{name}: width は 1〜{MAX_WIDTH} バイトです"));
            }
            (Format::Fixed, None) => {
                return Err(format!("{name}: 固定長では width（バイト数）が必要です"));
            }
            _ => {}
        }
        if raw.pad == Pad::FullwidthSpace
            && let Some(width) = raw.width
        {
            let unit = self.encoding.char_len('\u{3000}').unwrap_or(1);
            if self.format == Format::Fixed && width % unit != 0 {
                return Err(format!(
                    "{name}: 全角スペースで埋める項目の width は {unit} の倍数にしてください"
                ));
            }
        }
        if raw.date.is_some() && !raw.codes.is_empty() {
            return Err(format!("{name}: date と codes は同じ項目に書けません"));
        }
        if raw.codes.len() > MAX_CODES {
            return Err(format!("{name}: codes は {MAX_CODES} 個までです"));
        }
        if raw
            .codes
            .iter()
            .any(|(k, v)| k.len() > MAX_CODE_LEN || v.len() > MAX_CODE_LEN)
        {
            return Err(format!(
                "{name}: codes の値とコードは {MAX_CODE_LEN} バイトまでです"
            ));
        }
        let align = raw.align.unwrap_or(if raw.pad == Pad::Zero {
            Align::Right
        } else {
            Align::Left
        });
        Ok(Field {
            header: raw.header.unwrap_or_else(|| name.clone()),
            name,
            source,
            width: raw.width,
            align,
            pad: raw.pad,
            convert: raw.convert,
            date: raw.date,
            codes: raw.codes,
            required: raw.required,
            truncate: raw.truncate,
        })
    }

    fn check_import(&self, raw: RawImport) -> Result<ImportSpec, LayoutError> {
        let names = [Some(&raw.receipt), Some(&raw.action), raw.comment.as_ref()];
        for name in names.into_iter().flatten() {
            if self.field(name).is_none() {
                return Err(LayoutError(format!(
                    "[import] の項目 {name:?} が [[field]] にありません"
                )));
            }
        }
        for field in &self.fields {
            let mut seen = std::collections::BTreeSet::new();
            if let Some(code) = field.codes.values().find(|code| !seen.insert(code.trim())) {
                return Err(LayoutError(format!(
                    "項目 {} のコード {code:?} が二つの値に使われていて、取り込みで戻せません",
                    field.name
                )));
            }
        }
        Ok(ImportSpec {
            receipt: raw.receipt,
            action: raw.action,
            comment: raw.comment,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    /// The procedure whose applications the layout carries.
    pub fn procedure(&self) -> &str {
        &self.procedure
    }
    /// The business system on the other side.
    pub fn target(&self) -> &str {
        &self.target
    }
    pub fn format(&self) -> Format {
        self.format
    }
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }
    pub fn terminator(&self) -> Terminator {
        self.terminator
    }
    pub fn header(&self) -> bool {
        self.header
    }
    pub fn quote(&self) -> Quote {
        self.quote
    }
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn import(&self) -> Option<&ImportSpec> {
        self.import.as_ref()
    }
    /// The bytes of one fixed-width record without its terminator (`None`
    /// for CSV).
    pub fn record_width(&self) -> Option<usize> {
        (self.format == Format::Fixed).then(|| self.fields.iter().filter_map(|f| f.width).sum())
    }

    /// A few lines for people: what the layout writes and how.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{}\n  手続: {}\n  連携先: {}\n  形式: {}、{}、改行 {}\n",
            self.name,
            self.procedure,
            self.target,
            match self.format {
                Format::Fixed =>
                    format!("固定長 {} バイト", self.record_width().unwrap_or_default()),
                Format::Csv => format!(
                    "CSV（見出し{}、{}）",
                    if self.header { "あり" } else { "なし" },
                    match self.quote {
                        Quote::Necessary => "必要なときだけ引用符",
                        Quote::Always => "常に引用符",
                    }
                ),
            },
            self.encoding.label(),
            match self.terminator {
                Terminator::Crlf => "CRLF",
                Terminator::Lf => "LF",
                Terminator::None => "なし",
            }
        );
        let mut position = 1usize;
        for field in &self.fields {
            let source = match &field.source {
                Source::Pointer(p) => p.clone(),
                Source::Literal(v) => format!("固定値 {v:?}"),
            };
            let width = match (self.format, field.width) {
                (Format::Fixed, Some(w)) => {
                    let text = format!("{position:>5}-{:<5} {w:>4}B", position + w - 1);
                    position += w;
                    text
                }
                (_, Some(w)) => format!("最大 {w}B"),
                (_, None) => String::new(),
            };
            let mut notes = Vec::new();
            if field.required {
                notes.push("必須".to_string());
            }
            if let Some(style) = field.date {
                notes.push(format!("日付 {style:?}").to_lowercase());
            }
            if !field.codes.is_empty() {
                notes.push(format!("コード表 {} 件", field.codes.len()));
            }
            for c in &field.convert {
                notes.push(format!("{c:?}").to_lowercase());
            }
            if field.truncate {
                notes.push("切り詰め".into());
            }
            out.push_str(&format!(
                "  {width} {} ← {source} {}\n",
                field.name,
                notes.join(" ")
            ));
        }
        if let Some(import) = &self.import {
            out.push_str(&format!(
                "  取り込み: 受付番号 {}、処理 {}{}\n",
                import.receipt,
                import.action,
                import
                    .comment
                    .as_ref()
                    .map(|c| format!("、コメント {c}"))
                    .unwrap_or_default()
            ));
        }
        out
    }
}
