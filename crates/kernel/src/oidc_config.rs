//! Sign-in through an OpenID Connect provider: the city's IdP for staff
//! (`[staff_oidc]` in the configuration file, `MADOGUCHI_OIDC_*` in the
//! environment) and gBizID for businesses (`[gbizid]`,
//! `MADOGUCHI_GBIZID_*`). The client secret comes only from the environment
//! (`MADOGUCHI_OIDC_CLIENT_SECRET`, `MADOGUCHI_GBIZID_CLIENT_SECRET`), never
//! from the file. See docs/security-staff-sign-in-oidc.md.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One provider as the configuration file gives it. Every key is optional
/// in the file; the issuer and the client id are needed in the end (from
/// the file or the environment).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcFile {
    /// The provider's issuer, e.g. `https://idp.city.example.jp/realms/staff`;
    /// its `/.well-known/openid-configuration` is read for the rest.
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    /// Scopes asked for besides `openid`.
    pub scopes: Option<Vec<String>>,
    /// The claim holding the e-mail address (default `email`).
    pub email_claim: Option<String>,
    /// The claim holding the person's name (default `name`).
    pub name_claim: Option<String>,
    /// The claim holding the role (a string or a list of strings); without
    /// it, roles and sections are those of the madoguchi account.
    pub role_claim: Option<String>,
    /// The IdP's role values and the madoguchi roles they give (`clerk`,
    /// `manager`, `dx_admin`); values not listed give none.
    pub roles: Option<BTreeMap<String, String>>,
    /// The claim holding the department code.
    pub section_claim: Option<String>,
    /// The IdP's department codes and the madoguchi section ids they mean.
    pub sections: Option<BTreeMap<String, String>>,
    /// Make a staff account on the first sign-in of someone the mapping
    /// gives a role (default false: an administrator makes accounts).
    pub create_accounts: Option<bool>,
    /// gBizID: the claim holding the corporate number (default `corporate_number`).
    pub corporate_number_claim: Option<String>,
}

/// A provider after the file and the environment have been merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
    pub email_claim: String,
    pub name_claim: String,
    pub role_claim: Option<String>,
    pub roles: BTreeMap<String, String>,
    pub section_claim: Option<String>,
    pub sections: BTreeMap<String, String>,
    pub create_accounts: bool,
    pub corporate_number_claim: String,
}

/// Which provider: its environment prefix and its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidcProfile {
    /// The city's IdP, for staff.
    Staff,
    /// gBizID, for businesses (resident-kind accounts).
    GBizId,
}

impl OidcProfile {
    pub fn env_prefix(self) -> &'static str {
        match self {
            OidcProfile::Staff => "MADOGUCHI_OIDC_",
            OidcProfile::GBizId => "MADOGUCHI_GBIZID_",
        }
    }

    fn default_scopes(self) -> Vec<String> {
        let scopes: &[&str] = match self {
            OidcProfile::Staff => &["email", "profile"],
            OidcProfile::GBizId => &["profile", "email"],
        };
        scopes.iter().map(|s| s.to_string()).collect()
    }
}

/// `key=value,key=value` (spaces around either trimmed).
fn parse_table(text: &str, what: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let mut table = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("{what}: {pair:?} is not IDP_VALUE=MADOGUCHI_VALUE"))?;
        table.insert(key.trim().to_string(), value.trim().to_string());
    }
    Ok(table)
}

fn parse_bool(text: &str, what: &str) -> anyhow::Result<bool> {
    match text.trim() {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" | "" => Ok(false),
        other => anyhow::bail!("{what} must be true or false, not {other:?}"),
    }
}

const ROLE_CODES: [&str; 3] = ["clerk", "manager", "dx_admin"];

impl OidcConfig {
    /// Merges the file's section with the environment (`PREFIX_ISSUER`,
    /// `PREFIX_CLIENT_ID`, `PREFIX_CLIENT_SECRET`, `PREFIX_SCOPES` (spaces or
    /// commas), `PREFIX_EMAIL_CLAIM`, `PREFIX_NAME_CLAIM`,
    /// `PREFIX_ROLE_CLAIM`, `PREFIX_ROLES` (`idp=clerk,…`),
    /// `PREFIX_SECTION_CLAIM`, `PREFIX_SECTIONS` (`code=section-id,…`),
    /// `PREFIX_CREATE_ACCOUNTS`, `PREFIX_CORPORATE_NUMBER_CLAIM`); the
    /// environment wins. None when no issuer is set: sign-in through this
    /// provider is off.
    pub fn resolve(
        profile: OidcProfile,
        file: Option<OidcFile>,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Option<OidcConfig>> {
        let prefix = profile.env_prefix();
        let var = |name: &str| env(&format!("{prefix}{name}")).filter(|v| !v.trim().is_empty());
        let file = file.unwrap_or_default();
        let Some(issuer) = var("ISSUER").or(file.issuer) else {
            return Ok(None);
        };
        let issuer = issuer.trim().trim_end_matches('/').to_string();
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            anyhow::bail!("{prefix}ISSUER must be an http(s) URL, not {issuer:?}");
        }
        let client_id = var("CLIENT_ID")
            .or(file.client_id)
            .ok_or_else(|| anyhow::anyhow!("{prefix}ISSUER is set but the client id is not"))?;
        let scopes = match var("SCOPES") {
            Some(list) => list
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            None => file.scopes.unwrap_or_else(|| profile.default_scopes()),
        };
        let roles = match var("ROLES") {
            Some(text) => parse_table(&text, &format!("{prefix}ROLES"))?,
            None => file.roles.unwrap_or_default(),
        };
        if let Some((idp, role)) = roles
            .iter()
            .find(|(_, r)| !ROLE_CODES.contains(&r.as_str()))
        {
            anyhow::bail!(
                "the role mapping gives {idp:?} the role {role:?}; roles are clerk, manager and dx_admin"
            );
        }
        let sections = match var("SECTIONS") {
            Some(text) => parse_table(&text, &format!("{prefix}SECTIONS"))?,
            None => file.sections.unwrap_or_default(),
        };
        let create_accounts = match var("CREATE_ACCOUNTS") {
            Some(text) => parse_bool(&text, &format!("{prefix}CREATE_ACCOUNTS"))?,
            None => file.create_accounts.unwrap_or(false),
        };
        Ok(Some(OidcConfig {
            issuer,
            client_id,
            client_secret: var("CLIENT_SECRET"),
            scopes: scopes.into_iter().filter(|s| s != "openid").collect(),
            email_claim: var("EMAIL_CLAIM")
                .or(file.email_claim)
                .unwrap_or_else(|| "email".into()),
            name_claim: var("NAME_CLAIM")
                .or(file.name_claim)
                .unwrap_or_else(|| "name".into()),
            role_claim: var("ROLE_CLAIM").or(file.role_claim),
            roles,
            section_claim: var("SECTION_CLAIM").or(file.section_claim),
            sections,
            create_accounts,
            corporate_number_claim: var("CORPORATE_NUMBER_CLAIM")
                .or(file.corporate_number_claim)
                .unwrap_or_else(|| "corporate_number".into()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn off_without_an_issuer() -> anyhow::Result<()> {
        assert_eq!(
            OidcConfig::resolve(OidcProfile::Staff, None, env_of(&[]))?,
            None
        );
        Ok(())
    }

    #[test]
    fn the_environment_wins_and_the_secret_comes_only_from_it() -> anyhow::Result<()> {
        let file: OidcFile = toml::from_str(
            "issuer = \"https://idp.example.jp/\"\nclient_id = \"from-file\"\n\
             role_claim = \"role\"\nroles = { ippan = \"clerk\", kacho = \"manager\" }\n\
             sections = { \"KD-110\" = \"kodomo-kosodate\" }\n",
        )?;
        let config = OidcConfig::resolve(
            OidcProfile::Staff,
            Some(file),
            env_of(&[
                ("MADOGUCHI_OIDC_CLIENT_ID", "from-env"),
                ("MADOGUCHI_OIDC_CLIENT_SECRET", "s3cret"),
                ("MADOGUCHI_OIDC_SCOPES", "openid email,profile city"),
            ]),
        )?
        .ok_or_else(|| anyhow::anyhow!("configured"))?;
        assert_eq!(config.issuer, "https://idp.example.jp");
        assert_eq!(config.client_id, "from-env");
        assert_eq!(config.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(config.scopes, ["email", "profile", "city"]);
        assert_eq!(
            config.roles.get("kacho").map(String::as_str),
            Some("manager")
        );
        assert_eq!(
            config.sections.get("KD-110").map(String::as_str),
            Some("kodomo-kosodate")
        );
        assert!(!config.create_accounts);
        Ok(())
    }

    #[test]
    fn a_mapping_to_an_unknown_role_is_refused() {
        let error = OidcConfig::resolve(
            OidcProfile::Staff,
            None,
            env_of(&[
                ("MADOGUCHI_OIDC_ISSUER", "https://idp.example.jp"),
                ("MADOGUCHI_OIDC_CLIENT_ID", "x"),
                ("MADOGUCHI_OIDC_ROLES", "boss=admin"),
            ]),
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.contains("admin"), "{error}");
    }
}
