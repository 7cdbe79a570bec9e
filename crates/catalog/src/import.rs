//! Registry import: xlsx or CSV (UTF-8 with or without BOM, or Shift_JIS),
//! with Japanese or English headers. Reading and checking are plain
//! functions; a file with any bad row is refused whole, with every bad row
//! named, and nothing is written. Re-importing updates procedures by id and
//! keeps what the file has no column for.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};
use serde::Serialize;
use time::Date;

use crate::model::{ApplyMethod, ApplyWay, Bureau, Category, OnlineStatus, Procedure, Section};
use crate::store::Organisation;

/// One problem, in one row (or in the file when `row` is 0).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub id: Option<String>,
    pub column: String,
    pub message: String,
    pub message_en: String,
}

/// Why a file was refused: every problem found, not only the first.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub errors: Vec<RowError>,
}

impl ImportReport {
    fn file(ja: impl Into<String>, en: impl Into<String>) -> Self {
        ImportReport {
            errors: vec![RowError {
                row: 0,
                id: None,
                column: String::new(),
                message: ja.into(),
                message_en: en.into(),
            }],
        }
    }

    /// Rows that have at least one problem.
    pub fn bad_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .errors
            .iter()
            .map(|e| e.row)
            .filter(|r| *r > 0)
            .collect();
        rows.dedup();
        rows
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "取り込みを中止しました。何も変更していません（{} 件の誤り、{} 行）。",
            self.errors.len(),
            self.bad_rows().len()
        )?;
        writeln!(f, "Import refused; nothing was changed.")?;
        for e in &self.errors {
            let place = if e.row == 0 {
                "ファイル / file".to_string()
            } else {
                format!("{} 行目 / row {}", e.row, e.row)
            };
            let id =
                e.id.as_deref()
                    .map(|id| format!(" [{id}]"))
                    .unwrap_or_default();
            let column = if e.column.is_empty() {
                String::new()
            } else {
                format!(" {}:", e.column)
            };
            writeln!(f, "- {place}{id}{column} {} ({})", e.message, e.message_en)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportReport {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    pub fn from_file_name(name: &str) -> Option<FileKind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(FileKind::Csv)
        } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || lower.ends_with(".xls") {
            Some(FileKind::Xlsx)
        } else {
            None
        }
    }
}

/// The cells of a file: a header row and the data rows with their row numbers.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Decodes CSV bytes: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else
/// must be Shift_JIS (as Excel on Windows writes it, i.e. CP932).
pub fn decode_text(bytes: &[u8]) -> Result<String, ImportReport> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(str::to_owned).map_err(|_| {
            ImportReport::file(
                "UTF-8 の印（BOM）がありますが、内容が UTF-8 ではありません。",
                "The file starts with a UTF-8 BOM but is not valid UTF-8.",
            )
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportReport::file(
            "文字コードを判別できません。UTF-8 か Shift_JIS で保存してください。",
            "Unknown text encoding: save the file as UTF-8 or Shift_JIS.",
        ));
    }
    Ok(text.into_owned())
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Registries often carry a title above the header: the header is the first
/// of the first ten rows that names both an id and a name column.
fn split_header(mut rows: Vec<(usize, Vec<String>)>) -> Result<Table, ImportReport> {
    let header_at = rows.iter().take(10).position(|(_, cells)| {
        let columns: Vec<Option<Column>> = cells.iter().map(|c| Column::from_header(c)).collect();
        columns.contains(&Some(Column::Id)) && columns.contains(&Some(Column::Name))
    });
    let Some(header_at) = header_at else {
        return Err(ImportReport::file(
            "見出し行が見つかりません。「手続ID」と「手続名」（または id と name）の列が必要です。",
            "No header row found: the file needs 手続ID/id and 手続名/name columns.",
        ));
    };
    let data = rows.split_off(header_at + 1);
    let headers = rows.pop().map(|(_, cells)| cells).unwrap_or_default();
    Ok(Table {
        headers,
        rows: data
            .into_iter()
            .filter(|(_, cells)| !is_blank(cells))
            .collect(),
    })
}

pub fn read_csv(bytes: &[u8]) -> Result<Table, ImportReport> {
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            ImportReport::file(
                format!("CSV として読めません（{line} 行目付近）。"),
                format!("Not a readable CSV file (near line {line}): {e}"),
            )
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    split_header(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Counts arrive as floats; 1234.0 is the number 1234, not "1234.0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_serial_date(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Excel counts days from 1899-12-30 (after its 1900 leap-year quirk).
fn excel_serial_date(serial: f64) -> Option<String> {
    let epoch = Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let days = serial.floor();
    if !(0.0..=2_958_465.0).contains(&days) {
        return None;
    }
    epoch
        .checked_add(time::Duration::days(days as i64))
        .map(|d| d.to_string())
}

/// Reads the first sheet of an Excel workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, ImportReport> {
    let unreadable = || {
        ImportReport::file(
            "Excel ファイルとして読めません。xlsx 形式で保存してください。",
            "Not a readable Excel workbook; save it as .xlsx.",
        )
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| unreadable())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportReport::file("シートがありません。", "The workbook has no sheet."))?
        .map_err(|_| unreadable())?;
    let first_row = range.start().map(|(row, _)| row as usize).unwrap_or(0);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect()))
        .collect();
    split_header(rows)
}

pub fn read_table(bytes: &[u8], kind: FileKind) -> Result<Table, ImportReport> {
    match kind {
        FileKind::Csv => read_csv(bytes),
        FileKind::Xlsx => read_xlsx(bytes),
    }
}

/// The columns the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    Kana,
    NameEn,
    Bureau,
    Section,
    Category,
    LegalKind,
    LegalBasis,
    AnnualCount,
    Status,
    OnlineFy,
    PlannedFy,
    OnlineSince,
    Reason,
    Fee,
    Documents,
    LifeEvents,
    Tags,
    Counters,
    GuestAllowed,
    StandardDays,
    RetentionYears,
    ApplyMethod,
    ApplyUrl,
    ApplyService,
    Eligibility,
    Deadline,
}

impl Column {
    /// The Japanese header, as written by the export.
    pub fn header_ja(self) -> &'static str {
        match self {
            Column::Id => "手続ID",
            Column::Name => "手続名",
            Column::Kana => "読み",
            Column::NameEn => "英語名",
            Column::Bureau => "所管局",
            Column::Section => "所管課",
            Column::Category => "分類",
            Column::LegalKind => "法令種別",
            Column::LegalBasis => "根拠",
            Column::AnnualCount => "年間件数",
            Column::Status => "オンライン化状況",
            Column::OnlineFy => "オンライン化年度",
            Column::PlannedFy => "計画年度",
            Column::OnlineSince => "オンライン化日",
            Column::Reason => "不可理由",
            Column::Fee => "手数料",
            Column::Documents => "必要書類",
            Column::LifeEvents => "ライフイベント",
            Column::Tags => "タグ",
            Column::Counters => "窓口",
            Column::GuestAllowed => "ゲスト申請",
            Column::StandardDays => "標準処理期間",
            Column::RetentionYears => "保存期間（年）",
            Column::ApplyMethod => "申請方法",
            Column::ApplyUrl => "申請先URL",
            Column::ApplyService => "申請先サービス",
            Column::Eligibility => "対象者",
            Column::Deadline => "期限",
        }
    }

    pub fn header_en(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::Kana => "kana",
            Column::NameEn => "name_en",
            Column::Bureau => "bureau",
            Column::Section => "section",
            Column::Category => "category",
            Column::LegalKind => "legal_kind",
            Column::LegalBasis => "legal_basis",
            Column::AnnualCount => "annual_count",
            Column::Status => "status",
            Column::OnlineFy => "online_fy",
            Column::PlannedFy => "planned_fy",
            Column::OnlineSince => "online_since",
            Column::Reason => "reason",
            Column::Fee => "fee",
            Column::Documents => "documents",
            Column::LifeEvents => "life_events",
            Column::Tags => "tags",
            Column::Counters => "counters",
            Column::GuestAllowed => "guest_allowed",
            Column::StandardDays => "standard_days",
            Column::RetentionYears => "retention_years",
            Column::ApplyMethod => "apply_method",
            Column::ApplyUrl => "apply_url",
            Column::ApplyService => "apply_service",
            Column::Eligibility => "eligibility",
            Column::Deadline => "deadline",
        }
    }

    pub const ALL: [Column; 28] = [
        Column::Id,
        Column::Name,
        Column::Kana,
        Column::NameEn,
        Column::Bureau,
        Column::Section,
        Column::Category,
        Column::LegalKind,
        Column::LegalBasis,
        Column::AnnualCount,
        Column::Status,
        Column::OnlineFy,
        Column::PlannedFy,
        Column::OnlineSince,
        Column::Reason,
        Column::Fee,
        Column::Documents,
        Column::LifeEvents,
        Column::Tags,
        Column::Counters,
        Column::GuestAllowed,
        Column::StandardDays,
        Column::RetentionYears,
        Column::ApplyMethod,
        Column::ApplyUrl,
        Column::ApplyService,
        Column::Eligibility,
        Column::Deadline,
    ];

    pub fn from_header(header: &str) -> Option<Column> {
        let folded = kernel::text::fold(header);
        let extra_aliases: &[(&str, Column)] = &[
            ("手続番号", Column::Id),
            ("手続の名称", Column::Name),
            ("よみ", Column::Kana),
            ("ふりがな", Column::Kana),
            ("reading", Column::Kana),
            ("所管局室", Column::Bureau),
            ("局", Column::Bureau),
            ("課", Column::Section),
            ("区分", Column::Category),
            ("根拠法令", Column::LegalBasis),
            ("根拠法令等", Column::LegalBasis),
            ("年間総件数", Column::AnnualCount),
            ("件数", Column::AnnualCount),
            ("onlinestatus", Column::Status),
            ("状況", Column::Status),
            ("実施年度", Column::OnlineFy),
            ("impossiblereason", Column::Reason),
            ("feeyen", Column::Fee),
            ("保存期間", Column::RetentionYears),
            ("保存年限", Column::RetentionYears),
            ("申請の方法", Column::ApplyMethod),
            ("申請先", Column::ApplyUrl),
            ("申請先url", Column::ApplyUrl),
            ("申請先名称", Column::ApplyService),
            ("外部サービス", Column::ApplyService),
            ("対象となる方", Column::Eligibility),
            ("申請期限", Column::Deadline),
        ];
        Column::ALL
            .into_iter()
            .find(|c| fold_eq(c.header_ja(), &folded) || fold_eq(c.header_en(), &folded))
            .or_else(|| {
                extra_aliases
                    .iter()
                    .find(|(alias, _)| fold_eq(alias, &folded))
                    .map(|(_, c)| *c)
            })
    }
}

fn fold_eq(name: &str, folded: &str) -> bool {
    kernel::text::fold(name) == folded
}

/// Options of one import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Create bureaus and sections the organisation does not have yet,
    /// instead of refusing the rows that name them.
    pub create_missing_organisation: bool,
}

/// What a checked file will write.
#[derive(Debug, Clone, Default)]
pub struct ParsedImport {
    pub procedures: Vec<Procedure>,
    pub new_bureaus: Vec<Bureau>,
    pub new_sections: Vec<Section>,
    pub ignored_headers: Vec<String>,
}

struct RowReader<'a> {
    columns: &'a HashMap<Column, usize>,
    cells: &'a [String],
    row: usize,
    id: Option<String>,
    errors: Vec<RowError>,
}

impl RowReader<'_> {
    fn has(&self, column: Column) -> bool {
        self.columns.contains_key(&column)
    }

    fn get(&self, column: Column) -> &str {
        self.columns
            .get(&column)
            .and_then(|i| self.cells.get(*i))
            .map(|s| kernel::text::from_spreadsheet_text(s.trim()))
            .unwrap_or("")
    }

    /// A number cell: its value, the previous value when the file has no
    /// such column, or an error naming the cell.
    fn number_or(
        &mut self,
        column: Column,
        parse: fn(&str) -> Result<Option<i64>, NotANumber>,
        previous: Option<i64>,
        message_ja: impl Fn(&str) -> String,
        message_en: impl Fn(&str) -> String,
    ) -> Option<i64> {
        if !self.has(column) {
            return previous;
        }
        let text = self.get(column).to_string();
        parse(&text).unwrap_or_else(|NotANumber| {
            self.error(column, message_ja(&text), message_en(&text));
            None
        })
    }

    fn error(&mut self, column: Column, ja: impl Into<String>, en: impl Into<String>) {
        self.errors.push(RowError {
            row: self.row,
            id: self.id.clone(),
            column: column.header_ja().to_string(),
            message: ja.into(),
            message_en: en.into(),
        });
    }
}

/// The longest 対象者 or 期限 text a procedure keeps.
pub const MAX_GUIDANCE_CHARS: usize = 1000;

fn normalize(text: &str) -> String {
    kernel::text::to_hiragana(text).trim().to_string()
}

/// A cell that should hold a number does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// 1,234 / １２３４ / 1234件 → 1234; 不明, - or empty → unknown.
pub fn parse_count(text: &str) -> Result<Option<i64>, NotANumber> {
    let normalized: String = normalize(text).replace([',', '，', ' '], "");
    let normalized = normalized.strip_suffix('件').unwrap_or(&normalized);
    match normalized {
        "" | "不明" | "-" | "ー" | "−" | "unknown" | "?" => Ok(None),
        digits => digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or(NotANumber),
    }
}

/// 14 / 14日 / １４日 → days; empty → unset.
fn parse_days(text: &str) -> Result<Option<i64>, NotANumber> {
    let normalized = normalize(text).replace(' ', "");
    let normalized = normalized.strip_suffix('日').unwrap_or(&normalized);
    match normalized {
        "" => Ok(None),
        digits => digits
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=3650).contains(n))
            .map(Some)
            .ok_or(NotANumber),
    }
}

/// 5 / 5年 / ５年 → years; 永年, 常用 or 永久 → 0 (kept for good);
/// empty → the city's default.
pub fn parse_retention_years(text: &str) -> Result<Option<i64>, NotANumber> {
    let normalized = normalize(text).replace(' ', "");
    let normalized = normalized.strip_suffix('年').unwrap_or(&normalized);
    match normalized {
        "" => Ok(None),
        "永" | "永久" | "常用" | "permanent" => Ok(Some(0)),
        digits => digits
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .map(Some)
            .ok_or(NotANumber),
    }
}

/// 300 / 300円 / ３００ / 無料 → yen; empty → unset.
fn parse_fee(text: &str) -> Result<Option<i64>, NotANumber> {
    let normalized: String = normalize(text).replace([',', '，', ' '], "");
    let normalized = normalized.strip_suffix('円').unwrap_or(&normalized);
    match normalized {
        "" => Ok(None),
        "無料" | "なし" | "free" => Ok(Some(0)),
        digits => digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or(NotANumber),
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '|', '\n', '／'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

enum StatusWord {
    Online,
    Planned,
    NotOnline,
    Impossible,
}

fn parse_status(text: &str) -> Option<StatusWord> {
    let folded = kernel::text::fold(text);
    let folded = folded.trim_start_matches(|c: char| c.is_ascii_digit());
    match folded {
        "済" | "済み" | "実施済" | "実施済み" | "一部実施済" | "online" | "おんらいん化済" => {
            Some(StatusWord::Online)
        }
        "予定" | "planned" | "実施予定" => Some(StatusWord::Planned),
        "不可" | "impossible" | "適用除外" | "おんらいん化不可" => {
            Some(StatusWord::Impossible)
        }
        "未定" | "未実施" | "notonline" | "その他" | "" => Some(StatusWord::NotOnline),
        _ => None,
    }
}

fn slug_for(prefix: &str, taken: &HashSet<String>) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| prefix.to_string())
}

/// Checks every row of `table` and builds the procedures it describes, or
/// the report of every bad row. `existing` supplies what the file has no
/// column for when a procedure is updated.
pub fn parse_procedures(
    table: &Table,
    org: &Organisation,
    existing: &HashMap<String, Procedure>,
    options: ImportOptions,
) -> Result<ParsedImport, ImportReport> {
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut ignored_headers = Vec::new();
    let mut report = ImportReport::default();
    for (index, header) in table.headers.iter().enumerate() {
        match Column::from_header(header) {
            Some(column) if columns.contains_key(&column) => report.errors.push(RowError {
                row: 0,
                id: None,
                column: header.clone(),
                message: format!("列「{header}」が二つあります。"),
                message_en: format!("The column {header:?} appears twice."),
            }),
            Some(column) => {
                columns.insert(column, index);
            }
            None if header.trim().is_empty() => {}
            None => ignored_headers.push(header.clone()),
        }
    }
    for required in [Column::Bureau, Column::Category, Column::Status] {
        if !columns.contains_key(&required) {
            report.errors.push(RowError {
                row: 0,
                id: None,
                column: required.header_ja().to_string(),
                message: format!(
                    "必須の列「{}」（{}）がありません。",
                    required.header_ja(),
                    required.header_en()
                ),
                message_en: format!("The required column {} is missing.", required.header_en()),
            });
        }
    }
    if !report.errors.is_empty() {
        return Err(report);
    }

    let mut bureaus: Vec<Bureau> = org.bureaus.clone();
    let mut sections: Vec<Section> = org.sections.clone();
    let (mut new_bureaus, mut new_sections) = (Vec::new(), Vec::new());
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut procedures = Vec::with_capacity(table.rows.len());

    for (row, cells) in &table.rows {
        let mut r = RowReader {
            columns: &columns,
            cells,
            row: *row,
            id: None,
            errors: Vec::new(),
        };
        let id = normalize(r.get(Column::Id));
        r.id = (!id.is_empty()).then(|| id.clone());
        if id.is_empty() {
            r.error(Column::Id, "手続IDが空です。", "The id is empty.");
        } else if let Some(first) = seen_ids.get(&id) {
            r.error(
                Column::Id,
                format!("手続ID「{id}」は {first} 行目と重複しています。"),
                format!("The id {id:?} repeats row {first}."),
            );
        } else {
            seen_ids.insert(id.clone(), *row);
        }
        let previous = existing.get(&id);
        let name = r.get(Column::Name).to_string();
        if name.is_empty() {
            r.error(Column::Name, "手続名が空です。", "The name is empty.");
        } else if name.chars().count() > 300 {
            r.error(
                Column::Name,
                "手続名が長すぎます（300字まで）。",
                "The name is longer than 300 characters.",
            );
        }

        let bureau_text = r.get(Column::Bureau).to_string();
        let bureau_folded = kernel::text::fold(&bureau_text);
        let bureau_id = if bureau_text.is_empty() {
            r.error(Column::Bureau, "所管局が空です。", "The bureau is empty.");
            None
        } else if let Some(b) = bureaus
            .iter()
            .find(|b| b.id == bureau_text || kernel::text::fold(&b.name) == bureau_folded)
        {
            Some(b.id.clone())
        } else if options.create_missing_organisation {
            let taken: HashSet<String> = bureaus.iter().map(|b| b.id.clone()).collect();
            let bureau = Bureau {
                id: slug_for("bureau-", &taken),
                name: bureau_text.clone(),
                kana: String::new(),
                name_en: String::new(),
            };
            let id = bureau.id.clone();
            bureaus.push(bureau.clone());
            new_bureaus.push(bureau);
            Some(id)
        } else {
            r.error(
                Column::Bureau,
                format!("所管局「{bureau_text}」は組織に登録されていません。"),
                format!("The bureau {bureau_text:?} is not in the organisation."),
            );
            None
        };

        let section_text = r.get(Column::Section).to_string();
        let section_id = match (&bureau_id, section_text.is_empty()) {
            (_, true) => previous
                .and_then(|p| p.section_id.clone())
                .filter(|_| !r.has(Column::Section)),
            (None, false) => None,
            (Some(bureau_id), false) => {
                let folded = kernel::text::fold(&section_text);
                if let Some(s) = sections.iter().find(|s| {
                    s.id == section_text
                        || (&s.bureau_id == bureau_id && kernel::text::fold(&s.name) == folded)
                }) {
                    Some(s.id.clone())
                } else if options.create_missing_organisation {
                    let taken: HashSet<String> = sections.iter().map(|s| s.id.clone()).collect();
                    let section = Section {
                        id: slug_for(&format!("{bureau_id}-section-"), &taken),
                        bureau_id: bureau_id.clone(),
                        name: section_text.clone(),
                        kana: String::new(),
                        name_en: String::new(),
                        phone: String::new(),
                        email: String::new(),
                    };
                    let id = section.id.clone();
                    sections.push(section.clone());
                    new_sections.push(section);
                    Some(id)
                } else {
                    r.error(
                        Column::Section,
                        format!("所管課「{section_text}」は{bureau_text}に登録されていません。"),
                        format!(
                            "The section {section_text:?} is not registered under {bureau_text:?}."
                        ),
                    );
                    None
                }
            }
        };

        let category_text = r.get(Column::Category).to_string();
        let category = Category::parse(&category_text);
        if category.is_none() {
            r.error(
                Column::Category,
                format!("分類「{category_text}」は 子育て・介護・効果が高い・その他 のいずれかにしてください。"),
                format!("The category {category_text:?} must be childcare, nursing_care, high_impact or other."),
            );
        }

        let annual_count = r.number_or(
            Column::AnnualCount,
            parse_count,
            previous.and_then(|p| p.annual_count),
            |text| format!("年間件数「{text}」は 0 以上の整数か「不明」にしてください。"),
            |text| {
                format!("The annual count {text:?} must be a whole number ≥ 0 or 不明 (unknown).")
            },
        );

        let read_fiscal_year = |r: &mut RowReader<'_>, column: Column| {
            let text = r.get(column).to_string();
            if text.is_empty() {
                return None;
            }
            match kernel::wareki::parse_fiscal_year(&text) {
                Ok(parsed) => Some(parsed),
                Err(message) => {
                    r.error(
                        column,
                        message,
                        format!("{text:?} is not a fiscal year (e.g. R5, 2023)."),
                    );
                    None
                }
            }
        };
        let fy_text = r.get(Column::OnlineFy).to_string();
        let fiscal_year = read_fiscal_year(&mut r, Column::OnlineFy);
        let plan_column = read_fiscal_year(&mut r, Column::PlannedFy).map(|f| f.year);
        let plan_year = if r.has(Column::PlannedFy) {
            plan_column
        } else {
            previous.and_then(|p| p.planned_fy)
        };
        let since_text = r.get(Column::OnlineSince).to_string();
        let since = if since_text.is_empty() {
            None
        } else {
            let normalized = normalize(&since_text).replace('/', "-");
            match Date::parse(
                &normalized,
                &time::format_description::well_known::Iso8601::DATE,
            ) {
                Ok(date) => Some(date),
                Err(_) => {
                    r.error(
                        Column::OnlineSince,
                        format!(
                            "オンライン化日「{since_text}」は 2023-04-01 の形で書いてください。"
                        ),
                        format!("The date {since_text:?} must look like 2023-04-01."),
                    );
                    None
                }
            }
        };
        let reason = r.get(Column::Reason).to_string();
        let status_text = r.get(Column::Status).to_string();
        let online = match parse_status(&status_text) {
            Some(StatusWord::Online) => Some(OnlineStatus::Online {
                fiscal_year: fiscal_year
                    .map(|f| f.year)
                    .or_else(|| since.map(kernel::wareki::fiscal_year_of)),
                or_earlier: fiscal_year.is_some_and(|f| f.or_earlier),
                since,
            }),
            Some(StatusWord::Planned) => match fiscal_year.map(|f| f.year).or(plan_column) {
                Some(_) => Some(OnlineStatus::Planned),
                None => {
                    if fy_text.is_empty() {
                        r.error(
                            Column::OnlineFy,
                            "オンライン化「予定」の手続には予定年度が必要です。",
                            "A planned procedure needs its planned fiscal year.",
                        );
                    }
                    None
                }
            },
            Some(StatusWord::Impossible) => {
                if reason.is_empty() {
                    r.error(
                        Column::Reason,
                        "オンライン化「不可」の手続には理由が必要です。",
                        "A procedure that cannot go online needs the reason.",
                    );
                }
                Some(OnlineStatus::Impossible {
                    reason: reason.clone(),
                })
            }
            Some(StatusWord::NotOnline) => Some(OnlineStatus::NotOnline),
            None => {
                r.error(
                    Column::Status,
                    format!("オンライン化状況「{status_text}」は 済・予定・不可 のいずれかにしてください。"),
                    format!("The status {status_text:?} must be 済 (online), 予定 (planned) or 不可 (impossible)."),
                );
                None
            }
        };

        let fee_yen = r.number_or(
            Column::Fee,
            parse_fee,
            previous.and_then(|p| p.fee_yen),
            |text| format!("手数料「{text}」は金額（円）で書いてください。"),
            |text| format!("The fee {text:?} must be an amount in yen."),
        );
        let standard_days = r.number_or(
            Column::StandardDays,
            parse_days,
            previous.and_then(|p| p.standard_days),
            |text| format!("標準処理期間「{text}」は日数（例: 14）で書いてください。"),
            |text| {
                format!(
                    "The standard processing period {text:?} must be a number of days (e.g. 14)."
                )
            },
        );
        let retention_years = r.number_or(
            Column::RetentionYears,
            parse_retention_years,
            previous.and_then(|p| p.retention_years),
            |text| format!("保存期間「{text}」は年数（例: 5）か「永年」で書いてください。"),
            |text| {
                format!(
                    "The retention period {text:?} must be a number of years (e.g. 5) or 永年 (permanent)."
                )
            },
        );
        let guest_text = r.get(Column::GuestAllowed).to_string();
        let guest_allowed = match kernel::text::fold(&guest_text).as_str() {
            "" => previous.is_some_and(|p| p.guest_allowed),
            "可" | "はい" | "yes" | "true" | "1" | "○" => true,
            "不可" | "いいえ" | "no" | "false" | "0" | "×" => false,
            _ => {
                r.error(
                    Column::GuestAllowed,
                    format!("ゲスト申請「{guest_text}」は 可 か 不可 にしてください。"),
                    format!("guest_allowed {guest_text:?} must be yes or no."),
                );
                false
            }
        };

        let text_or_previous =
            |r: &RowReader<'_>, column: Column, previous_value: Option<&String>| -> String {
                if r.has(column) {
                    r.get(column).to_string()
                } else {
                    previous_value.cloned().unwrap_or_default()
                }
            };
        let list_or_previous = |r: &RowReader<'_>,
                                column: Column,
                                previous_value: Option<&Vec<String>>|
         -> Vec<String> {
            if r.has(column) {
                split_list(r.get(column))
            } else {
                previous_value.cloned().unwrap_or_default()
            }
        };
        let kana = kernel::text::to_hiragana(&text_or_previous(
            &r,
            Column::Kana,
            previous.map(|p| &p.kana),
        ));
        if !kana.is_empty() && !kernel::text::is_hiragana(&kana) {
            r.error(
                Column::Kana,
                format!("読み「{kana}」はひらがなかカタカナで書いてください。"),
                format!("The reading {kana:?} must be written in kana."),
            );
        }
        let apply = {
            let previous_way = previous.map(|p| p.apply.clone()).unwrap_or_default();
            let method_text = r.get(Column::ApplyMethod).to_string();
            let method = if r.has(Column::ApplyMethod) {
                ApplyMethod::parse(&method_text).unwrap_or_else(|| {
                    r.error(
                        Column::ApplyMethod,
                        format!("申請方法「{method_text}」は 電子申請・外部サービス・郵送・窓口 のいずれか（または空欄）にしてください。"),
                        format!("The way of applying {method_text:?} must be form, external, post, counter or empty."),
                    );
                    ApplyMethod::Unset
                })
            } else {
                previous_way.method
            };
            let way = ApplyWay {
                method,
                url: text_or_previous(&r, Column::ApplyUrl, Some(&previous_way.url)),
                service: text_or_previous(&r, Column::ApplyService, Some(&previous_way.service)),
            };
            for (field, ja, en) in crate::way::way_problems(&way) {
                let column = match field {
                    "apply_url" => Column::ApplyUrl,
                    "apply_service" => Column::ApplyService,
                    _ => Column::ApplyMethod,
                };
                r.error(column, ja, en);
            }
            way
        };
        let eligibility =
            text_or_previous(&r, Column::Eligibility, previous.map(|p| &p.eligibility));
        let deadline = text_or_previous(&r, Column::Deadline, previous.map(|p| &p.deadline));
        for (column, text, max) in [
            (Column::Eligibility, &eligibility, MAX_GUIDANCE_CHARS),
            (Column::Deadline, &deadline, MAX_GUIDANCE_CHARS),
        ] {
            if text.chars().count() > max {
                r.error(
                    column,
                    format!("{}が長すぎます（{max}字まで）。", column.header_ja()),
                    format!("{} is longer than {max} characters.", column.header_en()),
                );
            }
        }
        let procedure = (|| {
            Some(Procedure {
                id: id.clone(),
                name: name.clone(),
                kana: kana.clone(),
                name_en: text_or_previous(&r, Column::NameEn, previous.map(|p| &p.name_en)),
                bureau_id: bureau_id.clone()?,
                section_id: section_id.clone(),
                category: category?,
                legal_kind: text_or_previous(
                    &r,
                    Column::LegalKind,
                    previous.map(|p| &p.legal_kind),
                ),
                legal_basis: text_or_previous(
                    &r,
                    Column::LegalBasis,
                    previous.map(|p| &p.legal_basis),
                ),
                annual_count,
                planned_fy: match online {
                    Some(OnlineStatus::Planned) => fiscal_year.map(|f| f.year).or(plan_column),
                    _ => plan_year,
                },
                online: online.clone()?,
                fee_yen,
                fee_note: previous.map(|p| p.fee_note.clone()).unwrap_or_default(),
                standard_days,
                retention_years,
                documents: list_or_previous(&r, Column::Documents, previous.map(|p| &p.documents)),
                life_events: list_or_previous(
                    &r,
                    Column::LifeEvents,
                    previous.map(|p| &p.life_events),
                ),
                tags: list_or_previous(&r, Column::Tags, previous.map(|p| &p.tags)),
                counters: list_or_previous(&r, Column::Counters, previous.map(|p| &p.counters)),
                guest_allowed,
                apply: apply.clone(),
                eligibility: eligibility.clone(),
                deadline: deadline.clone(),
            })
        })();
        if r.errors.is_empty() {
            if let Some(procedure) = procedure {
                procedures.push(procedure);
            }
        } else {
            report.errors.append(&mut r.errors);
        }
    }
    if table.rows.is_empty() {
        return Err(ImportReport::file(
            "データの行がありません。",
            "The file has no data rows.",
        ));
    }
    if report.errors.is_empty() {
        Ok(ParsedImport {
            procedures,
            new_bureaus,
            new_sections,
            ignored_headers,
        })
    } else {
        Err(report)
    }
}
