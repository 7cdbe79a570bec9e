//! The command line: `serve`, `demo`, `migrate`, `import`, `export`,
//! `layouts`, `bench`. Every command exits non-zero with a clear message on
//! failure.

mod banks;
mod layouts;
mod payments;
mod webhooks;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use catalog::ImportFailure;
use catalog::export::TextEncoding;
use catalog::import::{FileKind, ImportOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kernel::Db;
use kernel::config::{Config, Overrides};

use crate::app::{self, Platform};

#[derive(Parser)]
#[command(
    name = "madoguchi",
    version,
    about = "行政手続オンライン窓口 — the online counter for a city's procedures"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// Directory for the embedded database, files and demo.json
    #[arg(long, env = "MADOGUCHI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL; without it the embedded SQLite in the data directory is used
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// TOML configuration file (default: madoguchi.toml in the data directory, if present)
    #[arg(long, env = "MADOGUCHI_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Args, Clone)]
struct Listen {
    /// Address to listen on, HOST:PORT
    #[arg(long, env = "MADOGUCHI_ADDR")]
    addr: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the platform
    Serve {
        #[command(flatten)]
        listen: Listen,
        #[command(flatten)]
        common: Common,
    },
    /// Create (or reuse) the demo city in the data directory and serve it
    Demo {
        #[command(flatten)]
        listen: Listen,
        #[command(flatten)]
        common: Common,
        /// Prepare the demo and write demo.json, then exit without serving
        #[arg(long)]
        no_serve: bool,
    },
    /// Bring the database schema up to date
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Print the online-ization indicators (① annual cases, ② procedures)
    /// by fiscal year, category and bureau, as GET /api/v1/indicators does
    Indicators {
        #[arg(long, value_enum, default_value = "table")]
        format: IndicatorsFormat,
        /// For the table: the plan's years or what actually happened
        #[arg(long, value_enum, default_value = "plan")]
        basis: IndicatorsBasis,
        #[command(flatten)]
        common: Common,
    },
    /// Import data
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export data
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Legacy data layouts (データレイアウト変換): check a mapping file,
    /// export a procedure's applications in it, import status updates
    Layouts {
        #[command(subcommand)]
        what: layouts::LayoutsWhat,
    },
    /// Event subscriptions of business systems: signed webhooks, their
    /// deliveries and dead letters (see docs/api.md)
    Webhooks {
        #[command(subcommand)]
        what: webhooks::WebhooksWhat,
    },
    /// Payments: the sandbox provider, a reconciliation run, fee schedules
    /// (see docs/payments.md)
    Payments {
        #[command(subcommand)]
        what: payments::PaymentsWhat,
    },
    /// The 全銀 bank and branch codes forms pick from (see docs/banks.md)
    Banks {
        #[command(subcommand)]
        what: banks::BanksWhat,
    },
    /// Manage staff accounts (section clerks, managers, DX office administrators)
    Staff {
        #[command(subcommand)]
        what: StaffWhat,
    },
    /// Add a new key kept outside the database (rotation): the newest key
    /// signs from the next start on, older keys still verify
    Keygen {
        /// What the key is for: audit (the audit log's chain), data (wraps
        /// the keys that seal personal data), recovery (the city's offline
        /// recovery key; needs --out), or notice-pki (a demo CA shaped like
        /// LGPKI's, a signing certificate for 名古屋市長, a TSA certificate
        /// and a CRL, for trying signed notices; needs --out DIR)
        purpose: String,
        /// For recovery: where to write the private half, to be moved
        /// offline (never left on the server); for notice-pki: the folder
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// The keys that seal personal data at rest: status, and recovery with
    /// the city's recovery key (see docs/security.md)
    Keys {
        #[command(subcommand)]
        what: KeysWhat,
    },
    /// Manage API tokens for business systems and metrics scrapers
    #[command(alias = "tokens")]
    Token {
        #[command(subcommand)]
        what: TokenWhat,
    },
    /// Measure performance against the targets (see docs/performance.md)
    Bench {
        #[command(subcommand)]
        what: crate::bench::BenchWhat,
    },
}

/// Totals published with a registry (in a plan, on a cover sheet), checked
/// against the sums of the registry's rows after the import.
#[derive(Args)]
struct StatedTotals {
    /// The stated annual cases of all procedures in scope
    #[arg(long)]
    stated_cases: Option<i64>,
    /// The stated number of procedures in scope
    #[arg(long)]
    stated_procedures: Option<usize>,
}

/// Names where the stated totals differ from the registry's rows.
async fn check_stated(db: &Db, stated: &StatedTotals) -> anyhow::Result<()> {
    if stated.stated_cases.is_none() && stated.stated_procedures.is_none() {
        return Ok(());
    }
    let procedures = catalog::store::all_procedures(db).await?;
    let problems = progress::indicators::stated_total_mismatches(
        &procedures,
        stated.stated_cases,
        stated.stated_procedures,
    );
    if problems.is_empty() {
        println!("記載の合計は行の合計と一致します。 / The stated totals match the rows.");
    }
    for problem in problems {
        println!("注意 / note: {problem}");
    }
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
enum IndicatorsFormat {
    Json,
    Csv,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum IndicatorsBasis {
    Plan,
    Actual,
}

#[derive(Subcommand)]
enum StaffWhat {
    /// Add a staff account (or update it, by e-mail); prints a new password once
    Add {
        /// The person's work e-mail address, used to sign in
        email: String,
        /// Full name as colleagues and audit entries show it
        #[arg(long)]
        name: String,
        /// clerk, manager or dx_admin
        #[arg(long)]
        role: String,
        /// The section's id (required for clerks and managers)
        #[arg(long)]
        section: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// List staff accounts
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Disable an account; its sessions end at once
    Disable {
        email: String,
        #[command(flatten)]
        common: Common,
    },
    /// Remove an account's two-step sign-in (a lost phone and recovery
    /// codes); its sessions end, and it sets up a new key at its next sign-in
    #[command(name = "reset-2fa")]
    Reset2fa {
        email: String,
        #[command(flatten)]
        common: Common,
    },
    /// Print the current sign-in code of a demo staff account, from the key
    /// in the data directory's demo.json (never from a database)
    TotpCode {
        email: String,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
enum TokenWhat {
    /// Issue a token; prints it once (only its hash is kept)
    #[command(alias = "create")]
    Issue {
        /// Who holds it (the business system, the scraper)
        #[arg(long)]
        name: String,
        /// What it may do: applications:read, applications:write,
        /// transitions:write, decisions:write, comments:read,
        /// webhooks:manage, indicators:read, metrics:read (repeat for several)
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// A section (id or name) whose applications it covers (repeat)
        #[arg(long = "section")]
        sections: Vec<String>,
        /// A bureau (id or name): it covers all the bureau's sections (repeat)
        #[arg(long = "bureau")]
        bureaus: Vec<String>,
        /// Every section of the city (the DX office's decision)
        #[arg(long, conflicts_with_all = ["sections", "bureaus"])]
        all_sections: bool,
        /// It stops working after this many days
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_in_days: Option<u32>,
        #[command(flatten)]
        common: Common,
    },
    /// List tokens (never their secrets)
    List {
        /// One JSON array instead of tab-separated lines
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Revoke a token by its id; it stops working within seconds
    Revoke {
        id: String,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Import a procedure inventory in the Digital Agency's format
    /// (行政手続等の棚卸調査: 手続ID, 所管府省庁, 手続名, オンライン化の実施状況,
    /// 総手続件数, オンライン手続件数 …); CSV in UTF-8 or Shift_JIS, gzip or
    /// not, or an Excel workbook; all or nothing
    Inventory {
        /// The inventory file (.csv, .csv.gz or .xlsx)
        file: PathBuf,
        #[command(flatten)]
        stated: StatedTotals,
        #[command(flatten)]
        common: Common,
    },
    /// Import procedure names translated by translators (CSV with the
    /// columns procedure_id, lang, name); all or nothing
    Translations {
        /// The sheet (.csv in UTF-8 or Shift_JIS)
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Publish a form definition (JSON) as its procedure's next version
    Form {
        /// The definition file (.json), as the form editor exports it
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Import a procedure registry (xlsx or csv, UTF-8 or Shift_JIS); all or nothing
    Procedures {
        /// The registry file (.xlsx or .csv)
        file: PathBuf,
        /// Create bureaus and sections the organisation does not have yet
        #[arg(long)]
        create_missing_organisation: bool,
        #[command(flatten)]
        stated: StatedTotals,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportEncoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "shift_jis")]
    ShiftJis,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Write a sheet for translators: every procedure's Japanese and English
    /// names and its current name in one language (CSV, UTF-8 with BOM)
    Translations {
        /// The language to translate into: ja-x-easy, zh-Hans, ko, pt-BR, vi or tl
        #[arg(long)]
        lang: String,
        /// Output file (default: standard output)
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Write every procedure's current form definition to DIR/<procedure id>.form.json
    Forms {
        /// The folder to write into (created if missing)
        #[arg(long, short)]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Export the procedure registry in the import's layout
    Procedures {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Text encoding of a CSV export (UTF-8 is written with a BOM for Excel)
        #[arg(long, value_enum, default_value = "utf-8")]
        encoding: ExportEncoding,
        /// Output file (default: standard output)
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
}

fn resolve(common: &Common, listen: Option<&Listen>) -> anyhow::Result<Config> {
    Config::resolve(Overrides {
        addr: listen.and_then(|l| l.addr.clone()),
        data_dir: common.data_dir.clone(),
        database_url: common.database_url.clone(),
        config_file: common.config.clone(),
    })
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MADOGUCHI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        // One object per line for a SIEM, with the request's span (client,
        // method, path) on every line.
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}

/// The platform for a one-off command: it relays no events (a command that
/// ends mid-delivery would leave it to its lease to run out).
async fn open_platform(config: &Config) -> anyhow::Result<Platform> {
    let mut settings = app::Settings::from_config(config)?;
    settings.relay.enabled = false;
    let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
    Platform::open(db, &settings).await
}

/// The platform for a server: it relays events too.
async fn open_server(config: &Config) -> anyhow::Result<Platform> {
    let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
    Platform::open(db, &app::Settings::from_config(config)?).await
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // The database, attachments, mail and keys hold personal data and
    // secrets: whatever creates them, they are the service user's only.
    kernel::files::private_by_default();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("madoguchi: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("madoguchi: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { listen, common } => {
            let config = resolve(&common, Some(&listen))?;
            init_logging(config.log_json);
            let platform = open_server(&config).await?;
            app::serve(&platform, &config.addr).await?;
        }
        Command::Demo {
            listen,
            common,
            no_serve,
        } => {
            let config = resolve(&common, Some(&listen))?;
            init_logging(config.log_json);
            let platform = {
                let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
                let mut settings = app::Settings::from_config(&config)?;
                // Test payments go to a sandbox started alongside, unless a
                // provider is configured.
                settings.payments.embedded_sandbox = true;
                // Online consultations meet on a Jitsi room of their own
                // unless a meeting service is configured.
                if !settings.meetings.offered() {
                    settings.meetings = counter::meetings::Meetings::Template(
                        "https://meet.jit.si/{room}".to_string(),
                    );
                }
                // The demo's own machine is its hall's kiosk.
                if settings.kiosks.is_empty() {
                    settings.kiosks = kernel::client::TrustedProxies::parse(&[
                        "127.0.0.1".to_string(),
                        "::1".to_string(),
                    ])?;
                }
                // Signed with a demo PKI shaped like LGPKI's unless the
                // configuration names the city's certificate.
                settings.demo_pki = Some(notices::setup::DemoPki {
                    dir: config.data_dir.join("pki"),
                    algorithm: signatures::Algorithm::Rsa2048,
                });
                Platform::open(db, &settings).await?
            };
            let mut info = demo::prepare(&platform.db, &config.data_dir, &config.addr).await?;
            platform.catalog.refresh().await?;
            match crate::demo_notices::prepare(&platform, &info, &config.data_dir).await {
                Ok(Some(pdf)) => {
                    info.demo.notice_pdf = Some(pdf.display().to_string());
                    info.demo.notice_ca = Some(
                        config
                            .data_dir
                            .join("pki")
                            .join("ca.pem")
                            .display()
                            .to_string(),
                    );
                    std::fs::write(&info.file, serde_json::to_string_pretty(&info.demo)?)?;
                }
                Ok(None) => eprintln!(
                    "no Japanese font for notices: apt-get install fonts-ipaexfont to issue signed notices"
                ),
                Err(error) => eprintln!("the demo notice was not issued: {error:#}"),
            }
            eprintln!(
                "demo city ready: {} procedures; logins and tokens in {}",
                info.procedure_count,
                info.file.display()
            );
            if !no_serve {
                eprintln!("open http://{}/ in a browser", config.addr);
                app::serve(&platform, &config.addr).await?;
            }
        }
        Command::Indicators {
            format,
            basis,
            common,
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let platform = open_platform(&config).await?;
            let figures = progress::api::current(&platform.catalog).await?;
            let text = match format {
                IndicatorsFormat::Json => serde_json::to_string_pretty(&figures)? + "\n",
                IndicatorsFormat::Csv => progress::api::to_csv(&figures)?,
                IndicatorsFormat::Table => progress::api::to_table(match basis {
                    IndicatorsBasis::Plan => &figures.plan,
                    IndicatorsBasis::Actual => &figures.actual,
                }),
            };
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes())?;
        }
        Command::Migrate { common } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            eprintln!("database schema is up to date");
        }
        Command::Import {
            what:
                ImportWhat::Procedures {
                    file,
                    create_missing_organisation,
                    stated,
                    common,
                },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let kind = FileKind::from_file_name(&file.to_string_lossy())
                .with_context(|| format!("{}: use a .xlsx or .csv file", file.display()))?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let platform = open_platform(&config).await?;
            let options = ImportOptions {
                create_missing_organisation,
            };
            match platform.catalog.import(&bytes, kind, options).await {
                Ok(summary) => {
                    println!(
                        "取り込み完了 / imported: {} 件追加 / created, {} 件更新 / updated",
                        summary.created, summary.updated
                    );
                    for bureau in &summary.new_bureaus {
                        println!("新しい局 / new bureau: {bureau}");
                    }
                    for section in &summary.new_sections {
                        println!("新しい課 / new section: {section}");
                    }
                    if !summary.ignored_headers.is_empty() {
                        println!(
                            "使わなかった列 / ignored columns: {}",
                            summary.ignored_headers.join(", ")
                        );
                    }
                    check_stated(&platform.db, &stated).await?;
                }
                Err(ImportFailure::Refused(report)) => {
                    eprint!("{report}");
                    return Ok(ExitCode::from(2));
                }
                Err(ImportFailure::Internal(error)) => return Err(error),
            }
        }
        Command::Import {
            what:
                ImportWhat::Inventory {
                    file,
                    stated,
                    common,
                },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let started = std::time::Instant::now();
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let inventory = match progress::inventory::parse(&bytes) {
                Ok(inventory) => inventory,
                Err(problems) => {
                    eprintln!(
                        "取り込みを中止しました。何も変更していません（{} 件の誤り）。 / Import refused; nothing was changed ({} problems).",
                        problems.len(),
                        problems.len()
                    );
                    for problem in problems.iter().take(200) {
                        eprintln!("  {problem}");
                    }
                    return Ok(ExitCode::from(2));
                }
            };
            let platform = open_platform(&config).await?;
            progress::inventory::save(&platform.db, &inventory).await?;
            println!(
                "取り込み完了 / imported: {} 手続 / procedures, {} 府省庁・局 / bureaus, {:.1} s",
                inventory.procedures.len(),
                inventory.bureaus.len(),
                started.elapsed().as_secs_f64()
            );
            check_stated(&platform.db, &stated).await?;
        }
        Command::Import {
            what: ImportWhat::Translations { file, common },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let platform = open_platform(&config).await?;
            let saved = match catalog::translations::parse(&bytes) {
                Ok(rows) => catalog::translations::save(&platform.db, &rows).await,
                Err(problems) => Err(problems),
            };
            match saved {
                Ok(count) => println!("取り込み完了 / imported: {count} 件 / names"),
                Err(problems) => {
                    eprintln!(
                        "取り込みを中止しました。何も変更していません。 / Import refused; nothing was changed."
                    );
                    for problem in problems {
                        eprintln!("  {problem}");
                    }
                    return Ok(ExitCode::from(2));
                }
            }
        }
        Command::Export {
            what:
                ExportWhat::Translations {
                    lang,
                    output,
                    common,
                },
        } => {
            let Some(lang) = kernel::i18n::Lang::from_code(&lang)
                .filter(|l| !matches!(l, kernel::i18n::Lang::Ja | kernel::i18n::Lang::En))
            else {
                eprintln!(
                    "言語「{lang}」は翻訳できません（ja-x-easy・zh-Hans・ko・pt-BR・vi・tl） / {lang:?} is not a language names are translated into (ja-x-easy, zh-Hans, ko, pt-BR, vi, tl)"
                );
                return Ok(ExitCode::from(2));
            };
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let platform = open_platform(&config).await?;
            let bytes = catalog::translations::export_csv(&platform.db, lang).await?;
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
        }
        Command::Import {
            what: ImportWhat::Form { file, common },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let definition =
                match forms::FormDefinition::from_json(text.trim_start_matches('\u{feff}')) {
                    Ok(definition) => definition,
                    Err(errors) => {
                        eprintln!(
                            "{}: 定義に誤りがあります / the definition has problems:",
                            file.display()
                        );
                        for error in errors {
                            eprintln!("  {error}");
                        }
                        return Ok(ExitCode::from(2));
                    }
                };
            let platform = open_platform(&config).await?;
            if catalog::store::procedure(&platform.db, &definition.procedure_id)
                .await?
                .is_none()
            {
                eprintln!(
                    "{}: 手続「{}」がありません / there is no procedure {:?}",
                    file.display(),
                    definition.procedure_id,
                    definition.procedure_id
                );
                return Ok(ExitCode::from(2));
            }
            let stored = applications::form_store::save(&platform.db, &definition, "cli").await?;
            println!(
                "{}: 第{}版として公開しました / published as version {}",
                stored.procedure_id, stored.version, stored.version
            );
        }
        Command::Export {
            what: ExportWhat::Forms { output, common },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let platform = open_platform(&config).await?;
            std::fs::create_dir_all(&output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let mut written = 0;
            for procedure in catalog::store::all_procedures(&platform.db).await? {
                if let Some(form) =
                    applications::form_store::current(&platform.db, &procedure.id).await?
                {
                    let path = output.join(format!("{}.form.json", procedure.id));
                    std::fs::write(&path, serde_json::to_string_pretty(&form)?)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    written += 1;
                }
            }
            println!(
                "{written} 件の申請書を書き出しました / wrote {written} forms to {}",
                output.display()
            );
        }
        Command::Export {
            what:
                ExportWhat::Procedures {
                    format,
                    encoding,
                    output,
                    common,
                },
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let platform = open_platform(&config).await?;
            let procedures = catalog::store::all_procedures(&platform.db).await?;
            let organisation = catalog::store::organisation(&platform.db).await?;
            let bytes = match format {
                ExportFormat::Xlsx => catalog::export::to_xlsx(&procedures, &organisation)?,
                ExportFormat::Csv => catalog::export::to_csv(
                    &procedures,
                    &organisation,
                    match encoding {
                        ExportEncoding::Utf8 => TextEncoding::Utf8Bom,
                        ExportEncoding::ShiftJis => TextEncoding::ShiftJis,
                    },
                )?,
            };
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
        }
        Command::Layouts { what } => return layouts::run(what).await,
        Command::Webhooks { what } => return webhooks::run(what).await,
        Command::Payments { what } => return payments::run(what).await,
        Command::Banks { what } => return banks::run(what).await,
        Command::Staff { what } => return staff(what).await,
        Command::Token { what } => return token(what).await,
        Command::Keys { what } => return keys(what).await,
        Command::Keygen {
            purpose,
            out,
            common,
        } => {
            let config = resolve(&common, None)?;
            if purpose == "notice-pki" {
                let Some(out) = out else {
                    eprintln!(
                        "madoguchi: 書き出すフォルダーを --out で指定してください / give --out DIR for the demo PKI"
                    );
                    return Ok(ExitCode::from(2));
                };
                if out.join("ca.pem").exists() {
                    eprintln!(
                        "madoguchi: {} にはすでに証明書があります / {} already holds a PKI: not overwritten",
                        out.display(),
                        out.display()
                    );
                    return Ok(ExitCode::from(2));
                }
                let pki = signatures::DemoPki::generate(notices::setup::DEMO_CITY)?;
                pki.write(&out)?;
                println!(
                    "{dir}/ca.pem (CA), signer.pem + signer.key (名古屋市長), tsa.pem + tsa.key, ca.crl (DER)\n\
                     デモ・試験専用です。本番では市の職責証明書を設定してください / for demos and tests only: \
                     configure the city's role certificate in production (docs/notices.md)",
                    dir = out.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            if purpose == "recovery" {
                let Some(out) = out else {
                    eprintln!(
                        "madoguchi: 回復鍵の秘密鍵の書き出し先を --out で指定してください / give --out FILE for the private half of the recovery key"
                    );
                    return Ok(ExitCode::from(2));
                };
                if out.exists() {
                    eprintln!(
                        "madoguchi: {} はすでにあります / {} exists: not overwritten",
                        out.display(),
                        out.display()
                    );
                    return Ok(ExitCode::from(2));
                }
                let (public, private) = kernel::sealed::generate_recovery(&config.keys_dir)?;
                kernel::files::write_private(&out, private.as_bytes())?;
                println!(
                    "{}: 回復鍵の公開鍵（次の起動からデータ鍵を封します） / public half, used from the next start\n\
                     {}: 秘密鍵。サーバーから取り除き、オフラインで保管してください / private half: move it off this server and keep it offline",
                    public.display(),
                    out.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let Some(purpose) = kernel::keys::Purpose::parse(&purpose) else {
                eprintln!(
                    "madoguchi: 鍵の用途 {purpose:?} はありません / no key purpose {purpose:?}: use audit, data, recovery or notice-pki"
                );
                return Ok(ExitCode::from(2));
            };
            let path = kernel::keys::generate(&config.keys_dir, purpose)?;
            println!(
                "{}: 新しい鍵を作りました。再起動後に使われます。すべてのノードに同じ鍵を置いてください。 / new key written; used from the next start; every node needs the same keys",
                path.display()
            );
        }
        Command::Bench { what } => crate::bench::run(what).await?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
enum KeysWhat {
    /// List the data keys: what wraps each, and whether the recovery key
    /// covers it
    Status {
        #[command(flatten)]
        common: Common,
    },
    /// With the city's private recovery key, rewrap the data keys whose
    /// key-encryption key is lost under this keys folder's newest (made if
    /// there is none)
    Recover {
        /// The private half written by `madoguchi keygen recovery --out`
        #[arg(long)]
        recovery_key: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

async fn keys(what: KeysWhat) -> anyhow::Result<ExitCode> {
    match what {
        KeysWhat::Status { common } => {
            let config = resolve(&common, None)?;
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            let lines = kernel::sealed::status(&db).await?;
            if lines.is_empty() {
                println!(
                    "データ鍵はまだありません（初回の起動で作られます） / no data keys yet: the first start makes them"
                );
            }
            for line in lines {
                println!("{line}");
            }
        }
        KeysWhat::Recover {
            recovery_key,
            common,
        } => {
            let config = resolve(&common, None)?;
            let text = std::fs::read_to_string(&recovery_key)
                .with_context(|| format!("cannot read {}", recovery_key.display()))?;
            let private = kernel::sealed::read_recovery_private(&text)?;
            let keys = kernel::keys::Keyring::load_or_create(&config.keys_dir)?;
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            let recovered = kernel::sealed::recover(&db, &keys, &private).await?;
            println!(
                "{recovered} 個のデータ鍵を回復しました / data keys recovered: {recovered}; the platform starts with this keys folder"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn token(what: TokenWhat) -> anyhow::Result<ExitCode> {
    let common = match &what {
        TokenWhat::Issue { common, .. }
        | TokenWhat::List { common, .. }
        | TokenWhat::Revoke { common, .. } => common.clone(),
    };
    let config = resolve(&common, None)?;
    init_logging(config.log_json);
    let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
    db.migrate().await?;
    match what {
        TokenWhat::Issue {
            name,
            scopes,
            sections,
            bureaus,
            all_sections,
            expires_in_days,
            ..
        } => {
            let mut actions = Vec::new();
            for code in &scopes {
                match kernel::tokens::Action::parse(code) {
                    Some(action) => actions.push(action),
                    None if !kernel::tokens::Action::from_legacy(code).is_empty() => {
                        actions.extend(kernel::tokens::Action::from_legacy(code))
                    }
                    None => {
                        let known: Vec<&str> = kernel::tokens::Action::ALL
                            .iter()
                            .map(|a| a.code())
                            .collect();
                        eprintln!(
                            "madoguchi: 権限 {code:?} はありません / no scope {code:?}: use {}",
                            known.join(", ")
                        );
                        return Ok(ExitCode::from(2));
                    }
                }
            }
            actions.sort();
            actions.dedup();
            let org = catalog::store::organisation(&db).await?;
            let (sections, bureaus) =
                match applications::api_tokens::resolve_reach(&org, &sections, &bureaus) {
                    Ok(reach) => reach,
                    Err(problem) => {
                        eprintln!("madoguchi: {problem}");
                        return Ok(ExitCode::from(2));
                    }
                };
            if !all_sections
                && sections.is_empty()
                && bureaus.is_empty()
                && actions.iter().any(|a| a.concerns_applications())
            {
                eprintln!(
                    "madoguchi: 注意: 課・局の指定がないため、このトークンはどの申請も扱えません                      / note: with no --section, --bureau or --all-sections this token covers no applications"
                );
            }
            let issued = kernel::tokens::issue(
                &db,
                &kernel::tokens::NewToken {
                    name,
                    actions,
                    sections,
                    bureaus,
                    all_sections,
                    expires_at: expires_in_days.map(|days| {
                        time::OffsetDateTime::now_utc() + time::Duration::days(i64::from(days))
                    }),
                    created_by: "cli".to_string(),
                },
            )
            .await?;
            eprintln!("id: {}", issued.id);
            println!("{}", issued.secret);
        }
        TokenWhat::List { json, .. } => {
            let tokens = kernel::tokens::list(&db).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tokens)?);
            } else {
                for token in tokens {
                    let reach = if token.all_sections {
                        "*".to_string()
                    } else {
                        token
                            .sections
                            .iter()
                            .cloned()
                            .chain(token.bureaus.iter().map(|b| format!("bureau:{b}")))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    let status = if token.revoked_at.is_some() {
                        "revoked"
                    } else if token.is_live() {
                        "live"
                    } else {
                        "expired"
                    };
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        token.id,
                        token.name,
                        token.scopes.join(","),
                        if reach.is_empty() { "-" } else { &reach },
                        token.created_at,
                        token.expires_at.as_deref().unwrap_or("-"),
                        token.last_used_at.as_deref().unwrap_or("-"),
                        status
                    );
                }
            }
        }
        TokenWhat::Revoke { id, .. } => {
            if !kernel::tokens::revoke(&db, &id).await? {
                eprintln!("madoguchi: 有効なトークン {id} はありません / no live token {id}");
                return Ok(ExitCode::from(2));
            }
            println!("{id}: 失効させました / revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn staff(what: StaffWhat) -> anyhow::Result<ExitCode> {
    use identity::staff_admin;
    match what {
        StaffWhat::Add {
            email,
            name,
            role,
            section,
            common,
        } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let role = identity::Role::parse(&role).with_context(|| {
                format!("役割は clerk, manager, dx_admin のいずれかです / --role must be clerk, manager or dx_admin, not {role:?}")
            })?;
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            let password = staff_admin::new_password();
            match staff_admin::add(
                &db,
                &email,
                &name,
                role,
                section.as_deref(),
                password.clone(),
            )
            .await
            {
                Ok(_) => {
                    println!("{email}: 登録しました / saved");
                    println!("初期パスワード / initial password: {password}");
                }
                Err(error) => {
                    eprintln!("madoguchi: {error:#}");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        StaffWhat::List { common } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            for account in staff_admin::list(&db).await? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    account.email,
                    account.name,
                    account.role,
                    account.section.as_deref().unwrap_or("-"),
                    if account.disabled {
                        "\t(無効 / disabled)"
                    } else {
                        ""
                    }
                );
            }
        }
        StaffWhat::Disable { email, common } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            let db = Db::open(&config.data_dir, config.database_url.as_deref()).await?;
            db.migrate().await?;
            if !staff_admin::disable(&db, &email).await? {
                eprintln!(
                    "madoguchi: {email} という職員はいません / there is no staff account {email}"
                );
                return Ok(ExitCode::from(2));
            }
            println!("{email}: 無効にしました / disabled");
        }
        StaffWhat::Reset2fa { email, common } => {
            let config = resolve(&common, None)?;
            init_logging(config.log_json);
            // The reset is written to the audit log, which needs the keys.
            let platform = open_platform(&config).await?;
            if !identity::two_factor::reset(&platform.db, &email, "cli").await? {
                eprintln!(
                    "madoguchi: {email} という職員はいません / there is no staff account {email}"
                );
                return Ok(ExitCode::from(2));
            }
            println!(
                "{email}: 2段階認証をリセットしました。次のログインで設定し直します / two-step sign-in reset: it is set up again at the next sign-in"
            );
        }
        StaffWhat::TotpCode { email, common } => {
            let config = resolve(&common, None)?;
            let file = config.data_dir.join(demo::DEMO_FILE_NAME);
            let text = std::fs::read_to_string(&file).with_context(|| {
                format!(
                    "{} がありません（デモ専用です） / no {} (for the demo only)",
                    file.display(),
                    file.display()
                )
            })?;
            let demo: demo::DemoFile = serde_json::from_str(&text)?;
            let email = identity::store::normalize_email(&email);
            let Some(secret) = demo
                .staff_logins
                .iter()
                .find(|l| l.email == email)
                .and_then(|l| l.totp_secret.as_deref())
            else {
                eprintln!(
                    "madoguchi: demo.json に {email} の鍵がありません / demo.json holds no key for {email}"
                );
                return Ok(ExitCode::from(2));
            };
            let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp())?;
            let code = identity::two_factor::code_at(secret, now)
                .context("demo.json の鍵が読めません / the key in demo.json does not read")?;
            println!("{code}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
