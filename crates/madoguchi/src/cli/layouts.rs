//! `madoguchi layouts check|export|import`: legacy data layouts
//! (データレイアウト変換, docs/layouts.md) between a procedure's applications
//! and a business system's files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use integration::layout_io::{applications_of, apply_row};
use layouts::Layout;

use super::Common;

/// Most applications one export writes.
const MAX_EXPORT: usize = 100_000;

#[derive(Subcommand)]
pub(super) enum LayoutsWhat {
    /// Check a mapping file and print what it writes
    Check {
        /// The mapping file (.toml)
        file: PathBuf,
    },
    /// Write a procedure's applications in a layout (all or nothing: every
    /// character that cannot be written, every value too long is listed)
    Export {
        /// The mapping file (.toml)
        #[arg(long)]
        layout: PathBuf,
        /// The procedure (default: the layout's; must match it)
        #[arg(long)]
        procedure: Option<String>,
        /// Received on or after this day (2026-04-01, 令和8年4月1日, R8.4.1)
        #[arg(long)]
        from: Option<String>,
        /// Received on or before this day
        #[arg(long)]
        to: Option<String>,
        /// The file to write (never overwritten; readable by its owner only)
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Apply the status updates of a business system's file, row by row,
    /// through the same workflow as the API, and print what became of each
    Import {
        /// The mapping file (.toml) with an [import] table
        #[arg(long)]
        layout: PathBuf,
        /// The file the business system wrote
        #[arg(long = "in")]
        input: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

fn load(path: &Path) -> anyhow::Result<Result<Layout, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Layout::parse(&text).map_err(|e| format!("{}: {e}", path.display())))
}

fn date(flag: &str, text: Option<&str>) -> Result<Option<time::Date>, String> {
    text.map(|t| kernel::wareki::parse_date(t).map_err(|e| format!("--{flag}: {e}")))
        .transpose()
}

pub(super) async fn run(what: LayoutsWhat) -> anyhow::Result<ExitCode> {
    match what {
        LayoutsWhat::Check { file } => match load(&file)? {
            Ok(layout) => print!("{}", layout.summary()),
            Err(message) => return refuse(&message),
        },
        LayoutsWhat::Export {
            layout,
            procedure,
            from,
            to,
            out,
            common,
        } => {
            let layout = match load(&layout)? {
                Ok(layout) => layout,
                Err(message) => return refuse(&message),
            };
            if let Some(procedure) = procedure
                && procedure != layout.procedure()
            {
                return refuse(&format!(
                    "レイアウトは手続 {} のものです（--procedure {procedure}） / the layout is for procedure {}, not {procedure}",
                    layout.procedure(),
                    layout.procedure()
                ));
            }
            let (from, to) = match (date("from", from.as_deref()), date("to", to.as_deref())) {
                (Ok(from), Ok(to)) => (from, to),
                (Err(message), _) | (_, Err(message)) => return refuse(&message),
            };
            if out.exists() {
                return refuse(&format!(
                    "{} はすでにあります（上書きしません） / {} exists: not overwritten",
                    out.display(),
                    out.display()
                ));
            }
            let config = super::resolve(&common, None)?;
            super::init_logging(config.log_json);
            let platform = super::open_platform(&config).await?;
            let records =
                match applications_of(&platform.db, layout.procedure(), from, to, MAX_EXPORT)
                    .await?
                {
                    Ok(records) => records,
                    Err(message) => return refuse(&message),
                };
            match layout.write(&records) {
                Ok(bytes) => {
                    kernel::files::write_private(&out, &bytes)
                        .with_context(|| format!("cannot write {}", out.display()))?;
                    println!(
                        "{} 件を書き出しました（{} バイト） / {} applications written to {}",
                        records.len(),
                        bytes.len(),
                        records.len(),
                        out.display()
                    );
                }
                Err(errors) => {
                    eprint!("{errors}");
                    eprintln!(
                        "書き出しませんでした / nothing written: {} problem(s)",
                        errors.errors.len()
                    );
                    return Ok(ExitCode::from(2));
                }
            }
        }
        LayoutsWhat::Import {
            layout,
            input,
            common,
        } => {
            let layout = match load(&layout)? {
                Ok(layout) => layout,
                Err(message) => return refuse(&message),
            };
            if layout.import().is_none() {
                return refuse(
                    "レイアウトに [import] がありません / the layout has no [import] table",
                );
            }
            let limit = layouts::Limits::default().max_bytes;
            let size = std::fs::metadata(&input)
                .with_context(|| format!("cannot read {}", input.display()))?
                .len();
            if usize::try_from(size).map_or(true, |s| s > limit) {
                return refuse(&format!(
                    "{} は {size} バイトあり、上限 {limit} バイトを超えます / file too large",
                    input.display()
                ));
            }
            let bytes = std::fs::read(&input)
                .with_context(|| format!("cannot read {}", input.display()))?;
            let rows = match layout.read(&bytes) {
                Ok(rows) => rows,
                Err(errors) => {
                    eprint!("{errors}");
                    eprintln!(
                        "取り込みませんでした / nothing applied: {} problem(s)",
                        errors.errors.len()
                    );
                    return Ok(ExitCode::from(2));
                }
            };
            let config = super::resolve(&common, None)?;
            super::init_logging(config.log_json);
            let platform = super::open_platform(&config).await?;
            let actor_name = format!("layout:{}", layout.target());
            let (mut applied, mut refused) = (0usize, 0usize);
            for row in &rows {
                let receipt = row.receipt_number.clone().unwrap_or_default();
                match apply_row(&platform.db, &layout, row, &actor_name).await? {
                    Ok((from, to)) => {
                        applied += 1;
                        println!(
                            "{} 行目 {receipt}: 反映 / applied: {} → {}",
                            row.line,
                            from.label_ja(),
                            to.label_ja()
                        );
                    }
                    Err(reason) => {
                        refused += 1;
                        println!("{} 行目 {receipt}: 見送り / refused: {reason}", row.line);
                    }
                }
            }
            println!(
                "反映 {applied} 件、見送り {refused} 件 / applied {applied}, refused {refused}"
            );
            if refused > 0 {
                return Ok(ExitCode::from(2));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn refuse(message: &str) -> anyhow::Result<ExitCode> {
    eprintln!("madoguchi: {message}");
    Ok(ExitCode::from(2))
}
