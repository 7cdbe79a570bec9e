//! Registry export in the import's own layout (Japanese headers), so an
//! export edited in Excel imports back as it is.

use rust_xlsxwriter::Workbook;

use crate::import::Column;
use crate::model::{OnlineStatus, Procedure};
use crate::store::Organisation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 with a BOM, which Excel needs to open it as UTF-8.
    Utf8Bom,
    ShiftJis,
}

fn cells(p: &Procedure, org: &Organisation) -> Vec<String> {
    let planned = p
        .planned_fy
        .map(kernel::wareki::fiscal_year_short)
        .unwrap_or_default();
    let (fy, since, reason) = match &p.online {
        OnlineStatus::Online {
            fiscal_year,
            or_earlier,
            since,
        } => (
            fiscal_year
                .map(|y| {
                    let short = kernel::wareki::fiscal_year_short(y);
                    if *or_earlier {
                        format!("{short}以前")
                    } else {
                        short
                    }
                })
                .unwrap_or_default(),
            since.map(|d| d.to_string()).unwrap_or_default(),
            String::new(),
        ),
        OnlineStatus::Planned | OnlineStatus::NotOnline => {
            (planned.clone(), String::new(), String::new())
        }
        OnlineStatus::Impossible { reason } => (String::new(), String::new(), reason.clone()),
    };
    let status = match p.online {
        OnlineStatus::Online { .. } => "済",
        OnlineStatus::Planned => "予定",
        OnlineStatus::NotOnline => "未定",
        OnlineStatus::Impossible { .. } => "不可",
    };
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::Id => p.id.clone(),
            Column::Name => p.name.clone(),
            Column::Kana => p.kana.clone(),
            Column::NameEn => p.name_en.clone(),
            Column::Bureau => org
                .bureau(&p.bureau_id)
                .map(|b| b.name.clone())
                .unwrap_or_else(|| p.bureau_id.clone()),
            Column::Section => p
                .section_id
                .as_deref()
                .map(|id| {
                    org.section(id)
                        .map(|s| s.name.clone())
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_default(),
            Column::Category => p.category.label_ja().to_string(),
            Column::LegalKind => p.legal_kind.clone(),
            Column::LegalBasis => p.legal_basis.clone(),
            Column::AnnualCount => p
                .annual_count
                .map(|n| n.to_string())
                .unwrap_or_else(|| "不明".into()),
            Column::Status => status.to_string(),
            Column::OnlineFy => fy.clone(),
            Column::PlannedFy => planned.clone(),
            Column::OnlineSince => since.clone(),
            Column::Reason => reason.clone(),
            Column::Fee => p.fee_yen.map(|n| n.to_string()).unwrap_or_default(),
            Column::Documents => p.documents.join("、"),
            Column::LifeEvents => p.life_events.join("、"),
            Column::Tags => p.tags.join("、"),
            Column::Counters => p.counters.join("、"),
            Column::GuestAllowed => if p.guest_allowed { "可" } else { "不可" }.to_string(),
            Column::StandardDays => p.standard_days.map(|d| d.to_string()).unwrap_or_default(),
            Column::RetentionYears => match p.retention_years {
                Some(0) => "永年".to_string(),
                Some(years) => years.to_string(),
                None => String::new(),
            },
            Column::ApplyMethod => p.apply.method.label_ja().to_string(),
            Column::ApplyUrl => p.apply.url.clone(),
            Column::ApplyService => p.apply.service.clone(),
            Column::Eligibility => p.eligibility.clone(),
            Column::Deadline => p.deadline.clone(),
        })
        .collect()
}

/// Rows of the import's layout in UTF-8 (the header first when `header`):
/// a piece of a file that is sent as it is written.
pub fn csv_rows<P: std::borrow::Borrow<Procedure>>(
    procedures: impl IntoIterator<Item = P>,
    org: &Organisation,
    header: bool,
) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if header {
        writer.write_record(Column::ALL.iter().map(|c| c.header_ja()))?;
    }
    for p in procedures {
        writer.write_record(kernel::text::spreadsheet_row(&cells(p.borrow(), org)))?;
    }
    Ok(writer.into_inner()?)
}

/// The procedures in the import's layout; a registry's are made one at a time.
pub fn to_csv<P: std::borrow::Borrow<Procedure>>(
    procedures: impl IntoIterator<Item = P>,
    org: &Organisation,
    encoding: TextEncoding,
) -> anyhow::Result<Vec<u8>> {
    let text = String::from_utf8(csv_rows(procedures, org, true)?)?;
    Ok(match encoding {
        TextEncoding::Utf8Bom => {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        TextEncoding::ShiftJis => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            if unmappable {
                anyhow::bail!(
                    "some names use characters Shift_JIS cannot hold (e.g. 𠮷); export as UTF-8 instead"
                );
            }
            bytes.into_owned()
        }
    })
}

pub fn to_xlsx(procedures: &[Procedure], org: &Organisation) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("手続一覧")?;
    for (col, column) in (0u16..).zip(Column::ALL.iter()) {
        sheet.write_string(0, col, column.header_ja())?;
    }
    for (row, p) in (1u32..).zip(procedures) {
        for (col, value) in (0u16..).zip(cells(p, org)) {
            match (Column::ALL.get(usize::from(col)), value.parse::<f64>()) {
                (Some(Column::AnnualCount | Column::Fee | Column::StandardDays), Ok(number)) => {
                    sheet.write_number(row, col, number)?
                }
                _ => sheet.write_string(row, col, &value)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}
