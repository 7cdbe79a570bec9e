//! The providers a platform starts with: those configured, and in the demo
//! (or a test) a sandbox started in the same process on a loopback port.

use std::sync::Arc;
use std::time::Duration;

use crate::hosted::HostedProvider;
use crate::ledger::Providers;
use crate::provider::{Method, Provider};
use crate::sandbox::{Sandbox, SandboxConfig};

/// One provider to talk to, its secrets read.
#[derive(Debug, Clone)]
pub struct ProviderSetting {
    pub id: String,
    pub url: String,
    pub api_key: String,
    pub signing_secret: String,
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone)]
pub struct PaymentsSettings {
    pub providers: Vec<ProviderSetting>,
    pub reconcile_every: Duration,
    /// Start a sandbox provider in this process (the demo, tests).
    pub embedded_sandbox: bool,
}

impl Default for PaymentsSettings {
    fn default() -> Self {
        PaymentsSettings {
            providers: Vec::new(),
            reconcile_every: Duration::from_secs(30),
            embedded_sandbox: false,
        }
    }
}

impl PaymentsSettings {
    pub fn from_config(config: &kernel::config::PaymentsConfig) -> anyhow::Result<Self> {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path)
                .map(|s| s.trim().to_string())
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
        };
        let mut providers = Vec::new();
        for p in &config.providers {
            anyhow::ensure!(
                p.id != crate::COUNTER
                    && !p.id.is_empty()
                    && p.id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "payments provider id {:?}: letters, digits, - and _ only, and not \"counter\" (the counter terminals' records)",
                p.id
            );
            let methods = p
                .methods
                .iter()
                .map(|m| {
                    Method::parse(m)
                        .filter(|m| Method::ONLINE.contains(m))
                        .ok_or_else(|| {
                            anyhow::anyhow!(
                                "payments provider {}: unknown method {m:?} (card, qr, payeasy)",
                                p.id
                            )
                        })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            providers.push(ProviderSetting {
                id: p.id.clone(),
                url: p.url.clone(),
                api_key: read(&p.api_key_file)?,
                signing_secret: read(&p.signing_secret_file)?,
                methods,
            });
        }
        Ok(PaymentsSettings {
            providers,
            reconcile_every: Duration::from_secs(
                config.reconcile_every_seconds.unwrap_or(30).max(1),
            ),
            embedded_sandbox: false,
        })
    }
}

/// The id of the sandbox provider.
pub const SANDBOX: &str = "sandbox";

/// The providers, and the sandbox when one was started here.
pub async fn providers(
    settings: &PaymentsSettings,
) -> anyhow::Result<(Providers, Option<(Sandbox, String)>)> {
    let mut list: Vec<Arc<dyn Provider>> = Vec::new();
    for p in &settings.providers {
        list.push(Arc::new(HostedProvider::new(
            &p.id,
            &p.url,
            p.api_key.clone(),
            p.signing_secret.clone(),
            p.methods.clone(),
        )?));
    }
    let mut embedded = None;
    if settings.embedded_sandbox && !list.iter().any(|p| p.id() == SANDBOX) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let api_key = hex::encode(rand::random::<[u8; 16]>());
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let sandbox = Sandbox::new(SandboxConfig::new(&api_key, &secret, &url));
        let serving = sandbox.clone();
        tokio::spawn(async move {
            if let Err(error) = crate::sandbox::serve(listener, serving).await {
                tracing::error!(error = %error, "the payment sandbox stopped");
            }
        });
        tracing::info!(url = %url, "payment sandbox (test payments only) started");
        list.push(Arc::new(HostedProvider::new(
            SANDBOX,
            &url,
            api_key,
            secret,
            Method::ONLINE.to_vec(),
        )?));
        embedded = Some((sandbox, url));
    }
    Ok((Providers::new(list), embedded))
}
