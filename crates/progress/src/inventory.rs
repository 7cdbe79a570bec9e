//! The Digital Agency's procedure inventory format (行政手続等の棚卸調査):
//! the national survey publishes it, and cities keep their own inventories in
//! it. Reading it gives registry rows the indicators work on:
//!
//! | column | becomes |
//! | --- | --- |
//! | 手続ID | the procedure's id |
//! | 手続名 | its name |
//! | 所管府省庁 (or 所管局) | its bureau (created when missing) |
//! | オンライン化の実施状況 | 1 実施済 and 5 一部実施済: online; 3 適用除外: not possible (out of scope); 2 未実施, 4 その他 and blank: not online |
//! | オンライン化実施時期 | the planned fiscal year (`2 2025年度`, `7 2030年度以降` → 2030) |
//! | 総手続件数 | the annual count |
//! | オンライン手続件数 | the cases done online: the actual online-use rate |
//! | 法令名, 根拠条項号 | the legal basis |
//! | オンライン化の実施予定及び検討時の懸念点 | the reason, for 適用除外 |
//!
//! CSV in UTF-8 (with or without BOM) or Shift_JIS, gzip-compressed or not.
//! All or nothing: every bad row is reported, and nothing is written.

use std::collections::HashMap;
use std::io::Read;

use catalog::model::{Bureau, OnlineStatus, Procedure};
use kernel::Db;
use sqlx::Row;

/// What one row says about online use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub procedure_id: String,
    pub total_cases: Option<i64>,
    pub online_cases: Option<i64>,
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub procedures: Vec<Procedure>,
    /// Bureau (ministry) names in order of first appearance.
    pub bureaus: Vec<String>,
    pub uses: Vec<Use>,
}

/// The column names the format uses; a city's file may call the owner 所管局.
const ID: &[&str] = &["手続ID", "手続id", "id"];
const NAME: &[&str] = &["手続名", "name"];
const OWNER: &[&str] = &["所管府省庁", "所管局", "bureau"];
const STATUS: &[&str] = &["オンライン化の実施状況"];
const WHEN: &[&str] = &["オンライン化実施時期"];
const TOTAL: &[&str] = &["総手続件数"];
const ONLINE: &[&str] = &["オンライン手続件数"];
const LAW: &[&str] = &["法令名"];
const ARTICLE: &[&str] = &["根拠条項号"];
const CONCERNS: &[&str] = &["オンライン化の実施予定及び検討時の懸念点"];

/// Bytes as text: gunzipped when gzip, then UTF-8 or Shift_JIS.
fn text_of(bytes: &[u8]) -> Result<String, Vec<String>> {
    let mut plain = Vec::new();
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut plain)
            .map_err(|e| {
                vec![format!(
                    "gzip を展開できません。 / The gzip file cannot be read: {e}"
                )]
            })?;
        plain.as_slice()
    } else {
        bytes
    };
    catalog::import::decode_text(bytes).map_err(|report| vec![format!("{report}")])
}

/// "1 実施済" → 1
fn code_of(value: &str) -> Option<u32> {
    value.split_whitespace().next()?.parse().ok()
}

/// "2 2025年度" → 2025; "7 2030年度以降" → 2030
fn planned_year(value: &str) -> Option<i32> {
    let digits: String = value
        .split_whitespace()
        .nth(1)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn count(value: &str, line: usize, column: &str, problems: &mut Vec<String>) -> Option<i64> {
    let cleaned = kernel::text::nfkc(value).replace(',', "");
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return None;
    }
    match cleaned.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            problems.push(format!(
                "{line} 行目: {column}「{value}」は 0 以上の整数ではありません。 / Row {line}: {column} {value:?} is not a whole number of 0 or more."
            ));
            None
        }
    }
}

/// Whether the bytes are a zip archive, as every .xlsx workbook is.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads an inventory file — CSV (UTF-8 or Shift_JIS, gzipped or not) or an
/// Excel workbook's first sheet; every problem is listed with its row.
pub fn parse(bytes: &[u8]) -> Result<Inventory, Vec<String>> {
    if is_workbook(bytes) {
        let table =
            catalog::import::read_xlsx(bytes).map_err(|report| vec![format!("{report}")])?;
        let headers = table.headers.iter().map(|h| h.trim().to_string()).collect();
        let records = table
            .rows
            .into_iter()
            .map(|(line, cells)| Ok((line, csv::StringRecord::from(cells))));
        return parse_records(headers, records);
    }
    let text = text_of(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            vec![format!(
                "見出し行を読めません。 / The header row cannot be read: {e}"
            )]
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let records = reader.records().enumerate().map(|(index, record)| {
        let line = index + 2;
        record
            .map(|r| (line, r))
            .map_err(|e| format!("{line} 行目を読めません。 / Row {line} cannot be read: {e}"))
    });
    parse_records(headers, records)
}

/// The rows under `headers`, each with its line (or sheet row) number.
fn parse_records(
    headers: Vec<String>,
    records: impl Iterator<Item = Result<(usize, csv::StringRecord), String>>,
) -> Result<Inventory, Vec<String>> {
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(id_at), Some(name_at), Some(owner_at), Some(status_at)) =
        (find(ID), find(NAME), find(OWNER), find(STATUS))
    else {
        return Err(vec![
            "棚卸調査の形式ではありません: 手続ID・手続名・所管府省庁・オンライン化の実施状況 の列が必要です。 / Not the inventory format: the columns 手続ID, 手続名, 所管府省庁 and オンライン化の実施状況 are needed."
                .to_string(),
        ]);
    };
    let (when_at, total_at, online_at) = (find(WHEN), find(TOTAL), find(ONLINE));
    let (law_at, article_at, concerns_at) = (find(LAW), find(ARTICLE), find(CONCERNS));
    let mut inventory = Inventory::default();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut bureau_seen: HashMap<String, ()> = HashMap::new();
    for record in records {
        let (line, record) = match record {
            Ok(record) => record,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let cell = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or_default().trim();
        let id = cell(Some(id_at)).to_string();
        let name = cell(Some(name_at)).to_string();
        let owner = cell(Some(owner_at)).to_string();
        if id.is_empty() && name.is_empty() {
            continue;
        }
        if id.is_empty() || name.is_empty() || owner.is_empty() {
            problems.push(format!(
                "{line} 行目: 手続ID・手続名・所管府省庁は必須です。 / Row {line}: 手続ID, 手続名 and 所管府省庁 are required."
            ));
            continue;
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            problems.push(format!(
                "{line} 行目: 手続ID「{id}」は {first} 行目と重複しています。 / Row {line}: 手続ID {id:?} repeats row {first}."
            ));
            continue;
        }
        let status = cell(Some(status_at));
        let planned_fy = when_at.and_then(|at| planned_year(cell(Some(at))));
        let online = match code_of(status) {
            Some(1 | 5) => OnlineStatus::Online {
                fiscal_year: None,
                or_earlier: false,
                since: None,
            },
            Some(3) => OnlineStatus::Impossible {
                reason: match cell(concerns_at) {
                    "" => "適用除外".to_string(),
                    concerns => format!("適用除外: {concerns}"),
                },
            },
            Some(2 | 4) | None if status.is_empty() || code_of(status).is_some() => {
                if planned_fy.is_some() {
                    OnlineStatus::Planned
                } else {
                    OnlineStatus::NotOnline
                }
            }
            _ => {
                problems.push(format!(
                    "{line} 行目: オンライン化の実施状況「{status}」は 1〜5 のいずれかにしてください。 / Row {line}: unknown status {status:?} (use 1 to 5)."
                ));
                continue;
            }
        };
        let total_cases =
            total_at.and_then(|at| count(cell(Some(at)), line, "総手続件数", &mut problems));
        let online_cases = online_at
            .and_then(|at| count(cell(Some(at)), line, "オンライン手続件数", &mut problems));
        if bureau_seen.insert(owner.clone(), ()).is_none() {
            inventory.bureaus.push(owner.clone());
        }
        let legal_basis = [cell(law_at), cell(article_at)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        inventory.uses.push(Use {
            procedure_id: id.clone(),
            total_cases,
            online_cases,
        });
        inventory.procedures.push(Procedure {
            legal_kind: if legal_basis.is_empty() {
                String::new()
            } else {
                "法令".to_string()
            },
            legal_basis,
            annual_count: total_cases,
            online,
            planned_fy,
            ..Procedure::named(id, name, owner)
        });
    }
    if problems.is_empty() {
        Ok(inventory)
    } else {
        Err(problems)
    }
}

/// Writes the inventory: missing bureaus first (named after the ministry),
/// then every procedure and its online use, all in one transaction.
pub async fn save(db: &Db, inventory: &Inventory) -> anyhow::Result<()> {
    let mut organisation = catalog::store::organisation(db).await?;
    for name in &inventory.bureaus {
        if organisation.bureau(name).is_none() {
            organisation.bureaus.push(Bureau {
                id: name.clone(),
                name: name.clone(),
                kana: String::new(),
                name_en: String::new(),
            });
        }
    }
    let mut tx = db.begin().await?;
    catalog::store::save_organisation_in(&mut tx, &organisation).await?;
    catalog::store::save_procedures_in(&mut tx, &inventory.procedures).await?;
    for chunk in inventory.uses.chunks(200) {
        let sql = format!(
            "INSERT INTO procedure_use (procedure_id, total_cases, online_cases) VALUES {} \
             ON CONFLICT (procedure_id) DO UPDATE SET total_cases = excluded.total_cases, \
             online_cases = excluded.online_cases",
            kernel::db::value_rows(chunk.len(), 3)
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            insert = insert
                .bind(row.procedure_id.clone())
                .bind(row.total_cases)
                .bind(row.online_cases);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Online use recorded by the inventory: (total cases, cases online) by
/// procedure id.
pub async fn uses(db: &Db) -> anyhow::Result<HashMap<String, (i64, i64)>> {
    use futures_util::TryStreamExt;
    // Row by row: the national inventory's 75,000 rows held at once as
    // database values raised every view of the figures by tens of MB.
    let mut rows = sqlx::query(
        "SELECT procedure_id, total_cases, online_cases FROM procedure_use \
         WHERE total_cases IS NOT NULL AND online_cases IS NOT NULL",
    )
    .fetch(db.pool());
    let mut uses = HashMap::new();
    while let Some(row) = rows.try_next().await? {
        uses.insert(
            row.try_get("procedure_id")?,
            (row.try_get("total_cases")?, row.try_get("online_cases")?),
        );
    }
    Ok(uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\"手続ID\",\"所管府省庁\",\"手続名\",\"法令名\",\"根拠条項号\",\"オンライン化の実施状況\",\"オンライン化の実施予定及び検討時の懸念点\",\"オンライン化実施時期\",\"総手続件数\",\"オンライン手続件数\"\n\
        \"1\",\"内閣官房\",\"届出\",\"国家公務員法\",\"第106条\",\"1 実施済\",,,1496,1496\n\
        \"2\",\"内閣官房\",\"通知\",,,\"5 一部実施済\",,,100,40\n\
        \"3\",\"総務省\",\"申請\",,,\"3 適用除外\",\"対面での確認が必要\",,50,0\n\
        \"4\",\"総務省\",\"報告\",,,\"2 未実施\",,\"2 2025年度\",,\n\
        \"5\",\"総務省\",\"照会\",,,\"4 その他\",,\"7 2030年度以降\",10,0\n\
        \"6\",\"総務省\",\"登録\",,,,,,0,0\n";

    #[test]
    fn the_survey_columns_map_to_registry_rows() {
        let inventory = parse(SAMPLE.as_bytes()).expect("inventory");
        assert_eq!(inventory.procedures.len(), 6);
        assert_eq!(inventory.bureaus, vec!["内閣官房", "総務省"]);
        let by_id: HashMap<&str, &Procedure> = inventory
            .procedures
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        assert!(matches!(by_id["1"].online, OnlineStatus::Online { .. }));
        assert!(
            matches!(by_id["2"].online, OnlineStatus::Online { .. }),
            "一部実施済 counts as online"
        );
        assert!(
            matches!(&by_id["3"].online, OnlineStatus::Impossible { reason } if reason.contains("対面")),
            "適用除外 is out of scope, with its reason"
        );
        assert_eq!(by_id["4"].online, OnlineStatus::Planned);
        assert_eq!(by_id["4"].planned_fy, Some(2025));
        assert_eq!(by_id["4"].annual_count, None, "an empty count is unknown");
        assert_eq!(by_id["5"].planned_fy, Some(2030));
        assert_eq!(
            by_id["6"].online,
            OnlineStatus::NotOnline,
            "a blank status is not online"
        );
        assert_eq!(by_id["1"].legal_basis, "国家公務員法 第106条");
        assert_eq!(inventory.uses[1].online_cases, Some(40));
    }

    #[test]
    fn shift_jis_and_gzip_files_are_read_too() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(SAMPLE);
        assert_eq!(parse(&sjis).expect("Shift_JIS").procedures.len(), 6);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, SAMPLE.as_bytes()).expect("gzip");
        let gz = gz.finish().expect("gzip");
        assert_eq!(parse(&gz).expect("gzip").procedures.len(), 6);
    }

    #[test]
    fn an_excel_inventory_reads_as_its_csv_does() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(SAMPLE.as_bytes());
        for (row, record) in (0_u32..).zip(reader.records()) {
            for (column, cell) in (0_u16..).zip(record.expect("a row").iter()) {
                // Counts as numbers, as Excel keeps them.
                match cell.parse::<f64>() {
                    Ok(number) if row > 0 && column >= 8 => sheet.write_number(row, column, number),
                    _ => sheet.write_string(row, column, cell),
                }
                .expect("a cell");
            }
        }
        let bytes = workbook.save_to_buffer().expect("xlsx");
        let from_excel = parse(&bytes).expect("the workbook reads");
        let from_csv = parse(SAMPLE.as_bytes()).expect("the CSV reads");
        assert_eq!(from_excel.procedures, from_csv.procedures);
        assert_eq!(from_excel.uses, from_csv.uses);
        assert_eq!(from_excel.bureaus, from_csv.bureaus);
    }

    #[test]
    fn bad_rows_are_all_listed_and_nothing_is_returned() {
        let bad = "手続ID,所管府省庁,手続名,オンライン化の実施状況,総手続件数\n1,内閣官房,届出,9 不明,10\n1,内閣官房,重複,1 実施済,5\n2,内閣官房,報告,1 実施済,-3\n";
        let problems = parse(bad.as_bytes()).expect_err("refused");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("2 行目"));
        assert!(problems.iter().any(|p| p.contains("重複")));
        let not_inventory = parse("a,b\n1,2\n".as_bytes()).expect_err("refused");
        assert!(not_inventory[0].contains("手続ID"));
    }
}
