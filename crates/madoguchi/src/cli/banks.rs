//! `madoguchi banks import DIR|FILE`: replaces the 全銀 bank and branch
//! codes forms pick from with a zengin-code source data directory (or its
//! banks.json alone), without a release (docs/banks.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::Common;

#[derive(Subcommand)]
pub(super) enum BanksWhat {
    /// Replace the list with a zengin-code `data` directory (banks.json and
    /// branches/*.json) or a banks.json file; all or nothing
    Import {
        /// The directory or file
        path: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

pub(super) async fn run(what: BanksWhat) -> anyhow::Result<ExitCode> {
    match what {
        BanksWhat::Import { path, common } => {
            let loaded = match banks::store::read_path(&path)? {
                Ok(loaded) => loaded,
                Err(message) => {
                    eprintln!("{message}");
                    eprintln!("読み込みませんでした / nothing imported");
                    return Ok(ExitCode::from(2));
                }
            };
            let config = super::resolve(&common, None)?;
            super::init_logging(config.log_json);
            let platform = super::open_platform(&config).await?;
            banks::store::import(&platform.db, &loaded).await?;
            println!(
                "金融機関 {} 件・支店 {} 件を読み込みました / {} banks and {} branches imported",
                loaded.banks.len(),
                loaded.branches.len(),
                loaded.banks.len(),
                loaded.branches.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
