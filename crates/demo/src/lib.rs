//! The demo city: Nagoya's bureaus, its 16 wards and 6 branches, and a
//! registry of 3,521 procedures whose per-category counts and case totals,
//! year by year, are those of the city's online-ization plan (the plan §9),
//! spread over the bureaus so that each comes close to the plan's table by
//! bureau (§10). The national priority procedures (子育て, 介護, 被災者支援,
//! moving) carry their real names; the others carry the names of procedures
//! cities receive from the Digital Agency's inventory, and a few of the
//! city's own offices' written by hand. Every run builds the same city.

mod accounts;
mod data;
pub mod forms;
mod news;
pub mod plan;

use std::path::{Path, PathBuf};

use anyhow::Context;
use catalog::model::Procedure;
use catalog::store::{self, Organisation};
use kernel::Db;
use kernel::tokens::{Action, NewToken};
use serde::{Deserialize, Serialize};

pub use accounts::staff_roster;
pub use data::{AICHI_SERVICE, AICHI_URL, OFFICE_HOURS, organisation, registry};

pub const DEMO_FILE_NAME: &str = "demo.json";

/// A demo account and its password, as `demo.json` lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub name: String,
    /// `clerk`, `manager` or `dx_admin` for staff; `resident` for residents.
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub login_url: String,
    /// Staff: the key of the sign-in's second step (base32), to add to an
    /// authenticator app or compute a code with (`oathtool --totp -b KEY`,
    /// `madoguchi staff totp-code EMAIL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
    /// Staff: the same key as an `otpauth://` URI (what the QR code holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otpauth_uri: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SampleApplication {
    pub procedure_id: String,
    pub url: String,
    pub body: serde_json::Value,
}

/// A token scoped to one section, for trying the scopes out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionToken {
    pub section_id: String,
    pub section_name: String,
    pub scopes: Vec<String>,
    pub token: String,
}

/// What the demo's city-wide token may do.
const DEMO_ACTIONS: [Action; 5] = [
    Action::ApplicationsRead,
    Action::ApplicationsWrite,
    Action::TransitionsWrite,
    Action::DecisionsWrite,
    Action::WebhooksManage,
];

/// The section of the demo's second token.
const DEMO_SECTION_NAME: &str = "子育て支援課";

/// `previous` when it is a live token that still holds `actions`.
async fn reusable(db: &Db, previous: Option<&str>, actions: &[Action]) -> anyhow::Result<bool> {
    let Some(previous) = previous else {
        return Ok(false);
    };
    Ok(match kernel::tokens::verify(db, previous).await? {
        Some(info) => !info.is_expired() && actions.iter().all(|a| info.has(*a)),
        None => false,
    })
}

/// What `demo.json` tells a tester.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoFile {
    pub url: String,
    pub staff_logins: Vec<DemoLogin>,
    pub resident_logins: Vec<DemoLogin>,
    /// City-wide: reads, submits, moves and decides every section's cases.
    pub api_token: String,
    /// A token that covers one section's applications only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_api_token: Option<SectionToken>,
    /// A body that `POST /api/v1/procedures/{procedure_id}/applications` accepts as is.
    pub sample_application: SampleApplication,
    pub sample_procedure_ids: Vec<String>,
    pub pages: Vec<String>,
    pub api: Vec<String>,
    /// A signed notice the demo issued (a path in the data directory), and
    /// the demo CA's certificate (PEM) that verifiers take as trust root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_pdf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_ca: Option<String>,
}

pub struct DemoInfo {
    pub file: PathBuf,
    pub procedure_count: i64,
    pub demo: DemoFile,
}

const SAMPLE_IDS: [&str; 4] = [
    "jidou-teate-nintei",
    "youkaigo-nintei",
    "risai-shoumei",
    "juminhyo-utsushi",
];

/// Creates the demo city unless the database already holds procedures, makes
/// sure an API token exists, and writes `demo.json` in `data_dir`.
/// The demo's fee schedules: certificates paid with the application, large
/// waste by item, the dog registration fee requested after the review.
pub fn fee_schedules() -> anyhow::Result<Vec<(String, payments::fees::Schedule)>> {
    let all: std::collections::BTreeMap<String, payments::fees::Schedule> =
        serde_json::from_str(include_str!("../data/fees.json"))?;
    Ok(all.into_iter().collect())
}

/// The demo's 全銀 codes: the major banks and the Nagoya area's, with a
/// few real branches each (data/banks/SOURCE.md).
pub fn bank_codes() -> Result<banks::Loaded, String> {
    const BRANCHES: [(&str, &str); 15] = [
        ("0001", include_str!("../data/banks/branches/0001.json")),
        ("0005", include_str!("../data/banks/branches/0005.json")),
        ("0009", include_str!("../data/banks/branches/0009.json")),
        ("0010", include_str!("../data/banks/branches/0010.json")),
        ("0152", include_str!("../data/banks/branches/0152.json")),
        ("0153", include_str!("../data/banks/branches/0153.json")),
        ("0542", include_str!("../data/banks/branches/0542.json")),
        ("0543", include_str!("../data/banks/branches/0543.json")),
        ("1550", include_str!("../data/banks/branches/1550.json")),
        ("1552", include_str!("../data/banks/branches/1552.json")),
        ("1553", include_str!("../data/banks/branches/1553.json")),
        ("1554", include_str!("../data/banks/branches/1554.json")),
        ("1565", include_str!("../data/banks/branches/1565.json")),
        ("1566", include_str!("../data/banks/branches/1566.json")),
        ("9900", include_str!("../data/banks/branches/9900.json")),
    ];
    let banks = banks::zengin::banks(include_str!("../data/banks/banks.json"))?;
    let mut branches = Vec::new();
    for (code, text) in BRANCHES {
        branches.extend(banks::zengin::branches(code, text)?);
    }
    Ok(banks::Loaded { banks, branches })
}

pub async fn prepare(db: &Db, data_dir: &Path, addr: &str) -> anyhow::Result<DemoInfo> {
    let mut created = None;
    if store::procedure_count(db).await? == 0 {
        let org = organisation()?;
        let procedures = registry(&org)?;
        store::save_organisation(db, &org).await?;
        store::save_procedures(db, &procedures).await?;
        let names = catalog::translations::parse(include_bytes!("../data/procedure-names.csv"))
            .map_err(|problems| anyhow::anyhow!(problems.join("\n")))?;
        catalog::translations::save(db, &names)
            .await
            .map_err(|problems| anyhow::anyhow!(problems.join("\n")))?;
        tracing::info!(procedures = procedures.len(), "demo city created");
        created = Some(procedures);
    }
    let definitions = match &created {
        Some(procedures) => forms::definitions_for(procedures),
        None => forms::definitions(),
    };
    for definition in definitions.map_err(anyhow::Error::msg)? {
        if applications::form_store::current(db, &definition.procedure_id)
            .await?
            .is_none()
        {
            applications::form_store::save(db, &definition, "demo").await?;
        }
    }
    for (procedure_id, schedule) in fee_schedules()? {
        if payments::schedules::of(db, &procedure_id).await?.is_none() {
            let form = applications::form_store::current(db, &procedure_id).await?;
            payments::schedules::save(db, &procedure_id, &schedule, form.as_ref(), None, "demo")
                .await
                .map_err(|e| anyhow::anyhow!("the demo fee schedule of {procedure_id}: {e}"))?;
        }
    }
    for (procedure_id, config) in forms::WORKFLOWS {
        if !applications::workflow_store::is_set(db, procedure_id).await? {
            let config: workflow::WorkflowConfig = serde_json::from_str(config)?;
            applications::workflow_store::save(db, procedure_id, &config, "demo").await?;
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let file = data_dir.join(DEMO_FILE_NAME);
    let previous: Option<DemoFile> = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let previous_token = previous.as_ref().map(|p| p.api_token.as_str());
    let api_token = match previous_token {
        Some(token) if reusable(db, Some(token), &DEMO_ACTIONS).await? => token.to_string(),
        _ => {
            kernel::tokens::issue(
                db,
                &NewToken {
                    name: "demo".into(),
                    actions: DEMO_ACTIONS.to_vec(),
                    all_sections: true,
                    created_by: "demo".into(),
                    ..Default::default()
                },
            )
            .await?
            .secret
        }
    };
    let section_api_token = section_token(db, previous.as_ref()).await?;
    let (staff_logins, resident_logins) = accounts::ensure(db, addr, previous.as_ref()).await?;
    // A resident whose profile fills the forms (docs/forms.md, prefill).
    identity::store::fill_resident_details(
        db,
        "taro@example.jp",
        "1988-05-12",
        "4608508",
        "名古屋市中区三の丸三丁目1番1号",
        "052-961-1111",
    )
    .await?;
    if banks::store::count(db).await? == 0 {
        banks::store::import(db, &bank_codes().map_err(anyhow::Error::msg)?).await?;
    }
    // The smart counter: every office's usual lines, a fortnight of history
    // and today's hall.
    let org = store::organisation(db).await?;
    let sections: Vec<String> = org.sections.iter().map(|s| s.id.clone()).collect();
    counter::setup::install_standard_lines(db, &org.offices, &sections).await?;
    counter::setup::seed_demo(db, time::OffsetDateTime::now_utc()).await?;
    let mut dx_admins = staff_logins
        .iter()
        .filter(|l| l.role == "dx_admin")
        .map(|l| l.email.as_str());
    if let (Some(author), Some(approver)) = (dx_admins.next(), dx_admins.next()) {
        news::seed(db, author, approver).await?;
    }
    let sample_procedure_ids: Vec<String> = SAMPLE_IDS.iter().map(|s| s.to_string()).collect();
    let sample_application = SampleApplication {
        procedure_id: forms::SAMPLE_PROCEDURE.to_string(),
        url: format!(
            "http://{addr}/api/v1/procedures/{}/applications",
            forms::SAMPLE_PROCEDURE
        ),
        body: forms::sample_answers(),
    };
    let demo = DemoFile {
        sample_application,
        url: format!("http://{addr}/"),
        staff_logins,
        resident_logins,
        api_token,
        section_api_token,
        pages: vec![
            format!("http://{addr}/procedures?q=じどうてあて"),
            format!("http://{addr}/procedures/{}", SAMPLE_IDS[0]),
        ],
        api: vec![
            format!("http://{addr}/api/v1/procedures?q=介護"),
            format!("http://{addr}/api/v1/procedures/{}", SAMPLE_IDS[0]),
            format!("http://{addr}/healthz"),
            format!("http://{addr}/metrics"),
        ],
        sample_procedure_ids,
        notice_pdf: None,
        notice_ca: None,
    };
    std::fs::write(&file, serde_json::to_string_pretty(&demo)?)
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(DemoInfo {
        file,
        procedure_count: store::procedure_count(db).await?,
        demo,
    })
}

/// The demo's token for 子育て支援課 only (kept across restarts).
async fn section_token(
    db: &Db,
    previous: Option<&DemoFile>,
) -> anyhow::Result<Option<SectionToken>> {
    let org = store::organisation(db).await?;
    let Some(section) = org.sections.iter().find(|s| s.name == DEMO_SECTION_NAME) else {
        return Ok(None);
    };
    let actions = [Action::ApplicationsRead, Action::ApplicationsWrite];
    let kept = previous.and_then(|p| p.section_api_token.as_ref());
    let token = match kept {
        Some(kept)
            if kept.section_id == section.id
                && reusable(db, Some(&kept.token), &actions).await? =>
        {
            kept.token.clone()
        }
        _ => {
            kernel::tokens::issue(
                db,
                &NewToken {
                    name: format!("demo ({DEMO_SECTION_NAME})"),
                    actions: actions.to_vec(),
                    sections: vec![section.id.clone()],
                    created_by: "demo".into(),
                    ..Default::default()
                },
            )
            .await?
            .secret
        }
    };
    Ok(Some(SectionToken {
        section_id: section.id.clone(),
        section_name: section.name.clone(),
        scopes: actions.iter().map(|a| a.code().to_string()).collect(),
        token,
    }))
}

/// The demo registry as it would be stored (used by tests and benchmarks).
pub fn city() -> anyhow::Result<(Organisation, Vec<Procedure>)> {
    let org = organisation()?;
    let procedures = registry(&org)?;
    Ok((org, procedures))
}

/// The demo's translated procedure names, as the demo city stores them.
pub fn names() -> anyhow::Result<catalog::translations::Names> {
    let rows = catalog::translations::parse(include_bytes!("../data/procedure-names.csv"))
        .map_err(|problems| anyhow::anyhow!(problems.join("\n")))?;
    let mut names = catalog::translations::Names::new();
    for row in rows {
        names
            .entry(row.procedure_id)
            .or_default()
            .insert(row.lang.code().to_string(), row.name);
    }
    Ok(names)
}
