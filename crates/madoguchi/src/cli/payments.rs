//! `madoguchi payments sandbox|reconcile|fees`: the sandbox payment
//! provider as its own process, one reconciliation run, and fee schedules
//! from files (docs/payments.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::Common;

#[derive(Subcommand)]
pub(super) enum PaymentsWhat {
    /// Run the sandbox payment provider: a hosted payment page where you
    /// choose success, failure or cancel, and signed callbacks that can come
    /// late, twice, out of order or never. For trying and testing only.
    Sandbox {
        /// Where it listens
        #[arg(long, default_value = "127.0.0.1:7070")]
        listen: String,
        /// The address browsers reach it at (default: http://LISTEN)
        #[arg(long)]
        public_url: Option<String>,
        /// The merchant API key the platform presents (a file)
        #[arg(long)]
        api_key_file: PathBuf,
        /// The secret callbacks are signed with (a file)
        #[arg(long)]
        signing_secret_file: PathBuf,
    },
    /// Ask the providers once about every open payment, perform waiting
    /// refunds and expire unpaid requests past their due date
    Reconcile {
        #[command(flatten)]
        common: Common,
    },
    /// Set a procedure's fee schedule from a JSON file (checked against its
    /// form; the same format as the back office's editor)
    Fees {
        procedure: String,
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

fn secret(path: &std::path::Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let text = text.trim().to_string();
    anyhow::ensure!(
        text.len() >= 16,
        "{} must hold at least 16 characters",
        path.display()
    );
    Ok(text)
}

pub(super) async fn run(what: PaymentsWhat) -> anyhow::Result<ExitCode> {
    match what {
        PaymentsWhat::Sandbox {
            listen,
            public_url,
            api_key_file,
            signing_secret_file,
        } => {
            super::init_logging(false);
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
            let public_url = public_url.unwrap_or_else(|| {
                format!(
                    "http://{}",
                    listener
                        .local_addr()
                        .map(|a| a.to_string())
                        .unwrap_or(listen)
                )
            });
            let sandbox = payments::sandbox::Sandbox::new(payments::sandbox::SandboxConfig::new(
                &secret(&api_key_file)?,
                &secret(&signing_secret_file)?,
                &public_url,
            ));
            eprintln!("payment sandbox (test payments only) at {public_url}");
            payments::sandbox::serve(listener, sandbox).await?;
        }
        PaymentsWhat::Reconcile { common } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            let run = payments::reconcile::run_once(
                &platform.db,
                &platform.payments.providers,
                std::time::Duration::ZERO,
            )
            .await?;
            println!(
                "{}",
                serde_json::json!({
                    "asked": run.asked,
                    "settled": run.settled,
                    "refunded": run.refunded,
                    "expired": run.expired,
                    "failed": run.failed,
                })
            );
            if run.failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        PaymentsWhat::Fees {
            procedure,
            file,
            common,
        } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let schedule: payments::fees::Schedule = serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{}:{}: not a fee schedule: {e}",
                    file.display(),
                    e.line(),
                    e.column()
                )
            })?;
            let form = applications::form_store::current(&platform.db, &procedure).await?;
            anyhow::ensure!(
                catalog::store::procedure(&platform.db, &procedure)
                    .await?
                    .is_some(),
                "no procedure {procedure:?}"
            );
            let revision = payments::schedules::of(&platform.db, &procedure)
                .await?
                .map(|(_, r)| r);
            let saved = payments::schedules::save(
                &platform.db,
                &procedure,
                &schedule,
                form.as_ref(),
                revision,
                "cli",
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}",
                serde_json::json!({"procedure": procedure, "revision": saved})
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
