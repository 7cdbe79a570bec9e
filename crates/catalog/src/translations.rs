//! Procedure names in the languages beyond Japanese and English
//! (やさしい日本語, 中文, 한국어, Português, Tiếng Việt, Tagalog).
//!
//! Translators work in a spreadsheet: `madoguchi export translations --lang ko`
//! writes one row per procedure (id, Japanese and English names, the current
//! translation); the filled-in file comes back with `madoguchi import
//! translations FILE` (CSV in UTF-8 or Shift_JIS, as Excel saves it). An import is all
//! or nothing, like the registry import; an empty name removes a translation.
//! Pages show a procedure without a translation in Japanese, marked as such.

use std::collections::{BTreeMap, HashMap};

use kernel::Db;
use kernel::i18n::Lang;
use sqlx::Row;

use crate::import::decode_text;

/// Translated names by procedure id, then language tag.
pub type Names = HashMap<String, BTreeMap<String, String>>;

/// The longest name accepted, as for the registry's own names.
const MAX_NAME_CHARS: usize = 200;

/// One translated name from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRow {
    pub procedure_id: String,
    pub lang: Lang,
    /// Empty: remove the translation.
    pub name: String,
}

/// Languages a procedure name is translated into here (Japanese is the
/// name itself and English the registry's `name_en`).
fn translatable(lang: Lang) -> bool {
    !matches!(lang, Lang::Ja | Lang::En)
}

/// A sheet's header, and its rows with the line numbers the translator sees.
type Sheet = (Vec<String>, Vec<(usize, Vec<String>)>);

fn read_sheet(bytes: &[u8]) -> Result<Sheet, Vec<String>> {
    let text = decode_text(bytes).map_err(|report| vec![format!("{report}")])?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            vec![format!(
                "{} 行目を読み取れません。 / Row {} cannot be read: {e}",
                index + 1,
                index + 1
            )]
        })?;
        records.push((index + 1, record.iter().map(str::to_owned).collect()));
    }
    let mut records = records.into_iter();
    let headers = records.next().map(|(_, h)| h).unwrap_or_default();
    Ok((headers, records.collect()))
}

/// Reads a translation sheet (CSV, UTF-8 or Shift_JIS): the columns
/// `procedure_id`, `lang` and `name` (others, such as the Japanese name for
/// reference, are ignored). Every problem is reported with its row, in
/// Japanese and English.
pub fn parse(bytes: &[u8]) -> Result<Vec<NameRow>, Vec<String>> {
    let (headers, table_rows) = read_sheet(bytes)?;
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted))
    };
    let (Some(id_at), Some(lang_at), Some(name_at)) =
        (column("procedure_id"), column("lang"), column("name"))
    else {
        return Err(vec![
            "見出し行に procedure_id・lang・name の列が必要です。 / The header row needs the columns procedure_id, lang and name."
                .to_string(),
        ]);
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in &table_rows {
        let cell = |at: usize| cells.get(at).map(|c| c.trim()).unwrap_or_default();
        let (id, code, name) = (cell(id_at), cell(lang_at), cell(name_at));
        if id.is_empty() && code.is_empty() && name.is_empty() {
            continue;
        }
        let lang = Lang::from_code(code).filter(|&l| translatable(l));
        let Some(lang) = lang else {
            problems.push(format!(
                "{line} 行目: 言語「{code}」は翻訳できる言語ではありません（ja-x-easy・zh-Hans・ko・pt-BR・vi・tl）。 / Row {line}: {code:?} is not a language names are translated into (ja-x-easy, zh-Hans, ko, pt-BR, vi, tl)."
            ));
            continue;
        };
        if id.is_empty() {
            problems.push(format!(
                "{line} 行目: procedure_id が空です。 / Row {line}: procedure_id is empty."
            ));
            continue;
        }
        if name.chars().count() > MAX_NAME_CHARS {
            problems.push(format!(
                "{line} 行目: 名称は {MAX_NAME_CHARS} 文字以内にしてください。 / Row {line}: the name must be at most {MAX_NAME_CHARS} characters."
            ));
            continue;
        }
        if name.chars().any(char::is_control) {
            problems.push(format!(
                "{line} 行目: 名称に使えない文字が含まれています。 / Row {line}: the name contains characters that cannot be used."
            ));
            continue;
        }
        rows.push(NameRow {
            procedure_id: id.to_string(),
            lang,
            name: name.to_string(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Every translated name.
pub async fn all(db: &Db) -> anyhow::Result<Names> {
    let rows = sqlx::query("SELECT procedure_id, lang, name FROM procedure_names")
        .fetch_all(db.pool())
        .await?;
    let mut names = Names::new();
    for row in rows {
        names
            .entry(row.try_get("procedure_id")?)
            .or_default()
            .insert(row.try_get("lang")?, row.try_get("name")?);
    }
    Ok(names)
}

/// The translated names of the procedures `ids` (one query per hundred).
pub async fn of_procedures(db: &Db, ids: &[&str]) -> anyhow::Result<Names> {
    let mut names = Names::new();
    let mut wanted: Vec<&str> = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    for chunk in wanted.chunks(100) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT procedure_id, lang, name FROM procedure_names WHERE procedure_id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(id.to_string());
        }
        for row in query.fetch_all(db.pool()).await? {
            names
                .entry(row.try_get("procedure_id")?)
                .or_default()
                .insert(row.try_get("lang")?, row.try_get("name")?);
        }
    }
    Ok(names)
}

/// A procedure's name in Japanese, English and its further translations.
pub fn localized(
    name: &str,
    name_en: &str,
    more: &BTreeMap<String, String>,
) -> kernel::i18n::Localized {
    kernel::i18n::Localized {
        ja: name.to_string(),
        en: name_en.to_string(),
        more: more.clone(),
    }
}

/// Writes the rows in one transaction (with a catalog revision, so every
/// node shows them), or nothing when a row names an unknown procedure.
pub async fn save(db: &Db, rows: &[NameRow]) -> Result<usize, Vec<String>> {
    let fail = |e: anyhow::Error| vec![format!("{e:#}")];
    let known: std::collections::HashSet<String> = crate::store::all_procedures(db)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let unknown: Vec<String> = rows
        .iter()
        .filter(|r| !known.contains(&r.procedure_id))
        .map(|r| {
            format!(
                "手続「{id}」は登録簿にありません。 / There is no procedure {id:?} in the registry.",
                id = r.procedure_id
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let write = async {
        let mut tx = db.begin().await?;
        for row in rows {
            sqlx::query("DELETE FROM procedure_names WHERE procedure_id = $1 AND lang = $2")
                .bind(&row.procedure_id)
                .bind(row.lang.code())
                .execute(&mut *tx)
                .await?;
            if !row.name.is_empty() {
                sqlx::query(
                    "INSERT INTO procedure_names (procedure_id, lang, name) VALUES ($1, $2, $3)",
                )
                .bind(&row.procedure_id)
                .bind(row.lang.code())
                .bind(&row.name)
                .execute(&mut *tx)
                .await?;
            }
        }
        crate::store::bump_revision(&mut tx).await?;
        tx.commit().await?;
        anyhow::Ok(rows.len())
    };
    write.await.map_err(fail)
}

/// A sheet for translators: every procedure with its Japanese and English
/// names and the current translation into `lang` (empty where missing).
/// UTF-8 with a BOM, so Excel opens it as such.
pub async fn export_csv(db: &Db, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let procedures = crate::store::all_procedures(db).await?;
    let names = all(db).await?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(["procedure_id", "lang", "name_ja", "name_en", "name"])?;
    for p in &procedures {
        let current = names
            .get(&p.id)
            .and_then(|n| n.get(lang.code()))
            .map(String::as_str)
            .unwrap_or_default();
        out.write_record(kernel::text::spreadsheet_row([
            p.id.as_str(),
            lang.code(),
            p.name.as_str(),
            p.name_en.as_str(),
            current,
        ]))?;
    }
    Ok(out.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_sheet_reads_by_its_header_and_refuses_bad_rows() {
        let sheet = "procedure_id,lang,name_ja,name\nsodaigomi,ko,粗大ごみ,대형 쓰레기 수거 신청\njidou,zh-CN,児童手当,儿童补贴\n,,,\ngomi,vi,ごみ,\n";
        let rows = parse(sheet.as_bytes()).expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].lang, Lang::Ko);
        assert_eq!(rows[1].lang, Lang::Zh, "zh-CN is simplified Chinese");
        assert_eq!(rows[2].name, "", "an empty name removes the translation");

        let bad = "procedure_id,lang,name\nx,fr,Collecte\ny,en,Bulky waste\n";
        let problems = parse(bad.as_bytes()).expect_err("refused");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("2 行目"));
        assert!(
            problems[1].contains("Row 3"),
            "English names live in the registry's name_en"
        );
        let no_header = parse("id,name\nx,y\n".as_bytes()).expect_err("no header");
        assert!(no_header[0].contains("procedure_id"));
    }
}
