//! Where the server listens, where it keeps its data and which database it
//! uses. Values come from, in order of precedence: command-line flags,
//! environment variables (`MADOGUCHI_ADDR`, `MADOGUCHI_DATA_DIR`,
//! `DATABASE_URL`, `MADOGUCHI_TRUSTED_PROXIES`, `MADOGUCHI_KEYS_DIR`, …), a TOML file (`--config FILE`, or `madoguchi.toml` in the
//! data directory), then defaults.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./data";
pub const CONFIG_FILE_NAME: &str = "madoguchi.toml";

/// The TOML configuration file. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    /// `text` (default) or `json` (one JSON object per line, for a SIEM).
    pub log_format: Option<String>,
    /// The address residents reach the platform at, e.g. `https://madoguchi.city.example.jp`;
    /// with https, cookies are marked Secure.
    pub public_url: Option<String>,
    /// Where mail is sent, e.g. `smtps://user:password@mail.example.jp`;
    /// without it, mail is written to `DATA_DIR/mail/`.
    pub smtp_url: Option<String>,
    /// The sender of the platform's mail.
    pub mail_from: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` gives the client's address
    /// (addresses or networks, e.g. `["10.0.0.5", "10.1.0.0/16"]`); without
    /// them the TCP peer is the client.
    pub trusted_proxies: Option<Vec<String>>,
    /// Connections served at once (default 4,096); each resident watching a
    /// congestion page holds one.
    pub max_connections: Option<usize>,
    /// The folder of keys kept outside the database (default `DATA_DIR/keys`);
    /// every app node needs the same keys.
    pub keys_dir: Option<PathBuf>,
    /// Staff sign-in through the city's IdP (OpenID Connect).
    pub staff_oidc: Option<crate::oidc_config::OidcFile>,
    /// Signed notices: the font, the signing certificate and key (files or
    /// a PKCS#11 token), the timestamp authority (docs/notices.md).
    pub notices: Option<NoticesConfig>,
    /// Fees and payment providers (docs/payments.md).
    pub payments: Option<PaymentsConfig>,
    /// The smart counter (docs/counter.md).
    pub counter: Option<CounterConfig>,
    /// Business sign-in through gBizID (OpenID Connect).
    pub gbizid: Option<crate::oidc_config::OidcFile>,
    /// 保存期間 in years for procedures that set none (default 5).
    pub retention_years: Option<u32>,
    /// Announcement mails handed to the relay a second at most (default 20).
    pub announcement_mails_per_second: Option<u32>,
    /// Events are also published to NATS JetStream here, e.g.
    /// `nats://127.0.0.1:4222` (stream `MADOGUCHI`).
    pub nats_url: Option<String>,
    /// The wait before a failed webhook delivery is tried again, in
    /// milliseconds (default 10,000), doubled at each failure up to
    /// `webhook_retry_max_ms` (default 3,600,000).
    pub webhook_retry_first_ms: Option<u64>,
    pub webhook_retry_max_ms: Option<u64>,
    /// Requests per second one API token may make on average (default 20).
    pub api_rate_per_second: Option<f64>,
    /// Requests one API token may make at once (default 100).
    pub api_rate_burst: Option<f64>,
    /// Who publishes a form after review: `dx_office` (default) or
    /// `dx_office_or_section_manager`.
    pub form_reviewers: Option<String>,
}

impl FileConfig {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("the configuration file {} is not valid", path.display()))
    }
}

/// Settings after every source has been merged.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: String,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub log_json: bool,
    pub public_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub trusted_proxies: crate::client::TrustedProxies,
    pub max_connections: Option<usize>,
    pub keys_dir: PathBuf,
    pub staff_oidc: Option<crate::oidc_config::OidcConfig>,
    pub gbizid: Option<crate::oidc_config::OidcConfig>,
    /// 保存期間 in years for procedures that set none.
    pub retention_years: u32,
    /// Announcement mails handed to the relay a second at most.
    pub announcement_mails_per_second: u32,
    pub nats_url: Option<String>,
    pub webhook_retry_first_ms: Option<u64>,
    pub webhook_retry_max_ms: Option<u64>,
    /// Requests per API token.
    pub api_rate: crate::tokens::RateLimit,
    /// `dx_office` or `dx_office_or_section_manager`.
    pub form_reviewers: String,
    pub notices: NoticesConfig,
    pub payments: PaymentsConfig,
    pub counter: CounterConfig,
}

/// The city's default 保存期間 when the configuration names none.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;
/// What most mail relays take from one sender without throttling it.
pub const DEFAULT_ANNOUNCEMENT_MAILS_PER_SECOND: u32 = 20;

pub const DEFAULT_MAIL_FROM: &str = "名古屋市 madoguchi <no-reply@madoguchi.invalid>";

impl Config {
    /// The address residents reach the platform at, for links in mail.
    pub fn public_address(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// Cookies are marked Secure when the platform is served over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// The `[notices]` part of madoguchi.toml (docs/notices.md).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticesConfig {
    /// The Japanese font (default: the first of Debian's IPAex/IPA/Noto
    /// fonts installed).
    pub font: Option<PathBuf>,
    /// B-B, B-T or B-LT (default: B-LT when a TSA is set, else B-B).
    pub level: Option<String>,
    /// The signer's certificate (PEM).
    pub certificate: Option<PathBuf>,
    /// Its private key (PKCS#8 PEM), when not on a token.
    pub key: Option<PathBuf>,
    /// The certificates up to the root (PEM, several in one file).
    pub chain: Option<PathBuf>,
    /// Or the certificate, key and chain in one PKCS#12 file (.p12/.pfx),
    /// its password in a file of its own (readable by the service only).
    pub pkcs12: Option<PathBuf>,
    pub pkcs12_password_file: Option<PathBuf>,
    /// The key on an IC card or HSM through PKCS#11.
    pub pkcs11_module: Option<PathBuf>,
    pub pkcs11_token: Option<String>,
    pub pkcs11_key_label: Option<String>,
    /// The name of the environment variable holding the token's PIN.
    pub pkcs11_pin_env: Option<String>,
    /// RFC 3161 timestamp authority.
    pub tsa_url: Option<String>,
    /// The TSA's certificate chain (PEM), embedded for B-LT.
    pub tsa_chain: Option<PathBuf>,
    /// CRLs (DER or PEM) embedded for B-LT and used by the verification page.
    #[serde(default)]
    pub crls: Vec<PathBuf>,
    /// Roots the verification page trusts (PEM); default: the chain's last.
    #[serde(default)]
    pub trust: Vec<PathBuf>,
}

/// The `[counter]` part of madoguchi.toml (docs/counter.md).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterConfig {
    /// The congestion lamp turns yellow past this many minutes of
    /// estimated wait (default 15, Nagoya's).
    pub lamp_yellow_after_minutes: Option<u32>,
    /// And red past this many (default 30).
    pub lamp_red_after_minutes: Option<u32>,
    /// The hall kiosks' addresses or networks (`["10.20.0.0/24"]`): they
    /// give as many tickets as residents take; any other client a few an
    /// hour. Also `MADOGUCHI_KIOSK_ADDRESSES` (comma-separated).
    pub kiosk_addresses: Option<Vec<String>>,
    /// Online consultations' video meetings from a template holding
    /// `{room}` (a self-hosted Jitsi: `https://meet.city.example/{room}`);
    /// also `MADOGUCHI_MEETING_URL_TEMPLATE`.
    pub meeting_url_template: Option<String>,
    /// Or the contracted meeting service's API, asked once per booking
    /// (docs/counter.md); its token in `MADOGUCHI_MEETING_API_TOKEN`.
    pub meeting_api_url: Option<String>,
    /// Where the live congestion pages' event streams are also served, on
    /// a listener of their own that keeps a watcher in a few KB instead of
    /// a web connection's 30 (docs/scaling.md); also `MADOGUCHI_EVENTS_ADDR`.
    pub events_addr: Option<String>,
}

/// The `[payments]` part of madoguchi.toml (docs/payments.md).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentsConfig {
    /// How often the platform asks providers about open payments
    /// (default 30 seconds).
    pub reconcile_every_seconds: Option<u64>,
    /// Who takes the money: one entry per payment company.
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
}

/// One payment provider speaking the hosted-page protocol.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Its id in records and in the callback address (`sandbox`).
    pub id: String,
    /// The provider's API, e.g. `https://pay.example.jp`.
    pub url: String,
    /// Files holding the merchant API key and the callback signing secret.
    pub api_key_file: PathBuf,
    pub signing_secret_file: PathBuf,
    /// `card`, `qr`, `payeasy`.
    pub methods: Vec<String>,
}

/// What the command line (with its environment fallbacks) gave.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub addr: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub config_file: Option<PathBuf>,
}

impl Config {
    pub fn resolve(overrides: Overrides) -> anyhow::Result<Self> {
        let data_dir_hint = overrides
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let file = match &overrides.config_file {
            Some(path) => FileConfig::load(path)?,
            None => {
                let implicit = data_dir_hint.join(CONFIG_FILE_NAME);
                if implicit.exists() {
                    FileConfig::load(&implicit)?
                } else {
                    FileConfig::default()
                }
            }
        };
        let log_json = match file.log_format.as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => anyhow::bail!("log_format must be \"text\" or \"json\", not {other:?}"),
        };
        let trusted_proxies = match std::env::var("MADOGUCHI_TRUSTED_PROXIES") {
            Ok(list) => list
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect(),
            Err(_) => file.trusted_proxies.clone().unwrap_or_default(),
        };
        let trusted_proxies = crate::client::TrustedProxies::parse(&trusted_proxies)?;
        let max_connections = match std::env::var("MADOGUCHI_MAX_CONNECTIONS") {
            Ok(text) => Some(
                text.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "MADOGUCHI_MAX_CONNECTIONS must be a number above zero, not {text:?}"
                        )
                    })?,
            ),
            Err(_) => file.max_connections,
        };
        let database_url = overrides
            .database_url
            .or(file.database_url)
            .filter(|url| !url.trim().is_empty());
        let data_dir = overrides
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let retention_years = match std::env::var("MADOGUCHI_RETENTION_YEARS") {
            Ok(text) => Some(text.trim().parse::<u32>().with_context(|| {
                format!("MADOGUCHI_RETENTION_YEARS must be a number of years, not {text:?}")
            })?),
            Err(_) => file.retention_years,
        }
        .unwrap_or(DEFAULT_RETENTION_YEARS);
        // A default of 0 would dispose of every case the day after the
        // fiscal year it ended in; keeping records for good is set per procedure.
        anyhow::ensure!(
            (1..=100).contains(&retention_years),
            "retention_years must be between 1 and 100, not {retention_years}"
        );
        let announcement_mails_per_second =
            match std::env::var("MADOGUCHI_ANNOUNCEMENT_MAILS_PER_SECOND") {
                Ok(text) => Some(text.trim().parse::<u32>().with_context(|| {
                    format!(
                        "MADOGUCHI_ANNOUNCEMENT_MAILS_PER_SECOND must be a number, not {text:?}"
                    )
                })?),
                Err(_) => file.announcement_mails_per_second,
            }
            .unwrap_or(DEFAULT_ANNOUNCEMENT_MAILS_PER_SECOND);
        anyhow::ensure!(
            (1..=10_000).contains(&announcement_mails_per_second),
            "announcement_mails_per_second must be between 1 and 10000, not {announcement_mails_per_second}"
        );
        let defaults = crate::tokens::RateLimit::default();
        let api_rate = crate::tokens::RateLimit {
            per_second: file.api_rate_per_second.unwrap_or(defaults.per_second),
            burst: file.api_rate_burst.unwrap_or(defaults.burst),
        };
        anyhow::ensure!(
            api_rate.per_second > 0.0 && api_rate.per_second.is_finite() && api_rate.burst >= 1.0,
            "api_rate_per_second must be above 0 and api_rate_burst at least 1"
        );
        let form_reviewers = file
            .form_reviewers
            .clone()
            .unwrap_or_else(|| "dx_office".to_string());
        anyhow::ensure!(
            ["dx_office", "dx_office_or_section_manager"].contains(&form_reviewers.as_str()),
            "form_reviewers must be \"dx_office\" or \"dx_office_or_section_manager\", not {form_reviewers:?}"
        );
        let keys_dir = std::env::var_os("MADOGUCHI_KEYS_DIR")
            .map(PathBuf::from)
            .or(file.keys_dir)
            .unwrap_or_else(|| data_dir.join("keys"));
        Ok(Config {
            addr: overrides
                .addr
                .or(file.addr)
                .unwrap_or_else(|| DEFAULT_ADDR.to_string()),
            data_dir,
            keys_dir,
            database_url,
            log_json,
            public_url: std::env::var("MADOGUCHI_PUBLIC_URL")
                .ok()
                .or(file.public_url),
            smtp_url: std::env::var("MADOGUCHI_SMTP_URL")
                .ok()
                .or(file.smtp_url)
                .filter(|url| !url.trim().is_empty()),
            mail_from: std::env::var("MADOGUCHI_MAIL_FROM")
                .ok()
                .or(file.mail_from)
                .unwrap_or_else(|| DEFAULT_MAIL_FROM.to_string()),
            trusted_proxies,
            max_connections,
            retention_years,
            announcement_mails_per_second,
            form_reviewers,
            nats_url: std::env::var("MADOGUCHI_NATS_URL")
                .ok()
                .or(file.nats_url)
                .filter(|url| !url.trim().is_empty()),
            webhook_retry_first_ms: milliseconds("MADOGUCHI_WEBHOOK_RETRY_FIRST_MS")?
                .or(file.webhook_retry_first_ms),
            webhook_retry_max_ms: milliseconds("MADOGUCHI_WEBHOOK_RETRY_MAX_MS")?
                .or(file.webhook_retry_max_ms),
            api_rate,
            notices: file.notices.clone().unwrap_or_default(),
            payments: file.payments.clone().unwrap_or_default(),
            counter: file.counter.clone().unwrap_or_default(),
            staff_oidc: crate::oidc_config::OidcConfig::resolve(
                crate::oidc_config::OidcProfile::Staff,
                file.staff_oidc,
                |name| std::env::var(name).ok(),
            )?,
            gbizid: crate::oidc_config::OidcConfig::resolve(
                crate::oidc_config::OidcProfile::GBizId,
                file.gbizid,
                |name| std::env::var(name).ok(),
            )?,
        })
    }
}

/// A number of milliseconds from the environment variable `name`, if set.
fn milliseconds(name: &str) -> anyhow::Result<Option<u64>> {
    match std::env::var(name) {
        Ok(text) => Ok(Some(text.trim().parse::<u64>().with_context(|| {
            format!("{name} must be a number of milliseconds, not {text:?}")
        })?)),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("madoguchi-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("c.toml");
        std::fs::write(
            &file,
            "addr = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://x/y\"\n",
        )?;
        let config = Config::resolve(Overrides {
            addr: Some("127.0.0.1:1".into()),
            config_file: Some(file.clone()),
            ..Default::default()
        })?;
        assert_eq!(config.addr, "127.0.0.1:1");
        assert_eq!(config.database_url.as_deref(), Some("postgres://x/y"));
        assert_eq!(config.data_dir, PathBuf::from(DEFAULT_DATA_DIR));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn an_unknown_key_is_refused_with_the_file_name() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("madoguchi-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("c.toml");
        std::fs::write(&file, "adress = \"0.0.0.0:9000\"\n")?;
        let err = Config::resolve(Overrides {
            config_file: Some(file),
            ..Default::default()
        })
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
        assert!(err.contains("c.toml") && err.contains("adress"), "{err}");
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
